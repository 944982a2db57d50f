"""What changed between two grid versions, criterion by criterion and field by field."""

from __future__ import annotations

from typing import Any

from .snapshot import grid_version_build_snapshot

# Compared per criterion / section; "code" identifies the element and is never "changed".
CRITERION_KEYS = [
    "label",
    "guidance",
    "type",
    "weight",
    "required",
    "relevant",
    "negative",
    "scale",
    "unit",
    "bands",
    "choices",
    "critical",
    "evidence",
    "reference",
]
SECTION_KEYS = ["label", "weight"]


def _content_of(version_or_snapshot: Any) -> dict[str, Any]:
    if isinstance(version_or_snapshot, dict):
        return version_or_snapshot
    return grid_version_build_snapshot(version_or_snapshot)


def _field_changes(old: dict[str, Any], new: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {
        key: {"old": old.get(key), "new": new.get(key)}
        for key in keys
        if old.get(key) != new.get(key)
    }


def grid_version_diff(a: Any, b: Any) -> dict[str, Any]:
    """Changes from `a` (older) to `b` (newer); each accepts a GridVersion or a snapshot.

    Returns {"settings": {...}, "grid": {...}, "choice_lists": {added, removed, changed},
    "sections": {added, removed, changed}, "criteria": {added, removed, changed, moved}} where
    `changed` maps a code to {field: {"old", "new"}} and `moved` maps a criterion code to
    {"old": section code, "new": section code}.
    """
    old, new = _content_of(a), _content_of(b)
    old_sections = {s["code"]: s for s in old.get("sections", [])}
    new_sections = {s["code"]: s for s in new.get("sections", [])}
    old_criteria = {
        c["code"]: (s["code"], c) for s in old.get("sections", []) for c in s["criteria"]
    }
    new_criteria = {
        c["code"]: (s["code"], c) for s in new.get("sections", []) for c in s["criteria"]
    }
    old_lists, new_lists = old.get("choice_lists", {}), new.get("choice_lists", {})

    def order(codes: set[str], ref: dict[str, Any]) -> list[str]:
        return [code for code in ref if code in codes]

    criteria_changed = {}
    moved = {}
    for code in order(set(old_criteria) & set(new_criteria), new_criteria):
        changes = _field_changes(old_criteria[code][1], new_criteria[code][1], CRITERION_KEYS)
        if changes:
            criteria_changed[code] = changes
        if old_criteria[code][0] != new_criteria[code][0]:
            moved[code] = {"old": old_criteria[code][0], "new": new_criteria[code][0]}
    sections_changed = {}
    for code in order(set(old_sections) & set(new_sections), new_sections):
        changes = _field_changes(old_sections[code], new_sections[code], SECTION_KEYS)
        if changes:
            sections_changed[code] = changes
    return {
        "grid": _field_changes(
            old.get("grid", {}), new.get("grid", {}), ["title", "description", "kind", "channel"]
        ),
        "settings": _field_changes(
            old.get("settings", {}),
            new.get("settings", {}),
            ["conformity_threshold", "critical_cap"],
        ),
        "choice_lists": {
            "added": order(set(new_lists) - set(old_lists), new_lists),
            "removed": order(set(old_lists) - set(new_lists), old_lists),
            "changed": [
                n
                for n in order(set(old_lists) & set(new_lists), new_lists)
                if old_lists[n] != new_lists[n]
            ],
        },
        "sections": {
            "added": order(set(new_sections) - set(old_sections), new_sections),
            "removed": order(set(old_sections) - set(new_sections), old_sections),
            "changed": sections_changed,
        },
        "criteria": {
            "added": order(set(new_criteria) - set(old_criteria), new_criteria),
            "removed": order(set(old_criteria) - set(new_criteria), old_criteria),
            "changed": criteria_changed,
            "moved": moved,
        },
    }


def diff_is_empty(diff: dict[str, Any]) -> bool:
    return not any(
        diff["grid"]
        or diff["settings"]
        or any(diff["choice_lists"].values())
        or any(diff["sections"].values())
        or any(diff["criteria"].values())
        for _ in [0]
    )
