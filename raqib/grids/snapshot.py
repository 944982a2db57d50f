"""The grid version snapshot: built from a draft's rows, hashed, and turned back into rows.

The snapshot is the contract every other app reads (see README-dev.md). Numbers are
normalised here (weights and scores as floats, band maxima as int when whole) so that the same
content always gives the same canonical JSON, whatever path produced it (UI, XLSForm, clone).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

SCHEMA = 1


def canonical_json(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def num(value: Any) -> int | float:
    """A band maximum: int when whole, so 10, 10.0 and "10" hash the same."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def norm_bands(bands: Any) -> list[dict[str, Any]] | None:
    if not bands:
        return None
    return [
        {"max": None if b.get("max") is None else num(b["max"]), "score": float(b["score"])}
        for b in bands
    ]


def build(version: Any) -> dict[str, Any]:
    """The snapshot of a version from its rows (deterministic order: position, then id)."""
    from .models import ChoiceList, Criterion, Section

    grid = version.grid
    lists = {
        cl.name: [
            {
                "name": c.name,
                "label": {"ar": c.label_ar, "fr": c.label_fr},
                "score": None if c.score is None else float(c.score),
            }
            for c in sorted(cl.choices.all(), key=lambda c: (c.position, c.pk))
        ]
        for cl in ChoiceList.objects.filter(version=version).prefetch_related("choices")
    }
    sections = []
    for section in Section.objects.filter(version=version).order_by("position", "pk"):
        criteria = []
        for c in (
            Criterion.objects.filter(section=section)
            .select_related("choice_list")
            .order_by("position", "pk")
        ):
            criteria.append(
                {
                    "code": c.code,
                    "label": {"ar": c.label_ar, "fr": c.label_fr},
                    "guidance": {"ar": c.guidance_ar, "fr": c.guidance_fr},
                    "type": c.answer_type,
                    "weight": float(c.weight),
                    "required": bool(c.required),
                    "relevant": c.relevant or None,
                    "negative": bool(c.negative),
                    "scale": (
                        {"min": c.scale_min, "max": c.scale_max}
                        if c.answer_type == "scale"
                        else None
                    ),
                    "unit": c.unit or "",
                    "bands": norm_bands(c.bands),
                    "choices": c.choice_list.name if c.choice_list else None,
                    "critical": bool(c.critical),
                    "evidence": (
                        {"photo_required_when": list(c.photo_required_when)}
                        if c.photo_required_when
                        else None
                    ),
                    "reference": c.reference or "",
                }
            )
        sections.append(
            {
                "code": section.code,
                "label": {"ar": section.label_ar, "fr": section.label_fr},
                "weight": float(section.weight),
                "criteria": criteria,
            }
        )
    return {
        "schema": SCHEMA,
        "grid": {
            "code": grid.code,
            "kind": grid.kind,
            "channel": grid.channel,
            "title": {"ar": grid.title_ar, "fr": grid.title_fr},
            "description": {"ar": grid.description_ar, "fr": grid.description_fr},
        },
        "settings": {
            "conformity_threshold": float(grid.conformity_threshold),
            "critical_cap": None if grid.critical_cap is None else float(grid.critical_cap),
        },
        "choice_lists": lists,
        "sections": sections,
    }


def rows_create(version: Any, snapshot: dict[str, Any]) -> None:
    """Fill an empty draft with rows equal to `snapshot` (used by clone and XLSForm import).

    Callers have checked that `version` is a draft; the row models check again on save.
    """
    from .models import Choice, ChoiceList, Criterion, Section

    lists: dict[str, ChoiceList] = {}
    for name, choices in sorted(snapshot.get("choice_lists", {}).items()):
        cl = ChoiceList(version=version, name=name)
        cl.full_clean()
        cl.save()
        lists[name] = cl
        for position, choice in enumerate(choices):
            row = Choice(
                choice_list=cl,
                name=choice["name"],
                label_ar=choice["label"]["ar"],
                label_fr=choice["label"]["fr"],
                score=choice.get("score"),
                position=position,
            )
            row.full_clean()
            row.save()
    for s_position, section in enumerate(snapshot.get("sections", [])):
        srow = Section(
            version=version,
            code=section["code"],
            label_ar=section["label"]["ar"],
            label_fr=section["label"]["fr"],
            weight=section["weight"],
            position=s_position,
        )
        srow.full_clean()
        srow.save()
        for c_position, c in enumerate(section.get("criteria", [])):
            scale = c.get("scale") or {}
            evidence = c.get("evidence") or {}
            crow = Criterion(
                section=srow,
                version=version,
                code=c["code"],
                label_ar=c["label"]["ar"],
                label_fr=c["label"]["fr"],
                guidance_ar=c["guidance"]["ar"],
                guidance_fr=c["guidance"]["fr"],
                answer_type=c["type"],
                weight=c["weight"],
                required=c["required"],
                relevant=c.get("relevant") or "",
                negative=c.get("negative", False),
                scale_min=scale.get("min"),
                scale_max=scale.get("max"),
                unit=c.get("unit") or "",
                bands=c.get("bands"),
                choice_list=lists[c["choices"]] if c.get("choices") else None,
                critical=c.get("critical", False),
                photo_required_when=list(evidence.get("photo_required_when") or []),
                reference=c.get("reference") or "",
                position=c_position,
            )
            crow.full_clean()
            crow.save()


def grid_version_build_snapshot(version: Any) -> dict[str, Any]:
    """The snapshot of a draft from its rows; of a frozen version, its stored snapshot."""
    from .models import VersionStatus

    if version.status != VersionStatus.DRAFT and version.snapshot is not None:
        return version.snapshot
    return build(version)
