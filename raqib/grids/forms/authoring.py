"""Forms of the draft editor (authoring UI).

Plain forms, not ModelForms: every rule lives in the services (`raqib.grids.services`), and
the views pass the cleaned data to them. The forms only turn text into the values the services
expect (score bands typed as "10:1;20:0.5;:0", photo triggers typed as "no, na") and give
clear, field-level messages; the services' own ValidationErrors are attached back to the
fields by `raqib.core.forms.apply_service_errors`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from raqib.core.bilingual import localized_text

from .. import scoring
from ..models import AnswerType, ChoiceList, Criterion, GridChannel, GridKind, Section, Unit
from ..scoring import PHOTO_SUFFIX
from ..snapshot import num


def _ar(widget: forms.Widget) -> forms.Widget:
    widget.attrs.update({"dir": "rtl", "lang": "ar"})
    return widget


def _fr(widget: forms.Widget) -> forms.Widget:
    widget.attrs.update({"dir": "ltr", "lang": "fr"})
    return widget


def _ltr(widget: forms.Widget) -> forms.Widget:
    # Codes, names and expressions are Latin identifiers: keep them left-to-right in Arabic.
    widget.attrs.update({"dir": "ltr", "spellcheck": "false", "autocomplete": "off"})
    return widget


def _rows(rows: int) -> dict[str, int]:
    return {"rows": rows}


# --- Bands -----------------------------------------------------------------------------------


def bands_parse(text: str) -> list[dict[str, Any]] | None:
    """ "10:1;20:0.5;:0" → [{"max": 10, "score": 1.0}, ..., {"max": None, "score": 0.0}].

    Raises a ValidationError listing every malformed band by its position. Order and bounds
    are checked by the services (the same rules as publication).
    """
    text = (text or "").strip()
    if not text:
        return None
    bands: list[dict[str, Any]] = []
    errors: list[str] = []
    for index, raw in enumerate(text.split(";"), start=1):
        part = raw.strip()
        if not part:
            continue
        if part.count(":") != 1:
            errors.append(
                gettext("Band %(n)s (“%(band)s”): write maximum:score, e.g. 10:1.")
                % {"n": index, "band": part}
            )
            continue
        upper_text, score_text = (p.strip() for p in part.split(":"))
        upper: int | float | None = None
        if upper_text:
            try:
                upper = num(upper_text.replace(",", "."))
            except ValueError:
                errors.append(
                    gettext("Band %(n)s: the maximum “%(value)s” is not a number.")
                    % {"n": index, "value": upper_text}
                )
                continue
        try:
            score = float(score_text.replace(",", "."))
        except ValueError:
            errors.append(
                gettext("Band %(n)s: the score “%(value)s” is not a number.")
                % {"n": index, "value": score_text}
            )
            continue
        bands.append({"max": upper, "score": score})
    if errors:
        raise ValidationError(errors)
    return bands or None


def bands_format(bands: list[dict[str, Any]] | None) -> str:
    def fmt(value: Any) -> str:
        if value is None:
            return ""
        return str(int(value)) if float(value).is_integer() else str(value)

    return ";".join(f"{fmt(b.get('max'))}:{fmt(b.get('score'))}" for b in bands or [])


# --- Forms -----------------------------------------------------------------------------------


class AuthoringForm(forms.Form):
    """Base of the editor forms: layout for the templates and accessible error hooks.

    `groups` lists (legend, field names) fieldsets; `bilingual_pairs` puts the Arabic and the
    French field side by side; `type_fields` says for which answer types a field matters (the
    editor's script hides the others; without the script everything shows).
    """

    groups: tuple[tuple[Any, tuple[str, ...]], ...] = ()
    bilingual_pairs: tuple[tuple[str, str], ...] = ()
    type_fields: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            # The error container is replaced by inline validation: point to it from the input.
            field.widget.attrs["aria-describedby"] = " ".join([*ids, f"{auto_id}_error"])

    def layout(self) -> list[dict[str, Any]]:
        paired = dict(self.bilingual_pairs)
        second = set(paired.values())
        out = []
        for legend, names in self.groups or ((None, tuple(self.fields)),):
            rows = []
            for name in names:
                if name not in self.fields or name in second:
                    continue
                fields = [self[name], self[paired[name]]] if name in paired else [self[name]]
                rows.append(
                    {"pair": name in paired, "fields": fields, "types": self.type_fields.get(name)}
                )
            out.append({"legend": legend, "rows": rows})
        return out


class GridCreateForm(AuthoringForm):
    code = forms.CharField(label=_("Code"), max_length=64, widget=_ltr(forms.TextInput()))
    kind = forms.ChoiceField(label=_("Kind"), choices=GridKind.choices, initial=GridKind.EVALUATION)
    channel = forms.ChoiceField(label=_("Channel"), choices=GridChannel.choices)
    title_ar = forms.CharField(
        label=_("Title (Arabic)"), max_length=255, widget=_ar(forms.TextInput())
    )
    title_fr = forms.CharField(
        label=_("Title (French)"), max_length=255, widget=_fr(forms.TextInput())
    )

    bilingual_pairs: tuple[tuple[str, str], ...] = (("title_ar", "title_fr"),)


class GridSettingsForm(GridCreateForm):
    description_ar = forms.CharField(
        label=_("Description (Arabic)"), required=False, widget=_ar(forms.Textarea(_rows(3)))
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=_fr(forms.Textarea(_rows(3)))
    )
    conformity_threshold = forms.FloatField(
        label=_("Conformity threshold (out of 10)"), min_value=0, max_value=10
    )
    critical_cap = forms.FloatField(
        label=_("Score cap on a critical finding (out of 100)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty for no cap."),
    )

    bilingual_pairs = (("title_ar", "title_fr"), ("description_ar", "description_fr"))


class _VersionForm(AuthoringForm):
    """A form about one draft version: codes must be unique across its sections and criteria."""

    code_field = "code"

    def __init__(self, *args: Any, version: Any, instance: Any = None, **kwargs: Any) -> None:
        self.version = version
        self.instance = instance
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        sections = Section.objects.filter(version=self.version, code=code)
        criteria = Criterion.objects.filter(version=self.version, code=code)
        if isinstance(self.instance, Section):
            sections = sections.exclude(pk=self.instance.pk)
        if isinstance(self.instance, Criterion):
            criteria = criteria.exclude(pk=self.instance.pk)
        if sections.exists() or criteria.exists():
            raise ValidationError(
                gettext("The code “%(code)s” is already used in this version.") % {"code": code}
            )
        return code


class SectionForm(_VersionForm):
    code = forms.CharField(label=_("Code"), max_length=64, widget=_ltr(forms.TextInput()))
    label_ar = forms.CharField(
        label=_("Label (Arabic)"), max_length=255, widget=_ar(forms.TextInput())
    )
    label_fr = forms.CharField(
        label=_("Label (French)"), max_length=255, widget=_fr(forms.TextInput())
    )
    weight = forms.FloatField(label=_("Weight"), min_value=0, initial=1.0)

    bilingual_pairs = (("label_ar", "label_fr"),)


CRITERION_INITIAL = [
    "code",
    "label_ar",
    "label_fr",
    "guidance_ar",
    "guidance_fr",
    "answer_type",
    "weight",
    "required",
    "critical",
    "negative",
    "scale_min",
    "scale_max",
    "unit",
    "relevant",
    "reference",
]


class CriterionForm(_VersionForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        widget=_ltr(forms.TextInput()),
        help_text=_("A stable name used in relevance conditions, e.g. Q01."),
    )
    label_ar = forms.CharField(label=_("Label (Arabic)"), widget=_ar(forms.Textarea(_rows(2))))
    label_fr = forms.CharField(label=_("Label (French)"), widget=_fr(forms.Textarea(_rows(2))))
    guidance_ar = forms.CharField(
        label=_("Guidance for the observer (Arabic)"),
        required=False,
        widget=_ar(forms.Textarea(_rows(2))),
    )
    guidance_fr = forms.CharField(
        label=_("Guidance for the observer (French)"),
        required=False,
        widget=_fr(forms.Textarea(_rows(2))),
    )
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none())
    answer_type = forms.ChoiceField(label=_("Answer type"), choices=AnswerType.choices)
    weight = forms.FloatField(label=_("Weight"), min_value=0, initial=1.0)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    critical = forms.BooleanField(
        label=_("Critical"),
        required=False,
        help_text=_("A score of 0 on this criterion flags the report as a critical finding."),
    )
    negative = forms.BooleanField(
        label=_("Negatively worded (yes is bad)"),
        required=False,
        help_text=_("For yes/no criteria: “yes” scores 0 and “no” scores 1."),
    )
    scale_min = forms.IntegerField(label=_("Scale minimum"), required=False)
    scale_max = forms.IntegerField(label=_("Scale maximum"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, required=False)
    bands = forms.CharField(
        label=_("Score bands"),
        required=False,
        widget=_ltr(forms.TextInput(attrs={"placeholder": "10:1;20:0.5;:0"})),
        help_text=_(
            "For numbers: maximum:score pairs separated by “;”, the last one without a maximum. "
            "“10:1;20:0.5;:0” gives 1 up to 10, 0.5 up to 20, 0 above."
        ),
    )
    choice_list = forms.ModelChoiceField(
        label=_("Choice list"), queryset=ChoiceList.objects.none(), required=False
    )
    photo_required_when = forms.CharField(
        label=_("Photo required when the answer is"),
        required=False,
        widget=_ltr(forms.TextInput(attrs={"placeholder": "no"})),
        help_text=_("Answer names separated by commas, e.g. no. Leave empty for no photo."),
    )
    relevant = forms.CharField(
        label=_("Relevance condition"),
        required=False,
        widget=_ltr(forms.TextInput(attrs={"placeholder": "${Q01} = 'yes'"})),
        help_text=_(
            "Shown only when this condition on earlier answers holds, e.g. ${Q01} = 'no'. "
            "Leave empty to always show the criterion."
        ),
    )
    reference = forms.CharField(
        label=_("Reference to a standard"),
        max_length=255,
        required=False,
        help_text=_("A Marhba requirement, a Citizen's charter article, a simplification measure."),
    )

    bilingual_pairs = (("label_ar", "label_fr"), ("guidance_ar", "guidance_fr"))
    groups = (
        (None, ("code", "section", "answer_type")),
        (_("Wording"), ("label_ar", "guidance_ar")),
        (
            _("Scoring"),
            (
                "weight",
                "required",
                "critical",
                "negative",
                "scale_min",
                "scale_max",
                "unit",
                "bands",
                "choice_list",
            ),
        ),
        (_("Conditions and evidence"), ("relevant", "photo_required_when", "reference")),
    )
    type_fields = {
        "negative": "yes_no yes_no_na",
        "scale_min": "scale",
        "scale_max": "scale",
        "unit": "number",
        "bands": "number",
        "choice_list": "single_choice multiple_choice",
        "photo_required_when": "yes_no yes_no_na single_choice multiple_choice",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is None:
            # A new criterion goes into the section of the "add" link; moving is for edits.
            del self.fields["section"]
        else:
            section = cast(forms.ModelChoiceField, self.fields["section"])
            section.queryset = Section.objects.filter(version=self.version)
            section.label_from_instance = lambda s: f"{s.code} — {s.label}"  # type: ignore[method-assign,assignment]
        choice_list = cast(forms.ModelChoiceField, self.fields["choice_list"])
        choice_list.queryset = ChoiceList.objects.filter(version=self.version)

    def clean_bands(self) -> list[dict[str, Any]] | None:
        return bands_parse(self.cleaned_data.get("bands", ""))

    def clean_photo_required_when(self) -> list[str]:
        text = self.cleaned_data.get("photo_required_when", "")
        return [v.strip() for v in text.replace("،", ",").split(",") if v.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer_type = data.get("answer_type")
        # Fields that do not apply to the chosen type are cleared rather than refused, so that
        # switching the type does not leave hidden, contradictory settings behind.
        if answer_type != AnswerType.SCALE:
            data["scale_min"] = data["scale_max"] = None
        if answer_type != AnswerType.NUMBER:
            data["bands"] = None
            data["unit"] = ""
        if answer_type not in (AnswerType.SINGLE_CHOICE, AnswerType.MULTIPLE_CHOICE):
            data["choice_list"] = None
        if answer_type not in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
            data["negative"] = False
        return data

    @staticmethod
    def initial_from(criterion: Criterion) -> dict[str, Any]:
        initial = {name: getattr(criterion, name) for name in CRITERION_INITIAL}
        initial["choice_list"] = criterion.choice_list_id
        initial["section"] = criterion.section_id
        initial["bands"] = bands_format(criterion.bands)
        initial["photo_required_when"] = ", ".join(criterion.photo_required_when or [])
        return initial


class ChoiceListForm(AuthoringForm):
    name = forms.CharField(
        label=_("List name"),
        max_length=64,
        widget=_ltr(forms.TextInput()),
        help_text=_("A stable name, e.g. courtesy."),
    )

    def __init__(self, *args: Any, version: Any, instance: Any = None, **kwargs: Any) -> None:
        self.version = version
        self.instance = instance
        super().__init__(*args, **kwargs)


class ChoiceForm(AuthoringForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        widget=_ltr(forms.TextInput()),
        help_text=_("The value stored in answers, e.g. good."),
    )
    label_ar = forms.CharField(
        label=_("Label (Arabic)"), max_length=255, widget=_ar(forms.TextInput())
    )
    label_fr = forms.CharField(
        label=_("Label (French)"), max_length=255, widget=_fr(forms.TextInput())
    )
    score = forms.FloatField(
        label=_("Score (0 to 1)"),
        min_value=0,
        max_value=1,
        required=False,
        help_text=_("Leave empty when this answer is not scored."),
    )

    bilingual_pairs = (("label_ar", "label_fr"),)

    def __init__(self, *args: Any, version: Any, instance: Any = None, **kwargs: Any) -> None:
        self.version = version
        self.instance = instance
        super().__init__(*args, **kwargs)


# --- Preview: the observer's form, built from a snapshot -----------------------------------

YES_NO_OPTIONS = {
    "yes_no": [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
    "yes_no_na": [
        ("yes", gettext_lazy("Yes")),
        ("no", gettext_lazy("No")),
        ("na", gettext_lazy("Not applicable")),
    ],
}
# Up to this many steps a scale is a row of radio buttons; beyond, a number field.
MAX_SCALE_RADIOS = 11


def preview_sections(
    snapshot: dict[str, Any], lang: str, answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The snapshot as display data for the preview template, in the content language."""
    lists = snapshot.get("choice_lists") or {}
    sections = []
    for section in snapshot.get("sections") or []:
        criteria = []
        for c in section.get("criteria") or []:
            code = c["code"]
            value = answers.get(code)
            options: list[tuple[str, Any]] = list(YES_NO_OPTIONS.get(c["type"], []))
            if c.get("choices"):
                options = [
                    (ch["name"], localized_text(ch["label"], lang))
                    for ch in lists.get(c["choices"], [])
                ]
            scale = c.get("scale") or {}
            steps = None
            small = isinstance(scale.get("min"), int) and isinstance(scale.get("max"), int)
            if c["type"] == "scale" and small and scale["max"] - scale["min"] < MAX_SCALE_RADIOS:
                steps = [str(v) for v in range(scale["min"], scale["max"] + 1)]
            criteria.append(
                {
                    **c,
                    "label_text": localized_text(c["label"], lang),
                    "guidance_text": localized_text(c.get("guidance"), lang),
                    "options": options,
                    "steps": steps,
                    "value": value if value is not None else "",
                    "values": value if isinstance(value, list) else [value],
                    "photo_when": (c.get("evidence") or {}).get("photo_required_when") or [],
                }
            )
        sections.append(
            {**section, "label_text": localized_text(section["label"], lang), "criteria": criteria}
        )
    return sections


def preview_answers(snapshot: dict[str, Any], request: HttpRequest) -> dict[str, Any]:
    """The posted preview answers as the scoring engine reads them (photos: file names)."""
    answers: dict[str, Any] = {}
    for section in snapshot.get("sections") or []:
        for c in section.get("criteria") or []:
            code = c["code"]
            if c["type"] == "multiple_choice":
                answers[code] = request.POST.getlist(code)
            elif c["type"] == "photo":
                upload = request.FILES.get(code)
                answers[code] = upload.name if upload else ""
            else:
                answers[code] = request.POST.get(code, "").strip()
            if c.get("evidence"):
                upload = request.FILES.get(code + PHOTO_SUFFIX)
                answers[code + PHOTO_SUFFIX] = upload.name if upload else ""
    return answers


def preview_score_breakdown(
    snapshot: dict[str, Any], answers: dict[str, Any], lang: str
) -> dict[str, Any]:
    """The scoring engine's result for preview answers, with labels and readable numbers."""
    labels = {}
    for section in snapshot.get("sections") or []:
        labels[section["code"]] = localized_text(section["label"], lang)
        for c in section.get("criteria") or []:
            labels[c["code"]] = localized_text(c["label"], lang)
    problems = scoring.validate_answers(snapshot, answers)
    errors = [
        {"code": e.criterion, "label": labels.get(e.criterion, ""), "message": e.message}
        for e in problems
    ]
    # The engine refuses to score an impossible answer; the preview leaves it out instead
    # (and says so), so that the author still sees how the rest would score.
    unreadable = {e.criterion for e in problems if e.kind not in ("required", "evidence")}
    answers = {k: ("" if k in unreadable else v) for k, v in answers.items()}
    try:
        result = scoring.score_report(snapshot, answers).to_dict()
    except (scoring.InvalidAnswer, scoring.InvalidSnapshot):
        # validate_answers has listed the invalid answers; nothing more to show.
        return {"errors": errors, "result": None}
    # Exact fractions ("3/2") become readable decimals; contributions become points /100.
    for item in [*result["sections"], *(c for s in result["sections"] for c in s["criteria"])]:
        item["label"] = labels.get(item["code"], "")
        item["weight_display"] = _decimal(item["weight"], 2)
        item["points"] = _decimal(item["contribution"], 1, scale=100)
    result["cap_display"] = _decimal(result["critical_cap"], 1)
    return {"errors": errors, "left_out": sorted(unreadable), "result": result}


def _decimal(exact: str | None, places: int, scale: int = 1) -> str | None:
    if exact is None:
        return None
    text = str(scoring.round_half_up(Fraction(exact) * scale, places))
    return text.rstrip("0").rstrip(".") if "." in text else text
