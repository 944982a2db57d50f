"""django-allauth's pages are drawn in the Raqib layout, translated, and CSP-clean."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD
from raqib.accounts.tests.factories import UserFactory
from raqib.core.roles import Role

pytestmark = pytest.mark.django_db


def _get(client, name: str, lang: str):
    with translation.override(lang):
        url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200, (name, response.get("Location"))
    return response


def _assert_layout(response, lang: str) -> str:
    html = response.content.decode()
    names = [t.name for t in response.templates]
    assert "core/base.html" in names
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert "style=" not in html
    for chunk in html.split("<script")[1:]:
        assert "src=" in chunk.split(">", 1)[0], "inline script"
    return html


@pytest.mark.parametrize(("lang", "heading"), [("ar", "تسجيل الدخول"), ("fr", "Se connecter")])
def test_login_page(client, lang, heading):
    html = _assert_layout(_get(client, "account_login", lang), lang)
    assert heading in html
    assert 'for="id_login"' in html
    assert 'for="id_password"' in html


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_logout_page(client, observer, lang):
    client.force_login(observer)
    _assert_layout(_get(client, "account_logout", lang), lang)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_mfa_authenticate_page(client, coordinator, lang):
    with translation.override(lang):
        client.post(reverse("account_login"), {"login": "coordinator", "password": PASSWORD})
    html = _assert_layout(_get(client, "mfa_authenticate", lang), lang)
    assert 'for="id_code"' in html


@pytest.fixture
def enrolling(client):
    user = UserFactory(username="enrolling", roles=[Role.DIRECTOR], totp=False)
    client.post(reverse("account_login"), {"login": "enrolling", "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return user


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_totp_activation_page(client, enrolling, lang):
    response = _get(client, "mfa_activate_totp", lang)
    html = _assert_layout(response, lang)
    assert 'src="data:image/svg+xml' in html
    assert response.context["form"].secret in html
    assert 'for="id_code"' in html


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_recovery_codes_page(client, coordinator, lang):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(coordinator)
    client.force_login(coordinator)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = _get(client, "mfa_view_recovery_codes", lang)
    html = _assert_layout(response, lang)
    assert response.context["unused_codes"]
    assert response.context["unused_codes"][0] in html


def test_untranslated_english_does_not_leak_into_the_arabic_login(client):
    html = _get(client, "account_login", "ar").content.decode()
    for english in ("Sign in", "Password", "Username", "Accounts are created"):
        assert english not in html


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("name", ["account_reauthenticate", "mfa_index", "account_change_password"])
def test_other_allauth_pages_use_the_layout(client, coordinator, name, lang):
    client.force_login(coordinator)
    _assert_layout(_get(client, name, lang), lang)


def test_password_reset_page_uses_the_layout(client):
    _assert_layout(_get(client, "account_reset_password", "fr"), "fr")
