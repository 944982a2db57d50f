"""Build the synthetic demonstration dataset (`manage.py seed_demo`).

Idempotent: every object has a stable natural key (a code or a username) and is created only
when missing, and every random choice comes from a generator seeded with a fixed number and
drawn in the same order on every run, so a second run finds everything in place, writes
nothing and records no audit event. Writes go through the registry and accounts services, so
search text, activity periods and audit events are exactly what real data would have.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from raqib.accounts.demo import DEMO_TOTP_SECRET
from raqib.accounts.models import ObserverProfile, User
from raqib.accounts.services import (
    observer_profile_upsert,
    user_create,
    user_focal_bodies_set,
)
from raqib.audit.services import audit_event_record
from raqib.core.roles import Role
from raqib.core.search import normalize
from raqib.registry import services as registry_services
from raqib.registry.models import Delegation, Governorate, PublicBody, ServiceCategory, ServicePoint

from . import data

SEED = 20_240_601
# Printed by the command and shown in the README: public on purpose, like the TOTP secret.
DEMO_PASSWORD = "Raqib-demo-2026"  # noqa: S105
# The day the demo points "opened": fixed, so that reruns and screenshots agree.
OPENED_ON = dt.date(2024, 1, 2)
MFA_ROLES = frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.INTEGRITY_OFFICER})
# (username, role) — one account per role.
DEMO_USERS: list[tuple[str, str]] = [
    ("admin", Role.ADMINISTRATOR),
    ("director", Role.DIRECTOR),
    ("coordinator", Role.COORDINATOR),
    ("observer", Role.OBSERVER),
    ("integrity", Role.INTEGRITY_OFFICER),
    ("focal", Role.FOCAL_POINT),
]
FOCAL_BODY = "demo-poste"
OBSERVER_PSEUDONYM = "OBS-0001"
OBSERVER_GOVERNORATE = "TN-33"  # Le Kef


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    users: list[dict[str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def anything_created(self) -> bool:
        return any(self.created.values())


def arabic_in(place: str) -> str:
    """«بالكاف», «بتونس»: the preposition بـ joins the word that follows it."""
    return f"ب{place}"


def french_of(place: str) -> str:
    """«du Kef», «de Tunis», «d'Ariana», «des Souassi»."""
    if place.startswith("Le "):
        return f"du {place[3:]}"
    if place.startswith("Les "):
        return f"des {place[4:]}"
    if normalize(place[:1]) in {"a", "e", "i", "o", "u", "y"}:
        return f"d'{place}"
    return f"de {place}"


def usable_delegations(governorate: Governorate) -> list[Delegation]:
    """Delegations whose names read well in both languages.

    Some rows of the reference data still lack an Arabic name or carry a GeoNames
    transliteration (“Mu‘tamadīyat …”) as their French name; a point named after them would
    look broken in a demonstration, so they are left without demo points.
    """
    return [
        d
        for d in governorate.delegations.all()
        if d.name_ar.strip() and d.name_fr.strip() and not d.name_fr.startswith("Mu‘")
    ]


def seat_of(governorate: Governorate, delegations: list[Delegation]) -> Delegation:
    """The delegation of the governorate seat, where regional offices are."""
    name = normalize(governorate.name_fr).removeprefix("le ")
    for delegation in delegations:
        if name in normalize(delegation.name_fr):
            return delegation
    return delegations[0]


def _phone(rng: random.Random, iso: str) -> str:
    digits = f"{data.PHONE_PREFIXES[iso]}{rng.randint(100000, 999999)}"
    return f"+216 {digits[:2]} {digits[2:5]} {digits[5:]}"


def _coordinate(rng: random.Random, centre: Decimal, spread: Decimal) -> Decimal:
    offset = Decimal(str(rng.uniform(-1, 1))) * spread
    return (centre + offset).quantize(Decimal("0.00001"))


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in normalize(text)).split())


