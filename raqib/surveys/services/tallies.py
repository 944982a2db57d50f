"""Running tallies of counted answers per wave point, for dashboards at national scale.

A response counts when it is not quarantined (a released one is no longer quarantined). Its
contribution — one response, and, when SAT_OVERALL holds a valid 1–5 answer, its rescaled
0–100 value, that value squared, and whether it is satisfied (4–5) or dissatisfied (1–2) —
is added with F() increments in the transaction that stores the answer or releases it, so a
rolled back submission or a retry of the same client UUID never counts. The database does
the additions: parallel submissions cannot lose one another's counts.

`survey_tallies_rebuild` recomputes the tallies from the answers (after an import, a repair,
or when the rules change): in one SQL statement on PostgreSQL, by streaming elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from raqib.audit.services import audit_event_record

from ..bank import OVERALL
from ..indices import rescale
from ..models import SurveyResponse, SurveyWave, WavePointTally, WaveServicePoint

TALLY_FIELDS = WavePointTally.COUNTERS
SATISFIED_FROM = 75.0  # 4 or 5 on the 1–5 scale, rescaled (as indices.group_indices)
DISSATISFIED_UP_TO = 25.0  # 1 or 2
_CHUNK = 5000


def tally_contribution(answers: Any) -> dict[str, int | float]:
    """What one counted response adds to its point's tally (pure, no database)."""
    value = rescale(answers.get(OVERALL)) if isinstance(answers, Mapping) else None
    if value is None:
        empty: dict[str, int | float] = dict.fromkeys(TALLY_FIELDS, 0)
        return empty | {"responses": 1}
    return {
        "responses": 1,
        "overall_n": 1,
        "overall_sum": value,
        "overall_sumsq": value * value,
        "satisfied": int(value >= SATISFIED_FROM),
        "dissatisfied": int(value <= DISSATISFIED_UP_TO),
    }


def survey_tally_add(*, response: SurveyResponse, sign: int = 1) -> None:
    """Add (sign=1) or take back (sign=-1) one counted response in its point's tally.

    Call it inside the transaction that makes the response count (or stop counting); the
    caller decides whether it counts. The tally row is created on first use.
    """
    if sign not in (1, -1):
        raise ValueError("sign must be 1 or -1")
    delta = tally_contribution(response.answers)
    changes = {name: F(name) + sign * amount for name, amount in delta.items() if amount}
    rows = WavePointTally.objects.filter(wave_point_id=response.wave_point_id)
    with transaction.atomic():
        if rows.update(**changes):
            return
        # First counted answer of the point: create the row (a parallel first answer may
        # win the insert — get_or_create then reads its row), then add.
        WavePointTally.objects.get_or_create(wave_point_id=response.wave_point_id)
        rows.update(**changes)


# --- Rebuild -------------------------------------------------------------------------------


def _ensure_and_lock(wave: SurveyWave | None) -> None:
    """Create the missing tally rows of the points in scope, then hold their rows until the
    rebuild commits: a submission arriving meanwhile waits and adds to the rebuilt value
    (its answer, not yet committed, is not in the recount)."""
    points = WaveServicePoint.objects.all()
    if wave is not None:
        points = points.filter(wave=wave)
    missing = points.filter(tally__isnull=True).values_list("pk", flat=True)
    ids = list(missing)
    for start in range(0, len(ids), _CHUNK):
        WavePointTally.objects.bulk_create(
            [WavePointTally(wave_point_id=pk) for pk in ids[start : start + _CHUNK]],
            ignore_conflicts=True,
        )
    tallies = WavePointTally.objects.all()
    if wave is not None:
        tallies = tallies.filter(wave_point__wave=wave)
    if connection.features.has_select_for_update:
        # On SQLite the insert above already holds the database's write lock.
        list(tallies.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))


