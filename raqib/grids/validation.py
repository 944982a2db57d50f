"""Checks on a grid version's content, run on the snapshot dict (the published contract).

The same checks serve the publication service, the authoring services (one criterion at a
time, for inline validation) and the XLSForm importer (which maps each problem back to the
sheet and row it came from). Every problem names the element it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

CODE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CHOICE_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
CHOICE_TYPES = {"single_choice", "multiple_choice"}
ANSWER_TYPES = {
    "yes_no",
    "yes_no_na",
    "scale",
    "number",
    "single_choice",
    "multiple_choice",
    "datetime",
    "text",
    "photo",
}
YES_NO_ANSWERS = {"yes_no": ["yes", "no"], "yes_no_na": ["yes", "no", "na"]}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content. `element` is a criterion/section code or list name."""

    element: str
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def bands_problems(bands: Any) -> list[str]:
    """Bands: [{"max": 10, "score": 1.0}, ..., {"max": null, "score": 0}], maxima increasing."""
    if bands is None:
        return []
    if not isinstance(bands, list) or not bands:
        return [_("Score bands must be a non-empty list.")]
    messages: list[str] = []
    previous: float | None = None
    for index, band in enumerate(bands):
        if not isinstance(band, dict) or set(band) != {"max", "score"}:
            return [_("Each score band needs a maximum and a score.")]
        upper, score = band["max"], band["score"]
        if not _is_number(score) or not 0 <= score <= 1:
            messages.append(_("Each band score must be a number between 0 and 1."))
        if upper is None:
            if index != len(bands) - 1:
                messages.append(_("Only the last score band may be open-ended."))
        elif not _is_number(upper):
            messages.append(_("Each band maximum must be a number."))
        else:
            if previous is not None and upper <= previous:
                messages.append(_("Score bands must be in increasing order of their maximum."))
            previous = upper
    return messages


def _scale_problems(scale: Any) -> list[str]:
    if (
        not isinstance(scale, dict)
        or not isinstance(scale.get("min"), int)
        or not isinstance(scale.get("max"), int)
    ):
        return [_("A scale needs a whole-number minimum and maximum.")]
    if scale["min"] >= scale["max"]:
        return [_("The scale minimum must be lower than its maximum.")]
    return []


def _choice_list_problems(
    list_name: str | None, choice_lists: dict[str, list[dict[str, Any]]]
) -> list[str]:
    if not list_name:
        return [_("A choice criterion needs a choice list.")]
    if list_name not in choice_lists:
        return [_("The choice list “%(name)s” does not exist.") % {"name": list_name}]
    if not choice_lists[list_name]:
        return [_("The choice list “%(name)s” is empty.") % {"name": list_name}]
    return []


def _evidence_problems(
    criterion: dict[str, Any], choice_lists: dict[str, list[dict[str, Any]]]
) -> list[str]:
    answer_type, list_name = criterion.get("type"), criterion.get("choices")
    when = (criterion.get("evidence") or {}).get("photo_required_when") or []
    allowed = set(YES_NO_ANSWERS.get(answer_type or "", []))
    if answer_type in CHOICE_TYPES and list_name in choice_lists:
        allowed = {c["name"] for c in choice_lists[list_name]}
    return [
        _("A photo can be required only for a possible answer; “%(value)s” is not one.")
        % {"value": value}
        for value in when
        if value not in allowed
    ]


def criterion_problems(
    criterion: dict[str, Any],
    choice_lists: dict[str, list[dict[str, Any]]],
    earlier_codes: set[str] | None = None,
) -> list[Problem]:
    """Problems of one criterion. With `earlier_codes`, relevance references are checked too."""
    code = criterion.get("code", "")
    out: list[Problem] = []

    def add(field: str, message: str) -> None:
        out.append(Problem(code, field, message))

    if not CODE_RE.match(code or ""):
        add("code", _("The code “%(code)s” is not a valid name.") % {"code": code})
    answer_type = criterion.get("type")
    if answer_type not in ANSWER_TYPES:
        add("type", _("Unknown answer type “%(type)s”.") % {"type": answer_type})
    weight = criterion.get("weight")
    if not _is_number(weight) or weight < 0:  # type: ignore[operator]
        add("weight", _("The weight must be a number greater than or equal to 0."))
    if answer_type == "scale":
        for message in _scale_problems(criterion.get("scale")):
            add("scale", message)
    for message in bands_problems(criterion.get("bands")):
        add("bands", message)
    if criterion.get("bands") is not None and answer_type != "number":
        add("bands", _("Score bands apply to number criteria only."))
    list_name = criterion.get("choices")
    if answer_type in CHOICE_TYPES:
        for message in _choice_list_problems(list_name, choice_lists):
            add("choices", message)
    for message in _evidence_problems(criterion, choice_lists):
        add("evidence", message)
    out.extend(relevance_problems(code, criterion.get("relevant"), earlier_codes))
    return out


