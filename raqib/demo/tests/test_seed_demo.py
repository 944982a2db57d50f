"""The demonstration dataset: big and varied enough to demonstrate, and safe to load twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from raqib.accounts.models import ObserverProfile, User, UserRole
from raqib.audit.models import AuditEvent
from raqib.core.roles import Role
from raqib.core.search import normalize
from raqib.demo.seed import DEMO_USERS, MFA_ROLES, seed_demo
from raqib.missions.models import Mission, Report
from raqib.registry.models import (
    Governorate,
    PublicBody,
    ServiceCategory,
    ServicePoint,
    ServicePointActivePeriod,
)

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "bodies": PublicBody.objects.count(),
        "categories": ServiceCategory.objects.count(),
        "points": ServicePoint.objects.count(),
        "periods": ServicePointActivePeriod.objects.count(),
        "users": User.objects.count(),
        "roles": UserRole.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "profiles": ObserverProfile.objects.count(),
        "audit": AuditEvent.objects.count(),
        "missions": Mission.objects.count(),
    }


@pytest.fixture
def seeded():
    return seed_demo()


def test_one_run_builds_the_whole_dataset(seeded):
    """One seeding for every check (a run takes seconds): size, plausibility, accounts."""
    check_dataset_size()
    check_points_are_plausible()
    check_one_account_per_role(seeded)
    check_first_run_is_audited()
    check_activity()


def check_activity():
    """A year of missions through the real services: validated ones carry frozen scores."""
    validated = Report.objects.filter(status="validated")
    assert validated.count() >= 10
    assert not validated.filter(score_out_of_100__isnull=True).exists()
    assert Mission.objects.filter(status="planned", window_start__month=12).exists()


def check_dataset_size():
    points = ServicePoint.objects.all()
    assert points.count() >= 400
    assert points.values("delegation").distinct().count() >= 150
    assert points.values("governorate").distinct().count() == Governorate.objects.count() == 24
    bodies = PublicBody.objects.filter(is_demo=True, parent__body_type="ministry")
    assert bodies.count() >= 20
    assert bodies.values("parent").distinct().count() >= 8
    assert ServiceCategory.objects.count() >= 10
    assert not points.filter(is_demo=False).exists()
    assert not PublicBody.objects.filter(is_demo=False).exists()


def check_points_are_plausible():
    point = ServicePoint.objects.get(code="DEMO-TN-33-HOSPITAL")
    assert point.name_ar == "المستشفى الجهوي بالكاف"
    assert point.name_fr == "Hôpital régional du Kef"
    # Searchable like any point, and open since the demo opening day.
    assert "مستشفي" in point.search_text
    assert point.active_periods.filter(ended_on__isnull=True).count() == 1
    # Every point sits near its governorate's seat, and some carry each contact channel.
    for code, lat_range in {
        "TN-11": (Decimal("36.7"), Decimal("36.9")),
        "TN-83": (Decimal("32.6"), Decimal("33.2")),
    }.items():
        lats = ServicePoint.objects.filter(governorate__iso_code=code).values_list(
            "latitude", flat=True
        )
        assert all(lat is not None and lat_range[0] <= lat <= lat_range[1] for lat in lats)
    assert points_with("phones")
    assert points_with("email")
    assert points_with("website")
    assert not ServicePoint.objects.filter(search_text="").exists()


def points_with(field: str) -> int:
    return ServicePoint.objects.exclude(**{field: ""}).count()


def check_one_account_per_role(seeded):
    for username, role in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.is_demo
        assert user.role_codes == {role}
        assert user.check_password(seeded.users[0]["password"])
        has_totp = Authenticator.objects.filter(user=user, type="totp").exists()
        assert has_totp == (role in MFA_ROLES)
    observer = ObserverProfile.objects.get(user__username="observer")
    assert observer.pseudonym == "OBS-0001"
    assert normalize(observer.home_delegation.governorate.name_fr) == "le kef"
    focal = User.objects.get(username="focal")
    assert list(focal.focal_bodies.values_list("code", flat=True)) == ["demo-poste"]
    assert {u["role"] for u in seeded.users} == set(Role.values)


def test_second_run_changes_nothing(seeded):
    before = _counts()
    names = dict(ServicePoint.objects.values_list("code", "name_fr"))
    again = seed_demo()
    assert not again.anything_created
    assert _counts() == before  # no new row, no new audit event
    assert dict(ServicePoint.objects.values_list("code", "name_fr")) == names
    duplicated = ServicePoint.objects.values("name_fr", "delegation").annotate(n=Count("id"))
    assert not duplicated.filter(n__gt=1).exists()


def check_first_run_is_audited():
    assert AuditEvent.objects.filter(action="demo.seed").count() == 1
    assert AuditEvent.objects.filter(action="service_point.create").count() == (
        ServicePoint.objects.count()
    )


def test_command_refuses_without_demo_mode(settings):
    settings.RAQIB_DEMO = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not ServicePoint.objects.exists()


def test_command_prints_the_accounts(settings, capsys):
    settings.RAQIB_DEMO = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Raqib-demo-2026" in out
    assert "manage.py demo_totp admin" in out
    call_command("seed_demo")
    assert "already in place" in capsys.readouterr().out
