from __future__ import annotations

from django import template

from raqib.planning.selectors import dinars

register = template.Library()


@register.filter
def tnd(millimes: int | None) -> str:
    """Millimes as dinars with three decimals (1,234.500)."""
    return dinars(millimes)


@register.filter
def pct(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.1f} %"
