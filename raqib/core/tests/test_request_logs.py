"""Every log line of a request carries its id (X-Request-ID), as JSON in production, and no
personal data: no user name, no query string."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from raqib.core.logs import JsonFormatter, RequestIdFilter
from raqib.settings.observability import logging_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The production handler (JSON formatter, request-id filter) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_proxy_request_id_comes_back_on_the_response(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-7f3a.42_b")
    assert response["X-Request-ID"] == "nginx-7f3a.42_b"


@pytest.mark.parametrize(
    "bad", ["a" * 65, "spaces are not allowed", "x;drop", "é-accent", "line\u2028break", ""]
)
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)
    made = response["X-Request-ID"]
    assert made != bad
    assert len(made) == 32
    assert int(made, 16) >= 0  # a uuid4, in hex


def test_each_request_without_an_id_gets_its_own(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_a_log_line_written_during_a_request_is_json_with_the_request_id(client, json_log):
    response = client.get("/ar/no-such-page/?token=s3cret-token", HTTP_X_REQUEST_ID="req-404-check")
    assert response.status_code == 404
    lines = _records(json_log)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found, lines
    assert not_found[0]["request_id"] == "req-404-check"
    assert not_found[0]["level"] == "WARNING"
    assert set(not_found[0]) == {"time", "level", "logger", "message", "request_id"}
    # Django names the path only; the query string (where tokens travel) never reaches the log.
    assert "s3cret-token" not in json_log.getvalue()


def test_a_line_logged_by_a_view_carries_the_id_and_no_user_name(
    client, json_log, director, monkeypatch
):
    from django.core.files.storage import default_storage

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(default_storage, "save", broken)
    client.force_login(director)
    client.get("/health/", HTTP_X_REQUEST_ID="req-storage-down")
    lines = [line for line in _records(json_log) if line["logger"] == "raqib.core.health"]
    assert lines[0]["request_id"] == "req-storage-down"
    assert "Traceback" in lines[0]["exception"]
    assert director.username not in json_log.getvalue()


def test_records_outside_a_request_say_so():
    record = logging.LogRecord("raqib", logging.INFO, __file__, 1, "started", None, None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


def test_the_settings_helper_builds_both_formats_and_refuses_others():
    from django.core.exceptions import ImproperlyConfigured

    for fmt in ("plain", "json"):
        config = logging_config(log_format=fmt, level="INFO")
        assert config["handlers"]["console"]["formatter"] == fmt
        assert config["handlers"]["console"]["filters"] == ["request_id"]
    with pytest.raises(ImproperlyConfigured, match="RAQIB_LOG_FORMAT='xml'"):
        logging_config(log_format="xml", level="INFO")


def test_the_plain_format_carries_the_request_id_too():
    config = logging_config(log_format="plain", level="INFO")
    formatter = logging.Formatter(config["formatters"]["plain"]["format"])
    record = logging.LogRecord("raqib", logging.INFO, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(record)
    assert formatter.format(record).endswith("INFO raqib [-] hello")
