"""The practice visit's questions, read from the grid version's frozen snapshot: only the
criteria the reference answers, with their options in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .models import PracticeScenario


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("ar") or "")
    return str(value or "")


def _options(
    criterion: dict[str, Any], snapshot: dict[str, Any], lang: str
) -> list[tuple[str, str]]:
    kind = criterion.get("type")
    if kind in ("yes_no", "yes_no_na"):
        found = [("yes", _("Yes")), ("no", _("No"))]
        return found + ([("na", _("Not applicable"))] if kind == "yes_no_na" else [])
    if kind == "scale" and criterion.get("scale"):
        low, high = int(criterion["scale"]["min"]), int(criterion["scale"]["max"])
        return [(str(v), str(v)) for v in range(low, high + 1)]
    if criterion.get("choices"):
        choices = snapshot.get("choice_lists", {}).get(criterion["choices"], [])
        return [(str(c["name"]), _text(c.get("label"), lang)) for c in choices]
    return []


def practice_questions(scenario: PracticeScenario, lang: str) -> list[dict[str, Any]]:
    snapshot = scenario.grid_version.snapshot or {}
    out = []
    for section in snapshot.get("sections", []):
        for criterion in section.get("criteria", []):
            code = str(criterion["code"])
            if code not in scenario.reference:
                continue
            out.append(
                {
                    "code": code,
                    "name": f"q_{code}",
                    "label": _text(criterion.get("label"), lang),
                    "options": _options(criterion, snapshot, lang),
                }
            )
    return out


def posted_answers(scenario: PracticeScenario, data: Mapping[str, Any]) -> dict[str, Any]:
    """The posted answers of the scenario's criteria ("" when left out)."""
    return {code: str(data.get(f"q_{code}", ""))[:100] for code in scenario.reference}
