"""Named personas shared by every app's tests (one per role, as in Healthchecks' BaseTestCase)."""

from __future__ import annotations

import pytest

from raqib.core.roles import Role

PASSWORD = "correct horse battery staple"
MFA_ROLES = {Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.INTEGRITY_OFFICER}


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Arabic, the default: a language activated by an earlier request
    or test on the same worker must not leak into reverse() or gettext here."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in throttling counters live in the cache: no test may inherit another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _territory(request):
    """The governorates, delegations and region tags of the data migration, in every DB test.

    A transactional test (live_server, browser tests) ends with a flush that empties every
    table, data migrations included, and serialized rollback does not survive pytest-xdist's
    workers; so the reference territory is reloaded, with the migration's own loader, when a
    database test finds it missing.
    """
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue(
        "transactional_db" if marker and marker.kwargs.get("transaction") else "db"
    )
    import importlib

    from django.apps import apps

    from raqib.registry.models import Governorate

    if not Governorate.objects.exists():
        importlib.import_module("raqib.registry.migrations.0002_territory").load(apps, None)


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


# --- Browser tests (Playwright driving Debian's Chromium) ---------------------------------

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """Browser tests run last (on each xdist worker too, which runs its share in order).

    Once Playwright's sync API has started, an event loop runs in the test thread for the
    rest of the session, and Django refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set; keeping browser tests at the end means no other test runs with that flag set (it
    would leak into subprocesses, e.g. `check --deploy`).
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def _single_threaded_live_server_on_sqlite(django_db_blocker):
    """On SQLite, the browser tests' live server answers one request at a time.

    The test database is one in-memory SQLite file shared by threads; the threaded server
    would let the page and its service worker write at once and meet "database table is
    locked". PostgreSQL (CI's second run) keeps the threaded server and real concurrency.
    Django closes the connection after each response of a non-threaded server, so browsers
    never wait on a kept-alive socket.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        # The server thread already uses the test connections (LiveServerThread.run).
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    # Since issue 19 the SQLite test database is a file (raqib/settings/test.py) configured
    # for concurrent writers: the threaded server then meets SQLite's real locking, as in
    # `make demo`. Only an in-memory database keeps the serial server.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; tests open their own contexts.

    Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
    calls from it ("async unsafe"); the tests only use the ORM before and after driving the
    browser, never concurrently, so the check is lifted for the session.
    """
    import os

    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        # Never skipped silently: `make test` installs Debian's chromium when it is missing.
        pytest.fail(f"{CHROMIUM} is not installed: run `make system-deps` (as root).")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
