"""Input of the register of simplification measures: the measure form and the period filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raqib.grids.models import Grid
from raqib.registry.models import PublicBody, ServiceCategory

from .models import SimplificationMeasure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """The period of the compliance figures (both ends optional, inclusive)."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data


class MeasureForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=255)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=255)
    legal_reference = forms.CharField(
        label=_("Legal reference"),
        max_length=255,
        help_text=_("The decree, circular or decision that decided the measure."),
    )
    in_force_on = forms.DateField(label=_("In force from"), widget=DATE)
    observable_ar = forms.CharField(
        label=_("What a citizen should observe (Arabic)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    observable_fr = forms.CharField(
        label=_("What a citizen should observe (French)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies concerned"),
        queryset=PublicBody.objects.order_by("code"),
        help_text=_("The bodies under them are concerned too."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Service categories concerned"),
        queryset=ServiceCategory.objects.order_by("code"),
        required=False,
        help_text=_("Leave empty when the measure concerns every service of these bodies."),
    )
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.order_by("code"))
    criteria = forms.CharField(
        label=_("Criteria that check it"),
        help_text=_("Criterion codes separated by commas, as in a published version of the grid."),
    )

    def clean_criteria(self) -> list[str]:
        raw = self.cleaned_data.get("criteria") or ""
        return [code.strip() for code in raw.replace("،", ",").split(",") if code.strip()]

    @classmethod
    def initial_for(cls, measure: SimplificationMeasure) -> dict[str, Any]:
        return {
            "code": measure.code,
            "title_ar": measure.title_ar,
            "title_fr": measure.title_fr,
            "legal_reference": measure.legal_reference,
            "in_force_on": measure.in_force_on,
            "observable_ar": measure.observable_ar,
            "observable_fr": measure.observable_fr,
            "bodies": list(measure.bodies.all()),
            "categories": list(measure.categories.all()),
            "grid": measure.grid,
            "criteria": ", ".join(measure.criteria),
        }
