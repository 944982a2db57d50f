"""Pools of realistic answer sets, scored once with the real engine and reused by many rows.

A mission report's frozen score depends only on its answers and its grid version, so a pool
of ~1,000 distinct answer sets (scored with ``raqib.grids.scoring.score_report``, exactly as
``report_validate`` does) gives 100,000 reports realistic, varied and *exact* frozen scores
without scoring 100,000 times. The visit date answer is not scored: it is a placeholder
replaced by each mission's own date.
"""

from __future__ import annotations

import bisect
import json
import random
import uuid
from dataclasses import dataclass
from typing import Any

DATE_PLACEHOLDER = "2000-01-01T00:00"


def copy_text(value: str) -> str:
    """Escape a value for PostgreSQL COPY text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def json_copy(value: Any) -> str:
    return copy_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


@dataclass(frozen=True)
class ScoredSet:
    answers_copy: str  # JSON, escaped for COPY, with DATE_PLACEHOLDER for the visit date
    score_copy: str  # the frozen score JSON, escaped for COPY
    out_of_100: str  # "\\N" when nothing was scored
    value: float  # for choosing (0 when nothing was scored)
    critical: bool
    answered: int


@dataclass
class Pool:
    channel: str
    version_id: int
    sets: list[ScoredSet]
    values: list[float]

    def pick(self, rng: random.Random, quality: float) -> ScoredSet:
        """A set whose score is near ``quality`` (0–1), with a little spread."""
        index = bisect.bisect_left(self.values, quality * 100)
        index += rng.randint(-8, 8)
        return self.sets[min(max(index, 0), len(self.sets) - 1)]


def _yes_no(rng: random.Random, p: float, negative: bool, critical: bool) -> str:
    bad = rng.random() >= p
    if critical:  # bribes and favouritism are rare, and rarer where things go well
        bad = rng.random() < 0.12 * (1 - p) ** 2
    good_answer = "no" if negative else "yes"
    bad_answer = "yes" if negative else "no"
    return bad_answer if bad else good_answer


def _number(rng: random.Random, p: float, bands: list[dict[str, Any]] | None) -> int:
    if not bands:
        return rng.randint(0, 30)
    finite = [b["max"] for b in bands if b.get("max") is not None]
    top = max(finite) if finite else 10
    # Better places answer with smaller numbers (shorter waits, fewer rings).
    draw = rng.betavariate(1.0 + 3.0 * (1 - p), 1.0 + 3.0 * p)
    return round(draw * top * 1.6)


def answer_set(snapshot: dict[str, Any], rng: random.Random, p: float) -> dict[str, Any]:
    """Answers to every criterion an observer must answer, drawn with quality ``p``."""
    lists = snapshot.get("choice_lists") or {}
    answers: dict[str, Any] = {}
    for section in snapshot["sections"]:
        for criterion in section["criteria"]:
            code, kind = criterion["code"], criterion["type"]
            negative, critical = bool(criterion.get("negative")), bool(criterion.get("critical"))
            if kind == "yes_no":
                answers[code] = _yes_no(rng, p, negative, critical)
            elif kind == "yes_no_na":
                answers[code] = (
                    "na" if rng.random() < 0.1 else _yes_no(rng, p, negative, critical=False)
                )
            elif kind == "scale":
                low, high = criterion["scale"]["min"], criterion["scale"]["max"]
                centre = low + (high - low) * p
                answers[code] = min(high, max(low, round(rng.gauss(centre, 0.8))))
            elif kind == "number":
                answers[code] = _number(rng, p, criterion.get("bands"))
            elif kind == "single_choice":
                names = [c["name"] for c in lists[criterion["choices"]]]
                roll = rng.random()
                index = 0 if roll < p else (1 if roll < p + (1 - p) * 0.7 else len(names) - 1)
                answers[code] = names[min(index, len(names) - 1)]
            elif kind == "datetime":
                answers[code] = DATE_PLACEHOLDER
            # text and photo criteria are optional: left unanswered, as most observers do.
            rule = criterion.get("evidence") or {}
            if code in answers and str(answers[code]) in {
                str(t) for t in rule.get("photo_required_when") or []
            }:
                # The photo's identifier (no Evidence row: files are not part of the bench).
                answers[f"{code}__photo"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return answers


def build_pool(
    *, channel: str, version: Any, size: int, rng: random.Random, score_report: Any, check: Any
) -> Pool:
    """``size`` distinct answer sets for a published grid version, scored, sorted by score."""
    snapshot = version.snapshot
    seen: set[str] = set()
    sets: list[ScoredSet] = []
    attempts = 0
    while len(sets) < size and attempts < size * 20:
        attempts += 1
        p = min(0.99, max(0.15, rng.betavariate(4.0, 1.6)))
        answers = answer_set(snapshot, rng, p)
        result = score_report(snapshot, answers)
        # Drop answers to criteria the form would hide (their relevance is false).
        hidden = {c.code for s in result.sections for c in s.criteria if c.status == "hidden"}
        answers = {k: v for k, v in answers.items() if k.removesuffix("__photo") not in hidden}
        errors = check(snapshot, answers)
        if errors:
            raise RuntimeError(f"{version}: generated answers are invalid: {errors}")
        key = json.dumps(answers, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        score = {
            **result.to_dict(),
            "grid_version": version.id,
            "content_hash": version.content_hash,
        }
        out = result.out_of_100
        sets.append(
            ScoredSet(
                answers_copy=json_copy(answers),
                score_copy=json_copy(score),
                out_of_100="\\N" if out is None else str(out),
                value=0.0 if out is None else float(out),
                critical=bool(result.critical_failures),
                answered=len(answers),
            )
        )
    sets.sort(key=lambda s: s.value)
    return Pool(channel=channel, version_id=version.id, sets=sets, values=[s.value for s in sets])


# --- satisfaction survey -----------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    answers_copy: str
    answers_hash: str


def survey_ballots(
    *, rng: random.Random, per_level: int, driver_codes: list[str], fingerprint: Any
) -> dict[int, list[Ballot]]:
    """Distinct ballots grouped by their overall satisfaction (1–5)."""
    importance_codes = [c.replace("DRV_", "IMP_") for c in driver_codes]
    channels = ["in_person"] * 8 + ["phone", "web"]
    ballots: dict[int, list[Ballot]] = {}
    for overall in range(1, 6):
        seen: set[str] = set()
        found: list[Ballot] = []
        while len(found) < per_level:
            answers: dict[str, Any] = {"SAT_OVERALL": overall}
            for code in driver_codes:
                if rng.random() < 0.93:  # drivers are optional: a few are skipped
                    answers[code] = min(5, max(1, overall + rng.choice((-1, 0, 0, 0, 1))))
            for code in importance_codes:
                if rng.random() < 0.85:
                    answers[code] = rng.choice((3, 4, 4, 5, 5, 5))
            answers["CHANNEL"] = rng.choice(channels)
            answers["SETTLED"] = "yes" if rng.random() < 0.35 + 0.12 * overall else "no"
            hashed = fingerprint(answers)
            if hashed in seen:
                continue
            seen.add(hashed)
            found.append(Ballot(json_copy(answers), hashed))
        ballots[overall] = found
    return ballots
