"""Fixtures for the OpenRosa tests: a published grid with a photo question, an observer with
an assigned mission and an ODK Collect key, and a coordinator's session cookie.

The client test itself imports nothing of the project: it sees only these URLs and cookies,
as ODK Collect (and a coordinator's browser) would.
"""

from __future__ import annotations

import pytest


def publish_odk_grid():
    from raqib.grids import services as grid_services
    from raqib.grids.tests.factories import make_draft

    version = make_draft("ODKTEST")
    section = grid_services.section_create(
        actor=None, version=version, code="evidence", label_ar="إثبات", label_fr="Preuve"
    )
    grid_services.criterion_create(
        actor=None,
        section=section,
        code="Q06",
        label_ar="صورة المدخل",
        label_fr="Photo de l'entrée",
        answer_type="photo",
        weight=0,
    )
    return grid_services.grid_version_publish(actor=None, version=version)


@pytest.fixture
def odk_mission(db, observer):
    from raqib.missions.tests.factories import make_mission

    return make_mission(observer=observer, grid_version=publish_odk_grid())


@pytest.fixture
def collect_key(observer):
    from raqib.odk.services import collect_key_create

    return collect_key_create(actor=observer)


@pytest.fixture
def collect_server(live_server, odk_mission, collect_key, coordinator):
    """What a client is given: the server URL with the key, the mission's code, and a
    coordinator's session cookie to read the review queue over HTTP."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    return {
        "url": f"{live_server.url}/odk/{collect_key}",
        "base": live_server.url,
        "mission_code": odk_mission.code,
        "cookies": {name: client.cookies[name].value for name in [settings.SESSION_COOKIE_NAME]},
    }


@pytest.fixture
def make_observer(db):
    from raqib.accounts.services import observer_profile_upsert
    from raqib.accounts.tests.factories import UserFactory
    from raqib.core.roles import Role
    from raqib.registry.models import Delegation

    def make(username: str):
        user = UserFactory(username=username, roles=[Role.OBSERVER])
        observer_profile_upsert(
            actor=None,
            user=user,
            pseudonym=username.upper(),
            home_delegation=Delegation.objects.order_by("code").first(),
        )
        return user

    return make
