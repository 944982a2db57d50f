"""The form an integrity officer fills to open a case by hand: own finding, external signal,
a validated report chosen by its mission code, or a survey comment flagged by staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.missions.selectors import validated_report_by_mission_code
from raqib.registry.models import PublicBody
from raqib.surveys.selectors import comment_flag_open_get, comment_flags_open

from .models import Category, Origin, Severity

SOURCE_HEAD = "المصدر / Source :"
MANUAL_ORIGINS = [
    (Origin.MANUAL, Origin.MANUAL.label),
    (Origin.EXTERNAL, Origin.EXTERNAL.label),
    (Origin.REPORT, Origin.REPORT.label),
    (Origin.SURVEY_COMMENT, Origin.SURVEY_COMMENT.label),
]
# Where the body, the place and the first facts come from the report or the comment.
DERIVED = (Origin.REPORT, Origin.SURVEY_COMMENT)


class CaseOpenForm(forms.Form):
    origin = forms.ChoiceField(label=_("Origin"), choices=MANUAL_ORIGINS, initial=Origin.MANUAL)
    source = forms.CharField(
        label=_("Source of the signal"),
        required=False,
        max_length=300,
        help_text=_("For an external signal: who or what reported it (kept encrypted)."),
    )
    report_code = forms.CharField(
        label=_("Mission code of the validated report"),
        required=False,
        max_length=40,
        help_text=_("For a validated report: the code of its mission, e.g. M-2026-00012."),
    )
    comment_flag = forms.ChoiceField(
        label=_("Flagged survey comment"),
        required=False,
        help_text=_("For a survey comment: one of the comments staff flagged for integrity."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.HIGH
    )
    body = forms.ModelChoiceField(
        queryset=PublicBody.objects.order_by("code"), label=_("Public body"), required=False
    )
    facts = forms.CharField(
        label=_("Facts"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        max_length=20000,
        required=False,
        help_text=_(
            "For a report or a comment, its summary heads the facts: add what you know beyond it."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["comment_flag"].choices = [
            ("", "—"),
            *(
                (
                    str(c.pk),
                    (
                        f"{c.wave_code} — {c.service_point.code} — "
                        f"{timezone.localtime(c.submitted_at):%d/%m/%Y} — {c.text[:80]}"
                    ),
                )
                for c in comment_flags_open()
            ),
        ]

    place_of_facts = forms.CharField(label=_("Place"), required=False, max_length=255)
    occurred_on = forms.DateField(
        label=_("Date of the facts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_facts(self) -> str:
        return str(self.cleaned_data.get("facts") or "").strip()

    def clean_occurred_on(self) -> dt.date | None:
        day = self.cleaned_data.get("occurred_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of the facts cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = str(data.get("source") or "").strip()
        origin = data.get("origin")
        if origin == Origin.EXTERNAL and not source:
            self.add_error("source", _("Give the source of the external signal."))
        data["source"] = source
        if origin not in DERIVED:
            if not data.get("body"):
                self.add_error("body", _("Choose the public body."))
            if "facts" in data and not data["facts"]:
                self.add_error("facts", _("Describe the facts."))
        elif origin == Origin.REPORT:
            code = str(data.get("report_code") or "").strip()
            data["report"] = (
                validated_report_by_mission_code(user=self.user, code=code) if code else None
            )
            if data["report"] is None:
                self.add_error("report_code", _("No validated report has this mission code."))
        else:
            raw = str(data.get("comment_flag") or "")
            found = comment_flag_open_get(pk=int(raw)) if raw.isdigit() else None
            if found is None:
                self.add_error("comment_flag", _("Choose a flagged comment still waiting."))
            else:
                data["flag"], data["comment"] = found
        return data

    def chosen_origin(self) -> str:
        return str(self.cleaned_data["origin"])

    def derived_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `case_open_from_chosen_report` / `case_open_from_comment`."""
        data = self.cleaned_data
        common = {
            "category": data["category"],
            "severity": data["severity"],
            "facts": data["facts"],
        }
        if self.chosen_origin() == Origin.REPORT:
            return {"report": data["report"], **common}
        return {"flag": data["flag"], "comment": data["comment"], **common}

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
