#!/usr/bin/env python
"""Generate the national-scale benchmark dataset into a dedicated PostgreSQL database.

    .venv/bin/python bench/generate.py [--scale 1.0] [--seed 2026] [--database URL]

Drops and recreates the database (default postgres://postgres@127.0.0.1:5432/raqib_bench;
any database whose name lacks "bench" is refused), migrates it, then loads — reproducibly
from --seed — a body tree, 5,000 service points with activity periods, a few hundred
observers, 100,000 validated missions with their reports (answers and frozen scores from the
real scoring engine) and 1,000,000 survey responses over four waves (all × --scale). Big
tables go in through PostgreSQL COPY. Then the rollups and survey tallies are rebuilt with
the project's own commands, and the database is vacuumed and analysed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bulk import FIRST_DAY, FULL, BulkMixin, Point
from _common import ROOT, Clock, bench_url, database_name, setup_django
from _territory import QUALITY_SHIFT, allocate, point_weights

PASSWORD = "Raqib-bench-2026"  # noqa: S105 (synthetic accounts of a throw-away database)
FOCAL_BODY = "bench-demo-cnam-tn-33"  # the CNAM office of Le Kef: a focal point's small body


def recreate_database(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Generator(BulkMixin):
    def __init__(self, *, seed: int, scale: float, clock: Clock) -> None:
        self.rng = random.Random(seed)
        self.seed, self.scale, self.clock = seed, scale, clock
        self.n = {k: max(1, round(v * scale)) for k, v in FULL.items()}
        self.n["observers"] = max(20, self.n["observers"])
        self.today = dt.date(2026, 11, 29)

    # --- small tables, through the ORM --------------------------------------------------------

    def migrate(self) -> None:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)

    def grids(self) -> None:
        from raqib.grids.models import GridVersion, VersionStatus
        from raqib.grids.xlsform import grid_defaults_load
        from raqib.surveys.services import survey_default_questionnaire_load

        grid_defaults_load(actor=None)
        self.survey_version = survey_default_questionnaire_load(actor=None)
        published = GridVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
            "grid"
        )
        by_code = {v.grid.code: v for v in published}
        self.versions = {"in_person": by_code["VISIT"], "phone": by_code["PHONE"]}
        self.versions["web"] = by_code["WEB"]

    def users(self) -> None:
        from allauth.mfa.totp.internal.auth import TOTP
        from django.contrib.auth.hashers import make_password

        from raqib.accounts.demo import DEMO_TOTP_SECRET
        from raqib.accounts.models import ObserverProfile, User, UserRole
        from raqib.accounts.services import user_create
        from raqib.core.roles import Role
        from raqib.registry.models import Delegation

        self.staff = {}
        for username, role in [
            ("bench-director", Role.DIRECTOR),
            ("bench-coordinator", Role.COORDINATOR),
            ("bench-focal", Role.FOCAL_POINT),
        ]:
            user = user_create(actor=None, username=username, password=PASSWORD, roles=[role])
            if role != Role.FOCAL_POINT:
                TOTP.activate(user, DEMO_TOTP_SECRET)
            self.staff[role] = user
        self.staff["coordinator"] = self.staff[Role.COORDINATOR]
        hashed = make_password(PASSWORD)
        delegations = list(Delegation.objects.values_list("id", flat=True))
        users = User.objects.bulk_create(
            [
                User(username=f"bench-obs-{i:04d}", password=hashed, search_text=f"obs-{i:04d}")
                for i in range(1, self.n["observers"] + 1)
            ]
        )
        UserRole.objects.bulk_create([UserRole(user=u, role=Role.OBSERVER) for u in users])
        ObserverProfile.objects.bulk_create(
            [
                ObserverProfile(
                    user=u,
                    pseudonym=f"OBS-{i:04d}",
                    home_delegation_id=self.rng.choice(delegations),
                )
                for i, u in enumerate(users, start=1)
            ]
        )
        self.observers = [u.id for u in users]

    def bodies(self) -> None:
        from raqib.demo import data
        from raqib.registry.models import Delegation, Governorate, PublicBody, ServiceCategory

        self.governorates = {g.iso_code: g for g in Governorate.objects.all()}
        self.interior = set(
            Governorate.objects.filter(region_tags__code="interior").values_list(
                "iso_code", flat=True
            )
        )
        ministries = PublicBody.objects.bulk_create(
            [
                PublicBody(
                    code=f"bench-{code}",
                    acronym=acronym,
                    name_ar=ar,
                    name_fr=fr,
                    body_type="ministry",
                    is_demo=True,
                )
                for code, acronym, ar, fr in data.MINISTRIES
            ]
        )
        by_code = {b.code: b for b in ministries}
        nationals = PublicBody.objects.bulk_create(
            [
                PublicBody(
                    code=f"bench-{b.code}",
                    acronym=b.acronym,
                    name_ar=b.name_ar,
                    name_fr=b.name_fr,
                    body_type=b.body_type,
                    parent=by_code[f"bench-{b.parent}"],
                    is_demo=True,
                )
                for b in data.BODIES
            ]
        )
        by_code |= {b.code: b for b in nationals}
        used = {k.body for k in [*data.REGIONAL_KINDS, *data.LOCAL_KINDS]}
        regional = []
        for body in data.BODIES:
            if body.code not in used or body.code == "demo-municipalities":
                continue
            label = body.acronym or body.name_fr
            for iso, gov in sorted(self.governorates.items()):
                regional.append(
                    PublicBody(
                        code=f"bench-{body.code}-{iso.lower()}",
                        acronym=body.acronym,
                        name_ar=f"{body.name_ar} — {gov.name_ar}",
                        name_fr=f"{label} — {gov.name_fr}",
                        body_type="regional",
                        parent=by_code[f"bench-{body.code}"],
                        is_demo=True,
                    )
                )
        municipalities_parent = by_code["bench-demo-municipalities"]
        delegations = list(Delegation.objects.select_related("governorate").order_by("code"))
        local = [
            PublicBody(
                code=f"bench-commune-{d.code}".lower()[:40],
                name_ar=f"بلدية {d.name_ar or d.name_fr}",
                name_fr=f"Commune de {d.name_fr or d.name_ar}",
                body_type="local",
                parent=municipalities_parent,
                is_demo=True,
            )
            for d in delegations
        ]
        created = PublicBody.objects.bulk_create(regional + local)
        self.body_by_code = by_code | {b.code: b for b in created}
        self.delegations = delegations
        self.categories = {
            c.code: c
            for c in ServiceCategory.objects.bulk_create(
                [
                    ServiceCategory(code=code, name_ar=ar, name_fr=fr)
                    for code, ar, fr in data.CATEGORIES
                ]
            )
        }

    def points(self) -> None:
        from raqib.demo import data
        from raqib.demo.seed import arabic_in, french_of
        from raqib.registry.models import ServicePoint, ServicePointActivePeriod
        from raqib.registry.services import service_point_search_text

        rng = self.rng
        counts = allocate(self.n["points"], point_weights(self.interior), floor=3)
        kinds = [(k, k.share * 1.5) for k in data.REGIONAL_KINDS]
        kinds += [(k, k.share * 6.0) for k in data.LOCAL_KINDS]
        by_gov: dict[int, list[Any]] = {}
        for d in self.delegations:
            by_gov.setdefault(d.governorate_id, []).append(d)
        rows, meta, names_used = [], [], {}
        for iso in sorted(counts):
            gov = self.governorates[iso]
            shift = QUALITY_SHIFT.get(iso, 0.0) - (0.02 if iso in self.interior else 0.0)
            centre_lat, centre_lon, spread = data.GOVERNORATE_AREAS[iso]
            for _ in range(counts[iso]):
                kind = rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
                delegation = rng.choice(by_gov[gov.id])
                if kind.body == "demo-municipalities":
                    body = self.body_by_code[f"bench-commune-{delegation.code}".lower()[:40]]
                else:
                    body = self.body_by_code[f"bench-{kind.body}-{iso.lower()}"]
                place_ar = delegation.name_ar or gov.name_ar
                place_fr = delegation.name_fr or gov.name_fr
                values = {"place_ar": place_ar, "place_fr": place_fr}
                values |= {"ar": arabic_in(place_ar), "fr": french_of(place_fr)}
                name_ar, name_fr = kind.name_ar.format(**values), kind.name_fr.format(**values)
                seen = names_used.get((name_ar, name_fr), 0) + 1
                names_used[(name_ar, name_fr)] = seen
                if seen > 1:
                    name_ar, name_fr = f"{name_ar} {seen}", f"{name_fr} {seen}"
                index = len(rows) + 1
                phones = (
                    f"+216 7{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
                )
                point = ServicePoint(
                    code=f"BP-{index:05d}",
                    name_ar=name_ar,
                    name_fr=name_fr,
                    body=body,
                    category=self.categories[kind.category],
                    delegation=delegation,
                    governorate=gov,
                    address=f"{rng.choice(data.STREETS)}, {place_fr}",
                    latitude=(centre_lat + Decimal(str(rng.uniform(-1, 1))) * spread).quantize(
                        Decimal("0.00001")
                    ),
                    longitude=(centre_lon + Decimal(str(rng.uniform(-1, 1))) * spread).quantize(
                        Decimal("0.00001")
                    ),
                    opening_hours=rng.choice(data.OPENING_HOURS),
                    phones=phones if rng.random() < 0.7 else "",
                    email=f"bp{index:05d}@bench.example" if rng.random() < 0.35 else "",
                    website="https://www.example.tn/" if rng.random() < 0.3 else "",
                    is_demo=True,
                )
                roll = rng.random()
                start = FIRST_DAY - dt.timedelta(days=rng.randint(30, 900))
                end = None
                if roll < 0.05:  # opened in 2026
                    start = dt.date(2026, 1, 10) + dt.timedelta(days=rng.randint(0, 280))
                elif roll < 0.10:  # closed in 2026
                    end = dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(0, 180))
                point.is_active = end is None
                point.search_text = service_point_search_text(point)
                rows.append(point)
                quality = min(0.97, max(0.2, rng.gauss(0.72 + shift, 0.12)))
                channels = [("in_person", 0.8)]
                if point.phones:
                    channels.append(("phone", 0.12))
                if point.website or point.email:
                    channels.append(("web", 0.08))
                # Visits concentrate on some points (a few never seen in a semester).
                weight = rng.lognormvariate(0, 1.1) * (1.15 if iso in self.interior else 1.0)
                meta.append((iso, quality, start, end, channels, weight))
        created = ServicePoint.objects.bulk_create(rows, batch_size=1000)
        ServicePointActivePeriod.objects.bulk_create(
            [
                ServicePointActivePeriod(
                    service_point=p,
                    started_on=m[2],
                    ended_on=m[3],
                    end_reason="Fermeture (banc d'essai)" if m[3] else "",
                )
                for p, m in zip(created, meta, strict=True)
            ],
            batch_size=2000,
        )
        self.points_list = [
            Point(p.id, m[0], m[0] in self.interior, m[1], m[2], m[3], m[4], m[5])
            for p, m in zip(created, meta, strict=True)
        ]
        focal_body = self.body_by_code[FOCAL_BODY]
        from raqib.accounts.services import user_focal_bodies_set
        from raqib.core.roles import Role

        user_focal_bodies_set(actor=None, user=self.staff[Role.FOCAL_POINT], bodies=[focal_body])


def rebuild(clock: Clock) -> dict[str, str]:
    from django.core.management import call_command, get_commands

    done = {}
    for command in ("rebuild_rollups", "rebuild_survey_tallies"):
        if command not in get_commands():
            print(f"  {command}: not available yet, skipped")
            done[command] = "missing"
            continue
        with clock.step(command):
            call_command(command)
        done[command] = "done"
    return done


def verify(sample: int = 200) -> int:
    """Re-score a random sample of reports as report_validate would; return the mismatches."""
    from raqib.grids import scoring
    from raqib.missions.models import Report

    mismatches = 0
    reports = Report.objects.select_related("mission__grid_version").order_by("?")[:sample]
    for report in reports:
        version = report.mission.grid_version
        result = scoring.score_report(version.snapshot, report.answers)
        frozen = {
            **result.to_dict(),
            "grid_version": version.id,
            "content_hash": version.content_hash,
        }
        if (
            frozen != report.score
            or result.out_of_100 != report.score_out_of_100
            or bool(result.critical_failures) != report.critical
            or scoring.validate_answers(version.snapshot, report.answers)
        ):
            mismatches += 1
    return mismatches


def reset_reports() -> None:
    """Drop every table of the reports app and forget its migrations (bench database only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        for table in [t for t in names if t.startswith("reports_")]:
            cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        # The missions' trigger keeping reports_missiondaycube (reports migration 0003).
        cursor.execute("DROP FUNCTION IF EXISTS reports_missionday_track() CASCADE")
        cursor.execute("DELETE FROM django_migrations WHERE app = 'reports'")


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def counts() -> dict[str, int]:
    from django.db import connection

    tables = [
        "registry_publicbody",
        "registry_servicepoint",
        "registry_servicepointactiveperiod",
        "accounts_user",
        "missions_mission",
        "missions_report",
        "surveys_surveywave",
        "surveys_waveservicepoint",
        "surveys_surveyresponse",
        "surveys_wavepointtally",
        "reports_reportfact",
        "reports_criterionfact",
        "reports_scorecube",
        "reports_scoredaycube",
    ]
    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            try:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
                found[table] = cursor.fetchone()[0]
            except Exception:
                found[table] = -1
        cursor.execute("SELECT pg_database_size(current_database())")
        found["database_bytes"] = cursor.fetchone()[0]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national scale")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", help="PostgreSQL URL (its name must contain 'bench')")
    parser.add_argument("--no-rebuild", action="store_true", help="skip rollups and tallies")
    parser.add_argument(
        "--rebuild-only",
        action="store_true",
        help="keep the data: migrate, rebuild rollups and tallies, VACUUM ANALYZE",
    )
    parser.add_argument(
        "--reset-reports",
        action="store_true",
        help="with --rebuild-only: drop the reports app's tables and migrate them again "
        "(for migrations edited in place during development)",
    )
    args = parser.parse_args(argv)
    url = bench_url(args.database)
    name = database_name(url)
    clock = Clock()
    if args.rebuild_only:
        setup_django(url)
        from django.core.management import call_command

        if args.reset_reports:
            with clock.step("drop the reports app's tables"):
                reset_reports()
        with clock.step("migrate"):
            call_command("migrate", interactive=False, verbosity=0)
        rebuild(clock)
        with clock.step("VACUUM ANALYZE"):
            vacuum()
        for table, count in counts().items():
            print(f"  {table:40} {count:>12,}")
        print(f"\nTotal: {clock.total:.1f} s")
        return 0
    print(f"Benchmark dataset: database {name}, scale {args.scale}, seed {args.seed}")
    with clock.step("drop and create the database"):
        recreate_database(url, name)
    setup_django(url)
    gen = Generator(seed=args.seed, scale=args.scale, clock=clock)
    with clock.step("migrate"):
        gen.migrate()
    with clock.step("default grids and questionnaire"):
        gen.grids()
    with clock.step("body tree and categories"):
        gen.bodies()
    with clock.step("users (staff and observers)"):
        gen.users()
    with clock.step(f"{gen.n['points']} service points and activity periods"):
        gen.points()
    with clock.step("answer pools scored with the real engine"):
        gen.pools()
    with clock.step(f"{gen.n['missions']} missions and validated reports (COPY)"):
        gen.missions()
    with clock.step("survey waves and wave points"):
        gen.waves()
    with clock.step(f"{gen.n['responses']} survey responses (COPY)"):
        gen.responses()
    gen.sequences()
    rebuilt = {} if args.no_rebuild else rebuild(clock)
    with clock.step("VACUUM ANALYZE"):
        vacuum()
    with clock.step("re-score 200 random reports with the scoring engine"):
        mismatches = verify()
    print(f"  frozen scores that differ from report_validate's: {mismatches}")
    found = counts()
    found["mission_answers"] = gen.answers_total
    found["rescored_mismatches"] = mismatches
    print("\nRows:")
    for table, count in found.items():
        print(f"  {table:40} {count:>12,}")
    print(f"\nTotal: {clock.total:.1f} s")
    summary = {
        "database": name,
        "scale": args.scale,
        "seed": args.seed,
        "steps": {step: round(seconds, 2) for step, seconds in clock.steps},
        "total_seconds": round(clock.total, 1),
        "rebuilt": rebuilt,
        "counts": found,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    out = ROOT / "bench" / f"generation-{name}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"Summary written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
