"""The review page's layout: the answers by section with the snapshot's labels, the score.

Labels come from the mission's frozen snapshot (never from today's grid rows), in the current
language with a fallback to the other one.
"""

from __future__ import annotations

from typing import Any

from raqib.core.bilingual import localized_text
from raqib.grids import scoring

from .anomalies import anomaly_message
from .models import Report


def _answer_text(criterion: dict[str, Any], value: Any, lists: dict[str, Any]) -> str:
    if scoring.is_blank(value):
        return ""
    choices = {
        c["name"]: localized_text(c.get("label"))
        for c in lists.get(criterion.get("choices") or "", [])
    }
    if criterion.get("type") == "multiple_choice":
        names = value if isinstance(value, list) else str(value).split()
        return ", ".join(choices.get(str(n), str(n)) for n in names)
    if str(value) in choices:
        return choices[str(value)]
    return str(value)


def score_for(report: Report) -> tuple[dict[str, Any] | None, str]:
    """(score dict, problem): the frozen score once validated, else a preview."""
    if report.score:
        return report.score, ""
    try:
        return scoring.score_report(
            report.mission.grid_version.snapshot or {}, report.answers
        ).to_dict(), ""
    except (scoring.InvalidAnswer, scoring.InvalidSnapshot) as error:
        return None, str(error)


def report_layout(report: Report, score: dict[str, Any] | None) -> list[dict[str, Any]]:
    snapshot = report.mission.grid_version.snapshot or {}
    lists = snapshot.get("choice_lists", {})
    photos: dict[str, list[Any]] = {}
    for evidence in report.evidence.all():
        photos.setdefault(evidence.criterion, []).append(evidence)
    section_scores = {s["code"]: s for s in (score or {}).get("sections", [])}
    layout = []
    for section in snapshot.get("sections", []):
        scored = section_scores.get(section["code"], {})
        criterion_scores = {c["code"]: c for c in scored.get("criteria", [])}
        rows = []
        for criterion in section.get("criteria", []):
            code = criterion["code"]
            result = criterion_scores.get(code, {})
            rows.append(
                {
                    "code": code,
                    "label": localized_text(criterion.get("label")),
                    "answer": _answer_text(criterion, report.answers.get(code), lists),
                    "status": result.get("status", ""),
                    "percent": result.get("percent"),
                    "critical": criterion.get("critical", False),
                    "photos": photos.get(code, []),
                }
            )
        layout.append(
            {
                "code": section["code"],
                "label": localized_text(section.get("label")),
                "percent": scored.get("percent"),
                "criteria": rows,
            }
        )
    return layout


def anomaly_messages(report: Report) -> list[str]:
    return [anomaly_message(a) for a in report.anomalies or []]
