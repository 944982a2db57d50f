"""Logging, error reporting and database helpers for the settings modules.

They only build dictionaries and read the environment: nothing here imports Django's models,
so the settings stay importable before the apps are loaded.
"""

from __future__ import annotations

import importlib.util
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("plain", "json")

# Models whose reads may be served by a streaming replica: the dashboards' and exports' rollup
# tables, rebuilt from validated reports and read far more often than written. Everything a
# user has just written (a periodic report request, a map upload) stays on the primary.
REPLICA_READ_MODELS = (
    "reports.reportfact",
    "reports.criterionfact",
    "reports.scorecube",
    "reports.scoredaycube",
)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """One console handler; every record gets the id of the request it belongs to."""
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"RAQIB_LOG_FORMAT={log_format!r} must be one of: {', '.join(LOG_FORMATS)}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "raqib.core.logs.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "raqib.core.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint logs every layout step of every page at INFO: keep its warnings only.
        "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
    }


def replica_database(url: str, *, conn_max_age: int) -> dj_database_url.DBConfig:
    """The settings of a read-only streaming replica (DATABASE_REPLICA_URL)."""
    replica = dj_database_url.parse(url, conn_max_age=conn_max_age)
    if replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL URL.")
    # Tests never create a second database: the replica reads the primary's test database.
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def sentry_dsn(value: str) -> str:
    """VALUE if it is shaped like a Sentry DSN (https://KEY@HOST/PROJECT), else a loud error.

    The message does not repeat the value: a DSN holds a key.
    """
    value = value.strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured("SENTRY_DSN is not a valid DSN.") from exc
    project = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if (
        parts.scheme not in {"http", "https"}
        or not parts.username
        or not parts.hostname
        or not project.isdigit()
        or (port is not None and port <= 0)
    ):
        raise ImproperlyConfigured(
            "SENTRY_DSN is not a valid DSN (expected https://KEY@HOST/PROJECT_ID)."
        )
    return value


def sentry_setup(*, dsn: str, environment: str, release: str = "") -> bool:
    """Report errors to a Sentry-compatible service when a DSN is set and sentry_sdk is
    installed (`pip install sentry-sdk`, an optional extra). Personal data is never sent:
    no user, no cookies, no request bodies, no client address."""
    if not dsn or importlib.util.find_spec("sentry_sdk") is None:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
    return True