_PG_REBUILD = """
UPDATE {tally} AS t SET
    responses = COALESCE(s.responses, 0),
    overall_n = COALESCE(s.overall_n, 0),
    overall_sum = COALESCE(s.overall_sum, 0),
    overall_sumsq = COALESCE(s.overall_sumsq, 0),
    satisfied = COALESCE(s.satisfied, 0),
    dissatisfied = COALESCE(s.dissatisfied, 0)
FROM {point} AS p
LEFT JOIN (
    SELECT
        v.wave_point_id,
        COUNT(*) AS responses,
        COUNT(v.x) AS overall_n,
        SUM(v.x) AS overall_sum,
        SUM(v.x * v.x) AS overall_sumsq,
        COUNT(*) FILTER (WHERE v.x >= %(sat)s) AS satisfied,
        COUNT(*) FILTER (WHERE v.x <= %(dissat)s) AS dissatisfied
    FROM (
        SELECT
            r.wave_point_id,
            CASE WHEN r.raw BETWEEN 1 AND 5 THEN (r.raw - 1) / 4 * 100.0 END AS x
        FROM (
            SELECT
                wave_point_id,
                CASE WHEN jsonb_typeof(answers -> %(key)s::text) = 'number'
                    THEN (answers ->> %(key)s::text)::double precision END AS raw
            FROM {response}
            WHERE NOT quarantined {response_scope}
        ) AS r
    ) AS v
    GROUP BY v.wave_point_id
) AS s ON s.wave_point_id = p.id
WHERE t.wave_point_id = p.id {point_scope}
"""


def _rebuild_postgresql(wave: SurveyWave | None) -> None:
    quote = connection.ops.quote_name
    sql = _PG_REBUILD.format(
        tally=quote(WavePointTally._meta.db_table),
        point=quote(WaveServicePoint._meta.db_table),
        response=quote(SurveyResponse._meta.db_table),
        response_scope="AND wave_id = %(wave)s" if wave is not None else "",
        point_scope="AND p.wave_id = %(wave)s" if wave is not None else "",
    )
    params: dict[str, str | float | int | None] = {
        "key": OVERALL,
        "sat": SATISFIED_FROM,
        "dissat": DISSATISFIED_UP_TO,
        "wave": wave.pk if wave is not None else None,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rebuild_python(wave: SurveyWave | None) -> None:
    """Stream (point, answers) pairs; memory holds one running total per point."""
    totals: dict[int, dict[str, int | float]] = {}
    responses = SurveyResponse.objects.filter(quarantined=False)
    if wave is not None:
        responses = responses.filter(wave=wave)
    pairs = responses.order_by().values_list("wave_point_id", "answers")
    for point_id, answers in pairs.iterator(chunk_size=_CHUNK):
        total = totals.get(point_id)
        delta = tally_contribution(answers)
        if total is None:
            totals[point_id] = delta
        else:
            for name, amount in delta.items():
                total[name] += amount
    tallies = WavePointTally.objects.all()
    if wave is not None:
        tallies = tallies.filter(wave_point__wave=wave)
    # The ids first: SQLite gives no isolation between a cursor being read and writes.
    ids = list(tallies.order_by("pk").values_list("pk", flat=True))
    zero: dict[str, int | float] = dict.fromkeys(TALLY_FIELDS, 0)
    for start in range(0, len(ids), 500):
        WavePointTally.objects.bulk_update(
            [
                WavePointTally(wave_point_id=pk, **totals.get(pk, zero))
                for pk in ids[start : start + 500]
            ],
            TALLY_FIELDS,
        )


@transaction.atomic
def survey_tallies_rebuild(*, wave: SurveyWave | None = None) -> int:
    """Recompute the tallies of one wave's points (every wave's when None) from the answers.
    Returns the number of points rebuilt."""
    _ensure_and_lock(wave)
    if connection.vendor == "postgresql":
        _rebuild_postgresql(wave)
    else:
        _rebuild_python(wave)
    tallies = WavePointTally.objects.all()
    if wave is not None:
        tallies = tallies.filter(wave_point__wave=wave)
    count = tallies.count()
    audit_event_record(
        actor=None,
        action="survey_tallies.rebuild",
        object_type="surveys.surveywave",
        object_id=wave.pk if wave is not None else "",
        object_label=wave.code if wave is not None else "",
        changes={"points": [None, count]},
    )
    return count
