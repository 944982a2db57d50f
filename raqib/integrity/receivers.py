"""What the integrity app does when missions tells it something (missions cannot import us)."""

from __future__ import annotations

from typing import Any


def on_report_validated(sender: Any, report: Any, **kwargs: Any) -> None:
    """A validated report with a critical integrity failure opens a case (once)."""
    from .services import case_open_from_report

    case_open_from_report(report=report)
