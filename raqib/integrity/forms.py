"""The form an integrity officer fills to open a case by hand (own finding or external signal)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.registry.models import PublicBody

from .models import Category, Origin, Severity

SOURCE_HEAD = "المصدر / Source :"
MANUAL_ORIGINS = [(Origin.MANUAL, Origin.MANUAL.label), (Origin.EXTERNAL, Origin.EXTERNAL.label)]


class CaseOpenForm(forms.Form):
    origin = forms.ChoiceField(label=_("Origin"), choices=MANUAL_ORIGINS, initial=Origin.MANUAL)
    source = forms.CharField(
        label=_("Source of the signal"),
        required=False,
        max_length=300,
        help_text=_("For an external signal: who or what reported it (kept encrypted)."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.HIGH
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.order_by("code"), label=_("Public body")
    )
    facts = forms.CharField(
        label=_("Facts"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    place_of_facts = forms.CharField(label=_("Place"), required=False, max_length=255)
    occurred_on = forms.DateField(
        label=_("Date of the facts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_facts(self) -> str:
        facts = str(self.cleaned_data["facts"]).strip()
        if not facts:
            raise forms.ValidationError(_("Describe the facts."))
        return facts

    def clean_occurred_on(self) -> dt.date | None:
        day = self.cleaned_data.get("occurred_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of the facts cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = str(data.get("source") or "").strip()
        if data.get("origin") == Origin.EXTERNAL and not source:
            self.add_error("source", _("Give the source of the external signal."))
        data["source"] = source
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `services.case_create`; the source heads the facts."""
        data = self.cleaned_data
        facts = data["facts"]
        if data["origin"] == Origin.EXTERNAL:
            # Stored data, not page text: the same bilingual head whatever the page language.
            facts = f"{SOURCE_HEAD} {data['source']}\n{facts}"
        day = data.get("occurred_on")
        occurred = (
            timezone.make_aware(dt.datetime.combine(day, dt.time(12))) if day is not None else None
        )
        return {
            "category": data["category"],
            "severity": data["severity"],
            "origin": data["origin"],
            "body": data["body"],
            "facts": facts,
            "place_of_facts": data["place_of_facts"].strip(),
            "occurred_at": occurred,
        }
