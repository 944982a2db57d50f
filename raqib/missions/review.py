"""The review page's layout: the answers by section with the snapshot's labels, the score.

Labels come from the mission's frozen snapshot (never from today's grid rows), in the current
language with a fallback to the other one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from raqib.core.bilingual import localized_text
from raqib.core.labels import answer_label
from raqib.grids import scoring
from raqib.grids.frozen import FrozenCriterion, FrozenScore, FrozenSection

from .anomalies import anomaly_message
from .models import Report


def _display(value: Decimal | None) -> str | None:
    """A one-decimal figure as stored ("66.7"), not localised: the page shows it as frozen."""
    return None if value is None else str(value)


def _answer_text(criterion: dict[str, Any], value: Any, lists: dict[str, Any]) -> str:
    if scoring.is_blank(value):
        return ""
    choices = {
        c["name"]: localized_text(c.get("label"))
        for c in lists.get(criterion.get("choices") or "", [])
    }
    if criterion.get("type") == "multiple_choice":
        names = value if isinstance(value, list) else str(value).split()
        return ", ".join(choices.get(str(n)) or answer_label(str(n)) for n in names)
    if str(value) in choices:
        return choices[str(value)]
    return answer_label(value)


def score_for(report: Report) -> tuple[FrozenScore | None, str]:
    """(score, problem): the frozen score once validated, else a preview."""
    frozen = FrozenScore.read(report.score)
    if frozen is not None:
        return frozen, ""
    try:
        result = scoring.score_report(report.mission.grid_version.snapshot or {}, report.answers)
    except (scoring.InvalidAnswer, scoring.InvalidSnapshot) as error:
        return None, str(error)
    return FrozenScore.from_result(result), ""


def report_layout(report: Report, score: FrozenScore | None) -> list[dict[str, Any]]:
    snapshot = report.mission.grid_version.snapshot or {}
    lists = snapshot.get("choice_lists", {})
    photos: dict[str, list[Any]] = {}
    for evidence in report.evidence.all():
        photos.setdefault(evidence.criterion, []).append(evidence)
    section_scores: dict[str, FrozenSection] = {s.code: s for s in score.sections} if score else {}
    layout = []
    for section in snapshot.get("sections", []):
        scored = section_scores.get(section["code"])
        criterion_scores: dict[str, FrozenCriterion] = (
            {c.code: c for c in scored.criteria} if scored else {}
        )
        rows = []
        for criterion in section.get("criteria", []):
            code = criterion["code"]
            result = criterion_scores.get(code)
            rows.append(
                {
                    "code": code,
                    "label": localized_text(criterion.get("label")),
                    "answer": _answer_text(criterion, report.answers.get(code), lists),
                    "status": result.status if result else "",
                    "percent": _display(result.percent if result else None),
                    "critical": criterion.get("critical", False),
                    "photos": photos.get(code, []),
                }
            )
        layout.append(
            {
                "code": section["code"],
                "label": localized_text(section.get("label")),
                "percent": _display(scored.percent if scored else None),
                "criteria": rows,
            }
        )
    return layout


def anomaly_messages(report: Report) -> list[str]:
    return [anomaly_message(a) for a in report.anomalies or []]
