"""A short-lived cache of dashboard figures, dropped by every validation.

A dashboard is a dozen aggregates (≈ 150–250 ms at national scale); directors reload it and
focal points open the same scorecard again and again. Figures are kept for
``RAQIB_DASHBOARD_CACHE_SECONDS`` (120 s by default, 0 turns the cache off) under a key that
includes a *generation*, which every validation and every rollup rebuild replaces: a validated
report shows at once. Other changes (planned missions, survey answers, new service points) may
take up to the delay to show. Published periodic reports never read this cache.

The generation is a fresh random value rather than a counter: a cache ``incr`` is a read then
a write on some backends (the database cache), and two validations at once must not lose one
of their bumps. It is replaced twice: at once (the validating request and the tests see it),
and after the commit, so figures computed by another request between two commits cannot
survive the second one.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction

from raqib.core import conf

GENERATION_KEY = "reports:rollups-generation"


def seconds() -> int:
    return conf.dashboard_cache_seconds()


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY, "")
    return str(value)


def bump() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def bump_now_and_on_commit() -> None:
    """From inside a transaction (a validation, a rebuild): see the module's docstring."""
    bump()
    transaction.on_commit(bump)


def key(filters: dict[str, Any], body_scope: list[int] | None) -> str:
    payload = json.dumps(
        [
            filters,
            body_scope,
            generation(),
            conf.coverage_target(),
            conf.dashboard_min_reports(),
        ],
        sort_keys=True,
    )
    return "reports:dashboard:" + hashlib.sha256(payload.encode()).hexdigest()
