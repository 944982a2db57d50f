"""Test settings: the same stack as production, with fast password hashing."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env_int

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests must not depend on a manifest built by collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
RAQIB_DEMO_MISSIONS_PER_MONTH = 2
# Off in tests (figures are checked right after each change); the benchmark sets it.
RAQIB_DASHBOARD_CACHE_SECONDS = env_int("RAQIB_DASHBOARD_CACHE_SECONDS", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the live server's threads then use their own connections, as in
    # production, so concurrency tests see SQLite's real locking (WAL, busy timeout).
    # var/ is not in a fresh clone (it is ignored by git): create it, or SQLite cannot open it.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405
# A fixed key: tests only (docs/integrity.md). Never used outside tests.
RAQIB_INTEGRITY_KEYS = ["dGVzdC1rZXktZm9yLXJhcWliLWludGVncml0eS0wMDA="]

# The public API's throttle is tested on its own (publication/tests/test_api.py), with a low
# rate set there; the rest of the suite (schemathesis among it) must not meet it.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"public": "100000/min"},
}
