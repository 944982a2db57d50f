"""Raw data exports for analysts (issue 17): the reports and the survey answers behind the
dashboard, with the dashboard's filters, built by a background task (raqib.exports).

Three kinds, CSV (UTF-8 with BOM) or XLSX (right to left in Arabic), headers translated:

* ``raw_reports`` — one row per report (submitted, returned or validated; the mission's
  current report): its review state, frozen score out of 100, critical finding, anomalies,
  then one column per section score, per criterion score and per answer (codes of the grid
  versions met, in their order);
* ``raw_answers`` — the long format: one row per answer (report × criterion), with the
  criterion's frozen status and score and its section's score;
* ``raw_survey_responses`` — one row per survey answer sheet (as the wave export: no device,
  network or interviewer data), counted or quarantined, with the items' answers.

Who sees what: department staff get the observer's pseudonym (never a name); a focal point
gets only the reports and answers of their own bodies and no observer column at all; any
other role gets nothing (403). The period is the dashboard's: a mission's reference date is
the local date its window starts; a survey answer's is the local date it was submitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from raqib.core.access import user_roles
from raqib.core.labels import answer_label, language_label
from raqib.core.roles import Role
from raqib.exports.kinds import ExportKind, Table, register
from raqib.grids.models import GridChannel, GridVersion
from raqib.missions.anomalies import anomaly_message
from raqib.missions.models import Report, ReportStatus
from raqib.surveys.labels import reason_labels
from raqib.surveys.models import ResponseMode, SurveyResponse

from .figures import Filters
from .selectors._scope import DASHBOARD_STAFF, FactScope, resolve_scope

RAW_REPORTS = "raw_reports"
RAW_ANSWERS = "raw_answers"
RAW_SURVEY = "raw_survey_responses"
REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.VALIDATED)
CHUNK = 2000

CRITERION_STATUS = {
    "scored": gettext_lazy("scored"),
    "hidden": gettext_lazy("not shown (condition false)"),
    "blank": gettext_lazy("no answer"),
    "na": gettext_lazy("not applicable"),
    "not_scored": gettext_lazy("not scored"),
}


def access(user: Any) -> frozenset[int] | None:
    """None: department staff (every body, with pseudonyms); a focal point's bodies (no
    pseudonym); PermissionDenied for anyone else."""
    roles = user_roles(user)
    if roles & DASHBOARD_STAFF:
        return None
    if Role.FOCAL_POINT in roles:
        return frozenset(user.focal_body_ids)
    raise PermissionDenied


def filters_from(parameters: Mapping[str, Any]) -> Filters:
    return Filters.from_dict(parameters["filters"])


def _bounds(filters: Filters) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min), tz)
    end = timezone.make_aware(
        dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min), tz
    )
    return start, end


def _dims(scope: FactScope, prefix: str) -> Q:
    q = Q()
    if scope.governorate_ids is not None:
        q &= Q(**{f"{prefix}governorate_id__in": sorted(scope.governorate_ids)})
    if scope.body_ids is not None:
        q &= Q(**{f"{prefix}body_id__in": sorted(scope.body_ids)})
    if scope.filters.category_id is not None:
        q &= Q(**{f"{prefix}category_id": scope.filters.category_id})
    return q


def report_queryset(*, filters: Filters, body_scope: frozenset[int] | None) -> QuerySet[Report]:
    """The reports an export holds, in a stable order."""
    scope = resolve_scope(filters, body_scope)
    if scope.empty:
        return Report.objects.none()
    start, end = _bounds(filters)
    q = _dims(scope, "mission__service_point__") & Q(
        is_active=True,
        status__in=REPORT_STATUSES,
        mission__window_start__gte=start,
        mission__window_start__lt=end,
    )
    if filters.channel:
        q &= Q(mission__channel=filters.channel)
    return Report.objects.filter(q).order_by("mission__window_start", "pk")


def survey_queryset(
    *, filters: Filters, body_scope: frozenset[int] | None
) -> QuerySet[SurveyResponse]:
    scope = resolve_scope(filters, body_scope)
    if scope.empty:
        return SurveyResponse.objects.none()
    start, end = _bounds(filters)
    q = _dims(scope, "wave_point__service_point__") & Q(
        submitted_at__gte=start, submitted_at__lt=end
    )
    return SurveyResponse.objects.filter(q).order_by("submitted_at", "pk")


REPORT_FIELDS = (
    "pk",
    "uuid",
    "status",
    "answers",
    "anomalies",
    "score",
    "score_out_of_100",
    "critical",
    "submitted_at",
    "validated_at",
    "mission__code",
    "mission__channel",
    "mission__window_start",
    "mission__grid_version_id",
    "mission__service_point__code",
    "mission__service_point__body__code",
    "mission__service_point__governorate__iso_code",
    "mission__service_point__category__code",
)
PSEUDONYM = "observer__observer_profile__pseudonym"


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _day(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def _number(text: Any) -> float | None:
    return None if text in (None, "") else float(text)


def _answer(value: Any) -> Any:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return answer_label("yes" if value else "no")
    return value


class _Grids:
    """The codes of the grid versions met, in their order, read once."""

    def __init__(self, queryset: QuerySet[Report]) -> None:
        ids = sorted(set(queryset.values_list("mission__grid_version_id", flat=True).distinct()))
        self.versions = {
            gv.pk: gv for gv in GridVersion.objects.filter(pk__in=ids).select_related("grid")
        }
        self.sections: list[str] = []
        self.criteria: list[str] = []
        self.section_of: dict[int, list[tuple[str, str]]] = {}
        for pk in ids:
            pairs = []
            for section in (self.versions[pk].snapshot or {}).get("sections", []):
                if section["code"] not in self.sections:
                    self.sections.append(section["code"])
                for criterion in section.get("criteria", []):
                    pairs.append((section["code"], criterion["code"]))
                    if criterion["code"] not in self.criteria:
                        self.criteria.append(criterion["code"])
            self.section_of[pk] = pairs

    def version(self, pk: int) -> tuple[str, int]:
        gv = self.versions[pk]
        return gv.grid.code, gv.number


def _frozen(score: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(section code → percent, criterion code → (status, percent)) of a frozen score."""
    sections: dict[str, Any] = {}
    criteria: dict[str, Any] = {}
    for section in (score or {}).get("sections", []):
        sections[section["code"]] = _number(section.get("percent"))
        for c in section.get("criteria", []):
            criteria[c["code"]] = (c.get("status") or "", _number(c.get("percent")))
    return sections, criteria


