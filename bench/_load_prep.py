"""The data side of the load test (bench/load.py): what the simulated users need, made through
the project's own services, and written to a plan file that the locust scenario reads.

Runs in-process under the production settings (the same SECRET_KEY and database as the
gunicorn it prepares for), so the sessions it opens are valid there. Idempotent: a second run
reuses the accounts, the open wave and the load-test missions still open, and only tops the
observers' missions up again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

from _answers import DATE_PLACEHOLDER, answer_set

CAMPAIGN = "bench-load"  # marks the missions made for the load test
STAFF_PASSWORD = "Raqib-bench-2026"  # noqa: S105 (synthetic accounts of a throw-away database)
DIRECTOR = "bench-director"
COORDINATOR = "bench-coordinator"
OBSERVER_PREFIX = "bench-obs-"
EXTRA_STAFF_PREFIX = "bench-load-coord-"
OPEN_STATES = ("assigned", "in_progress")
PHOTO_MARK = "<photo>"  # replaced by a fresh photo uuid for every report


def _session_cookie(user: Any) -> str:
    """A signed-in session for `user`, exactly what the login page would leave behind."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def ensure_staff(count: int) -> list[Any]:
    """The director, the coordinator, then extra coordinators (with TOTP, as MFA demands)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from raqib.accounts.demo import DEMO_TOTP_SECRET
    from raqib.accounts.models import User
    from raqib.accounts.services import user_create
    from raqib.core.roles import Role

    staff = [User.objects.get(username=DIRECTOR), User.objects.get(username=COORDINATOR)]
    for index in range(1, max(0, count - len(staff)) + 1):
        username = f"{EXTRA_STAFF_PREFIX}{index:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None, username=username, password=STAFF_PASSWORD, roles=[Role.COORDINATOR]
            )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        staff.append(user)
    return staff[:count]


def open_wave(actor: Any) -> Any:
    """The wave the respondents answer: the open one, else 2026-S2 opened by the service."""
    from raqib.surveys.models import SurveyWave, WaveStatus
    from raqib.surveys.services import survey_wave_open

    wave = SurveyWave.objects.filter(status=WaveStatus.OPEN).order_by("-starts_on").first()
    if wave is None:
        wave = SurveyWave.objects.get(code__iexact="bench-2026-S2")
        wave = survey_wave_open(actor=actor, wave=wave)
        print(f"  opened survey wave {wave.code}")
    return wave


def survey_questions(wave: Any) -> list[dict[str, Any]]:
    """The questions of the public page, with the values a respondent may send."""
    from raqib.surveys.answers import questions

    out = []
    for section in questions(wave.grid_version.snapshot or {}, "ar"):
        for item in section["items"]:
            out.append(
                {
                    "name": item["name"],
                    "type": item["type"],
                    "required": item["required"],
                    "values": [value for value, _label in item["options"]],
                }
            )
    return out


def _visit_window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(today, dt.time(0, 0)))
    return start, start + dt.timedelta(days=14)


def ensure_missions(*, observers: list[Any], per_observer: int, actor: Any, seed: int) -> int:
    """Top every observer up to `per_observer` open load-test missions (mission_create with
    the observer: the same conflict rules, audit and notification as the planning page)."""
    from django.core.exceptions import ValidationError
    from django.db.models import Count
    from django.utils import timezone

    from raqib.grids.models import GridVersion, VersionStatus
    from raqib.missions.models import Mission
    from raqib.missions.services import mission_create
    from raqib.registry.models import ServicePoint

    rng = random.Random(seed)
    published = GridVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("grid")
    by_code = {v.grid.code: v for v in published}
    visit, phone = by_code["VISIT"], by_code["PHONE"]
    points = list(ServicePoint.objects.filter(is_active=True).only("id", "phones", "in_person"))
    start, end = _visit_window(timezone.localdate())
    counts = dict(
        Mission.objects.filter(observer__in=observers, campaign=CAMPAIGN, status__in=OPEN_STATES)
        .values_list("observer")
        .annotate(n=Count("id"))
    )
    created = 0
    for observer in observers:
        missing = per_observer - counts.get(observer.pk, 0)
        attempts = 0
        while missing > 0 and attempts < per_observer * 20:
            attempts += 1
            point = rng.choice(points)
            # One mission in five by telephone where the point has a number, as in the field.
            version = phone if point.phones and rng.random() < 0.2 else visit
            if version is visit and not point.in_person:
                continue
            try:
                mission_create(
                    actor=actor,
                    service_point=point,
                    grid_version=version,
                    window_start=start,
                    window_end=end,
                    campaign=CAMPAIGN,
                    observer=observer,
                )
            except ValidationError:
                continue  # a conflict of interest, a recent visit there: another point
            missing -= 1
            created += 1
    return created


def answer_pools(seed: int, size: int = 40) -> dict[str, list[dict[str, Any]]]:
    """Valid answer sets per published observer grid version, photos as placeholders."""
    from raqib.grids.models import GridKind, GridVersion, VersionStatus
    from raqib.grids.scoring import score_report, validate_answers

    rng = random.Random(seed)
    pools: dict[str, list[dict[str, Any]]] = {}
    versions = GridVersion.objects.filter(status=VersionStatus.PUBLISHED).exclude(
        grid__kind=GridKind.SURVEY
    )
    for version in versions:
        snapshot = version.snapshot
        sets = []
        for _ in range(size):
            p = min(0.99, max(0.15, rng.betavariate(4.0, 1.6)))
            answers = answer_set(snapshot, rng, p)
            result = score_report(snapshot, answers)
            hidden = {c.code for s in result.sections for c in s.criteria if c.status == "hidden"}
            answers = {k: v for k, v in answers.items() if k.removesuffix("__photo") not in hidden}
            if validate_answers(snapshot, answers):
                continue
            sets.append({k: PHOTO_MARK if k.endswith("__photo") else v for k, v in answers.items()})
        pools[str(version.pk)] = sets
    return pools


def jpeg_photos(out: Path, count: int = 4) -> list[str]:
    """Photos as the phone sends them (1600 px on the long side, JPEG quality 0.8): drawn
    scenes with texture, so they weigh what a compressed camera picture weighs (~200 kB)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(7)
    paths = []
    for index in range(count):
        image = Image.effect_noise((1600, 1200), 48).convert("RGB")
        draw = ImageDraw.Draw(image, "RGBA")
        for _ in range(60):
            x, y = rng.randrange(1600), rng.randrange(1200)
            w, h = rng.randrange(40, 500), rng.randrange(40, 400)
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256), 150)
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        image = image.filter(ImageFilter.GaussianBlur(1.2))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        path = out / f"photo-{index}.jpg"
        path.write_bytes(buffer.getvalue())
        paths.append(str(path))
    return paths


