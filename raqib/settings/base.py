"""Settings shared by every environment. Machine-specific values come from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str
from .observability import logging_config, replica_database

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    # Raqib, in the order data flows (an app may import the ones above it).
    "raqib.core",
    "raqib.audit",
    "raqib.notifications",
    "raqib.exports",
    "raqib.registry",
    "raqib.accounts",
    "raqib.grids",
    "raqib.training",
    "raqib.surveys",
    "raqib.missions",
    "raqib.observer",
    "raqib.odk",
    "raqib.followup",
    "raqib.compliance",
    "raqib.planning",
    "raqib.integrity",
    "raqib.publication",
    # Reads every app above; imported by none.
    "raqib.reports",
    "raqib.api",
    "raqib.demo",
    # After Raqib's apps: our templates (raqib/accounts/templates/account/…) override
    # allauth's, and our catalogues take precedence over allauth's words ("Code", "Cancel").
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "raqib.core.middleware.RequestIdMiddleware",
    "raqib.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "raqib.core.middleware.ArabicFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "raqib.accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "raqib.urls"
WSGI_APPLICATION = "raqib.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "raqib.core.context_processors.shell",
                "raqib.notifications.context_processors.inbox",
            ],
        },
    },
]
# Forms render their fields with the one house template (core/templates/core/forms/field.html).
FORM_RENDERER = "raqib.core.forms.FormRenderer"

# SQLite is the embedded default (make demo); production and CI set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'raqib.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# A streaming replica, when there is one, serves the dashboards' rollup reads
# (raqib.core.dbrouters); every write and every other read goes to the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = replica_database(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    DATABASE_ROUTERS = ["raqib.core.dbrouters.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (phones syncing, the review pages): WAL lets readers go on
    # while one writes, IMMEDIATE takes the write lock when a transaction begins (no
    # "database is locked" when a read lock cannot be upgraded) and a writer waits up to
    # `timeout` seconds for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Server-side prepared statements, only where the code asks for one (the public survey
    # answer's INSERT, surveys/services/responses.py): Django's own queries are bound on the
    # client and never prepared. Off (DATABASE_PREPARED_STATEMENTS=0) behind a pooler in
    # transaction mode that cannot track them (PgBouncer before 1.21; docs/admin-guide.md).
    for _settings in DATABASES.values():
        _settings.setdefault("OPTIONS", {}).setdefault(
            "prepare_threshold", 5 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in (django-allauth) -------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_ADAPTER = "raqib.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_VERIFICATION = "none"
# Throttle failed sign-ins per IP and per account (allauth keeps the counters in the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
# Whose address "per IP" means. Not trusted by default: any client can write X-Forwarded-For,
# and believing it lets an attacker pick the address its failures are counted against.
# Behind our reverse proxy every request comes from 127.0.0.1, so one user's failures would
# lock everyone out: production sets these from TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER
# (see docs/admin-guide.md). allauth reads them, and so does raqib.core.client.client_ip.
ALLAUTH_TRUSTED_PROXY_COUNT = 0
ALLAUTH_TRUSTED_CLIENT_IP_HEADER: str | None = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Raqib"
# Roles that must have a second factor before they reach any page (see accounts.middleware).
RAQIB_MFA_REQUIRED_ROLES = env_list(
    "RAQIB_MFA_REQUIRED_ROLES", ["administrator", "director", "coordinator", "integrity_officer"]
)

# Idle sessions expire: every request pushes the expiry forward, silence ends the session.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_NAME = "raqib_language"

# Integrity case files: Fernet keys (url-safe base64, 32 bytes), newest first. The first
# encrypts, all decrypt; `manage.py integrity_rotate_keys` re-encrypts with the first so older
# keys can then be removed. Outside the database: RAQIB_INTEGRITY_KEYS or RAQIB_INTEGRITY_KEYS_FILE.
RAQIB_INTEGRITY_KEYS = env_list("RAQIB_INTEGRITY_KEYS")
# Grid criteria tagged integrity besides those of a section coded "integrity" (docs/integrity.md).
RAQIB_INTEGRITY_CRITERIA = env_list("RAQIB_INTEGRITY_CRITERIA")
# Statistics outside the app: counts below this are printed as «< N» (docs/integrity.md).
RAQIB_INTEGRITY_MIN_COUNT = env_int("RAQIB_INTEGRITY_MIN_COUNT", 5)
# Competent authorities for referrals, {code: (Arabic, French)}; empty: the default list of
# raqib/integrity/authorities.py.
RAQIB_INTEGRITY_AUTHORITIES: dict[str, tuple[str, str]] = {}
# Referral follow-up: days after the referral without an acknowledgement, and after the
# acknowledgement without an outcome, before the daily `integrity_remind` reminds (once).
RAQIB_INTEGRITY_ACK_DAYS = env_int("RAQIB_INTEGRITY_ACK_DAYS", 30)
RAQIB_INTEGRITY_OUTCOME_DAYS = env_int("RAQIB_INTEGRITY_OUTCOME_DAYS", 90)
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- i18n: Arabic first, French second, Tunis time ------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French"))]
LANGUAGES_BIDI = ["ar"]
TIME_ZONE = "Africa/Tunis"
USE_I18N = True
USE_TZ = True
# Per-app catalogues live in raqib/<app>/locale; the formats module pins dd/mm/yyyy and 0-9.
FORMAT_MODULE_PATH = ["raqib.core.formats"]

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Evidence and uploads: never served from a public URL, only through permission-checked views.
# Local files by default; S3-compatible object storage in production (django-storages), with
# private objects and no query-string URLs handed out.
STORAGE_KIND = env_str("STORAGE_KIND", "local")
if STORAGE_KIND == "local":
    _default_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_KIND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"STORAGE_KIND={STORAGE_KIND!r} must be 'local' or 's3'.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded files waiting for the user's confirmation (import previews); shared by all workers.
RAQIB_PENDING_UPLOADS_DIR = Path(
    env_str("RAQIB_PENDING_UPLOADS_DIR", str(BASE_DIR / "var" / "pending-uploads"))
)
RAQIB_IMPORT_MAX_BYTES = env_int("RAQIB_IMPORT_MAX_BYTES", 5 * 1024 * 1024)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "raqib@localhost")

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# The health check (/health/) reports the task queue as lagging when a task has been ready to
# run for longer than this (seconds): no worker is running, or too few for the load.
RAQIB_HEALTH_TASK_LAG_SECONDS = env_int("RAQIB_HEALTH_TASK_LAG_SECONDS", 300)

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "raqib.api.exceptions.exception_handler",
    # JSON answers only, errors included: the browsable API would send HTML error pages to any
    # client that accepts text/html (and needs inline scripts our CSP refuses anyway).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The public read-only API (raqib.publication.api) is throttled per client address.
    "DEFAULT_THROTTLE_RATES": {"public": env_str("RAQIB_PUBLIC_API_RATE", "120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Raqib API",
    "DESCRIPTION": "Versioned API of Raqib, the Citizen Observer information system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several resources have a "status": each set of values gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "RecommendationStatusEnum": "raqib.followup.models.RecommendationStatus",
        "GridVersionStatusEnum": "raqib.grids.models.VersionStatus",
    },
    # Every operation's 400/403/404/415 answers and the real session cookie (raqib.api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "raqib.api.schema.document_errors",
    ],
}

# --- Security headers common to all environments ------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# A strict policy: no inline script, no third-party origin. htmx is served from our static files.
RAQIB_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

# Plain lines for people (development, tests); production writes JSON for the log collector
# (RAQIB_LOG_FORMAT). Every record carries the id of its request (X-Request-ID).
LOGGING = logging_config(
    log_format=env_str("RAQIB_LOG_FORMAT", "plain"), level=env_str("LOG_LEVEL", "INFO")
)

RAQIB_DEMO = env_bool("RAQIB_DEMO", False)

# --- Field missions -------------------------------------------------------------------------
# Conflict-of-interest rules: refuse a point in the observer's home delegation, and a point
# the observer visited within this many days (0 turns the rule off; campaigns that revisit
# a point several times a day set it to 0).
RAQIB_COI_HOME_DELEGATION = env_bool("RAQIB_COI_HOME_DELEGATION", True)
RAQIB_COI_REVISIT_DAYS = env_int("RAQIB_COI_REVISIT_DAYS", 180)
# Authenticity: a report located farther than this from its service point is flagged.
RAQIB_ANOMALY_DISTANCE_M = env_int("RAQIB_ANOMALY_DISTANCE_M", 1000)
RAQIB_EVIDENCE_MAX_BYTES = env_int("RAQIB_EVIDENCE_MAX_BYTES", 8 * 1024 * 1024)

# --- Citizen surveys --------------------------------------------------------------------------
# The public address printed on posters and QR codes (e.g. https://raqib.pm.gov.tn).
RAQIB_PUBLIC_BASE_URL = env_str("RAQIB_PUBLIC_BASE_URL", "")
# Behind a reverse proxy, the request header that carries the client address (e.g.
# HTTP_X_REAL_IP); only a keyed hash of its network prefix is ever stored.
RAQIB_SURVEY_CLIENT_IP_HEADER = env_str("RAQIB_SURVEY_CLIENT_IP_HEADER", "")
RAQIB_SURVEY_MIN_SECONDS = env_int("RAQIB_SURVEY_MIN_SECONDS", 20)
# Per wave, {kind: (max submissions, per seconds)}; a kind left out is not limited. A counter
# office's shared Wi-Fi carries many honest citizens: a generous network limit, a tight device one.
RAQIB_SURVEY_RATE_LIMITS = {"network": (40, 3600), "device": (3, 3600)}
# The same device answering the same wave again within this window is quarantined (seconds).
RAQIB_SURVEY_DUPLICATE_WINDOW_SECONDS = env_int("RAQIB_SURVEY_DUPLICATE_WINDOW_SECONDS", 3600)
# Public answers are stored at once and screened by a background task (rate, duplicates):
# at most one task per web process and interval, run this long after it is asked for.
RAQIB_SURVEY_SCREEN_INTERVAL_SECONDS = float(env_str("RAQIB_SURVEY_SCREEN_INTERVAL_SECONDS", "1"))
RAQIB_SURVEY_SCREEN_DELAY_SECONDS = float(env_str("RAQIB_SURVEY_SCREEN_DELAY_SECONDS", "2"))
# Lifetime of the anti-duplicate cookie (seconds); never more than a day, whatever is set.
RAQIB_SURVEY_COOKIE_SECONDS = env_int("RAQIB_SURVEY_COOKIE_SECONDS", 12 * 3600)
# Where survey results find the mystery-visit scores of the same service points.
RAQIB_SURVEY_MYSTERY_SCORES = "raqib.missions.selectors.mission_scores_for_survey_wave"

# --- Dashboards and activity reports ------------------------------------------------------------
# The programme's target: share of active service points with a validated mission (percent).
RAQIB_COVERAGE_TARGET = env_int("RAQIB_COVERAGE_TARGET", 80)
# A criterion ranks among strengths/weaknesses only when scored by at least this many reports.
RAQIB_DASHBOARD_MIN_REPORTS = env_int("RAQIB_DASHBOARD_MIN_REPORTS", 5)
# An activity report ranks a body or a service point only when at least this many validated
# reports stand behind its mean; the others are counted and named as not ranked.
RAQIB_RANKING_MIN_REPORTS = env_int("RAQIB_RANKING_MIN_REPORTS", 3)
# Dashboard figures are cached this long (seconds; 0 = off); every validation drops them.
RAQIB_DASHBOARD_CACHE_SECONDS = env_int("RAQIB_DASHBOARD_CACHE_SECONDS", 120)
# --- Follow-up of recommendations (docs/followup.md) ----------------------------------------------
# Days before a recommendation's due date when its body is reminded (once).
RAQIB_FOLLOWUP_REMIND_DAYS = env_int("RAQIB_FOLLOWUP_REMIND_DAYS", 7)
# Days past the due date after which the parent body's focal points are told (once).
RAQIB_FOLLOWUP_ESCALATE_DAYS = env_int("RAQIB_FOLLOWUP_ESCALATE_DAYS", 15)
# A linked criterion is met on verification when its mean score reaches this percentage.
RAQIB_FOLLOWUP_EFFECTIVE_PERCENT = env_int("RAQIB_FOLLOWUP_EFFECTIVE_PERCENT", 75)
# Days a verification visit's window stays open after the coordinator creates it.
RAQIB_FOLLOWUP_VERIFY_DAYS = env_int("RAQIB_FOLLOWUP_VERIFY_DAYS", 30)
# The public "you said, we did" page shows a before/after figure only above this many reports.
RAQIB_FOLLOWUP_PUBLIC_MIN_REPORTS = env_int("RAQIB_FOLLOWUP_PUBLIC_MIN_REPORTS", 1)
# Largest file a body or the department attaches to a recommendation (bytes).
RAQIB_FOLLOWUP_FILE_MAX_BYTES = env_int("RAQIB_FOLLOWUP_FILE_MAX_BYTES", 10 * 1024 * 1024)
# --- Compliance and the Marhba label (docs/compliance.md) ----------------------------------------
# A label holder whose compliance (last 365 days) falls below this percentage raises an alert
# and a drafted recommendation, once per fall.
RAQIB_COMPLIANCE_ALERT_PERCENT = env_int("RAQIB_COMPLIANCE_ALERT_PERCENT", 60)
# Days before a label's yearly follow-up or its renewal when the department is reminded (once).
RAQIB_COMPLIANCE_REMIND_DAYS = env_int("RAQIB_COMPLIANCE_REMIND_DAYS", 30)
# Username of the coordinator who drafts the alert's recommendation; empty: the first active
# coordinator (by account id).
RAQIB_COMPLIANCE_ALERT_ACTOR = env_str("RAQIB_COMPLIANCE_ALERT_ACTOR", "")
# Paired testing (equal treatment): no test is shown below this many usable pairs.
RAQIB_COMPLIANCE_MIN_PAIRS = env_int("RAQIB_COMPLIANCE_MIN_PAIRS", 10)
# Holders vs comparable non-holders: no mean or interval below this many reports per group.
RAQIB_COMPLIANCE_MIN_REPORTS = env_int("RAQIB_COMPLIANCE_MIN_REPORTS", 5)
# Largest GeoJSON boundary file an administrator may upload (bytes).
RAQIB_MAP_MAX_BYTES = env_int("RAQIB_MAP_MAX_BYTES", 20 * 1024 * 1024)
# Missions the demo creates per month of its synthetic year (through the real services).
RAQIB_DEMO_MISSIONS_PER_MONTH = env_int("RAQIB_DEMO_MISSIONS_PER_MONTH", 45)
# The rollups' covering indexes (INCLUDE columns) are a PostgreSQL optimisation; SQLite, the
# demo's database, builds the same indexes without the extra columns, which is fine there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Published results and open data (docs/publication.md).
RAQIB_PUBLICATION_MIN_VISITS = env_int("RAQIB_PUBLICATION_MIN_VISITS", 3)
RAQIB_PUBLICATION_DAYS = env_int("RAQIB_PUBLICATION_DAYS", 365)
RAQIB_OPEN_DATA_LICENCE_URL = env_str(
    "RAQIB_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
RAQIB_OPEN_DATA_LICENCE_NAME = env_str(
    "RAQIB_OPEN_DATA_LICENCE_NAME", "Creative Commons Attribution 4.0 (CC BY 4.0)"
)

# Operator alert when a wave's quarantine rate jumps (raqib/surveys/services/surge.py).
RAQIB_SURVEY_SURGE_MINUTES = env_int("RAQIB_SURVEY_SURGE_MINUTES", 60)
RAQIB_SURVEY_SURGE_MIN = env_int("RAQIB_SURVEY_SURGE_MIN", 20)
RAQIB_SURVEY_SURGE_SHARE = float(env_str("RAQIB_SURVEY_SURGE_SHARE", "0.5"))
RAQIB_MEMBER_TERM_REMINDER_DAYS = env_int("RAQIB_MEMBER_TERM_REMINDER_DAYS", 60)

# Mission allowances in millimes (raqib/missions/allowances.py). PLACEHOLDERS: the rates are
# set by texts the department applies (../shared/context/facts.md does not confirm them).
RAQIB_ALLOWANCE_RATES = {
    "in_person": env_int("RAQIB_ALLOWANCE_IN_PERSON", 30000),
    "phone": env_int("RAQIB_ALLOWANCE_PHONE", 10000),
    "email": env_int("RAQIB_ALLOWANCE_EMAIL", 8000),
    "web": env_int("RAQIB_ALLOWANCE_WEB", 8000),
    "postal": env_int("RAQIB_ALLOWANCE_POSTAL", 8000),
}
RAQIB_ALLOWANCE_PER_DIEM = env_int("RAQIB_ALLOWANCE_PER_DIEM", 20000)

# Coverage planning (raqib/planning, docs/planning.md). The cost model and the priority weights
# are copied into each new campaign, where a coordinator may change them. PLACEHOLDERS as above.
RAQIB_PLANNING_COSTS = {
    "km_rate": env_int("RAQIB_PLANNING_KM_RATE", 300),  # millimes per road kilometre
    "detour_percent": env_int("RAQIB_PLANNING_DETOUR_PERCENT", 130),  # road ÷ straight line
    "per_diem_km": env_int("RAQIB_PLANNING_PER_DIEM_KM", 60),  # one way
    "per_diem": env_int("RAQIB_ALLOWANCE_PER_DIEM", 20000),
    "night_km": env_int("RAQIB_PLANNING_NIGHT_KM", 200),  # one way
    "night": env_int("RAQIB_PLANNING_NIGHT", 60000),
    "visits_per_trip": env_int("RAQIB_PLANNING_VISITS_PER_TRIP", 4),
}
# Weights (percent, summing to 100) of the priority signals.
RAQIB_PLANNING_WEIGHTS = {
    "since_visit": 25,
    "score": 20,
    "critical": 10,
    "dissatisfaction": 10,
    "open_items": 10,
    "complaints": 10,
    "interior": 15,
}
RAQIB_PLANNING_TIME_LIMIT = env_int("RAQIB_PLANNING_TIME_LIMIT", 60)  # the main solve, seconds
RAQIB_PLANNING_CURVE_TIME_LIMIT = env_int("RAQIB_PLANNING_CURVE_TIME_LIMIT", 15)  # each point
RAQIB_PLANNING_CANDIDATES = env_int("RAQIB_PLANNING_CANDIDATES", 8)  # observers offered a point
