"""Writes on the register of simplification measures (department only).

A measure names the criteria that check it on the ground: each code must be in at least one
published version of the measure's grid (new criteria come through the grid's own lifecycle:
draft, publish). Bodies and categories are many-to-many sets, audited as sorted codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, model_update
from raqib.grids.models import GridVersion, VersionStatus

from ..access import is_department
from ..models import SimplificationMeasure

if TYPE_CHECKING:
    from raqib.accounts.models import User
    from raqib.grids.models import Grid
    from raqib.registry.models import PublicBody, ServiceCategory

FIELDS = [
    "code",
    "title_ar",
    "title_fr",
    "legal_reference",
    "in_force_on",
    "observable_ar",
    "observable_fr",
    "grid.code",
    "criteria",
]
EDITABLE = frozenset(
    {
        "code",
        "title_ar",
        "title_fr",
        "legal_reference",
        "in_force_on",
        "observable_ar",
        "observable_fr",
        "grid",
        "criteria",
    }
)
TEXT_FIELDS = ("code", "title_ar", "title_fr", "legal_reference", "observable_ar", "observable_fr")


def published_criterion_codes(*, grid: Grid) -> set[str]:
    """The criterion codes of every published version of `grid`."""
    codes: set[str] = set()
    versions = GridVersion.objects.filter(grid=grid, status=VersionStatus.PUBLISHED)
    for snapshot in versions.values_list("snapshot", flat=True):
        for section in (snapshot or {}).get("sections", []):
            codes |= {c["code"] for c in section.get("criteria", [])}
    return codes


def _clean_codes(criteria: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(c.strip() for c in criteria if c and c.strip()))


def _check(
    *,
    code: str,
    grid: Grid,
    criteria: Sequence[str],
    bodies: Sequence[PublicBody],
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    taken = SimplificationMeasure.objects.filter(code__iexact=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if code and taken.exists():
        errors["code"] = [_("Another measure already has this code.")]
    if not bodies:
        errors["bodies"] = [_("Choose at least one body concerned.")]
    if not criteria:
        errors["criteria"] = [_("Name at least one criterion that checks the measure.")]
    else:
        unknown = sorted(set(criteria) - published_criterion_codes(grid=grid))
        if unknown:
            errors["criteria"] = [
                _("These criteria are in no published version of the grid: %(codes)s")
                % {"codes": ", ".join(unknown)}
            ]
    if errors:
        raise ValidationError(errors)


def _audit_sets(
    *,
    measure: SimplificationMeasure,
    actor: User | None,
    action: str,
    before: dict[str, list[str]],
    bodies: Sequence[PublicBody] | None,
    categories: Sequence[ServiceCategory] | None,
) -> dict[str, list[Any]]:
    """Replace the sets that are given; record [old, new] codes of those that changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in (("bodies", bodies), ("categories", categories)):
        if new is None:
            continue
        codes = sorted(str(item.code) for item in new)
        if codes != before.get(name, []):
            getattr(measure, name).set(new)
            changes[name] = [before.get(name) or None, codes]
    if changes:
        model_audit(instance=measure, actor=actor, action=action, changes=changes)
    return changes


@transaction.atomic
def measure_create(
    *,
    actor: User | None,
    code: str,
    title_ar: str,
    title_fr: str,
    legal_reference: str,
    in_force_on: dt.date,
    observable_ar: str,
    observable_fr: str,
    grid: Grid,
    criteria: Sequence[str],
    bodies: Sequence[PublicBody],
    categories: Sequence[ServiceCategory] = (),
) -> SimplificationMeasure:
    """A measure in the register, with the bodies and categories it concerns.

    `actor` None is the system (a seed, a command); a person must be a coordinator or director.
    """
    if actor is not None and not is_department(actor):
        raise PermissionDenied
    code = code.strip()
    criteria = _clean_codes(criteria)
    bodies, categories = list(bodies), list(categories)
    _check(code=code, grid=grid, criteria=criteria, bodies=bodies)
    measure = model_create(
        instance=SimplificationMeasure(
            code=code,
            title_ar=title_ar.strip(),
            title_fr=title_fr.strip(),
            legal_reference=legal_reference.strip(),
            in_force_on=in_force_on,
            observable_ar=observable_ar.strip(),
            observable_fr=observable_fr.strip(),
            grid=grid,
            criteria=criteria,
        ),
        actor=actor,
        action="measure.create",
        fields=FIELDS,
    )
    measure.bodies.set(bodies)
    measure.categories.set(categories)
    model_audit(
        instance=measure,
        actor=actor,
        action="measure.create",
        changes={
            "bodies": [None, sorted(b.code for b in bodies)],
            "categories": [None, sorted(c.code for c in categories)],
        },
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    actor: User,
    measure: SimplificationMeasure,
    bodies: Sequence[PublicBody] | None = None,
    categories: Sequence[ServiceCategory] | None = None,
    **data: Any,
) -> dict[str, Any]:
    """Change the measure's fields in `data` (see EDITABLE) and, when given, its bodies and
    categories. Returns the recorded changes ({} when nothing changed)."""
    if not is_department(actor):
        raise PermissionDenied
    unknown = set(data) - EDITABLE
    if unknown:
        raise TypeError(f"measure_update: cannot change {sorted(unknown)}")
    measure = SimplificationMeasure.objects.select_for_update().get(pk=measure.pk)
    data = {k: v.strip() if k in TEXT_FIELDS and isinstance(v, str) else v for k, v in data.items()}
    if "criteria" in data:
        data["criteria"] = _clean_codes(data["criteria"])
    _check(
        code=data.get("code", measure.code),
        grid=data.get("grid", measure.grid),
        criteria=data.get("criteria", measure.criteria),
        bodies=list(measure.bodies.all()) if bodies is None else list(bodies),
        exclude_pk=measure.pk,
    )
    before = {
        "bodies": sorted(measure.bodies.values_list("code", flat=True)),
        "categories": sorted(measure.categories.values_list("code", flat=True)),
    }
    changes = dict(
        model_update(
            instance=measure,
            actor=actor,
            action="measure.update",
            data=data,
            fields=[f for f in FIELDS if f.split(".")[0] in data],
        )
    )
    changes.update(
        _audit_sets(
            measure=measure,
            actor=actor,
            action="measure.update",
            before=before,
            bodies=None if bodies is None else list(bodies),
            categories=None if categories is None else list(categories),
        )
    )
    return changes
