"""A short-lived cache of dashboard figures, dropped by every validation.

A dashboard is a dozen aggregates (≈ 150–250 ms at national scale); directors reload it and
focal points open the same scorecard again and again. Figures are kept for
``RAQIB_DASHBOARD_CACHE_SECONDS`` (120 s by default, 0 turns the cache off) under a key that
includes a *generation* number, which every validation and every rollup rebuild increments:
a validated report shows at once; only the count of planned missions may lag by the delay.
Published periodic reports never read this cache.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "reports:rollups-generation"


def seconds() -> int:
    return int(getattr(settings, "RAQIB_DASHBOARD_CACHE_SECONDS", 0))


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 0, None)
        value = cache.get(GENERATION_KEY, 0)
    return int(value)


def bump() -> None:
    """Called inside the validation's transaction: a rollback only costs a cache miss."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (a fresh cache)
        cache.add(GENERATION_KEY, 1, None)


def key(filters: dict[str, Any], body_scope: list[int] | None) -> str:
    payload = json.dumps(
        [
            filters,
            body_scope,
            generation(),
            getattr(settings, "RAQIB_COVERAGE_TARGET", 80),
            getattr(settings, "RAQIB_DASHBOARD_MIN_REPORTS", 5),
        ],
        sort_keys=True,
    )
    return "reports:dashboard:" + hashlib.sha256(payload.encode()).hexdigest()
