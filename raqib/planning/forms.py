from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raqib.accounts.models import User
from raqib.core.roles import Role
from raqib.grids.models import GridVersion, VersionStatus
from raqib.registry.models import Governorate, ServicePoint

from .models import ItemReason
from .risk import SIGNAL_LABELS, SIGNALS, weights_errors


def _versions(channel: str) -> Any:
    return (
        GridVersion.objects.filter(status=VersionStatus.PUBLISHED, grid__channel=channel)
        .select_related("grid")
        .order_by("grid__code", "-number")
    )


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.grid.code} v{obj.number}"


def _percent(label: Any, initial: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100, initial=initial)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    budget = forms.DecimalField(
        label=_("Budget (TND)"), min_value=Decimal("0"), max_digits=12, decimal_places=3
    )
    target_coverage = _percent(_("Coverage target (%)"), 80)
    target_interior = _percent(_("Coverage target in the interior regions (%)"), 80)
    governorate_floor = _percent(_("Minimum coverage in every governorate (%)"), 50)
    min_in_person = _percent(_("Minimum share of in-person visits (%)"), 60)
    governorates = forms.ModelMultipleChoiceField(
        label=_("Governorates (none chosen: the whole country)"),
        queryset=Governorate.objects.order_by("iso_code"),
        required=False,
    )
    grid_in_person = VersionChoice(
        label=_("Grid for in-person visits"), queryset=GridVersion.objects.none()
    )
    grid_phone = VersionChoice(
        label=_("Grid for telephone visits (optional)"),
        queryset=GridVersion.objects.none(),
        required=False,
    )
    grid_web = VersionChoice(
        label=_("Grid for website visits (optional)"),
        queryset=GridVersion.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid_in_person"].queryset = _versions("in_person")  # type: ignore[attr-defined]
        self.fields["grid_phone"].queryset = _versions("phone")  # type: ignore[attr-defined]
        self.fields["grid_web"].queryset = _versions("web")  # type: ignore[attr-defined]
        for name in SIGNALS:
            self.fields[f"w_{name}"] = forms.IntegerField(
                label=SIGNAL_LABELS[name], min_value=0, max_value=100
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end <= start:
            self.add_error("ends_on", _("The end must come after the start."))
        weights = {name: data.get(f"w_{name}") for name in SIGNALS}
        if all(isinstance(v, int) for v in weights.values()):
            for message in weights_errors(weights):
                self.add_error(None, message)
        return data

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "starts_on": d["starts_on"],
            "ends_on": d["ends_on"],
            "budget": int(d["budget"] * 1000),
            "target_coverage": Decimal(d["target_coverage"]) / 100,
            "target_interior": Decimal(d["target_interior"]) / 100,
            "governorate_floor": Decimal(d["governorate_floor"]) / 100,
            "min_in_person": Decimal(d["min_in_person"]) / 100,
            "governorates": list(d["governorates"]),
            "grid_in_person": d["grid_in_person"],
            "grid_phone": d["grid_phone"],
            "grid_web": d["grid_web"],
            "risk_weights": {name: d[f"w_{name}"] for name in SIGNALS},
        }


class ObserverForm(forms.Form):
    observer = forms.ModelChoiceField(label=_("Observer"), queryset=User.objects.none())
    per_week = forms.IntegerField(
        label=_("Missions per week"), min_value=1, max_value=40, initial=8
    )
    days_per_week = forms.IntegerField(
        label=_("Field days per week"), min_value=0, max_value=5, initial=3
    )
    available_from = forms.DateField(
        label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_to = forms.DateField(
        label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    remote = forms.BooleanField(
        label=_("Works remotely (telephone, website)"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["observer"]
        field.queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                roles__role=Role.OBSERVER, observer_profile__is_active=True, is_active=True
            )
            .select_related("observer_profile")
            .order_by("observer_profile__pseudonym")
            .distinct()
        )
        field.label_from_instance = lambda u: u.observer_profile.pseudonym  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    code = forms.CharField(label=_("Service point code"), max_length=40)
    visits = forms.IntegerField(label=_("Visits"), min_value=1, max_value=10, initial=1)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (ItemReason.CHOSEN, ItemReason.CHOSEN.label),
            (ItemReason.REPEAT, ItemReason.REPEAT.label),
        ],
    )

    def clean_code(self) -> ServicePoint:
        code = self.cleaned_data["code"].strip()
        point = ServicePoint.objects.filter(code=code, is_active=True).first()
        if point is None:
            raise forms.ValidationError(_("No active service point has this code."))
        return point


class ComplaintsForm(forms.Form):
    file = forms.FileField(label=_("CSV file of complaints"))
