"""Risk-based priority of a service point (docs/planning.md § Priority).

Each signal is a score from 0 (no reason to go) to 1 (every reason to go); the priority is
Σ weight × score with weights in percent summing to 100, so it runs from 0 to 100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SIGNALS = (
    "since_visit",
    "score",
    "critical",
    "dissatisfaction",
    "open_items",
    "complaints",
    "interior",
)
SIGNAL_LABELS = {
    "since_visit": _("Time since the last validated visit"),
    "score": _("Past scores"),
    "critical": _("Critical findings"),
    "dissatisfaction": _("Citizens' dissatisfaction (surveys)"),
    "open_items": _("Open recommendations and label follow-ups"),
    "complaints": _("Complaints received"),
    "interior": _("Interior region"),
}
YEAR_DAYS = 365
# A point never scored is neither good nor bad.
NEUTRAL_SCORE = 0.5
OPEN_ITEMS_FULL = 3


@dataclass(frozen=True)
class PointFacts:
    last_visit: dt.date | None
    mean_score: float | None  # out of 100, over the year before the campaign
    critical: int
    satisfaction: float | None  # satisfaction index 0–100, None below the minimum sample
    open_items: int
    complaints: int
    interior: bool


def weights_errors(weights: object) -> list[str]:
    if not isinstance(weights, dict) or set(weights) != set(SIGNALS):
        return [str(_("The weights must name every signal once."))]
    values = list(weights.values())
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100 for v in values):
        return [str(_("Each weight is a whole number from 0 to 100."))]
    if sum(values) != 100:
        return [str(_("The weights must add up to 100."))]
    return []


def signals(facts: PointFacts, *, on: dt.date, most_complaints: int) -> dict[str, float]:
    if facts.last_visit is None:
        since = 1.0
    else:
        since = min(1.0, max(0, (on - facts.last_visit).days) / YEAR_DAYS)
    return {
        "since_visit": since,
        "score": NEUTRAL_SCORE if facts.mean_score is None else (100 - facts.mean_score) / 100,
        "critical": 1.0 if facts.critical > 0 else 0.0,
        "dissatisfaction": 0.0 if facts.satisfaction is None else (100 - facts.satisfaction) / 100,
        "open_items": min(1.0, facts.open_items / OPEN_ITEMS_FULL),
        "complaints": facts.complaints / most_complaints if most_complaints > 0 else 0.0,
        "interior": 1.0 if facts.interior else 0.0,
    }


def priority(scores: dict[str, float], weights: dict[str, int]) -> float:
    return round(sum(weights[name] * min(1.0, max(0.0, scores[name])) for name in SIGNALS), 2)
