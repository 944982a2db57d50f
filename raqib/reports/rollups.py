"""Keeping the dashboard rollups (models/facts.py) in step with validations.

* ``on_report_validated`` — the receiver of ``missions.signals.report_validated``: writes the
  report's ``ReportFact``, its ``CriterionFact`` rows and the ``ScoreCube``,
  ``ScoreBodyCube``, ``ScoreDayCube`` and ``ReportDayCube`` increments (``INSERT … ON
  CONFLICT DO UPDATE``), inside the validation's transaction (a rollback leaves nothing).
  A second call is a no-op.
* ``MissionDayCube`` is not written here: a PostgreSQL trigger on the missions keeps it
  (migration 0003), since missions change status outside any validation.
* ``rollups_rebuild`` — empties the tables and recomputes them from every validated
  active report (``manage.py rebuild_rollups``): facts in batches (COPY on PostgreSQL), then
  each cube with one ``INSERT … SELECT … GROUP BY`` over the facts, so memory stays bounded
  at any volume.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from raqib.grids.frozen import FrozenScore

from . import cache as dashboard_cache
from .models.facts import (
    CRITERION,
    SECTION,
    CriterionFact,
    MissionDayCube,
    ReportDayCube,
    ReportFact,
    ScoreBodyCube,
    ScoreCube,
    ScoreDayCube,
)

if TYPE_CHECKING:
    from raqib.accounts.models import User

CUBE_KEY = ("month", "governorate_id", "category_id", "channel", "kind", "code")
BODY_CUBE_KEY = ("month", "body_id", "governorate_id", "category_id", "channel", "kind", "code")
DAY_CUBE_KEY = ("day", "channel", "kind", "code")
CRITERION_COLUMNS = (
    "fact_id",
    "day",
    "governorate_id",
    "body_id",
    "category_id",
    "channel",
    "kind",
    "code",
    "section",
    "score",
    "critical_failure",
)


def reference_day(window_start: dt.datetime) -> dt.date:
    """A mission's reference date: the local date (settings.TIME_ZONE) its window starts."""
    return timezone.localtime(window_start, timezone.get_default_timezone()).date()


def scored_items(score: FrozenScore | None) -> Iterator[tuple[str, str, str, float, bool]]:
    """(kind, code, section, percent, critical failure) of every scored section and criterion.

    A section's critical failure means one of its critical criteria scored 0.
    """
    if score is None:
        return
    failures = set(score.critical_failures)
    for section in score.sections:
        if section.percent is not None:
            failed = any(c.code in failures for c in section.criteria)
            yield SECTION, section.code, section.code, float(section.percent), failed
        for criterion in section.criteria:
            if criterion.scored and criterion.percent is not None:
                yield (
                    CRITERION,
                    criterion.code,
                    section.code,
                    float(criterion.percent),
                    criterion.code in failures,
                )


def _fact_for(report: Any) -> ReportFact:
    mission = report.mission
    point = mission.service_point
    day = reference_day(mission.window_start)
    score = FrozenScore.read(report.score)
    failures = list(score.critical_failures) if score else []
    return ReportFact(
        report_id=report.pk,
        mission_id=mission.pk,
        day=day,
        month=day.replace(day=1),
        service_point_id=point.pk,
        governorate_id=point.governorate_id,
        body_id=point.body_id,
        category_id=point.category_id,
        channel=mission.channel,
        grid_version_id=mission.grid_version_id,
        score=None if report.score_out_of_100 is None else float(report.score_out_of_100),
        critical=bool(failures),
        critical_codes=failures,
        validated_at=report.validated_at or timezone.now(),
    )


