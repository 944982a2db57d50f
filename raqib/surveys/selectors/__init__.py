"""Reads of surveys: waves and points in the user's scope, quarantine, and indices by group."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.module_loading import import_string

from raqib.core import conf
from raqib.grids.models import GridVersion
from raqib.registry.models import ServicePoint

from .. import indices
from ..answers import comment_text, text_item_codes
from ..models import (
    CommentFlag,
    SurveyResponse,
    SurveyWave,
    WavePointTally,
    WaveServicePoint,
    WaveStatus,
)
from ._indices import (
    GROUP_KINDS,
    GroupResult,
    survey_trend,
    wave_driver_suffixes,
    wave_indices,
)
from ._scope import focal_ids as _focal_ids

__all__ = ["GROUP_KINDS", "GroupResult", "survey_trend", "wave_driver_suffixes", "wave_indices"]

if TYPE_CHECKING:
    from raqib.accounts.models import User
    from raqib.grids.models import Grid


def _per_wave(rows: QuerySet[Any]) -> Coalesce:
    """How many of `rows` belong to each wave, as a correlated subquery (an index-only count)."""
    counted = (
        rows.filter(wave=OuterRef("pk")).order_by().values("wave").annotate(n=Count("*"))
    ).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def wave_list_for_user(
    *, user: User, grid: Grid | None = None, counts: bool = True
) -> QuerySet[SurveyWave]:
    """Staff see every wave; a focal point the waves that reach one of their bodies' points.
    With `grid`, only the waves of that grid (any version). With `counts`, each wave carries
    `point_count` and `response_count`.

    Each count is its own subquery: counting both through joins multiplied every point of a
    wave by every answer (2,500 × 250,000 rows for a national wave, sorted for DISTINCT:
    tens of GB of temporary files per page, found by the load test of issue 18).
    """
    qs = SurveyWave.objects.select_related("grid_version__grid").order_by("-starts_on", "code")
    if grid is not None:
        qs = qs.filter(grid_version__grid=grid)
    bodies = _focal_ids(user)
    if bodies is not None:
        reached = WaveServicePoint.objects.filter(service_point__body_id__in=bodies)
        qs = qs.filter(pk__in=reached.values("wave_id"))
    if counts:
        qs = qs.annotate(
            point_count=_per_wave(WaveServicePoint.objects.all()),
            response_count=_per_wave(SurveyResponse.objects.all()),
        )
    return qs


def wave_get_for_user(*, user: User, pk: int) -> SurveyWave:
    try:
        return wave_list_for_user(user=user, counts=False).get(pk=pk)
    except (SurveyWave.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def wave_points_for_user(*, user: User, wave: SurveyWave) -> QuerySet[WaveServicePoint]:
    qs = (
        WaveServicePoint.objects.filter(wave=wave)
        .select_related("service_point__body", "service_point__governorate")
        .annotate(
            counted=Count("responses", filter=Q(responses__quarantined=False)),
            # Answers still being screened (a second or two) are neither.
            quarantined=Count(
                "responses",
                filter=Q(responses__quarantined=True, responses__screened=True),
            ),
        )
        .order_by("service_point__code")
    )
    bodies = _focal_ids(user)
    return qs if bodies is None else qs.filter(service_point__body_id__in=bodies)


def wave_point_get_for_user(*, user: User, pk: int) -> WaveServicePoint:
    try:
        point = WaveServicePoint.objects.select_related("wave", "service_point").get(pk=pk)
    except (WaveServicePoint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    bodies = _focal_ids(user)
    if bodies is not None and point.service_point.body_id not in bodies:
        raise Http404
    return point


def wave_point_for_interview(*, pk: int) -> WaveServicePoint:
    """Interviewers (observers included) may enter answers for any point of an open wave."""
    try:
        return WaveServicePoint.objects.select_related("wave__grid_version", "service_point").get(
            pk=pk, wave__status=WaveStatus.OPEN
        )
    except (WaveServicePoint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def wave_point_for_answer(*, token: str) -> tuple[WaveServicePoint, dict[str, Any]] | None:
    """The public link's target and its questionnaire, for storing an answer.

    A link of an open wave is remembered by the process (a link's point, wave and version
    never change), so most answers cost no lookup at all: the INSERT itself checks that the
    wave is still open (services/responses.py), and a refused one makes the page forget the
    link (`forget_answer_target`) and explain. Otherwise one plain-SQL query — this runs for
    every citizen's answer, and building the equivalent ORM query costs more than running it
    (docs/benchmarks.md, survey ingestion)."""
    found = _ANSWER_TARGETS.get(token)
    if found is not None:
        return found
    with connection.cursor() as cursor:
        cursor.execute(_ANSWER_TARGET_SQL, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    point_id, wave_id, service_point_id, code, status, version_id, content_hash = row
    wave = SurveyWave(id=wave_id, code=code, status=status, grid_version_id=version_id)
    wave.grid_version = GridVersion(id=version_id, content_hash=content_hash)
    point = WaveServicePoint(id=point_id, wave=wave, service_point_id=service_point_id)
    found = (point, _frozen_questionnaire(version_id, content_hash))
    if status == WaveStatus.OPEN:
        # Kept and shared by the process's threads: read only (a new answer refers to them).
        if len(_ANSWER_TARGETS) >= _ANSWER_TARGETS_MAX:
            _ANSWER_TARGETS.clear()
        _ANSWER_TARGETS[token] = found
    return found


def forget_answer_target(*, token: str) -> None:
    _ANSWER_TARGETS.pop(token, None)


# Links of open waves seen by this process (a few thousand per wave; emptied when full).
_ANSWER_TARGETS: dict[str, tuple[WaveServicePoint, dict[str, Any]]] = {}
_ANSWER_TARGETS_MAX = 100_000
_ANSWER_TARGET_SQL = f"""
    SELECT p.id, p.wave_id, p.service_point_id, w.code, w.status, w.grid_version_id,
           v.content_hash
    FROM {WaveServicePoint._meta.db_table} p
    JOIN {SurveyWave._meta.db_table} w ON w.id = p.wave_id
    JOIN {GridVersion._meta.db_table} v ON v.id = w.grid_version_id
    WHERE p.token = %s
