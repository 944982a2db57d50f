"""Staff forms. They only validate input; the views hand cleaned data to the services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raqib.grids.models import GridKind, GridVersion, VersionStatus
from raqib.registry.models import Governorate, PublicBody, RegionTag, ServiceCategory, ServicePoint

from .models import SurveyWave


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class WaveForm(forms.ModelForm):
    class Meta:
        model = SurveyWave
        fields = [
            "code",
            "title_ar",
            "title_fr",
            "grid_version",
            "starts_on",
            "ends_on",
            "target_responses",
            "min_sample",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid_version"].queryset = GridVersion.objects.filter(
            status=VersionStatus.PUBLISHED, grid__kind=GridKind.SURVEY
        ).select_related("grid")
        for name in ("starts_on", "ends_on"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class TargetForm(forms.Form):
    body = forms.ModelChoiceField(
        PublicBody.objects.order_by("code"),
        required=False,
        label=_("All points of a body (its sub-bodies included)"),
    )
    category = forms.ModelChoiceField(
        ServiceCategory.objects.order_by("code"), required=False, label=_("Service category")
    )
    governorate = forms.ModelChoiceField(
        Governorate.objects.order_by("iso_code"), required=False, label=_("Governorate")
    )
    region = forms.ModelChoiceField(
        RegionTag.objects.order_by("code"), required=False, label=_("Region tag")
    )
    codes = forms.CharField(
        required=False,
        label=_("Hand-picked service points (codes separated by spaces, commas or lines)"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
    )

    def clean_codes(self) -> list[ServicePoint]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("codes") or "") if c]
        found = {p.code: p for p in ServicePoint.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown service point codes: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return list(found.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(k) for k in ("body", "category", "governorate", "region", "codes")):
            raise forms.ValidationError(_("Choose at least one criterion or list some points."))
        return data


class PosterForm(forms.Form):
    lang = forms.ChoiceField(
        choices=[("ar", _("Arabic")), ("fr", _("French"))], required=False, label=_("Language")
    )
    size = forms.ChoiceField(
        choices=[("a4", "A4"), ("a5", "A5")], required=False, label=_("Paper size")
    )
