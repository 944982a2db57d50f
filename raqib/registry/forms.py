"""Forms of the registry screens. They validate input; the services write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from raqib.core.widgets import FastSelect

from .models import Channel, Delegation, Governorate, RegionTag, ServicePoint
from .selectors import public_body_list_for_user, service_category_list
from .validators import (
    validate_latitude,
    validate_longitude,
    validate_phones,
    validate_web_address,
)

ACTIVE_CHOICES = [("yes", _("Active")), ("no", _("Inactive")), ("all", _("All"))]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NameChoiceField(forms.ModelChoiceField):
    widget = FastSelect  # public bodies: hundreds of options on every list page

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})" if hasattr(obj, "code") else obj.name


class _DelegationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.governorate.name} — {obj.name} ({obj.code})"


class ServicePointFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        to_field_name="iso_code",
        required=False,
        empty_label=_("All"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=RegionTag.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    body = _NameChoiceField(
        label=_("Public body"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    category = _NameChoiceField(
        label=_("Service category"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = public_body_list_for_user(
            user=user
        )
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = service_category_list()

    def filters(self) -> dict[str, Any]:
        """Filters for the selector; an invalid value is ignored rather than failing the page."""
        self.is_valid()  # invalid fields drop out of cleaned_data, the valid ones still apply
        filters = {k: v for k, v in self.cleaned_data.items() if v}
        filters.setdefault("active", "yes")
        return filters


class ServicePointForm(forms.Form):
    code = forms.CharField(label=pgettext_lazy("identifier", "Code"), max_length=40)
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), max_length=255, widget=forms.TextInput(attrs={"dir": "rtl"})
    )
    name_fr = forms.CharField(
        label=_("Name (French)"), max_length=255, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    body = _NameChoiceField(label=_("Public body"), queryset=None)
    category = _NameChoiceField(label=_("Service category"), queryset=None)
    delegation = _DelegationChoiceField(
        label=_("Delegation"),
        queryset=Delegation.objects.select_related("governorate"),
        help_text=_("The governorate follows from the delegation."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=8,
        decimal_places=5,
        required=False,
        validators=[validate_latitude],
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=8,
        decimal_places=5,
        required=False,
        validators=[validate_longitude],
    )
    in_person = forms.BooleanField(label=_("Reception in person"), required=False, initial=True)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=255, required=False)
    phones = forms.CharField(
        label=_("Telephone numbers"),
        max_length=255,
        required=False,
        validators=[validate_phones],
        help_text=_("8 digits, optionally preceded by +216; separate several numbers with ;"),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        validators=[validate_email],
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )
    website = forms.CharField(
        label=_("Website or e-service"),
        max_length=200,
        required=False,
        validators=[validate_web_address],
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    started_on = forms.DateField(
        label=_("Open to the public since"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Starts the activity history of the point; today if left empty."),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        instance: ServicePoint | None = None,
        validate_url: str = "",
        **kwargs: Any,
    ) -> None:
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": instance.code,
                    "name_ar": instance.name_ar,
                    "name_fr": instance.name_fr,
                    "body": instance.body,
                    "category": instance.category,
                    "delegation": instance.delegation,
                    "address": instance.address,
                    "latitude": instance.latitude,
                    "longitude": instance.longitude,
                    "in_person": instance.in_person,
                    "opening_hours": instance.opening_hours,
                    "phones": instance.phones,
                    "email": instance.email,
                    "website": instance.website,
                },
            )
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = public_body_list_for_user(
            user=user
        )
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = service_category_list()
        if instance is not None:
            del self.fields["started_on"]
        if validate_url:
            # Inline validation: the field is checked on the server when it loses focus.
            for name, form_field in self.fields.items():
                auto_id = self[name].auto_id
                helps = [f"{auto_id}_helptext"] if form_field.help_text else []
                form_field.widget.attrs.update(
                    {
                        "hx-post": validate_url,
                        "hx-trigger": "change"
                        if name in ("body", "category", "delegation", "in_person")
                        else "blur changed",
                        "hx-target": f"#{auto_id}_error",
                        "hx-swap": "innerHTML",
                        "hx-include": "closest form",
                        "aria-describedby": " ".join([*helps, f"{auto_id}_error"]),
                    }
                )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = ServicePoint.objects.filter(code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Another service point already has this code."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values.pop("started_on", None)
        return values


class DeactivateForm(forms.Form):
    on = forms.DateField(label=_("Closed on"), widget=DATE_INPUT, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: merged with another office, moved, closed for works."),
    )


class ReactivateForm(forms.Form):
    on = forms.DateField(label=_("Reopened on"), widget=DATE_INPUT, initial=timezone.localdate)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV UTF-8 or XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.RAQIB_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload
