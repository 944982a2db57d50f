"""Notifications: every app tells people through `notification_send(message=Message(...))`.

See README-dev.md for the contract.
"""
