from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from raqib.core.bilingual import localized_text

register = template.Library()


@register.filter
def bilingual(value: Any) -> str:
    """{'ar': …, 'fr': …} → the current language's text, falling back to the other one."""
    return localized_text(value)


@register.filter
def answer_type_label(value: str) -> str:
    from ..models import AnswerType

    try:
        return str(AnswerType(value).label)
    except ValueError:
        return value


@register.filter
def channel_label(value: str) -> str:
    from ..models import GridChannel

    try:
        return str(GridChannel(value).label)
    except ValueError:
        return value


@register.filter
def number(value: Any) -> str:
    """1.0 → "1", 0.5 → "0.5" (weights and scores read better without trailing zeros)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


@register.filter
def answer_values(values: Any) -> str:
    """The answers of an evidence rule as the observer reads them: «نعم، لا» rather than
    the stored names yes/no; other choice names are shown as they are."""
    from raqib.core.labels import answer_labels

    return answer_labels(values)


DIFF_FIELDS = {
    "label": _("label"),
    "guidance": _("guidance"),
    "type": _("answer type"),
    "weight": _("weight"),
    "required": _("required"),
    "relevant": _("shown when"),
    "negative": _("negatively worded"),
    "scale": _("scale"),
    "unit": _("unit"),
    "bands": _("score bands"),
    "choices": _("choice list"),
    "critical": _("critical"),
    "evidence": _("photo evidence"),
    "reference": _("legal reference"),
    "title": _("title"),
    "description": _("description"),
    "kind": _("kind"),
    "channel": _("channel"),
    "conformity_threshold": _("conformity threshold"),
    "critical_cap": _("cap on a critical failure"),
}


@register.filter
def diff_field(name: Any) -> str:
    """A compared field of the version diff (grids.diff keys) in the reader's language."""
    return str(DIFF_FIELDS.get(str(name), name))
