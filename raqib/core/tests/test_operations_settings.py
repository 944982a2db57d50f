"""Production settings for operations: persistent, health-checked database connections, JSON
logs, the optional Sentry hook, and the read replica. Each is read in a fresh interpreter, as a
server would, from the environment alone."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from raqib.settings.observability import sentry_dsn, sentry_setup

ROOT = Path(__file__).resolve().parents[3]
OURS = (
    "DATABASE_",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "RAQIB_LOG_FORMAT",
    "SENTRY_",
    "DJANGO_SETTINGS_MODULE",
    "PYTHONPATH",
)


def _settings(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(OURS)}
    clean.update(
        DJANGO_SETTINGS_MODULE="raqib.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="raqib.example.tn",
        DATABASE_URL="postgres://raqib:pw@db.example.tn:5432/raqib",
        PYTHONPATH=str(ROOT),
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django, json, sys; django.setup(); {code}"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _value(tmp_path: Path, expression: str, **env: str):
    done = _settings(
        tmp_path, f"from django.conf import settings; print(json.dumps({expression}))", **env
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- connections ---------------------------------------------------------------------------
def test_production_keeps_health_checked_connections(tmp_path):
    db = _value(tmp_path, "settings.DATABASES['default']")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


def test_connection_age_comes_from_the_environment(tmp_path):
    db = _value(tmp_path, "settings.DATABASES['default']", DATABASE_CONN_MAX_AGE="300")
    assert db["CONN_MAX_AGE"] == 300
    done = _settings(tmp_path, "pass", DATABASE_CONN_MAX_AGE="forever")
    assert done.returncode != 0
    assert "DATABASE_CONN_MAX_AGE='forever' is not an integer" in done.stderr


# --- logs ----------------------------------------------------------------------------------
def test_statements_are_bounded_only_when_asked(tmp_path):
    db = _value(tmp_path, "settings.DATABASES['default']")
    assert "options" not in db.get("OPTIONS", {})
    db = _value(tmp_path, "settings.DATABASES['default']", DATABASE_STATEMENT_TIMEOUT_MS="28000")
    assert db["OPTIONS"]["options"] == "-c statement_timeout=28000"
    done = _settings(tmp_path, "pass", DATABASE_STATEMENT_TIMEOUT_MS="-1")
    assert done.returncode != 0
    assert "DATABASE_STATEMENT_TIMEOUT_MS must be 0" in done.stderr


def test_production_logs_json_by_default_and_plain_on_request(tmp_path):
    handler = "settings.LOGGING['handlers']['console']"
    assert _value(tmp_path, handler)["formatter"] == "json"
    assert _value(tmp_path, handler, RAQIB_LOG_FORMAT="plain")["formatter"] == "plain"
    done = _settings(tmp_path, "pass", RAQIB_LOG_FORMAT="yaml")
    assert done.returncode != 0
    assert "RAQIB_LOG_FORMAT='yaml'" in done.stderr


def test_a_production_log_line_is_json_with_a_request_id(tmp_path):
    done = _settings(tmp_path, "import logging; logging.getLogger('raqib').warning('ready')")
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "ready"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "-"


def test_development_and_tests_log_plain_lines():
    from django.conf import settings

    assert settings.LOGGING["handlers"]["console"]["formatter"] == "plain"


# --- Sentry --------------------------------------------------------------------------------
def test_without_a_dsn_nothing_is_initialised(tmp_path):
    assert sentry_setup(dsn="", environment="production") is False
    enabled = _value(
        tmp_path, "[settings.SENTRY_ENABLED, 'sentry_sdk' in sys.modules]", SENTRY_DSN=""
    )
    assert enabled == [False, False]


@pytest.mark.parametrize(
    "dsn",
    [
        "not a url",
        "ftp://key@sentry.example.tn/1",
        "https://sentry.example.tn/1",
        "https://key@/1",
        "https://key@sentry.example.tn/project",
        "https://key@sentry.example.tn:99999/1",
    ],
)
def test_a_malformed_dsn_is_refused(dsn):
    with pytest.raises(ImproperlyConfigured, match="SENTRY_DSN is not a valid DSN") as caught:
        sentry_dsn(dsn)
    # The message does not repeat the DSN (it holds a key).
    assert "key@" not in str(caught.value)


def test_a_malformed_dsn_stops_production_start_up(tmp_path):
    done = _settings(tmp_path, "pass", SENTRY_DSN="https://sentry.example.tn/")
    assert done.returncode != 0
    assert "SENTRY_DSN is not a valid DSN" in done.stderr


def test_a_dsn_with_sentry_sdk_installed_initialises_it_without_personal_data(tmp_path):
    # A stand-in sentry_sdk that records how it was called.
    fake = tmp_path / "fake" / "sentry_sdk"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("CALLS = []\ndef init(**kwargs):\n    CALLS.append(kwargs)\n")
    done = _settings(
        tmp_path,
        "import sentry_sdk; from django.conf import settings; "
        "print(json.dumps([settings.SENTRY_ENABLED, sentry_sdk.CALLS]))",
        SENTRY_DSN="https://0123abcd@errors.example.tn/42",
        PYTHONPATH=f"{ROOT}{os.pathsep}{tmp_path / 'fake'}",
    )
    assert done.returncode == 0, done.stderr
    enabled, calls = json.loads(done.stdout.strip().splitlines()[-1])
    assert enabled is True
    assert len(calls) == 1
    assert calls[0]["dsn"] == "https://0123abcd@errors.example.tn/42"
    assert calls[0]["send_default_pii"] is False
    assert calls[0]["environment"] == "production"


def test_a_dsn_without_sentry_sdk_installed_is_ignored():
    try:
        import sentry_sdk  # noqa: F401
    except ImportError:
        assert sentry_setup(dsn="https://k@errors.example.tn/1", environment="x") is False
    else:
        pytest.skip("sentry_sdk is installed here")


# --- replica --------------------------------------------------------------------------------
def test_a_replica_url_adds_the_replica_and_its_router(tmp_path):
    databases, routers = _value(
        tmp_path,
        "[settings.DATABASES, settings.DATABASE_ROUTERS]",
        DATABASE_REPLICA_URL="postgres://reader:pw@replica.example.tn:5432/raqib",
    )
    assert databases["replica"]["HOST"] == "replica.example.tn"
    assert databases["replica"]["TEST"]["MIRROR"] == "default"
    assert databases["replica"]["CONN_HEALTH_CHECKS"] is True
    assert routers == ["raqib.core.dbrouters.ReplicaRouter"]


def test_without_a_replica_url_there_is_no_router(tmp_path):
    databases, routers = _value(tmp_path, "[settings.DATABASES, settings.DATABASE_ROUTERS]")
    assert list(databases) == ["default"]
    assert routers == []


def test_a_replica_must_be_postgresql(tmp_path):
    done = _settings(tmp_path, "pass", DATABASE_REPLICA_URL="sqlite:///replica.sqlite3")
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URL must be a PostgreSQL URL" in done.stderr
