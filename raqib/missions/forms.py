"""Coordinator forms. Business rules live in services; forms only parse input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from raqib.accounts.models import ObserverProfile
from raqib.core.bilingual import localized
from raqib.core.widgets import FastSelect
from raqib.grids.models import Grid, GridChannel, GridVersion, VersionStatus
from raqib.registry.models import (
    Channel,
    Governorate,
    PublicBody,
    RegionTag,
    ServiceCategory,
    ServicePoint,
)

from .models import MissionStatus, ReportStatus
from .services import month_period, observer_workloads

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ObserverChoiceField(forms.ModelChoiceField):
    """Observers by pseudonym (their names are not needed to plan a visit), home governorate and,
    when known, their workload this month."""

    workloads: dict[int, int] | None = None

    def label_from_instance(self, obj: Any) -> str:
        return observer_label(obj, self.workloads)


def observer_label(obj: Any, workloads: dict[int, int] | None) -> str:
    profile = obj.observer_profile
    delegation = profile.home_delegation
    label = (
        f"{profile.pseudonym} — {delegation.governorate.name}" if delegation else profile.pseudonym
    )
    if workloads is None:
        return label
    count = workloads.get(obj.pk, 0)
    missions = ngettext("%(count)s mission this month", "%(count)s missions this month", count) % {
        "count": count
    }
    return f"{label} — {missions}"


def with_workloads(field: Any, month: dt.date | None = None) -> None:
    """Show each observer's workload in the planning month (this month by default) in ``field``."""
    start, end = planning_month(month or timezone.localdate())
    field.workloads = observer_workloads(
        observer_ids=list(field.queryset.values_list("pk", flat=True)),
        period_start=start,
        period_end=end,
    )


def observer_queryset() -> Any:
    from raqib.accounts.models import User

    return (
        User.objects.filter(
            is_active=True, observer_profile__is_active=True, roles__role="observer"
        )
        .select_related("observer_profile__home_delegation__governorate")
        .order_by("observer_profile__pseudonym")
        .distinct()
    )


class GridVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.grid.code} v{obj.number} — {obj.grid.title}"


def published_versions() -> Any:
    return (
        GridVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("grid")
        .order_by("grid__code", "-number")
    )


class ServicePointPicker(forms.TextInput):
    """A text box that suggests the active service points as one types their code or name.

    The suggestions are a ``<datalist>`` (the browser filters it, no script): each option's value is
    the point's code, its label the name and governorate in the page's language. Written in Python
    in one pass, as core.widgets.FastSelect, because a department has thousands of points.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = {**(attrs or {}), "list": f"{name}-suggestions", "autocomplete": "off"}
        box = super().render(name, value, attrs, renderer)
        rows = (
            ServicePoint.objects.filter(is_active=True)
            .order_by("code")
            .values_list(
                "code", "name_ar", "name_fr", "governorate__name_ar", "governorate__name_fr"
            )
        )
        options = "".join(
            format_html(
                '<option value="{}">{} — {}</option>',
                code,
                localized(name_ar, name_fr),
                localized(gov_ar, gov_fr),
            )
            for code, name_ar, name_fr, gov_ar, gov_fr in rows
        )
        return format_html(
            '{}<datalist id="{}-suggestions">{}</datalist>', box, name, mark_safe(options)
        )


class ServicePointCodeField(forms.CharField):
    default_error_messages = {"unknown": _("No service point has this code.")}

    def clean(self, value: Any) -> ServicePoint | None:
        code = super().clean(value)
        if not code:
            return None
        point = ServicePoint.objects.select_related("body").filter(code=code.strip()).first()
        if point is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return point


class WindowMixin(forms.Form):
    grid_version = GridVersionChoiceField(queryset=GridVersion.objects.none(), label=_("Grid"))
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("Channel of the grid")), *GridChannel.choices],
        required=False,
    )
    window_start = forms.DateTimeField(label=_("Window start"), widget=DATETIME_WIDGET)
    window_end = forms.DateTimeField(label=_("Window end"), widget=DATETIME_WIDGET)
    campaign = forms.CharField(label=_("Campaign"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid_version"].queryset = published_versions()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("The window must end after it starts."))
        return data


class MissionCreateForm(WindowMixin):
    service_point = ServicePointCodeField(
        label=_("Service point"),
        help_text=_("Type a code or part of a name, then pick the point in the list."),
        max_length=40,
        widget=ServicePointPicker,
    )
    observer = ObserverChoiceField(
        queryset=ObserverProfile.objects.none(), label=_("Observer"), required=False
    )
    field_order = ["service_point", "grid_version", "channel", "window_start", "window_end"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = observer_queryset()
        with_workloads(self.fields["observer"])


class MissionPairForm(WindowMixin):
    service_point = ServicePointCodeField(
        label=_("Service point"),
        help_text=_("Type a code or part of a name, then pick the point in the list."),
        max_length=40,
        widget=ServicePointPicker,
    )
    first_observer = ObserverChoiceField(
        queryset=ObserverProfile.objects.none(), label=_("First observer")
    )
    second_observer = ObserverChoiceField(
        queryset=ObserverProfile.objects.none(), label=_("Second observer")
    )
    field_order = ["service_point", "grid_version", "channel", "window_start", "window_end"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_observer"].queryset = observer_queryset()
        self.fields["second_observer"].queryset = observer_queryset()


class ObserverMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Observers by pseudonym, home governorate and, when known, their workload in the planning
    month (no names: see ObserverChoiceField)."""

    workloads: dict[int, int] | None = None

    def label_from_instance(self, obj: Any) -> str:
        return observer_label(obj, self.workloads)


