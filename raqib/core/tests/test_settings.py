"""Settings read the environment through typed helpers that fail loudly, and the production
settings pass Django's deployment checklist without a single warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from raqib.settings.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[3]
VAR = "RAQIB_TEST_SETTING"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    monkeypatch.delenv(f"{VAR}_FILE", raising=False)


# --- env_bool --------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " True "])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, True) is False


def test_env_bool_default_when_unset():
    assert env_bool(VAR, True) is True
    assert env_bool(VAR, False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "oui"])
def test_env_bool_bad_value_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_bool(VAR, False)


# --- env_int ---------------------------------------------------------------------------------
def test_env_int_reads_and_defaults(monkeypatch):
    assert env_int(VAR, 42) == 42
    monkeypatch.setenv(VAR, "1800")
    assert env_int(VAR, 42) == 1800
    monkeypatch.setenv(VAR, "  ")
    assert env_int(VAR, 42) == 42


@pytest.mark.parametrize("raw", ["thirty", "1.5", "12abc"])
def test_env_int_bad_value_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_int(VAR, 0)


# --- env_str and *_FILE ----------------------------------------------------------------------
def test_env_str_missing_required_variable_names_it():
    with pytest.raises(ImproperlyConfigured, match=f"{VAR} is required"):
        env_str(VAR)


def test_env_str_default_and_value(monkeypatch):
    assert env_str(VAR, "fallback") == "fallback"
    monkeypatch.setenv(VAR, "value")
    assert env_str(VAR, "fallback") == "value"


def test_file_variant_is_read_and_stripped(monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-docker-secret\n", encoding="utf-8")
    monkeypatch.setenv(VAR, "from-the-environment")
    monkeypatch.setenv(f"{VAR}_FILE", str(secret))
    # The file wins: secrets mounted as files are the safer channel.
    assert env_str(VAR) == "from-a-docker-secret"


def test_secret_key_file_is_read(monkeypatch, tmp_path):
    key = secrets.token_urlsafe(60)
    path = tmp_path / "key"
    path.write_text(key, encoding="utf-8")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(path))
    assert env_str("SECRET_KEY") == key


def test_unreadable_file_variant_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(f"{VAR}_FILE", str(tmp_path / "does-not-exist"))
    with pytest.raises(ImproperlyConfigured, match=f"{VAR}_FILE"):
        env_str(VAR, "default")


def test_file_variant_works_for_typed_helpers(monkeypatch, tmp_path):
    path = tmp_path / "flag"
    path.write_text("yes", encoding="utf-8")
    monkeypatch.setenv(f"{VAR}_FILE", str(path))
    assert env_bool(VAR, False) is True


def test_env_list(monkeypatch):
    assert env_list(VAR) == []
    assert env_list(VAR, ["a"]) == ["a"]
    monkeypatch.setenv(VAR, " raqib.example.tn, ,www.raqib.example.tn ")
    assert env_list(VAR) == ["raqib.example.tn", "www.raqib.example.tn"]


# --- production settings ---------------------------------------------------------------------
def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "RAQIB_DEMO",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="raqib.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="raqib.example.tn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_production_settings_without_secret_key_fail_loudly(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_refuse_a_short_secret_key(tmp_path):
    result = _manage(_production_env(tmp_path, SECRET_KEY="short-and-guessable"), "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_production_settings_refuse_an_empty_host_list(tmp_path):
    result = _manage(_production_env(tmp_path, ALLOWED_HOSTS=""), "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_refuse_a_bad_boolean(tmp_path):
    result = _manage(_production_env(tmp_path, SECURE_SSL_REDIRECT="perhaps"), "check")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='perhaps' is not a boolean" in result.stderr


def test_production_uses_a_shared_cache_for_throttling(tmp_path):
    script = (
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{script}"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "True",
        "True",
        "False",
    ]


def _storage_settings(env: dict[str, str]) -> str:
    import os
    import subprocess
    import sys

    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.STORAGES['default'], default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "STORAGE_KIND"))}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "raqib.settings.base", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def test_evidence_storage_is_local_by_default_and_private_s3_on_demand():
    assert "FileSystemStorage" in _storage_settings({})
    s3 = _storage_settings(
        {
            "STORAGE_KIND": "s3",
            "S3_BUCKET": "raqib-evidence",
            "S3_ACCESS_KEY_ID": "key",
            "S3_SECRET_ACCESS_KEY": "secret",
            "S3_ENDPOINT_URL": "https://s3.example.tn",
        }
    )
    assert "storages.backends.s3.S3Storage" in s3
    assert '"default_acl": "private"' in s3
    assert '"bucket_name": "raqib-evidence"' in s3
    assert "S3_BUCKET is required" in _storage_settings({"STORAGE_KIND": "s3"})
    assert "must be 'local' or 's3'" in _storage_settings({"STORAGE_KIND": "ftp"})
