from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raqib.accounts.models import User
from raqib.core.bilingual import localized
from raqib.core.roles import Role
from raqib.grids.models import GridChannel
from raqib.registry.models import Governorate, PublicBody, ServiceCategory, ServicePoint

from .models import LabelChannel, LabelStatus, Trait

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


class EqualTreatmentForm(PeriodForm):
    trait = forms.ModelChoiceField(label=_("Trait"), queryset=Trait.objects.none())
    body = forms.ModelChoiceField(
        label=_("Public body"), queryset=PublicBody.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["trait"]
        field.queryset = Trait.objects.filter(is_active=True).order_by("code")
        field.label_from_instance = lambda t: localized(t.name_ar, t.name_fr)  # type: ignore[attr-defined]
        self.fields["body"].label_from_instance = lambda b: localized(b.name_ar, b.name_fr)  # type: ignore[attr-defined]


class TraitForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=120)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120)
    values = forms.CharField(
        label=_("Values"),
        help_text=_("One value per line: code | Arabic name | French name."),
        widget=forms.Textarea({"rows": 4}),
    )
    reference = forms.CharField(
        label=_("Reference value (code)"),
        max_length=30,
        help_text=_("The side the others are compared with, e.g. the majority group."),
    )

    def clean_values(self) -> list[dict[str, str]]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["values"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line %(line)s: write code | Arabic name | French name.") % {"line": number}
                )
            parsed.append({"code": parts[0], "ar": parts[1], "fr": parts[2]})
        return parsed


class ObserverTraitForm(forms.Form):
    observer = forms.ModelChoiceField(label=_("Observer"), queryset=User.objects.none())
    trait = forms.ModelChoiceField(label=_("Trait"), queryset=Trait.objects.none())
    value = forms.CharField(label=_("Value (code)"), max_length=30)
    consent_on = forms.DateField(label=_("Consent given on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        observers = self.fields["observer"]
        observers.queryset = (
            User.objects.filter(roles__role=Role.OBSERVER, observer_profile__isnull=False)
            .select_related("observer_profile")
            .order_by("observer_profile__pseudonym")
            .distinct()
        )
        observers.label_from_instance = lambda u: u.observer_profile.pseudonym  # type: ignore[attr-defined]
        traits = self.fields["trait"]
        traits.queryset = Trait.objects.filter(is_active=True).order_by("code")
        traits.label_from_instance = lambda t: localized(t.name_ar, t.name_fr)  # type: ignore[attr-defined]


class ScopeForm(PeriodForm):
    """Compliance of a governorate, a category and/or a channel (department staff)."""

    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.order_by("iso_code"), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Service category"),
        queryset=ServiceCategory.objects.order_by("code"),
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *GridChannel.choices], required=False
    )

    def scope_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "governorate_id": data["governorate"].pk if data.get("governorate") else None,
            "category_id": data["category"].pk if data.get("category") else None,
            "channel": data.get("channel") or None,
        }


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FollowUpMissionForm(forms.Form):
    window_start = forms.DateTimeField(label=_("Window start"), widget=DATETIME)
    window_end = forms.DateTimeField(label=_("Window end"), widget=DATETIME)


class LabelDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF or photo)"))


class ReferentialImportForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, initial="MARHBA")
    edition = forms.IntegerField(label=_("Edition"), min_value=1, max_value=999)
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=255)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=255)
    file = forms.FileField(label=_("Workbook (XLSX, as exported)"))
