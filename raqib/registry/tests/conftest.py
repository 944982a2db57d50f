from __future__ import annotations

import pytest

from raqib.registry.models import Delegation
from raqib.registry.tests.factories import PublicBodyFactory, ServiceCategoryFactory


@pytest.fixture
def carthage(db):
    return Delegation.objects.select_related("governorate").get(code="1151")


@pytest.fixture
def body(db):
    return PublicBodyFactory(code="poste", name_ar="البريد التونسي", name_fr="La Poste tunisienne")


@pytest.fixture
def category(db):
    return ServiceCategoryFactory(code="courrier", name_ar="البريد", name_fr="Courrier")


@pytest.fixture
def make_point(coordinator, body, category, carthage):
    from raqib.registry.services import service_point_create

    def make(**overrides):
        values = {
            "actor": coordinator,
            "code": "SP-1",
            "name_ar": "إدارة البريد بقرطاج",
            "name_fr": "Bureau de poste de Carthage",
            "body": body,
            "category": category,
            "delegation": carthage,
        }
        values.update(overrides)
        return service_point_create(**values)

    return make
