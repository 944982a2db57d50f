"""Forms of the follow-up pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.grids.models import GridVersion
from raqib.grids.selectors import grid_version_frozen_list
from raqib.missions.forms import ObserverChoiceField, observer_queryset, with_workloads
from raqib.registry.models import PublicBody, ServicePoint

from .models import Basis, Priority, RecommendationStatus, Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SPLIT = re.compile(r"[\s,;،]+")


def split_codes(value: str) -> list[str]:
    """Codes typed or passed separated by spaces, commas or semicolons (Arabic comma too)."""
    return [c for c in SPLIT.split(value or "") if c]


class GridVersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.grid.code} v{obj.number}"


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    text = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the body should do, in plain words."),
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.order_by("code"), label=_("Public body")
    )
    points = forms.CharField(
        label=_("Service points"),
        required=False,
        help_text=_("Codes of the points concerned, separated by spaces or commas."),
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.FREE)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    basis = forms.ChoiceField(
        label=_("Legal or referential basis"), choices=Basis.choices, required=False
    )
    basis_reference = forms.CharField(
        label=_("Reference of the basis"),
        max_length=255,
        required=False,
        help_text=_("E.g. Marhba requirement 3.2, circular no. 12 of 2024."),
    )
    evidence_summary = forms.CharField(
        label=_("Figures behind it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The findings and figures the body will read. Never name an observer."),
    )
    grid_version = GridVersionField(
        queryset=GridVersion.objects.none(), label=_("Grid of the linked criteria"), required=False
    )
    criteria = forms.CharField(
        label=_("Linked criteria"),
        required=False,
        help_text=_("Codes of the grid criteria that verification visits will score."),
    )
    reports = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid_version"].queryset = grid_version_frozen_list().order_by(
            "grid__code", "-number"
        )
        self.fields["due_date"].initial = timezone.localdate() + dt.timedelta(days=60)

    def clean_points(self) -> list[ServicePoint]:
        codes = split_codes(self.cleaned_data.get("points", ""))
        found = {p.code: p for p in ServicePoint.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("No service point has these codes: %(codes)s"),
                params={"codes": ", ".join(unknown)},
            )
        return [found[c] for c in codes]

    def clean_criteria(self) -> list[str]:
        return split_codes(self.cleaned_data.get("criteria", ""))

    def clean_reports(self) -> list[int]:
        raw = split_codes(self.cleaned_data.get("reports", ""))
        if not all(r.isdigit() for r in raw):
            raise forms.ValidationError(_("Unknown report."))
        return [int(r) for r in raw]


class RecommendationEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 5}))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    basis = forms.ChoiceField(
        label=_("Legal or referential basis"), choices=Basis.choices, required=False
    )
    basis_reference = forms.CharField(
        label=_("Reference of the basis"), max_length=255, required=False
    )
    evidence_summary = forms.CharField(
        label=_("Figures behind it"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActForm(forms.Form):
    event = forms.CharField(max_length=30)
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_date = forms.DateField(label=_("New due date"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    due_date = forms.DateField(label=_("Planned date"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = [bool(data.get(k)) for k in ("description", "owner", "due_date")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Give the action, its owner and its date."))
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=30, validate_max=True)


class PlanForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the department"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.BooleanField(label=_("This is a progress report"), required=False)
    file = forms.FileField(
        label=_("Attach a file (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )


class ClaimForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe what changed for citizens; attach what shows it."),
    )
    file = forms.FileField(
        label=_("Attach a file (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VerifyForm(forms.Form):
    observer = ObserverChoiceField(
        queryset=observer_queryset().none(),
        label=_("Observer"),
        required=False,
        help_text=_("Leave empty to assign the visits later."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = observer_queryset()
        with_workloads(self.fields["observer"])


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *RecommendationStatus.choices],
        required=False,
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("All")), *Priority.choices], required=False
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.none(), label=_("Public body"), required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, bodies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.none(), label=_("Public body"), required=False
    )

    def __init__(self, *args: Any, bodies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must come before the end."))
        return data


class PublishForm(forms.Form):
    public_title_ar = forms.CharField(label=_("Public title (Arabic)"), max_length=255)
    public_title_fr = forms.CharField(label=_("Public title (French)"), max_length=255)
    public_summary_ar = forms.CharField(
        label=_("What changed, for citizens (Arabic)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    public_summary_fr = forms.CharField(
        label=_("What changed, for citizens (French)"), widget=forms.Textarea(attrs={"rows": 3})
    )
