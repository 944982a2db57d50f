"""Writes of the equal-treatment traits (through raqib.core.writes, audited, atomic).

The audit trail records which trait was recorded for which observer and the consent date,
never the value: the value is read only on the equal-treatment pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.accounts.models import User
from raqib.core.roles import Role
from raqib.core.writes import model_create, model_update

from .models import ObserverTrait, Trait


def _clean_values(values: Sequence[dict[str, str]], reference: str) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    for value in values:
        code = str(value.get("code", "")).strip()
        ar, fr = str(value.get("ar", "")).strip(), str(value.get("fr", "")).strip()
        if not code or not ar or not fr:
            raise ValidationError(
                {"values": [_("Each value needs a code and Arabic and French names.")]}
            )
        cleaned.append({"code": code, "ar": ar, "fr": fr})
    codes = [v["code"] for v in cleaned]
    if len(set(codes)) < 2 or len(set(codes)) != len(codes):
        raise ValidationError({"values": [_("A trait needs at least two different values.")]})
    if reference not in codes:
        raise ValidationError({"reference": [_("The reference must be one of the values.")]})
    return cleaned


@transaction.atomic
def trait_create(
    *,
    actor: Any,
    code: str,
    name_ar: str,
    name_fr: str,
    values: Sequence[dict[str, str]],
    reference: str,
) -> Trait:
    return model_create(
        instance=Trait(
            code=code,
            name_ar=name_ar,
            name_fr=name_fr,
            values=_clean_values(values, reference),
            reference=reference,
        ),
        actor=actor,
        action="trait.create",
        fields=["code", "name_ar", "name_fr", "values", "reference"],
    )


@transaction.atomic
def observer_trait_set(
    *, actor: Any, observer: User, trait: Trait, value: str, consent_on: dt.date
) -> ObserverTrait:
    """Record (or change) an observer's value of a trait, with the date of their consent."""
    if not observer.has_role(Role.OBSERVER):
        raise ValidationError({"observer": [_("This user is not an observer.")]})
    if value not in trait.value_codes():
        raise ValidationError({"value": [_("Choose one of the trait's values.")]})
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": [_("The consent date cannot be in the future.")]})
    existing = ObserverTrait.objects.select_for_update().filter(observer=observer, trait=trait)
    current = existing.first()
    if current is None:
        return model_create(
            instance=ObserverTrait(
                observer=observer, trait=trait, value=value, consent_on=consent_on
            ),
            actor=actor,
            action="observer_trait.create",
            fields=["observer", "trait.code", "consent_on"],
        )
    model_update(
        instance=current,
        actor=actor,
        action="observer_trait.update",
        data={"value": value, "consent_on": consent_on},
        fields=["consent_on"],  # never the value (see the module's docstring)
        always=True,
        extra={"trait": trait.code},
    )
    return current
