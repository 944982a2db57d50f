"""Reading a survey snapshot as a form: the questions to show, and checking what came back.

Works on the frozen snapshot only (the contract of grids), so a wave always shows exactly the
version it was opened with. Conditions (`relevant`) are not applied on the public page: the
standard bank has none, and a citizen may skip every question but the required ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from raqib.core.bilingual import localized_text

from .bank import IMPORTANCE_PREFIX

TEXT_MAX = 1000
SATISFACTION_LABELS = {
    1: gettext_lazy("Very dissatisfied"),
    2: gettext_lazy("Dissatisfied"),
    3: gettext_lazy("Neither satisfied nor dissatisfied"),
    4: gettext_lazy("Satisfied"),
    5: gettext_lazy("Very satisfied"),
}
IMPORTANCE_LABELS = {
    1: gettext_lazy("Not important at all"),
    2: gettext_lazy("Slightly important"),
    3: gettext_lazy("Fairly important"),
    4: gettext_lazy("Important"),
    5: gettext_lazy("Very important"),
}
SUPPORTED = {"scale", "yes_no", "yes_no_na", "single_choice", "multiple_choice", "text", "number"}


def _options(item: dict[str, Any], snapshot: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    kind = item["type"]
    if kind == "scale":
        low, high = item["scale"]["min"], item["scale"]["max"]
        labels = IMPORTANCE_LABELS if item["code"].startswith(IMPORTANCE_PREFIX) else None
        labels = labels or SATISFACTION_LABELS
        if (low, high) == (1, 5):
            return [(str(v), f"{v} — {labels[v]}") for v in range(low, high + 1)]
        return [(str(v), str(v)) for v in range(low, high + 1)]
    if kind in ("yes_no", "yes_no_na"):
        options = [("yes", _("Yes")), ("no", _("No"))]
        if kind == "yes_no_na":
            options.append(("na", _("Not applicable")))
        return options
    if kind in ("single_choice", "multiple_choice"):
        choices = snapshot.get("choice_lists", {}).get(item.get("choices") or "", [])
        return [(c["name"], localized_text(c["label"], lang)) for c in choices]
    return []


def questions(snapshot: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Sections with their items, labels in `lang`, ready for the template."""
    out = []
    for section in snapshot.get("sections", []):
        items = []
        for item in section.get("criteria", []):
            if item["type"] not in SUPPORTED:
                continue
            items.append(
                {
                    "code": item["code"],
                    "name": f"q_{item['code']}",
                    "type": item["type"],
                    "label": localized_text(item["label"], lang),
                    "guidance": localized_text(item.get("guidance"), lang),
                    "required": bool(item.get("required")),
                    "options": _options(item, snapshot, lang),
                }
            )
        if items:
            out.append(
                {
                    "code": section["code"],
                    "label": localized_text(section["label"], lang),
                    "items": items,
                }
            )
    return out


def text_item_codes(snapshot: dict[str, Any]) -> list[str]:
    """The codes of the free-text questions (a citizen's comments), in questionnaire order."""
    return [
        str(item["code"])
        for section in snapshot.get("sections", [])
        for item in section.get("criteria", [])
        if item.get("type") == "text"
    ]


def comment_text(snapshot: dict[str, Any], answers: Mapping[str, Any]) -> str:
    """The response's free-text answers, one per line ("" when it has none)."""
    return "\n".join(
        str(answers[code]).strip()
        for code in text_item_codes(snapshot)
        if str(answers.get(code) or "").strip()
    )


def _multiple(item: dict[str, Any], data: Mapping[str, Any]) -> tuple[Any, str | None]:
    allowed = {value for value, _label in item["options"]}
    getter = getattr(data, "getlist", None)
    raw_list = getter(item["name"]) if getter else data.get(item["name"]) or []
    values = [v for v in raw_list if v]
    if any(v not in allowed for v in values):
        return None, _("Choose among the answers offered.")
    if values:
        return sorted(set(values)), None
    return None, _("This question needs an answer.") if item["required"] else None


def _single(item: dict[str, Any], raw: str) -> tuple[Any, str | None]:
    if item["type"] == "text":
        if len(raw) > TEXT_MAX:
            return None, _("Please keep your comment under %(n)d characters.") % {"n": TEXT_MAX}
        return raw, None
    if item["type"] == "number":
        try:
            return float(raw), None
        except ValueError:
            return None, _("Enter a number.")
    if raw not in {value for value, _label in item["options"]}:
        return None, _("Choose among the answers offered.")
    return (int(raw) if item["type"] == "scale" else raw), None


def _clean_item(item: dict[str, Any], data: Mapping[str, Any]) -> tuple[Any, str | None]:
    """(value or None when left out, error or None) for one question."""
    if item["type"] == "multiple_choice":
        return _multiple(item, data)
    raw = str(data.get(item["name"]) or "").strip()
    if not raw:
        return None, _("This question needs an answer.") if item["required"] else None
    return _single(item, raw)


def _questions_of_version(snapshot: dict[str, Any], lang: str, key: str) -> list[dict[str, Any]]:
    """questions(), kept per process for a published version (KEY: its content hash), whose
    content never changes: the public page checks every answer against it."""
    if not key:
        return questions(snapshot, lang)
    found = _KEPT.get((key, lang))
    if found is None:
        if len(_KEPT) >= 64:
            _KEPT.clear()
        found = _KEPT[(key, lang)] = questions(snapshot, lang)
    return found


_KEPT: dict[tuple[str, str], list[dict[str, Any]]] = {}


def clean(
    snapshot: dict[str, Any], data: Mapping[str, Any], lang: str, *, version_key: str = ""
) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers by item code, errors by item code). Unanswered optional items are left out.

    `version_key`: the published version's content hash, to reuse its questions (read only).
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for section in _questions_of_version(snapshot, lang, version_key):
        for item in section["items"]:
            value, error = _clean_item(item, data)
            if error is not None:
                errors[item["code"]] = error
            elif value is not None:
                answers[item["code"]] = value
    return answers, errors


def canonical_json(answers: Mapping[str, Any]) -> str:
    """The answers as JSON text, keys sorted: the same answers give the same text."""
    return json.dumps(dict(answers), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(answers: Mapping[str, Any], *, canonical: str | None = None) -> str:
    """Same answers → same hash, whatever the key order (duplicate ballot detection).
    CANONICAL: `canonical_json(answers)` when the caller has it already."""
    text = canonical_json(answers) if canonical is None else canonical
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