"""  # noqa: S608 (table names from the models, the token a parameter)


@functools.lru_cache(maxsize=32)
def _frozen_questionnaire_cached(version_id: int, content_hash: str) -> dict[str, Any]:
    snapshot = GridVersion.objects.values_list("snapshot", flat=True).get(pk=version_id)
    return snapshot or {}


def _frozen_questionnaire(version_id: int, content_hash: str) -> dict[str, Any]:
    # A published version's content never changes (its hash names it); a draft is read anew.
    if not content_hash:
        return GridVersion.objects.values_list("snapshot", flat=True).get(pk=version_id) or {}
    return _frozen_questionnaire_cached(version_id, content_hash)


def wave_point_by_token(*, token: str) -> WaveServicePoint | None:
    """The public link's target, whatever the wave's status (the view explains it)."""
    return (
        WaveServicePoint.objects.select_related(
            "wave__grid_version", "service_point__body", "service_point__governorate"
        )
        .filter(token=token)
        .first()
    )


def open_waves_for_interview() -> QuerySet[SurveyWave]:
    return (
        SurveyWave.objects.filter(status=WaveStatus.OPEN)
        .prefetch_related("points__service_point")
        .order_by("code")
    )


def quarantine_list(*, wave: SurveyWave, pending_only: bool = True) -> QuerySet[SurveyResponse]:
    qs = SurveyResponse.objects.filter(wave=wave, screened=True).select_related(
        "wave_point__service_point", "reviewed_by"
    )
    if pending_only:
        return qs.filter(quarantined=True, review_state="").order_by("-submitted_at")
    return qs.filter(Q(quarantined=True) | ~Q(review_state="")).order_by("-submitted_at")


def response_get_in_wave(*, wave: SurveyWave, pk: int) -> SurveyResponse:
    try:
        return SurveyResponse.objects.select_related("wave_point__service_point").get(
            wave=wave, pk=pk
        )
    except (SurveyResponse.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Citizens' comments (read and flagged by staff; taken up by integrity officers) -------


@dataclass(frozen=True)
class CommentRow:
    response: SurveyResponse
    text: str
    flag: CommentFlag | None


@dataclass(frozen=True)
class FlaggedComment:
    """The contract integrity reads: a flagged comment, its place and its flag."""

    pk: int
    text: str
    reason: str
    wave_code: str
    service_point: ServicePoint
    submitted_at: dt.datetime
    flagged_at: dt.datetime


def wave_comments(*, wave: SurveyWave, query: str = "") -> QuerySet[SurveyResponse]:
    """The wave's answers holding a free-text comment, newest first; `query` searches them."""
    codes = text_item_codes(wave.grid_version.snapshot or {})
    if not codes:
        return SurveyResponse.objects.none()
    qs = SurveyResponse.objects.filter(wave=wave, answers__has_any_keys=codes)
    query = query.strip()
    if query:
        match = Q()
        for code in codes:
            match |= Q(**{f"answers__{code}__icontains": query})
        qs = qs.filter(match)
    return qs.select_related("wave_point__service_point", "comment_flag").order_by(
        "-submitted_at", "-pk"
    )


