"""A wave's answers boiled down to what the indices need: per service point of the wave (or
per wave), how many answers count, how many are held in quarantine, and for each scored item
how many counted answers hold each value.

Every figure of a group follows from these counts (`indices.group_indices_from_counts`), so
the answers are read once, grouped by the database, and the points are rolled up to bodies,
governorates… in Python. A national wave (250,000 answers, 2,500 points) is a few thousand
rows instead of 250,000 JSON documents re-read for each group they count in
(docs/benchmarks.md, survey results page at national scale).

PostgreSQL groups the JSON values itself; elsewhere (SQLite: tests, demo) the answers are
read and counted here. Both give the same counts: a value counts when `indices.rescale`
accepts it, as the indices always did.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection

from . import indices
from .models import SurveyResponse

By = Literal["wave_point_id", "wave_id"]


@dataclass
class Counts:
    """Counted answers, held (quarantined, screened) answers and, per item code, the counted
    answers per rescaled value."""

    counted: int = 0
    held: int = 0
    items: dict[str, Counter[float]] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.counted += other.counted
        self.held += other.held
        for code, values in other.items.items():
            mine = self.items.get(code)
            if mine is None:
                self.items[code] = Counter(values)
                continue
            for value, n in values.items():  # cheaper than Counter.update for a handful
                mine[value] += n

    def add_value(self, code: str, raw: object, count: int) -> None:
        value = indices.rescale(raw)
        if value is not None:
            self.items.setdefault(code, Counter())[value] += count

    def result(self, *, min_sample: int, drivers: Sequence[str]) -> indices.GroupIndices:
        return indices.group_indices_from_counts(
            self.counted, self.items, min_sample=min_sample, drivers=drivers
        )


def answer_counts(
    *,
    wave_ids: Sequence[int],
    codes: Sequence[str],
    by: By = "wave_point_id",
    wave_point_ids: Iterable[int] | None = None,
) -> dict[int, Counts]:
    """{wave point id (or wave id): its counts} over the screened answers of `wave_ids`, for
    the item `codes`; only the points among `wave_point_ids` when given. A point without any
    screened answer is absent."""
    points = None if wave_point_ids is None else sorted(set(wave_point_ids))
    if connection.vendor == "postgresql":
        return _counts_sql(list(wave_ids), list(codes), by, points)
    return _counts_python(list(wave_ids), list(codes), by, points)


_TABLE = SurveyResponse._meta.db_table

# jsonb_each gives the planner a fair row estimate (a hash aggregate, no sort on disk); with a
# single code, reading that key is cheaper than expanding every answer.
_ITEMS_SQL = """
    SELECT r.{by}, e.key, e.value::text, count(*)
    FROM {table} r CROSS JOIN LATERAL jsonb_each(r.answers) e
    WHERE r.wave_id = ANY(%s) AND r.screened AND NOT r.quarantined AND e.key = ANY(%s) {points}
    GROUP BY 1, 2, 3
"""
_ONE_ITEM_SQL = """
    SELECT r.{by}, %s, (r.answers -> %s)::text, count(*)
    FROM {table} r
    WHERE r.wave_id = ANY(%s) AND r.screened AND NOT r.quarantined {points}
    GROUP BY 1, 3
"""
_TOTALS_SQL = """
    SELECT r.{by}, r.quarantined, count(*)
    FROM {table} r
    WHERE r.wave_id = ANY(%s) AND r.screened {points}
    GROUP BY 1, 2
"""


def _counts_sql(
    wave_ids: list[int], codes: list[str], by: By, points: list[int] | None
) -> dict[int, Counts]:
    where = "" if points is None else "AND r.wave_point_id = ANY(%s)"
    extra = [] if points is None else [points]
    out: dict[int, Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(_TOTALS_SQL.format(by=by, table=_TABLE, points=where), [wave_ids, *extra])
        for key, quarantined, n in cursor.fetchall():
            counts = out.setdefault(key, Counts())
            if quarantined:
                counts.held += n
            else:
                counts.counted += n
        if not codes or not out:
            return out
        if len(codes) == 1:
            sql = _ONE_ITEM_SQL.format(by=by, table=_TABLE, points=where)
            params: list[Any] = [codes[0], codes[0], wave_ids, *extra]
        else:
            sql = _ITEMS_SQL.format(by=by, table=_TABLE, points=where)
            params = [wave_ids, codes, *extra]
        cursor.execute(sql, params)
        for key, code, text, n in cursor.fetchall():
            # NULL: the key is absent (single-code query); the answer does not hold the item.
            if text is not None:
                out[key].add_value(code, json.loads(text), n)
    return out


def _counts_python(
    wave_ids: list[int], codes: list[str], by: By, points: list[int] | None
) -> dict[int, Counts]:
    rows = SurveyResponse.objects.filter(wave_id__in=wave_ids, screened=True)
    if points is not None:
        rows = rows.filter(wave_point_id__in=points)
    out: dict[int, Counts] = {}
    tally: Counter[tuple[int, str, float]] = Counter()
    for key, quarantined, answers in rows.values_list(by, "quarantined", "answers").iterator():
        counts = out.setdefault(key, Counts())
        if quarantined:
            counts.held += 1
            continue
        counts.counted += 1
        for code in codes:
            if code in answers and (value := indices.rescale(answers[code])) is not None:
                tally[(key, code, value)] += 1
    for (key, code, value), n in tally.items():
        out[key].items.setdefault(code, Counter())[value] = n
    return out
