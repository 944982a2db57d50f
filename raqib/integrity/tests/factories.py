"""Test helpers: integrity cases opened through the real flow (a validated bribe report)."""

from __future__ import annotations

import itertools
from typing import Any

from raqib.accounts.tests.factories import UserFactory
from raqib.core.roles import Role
from raqib.followup.tests.factories import BRIBE, validated_report
from raqib.integrity import services
from raqib.integrity.models import Case

_n = itertools.count(1)
NARRATIVE = "Le guichetier a exigé 50 dinars — طلب رشوة NARRATIVE-7f3a"


def officer(**kwargs: Any) -> Any:
    return UserFactory(
        username=f"int-officer-{next(_n)}", roles=[Role.INTEGRITY_OFFICER], totp=True, **kwargs
    )


def bribe_case(*, coordinator: Any, observer: Any = None, point: Any = None) -> Case:
    """A validated report with a bribe asked (Q04 yes, section `integrity`) → its case."""
    report = validated_report(
        coordinator=coordinator, answers=BRIBE, observer=observer, point=point
    )
    return Case.objects.get(origin_report=report)


def assigned_case(*, coordinator: Any, officers: list[Any], **kwargs: Any) -> Case:
    case = bribe_case(coordinator=coordinator, **kwargs)
    for person in officers:
        services.case_assign(actor=None, case=case, officer=person)
    return case
