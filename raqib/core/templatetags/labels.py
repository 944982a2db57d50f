"""`{% load labels %}`: stored values as translated labels (see raqib/core/labels.py)."""

from __future__ import annotations

from typing import Any

from django import template

from raqib.core import labels

register = template.Library()


@register.filter
def answer_label(value: Any) -> str:
    return labels.answer_label(value)


@register.filter
def answer_labels(values: Any) -> str:
    return labels.answer_labels(values)


@register.filter
def language_label(code: Any) -> str:
    return labels.language_label(code)
