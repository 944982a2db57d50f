# ruff: noqa: PLR0917
"""Helpers that keep the default grids readable: one call a criterion, section, grid or choice,
returning the snapshot dicts (schema 1) that `raqib.grids.xlsform.xlsform_export` writes."""

from __future__ import annotations

from typing import Any

YES_NO, YES_NO_NA = "yes_no", "yes_no_na"


def c(
    code: str,
    ar: str,
    fr: str,
    kind: str = YES_NO,
    *,
    g_ar: str = "",
    g_fr: str = "",
    weight: float = 1.0,
    required: bool = True,
    relevant: str | None = None,
    negative: bool = False,
    critical: bool = False,
    scale: tuple[int, int] | None = None,
    unit: str = "",
    bands: list[tuple[float | None, float]] | None = None,
    choices: str | None = None,
    photo_when: list[str] | None = None,
    ref: str = "",
) -> dict[str, Any]:
    """One criterion in the snapshot format (see raqib/grids/README-dev.md)."""
    return {
        "code": code,
        "label": {"ar": ar, "fr": fr},
        "guidance": {"ar": g_ar, "fr": g_fr},
        "type": kind,
        "weight": float(weight),
        "required": required,
        "relevant": relevant,
        "negative": negative,
        "scale": {"min": scale[0], "max": scale[1]} if scale else None,
        "unit": unit,
        "bands": [{"max": m, "score": float(s)} for m, s in bands] if bands else None,
        "choices": choices,
        "critical": critical,
        "evidence": {"photo_required_when": photo_when} if photo_when else None,
        "reference": ref,
    }


def section(code: str, ar: str, fr: str, weight: float, criteria: list[dict[str, Any]]) -> dict:
    return {
        "code": code,
        "label": {"ar": ar, "fr": fr},
        "weight": float(weight),
        "criteria": criteria,
    }


def grid(code, channel, title, description, sections, lists, threshold=7.0, cap=None) -> dict:
    return {
        "schema": 1,
        "grid": {
            "code": code,
            "kind": "evaluation",
            "channel": channel,
            "title": {"ar": title[0], "fr": title[1]},
            "description": {"ar": description[0], "fr": description[1]},
        },
        "settings": {"conformity_threshold": threshold, "critical_cap": cap},
        "choice_lists": lists,
        "sections": sections,
    }


def choice(name: str, ar: str, fr: str, score: float | None) -> dict[str, Any]:
    return {"name": name, "label": {"ar": ar, "fr": fr}, "score": score}


COURTESY = [
    choice("courteous", "لطيف ومرحّب", "Courtois et accueillant", 1.0),
    choice("neutral", "محايد أو فاتر", "Neutre ou distant", 0.5),
    choice("discourteous", "غير لائق", "Discourtois", 0.0),
]
CONDITION = [
    choice("good", "جيّدة", "Bon", 1.0),
    choice("fair", "مقبولة", "Acceptable", 0.5),
    choice("poor", "سيّئة", "Mauvais", 0.0),
]

M_SIGN = "Marhba — signalétique et accès"
M_ACCESS = "Marhba — accessibilité"
M_WAIT = "Marhba — accueil physique et attente"
M_INFO = "Charte du citoyen — information de l'usager"
M_CONDUCT = "Marhba — comportement des agents"
M_HANDLING = "Charte du citoyen — traitement des demandes"
M_SIMPL = "Mesures de simplification administrative"
M_COMPLAINT = "Marhba — écoute et réclamations"
M_INTEGRITY = "Intégrité et égalité de traitement des usagers"
M_PREMISES = "Marhba — confort et propreté des locaux"
M_PHONE = "Marhba — accueil téléphonique"
M_WEB = "Marhba — accueil numérique"
M_MAIL = "Marhba — courrier électronique"
