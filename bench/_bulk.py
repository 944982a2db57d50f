"""The bulk of the benchmark dataset: missions, reports and survey responses, through COPY.

A mixin of generate.Generator (it reads the points, pools, users and versions the
generator made before).
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from _answers import DATE_PLACEHOLDER, Pool, build_pool, survey_ballots

FULL = {"points": 5000, "missions": 100_000, "responses": 1_000_000, "observers": 300}
FIRST_DAY, LAST_DAY = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
WAVES = [  # (code suffix, start, end)
    ("2025-s1", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
    ("2025-s2", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
    ("2026-s1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    ("2026-s2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
]
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# fmt: off
MISSION_COLUMNS = [
    "id", "created_at", "updated_at", "code", "service_point_id", "grid_version_id", "channel",
    "observer_id", "window_start", "window_end", "campaign", "status", "pair_id", "version",
]
REPORT_COLUMNS = [
    "id", "created_at", "updated_at", "uuid", "mission_id", "observer_id", "is_active",
    "status", "answers", "notes", "started_at", "ended_at", "device_time", "received_at",
    "submitted_at", "location_consent", "latitude", "longitude", "location_accuracy",
    "anomalies", "coordinator_comment", "score", "score_out_of_100", "critical", "validated_at",
    "validated_by_id", "version", "client_revision",
]
RESPONSE_COLUMNS = [
    "id", "wave_point_id", "wave_id", "grid_version_id", "answers", "answers_hash", "language",
    "submitted_at", "duration_seconds", "mode", "interviewer_id", "quarantined",
    "quarantine_reasons", "review_state", "reviewed_by_id", "reviewed_at", "device_hash",
    "network_hash", "client_uuid",
]
# fmt: on
UTC_OFFSET = dt.timedelta(hours=1)  # Africa/Tunis, no daylight saving since 2009


def utc(value: dt.datetime) -> str:
    """A naive Tunis local time as a COPY timestamptz literal."""
    return f"{(value - UTC_OFFSET).isoformat(sep=' ')}+00"


def mission_code(index: int) -> str:
    # A bijection of the index onto 6 letters of the project's alphabet: unique, random-looking.
    size = len(CODE_ALPHABET) ** 6
    value = (index * 387_420_489 + 12_345) % size
    letters = []
    for _ in range(6):
        value, digit = divmod(value, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "M-" + "".join(letters)


@dataclass
class Point:
    id: int
    iso: str
    interior: bool
    quality: float
    start: dt.date
    end: dt.date | None
    channels: list[tuple[str, float]]
    weight: float


class BulkMixin:
    rng: random.Random
    n: dict[str, int]
    scale: float
    today: dt.date
    staff: dict[Any, Any]
    observers: list[int]
    points_list: list[Point]
    versions: dict[str, Any]
    survey_version: Any

    # --- big tables, through COPY ----------------------------------------------------------

    def copy(self, table: str, columns: list[str], lines: Iterable[str]) -> int:
        """COPY lines into an empty table, its secondary indexes dropped meanwhile.

        Building an index once over sorted data is much faster than maintaining it row by
        row (random keys such as UUIDs and hashes would thrash the buffer cache).
        """
        from django.db import connection

        count = 0
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg3 cursor under Django's wrapper
            rebuild = self._drop_indexes(raw, table)
            # Every row is generated consistent: skip the per-row foreign key triggers.
            raw.execute("SET session_replication_role = replica")
            try:
                with raw.copy(statement) as copy:
                    buffer: list[str] = []
                    for line in lines:
                        buffer.append(line)
                        if len(buffer) >= 5000:
                            copy.write("".join(buffer))
                            count += len(buffer)
                            buffer.clear()
                    if buffer:
                        copy.write("".join(buffer))
                        count += len(buffer)
            finally:
                raw.execute("SET session_replication_role = origin")
            raw.execute("SET maintenance_work_mem = '256MB'")
            for sql_text in rebuild:
                raw.execute(sql_text)
            raw.execute("RESET maintenance_work_mem")
        return count

    @staticmethod
    def _drop_indexes(raw: Any, table: str) -> list[str]:
        """Drop the table's unique constraints and secondary indexes; return how to rebuild."""
        raw.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = raw.fetchall()
        raw.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        indexes = raw.fetchall()
        rebuild = []
        for name, definition in constraints:
            raw.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            raw.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
        return rebuild

    def pools(self) -> None:
        from raqib.grids.scoring import score_report, validate_answers

        sizes = {"in_person": 700, "phone": 180, "web": 120}
        self.pool: dict[str, Pool] = {
            channel: build_pool(
                channel=channel,
                version=self.versions[channel],
                size=size,
                rng=self.rng,
                score_report=score_report,
                check=validate_answers,
            )
            for channel, size in sizes.items()
        }
        for channel, pool in self.pool.items():
            answered = sorted(s.answered for s in pool.sets)
            print(
                f"  {channel}: {len(pool.sets)} answer sets, {answered[0]}–{answered[-1]} "
                f"answers each, scores {pool.values[0]}–{pool.values[-1]}"
            )

    def _mission_day(self, point: Point) -> dt.date:
        first = max(FIRST_DAY, point.start)
        last = min(LAST_DAY, point.end) if point.end else LAST_DAY
        span = (last - first).days
        while True:
            day = first + dt.timedelta(days=self.rng.randint(0, max(span, 0)))
            if day.weekday() != 6 or span < 7:  # no visits on Sundays
                return day

    def _plan(self) -> list[tuple[Any, ...]]:
        """One compact record per mission; the COPY lines are built from it twice."""
        rng = self.rng
        points = self.points_list
        # Points are chosen in proportion to their weight and to how long they were open.
        weights = []
        for p in points:
            first = max(FIRST_DAY, p.start)
            last = min(LAST_DAY, p.end) if p.end else LAST_DAY
            weights.append(p.weight * max((last - first).days, 0))
        plan = []
        self.answers_total = 0
        for index, point in enumerate(rng.choices(points, weights, k=self.n["missions"]), 1):
            day = self._mission_day(point)
            channel = rng.choices([c for c, _w in point.channels], [w for _c, w in point.channels])[
                0
            ]
            quality = min(0.99, max(0.05, rng.gauss(point.quality, 0.1)))
            scored = self.pool[channel].pick(rng, quality)
            self.answers_total += scored.answered
            start = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=rng.randint(0, 360))
            visit = start + dt.timedelta(minutes=rng.randint(0, 120))
            ended = visit + dt.timedelta(minutes=rng.randint(10, 50))
            submitted = ended + dt.timedelta(minutes=rng.randint(5, 600))
            plan.append(
                (
                    index,
                    point.id,
                    channel,
                    scored,
                    start,
                    start - dt.timedelta(days=rng.randint(5, 20)),
                    visit,
                    ended,
                    submitted,
                    submitted + dt.timedelta(hours=rng.randint(2, 96)),
                    rng.choice(self.observers),
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                )
            )
        return plan

    def _mission_lines(self, plan: list[tuple[Any, ...]]) -> Iterator[str]:
        for index, point, channel, _s, start, created, _v, _e, _sub, validated, obs, _u in plan:
            yield (
                "\t".join(
                    [
                        str(index),
                        utc(created),
                        utc(validated),
                        mission_code(index),
                        str(point),
                        str(self.pool[channel].version_id),
                        channel,
                        str(obs),
                        utc(start),
                        utc(start + dt.timedelta(days=3)),
                        "",
                        "validated",
                        "\\N",
                        "5",
                    ]
                )
                + "\n"
            )

    def _report_lines(self, plan: list[tuple[Any, ...]]) -> Iterator[str]:
        coordinator = str(self.staff["coordinator"].id)
        for index, _p, _c, scored, _st, _cr, visit, ended, sub, validated, obs, key in plan:
            answers = scored.answers_copy.replace(
                DATE_PLACEHOLDER, visit.isoformat(timespec="minutes")
            )
            yield (
                "\t".join(
                    [
                        str(index),
                        utc(visit),
                        utc(validated),
                        str(key),
                        str(index),
                        str(obs),
                        "t",
                        "validated",
                        answers,
                        "",
                        utc(visit),
                        utc(ended),
                        utc(sub),
                        utc(sub),
                        utc(sub),
                        "f",
                        "\\N",
                        "\\N",
                        "\\N",
                        "[]",
                        "",
                        scored.score_copy,
                        scored.out_of_100,
                        "t" if scored.critical else "f",
                        utc(validated),
                        coordinator,
                        "1",
                        "",
                    ]
                )
                + "\n"
            )

    def missions(self) -> None:
        plan = self._plan()
        self.copy(
            "missions_mission",
            MISSION_COLUMNS,
            self._mission_lines(plan),
        )
        self.copy(
            "missions_report",
            REPORT_COLUMNS,
            self._report_lines(plan),
        )

    # --- surveys ------------------------------------------------------------------------------

    def waves(self) -> None:
        from raqib.surveys.models import SurveyWave, WaveServicePoint

        rng = self.rng
        per_wave = max(1, round(2500 * self.scale))
        self.wave_points: list[tuple[int, int, dt.date, dt.date, float, float]] = []
        tokens: set[str] = set()
        for suffix, start, end in WAVES:
            wave = SurveyWave.objects.create(
                code=f"bench-{suffix}",
                title_ar=f"موجة قيس الرضا {suffix}",
                title_fr=f"Vague de satisfaction {suffix}",
                grid_version=self.survey_version,
                starts_on=start,
                ends_on=end,
                status="closed" if end < self.today else "open",
                created_by=self.staff["coordinator"],
            )
            eligible = [
                p for p in self.points_list if p.start <= end and (p.end is None or p.end >= start)
            ]
            chosen = rng.sample(eligible, min(per_wave, len(eligible)))
            rows = []
            for point in chosen:
                token = base64.urlsafe_b64encode(rng.randbytes(8)).decode().rstrip("=")
                while token in tokens:
                    token = base64.urlsafe_b64encode(rng.randbytes(8)).decode().rstrip("=")
                tokens.add(token)
                rows.append(WaveServicePoint(wave=wave, service_point_id=point.id, token=token))
            created = WaveServicePoint.objects.bulk_create(rows, batch_size=2000)
            last = min(end, self.today)
            for wp, point in zip(created, chosen, strict=True):
                first = max(start, point.start)
                stop = min(last, point.end) if point.end else last
                stop = max(stop, first)
                # Satisfaction follows the point's quality, with its own noise.
                mood = 1 + 4 * min(1.0, max(0.0, rng.gauss(0.15 + 0.75 * point.quality, 0.1)))
                self.wave_points.append(
                    (wp.id, wave.id, first, stop, mood, rng.lognormvariate(0, 0.6))
                )

    def _responses(self) -> Iterator[str]:
        from raqib.surveys.answers import fingerprint
        from raqib.surveys.bank import DRIVER_CODES

        rng = self.rng
        ballots = survey_ballots(
            rng=rng, per_level=2000, driver_codes=DRIVER_CODES, fingerprint=fingerprint
        )
        chosen = rng.choices(
            self.wave_points, [w[5] for w in self.wave_points], k=self.n["responses"]
        )
        networks = [f"{rng.getrandbits(256):064x}" for _ in range(max(100, len(chosen) // 5))]
        reasons = ['["too_fast"]', '["duplicate_device"]', '["rate_network"]', '["no_timestamp"]']
        version = self.survey_version.id
        coordinator = self.staff["coordinator"].id
        for index, (wp, wave, first, stop, mood, _w) in enumerate(chosen, start=1):
            overall = min(5, max(1, round(rng.gauss(mood, 0.9))))
            ballot = rng.choice(ballots[overall])
            day = first + dt.timedelta(days=rng.randint(0, (stop - first).days))
            at = dt.datetime.combine(day, dt.time(7)) + dt.timedelta(seconds=rng.randint(0, 50400))
            interviewer = rng.random() < 0.05
            quarantined, why, review, reviewer, reviewed = "f", "[]", "", "\\N", "\\N"
            if not interviewer and rng.random() < 0.03:
                quarantined, why = "t", rng.choice(reasons)
                roll = rng.random()
                if roll < 0.1:  # released by a coordinator: counted again
                    quarantined, review = "f", "released"
                elif roll < 0.3:
                    review = "confirmed"
                if review:
                    reviewer, reviewed = str(coordinator), utc(at + dt.timedelta(days=2))
            yield (
                "\t".join(
                    [
                        str(index),
                        str(wp),
                        str(wave),
                        str(version),
                        ballot.answers_copy,
                        ballot.answers_hash,
                        "ar" if rng.random() < 0.78 else "fr",
                        utc(at),
                        str(rng.randint(40, 600)),
                        "interviewer" if interviewer else "public",
                        str(rng.choice(self.observers)) if interviewer else "\\N",
                        quarantined,
                        why,
                        review,
                        reviewer,
                        reviewed,
                        "" if interviewer else f"{rng.getrandbits(256):064x}",
                        "" if interviewer else rng.choice(networks),
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    ]
                )
                + "\n"
            )

    def responses(self) -> None:
        self.copy(
            "surveys_surveyresponse",
            RESPONSE_COLUMNS,
            self._responses(),
        )

    def sequences(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        from raqib.missions.models import Mission, Report
        from raqib.surveys.models import SurveyResponse

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Mission, Report, SurveyResponse]
            ):
                cursor.execute(statement)
