"""The dashboard's repeated table rows, written in Python (like core.widgets.FastSelect).

One ``{% include %}`` per row cost ~20 ms of a national dashboard (criteria, bodies, points):
these functions write the same markup as ``reports/dashboard_item_row.html``,
``dashboard_body_row.html`` and ``dashboard_point_row.html`` (which stay the reference:
``tests/test_dashboard_rows.py`` renders both and compares them), numbers formatted as
``floatformat:1`` formats them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from ..figures import ItemScore, RankRow

_TENTH = Decimal("0.1")
_PK = 987654321  # a placeholder id, replaced in the reversed scorecard address


def _esc(value: Any) -> str:
    return html.escape(str(value))


class Numbers:
    """``floatformat:1`` for the current language, without its per-call overhead (the same
    rule: the float's repr rounded half up to one decimal, the locale's decimal separator;
    the thousands separator is off, as in settings)."""

    def __init__(self) -> None:
        self.separator = str(get_format("DECIMAL_SEPARATOR"))

    def one(self, value: float) -> str:
        rounded = Decimal(repr(float(value))).quantize(_TENTH, rounding=ROUND_HALF_UP)
        return f"{rounded:f}".replace(".", self.separator)

    def mean(self, value: float | None) -> str:
        return "—" if value is None else self.one(value)


def _name(ar: str, fr: str, french: bool) -> str:
    return _esc((fr or ar) if french else (ar or fr))


def item_rows(items: Iterable[ItemScore]) -> SafeString:
    numbers, french = Numbers(), get_language() == "fr"
    parts = []
    for item in items:
        label = _name(item.label_ar, item.label_fr, french)
        head = f'<tr><th scope="row"><span dir="auto">{label}</span>'
        if item.kind == "criterion":
            head += f' <span class="code">{_esc(item.code)}</span>'
        if item.critical_failures:
            text = ngettext(
                "%(n)s critical failure", "%(n)s critical failures", item.critical_failures
            ) % {"n": item.critical_failures}
            head += f' <span class="badge off">{text}</span>'
        cell = f'<td><div class="bar-cell"><span class="bar-num">{numbers.mean(item.mean)}</span>'
        if item.mean is not None:
            colour = "#a1001b" if item.mean < 60 else "#2f6aa3"
            cell += (
                '<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" '
                'aria-hidden="true" focusable="false"><rect width="100" height="8" '
                f'fill="#e6ecf0"/><rect width="{item.mean:.1f}" height="8" fill="{colour}"/>'
                "</svg>"
            )
        parts.append(f"{head}</th>\n{cell}</div></td><td>{item.n}</td></tr>\n")
    return mark_safe("".join(parts))


def body_rows(ranked: Iterable[tuple[int, RankRow]], query: str) -> SafeString:
    """`query`: the request's query string (``request.GET.urlencode()``), kept on the links."""
    numbers, french = Numbers(), get_language() == "fr"
    address = reverse("reports:scorecard", args=[_PK])
    suffix = f"?{_esc(query)}" if query else ""
    parts = []
    for rank, row in ranked:
        href = address.replace(str(_PK), str(row.id)) + suffix
        parts.append(
            f'<tr><td>{rank}</td><th scope="row"><a href="{href}" dir="auto">'
            f"{_name(row.name_ar, row.name_fr, french)}</a></th>"
            f"<td>{numbers.mean(row.mean)}</td><td>{row.n}</td><td>{row.critical}</td></tr>\n"
        )
    return mark_safe("".join(parts))


def point_rows(ranked: Iterable[tuple[int, RankRow]]) -> SafeString:
    numbers, french = Numbers(), get_language() == "fr"
    parts = [
        f'<tr><td>{rank}</td><th scope="row" dir="auto">'
        f"{_name(row.name_ar, row.name_fr, french)}</th>"
        f'<td class="code">{_esc(row.code)}</td><td>{numbers.mean(row.mean)}</td>'
        f"<td>{row.n}</td><td>{row.critical}</td></tr>\n"
        for rank, row in ranked
    ]
    return mark_safe("".join(parts))
