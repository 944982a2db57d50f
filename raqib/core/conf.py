"""Raqib's own settings (``RAQIB_*``), typed.

Every default is defined once, in ``raqib/settings/base.py`` (environment variables override
it there); code reads a setting through the function named after it here, never through a
``getattr`` on the settings with a second default at the call site. The functions read
``django.conf.settings`` at each call, so ``override_settings`` and the ``settings`` fixture
apply.
"""

from __future__ import annotations

from django.conf import settings

# --- Clients behind the reverse proxy (allauth's settings, shared with raqib.core.client) ------


def trusted_proxy_count() -> int:
    return int(settings.ALLAUTH_TRUSTED_PROXY_COUNT or 0)


def trusted_client_ip_header() -> str:
    return str(settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER or "")


# --- Field missions ---------------------------------------------------------------------------


def coi_home_delegation() -> bool:
    return bool(settings.RAQIB_COI_HOME_DELEGATION)


def coi_revisit_days() -> int:
    return int(settings.RAQIB_COI_REVISIT_DAYS)


def anomaly_distance_m() -> float:
    return float(settings.RAQIB_ANOMALY_DISTANCE_M)


def evidence_max_bytes() -> int:
    return int(settings.RAQIB_EVIDENCE_MAX_BYTES)


# --- Citizen surveys --------------------------------------------------------------------------


def public_base_url() -> str:
    return str(settings.RAQIB_PUBLIC_BASE_URL or "")


def survey_client_ip_header() -> str:
    return str(settings.RAQIB_SURVEY_CLIENT_IP_HEADER or "")


def survey_min_seconds() -> int:
    return int(settings.RAQIB_SURVEY_MIN_SECONDS)


def survey_rate_limits() -> dict[str, tuple[int, int]]:
    """{kind: (max submissions, per seconds)}; a kind left out of the setting has no limit."""
    return {
        str(kind): (int(limit), int(period))
        for kind, (limit, period) in dict(settings.RAQIB_SURVEY_RATE_LIMITS).items()
    }


def survey_duplicate_window_seconds() -> int:
    return int(settings.RAQIB_SURVEY_DUPLICATE_WINDOW_SECONDS)


def survey_cookie_seconds() -> int:
    return int(settings.RAQIB_SURVEY_COOKIE_SECONDS)


def survey_mystery_scores() -> str:
    """Dotted path of the function giving survey results the mystery-visit scores ('' = none)."""
    return str(settings.RAQIB_SURVEY_MYSTERY_SCORES or "")


# --- Dashboards and activity reports ----------------------------------------------------------


def coverage_target() -> float:
    return float(settings.RAQIB_COVERAGE_TARGET)


def dashboard_min_reports() -> int:
    return int(settings.RAQIB_DASHBOARD_MIN_REPORTS)


def ranking_min_reports() -> int:
    return int(settings.RAQIB_RANKING_MIN_REPORTS)


def dashboard_cache_seconds() -> int:
    return int(settings.RAQIB_DASHBOARD_CACHE_SECONDS)


# --- Follow-up of recommendations -----------------------------------------------------------------


def followup_remind_days() -> int:
    return int(settings.RAQIB_FOLLOWUP_REMIND_DAYS)


def followup_escalate_days() -> int:
    return int(settings.RAQIB_FOLLOWUP_ESCALATE_DAYS)


def followup_effective_percent() -> int:
    return int(settings.RAQIB_FOLLOWUP_EFFECTIVE_PERCENT)


def followup_verify_days() -> int:
    return int(settings.RAQIB_FOLLOWUP_VERIFY_DAYS)


def followup_public_min_reports() -> int:
    return int(settings.RAQIB_FOLLOWUP_PUBLIC_MIN_REPORTS)


def followup_file_max_bytes() -> int:
    return int(settings.RAQIB_FOLLOWUP_FILE_MAX_BYTES)