def comment_rows(*, wave: SurveyWave, responses: Iterable[SurveyResponse]) -> list[CommentRow]:
    snapshot = wave.grid_version.snapshot or {}
    return [
        CommentRow(
            response=r,
            text=comment_text(snapshot, r.answers),
            flag=getattr(r, "comment_flag", None),
        )
        for r in responses
    ]


def _flagged(flag: CommentFlag) -> FlaggedComment:
    response = flag.response
    return FlaggedComment(
        pk=flag.pk,
        text=comment_text(response.grid_version.snapshot or {}, response.answers),
        reason=flag.reason,
        wave_code=response.wave.code,
        service_point=response.wave_point.service_point,
        submitted_at=response.submitted_at,
        flagged_at=flag.flagged_at,
    )


def _open_flags() -> QuerySet[CommentFlag]:
    return CommentFlag.objects.filter(handled_at__isnull=True).select_related(
        "response__wave",
        "response__grid_version",
        "response__wave_point__service_point__body",
    )


def comment_flags_open() -> list[FlaggedComment]:
    """Flagged comments no integrity officer has taken up yet, oldest first."""
    return [_flagged(flag) for flag in _open_flags()[:200]]


def comment_flag_open_get(*, pk: int) -> tuple[CommentFlag, FlaggedComment] | None:
    """A flagged comment still waiting, or None."""
    flag = _open_flags().filter(pk=pk).first()
    return None if flag is None else (flag, _flagged(flag))


# --- Running tallies (dashboards) ---------------------------------------------------------


@dataclass(frozen=True)
class WaveTally:
    """One wave's running totals over its (selected) points: see models.WavePointTally.
    `indices.figure_from_sums(overall_n, overall_sum, overall_sumsq, wave.min_sample)` gives
    the satisfaction index, `indices.share_figure(satisfied, overall_n, wave.min_sample)` the
    share satisfied."""

    wave: SurveyWave
    responses: int
    overall_n: int
    overall_sum: float
    overall_sumsq: float
    satisfied: int
    dissatisfied: int
    point_ids: tuple[int, ...]  # the service point ids (registry) of the wave counted


