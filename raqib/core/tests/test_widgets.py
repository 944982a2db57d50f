"""FastSelect writes the same options as Django's Select, only faster."""

from __future__ import annotations

import re

from django import forms

from raqib.core.widgets import FastSelect

CHOICES = [
    ("", "---------"),
    ("2026", [("2026", "Year 2026"), ("2026-S1", "First semester <2026> & co")]),
    ('a"b', "quote \" and 'apostrophe'"),
    ("custom", "Custom dates"),
]


def _options(html: str) -> list[tuple[str, str, bool]]:
    found = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', html)
    return [(value, label, "selected" in flags) for value, flags, label in found]


def _groups(html: str) -> list[str]:
    return re.findall(r'<optgroup label="([^"]*)">', html)


def test_same_options_groups_and_selection_as_django():
    for value in ("", "2026-S1", 'a"b', None):
        django_html = forms.Select(choices=CHOICES).render("period", value, {"id": "x"})
        fast_html = FastSelect(choices=CHOICES).render("period", value, {"id": "x"})
        assert _options(fast_html) == _options(django_html)
        assert _groups(fast_html) == _groups(django_html)
        assert fast_html.startswith(
            ('<select name="period" id="x">', '<select id="x" name="period">')
        )
    assert "&lt;2026&gt; &amp; co" in FastSelect(choices=CHOICES).render("p", "")


def test_model_choices_render_their_primary_keys(db):
    from raqib.registry.models import Governorate

    field = forms.ModelChoiceField(Governorate.objects.order_by("iso_code"), widget=FastSelect)
    first = Governorate.objects.order_by("iso_code").first()
    html = field.widget.render("governorate", first.pk)
    assert len(_options(html)) == Governorate.objects.count() + 1
    assert (str(first.pk), str(first), True) in _options(html)


def test_kept_options_never_carry_a_selection_over_and_follow_renamed_labels():
    """The options are written once per process for the same choices: the next render with
    another value (or none) must not keep the first one's ``selected``, and a renamed label
    (another entry) must show at once."""
    first = FastSelect(choices=CHOICES).render("period", "2026-S1")
    assert [v for v, _label, chosen in _options(first) if chosen] == ["2026-S1"]
    again = FastSelect(choices=CHOICES).render("period", "custom")
    assert [v for v, _label, chosen in _options(again) if chosen] == ["custom"]
    none = FastSelect(choices=CHOICES).render("period", None)
    assert [v for v, _label, chosen in _options(none) if chosen] == [""]  # as Django does
    renamed = [*CHOICES[:-1], ("custom", "Dates of your choice")]
    assert ("custom", "Dates of your choice", True) in _options(
        FastSelect(choices=renamed).render("period", "custom")
    )
