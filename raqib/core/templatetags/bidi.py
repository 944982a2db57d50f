"""`{% load bidi %}`: `{{ value|num:1 }}` — a number in a left-to-right isolate, so that a
negative figure reads "-14,3" in Arabic too (see raqib/core/bidi.py)."""

from __future__ import annotations

from typing import Any

from django import template

from raqib.core.bidi import number_html

register = template.Library()


@register.filter
def num(value: Any, digits: Any = 1) -> Any:
    return number_html(value, digits)
