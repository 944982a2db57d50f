"""Helpers for the permission matrix test (raqib/core/tests/test_permission_matrix.py).

Each app describes its URLs in `raqib/<app>/tests/permissions.py`:

    def build(ctx):          # optional: add the objects your URLs need to the shared context
        ctx["grid"] = GridFactory()

    ROWS = [
        Row("grids:grid_list", allow(*STAFF)),
        Row("grids:grid_detail", allow(*STAFF), kwargs=lambda ctx: {"pk": ctx["grid"].pk}),
    ]

The matrix test requests every row as every persona and compares the status codes, and it
fails when a URL of the project has no row — so a new page cannot ship without deciding who
may open it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from raqib.core.roles import Role

PERSONAS = ("anonymous", "no_role", *Role.values)
ANONYMOUS_REDIRECT = 302
FORBIDDEN = 403
OK = 200


def allow(
    *roles: str, ok: int = OK, anonymous: int = ANONYMOUS_REDIRECT, **overrides: int
) -> dict[str, int]:
    """Expected statuses: `roles` get `ok`, anonymous is sent to sign in, the rest get 403.

    `overrides` name a persona and its status, e.g. focal_point=404 for an object outside
    the focal point's body.
    """
    expected = dict.fromkeys(PERSONAS, FORBIDDEN)
    expected["anonymous"] = anonymous
    for role in roles:
        expected[str(role)] = ok
    expected.update(overrides)
    return expected


def public(status: int = OK) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


@dataclass(frozen=True)
class Row:
    url_name: str
    expected: Mapping[str, int]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    method: str = "get"
    label: str = ""
    data: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    query: str = ""
    ids: Iterable[str] = field(default=())

    @property
    def id(self) -> str:
        return self.label or self.url_name
