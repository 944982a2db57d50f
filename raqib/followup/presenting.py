"""What the pages show of findings and criteria: figures and labels, never an observer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.bilingual import localized_text
from raqib.grids.frozen import FrozenScore

from .models import Recommendation, Source


def criterion_labels(version: Any) -> dict[str, str]:
    """{code: label in the page's language} from a grid version's snapshot."""
    snapshot = (version.snapshot if version is not None else None) or {}
    return {
        c["code"]: localized_text(c.get("label"))
        for section in snapshot.get("sections", [])
        for c in section.get("criteria", [])
    }


@dataclass(frozen=True)
class ReportSummary:
    source: str
    criteria: list[str]
    text: str


def report_summary(report: Any) -> ReportSummary:
    """A validated report as the start of a recommendation: its failing criteria and figures."""
    score = FrozenScore.read(report.score)
    failing: list[str] = []
    if score is not None:
        failing = [
            c.code
            for s in score.sections
            for c in s.criteria
            if c.scored and c.score is not None and c.score < 1
        ]
    critical = list(score.critical_failures) if score else []
    # The critical failures first, then every other criterion that fell short.
    criteria = list(dict.fromkeys([*critical, *failing]))
    labels = criterion_labels(report.mission.grid_version)
    lines = [
        _("Visit %(code)s on %(date)s: score %(score)s / 100.")
        % {
            "code": report.mission.code,
            "date": timezone.localdate(report.mission.window_start).strftime("%d/%m/%Y"),
            "score": "—" if score is None or score.out_of_100 is None else score.out_of_100,
        }
    ]
    for code in criteria[:10]:
        lines.append(f"- {labels.get(code, code)}")
    return ReportSummary(
        source=Source.CRITICAL if critical else Source.FINDINGS,
        criteria=criteria,
        text="\n".join(lines),
    )


@dataclass(frozen=True)
class CriterionRow:
    code: str
    label: str
    before_n: int | None
    before: Decimal | None
    after_n: int | None
    after: Decimal | None
    met: bool | None


def criteria_rows(rec: Recommendation) -> list[CriterionRow]:
    """The linked criteria with their labels and, once verified, before/after."""
    labels = criterion_labels(rec.grid_version)
    checks = {c["code"]: c for c in (rec.verification or {}).get("criteria", [])}
    rows = []
    for code in rec.criteria:
        check = checks.get(code, {})
        rows.append(
            CriterionRow(
                code=code,
                label=labels.get(code, code),
                before_n=check.get("before_n"),
                before=_dec(check.get("before")),
                after_n=check.get("after_n"),
                after=_dec(check.get("after")),
                met=check.get("met"),
            )
        )
    return rows


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
