"""`{% load survey_labels %}`: driver codes and quarantine reasons as translated labels."""

from __future__ import annotations

from typing import Any

from django import template

from raqib.surveys import labels

register = template.Library()


@register.filter
def driver_label(code: Any) -> str:
    return labels.driver_label(code)


@register.filter
def reason_label(code: Any) -> str:
    return labels.reason_label(code)
