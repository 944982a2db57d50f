"""Signals missions sends to apps that must not be imported here (reports' rollups)."""

from django.dispatch import Signal

# Sent inside report_validate's transaction, after the score is frozen: receivers that write
# (the dashboard rollups) commit or roll back with the validation itself. Argument: report.
report_validated = Signal()

# Sent inside mission_cancel's transaction. Argument: mission. (The follow-up settles a
# verification whose last open visit is cancelled.)
mission_cancelled = Signal()
