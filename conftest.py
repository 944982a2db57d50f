"""Named personas shared by every app's tests (one per role, as in Healthchecks' BaseTestCase)."""

from __future__ import annotations

import pytest

from raqib.core.roles import Role

PASSWORD = "correct horse battery staple"
MFA_ROLES = {Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.INTEGRITY_OFFICER}


def make_persona(username: str, roles: list[str], **extra):
    from raqib.accounts.tests.factories import UserFactory

    needs_mfa = bool(set(roles) & MFA_ROLES)
    return UserFactory(username=username, roles=roles, totp=needs_mfa, **extra)


@pytest.fixture
def admin_user(db):
    return make_persona("admin", [Role.ADMINISTRATOR])


@pytest.fixture
def director(db):
    return make_persona("director", [Role.DIRECTOR])


@pytest.fixture
def coordinator(db):
    return make_persona("coordinator", [Role.COORDINATOR])


@pytest.fixture
def observer(db):
    from raqib.accounts.services import observer_profile_upsert
    from raqib.registry.models import Delegation

    user = make_persona("observer", [Role.OBSERVER])
    observer_profile_upsert(
        actor=None, user=user, pseudonym="OBS-0001", home_delegation=Delegation.objects.first()
    )
    return user


@pytest.fixture
def integrity_officer(db):
    return make_persona("integrity", [Role.INTEGRITY_OFFICER])


@pytest.fixture
def focal_body(db):
    from raqib.registry.tests.factories import PublicBodyFactory

    return PublicBodyFactory(code="focal-body", name_ar="هيكل الاتصال", name_fr="Organisme focal")


@pytest.fixture
def focal_point(db, focal_body):
    from raqib.accounts.services import user_focal_bodies_set

    user = make_persona("focal", [Role.FOCAL_POINT])
    user_focal_bodies_set(actor=None, user=user, bodies=[focal_body])
    return user


@pytest.fixture
def no_role_user(db):
    return make_persona("norole", [])


@pytest.fixture
def personas(
    admin_user, director, coordinator, observer, integrity_officer, focal_point, no_role_user
):
    """Every persona by role name; 'anonymous' is None."""
    return {
        "anonymous": None,
        "no_role": no_role_user,
        Role.ADMINISTRATOR.value: admin_user,
        Role.DIRECTOR.value: director,
        Role.COORDINATOR.value: coordinator,
        Role.OBSERVER.value: observer,
        Role.INTEGRITY_OFFICER.value: integrity_officer,
        Role.FOCAL_POINT.value: focal_point,
    }