def _report_head(pseudonyms: bool) -> list[str]:
    head = [
        _("report"),
        _("mission"),
        _("service point"),
        _("public body"),
        _("governorate"),
        _("category"),
        _("channel"),
        _("grid"),
        _("grid version"),
        _("reference date"),
        _("review state"),
    ]
    return [*head, _("observer (pseudonym)")] if pseudonyms else head


def _report_base(row: Mapping[str, Any], grids: _Grids, pseudonyms: bool) -> list[Any]:
    grid, number = grids.version(row["mission__grid_version_id"])
    base = [
        str(row["uuid"]),
        row["mission__code"],
        row["mission__service_point__code"],
        row["mission__service_point__body__code"],
        row["mission__service_point__governorate__iso_code"],
        row["mission__service_point__category__code"],
        str(GridChannel(row["mission__channel"]).label) if row["mission__channel"] else "",
        grid,
        number,
        _day(row["mission__window_start"]),
        str(ReportStatus(row["status"]).label),
    ]
    return [*base, row[PSEUDONYM] or ""] if pseudonyms else base


def _values(queryset: QuerySet[Report], pseudonyms: bool) -> Iterator[dict[str, Any]]:
    fields = (*REPORT_FIELDS, PSEUDONYM) if pseudonyms else REPORT_FIELDS
    values: Iterator[dict[str, Any]] = queryset.values(*fields).iterator(chunk_size=CHUNK)
    return values


