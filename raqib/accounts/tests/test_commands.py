"""Management commands: demo_totp (demo only) and create_user (bootstrap, audited as system)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from raqib.accounts.demo import DEMO_TOTP_SECRET, totp_code
from raqib.accounts.models import User
from raqib.accounts.tests.factories import UserFactory
from raqib.audit.models import AuditEvent
from raqib.core.roles import Role

pytestmark = pytest.mark.django_db
STRONG = "Kasbah-tram-olive-2026"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_totp_code_matches_allauth_validation():
    from allauth.mfa.totp.internal.auth import validate_totp_code

    assert validate_totp_code(DEMO_TOTP_SECRET, totp_code(DEMO_TOTP_SECRET))


def test_totp_code_known_vector():
    # RFC 6238 style check against a fixed instant, so a change of algorithm is caught.
    assert totp_code(DEMO_TOTP_SECRET, at=0) == totp_code(DEMO_TOTP_SECRET, at=29)
    assert len(totp_code(DEMO_TOTP_SECRET, at=0)) == 6


def test_demo_totp_prints_the_current_code(settings, coordinator):
    settings.RAQIB_DEMO = True
    code = _run("demo_totp", "coordinator")
    assert code.isdigit()
    assert len(code) == 6
    assert code in {totp_code(DEMO_TOTP_SECRET, at=t) for t in _around_now()}


def _around_now():
    import time

    now = time.time()
    return (now - 30, now, now + 30)


def test_demo_totp_refuses_outside_a_demo(settings, coordinator):
    settings.RAQIB_DEMO = False
    with pytest.raises(CommandError, match="RAQIB_DEMO"):
        _run("demo_totp", "coordinator")


def test_demo_totp_unknown_user_or_no_authenticator(settings, observer):
    settings.RAQIB_DEMO = True
    with pytest.raises(CommandError, match="No user"):
        _run("demo_totp", "nobody")
    with pytest.raises(CommandError, match="no authenticator"):
        _run("demo_totp", "observer")


def test_create_user_reads_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("RAQIB_NEW_USER_PASSWORD", STRONG)
    output = _run(
        "create_user",
        "first-admin",
        "--role",
        "administrator",
        "--role",
        "director",
        "--email",
        "admin@example.tn",
    )
    assert "first-admin" in output
    assert "authenticator app" in output
    user = User.objects.get(username="first-admin")
    assert user.check_password(STRONG)
    assert user.email == "admin@example.tn"
    assert user.role_codes == {Role.ADMINISTRATOR, Role.DIRECTOR}
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
    assert {e.action for e in events} == {"user.create", "user.roles_set"}
    assert {e.actor_label for e in events} == {"system"}
    assert all(e.actor is None for e in events)


def test_create_user_prompts_for_the_password(monkeypatch):
    monkeypatch.delenv("RAQIB_NEW_USER_PASSWORD", raising=False)
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    _run("create_user", "prompted", "--role", "observer")
    assert User.objects.get(username="prompted").check_password(STRONG)


def test_create_user_refuses_mismatched_prompts(monkeypatch):
    monkeypatch.delenv("RAQIB_NEW_USER_PASSWORD", raising=False)
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        _run("create_user", "prompted", "--role", "observer")
    assert not User.objects.filter(username="prompted").exists()


def test_create_user_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("RAQIB_NEW_USER_PASSWORD", "short")
    with pytest.raises(CommandError):
        _run("create_user", "weakling", "--role", "observer")
    assert not User.objects.filter(username="weakling").exists()


def test_create_user_refuses_an_existing_name(monkeypatch):
    UserFactory(username="taken")
    monkeypatch.setenv("RAQIB_NEW_USER_PASSWORD", STRONG)
    with pytest.raises(CommandError):
        _run("create_user", "taken", "--role", "observer")


def test_create_user_refuses_an_unknown_role(monkeypatch):
    monkeypatch.setenv("RAQIB_NEW_USER_PASSWORD", STRONG)
    with pytest.raises(CommandError):
        _run("create_user", "someone", "--role", "superuser")
