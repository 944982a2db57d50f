"""Stored values as people read them: one place that turns codes into translated labels.

- `answer_label("yes")` → «نعم» / «Oui»: the yes/no/not-applicable answers every grid uses;
- `choice_label(Model, "field", value)` → the label of a model field's choice;
- `model_field_label(Model, "field")` → the field's verbose name, for audit trails and history.

Templates use the same through `{% load labels %}`: `{{ value|answer_label }}`,
`{{ values|answer_labels }}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

ANSWER_LABELS = {"yes": _("Yes"), "no": _("No"), "na": _("Not applicable")}


def answer_label(value: Any) -> str:
    """A yes/no/na answer's label; any other value as it is."""
    if isinstance(value, str) and value in ANSWER_LABELS:
        return str(ANSWER_LABELS[value])
    return "" if value is None else str(value)


def answer_labels(values: Iterable[Any] | None) -> str:
    return ", ".join(answer_label(v) for v in (values or []))


def choice_label(model: type[models.Model], field: str, value: Any) -> str:
    """The label of `value` among `model.field`'s choices; the value itself if it has none."""
    try:
        choices = dict(model._meta.get_field(field).flatchoices)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return answer_label(value)
    if value in choices:
        return str(choices[value])
    return answer_label(value)


def model_field_label(model: type[models.Model], field: str) -> str:
    """The field's verbose name, capitalised; the name itself for what is not a field."""
    try:
        verbose = model._meta.get_field(field).verbose_name  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return field
    text = str(verbose)
    return text[:1].upper() + text[1:]


def language_label(code: Any) -> str:
    """«العربية» / «Français» for "ar" / "fr" (the project's LANGUAGES), else the code."""
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    return str(names.get(str(code)[:2], code or ""))