class BulkCreateForm(WindowMixin):
    points = forms.ModelMultipleChoiceField(
        queryset=ServicePoint.objects.all(),
        label=_("Service points"),
        widget=forms.MultipleHiddenInput,
    )
    observers = ObserverMultipleChoiceField(
        queryset=ObserverProfile.objects.none(),
        label=_("Assign to observers (optional)"),
        help_text=_(
            "One observer takes every point; several share them by workload this month. "
            "Points already planned this month are skipped; a point no observer may take "
            "is refused with its reason."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, month: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observers"].queryset = observer_queryset()
        # The observers panel: each one's workload in the planning month (this month by default).
        with_workloads(self.fields["observers"], month)


def planning_month(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month holding ``day``, as aware datetimes [start, end)."""
    moment = dt.datetime(day.year, day.month, 1, tzinfo=timezone.get_current_timezone())
    return month_period(moment)


class PointFilterForm(forms.Form):
    governorate = forms.ModelChoiceField(
        queryset=Governorate.objects.order_by("iso_code"),
        label=_("Governorate"),
        required=False,
        to_field_name="iso_code",
    )
    region = forms.ModelChoiceField(
        queryset=RegionTag.objects.order_by("code"),
        label=_("Region"),
        required=False,
        to_field_name="code",
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.order_by("code"),
        label=_("Public body"),
        required=False,
        widget=FastSelect,  # every public body: hundreds of options
    )
    category = forms.ModelChoiceField(
        queryset=ServiceCategory.objects.order_by("code"),
        label=_("Service category"),
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", "---------"), *Channel.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    uncovered = forms.DateField(
        label=_("Only points without a mission in the month"),
        help_text=_("The planning month: points already planned in it are left out."),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as YYYY-MM.")},
    )


class AssignForm(forms.Form):
    observer = ObserverChoiceField(queryset=ObserverProfile.objects.none(), label=_("Observer"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = observer_queryset()
        with_workloads(self.fields["observer"])


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WindowForm(VersionForm):
    """New visiting dates for a mission (its observer is told)."""

    window_start = forms.DateTimeField(label=_("Window start"), widget=DATETIME_WIDGET)
    window_end = forms.DateTimeField(label=_("Window end"), widget=DATETIME_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("The window must end after it starts."))
        return data


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label=_("What must the observer correct?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class MissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *MissionStatus.choices], required=False
    )
    governorate = forms.ModelChoiceField(
        queryset=Governorate.objects.order_by("iso_code"), label=_("Governorate"), required=False
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.order_by("code"),
        label=_("Public body"),
        required=False,
        widget=FastSelect,  # every public body: hundreds of options
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *GridChannel.choices], required=False
    )
    grid = forms.ModelChoiceField(
        queryset=Grid.objects.order_by("code"), label=_("Grid"), required=False
    )
    campaign = forms.CharField(label=_("Campaign"), required=False, max_length=120)
    observer = ObserverChoiceField(
        queryset=ObserverProfile.objects.none(), label=_("Observer"), required=False
    )
    q = forms.CharField(label=_("Code, point name or observer"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = observer_queryset()

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        for key in ("governorate", "body", "grid", "observer"):
            data[key] = data[key].pk if data.get(key) else None
        return data


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ReportStatus.SUBMITTED, _("Awaiting review")),
            (ReportStatus.RETURNED, _("Returned for correction")),
            (ReportStatus.VALIDATED, _("Validated")),
        ],
        required=False,
    )
    governorate = forms.ModelChoiceField(
        queryset=Governorate.objects.order_by("iso_code"), label=_("Governorate"), required=False
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.order_by("code"),
        label=_("Public body"),
        required=False,
        widget=FastSelect,  # every public body: hundreds of options
    )
    grid = forms.ModelChoiceField(
        queryset=Grid.objects.order_by("code"), label=_("Grid"), required=False
    )
    anomalies = forms.ChoiceField(
        label=_("Anomalies"),
        choices=[("", _("All")), ("yes", _("With anomalies"))],
        required=False,
    )
    critical = forms.ChoiceField(
        label=_("Critical findings"),
        choices=[("", _("All")), ("yes", _("Critical only"))],
        required=False,
    )
    older_than = forms.TypedChoiceField(
        label=_("Waiting for"),
        choices=[
            ("", _("Any time")),
            ("2", _("More than 2 days")),
            ("7", _("More than 7 days")),
            ("30", _("More than 30 days")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        for key in ("governorate", "body", "grid"):
            data[key] = data[key].pk if data.get(key) else None
        return data


def statement_month(value: str) -> dt.date:
    """`2026-11` → 1 November 2026; anything else → the current month."""
    try:
        year, month = (int(part) for part in value.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)
