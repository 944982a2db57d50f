"""Production: everything security-relevant is on, and required values have no default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str
from .observability import logging_config, sentry_dsn, sentry_setup

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
# A short or well-known key signs sessions and password-reset links that can be forged.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters in production."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host in production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-raqib_session"
CSRF_COOKIE_NAME = "__Host-raqib_csrf"

# Behind nginx every request comes from 127.0.0.1: without these, sign-in throttling "per IP"
# is one counter for the whole country. Set them only when a proxy of ours sets the header and
# gunicorn cannot be reached around it (docs/admin-guide.md, "Reverse proxy").
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy trusted) or more.")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None

# Shared counters (login throttling, used TOTP codes) must survive restarts and be seen by
# every worker: a per-process cache would multiply the allowed sign-in attempts by the number
# of workers. The table is created once per database with `manage.py createcachetable`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "raqib_cache",
    }
}

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Persistent connections: opening a PostgreSQL connection (TLS, authentication, a backend
# process) costs more than most requests' queries. Each gunicorn worker thread keeps its own
# connection this many seconds, and checks it is still alive before reusing it after a
# request, so a restarted or failed-over database costs one error-free reconnect instead of
# failed requests. See docs/admin-guide.md for sizing against max_connections.
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True

# A bound on every SQL statement, for the web processes: when gunicorn kills a request at its
# 30 s timeout, PostgreSQL would otherwise go on running its query (seen in the load test of
# issue 18: minutes, and tens of GB of temporary files). Set it a little under gunicorn's
# timeout in the web servers' environment only; task workers run long exports on purpose.
_statement_ms = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 0)
if _statement_ms < 0:
    raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT_MS must be 0 (no bound) or more.")
if _statement_ms and DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    for _database in DATABASES.values():  # noqa: F405
        _database.setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={_statement_ms}"

# One JSON object per line for the log collector (RAQIB_LOG_FORMAT=plain for a terminal).
LOGGING = logging_config(
    log_format=env_str("RAQIB_LOG_FORMAT", "json"), level=env_str("LOG_LEVEL", "INFO")
)

# Errors to a Sentry-compatible service, only when SENTRY_DSN is set and sentry-sdk installed.
SENTRY_ENABLED = sentry_setup(
    dsn=sentry_dsn(env_str("SENTRY_DSN", "")),
    environment=env_str("SENTRY_ENVIRONMENT", "production"),
    release=env_str("SENTRY_RELEASE", ""),
)