class _Seeder:
    def __init__(self, result: SeedResult, log: Callable[[str], None]) -> None:
        self.result = result
        self.log = log
        # Reproducible scenery, not secrets: a seeded, non-cryptographic generator on purpose.
        self.rng = random.Random(SEED)  # noqa: S311
        self.bodies: dict[str, PublicBody] = {}
        self.categories: dict[str, ServiceCategory] = {}
        self.existing_points = set(ServicePoint.objects.values_list("code", flat=True))

    # --- registry ---------------------------------------------------------------------------

    def body(self, *, code: str, parent: PublicBody | None, **values: Any) -> PublicBody:
        body = PublicBody.objects.filter(code=code).first()
        if body is None:
            body = registry_services.public_body_create(
                actor=None, code=code, parent=parent, is_demo=True, **values
            )
            self.result.count("public bodies")
        self.bodies[code] = body
        return body

    def seed_bodies(self) -> None:
        for code, acronym, name_ar, name_fr in data.MINISTRIES:
            self.body(
                code=code,
                parent=None,
                acronym=acronym,
                name_ar=name_ar,
                name_fr=name_fr,
                body_type="ministry",
            )
        for spec in data.BODIES:
            self.body(
                code=spec.code,
                parent=self.bodies[spec.parent],
                acronym=spec.acronym,
                name_ar=spec.name_ar,
                name_fr=spec.name_fr,
                body_type=spec.body_type,
            )

    def seed_categories(self) -> None:
        for code, name_ar, name_fr in data.CATEGORIES:
            category = ServiceCategory.objects.filter(code=code).first()
            if category is None:
                category = registry_services.service_category_create(
                    actor=None, code=code, name_ar=name_ar, name_fr=name_fr
                )
                self.result.count("service categories")
            self.categories[code] = category

    def point(
        self,
        *,
        kind: data.PointKind,
        code: str,
        delegation: Delegation,
        governorate: Governorate,
        place_ar: str,
        place_fr: str,
    ) -> None:
        # Draw every random value before looking at the database, so that the sequence of
        # draws — hence the whole dataset — is the same whether or not the point exists.
        rng = self.rng
        spec = next(b for b in data.BODIES if b.code == kind.body)
        centre_lat, centre_lon, spread = data.GOVERNORATE_AREAS[governorate.iso_code]
        latitude = _coordinate(rng, centre_lat, spread)
        longitude = _coordinate(rng, centre_lon, spread)
        street = rng.choice(data.STREETS)
        hours = rng.choice(data.OPENING_HOURS)
        phones = _phone(rng, governorate.iso_code) if rng.random() < 0.7 else ""
        if phones and rng.random() < 0.2:
            phones = f"{phones}; {_phone(rng, governorate.iso_code)}"
        with_email = rng.random() < 0.35
        with_website = rng.random() < 0.3
        if code in self.existing_points:
            return
        values = {"place_ar": place_ar, "place_fr": place_fr}
        values |= {"ar": arabic_in(place_ar), "fr": french_of(place_fr)}
        email = f"{_slug(place_fr)}.{kind.key}@{spec.mail}.demo.example" if with_email else ""
        registry_services.service_point_create(
            actor=None,
            code=code,
            name_ar=kind.name_ar.format(**values),
            name_fr=kind.name_fr.format(**values),
            body=self.bodies[kind.body],
            category=self.categories[kind.category],
            delegation=delegation,
            address=f"{street}, {delegation.name_fr}",
            latitude=latitude,
            longitude=longitude,
            opening_hours=hours,
            phones=phones,
            email=email,
            website=spec.website if with_website else "",
            started_on=OPENED_ON,
            is_demo=True,
        )
        self.existing_points.add(code)
        self.result.count("service points")

    def seed_points(self) -> None:
        governorates = Governorate.objects.prefetch_related("delegations").order_by("iso_code")
        for governorate in governorates:
            delegations = usable_delegations(governorate)
            if not delegations:
                self.result.messages.append(f"{governorate.iso_code}: no usable delegation")
                continue
            seat = seat_of(governorate, delegations)
            for kind in data.REGIONAL_KINDS:
                if self.rng.random() < kind.share:
                    self.point(
                        kind=kind,
                        code=f"DEMO-{governorate.iso_code}-{kind.key}".upper(),
                        delegation=seat,
                        governorate=governorate,
                        place_ar=governorate.name_ar,
                        place_fr=governorate.name_fr,
                    )
            for delegation in delegations:
                for kind in data.LOCAL_KINDS:
                    if self.rng.random() < kind.share:
                        self.point(
                            kind=kind,
                            code=f"DEMO-{delegation.code}-{kind.key}".upper(),
                            delegation=delegation,
                            governorate=governorate,
                            place_ar=delegation.name_ar,
                            place_fr=delegation.name_fr,
                        )

    # --- accounts -----------------------------------------------------------------------------

    def seed_users(self) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        for username, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    actor=None,
                    username=username,
                    password=DEMO_PASSWORD,
                    roles=[role],
                    is_demo=True,
                )
                self.result.count("users")
            if (
                role in MFA_ROLES
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
                self.result.count("TOTP devices")
            if role == Role.FOCAL_POINT and not user.focal_scopes.exists():
                user_focal_bodies_set(actor=None, user=user, bodies=[self.bodies[FOCAL_BODY]])
            if role == Role.OBSERVER and not ObserverProfile.objects.filter(user=user).exists():
                governorate = Governorate.objects.get(iso_code=OBSERVER_GOVERNORATE)
                delegations = usable_delegations(governorate)
                observer_profile_upsert(
                    actor=None,
                    user=user,
                    pseudonym=OBSERVER_PSEUDONYM,
                    home_delegation=seat_of(governorate, delegations),
                    member={
                        "specialities": "خدمات الصحة والشؤون الاجتماعية",
                        "languages": ["ar", "fr"],
                        "availability": "الفترة الصباحية من الاثنين إلى الخميس",
                    },
                )
                self.result.count("observer profiles")
            self.result.users.append(
                {
                    "role": str(role),
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "mfa": "yes" if role in MFA_ROLES else "",
                }
            )

    # --- evaluation grids ---------------------------------------------------------------------

    def seed_grids(self) -> None:
        """The default evaluation grids and the standard satisfaction questionnaire; both
        loaders are idempotent (they skip a grid whose code and content hash exist)."""
        from raqib.grids.xlsform import grid_defaults_load
        from raqib.surveys.services import survey_default_questionnaire_load

        grid_defaults_load(actor=None)
        survey_default_questionnaire_load(actor=None)


def seed_demo(*, log: Callable[[str], None] | None = None) -> SeedResult:
    """Create whatever part of the demonstration dataset is missing; return what was made."""
    result = SeedResult()
    seeder = _Seeder(result, log or (lambda _message: None))
    with transaction.atomic():
        seeder.seed_bodies()
        seeder.seed_categories()
        seeder.seed_points()
        seeder.seed_users()
        if result.anything_created:
            # One summary event: the per-object events are written by the services above.
            audit_event_record(
                actor=None,
                action="demo.seed",
                object_type="demo.dataset",
                object_label="seed_demo",
                changes={"created": dict(sorted(result.created.items()))},
            )
    seeder.seed_grids()
    from raqib.demo.activity import seed_activity
    from raqib.demo.notifications import seed_notifications
    from raqib.notifications.services import notifications_paused

    coordinator = User.objects.get(username="coordinator")
    with notifications_paused():  # a year of history: nobody is told of old visits
        validated = seed_activity(coordinator=coordinator, password=DEMO_PASSWORD, log=seeder.log)
    if validated:
        result.count("validated missions", validated)
    from raqib.demo.observer_missions import seed_observer_missions

    # After the paused history: the demo observer is told of these missions like any observer.
    if assigned := seed_observer_missions(coordinator=coordinator):
        result.count("missions assigned to the demo observer", assigned)
    from raqib.demo.followup import seed_followup, tell_focal_point

    with notifications_paused():  # a year of exchanges with bodies: nobody is told again
        made = seed_followup(coordinator=coordinator, log=seeder.log)
    if made:
        result.count("recommendations", made)
    from raqib.demo.compliance import seed_compliance

    with notifications_paused():
        holders = seed_compliance(coordinator=coordinator, log=seeder.log)
    if holders:
        result.count("Marhba label holders", holders)
    from raqib.demo.surveys import seed_surveys

    with notifications_paused():
        if answers := seed_surveys(coordinator=coordinator, log=seeder.log):
            result.count("survey answers", answers)
    from raqib.demo.integrity import seed_integrity

    with notifications_paused():  # the cases opened by the year's reports, moved along
        if cases := seed_integrity(log=seeder.log):
            result.count("integrity cases", cases)
    # After the follow-up: its verification visits may be among the latest critical findings.
    seed_notifications(focal_body_code=FOCAL_BODY, log=seeder.log)
    if made:
        tell_focal_point()
    from raqib.demo.exports import seed_exports

    # Last: the export reads the reports above (built at once, or by the worker).
    if seed_exports(coordinator=coordinator):
        result.count("exports", 1)
    from raqib.demo.training import seed_training

    # After the year's history: the VISIT grid asks for a certification from now on.
    with notifications_paused():
        if certified := seed_training(coordinator=coordinator, log=seeder.log):
            result.count("certifications", certified)
    from raqib.demo.planning import seed_planning

    # After training: observers whose certification lapsed are left out of the plan, with why.
    if planned := seed_planning(coordinator=coordinator, log=seeder.log):
        result.count("planned visits", planned)
    return result
