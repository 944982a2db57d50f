"""Loading the territorial reference data shipped with Raqib (raqib/registry/data/*.csv).

Used by the data migration and by the test that checks the shipped files against the
department's checked reference: the same code reads both.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Region tags pre-configured at installation; administrators may edit or add their own.
INTERIOR_TAG = "interior"
_LATIN_PREFIX = re.compile(r"^Délégation (de la |de l’|de l'|d’|d'|de |du |des )", re.IGNORECASE)


def read_governorates() -> list[dict[str, str]]:
    with (DATA_DIR / "governorates.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_delegations() -> list[dict[str, str]]:
    with (DATA_DIR / "delegations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["name_fr"] = _LATIN_PREFIX.sub("", row["name_latin"]).strip()
    return rows


def region_tags(governorates: list[dict[str, str]]) -> list[dict[str, object]]:
    """Interior regions, the INS economic regions and the 2023 districts."""
    tags: list[dict[str, object]] = [
        {
            "code": INTERIOR_TAG,
            "name_ar": "الجهات الداخلية",
            "name_fr": "Régions de l'intérieur",
            "members": [g["iso_3166_2"] for g in governorates if g["interior_core"] == "1"],
        }
    ]
    ins_names_ar = {
        "Grand Tunis": "تونس الكبرى",
        "Nord-Est": "الشمال الشرقي",
        "Nord-Ouest": "الشمال الغربي",
        "Centre-Est": "الوسط الشرقي",
        "Centre-Ouest": "الوسط الغربي",
        "Sud-Est": "الجنوب الشرقي",
        "Sud-Ouest": "الجنوب الغربي",
    }
    for region, name_ar in ins_names_ar.items():
        tags.append(
            {
                "code": "ins-" + region.lower().replace(" ", "-"),
                "name_ar": f"إقليم {name_ar}",
                "name_fr": f"Région {region}",
                "members": [g["iso_3166_2"] for g in governorates if g["ins_region"] == region],
            }
        )
    ordinals_ar = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس"}
    for number, ordinal in ordinals_ar.items():
        tags.append(
            {
                "code": f"district-{number}",
                "name_ar": f"الإقليم {ordinal} (2023)",
                "name_fr": f"District {number} (2023)",
                "members": [
                    g["iso_3166_2"] for g in governorates if g["district_2023"] == str(number)
                ],
            }
        )
    return tags
