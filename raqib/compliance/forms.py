from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raqib.registry.models import ServicePoint

from .models import LabelChannel, LabelStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must come before the end."))
        return data


def default_period(today: dt.date) -> dict[str, dt.date]:
    return {"start": dt.date(today.year, 1, 1), "end": today}


class LabelHolderForm(forms.Form):
    service_point = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.order_by("code")
    )
    scope = forms.MultipleChoiceField(
        label=_("Channels covered"),
        choices=LabelChannel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class LabelTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=LabelStatus.choices)
    certified_on = forms.DateField(label=_("Certified on"), required=False, widget=DATE)
    certificate_number = forms.CharField(
        label=_("Certificate number"), required=False, max_length=60
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
