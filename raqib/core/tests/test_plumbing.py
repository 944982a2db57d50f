"""The shared UI plumbing of raqib.core: bilingual pick, settings, service errors, pages,
the one form-field template."""

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from raqib.core import conf
from raqib.core.bilingual import localized, localized_field, localized_text
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.settings import base

# --- bilingual ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("ar", {"ar": "نعم", "fr": "Oui"}, "نعم"),
        ("fr", {"ar": "نعم", "fr": "Oui"}, "Oui"),
        ("fr", {"ar": "نعم", "fr": ""}, "نعم"),
        ("ar", {"fr": "Oui"}, "Oui"),
        ("ar", {}, ""),
        ("fr", "plain", "plain"),
        ("fr", 0, "0"),
        ("ar", None, ""),
    ],
)
def test_snapshot_texts_follow_the_one_rule(lang, value, shown):
    with translation.override(lang):
        assert localized_text(value) == shown
    # An explicit language wins over the current one.
    with translation.override("ar" if lang == "fr" else "fr"):
        assert localized_text(value, lang) == shown


def test_fields_of_objects_and_of_mappings_and_regional_codes():
    class Body:
        name_ar, name_fr = "وزارة", "Ministère"

    raw = {"name_ar": "", "name_fr": "Ministère", "label_ar": "أ", "label_fr": "A"}
    assert localized_field(Body(), "name", "fr") == "Ministère"
    assert localized_field(Body(), "name", "ar") == "وزارة"
    assert localized_field(raw, "name", "ar") == "Ministère"  # falls back to French
    assert localized_field(raw, "label", "fr-ca") == "A"  # a regional French is French
    assert localized_field(raw, "label", "en") == "أ"  # any other language: Arabic first
    assert localized_field(raw, "missing", "fr") == ""
    with translation.override("fr"):
        assert localized("ب", "B") == "B"


# --- settings ----------------------------------------------------------------------------------


def test_settings_defaults_live_in_the_settings_module_and_overrides_apply(settings):
    assert base.RAQIB_DASHBOARD_CACHE_SECONDS == 120  # the one default (tests set 0)
    settings.RAQIB_DASHBOARD_CACHE_SECONDS = 45
    settings.RAQIB_COVERAGE_TARGET = 75
    settings.RAQIB_SURVEY_RATE_LIMITS = {"device": ("2", "60")}
    settings.RAQIB_SURVEY_MYSTERY_SCORES = None
    assert conf.dashboard_cache_seconds() == 45
    assert conf.coverage_target() == 75.0
    assert conf.survey_rate_limits() == {"device": (2, 60)}
    assert conf.survey_mystery_scores() == ""


def test_no_call_site_reads_a_raqib_setting_with_its_own_default():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "/tests/" not in str(path)
        and 'getattr(settings, "RAQIB_' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


# --- service errors on forms -------------------------------------------------------------------


class _Form(forms.Form):
    name = forms.CharField(required=False, help_text="Both languages")
    active = forms.BooleanField(required=False)


def test_service_errors_go_next_to_their_field_else_on_top():
    form = _Form({"name": "x"})
    assert form.is_valid()
    apply_service_errors(
        form,
        ValidationError(
            {
                "name": ["Taken.", "Too short."],
                "code": "Unknown field.",
                NON_FIELD_ERRORS: "Stale.",
            }
        ),
    )
    assert form.errors["name"] == ["Taken.", "Too short."]
    assert form.non_field_errors() == ["Unknown field.", "Stale."]
    plain = _Form({})
    plain.is_valid()
    apply_service_errors(plain, ValidationError(["One.", "Two."]))
    assert plain.non_field_errors() == ["One.", "Two."]


# --- pages -------------------------------------------------------------------------------------


def test_paginate_keeps_the_other_parameters_and_clamps_the_page():
    request = RequestFactory().get("/x", {"q": "tunis", "page": "99"})
    context = paginate(request, list(range(45)), per_page=20)
    assert context["query"] == "q=tunis"
    assert context["page"].number == 3
    assert list(context["page"]) == list(range(40, 45))
    assert paginate(RequestFactory().get("/x", {"page": "junk"}), [1, 2])["page"].number == 1
    html = render_to_string("core/pagination.html", context)
    assert 'href="?q=tunis&amp;page=2"' in html
    assert 'rel="next"' not in html
    single = paginate(request, [1], per_page=20)
    assert render_to_string("core/pagination.html", single).strip() == ""


# --- the one form-field template ---------------------------------------------------------------


class _Choices(forms.Form):
    title = forms.CharField(label="Title")
    roles = forms.MultipleChoiceField(
        label="Roles", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )


def test_fields_render_with_the_house_template():
    form = _Form({"name": "x"})
    form.is_valid()
    apply_service_errors(form, ValidationError({"name": "Taken."}))
    html = form["name"].as_field_group()
    assert 'id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html  # Django's own ids
    assert '<div class="field-errors" id="id_name_error" aria-live="polite">' in html
    assert '<ul class="errorlist"><li>Taken.</li></ul>' in html
    check = form["active"].as_field_group()
    assert 'class="field field-check"' in check
    assert '<span class="field-check-row"><input type="checkbox"' in check
    choices = _Choices()
    assert '<span class="req" aria-hidden="true">*</span>' in choices["title"].as_field_group()
    group = choices["roles"].as_field_group()
    assert "<fieldset" in group
    assert "<legend>Roles</legend>" in group
    # The template included by hand (the grid editor) passes extra data attributes.
    included = render_to_string("core/forms/field.html", {"field": form["name"], "types": "text"})
    assert 'data-types="text"' in included
