"""Sign-in: password then TOTP, throttling, strong passwords, idle expiry, deactivation, and
the second factor required of the roles that handle sensitive data."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import PASSWORD
from raqib.accounts.demo import DEMO_TOTP_SECRET, totp_code
from raqib.accounts.services import user_deactivate
from raqib.accounts.tests.factories import TEST_TOTP_SECRET, UserFactory
from raqib.core.roles import Role
from raqib.core.tests.test_permission_matrix import ROWS, matrix_builders

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str = "fr", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _login(client, username: str, password: str = PASSWORD, lang: str = "fr"):
    return client.post(_url("account_login", lang), {"login": username, "password": password})


def _reauthenticate(client) -> None:
    response = client.post(_url("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- password + TOTP ------------------------------------------------------------------------
def test_factories_use_the_demo_secret():
    assert TEST_TOTP_SECRET == DEMO_TOTP_SECRET


def test_full_sign_in_with_password_then_totp_code(client, coordinator):
    response = _login(client, "coordinator")
    # The password alone is not enough: allauth moves to its second stage.
    assert response.status_code == 302
    assert response.url == _url("mfa_authenticate")
    assert not _signed_in(client)
    assert client.get(_url("core:home")).context["user"].is_anonymous

    page = client.get(response.url)
    assert page.status_code == 200
    assert "core/base.html" in [t.name for t in page.templates]

    response = client.post(_url("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert _signed_in(client)
    assert int(client.session["_auth_user_id"]) == coordinator.pk
    home = client.get(_url("core:home"))
    assert home.status_code == 200
    assert home.context["user"] == coordinator


def test_wrong_totp_code_does_not_sign_in(client, coordinator):
    _login(client, "coordinator")
    good = totp_code(TEST_TOTP_SECRET)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(_url("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not _signed_in(client)


def test_a_totp_code_cannot_be_replayed(client, coordinator):
    code = totp_code(TEST_TOTP_SECRET)
    _login(client, "coordinator")
    client.post(_url("mfa_authenticate"), {"code": code})
    assert _signed_in(client)
    client.logout()
    _login(client, "coordinator")
    client.post(_url("mfa_authenticate"), {"code": code})
    assert not _signed_in(client)


def test_observer_without_totp_signs_in_with_password_only(client, observer):
    response = _login(client, "observer")
    assert response.status_code == 302
    assert _signed_in(client)


# --- throttling -----------------------------------------------------------------------------
def test_sixth_wrong_password_in_a_row_is_throttled(client, observer):
    with translation.override("fr"):
        throttled = gettext("Too many failed login attempts. Try again later.")
        mismatch = gettext("The username and/or password you specified are not correct.")
    for _attempt in range(5):
        response = _login(client, "observer", "not the right password")
        assert response.status_code == 200
        assert mismatch in response.content.decode()
    response = _login(client, "observer", "not the right password")
    assert response.status_code == 200
    assert throttled in response.content.decode()
    # Even the right password is refused until the window has passed.
    response = _login(client, "observer", PASSWORD)
    assert throttled in response.content.decode()
    assert not _signed_in(client)


def test_throttling_also_blocks_other_accounts_from_the_same_address(client, observer, director):
    for _attempt in range(5):
        _login(client, "observer", "not the right password")
    # Another account from the same address is throttled by the per-IP limit as well.
    assert not _signed_in(client)
    response = _login(client, "director", PASSWORD)
    assert response.status_code == 200
    assert not _signed_in(client)


def test_throttle_limits_are_configured():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "5/5m/ip,5/5m/key"


# --- passwords ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "password",
    ["short-Pa55!", "123456789012345", "password12345", "administrator"],
)
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="administrator", first_name="Salma")
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("Kasbah-tram-olive-2026", user=UserFactory.build(username="salma"))


def test_minimum_length_is_twelve():
    messages = []
    try:
        validate_password("Zq8#kT2!vL9", user=None)  # 11 characters, otherwise strong
    except ValidationError as exc:
        messages = exc.messages
    assert len(messages) == 1
    assert "12" in messages[0]


# --- idle sessions --------------------------------------------------------------------------
def test_session_expires_after_thirty_idle_minutes(client, observer):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    _login(client, "observer")
    assert client.session.get_expiry_age() == 30 * 60
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    assert dt.timedelta(minutes=29) < first - timezone.now() <= dt.timedelta(minutes=30)


def test_every_request_pushes_the_expiry_forward(client, observer):
    _login(client, "observer")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=5)
    )
    assert client.get(_url("core:home")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed - timezone.now() > dt.timedelta(minutes=29)


def test_an_idle_session_no_longer_signs_in(client, observer):
    _login(client, "observer")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(_url("registry:service_point_list"))
    assert response.status_code == 302
    assert response.url.startswith(_url("account_login"))


# --- deactivation ---------------------------------------------------------------------------
def test_deactivated_user_cannot_sign_in(client, admin_user, observer):
    user_deactivate(actor=admin_user, user=observer, reason="Left the department")
    _login(client, "observer")
    assert not _signed_in(client)


def test_deactivation_ends_open_sessions(client, admin_user, director):
    client.force_login(director)
    assert client.get(_url("audit:event_list")).status_code == 200
    user_deactivate(actor=admin_user, user=director, reason="Left the department")
    response = client.get(_url("audit:event_list"))
    assert response.status_code == 302
    assert response.url.startswith(_url("account_login"))


# --- second factor required of sensitive roles ---------------------------------------------
@pytest.fixture
def coordinator_without_totp(db):
    return UserFactory(username="coord-nototp", roles=[Role.COORDINATOR], totp=False)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_sensitive_role_without_totp_is_sent_to_activation(client, coordinator_without_totp, lang):
    client.force_login(coordinator_without_totp)
    response = client.get(_url("core:home", lang))
    assert response.status_code == 302
    assert response.url == _url("mfa_activate_totp", lang)


def test_sensitive_role_without_totp_is_redirected_from_every_page(
    client, personas, coordinator_without_totp
):
    ctx: dict = {"personas": personas}
    for build in matrix_builders():
        build(ctx)
    client.force_login(coordinator_without_totp)
    activation = _url("mfa_activate_totp", "ar")
    checked = 0
    for row in ROWS:
        with translation.override("ar"):
            url = reverse(row.url_name, kwargs=row.kwargs(ctx) if row.kwargs else None)
        if not url.startswith("/ar/") or "/jsi18n/" in url:
            continue  # health check, language switch, API: outside the HTML pages
        response = getattr(client, row.method)(url, data=row.data(ctx) if row.data else None)
        assert response.status_code == 302, url
        assert response.url == activation, url
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    "name", ["mfa_activate_totp", "mfa_index", "account_logout", "account_change_password"]
)
def test_mfa_and_sign_out_pages_stay_reachable(client, coordinator_without_totp, name):
    _login(client, "coord-nototp")
    response = client.get(_url(name))
    assert response.status_code == 200, response.get("Location")


def test_sign_out_works_without_totp(client, coordinator_without_totp):
    client.force_login(coordinator_without_totp)
    response = client.post(_url("account_logout"))
    assert response.status_code == 302
    assert not _signed_in(client)


def test_activating_totp_lifts_the_redirect(client, coordinator_without_totp):
    response = _login(client, "coord-nototp")
    # Password accepted, then straight to the activation page (the password just typed
    # counts as a recent reauthentication: no second prompt).
    assert client.get(response.url).url == _url("mfa_activate_totp")
    page = client.get(_url("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(_url("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=coordinator_without_totp, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(_url("core:home")).status_code == 200


def test_an_old_sign_in_asks_for_the_password_again(client, coordinator_without_totp):
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    _login(client, "coord-nototp")
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= 3600
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    response = client.get(_url("mfa_activate_totp"))
    assert response.url.startswith(_url("account_reauthenticate"))
    _reauthenticate(client)
    assert client.get(_url("mfa_activate_totp")).status_code == 200


def test_a_forced_login_session_must_reauthenticate(client, coordinator_without_totp):
    # force_login leaves no password record: changing authenticators needs the password.
    client.force_login(coordinator_without_totp)
    response = client.get(_url("mfa_activate_totp"))
    assert response.url.startswith(_url("account_reauthenticate"))


def test_sensitive_role_with_totp_passes(client, coordinator):
    client.force_login(coordinator)
    assert client.get(_url("core:home")).status_code == 200
    assert client.get(_url("registry:service_point_list")).status_code == 200


@pytest.mark.parametrize("roles", [[Role.ADMINISTRATOR], [Role.DIRECTOR], [Role.INTEGRITY_OFFICER]])
def test_every_sensitive_role_is_forced(client, roles):
    user = UserFactory(username="sensitive-nototp", roles=roles, totp=False)
    client.force_login(user)
    assert client.get(_url("core:home")).url == _url("mfa_activate_totp")


@pytest.mark.parametrize("roles", [[Role.OBSERVER], [Role.FOCAL_POINT], []])
def test_other_roles_are_never_forced(client, roles):
    user = UserFactory(username="plain-user", roles=roles, totp=False)
    assert not Authenticator.objects.filter(user=user).exists()
    client.force_login(user)
    assert client.get(_url("core:home")).status_code == 200


def test_an_api_call_without_the_required_second_factor_gets_a_json_403(client, db):
    from raqib.accounts.tests.factories import UserFactory
    from raqib.core.roles import Role

    user = UserFactory(username="coord-no-totp", roles=[Role.COORDINATOR])
    client.force_login(user)
    response = client.get("/api/v1/grids/versions/")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"
