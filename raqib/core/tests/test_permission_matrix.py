"""Every URL × every role → the expected status. Apps add rows in tests/permissions.py."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

import raqib
from raqib.core.testing import PERSONAS, Row

# Third-party pages with their own tests upstream, reached only through sign-in flows.
EXEMPT_NAMESPACES_OR_MODULES = ("allauth.",)


def _rows() -> list[Row]:
    rows: list[Row] = []
    for module in pkgutil.iter_modules(raqib.__path__):
        try:
            perms = importlib.import_module(f"raqib.{module.name}.tests.permissions")
        except ModuleNotFoundError:
            continue
        rows.extend(perms.ROWS)
    return rows


def matrix_builders():
    for module in pkgutil.iter_modules(raqib.__path__):
        try:
            perms = importlib.import_module(f"raqib.{module.name}.tests.permissions")
        except ModuleNotFoundError:
            continue
        if hasattr(perms, "build"):
            yield perms.build


ROWS = _rows()


def _project_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if module.startswith(EXEMPT_NAMESPACES_OR_MODULES):
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _project_url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_has_a_row():
    covered = {row.url_name for row in ROWS}
    missing = _project_url_names() - covered
    assert not missing, f"URLs without a permission row: {sorted(missing)}"


def test_every_row_names_every_persona():
    for row in ROWS:
        assert set(row.expected) == set(PERSONAS), row.id


@pytest.fixture
def matrix_context(personas):
    ctx: dict = {"personas": personas}
    for build in matrix_builders():
        build(ctx)
    return ctx


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_permission_matrix(client, matrix_context, row: Row):
    with translation.override("ar"):
        url = reverse(row.url_name, kwargs=row.kwargs(matrix_context) if row.kwargs else None)
    if row.query:
        url = f"{url}?{row.query}"
    got = {}
    for persona in PERSONAS:
        user = matrix_context["personas"][persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        data = row.data(matrix_context) if row.data else None
        response = getattr(client, row.method)(url, data=data)
        got[persona] = response.status_code
    assert got == dict(row.expected), f"{row.id} {url}"
