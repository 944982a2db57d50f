"""Dashboard forms: the filters (read from the query string) and the boundary file upload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.core.access import has_any_role
from raqib.core.bilingual import localized, localized_field, wants_french
from raqib.core.roles import STAFF_ROLES
from raqib.core.widgets import FastSelect
from raqib.grids.models import GridChannel
from raqib.registry.models import Governorate, PublicBody, RegionTag, ServiceCategory

from .figures import Filters
from .periods import Period, custom_period, parse_period

CUSTOM = "custom"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class _LabelsIterator(forms.models.ModelChoiceIterator):
    """The options from one ``values_list`` query: no model instance per option (the body
    filter has ~800), same values and labels as ``label_from_instance``."""

    def __iter__(self) -> Any:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        queryset = self.queryset
        names = {f.name for f in queryset.model._meta.concrete_fields}
        code_field = "iso_code" if "iso_code" in names else "code"
        lang = "fr" if wants_french() else "ar"
        for value, code, name_ar, name_fr in queryset.values_list(
            field.to_field_name or "pk", code_field, "name_ar", "name_fr"
        ):
            name = localized(name_ar, name_fr, lang)
            yield (value, f"{name} ({code})" if code else name)


class LocalizedChoiceField(forms.ModelChoiceField):
    widget = FastSelect
    iterator = _LabelsIterator

    def label_from_instance(self, obj: Any) -> str:
        code = getattr(obj, "iso_code", None) or getattr(obj, "code", "")
        name = localized_field(obj, "name")
        return f"{name} ({code})" if code else name


def period_choices(today: dt.date) -> list[tuple[str, Any]]:
    """Presets for this year and the previous one, then a custom range."""
    choices: list[tuple[str, Any]] = []
    for year in (today.year, today.year - 1):
        parts: list[tuple[str, Any]] = [
            (f"{year}", _("Year %(year)s") % {"year": year}),
            (f"{year}-S1", _("First semester %(year)s") % {"year": year}),
            (f"{year}-S2", _("Second semester %(year)s") % {"year": year}),
            (f"{year}-9M", _("Nine months %(year)s (January–September)") % {"year": year}),
        ]
        parts += [
            (f"{year}-Q{q}", _("Quarter %(q)s %(year)s") % {"q": q, "year": year})
            for q in range(1, 5)
        ]
        parts += [(f"{year}-{m:02d}", f"{m:02d}/{year}") for m in range(1, 13)]
        choices.append((str(year), parts))
    choices.append((CUSTOM, _("Custom dates (from / to)")))
    return choices


def period_field() -> forms.CharField:
    """The period picker shared by the dashboard and the periodic reports: a list of presets
    (``period_choices``, set on the widget when the form is made) and "custom dates"."""
    return forms.CharField(label=_("Period"), required=False, max_length=10, widget=FastSelect)


class DashboardFilterForm(forms.Form):
    """GET filters. ``filters()`` turns a valid form into a figures.Filters."""

    period = period_field()
    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    governorate = LocalizedChoiceField(
        Governorate.objects.order_by("iso_code"), label=_("Governorate"), required=False
    )
    region = LocalizedChoiceField(
        RegionTag.objects.order_by("code"),
        label=_("Region"),
        required=False,
        to_field_name="code",
    )
    body = LocalizedChoiceField(
        PublicBody.objects.only("pk", "code", "name_ar", "name_fr").order_by("code"),
        label=_("Public body"),
        required=False,
    )
    category = LocalizedChoiceField(
        ServiceCategory.objects.order_by("code"), label=_("Service category"), required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", "---------"), *GridChannel.choices],
        widget=FastSelect,
    )

    def __init__(self, data: Any = None, *, user: Any, with_body: bool = True) -> None:
        super().__init__(data)
        self.today = timezone.localdate()
        self.fields["period"].widget.choices = period_choices(self.today)
        if not with_body:
            del self.fields["body"]
        elif not has_any_role(user, STAFF_ROLES):
            # A focal point chooses among their own bodies only.
            body_field: Any = self.fields["body"]
            body_field.queryset = PublicBody.objects.filter(pk__in=user.focal_body_ids).order_by(
                "code"
            )
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"filter-{name}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label = (data.get("period") or "").strip()
        start, end = data.get("start"), data.get("end")
        period: Period | None = None
        try:
            if label == CUSTOM or (not label and (start or end)):
                if not (start and end):
                    raise ValueError(_("Give both dates of a custom period."))
                period = custom_period(start, end)
            else:
                period = parse_period(label or str(self.today.year))
        except ValueError as exc:
            field = "period" if label and label != CUSTOM else "end"
            if field not in self.errors:
                self.add_error(field, str(exc))
        if period is not None:
            data["resolved_period"] = period
            if period.label != CUSTOM:
                # Show the preset as selected even when typed in lower case.
                choices = self.fields["period"].widget.choices
                if not any(
                    period.label == value
                    for _group, parts in choices
                    if isinstance(parts, list)
                    for value, _text in parts
                ):
                    choices.insert(0, (period.label, period.label))
        return data

    @property
    def resolved_period(self) -> Period | None:
        if not self.is_valid():
            return None
        return self.cleaned_data.get("resolved_period")

    def filters(self) -> Filters:
        """The figures.Filters of a valid form (call is_valid() first)."""
        data = self.cleaned_data
        period = data["resolved_period"]
        region = data.get("region")
        governorate, body, category = (
            data.get("governorate"),
            data.get("body"),
            data.get("category"),
        )
        return Filters(
            start=period.start,
            end=period.end,
            governorate_id=governorate.pk if governorate else None,
            region_tag=region.code if region else None,
            body_id=body.pk if body else None,
            category_id=category.pk if category else None,
            channel=data.get("channel") or None,
        )


class MapBoundaryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_(
            "A FeatureCollection of the 24 governorates (Polygon or MultiPolygon), each feature "
            "with its ISO 3166-2 code (TN-11…TN-83) in a property iso_code, ISO, shapeISO or "
            "iso_3166_2."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = settings.RAQIB_MAP_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: %(size)s bytes, at most %(max)s."),
                params={"size": upload.size, "max": limit},
                code="too_large",
            )
        return upload.read()
