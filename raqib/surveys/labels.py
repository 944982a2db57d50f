"""Survey codes as people read them: drivers of satisfaction and quarantine reasons."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .abuse import Reason

DRIVER_LABELS = {
    "TIMELINESS": _("Timeliness"),
    "KNOWLEDGE": _("Staff knowledge"),
    "COURTESY": _("Courtesy"),
    "FAIRNESS": _("Fairness"),
    "OUTCOME": _("Outcome"),
    "ACCESS": _("Access"),
    "INFORMATION": _("Information"),
}

REASON_LABELS = {
    Reason.HONEYPOT: _("hidden field filled in (robot)"),
    Reason.TOO_FAST: _("answered too fast"),
    Reason.NO_TIMESTAMP: _("no start time"),
    Reason.RATE_NETWORK: _("too many answers from one network"),
    Reason.RATE_DEVICE: _("too many answers from one device"),
    Reason.DUPLICATE_DEVICE: _("same device already answered"),
    Reason.DUPLICATE_ANSWERS: _("same answers as another response"),
}


def driver_label(code: Any) -> str:
    return str(DRIVER_LABELS.get(str(code), code))


def reason_label(code: Any) -> str:
    return str(REASON_LABELS.get(str(code), code))


def reason_labels(codes: Any) -> str:
    return ", ".join(reason_label(c) for c in codes or [])