def _criterion_rows(fact: ReportFact, score: FrozenScore | None) -> list[tuple[Any, ...]]:
    return [
        (
            fact.pk,
            fact.day,
            fact.governorate_id,
            fact.body_id,
            fact.category_id,
            fact.channel,
            kind,
            code,
            section,
            value,
            failed,
        )
        for kind, code, section, value, failed in scored_items(score)
    ]


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _insert_criteria(rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table = _table(CriterionFact)
    columns = ", ".join(CRITERION_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = getattr(cursor, "cursor", cursor)
            if hasattr(raw, "copy"):  # psycopg 3: COPY is ~10× faster than INSERT
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
        marks = ", ".join(["%s"] * len(CRITERION_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (our table)
        cursor.executemany(sql, rows)


def _upsert(model: Any, key: tuple[str, ...], values: list[tuple[Any, ...]], extra: str) -> None:
    """Add rows (key…, [extra,] n, total, critical_failures) to a cube: one statement."""
    table = _table(model)
    columns = ", ".join(key) + (f", {extra}" if extra else "") + ", n, total, critical_failures"
    width = len(key) + (1 if extra else 0) + 3
    marks = "(" + ", ".join(["%s"] * width) + ")"
    # Table and column names are our own constants; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608
        f"VALUES {', '.join([marks] * len(values))} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        f"n = {table}.n + excluded.n, "
        f"total = {table}.total + excluded.total, "
        f"critical_failures = {table}.critical_failures + excluded.critical_failures"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in values for value in row])


def _cube_increment(fact: ReportFact, rows: list[tuple[Any, ...]]) -> None:
    """Add one report's criterion scores to the monthly and the daily cubes."""
    if not rows:
        return
    # row: fact_id, day, governorate, body, category, channel, kind, code, section, score, failed
    cell = (fact.month, fact.governorate_id, fact.category_id, fact.channel)
    monthly = [(*cell, r[6], r[7], r[8], 1, r[9], 1 if r[10] else 0) for r in rows]
    _upsert(ScoreCube, CUBE_KEY, monthly, "section")
    body_cell = (fact.month, fact.body_id, fact.governorate_id, fact.category_id, fact.channel)
    per_body = [(*body_cell, r[6], r[7], r[8], 1, r[9], 1 if r[10] else 0) for r in rows]
    _upsert(ScoreBodyCube, BODY_CUBE_KEY, per_body, "section")
    daily = [(fact.day, fact.channel, r[6], r[7], 1, r[9], 1 if r[10] else 0) for r in rows]
    _upsert(ScoreDayCube, DAY_CUBE_KEY, daily, "")


def _report_day_increment(fact: ReportFact) -> None:
    """Add one report to its ReportDayCube cell (scores in tenths: integers, exact)."""
    table = _table(ReportDayCube)
    scored = 0 if fact.score is None else 1
    tenths = 0 if fact.score is None else round(fact.score * 10)
    sql = (
        f"INSERT INTO {table} (day, channel, grid_version_id, reports, scored, tenths, critical) "  # noqa: S608
        "VALUES (%s, %s, %s, 1, %s, %s, %s) "
        "ON CONFLICT (day, channel, grid_version_id) DO UPDATE SET "
        f"reports = {table}.reports + 1, scored = {table}.scored + excluded.scored, "
        f"tenths = {table}.tenths + excluded.tenths, "
        f"critical = {table}.critical + excluded.critical"
    )
    values: list[Any] = [
        fact.day,
        fact.channel,
        fact.grid_version_id,
        scored,
        tenths,
        int(fact.critical),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def on_report_validated(sender: Any, *, report: Any, **kwargs: Any) -> None:
    """Receiver of missions.signals.report_validated (inside the validation's transaction)."""
    if ReportFact.objects.filter(report_id=report.pk).exists():
        return
    dashboard_cache.bump_now_and_on_commit()
    fact = _fact_for(report)
    fact.save(force_insert=True)
    rows = _criterion_rows(fact, FrozenScore.read(report.score))
    _insert_criteria(rows)
    _cube_increment(fact, rows)
    _report_day_increment(fact)


def _validated_reports(chunk_size: int) -> Iterator[Any]:
    from raqib.missions.models import Report, ReportStatus

    return (
        Report.objects.filter(status=ReportStatus.VALIDATED, is_active=True)
        .select_related("mission__service_point")
        .only(
            "pk",
            "score",
            "score_out_of_100",
            "validated_at",
            "mission__id",
            "mission__channel",
            "mission__window_start",
            "mission__grid_version_id",
            "mission__service_point__id",
            "mission__service_point__governorate_id",
            "mission__service_point__body_id",
            "mission__service_point__category_id",
        )
        .order_by("pk")
        .iterator(chunk_size=chunk_size)
    )


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _empty_tables() -> None:
    models = [ReportDayCube, ScoreBodyCube, ScoreDayCube, ScoreCube, CriterionFact, ReportFact]
    if connection.vendor == "postgresql":
        models.append(MissionDayCube)
    tables = [_table(m) for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses to run while deferred foreign-key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def _cube_from_facts() -> tuple[int, int]:
    cube, facts, criteria = _table(ScoreCube), _table(ReportFact), _table(CriterionFact)
    key = ", ".join(CUBE_KEY)
    sql = (
        f"INSERT INTO {cube} ({key}, section, n, total, critical_failures) "  # noqa: S608
        "SELECT f.month, c.governorate_id, c.category_id, c.channel, c.kind, c.code, "
        "MIN(c.section), COUNT(*), SUM(c.score), "
        "SUM(CASE WHEN c.critical_failure THEN 1 ELSE 0 END) "
        f"FROM {criteria} c INNER JOIN {facts} f ON f.id = c.fact_id "
        "GROUP BY f.month, c.governorate_id, c.category_id, c.channel, c.kind, c.code"
    )
    day_cube = _table(ScoreDayCube)
    daily = (
        f"INSERT INTO {day_cube} (day, channel, kind, code, n, total, critical_failures) "  # noqa: S608
        "SELECT c.day, c.channel, c.kind, c.code, COUNT(*), SUM(c.score), "
        "SUM(CASE WHEN c.critical_failure THEN 1 ELSE 0 END) "
        f"FROM {criteria} c GROUP BY c.day, c.channel, c.kind, c.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cells = int(cursor.rowcount or 0)
        cursor.execute(daily)
        return cells, int(cursor.rowcount or 0)


def _body_cube_from_facts() -> int:
    cube, facts, criteria = _table(ScoreBodyCube), _table(ReportFact), _table(CriterionFact)
    key = ", ".join(BODY_CUBE_KEY)
    sql = (
        f"INSERT INTO {cube} ({key}, section, n, total, critical_failures) "  # noqa: S608
        "SELECT f.month, c.body_id, c.governorate_id, c.category_id, c.channel, c.kind, "
        "c.code, MIN(c.section), COUNT(*), SUM(c.score), "
        "SUM(CASE WHEN c.critical_failure THEN 1 ELSE 0 END) "
        f"FROM {criteria} c INNER JOIN {facts} f ON f.id = c.fact_id "
        "GROUP BY f.month, c.body_id, c.governorate_id, c.category_id, c.channel, c.kind, c.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.rowcount or 0)


def _day_cubes_from_facts() -> tuple[int, int]:
    """ReportDayCube from the facts; MissionDayCube (PostgreSQL) from the missions."""
    facts, report_day = _table(ReportFact), _table(ReportDayCube)
    reports = (
        f"INSERT INTO {report_day} "  # noqa: S608
        "(day, channel, grid_version_id, reports, scored, tenths, critical) "
        "SELECT day, channel, grid_version_id, COUNT(*), COUNT(score), "
        "COALESCE(SUM(CAST(ROUND(score * 10) AS BIGINT)), 0), "
        "SUM(CASE WHEN critical THEN 1 ELSE 0 END) "
        f"FROM {facts} GROUP BY day, channel, grid_version_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(reports)
        report_cells = int(cursor.rowcount or 0)
        if connection.vendor != "postgresql":
            return report_cells, 0
        from raqib.missions.models import Mission

        cursor.execute(
            f"INSERT INTO {_table(MissionDayCube)} (day, channel, status, missions) "  # noqa: S608
            "SELECT (window_start AT TIME ZONE %s)::date, channel, status, COUNT(*) "
            f"FROM {_table(Mission)} GROUP BY 1, 2, 3",
            [str(timezone.get_default_timezone())],
        )
        return report_cells, int(cursor.rowcount or 0)


@transaction.atomic
def rollups_rebuild(
    *,
    actor: User | None = None,
    batch_size: int = 2000,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Recompute the rollup tables from the validated active reports (audited).

    Returns the row counts written: {"reports": …, "criteria": …, "cube": …, "day_cube": …,
    "body_cube": …, "report_days": …, "mission_days": …} (mission days: PostgreSQL only).
    """
    from raqib.audit.services import audit_event_record

    say = progress or (lambda message: None)
    _empty_tables()
    counts = {
        "reports": 0,
        "criteria": 0,
        "cube": 0,
        "day_cube": 0,
        "body_cube": 0,
        "report_days": 0,
        "mission_days": 0,
    }
    for chunk in _chunks(_validated_reports(batch_size), batch_size):
        facts = ReportFact.objects.bulk_create([_fact_for(report) for report in chunk])
        if any(fact.pk is None for fact in facts):  # a backend that returns no ids
            ids = dict(
                ReportFact.objects.filter(report_id__in=[f.report_id for f in facts]).values_list(
                    "report_id", "pk"
                )
            )
            for fact in facts:
                fact.pk = ids[fact.report_id]
        rows: list[tuple[Any, ...]] = []
        for fact, report in zip(facts, chunk, strict=True):
            rows.extend(_criterion_rows(fact, FrozenScore.read(report.score)))
        _insert_criteria(rows)
        counts["reports"] += len(facts)
        counts["criteria"] += len(rows)
        say(f"{counts['reports']} reports, {counts['criteria']} criterion scores")
    counts["cube"], counts["day_cube"] = _cube_from_facts()
    say(f"{counts['cube']} monthly cube cells, {counts['day_cube']} daily national cells")
    counts["body_cube"] = _body_cube_from_facts()
    counts["report_days"], counts["mission_days"] = _day_cubes_from_facts()
    say(f"{counts['report_days']} daily report cells, {counts['mission_days']} mission cells")
    audit_event_record(
        actor=actor,
        action="rollups.rebuild",
        object_type="reports.rollups",
        object_label="rebuild_rollups",
        changes=counts,
    )
    dashboard_cache.bump_now_and_on_commit()
    return counts
