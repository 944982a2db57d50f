"""Writes on the registry: every one keyword-only, atomic, validated and audited.

Service points keep two derived things up to date here and nowhere else: the folded
`search_text` used by the Arabic-aware search, and the activity periods. A period runs from
`started_on` to `ended_on`, both days included (the point was open at least part of the day it
closed), so the coverage of any past period counts the points that were open then.

The import of files lives in `importing.py` and the export in `exporting.py`; both go through
the functions below for every point they write.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.search import search_blob
from raqib.core.writes import (
    Actor,
    diff_fields,
    model_create,
    model_snapshot,
    model_update,
    no_check,
)

from .models import (
    Delegation,
    PublicBody,
    ServiceCategory,
    ServicePoint,
    ServicePointActivePeriod,
)
from .selectors import public_body_descendant_ids
from .validators import normalize_phones

# The fields a coordinator edits on a point (activity goes through deactivate/reactivate).
POINT_EDITABLE_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "body",
    "category",
    "delegation",
    "address",
    "latitude",
    "longitude",
    "in_person",
    "opening_hours",
    "phones",
    "email",
    "website",
)
_TEXT_FIELDS = ("code", "name_ar", "name_fr", "address", "opening_hours", "email", "website")
BODY_EDITABLE_FIELDS = ("code", "name_ar", "name_fr", "acronym", "body_type", "parent")
CATEGORY_EDITABLE_FIELDS = ("code", "name_ar", "name_fr")


_RELATIONS = ["body", "category", "delegation", "governorate"]


def _require_relations(point: ServicePoint) -> None:
    missing = {
        name: _("This field is required.")
        for name in _RELATIONS
        if getattr(point, f"{name}_id") is None
    }
    if missing:
        raise ValidationError(missing)


# What the audit trail records of a point: related objects by their code, which people recognise.
POINT_AUDIT_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "body.code",
    "category.code",
    "delegation.code",
    "governorate.iso_code",
    "address",
    "latitude",
    "longitude",
    "in_person",
    "opening_hours",
    "phones",
    "email",
    "website",
    "is_active",
)


def _point_validate(point: ServicePoint) -> None:
    point.search_text = service_point_search_text(point)
    # The relations are saved instances the caller loaded, so their existence needs no
    # query each (an import creates thousands of points in one request). The coordinates
    # constraint is checked by the field validators and clean(), with no query either.
    _require_relations(point)
    point.full_clean(exclude=_RELATIONS, validate_constraints=False)


def _clean_point_value(field: str, value: Any) -> Any:
    if field in _TEXT_FIELDS:
        return (value or "").strip()
    if field == "phones":
        return normalize_phones(value or "")
    if field in ("latitude", "longitude") and value not in (None, ""):
        return Decimal(str(value)).quantize(Decimal("0.00001"))
    if field in ("latitude", "longitude"):
        return None
    return value


def service_point_search_text(point: ServicePoint) -> str:
    return search_blob(
        point.code,
        point.name_ar,
        point.name_fr,
        point.address,
        point.body.name_ar,
        point.body.name_fr,
        point.body.acronym,
        point.delegation.name_ar,
        point.delegation.name_fr,
    )


def _point_label(point: ServicePoint) -> str:
    return f"{point.code} — {point.name_ar or point.name_fr}"


@transaction.atomic
def service_point_create(
    *,
    actor: Actor,
    code: str,
    name_ar: str,
    name_fr: str,
    body: PublicBody,
    category: ServiceCategory,
    delegation: Delegation,
    address: str = "",
    latitude: Decimal | float | str | None = None,
    longitude: Decimal | float | str | None = None,
    in_person: bool = True,
    opening_hours: str = "",
    phones: str = "",
    email: str = "",
    website: str = "",
    is_active: bool = True,
    started_on: dt.date | None = None,
    is_demo: bool = False,
) -> ServicePoint:
    values = {
        "code": code,
        "name_ar": name_ar,
        "name_fr": name_fr,
        "body": body,
        "category": category,
        "delegation": delegation,
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
        "in_person": in_person,
        "opening_hours": opening_hours,
        "phones": phones,
        "email": email,
        "website": website,
    }
    point = ServicePoint(
        **{field: _clean_point_value(field, value) for field, value in values.items()},
        governorate=delegation.governorate,
        is_active=is_active,
        is_demo=is_demo,
    )
    model_create(
        instance=point,
        actor=actor,
        action="service_point.create",
        fields=POINT_AUDIT_FIELDS,
        label=_point_label(point),
        validate=_point_validate,
    )
    if is_active:
        ServicePointActivePeriod.objects.create(
            service_point=point, started_on=started_on or timezone.localdate()
        )
    return point


def service_point_changes(*, service_point: ServicePoint, **fields: Any) -> dict[str, list[Any]]:
    """What `service_point_update` would change, without writing: used by the import preview."""
    before = model_snapshot(service_point, POINT_AUDIT_FIELDS)
    after = dict(before)
    for field, raw in fields.items():
        value = _clean_point_value(field, raw)
        after[field] = value.code if field in ("body", "category", "delegation") else value
        if field == "delegation":
            after["governorate"] = value.governorate.iso_code
    return diff_fields(before, after)


@transaction.atomic
def service_point_update(
    *, actor: Actor, service_point: ServicePoint, **fields: Any
) -> ServicePoint:
    """Change the given fields; nothing is written (nor audited) when nothing changes."""
    unknown = set(fields) - set(POINT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"service_point_update() cannot change {sorted(unknown)}")
    point = service_point
    data = {field: _clean_point_value(field, value) for field, value in fields.items()}
    if "delegation" in data:
        data["governorate"] = data["delegation"].governorate
    model_update(
        instance=point,
        actor=actor,
        action="service_point.update",
        data=data,
        fields=POINT_AUDIT_FIELDS,
        label=_point_label(point),
        validate=_point_validate,
    )
    return point


def _locked(point: ServicePoint) -> ServicePoint:
    # Two coordinators may click "deactivate" at once: the row lock makes the second one see
    # the state the first one left.
    locked = ServicePoint.objects.select_for_update().get(pk=point.pk)
    point.is_active = locked.is_active
    return point


@transaction.atomic
def service_point_deactivate(
    *, actor: Actor, service_point: ServicePoint, on: dt.date, reason: str
) -> ServicePoint:
    point = _locked(service_point)
    reason = (reason or "").strip()
    if not point.is_active:
        raise ValidationError(_("This service point is already inactive."))
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the deactivation.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The deactivation date cannot be in the future.")})
    period = point.active_periods.filter(ended_on__isnull=True).first()
    if period is None:
        # A point created outside the services has no open period: record the one it had.
        period = ServicePointActivePeriod(
            service_point=point, started_on=min(timezone.localdate(point.created_at), on)
        )
    if on < period.started_on:
        raise ValidationError(
            {
                "on": _(
                    "The deactivation date cannot precede the start of the current "
                    "activity period (%(date)s)."
                )
                % {"date": period.started_on.strftime("%d/%m/%Y")}
            }
        )
    period.ended_on = on
    period.end_reason = reason[:255]
    period.full_clean()
    period.save()
    model_update(
        instance=point,
        actor=actor,
        action="service_point.deactivate",
        data={"is_active": False},
        label=_point_label(point),
        extra={"ended_on": [None, on.isoformat()], "reason": reason},
        validate=no_check,
    )
    return point


@transaction.atomic
def service_point_reactivate(
    *, actor: Actor, service_point: ServicePoint, on: dt.date
) -> ServicePoint:
    point = _locked(service_point)
    if point.is_active:
        raise ValidationError(_("This service point is already active."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("The reactivation date cannot be in the future.")})
    last = point.active_periods.order_by("-started_on").first()
    if last is not None and last.ended_on is not None and on < last.ended_on:
        raise ValidationError(
            {
                "on": _("The reactivation date cannot precede the last deactivation (%(date)s).")
                % {"date": last.ended_on.strftime("%d/%m/%Y")}
            }
        )
    ServicePointActivePeriod.objects.create(service_point=point, started_on=on)
    model_update(
        instance=point,
        actor=actor,
        action="service_point.reactivate",
        data={"is_active": True},
        label=_point_label(point),
        extra={"started_on": [None, on.isoformat()]},
        validate=no_check,
    )
    return point


# --- Public bodies and service categories ------------------------------------------------


BODY_AUDIT_FIELDS = ("code", "name_ar", "name_fr", "acronym", "body_type", "parent.code")


def _body_label(body: PublicBody) -> str:
    return f"{body.code} — {body.name_ar or body.name_fr}"


@transaction.atomic
def public_body_create(
    *,
    actor: Actor,
    code: str,
    name_ar: str,
    name_fr: str,
    body_type: str,
    acronym: str = "",
    parent: PublicBody | None = None,
    is_demo: bool = False,
) -> PublicBody:
    body = PublicBody(
        code=code.strip(),
        name_ar=name_ar.strip(),
        name_fr=name_fr.strip(),
        body_type=body_type,
        acronym=acronym.strip(),
        parent=parent,
        is_demo=is_demo,
    )
    return model_create(
        instance=body,
        actor=actor,
        action="public_body.create",
        fields=BODY_AUDIT_FIELDS,
        label=_body_label(body),
    )


@transaction.atomic
def public_body_update(*, actor: Actor, body: PublicBody, **fields: Any) -> PublicBody:
    unknown = set(fields) - set(BODY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"public_body_update() cannot change {sorted(unknown)}")
    parent = fields.get("parent")
    if parent is not None and parent.pk in public_body_descendant_ids(root_ids=[body.pk]):
        raise ValidationError({"parent": _("A body cannot be placed under one of its own units.")})
    changes = model_update(
        instance=body,
        actor=actor,
        action="public_body.update",
        data={k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
        fields=BODY_AUDIT_FIELDS,
        label=_body_label(body),
    )
    if {"name_ar", "name_fr", "acronym"} & set(changes):
        # The body's names are part of its points' search text.
        points = ServicePoint.objects.filter(body=body).select_related("delegation")
        for point in points:
            point.body = body
            point.search_text = service_point_search_text(point)
        ServicePoint.objects.bulk_update(points, ["search_text"], batch_size=500)
    return body


CATEGORY_AUDIT_FIELDS = ("code", "name_ar", "name_fr")


def _category_label(category: ServiceCategory) -> str:
    return f"{category.code} — {category.name_ar or category.name_fr}"


@transaction.atomic
def service_category_create(
    *, actor: Actor, code: str, name_ar: str, name_fr: str
) -> ServiceCategory:
    category = ServiceCategory(code=code.strip(), name_ar=name_ar.strip(), name_fr=name_fr.strip())
    return model_create(
        instance=category,
        actor=actor,
        action="service_category.create",
        fields=CATEGORY_AUDIT_FIELDS,
        label=_category_label(category),
    )


@transaction.atomic
def service_category_update(
    *, actor: Actor, category: ServiceCategory, **fields: Any
) -> ServiceCategory:
    unknown = set(fields) - set(CATEGORY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"service_category_update() cannot change {sorted(unknown)}")
    model_update(
        instance=category,
        actor=actor,
        action="service_category.update",
        data={k: v.strip() for k, v in fields.items()},
        label=_category_label(category),
    )
    return category
