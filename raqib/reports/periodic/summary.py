"""The executive summary of an activity report and its comparison with the previous period.

*Previous comparable period* (docs/periodic-reports.md): a period made of whole calendar months
(a month, a quarter, a semester, nine months, a year) is compared with the same number of whole
months immediately before it — S2 2026 with S1 2026, S1 2026 with S2 2025, the year 2026 with
2025; any other period with the same number of days immediately before it. The previous
period's key figures are computed with the same filters when the report is built and frozen with
it (``PeriodicReport.parameters["previous"]``), so the summary never drifts after publication.

Sentences come from translated templates filled with numbers formatted for the language; a
signed change sits in a left-to-right isolate so that "-3,2" never reads "3,2-" in Arabic. A
change is stated only when the previous period has data for that figure; otherwise the summary
says that no comparison is available.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from raqib.core import conf
from raqib.core.activity import ActivitySection

from ..figures import Dashboard
from ..formatting import date_text, number, percent


def _month_start(day: dt.date, months_back: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _whole_months(start: dt.date, end: dt.date) -> int | None:
    """How many whole calendar months [start, end] spans, or None when it is not whole months."""
    last_day = calendar.monthrange(end.year, end.month)[1]
    if start.day != 1 or end.day != last_day or end < start:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The previous comparable period of [start, end] (both days included)."""
    months = _whole_months(start, end)
    if months is not None:
        return _month_start(start, months), start - dt.timedelta(days=1)
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)


@dataclass(frozen=True)
class KeyFigures:
    """The figures the summary and the comparison table speak of (frozen with the report)."""

    planned: int
    done: int
    validated: int
    covered: int
    active: int
    coverage: float | None  # %
    coverage_interior: float | None
    coverage_rest: float | None
    mean_score: float | None  # out of 100
    critical_reports: int
    survey_waves: int
    survey_responses: int

    @classmethod
    def from_board(cls, board: Dashboard) -> KeyFigures:
        return cls(
            planned=board.planned,
            done=board.done,
            validated=board.validated,
            covered=board.coverage.covered,
            active=board.coverage.active,
            coverage=board.coverage.rate,
            coverage_interior=board.coverage_interior.rate,
            coverage_rest=board.coverage_rest.rate,
            mean_score=board.mean_score,
            critical_reports=board.critical_reports,
            survey_waves=len(board.surveys),
            survey_responses=sum(row.responses for row in board.surveys),
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KeyFigures:
        values: dict[str, Any] = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**values)


@dataclass(frozen=True)
class Previous:
    start: dt.date
    end: dt.date
    figures: KeyFigures

    @property
    def has_activity(self) -> bool:
        return bool(self.figures.validated or self.figures.done or self.figures.survey_responses)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            **self.figures.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Previous | None:
        if not data:
            return None
        return cls(
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            figures=KeyFigures.from_dict(data),
        )


@dataclass(frozen=True)
class Extras:
    """What a periodic report adds to the dashboard figures (frozen in its parameters)."""

    previous: Previous | None = None
    # conf.ranking_min_reports() when the report was built (now, for the dashboard's export)
    ranking_min: int = field(default_factory=conf.ranking_min_reports)
    # chapters offered by other apps (periodic/sections.py), read back from the frozen JSON
    sections: tuple[ActivitySection, ...] = ()


def ranked(rows: list[Any], minimum: int) -> tuple[list[Any], int]:
    """The rows that may be ranked (at least ``minimum`` reports) and how many were left out."""
    kept = [row for row in rows if row.n >= minimum]
    return kept, len(rows) - len(kept)


def signed(value: float | None, digits: int = 1) -> str:
    """A change with its sign (+2,5 / -3,0 / 0,0); "—" when unknown. Print it in a place laid
    out left to right (the PDF's comparison cells have ``dir="ltr"``): WeasyPrint ignores the
    Unicode isolates, so only the cell's own direction keeps "-60" from reading "60-"."""
    if value is None:
        return "—"
    text = number(abs(value), digits)
    sign = (
        "+" if value > 0 and text.strip("0,.") else ("-" if value < 0 and text.strip("0,.") else "")
    )
    return sign + text


def _change(current: float | int | None, previous: float | int | None) -> float | None:
    if current is None or previous is None:
        return None
    return float(current) - float(previous)


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    current: str
    previous: str
    change: str  # signed, in points for rates and scores, in units for counts


