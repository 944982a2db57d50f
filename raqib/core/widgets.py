"""Form widgets shared by the apps."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template render per option.

    Django renders every option through its own template: for the ~800 public bodies of a
    filter that is ~50 ms of a dashboard request. The markup is the same (escaped values and
    labels, ``selected``, optgroups) — ``raqib/core/tests/test_widgets.py`` compares them.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs or {})
        final_attrs["name"] = name
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        selected = {str(v) for v in self.format_value(value)}
        parts = [format_html("<select{}>", flatatt(final_attrs))]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(self._option(v, label, selected) for v, label in option_label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, option_label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def _option(value: Any, label: Any, selected: set[str]) -> str:
        # What format_html writes, without its per-call overhead (hundreds of options).
        text = "" if value is None else str(value)
        flag = " selected" if text in selected else ""
        return f'<option value="{_escape(text)}"{flag}>{_escape(label)}</option>'


def _escape(value: Any) -> str:
    """django.utils.html.conditional_escape (the same html.escape), without the lazy-string
    wrapper around every call."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
