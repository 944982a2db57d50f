"""Plausible, valid answers for any grid version: the demo's validated visits.

Answers are drawn per criterion with a "quality" between 0 and 1 (the chance of a good
answer), then checked by the real scoring engine: the demo never holds a report the review
would refuse. Answers that would require a photo are avoided (the demo holds no evidence).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from raqib.grids import scoring
from raqib.grids.relevance import evaluate


def _good(rng: random.Random, quality: float) -> bool:
    return rng.random() < quality


def _value(
    criterion: Mapping[str, Any],
    choice_lists: Mapping[str, Any],
    rng: random.Random,
    quality: float,
    when: dt.datetime,
) -> Any:
    kind = criterion.get("type")
    triggers = {str(t) for t in (criterion.get("evidence") or {}).get("photo_required_when") or []}
    if kind in ("yes_no", "yes_no_na"):
        if kind == "yes_no_na" and rng.random() < 0.08:
            return "na"
        good = _good(rng, quality)
        value = "yes" if good != bool(criterion.get("negative")) else "no"
        if value in triggers:
            value = "no" if value == "yes" else "yes"
        return value
    if kind == "scale":
        bounds = criterion.get("scale") or {}
        low, high = int(bounds.get("min", 1)), int(bounds.get("max", 5))
        centre = low + (high - low) * quality
        return max(low, min(high, round(rng.gauss(centre, (high - low) / 4 or 1))))
    if kind == "number":
        bands = criterion.get("bands") or []
        limits = [b.get("max") for b in bands if b.get("max") is not None]
        if not limits:
            return rng.randint(0, 5)
        if _good(rng, quality):
            return int(limits[0])
        return int(limits[-1])
    if kind in ("single_choice", "multiple_choice"):
        choices = [
            c
            for c in choice_lists.get(criterion.get("choices") or "", [])
            if c["name"] not in triggers
        ]
        if not choices:
            return None
        ranked = sorted(choices, key=lambda c: -(c.get("score") or 0))
        choice = ranked[0] if _good(rng, quality) else rng.choice(ranked)
        return choice["name"]
    if kind == "datetime":
        return when.replace(microsecond=0).isoformat()
    if kind == "text":
        return ""
    return None  # photo: none in the demo


def random_answers(
    snapshot: Mapping[str, Any], *, rng: random.Random, quality: float, when: dt.datetime
) -> dict[str, Any] | None:
    """Answers the scoring engine accepts, or None after a few unlucky draws."""
    choice_lists = snapshot.get("choice_lists") or {}
    for _attempt in range(10):
        answers: dict[str, Any] = {}
        for section in snapshot.get("sections") or []:
            for criterion in section.get("criteria") or []:
                condition = (criterion.get("relevant") or "").strip()
                if condition and not evaluate(condition, answers):
                    answers[criterion["code"]] = None
                    continue
                value = _value(criterion, choice_lists, rng, quality, when)
                if value is not None:
                    answers[criterion["code"]] = value
        answers = {k: v for k, v in answers.items() if v is not None}
        if not scoring.validate_answers(snapshot, answers):
            return answers
    return None
