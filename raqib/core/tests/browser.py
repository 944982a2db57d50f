"""Helpers for the Playwright tests (imported by tests only): axe-core, sessions, territory."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_serious(page: Any, *, nodes: int = 5) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations of the page (axe-core from npm ci).

    The page's context must be created with ``bypass_csp=True``: only so that axe-core can
    be injected; Raqib's pages run no inline code.
    """
    if not AXE.exists():
        pytest.fail("axe-core missing: run `npm ci` at the repository root")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:nodes]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def session_cookie(user: Any, base_url: str) -> dict[str, str]:
    """A signed-in session for ``user``, as a cookie for a browser context."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def ensure_territory() -> None:
    """Under xdist a transactional test's worker may lack the serialized territory after a
    flush; the data migration's own (idempotent) loader puts it back."""
    from django.apps import apps

    from raqib.registry.models import Delegation

    if not Delegation.objects.exists():
        migration = importlib.import_module("raqib.registry.migrations.0002_territory")
        migration.load(apps, None)