def relevance_problems(
    code: str, expression: str | None, earlier_codes: set[str] | None
) -> list[Problem]:
    if not expression:
        return []
    from . import relevance  # the colleague's pure parser; imported lazily on purpose

    try:
        relevance.parse(expression)
    except relevance.RelevanceError as exc:
        return [
            Problem(
                code,
                "relevant",
                _("The relevance condition “%(expr)s” cannot be read: %(error)s")
                % {"expr": expression, "error": exc},
            )
        ]
    if earlier_codes is None:
        return []
    problems = []
    for name in sorted(relevance.references(expression)):
        if name not in earlier_codes:
            problems.append(
                Problem(
                    code,
                    "relevant",
                    _(
                        "The relevance condition refers to “%(name)s”, "
                        "which is not an earlier criterion."
                    )
                    % {"name": name},
                )
            )
    return problems


def _settings_problems(settings: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    threshold: Any = settings.get("conformity_threshold")
    if not _is_number(threshold) or not 0 <= threshold <= 10:
        out.append(
            Problem(
                "", "conformity_threshold", _("The conformity threshold must be between 0 and 10.")
            )
        )
    cap: Any = settings.get("critical_cap")
    if cap is not None and (not _is_number(cap) or not 0 <= cap <= 100):
        out.append(Problem("", "critical_cap", _("The critical cap must be between 0 and 100.")))
    return out


def _choices_problems(name: str, choices: list[dict[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for choice in choices:
        if choice["name"] in seen:
            out.append(
                Problem(
                    name,
                    "choices",
                    _("The choice “%(choice)s” appears twice in the list “%(name)s”.")
                    % {"choice": choice["name"], "name": name},
                )
            )
        seen.add(choice["name"])
        score = choice.get("score")
        if score is not None and (not _is_number(score) or not 0 <= score <= 1):
            out.append(
                Problem(name, "score", _("A choice score must be a number between 0 and 1."))
            )
    return out


def snapshot_problems(snapshot: dict[str, Any]) -> list[Problem]:
    """Everything that prevents publication, in document order."""
    out: list[Problem] = _settings_problems(snapshot.get("settings", {}))
    choice_lists = snapshot.get("choice_lists", {})
    for name, choices in choice_lists.items():
        out.extend(_choices_problems(name, choices))
    sections = snapshot.get("sections", [])
    if not sections:
        out.append(Problem("", "sections", _("A grid needs at least one section.")))
    seen_codes: set[str] = set()
    earlier: set[str] = set()
    for section in sections:
        scode = section.get("code", "")
        if not CODE_RE.match(scode):
            out.append(
                Problem(
                    scode, "code", _("The code “%(code)s” is not a valid name.") % {"code": scode}
                )
            )
        if scode in seen_codes:
            out.append(
                Problem(scode, "code", _("The code “%(code)s” is used twice.") % {"code": scode})
            )
        seen_codes.add(scode)
        weight = section.get("weight")
        if not _is_number(weight) or weight < 0:
            out.append(
                Problem(
                    scode, "weight", _("The weight must be a number greater than or equal to 0.")
                )
            )
        if not section.get("criteria"):
            out.append(
                Problem(
                    scode,
                    "criteria",
                    _("The section “%(code)s” has no criteria.") % {"code": scode},
                )
            )
        for criterion in section.get("criteria", []):
            ccode = criterion.get("code", "")
            if ccode in seen_codes:
                out.append(
                    Problem(
                        ccode, "code", _("The code “%(code)s” is used twice.") % {"code": ccode}
                    )
                )
            # Relevance may only look back: the observer answers in order.
            out.extend(criterion_problems(criterion, choice_lists, earlier_codes=set(earlier)))
            seen_codes.add(ccode)
            earlier.add(ccode)
    return out