def comparison(now: KeyFigures, before: Previous | None) -> list[ComparisonRow]:
    """The comparison table (call inside the report's language)."""
    prev = before.figures if before else None

    def row(label: str, name: str, rate: bool) -> ComparisonRow:
        value = getattr(now, name)
        old = getattr(prev, name) if prev else None
        shown = percent if rate else (lambda v: "—" if v is None else number(v, 0))
        return ComparisonRow(
            label=label,
            current=shown(value),
            previous=shown(old) if prev else "—",
            change=signed(_change(value, old), 1 if rate else 0) if prev else "—",
        )

    return [
        row(_("Missions planned"), "planned", False),
        row(_("Missions carried out (report submitted)"), "done", False),
        row(_("Reports validated"), "validated", False),
        row(_("Coverage rate (%)"), "coverage", True),
        row(_("Coverage rate, interior regions (%)"), "coverage_interior", True),
        row(_("Coverage rate, other regions (%)"), "coverage_rest", True),
        ComparisonRow(
            label=_("Mean quality score (out of 100)"),
            current=number(now.mean_score),
            previous=number(prev.mean_score) if prev else "—",
            change=signed(_change(now.mean_score, prev.mean_score if prev else None))
            if prev
            else "—",
        ),
        row(_("Reports with a critical finding"), "critical_reports", False),
        row(_("Survey responses"), "survey_responses", False),
    ]


def executive_summary(
    now: KeyFigures, before: Previous | None, *, target: float, start: dt.date, end: dt.date
) -> list[str]:
    """The summary's sentences, in the current language, built from the figures only."""
    sentences = [
        _(
            "From %(start)s to %(end)s, the team carried out %(done)s of the %(planned)s missions "
            "planned; %(validated)s reports were validated."
        )
        % {
            "start": date_text(start),
            "end": date_text(end),
            "done": now.done,
            "planned": now.planned,
            "validated": now.validated,
        },
        _(
            "%(covered)s of %(active)s active service points were visited at least once: a "
            "coverage of %(rate)s against a target of %(target)s."
        )
        % {
            "covered": now.covered,
            "active": now.active,
            "rate": percent(now.coverage),
            "target": percent(target),
        },
        _(
            "Coverage of the interior regions is %(interior)s, against %(rest)s in the other "
            "regions."
        )
        % {"interior": percent(now.coverage_interior), "rest": percent(now.coverage_rest)},
    ]
    if now.mean_score is not None:
        sentences.append(
            _("The mean quality score of the validated reports is %(score)s out of 100.")
            % {"score": number(now.mean_score)}
        )
    sentences.append(
        ngettext(
            "%(count)s validated report recorded a critical finding.",
            "%(count)s validated reports recorded a critical finding.",
            now.critical_reports,
        )
        % {"count": now.critical_reports}
    )
    if now.survey_waves:
        sentences.append(
            ngettext(
                "%(waves)s satisfaction survey wave collected %(responses)s responses.",
                "%(waves)s satisfaction survey waves collected %(responses)s responses.",
                now.survey_waves,
            )
            % {"waves": now.survey_waves, "responses": now.survey_responses}
        )
    sentences.extend(_changes(now, before))
    return sentences


def _moved(change: float, digits: int, up: str, down: str, same: str, **params: Any) -> str:
    """One of three whole sentences (up, down, unchanged).

    A sentence never carries a sign, which the PDF engine would misplace in Arabic, and each
    language words a rise and a fall its own way."""
    amount = number(abs(change), digits) if digits else number(round(abs(change)))
    if amount.strip("0,") == "":
        return same % params
    return (up if change > 0 else down) % {**params, "amount": amount}


def _changes(now: KeyFigures, before: Previous | None) -> list[str]:
    if before is None:
        return []  # not computed (the dashboard's export): say nothing rather than guess
    if not before.has_activity:
        return [
            _("No comparison with the previous period is available: it has no recorded activity.")
        ]
    prev = before.figures
    span = {"start": date_text(before.start), "end": date_text(before.end)}
    out = [
        _("Compared with the previous period (%(start)s – %(end)s):") % span,
        _moved(
            float(now.validated - prev.validated),
            0,
            _("validated reports up by %(amount)s (%(previous)s then);"),
            _("validated reports down by %(amount)s (%(previous)s then);"),
            _("validated reports unchanged (%(previous)s then);"),
            previous=prev.validated,
        ),
    ]
    if now.coverage is not None and prev.coverage is not None:
        out.append(
            _moved(
                now.coverage - prev.coverage,
                1,
                _("coverage up by %(amount)s points (%(previous)s then);"),
                _("coverage down by %(amount)s points (%(previous)s then);"),
                _("coverage unchanged (%(previous)s then);"),
                previous=percent(prev.coverage),
            )
        )
    if now.mean_score is not None and prev.mean_score is not None:
        out.append(
            _moved(
                now.mean_score - prev.mean_score,
                1,
                _("mean score up by %(amount)s points (%(previous)s then)."),
                _("mean score down by %(amount)s points (%(previous)s then)."),
                _("mean score unchanged (%(previous)s then)."),
                previous=number(prev.mean_score),
            )
        )
    else:
        out.append(
            _(
                "no comparison of the mean score is available (no validated report in one of the "
                "periods)."
            )
        )
    return out