def wave_tallies(
    *,
    start: dt.date,
    end: dt.date,
    service_point_ids: Iterable[int] | QuerySet[Any] | None = None,
) -> list[WaveTally]:
    """The tallies of the waves (not drafts) whose period overlaps [start, end], summed over
    their points — only the points among `service_point_ids` (registry ids, an iterable or a
    queryset of ids) when given. A wave reaching none of the selected points is left out.
    Oldest wave first. Three queries, whatever the number of waves."""
    points = WaveServicePoint.objects.filter(
        wave__starts_on__lte=end, wave__ends_on__gte=start
    ).exclude(wave__status=WaveStatus.DRAFT)
    if service_point_ids is not None:
        if not isinstance(service_point_ids, QuerySet):
            service_point_ids = list(service_point_ids)
        points = points.filter(service_point_id__in=service_point_ids)
    # Summed by the database (a national year is 10,000 wave points); a point without a
    # tally row (no counted answer yet) adds nothing. The sums are of whole numbers (counts,
    # and scores on 0–100 in steps of 25): exact in any order.
    sums: dict[int, list[Any]] = {}
    for wave_id, *totals in (
        points.order_by()
        .values("wave_id")
        .annotate(**{name: Sum(f"tally__{name}") for name in WavePointTally.COUNTERS})
        .values_list("wave_id", *WavePointTally.COUNTERS)
    ):
        sums[wave_id] = [value or 0 for value in totals]
    point_ids: dict[int, list[int]] = defaultdict(list)
    for wave_id, point_id in points.order_by().values_list("wave_id", "service_point_id"):
        point_ids[wave_id].append(point_id)
    if not sums:
        return []
    # The questionnaire (a large JSON document) is not needed by the tallies' readers.
    waves = (
        SurveyWave.objects.select_related("grid_version")
        .defer("grid_version__snapshot")
        .in_bulk(list(sums))
    )
    out = [
        WaveTally(
            waves[wave_id],
            int(total[0]),
            int(total[1]),
            float(total[2]),
            float(total[3]),
            int(total[4]),
            int(total[5]),
            tuple(sorted(point_ids[wave_id])),
        )
        for wave_id, total in sums.items()
    ]
    out.sort(key=lambda t: (t.wave.starts_on, t.wave.code))
    return out


# --- Mystery visits (the missions app is not built yet) -----------------------------------

MysteryProvider = Callable[[SurveyWave], Mapping[int, float]]


def mystery_provider() -> MysteryProvider | None:
    """The function giving {service point id: mystery-visit score 0–100} for a wave's
    period, named by settings.RAQIB_SURVEY_MYSTERY_SCORES (a dotted path); None until the
    missions app provides one."""
    path = conf.survey_mystery_scores()
    return import_string(path) if path else None


def survey_mystery_comparison(
    *,
    wave: SurveyWave,
    scores: Mapping[int, float] | None = None,
    indices_data: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Survey index against mystery-visit scores for the wave's points. `scores` may be given
    directly (tests, reports); otherwise the configured provider is asked. `indices_data`:
    the wave's `wave_indices` over all its points, when the caller has it already."""
    if scores is None:
        provider = mystery_provider()
        if provider is None:
            return None
        scores = provider(wave)
    data = indices_data if indices_data is not None else wave_indices(wave=wave, kinds=["point"])
    figures = {g.key: g.result.index for g in data["point"] if g.key is not None}
    in_wave = set(wave.points.values_list("service_point_id", flat=True))
    return indices.compare_with_mystery(figures, {k: v for k, v in scores.items() if k in in_wave})


# --- Published figures (raqib.publication) --------------------------------------------------


@dataclass(frozen=True)
class PointSatisfaction:
    """A point's satisfaction index in its latest wave of the period (the survey's own
    minimum sample applies: `figure.value` is None below it)."""

    wave_code: str
    wave_title_ar: str
    wave_title_fr: str
    figure: indices.Figure
    responses: int


def point_satisfaction(
    *, start: dt.date, end: dt.date, service_point_ids: list[int] | None = None
) -> dict[int, PointSatisfaction]:
    """{service point id: its satisfaction in the newest wave (not a draft) overlapping the
    period}. One query."""
    points = (
        WaveServicePoint.objects.filter(wave__starts_on__lte=end, wave__ends_on__gte=start)
        .exclude(wave__status=WaveStatus.DRAFT)
        .select_related("wave", "tally")
        .order_by("service_point_id", "-wave__starts_on", "-wave__pk")
    )
    if service_point_ids is not None:
        points = points.filter(service_point_id__in=service_point_ids)
    out: dict[int, PointSatisfaction] = {}
    for wave_point in points:
        if wave_point.service_point_id in out:
            continue
        tally = getattr(wave_point, "tally", None)
        n, total, sumsq = (
            (tally.overall_n, tally.overall_sum, tally.overall_sumsq) if tally else (0, 0.0, 0.0)
        )
        wave = wave_point.wave
        out[wave_point.service_point_id] = PointSatisfaction(
            wave_code=wave.code,
            wave_title_ar=wave.title_ar,
            wave_title_fr=wave.title_fr,
            figure=indices.figure_from_sums(n, total, sumsq, wave.min_sample),
            responses=tally.responses if tally else 0,
        )
    return out
