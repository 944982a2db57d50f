"""Form widgets shared by the apps."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# One option as the cache keys it: (value, label text, label already HTML).
_Option = tuple[str, str, bool]
# An option, or an optgroup: (group label text, its options).
_Entry = _Option | tuple[str, tuple[_Option, ...]]


class FastSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template render per option.

    Django renders every option through its own template: for the ~800 public bodies of a
    filter that is ~50 ms of a dashboard request. The markup is the same (escaped values and
    labels, ``selected``, optgroups) — ``raqib/core/tests/test_widgets.py`` compares them.
    The options' markup is kept per process for the same options (same values and labels in
    the same order, so a renamed body or another language is another entry); only the
    ``selected`` marks are written per request.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs or {})
        final_attrs["name"] = name
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = _options_html(tuple(_entries(self.choices)))
        for chosen in {str(v) for v in self.format_value(value)}:
            mark = f'<option value="{_escape(chosen)}"'
            options = options.replace(f"{mark}>", f"{mark} selected>")
        return mark_safe(format_html("<select{}>", flatatt(final_attrs)) + options + "</select>")


def _option_key(value: Any, label: Any) -> _Option:
    text = "" if value is None else str(value)
    if hasattr(label, "__html__"):
        return (text, str(label.__html__()), True)
    return (text, str(label), False)


def _entries(choices: Any) -> Any:
    for option_value, option_label in choices:
        if isinstance(option_label, list | tuple):
            yield (str(option_value), tuple(_option_key(v, label) for v, label in option_label))
        else:
            yield _option_key(option_value, option_label)


def _option(option: _Option) -> str:
    # What format_html writes, without its per-call overhead (hundreds of options).
    text, label, is_html = option
    return (
        f'<option value="{html.escape(text)}">{label if is_html else html.escape(label)}</option>'
    )


_KEPT: dict[tuple[_Entry, ...], str] = {}
_KEPT_MAX = 64  # a few selects × two languages × focal points' own bodies


def _options_html(entries: tuple[_Entry, ...]) -> str:
    """The options' markup, none selected: written once per process for the same entries."""
    found = _KEPT.get(entries)
    if found is None:
        parts = []
        for entry in entries:
            if len(entry) == 2:
                group, options = entry
                parts.append(f'<optgroup label="{html.escape(group)}">')
                parts.extend(_option(option) for option in options)
                parts.append("</optgroup>")
            else:
                parts.append(_option(entry))
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        found = _KEPT[entries] = "".join(parts)
    return found


def _escape(value: Any) -> str:
    """django.utils.html.conditional_escape (the same html.escape), without the lazy-string
    wrapper around every call."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