def raw_reports(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    body_scope = access(user)
    pseudonyms = body_scope is None
    queryset = report_queryset(filters=filters_from(parameters), body_scope=body_scope)
    grids = _Grids(queryset)
    headers = [
        *_report_head(pseudonyms),
        _("submitted at"),
        _("validated at"),
        _("score out of 100"),
        _("critical finding"),
        _("anomalies"),
        *[_("section %(code)s (%%)") % {"code": code} for code in grids.sections],
        *[_("criterion %(code)s (%%)") % {"code": code} for code in grids.criteria],
        *[_("answer %(code)s") % {"code": code} for code in grids.criteria],
    ]

    def rows() -> Iterator[list[Any]]:
        for row in _values(queryset, pseudonyms):
            sections, criteria = _frozen(row["score"])
            answers = row["answers"] or {}
            yield [
                *_report_base(row, grids, pseudonyms),
                _when(row["submitted_at"]),
                _when(row["validated_at"]),
                _number(row["score_out_of_100"]),
                answer_label("yes" if row["critical"] else "no"),
                "; ".join(anomaly_message(a) for a in row["anomalies"] or []),
                *[sections.get(code) for code in grids.sections],
                *[(criteria.get(code) or ("", None))[1] for code in grids.criteria],
                *[_answer(answers.get(code)) for code in grids.criteria],
            ]

    return Table(headers=headers, rows=rows(), total=queryset.count(), title=_("reports"))


def raw_answers(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    body_scope = access(user)
    pseudonyms = body_scope is None
    queryset = report_queryset(filters=filters_from(parameters), body_scope=body_scope)
    grids = _Grids(queryset)
    headers = [
        *_report_head(pseudonyms),
        _("section"),
        _("criterion"),
        _("answer"),
        _("criterion status"),
        _("criterion score (%)"),
        _("section score (%)"),
    ]
    per_report = {pk: len(pairs) for pk, pairs in grids.section_of.items()}
    total = sum(
        per_report[gv] * n for gv, n in _count_by_version(queryset).items() if gv in per_report
    )

    def rows() -> Iterator[list[Any]]:
        for row in _values(queryset, pseudonyms):
            base = _report_base(row, grids, pseudonyms)
            sections, criteria = _frozen(row["score"])
            answers = row["answers"] or {}
            for section, code in grids.section_of[row["mission__grid_version_id"]]:
                status, percent = criteria.get(code) or ("", None)
                yield [
                    *base,
                    section,
                    code,
                    _answer(answers.get(code)),
                    str(CRITERION_STATUS.get(status, "")),
                    percent,
                    sections.get(section),
                ]

    return Table(headers=headers, rows=rows(), total=total, title=_("answers"))


def _count_by_version(queryset: QuerySet[Report]) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        queryset.order_by()
        .values_list("mission__grid_version_id")
        .annotate(n=Count("pk"))
        .values_list("mission__grid_version_id", "n")
    )


def raw_survey_responses(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    body_scope = access(user)
    queryset = survey_queryset(filters=filters_from(parameters), body_scope=body_scope)
    version_ids = set(
        queryset.order_by().values_list("wave__grid_version_id", flat=True).distinct()
    )
    codes: list[str] = []
    for gv in GridVersion.objects.filter(pk__in=sorted(version_ids)).order_by("pk"):
        for section in (gv.snapshot or {}).get("sections", []):
            for criterion in section.get("criteria", []):
                if criterion["code"] not in codes:
                    codes.append(criterion["code"])
    headers = [
        _("wave"),
        _("service point"),
        _("public body"),
        _("governorate"),
        _("category"),
        _("date"),
        _("language"),
        _("mode"),
        _("duration (seconds)"),
        _("counted"),
        _("quarantine reasons"),
        *codes,
    ]
    fields = (
        "wave__code",
        "wave_point__service_point__code",
        "wave_point__service_point__body__code",
        "wave_point__service_point__governorate__iso_code",
        "wave_point__service_point__category__code",
        "submitted_at",
        "language",
        "mode",
        "duration_seconds",
        "quarantined",
        "quarantine_reasons",
        "answers",
    )

    def rows() -> Iterator[list[Any]]:
        for r in queryset.values(*fields).iterator(chunk_size=CHUNK):
            answers = r["answers"] or {}
            yield [
                r["wave__code"],
                r["wave_point__service_point__code"],
                r["wave_point__service_point__body__code"],
                r["wave_point__service_point__governorate__iso_code"],
                r["wave_point__service_point__category__code"],
                _day(r["submitted_at"]),
                language_label(r["language"]),
                str(ResponseMode(r["mode"]).label) if r["mode"] else "",
                r["duration_seconds"],
                answer_label("no" if r["quarantined"] else "yes"),
                reason_labels(r["quarantine_reasons"]),
                *[_answer(_yes_no(answers.get(code, ""))) for code in codes],
            ]

    return Table(headers=headers, rows=rows(), total=queryset.count(), title=_("survey answers"))


def _yes_no(value: Any) -> Any:
    return answer_label(value) if isinstance(value, str) else value


def _stem(parameters: Mapping[str, Any]) -> str:
    f = parameters.get("filters") or {}
    return f"{parameters.get('stem') or 'raw'}-{f.get('start', '')}-{f.get('end', '')}"


KINDS = {
    RAW_REPORTS: (gettext_lazy("Raw data: reports"), raw_reports),
    RAW_ANSWERS: (gettext_lazy("Raw data: answers (one row per answer)"), raw_answers),
    RAW_SURVEY: (gettext_lazy("Raw data: survey answers"), raw_survey_responses),
}


def register_kinds() -> None:
    for code, (label, produce) in KINDS.items():
        register(ExportKind(code, label, ("csv", "xlsx"), produce, stem=_stem))
