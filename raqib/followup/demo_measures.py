"""Two simplification measures for the demonstration dataset (`seed_measures()`).

Both are checked by criteria of the default field-visit grid ("VISIT") that the demo's
validated visits score, on bodies that the demo visits, and came into force during the demo
year: after `make demo` each shows a real compliance rate with its n. Idempotent (a measure
whose code exists is left as it is). The demo app calls it; it imports nothing of the demo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from raqib.grids.models import Grid
from raqib.registry.models import PublicBody

from .models import SimplificationMeasure
from .services import measure_create

GRID = "VISIT"
MEASURES: list[dict[str, Any]] = [
    {
        "code": "SIMP-2026-01",
        "title_ar": "لا وثيقة خارج القائمة المنشورة",
        "title_fr": "Aucune pièce hors de la liste publiée",
        "legal_reference": (
            "Circulaire du Chef du Gouvernement n° 12 du 20 février 2026 (démonstration)"
        ),
        "in_force_on": dt.date(2026, 3, 1),
        "observable_ar": "لا يطلب العون أي وثيقة غير واردة في قائمة الوثائق المنشورة للخدمة.",
        "observable_fr": (
            "L'agent ne demande aucune pièce absente de la liste publiée pour la prestation."
        ),
        "criteria": ["H03"],
        "bodies": ["demo-m-social"],  # the ministry: its funds (CNAM, CNSS, CNRPS) are concerned
    },
    {
        "code": "SIMP-2026-02",
        "title_ar": "آجال معلّقة ووصل مسلّم",
        "title_fr": "Délais affichés et récépissé remis",
        "legal_reference": (
            "Décision du ministre des Technologies de la communication "
            "du 2 avril 2026 (démonstration)"
        ),
        "in_force_on": dt.date(2026, 5, 1),
        "observable_ar": "آجال إسداء الخدمة معلّقة، ويُسلَّم للمواطن وصل إيداع أو وصل خلاص.",
        "observable_fr": (
            "Les délais de traitement sont affichés et un récépissé ou un reçu est remis."
        ),
        "criteria": ["I03", "H06"],
        "bodies": ["demo-poste"],
    },
]


def seed_measures(*, actor: Any = None) -> list[SimplificationMeasure]:
    """Create the demo's measures that are missing; returns those created. Needs the demo's
    bodies and the published VISIT grid (nothing is created without them)."""
    grid = Grid.objects.filter(code=GRID).first()
    if grid is None:
        return []
    created = []
    for spec in MEASURES:
        if SimplificationMeasure.objects.filter(code=spec["code"]).exists():
            continue
        bodies = list(PublicBody.objects.filter(code__in=spec["bodies"]))
        if not bodies:
            continue
        created.append(measure_create(actor=actor, grid=grid, **{**spec, "bodies": bodies}))
    return created