def dashboard_queries() -> list[str]:
    """Filter combinations a director or coordinator opens (the dashboard's GET parameters)."""
    from urllib.parse import urlencode

    from raqib.registry.models import Governorate, PublicBody, ServiceCategory

    gov = {g.iso_code: g.pk for g in Governorate.objects.all()}
    category = {c.code: c.pk for c in ServiceCategory.objects.all()}
    ministry = PublicBody.objects.filter(parent__isnull=True).order_by("code").first()
    combos: list[dict[str, Any]] = [
        {"period": "2026-S2"},
        {"period": "2026-S1"},
        {"period": "2026"},
        {"period": "2026-S2", "governorate": gov["TN-11"]},
        {"period": "2026-S2", "governorate": gov["TN-61"], "channel": "phone"},
        {"period": "2026-S1", "region": "interior"},
        {"period": "2026-S2", "channel": "in_person"},
        {"period": "2026-S2", "category": category["health"]},
        {"period": "2026-S1", "governorate": gov["TN-42"]},
        {"period": "custom", "start": "2026-02-15", "end": "2026-05-20"},
    ]
    if ministry is not None:
        combos.append({"period": "2026-S2", "body": ministry.pk})
    return [urlencode(combo) for combo in combos]


def prepare(
    *,
    out: Path,
    respondents: int,
    observers: int,
    staff: int,
    seed: int,
    survey_results: bool = False,
) -> dict:
    """Everything the scenario needs; returns the plan (also written to out/load-plan.json)."""
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import translation

    from raqib.accounts.models import User
    from raqib.surveys.models import WaveServicePoint

    out.mkdir(parents=True, exist_ok=True)
    call_command("createcachetable", verbosity=0)
    # CompressedManifestStaticFilesStorage: pages name hashed files from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    staff_users = ensure_staff(staff)
    coordinator = User.objects.get(username=COORDINATOR)
    wave = open_wave(coordinator)
    tokens = list(
        WaveServicePoint.objects.filter(wave=wave).order_by("id").values_list("token", flat=True)
    )
    observer_users = list(
        User.objects.filter(username__startswith=OBSERVER_PREFIX).order_by("username")[:observers]
    )
    per_observer = 16
    created = ensure_missions(
        observers=observer_users, per_observer=per_observer, actor=coordinator, seed=seed
    )
    print(f"  {created} load-test missions created ({per_observer} open per observer)")
    with translation.override("ar"):
        results = reverse("surveys:wave_results", args=[wave.pk])
        survey_list = reverse("surveys:wave_list")
        dashboard = reverse("reports:dashboard")
        mission_list = reverse("missions:mission_list")
    plan = {
        "respondents": respondents,
        "observers": len(observer_users),
        "staff": len(staff_users),
        "wave": {"id": wave.pk, "code": wave.code, "tokens": tokens},
        "survey_questions": survey_questions(wave),
        "date_placeholder": DATE_PLACEHOLDER,
        "photo_mark": PHOTO_MARK,
        "answer_sets": answer_pools(seed),
        "photos": jpeg_photos(out),
        "staff_pages": {
            "dashboard": dashboard,
            "dashboard_queries": dashboard_queries(),
            "survey_list": survey_list,
            "survey_results": results if survey_results else "",
            "missions": mission_list,
            "mission_queries": ["", "status=submitted", "status=assigned&channel=phone", "page=3"],
        },
        "staff_sessions": [
            {"username": u.username, "session": _session_cookie(u)} for u in staff_users
        ],
        "observer_sessions": [
            {"username": u.username, "session": _session_cookie(u)} for u in observer_users
        ],
    }
    path = out / "load-plan.json"
    path.touch(mode=0o600)  # session keys: readable by this user only
    path.write_text(json.dumps(plan, ensure_ascii=False))
    return plan
