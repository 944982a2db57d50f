"""Keeping the dashboard rollups (models/facts.py) in step with validations."""

from __future__ import annotations

from typing import Any


def on_report_validated(sender: Any, *, report: Any, **kwargs: Any) -> None:
    """Receiver of missions.signals.report_validated (inside the validation's transaction)."""
