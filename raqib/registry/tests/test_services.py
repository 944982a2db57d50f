from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.registry.models import Delegation, ServicePoint
from raqib.registry.selectors import service_points_active_during
from raqib.registry.services import (
    public_body_create,
    public_body_update,
    service_category_create,
    service_category_update,
    service_point_deactivate,
    service_point_reactivate,
    service_point_update,
)

pytestmark = pytest.mark.django_db
D = dt.date


def _events(point):
    return list(
        AuditEvent.objects.filter(object_type="registry.servicepoint", object_id=str(point.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_create_derives_governorate_folds_search_text_and_opens_a_period(make_point, carthage):
    point = make_point(phones=" 71 123 456 ;+216 98765432 ", started_on=D(2024, 1, 1))
    assert point.governorate == carthage.governorate
    assert point.phones == "71 123 456; +216 98765432"
    assert "اداره البريد بقرطاج" in point.search_text
    assert "carthage" in point.search_text
    assert "la poste tunisienne" in point.search_text
    assert list(point.active_periods.values_list("started_on", "ended_on")) == [
        (D(2024, 1, 1), None)
    ]
    event = AuditEvent.objects.get(action="service_point.create")
    assert event.changes["code"] == [None, "SP-1"]
    assert event.changes["delegation"] == [None, "1151"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", Decimal("48.85")),
        ("phones", "71 12 34"),
        ("phones", "71123456; +33612345678"),
        ("email", "not-an-address"),
        ("website", "ftp://example.tn"),
        ("website", "www.example.tn"),
    ],
)
def test_create_rejects_bad_values(make_point, field, value):
    extra = {field: value}
    if field == "latitude":
        extra["longitude"] = Decimal("10.1")
    with pytest.raises(ValidationError) as exc:
        make_point(**extra)
    assert field in exc.value.message_dict
    assert not ServicePoint.objects.exists()


def test_phone_prefixes_are_accepted(make_point):
    point = make_point(phones="0021671123456; +216 71 123 456; 71123456")
    assert len(point.phone_list) == 3


def test_update_records_old_and_new_values_and_moves_governorate(make_point, coordinator):
    point = make_point()
    sfax = Delegation.objects.filter(governorate__iso_code="TN-61").first()
    service_point_update(
        actor=coordinator, service_point=point, delegation=sfax, name_fr="Poste de Sfax"
    )
    point.refresh_from_db()
    assert point.governorate.iso_code == "TN-61"
    assert "poste de sfax" in point.search_text
    event = AuditEvent.objects.filter(action="service_point.update").get()
    assert event.changes["name_fr"] == ["Bureau de poste de Carthage", "Poste de Sfax"]
    assert event.changes["governorate"] == ["TN-11", "TN-61"]


def test_update_without_change_writes_nothing(make_point, coordinator):
    point = make_point()
    before = point.updated_at
    service_point_update(actor=coordinator, service_point=point, name_ar=point.name_ar)
    point.refresh_from_db()
    assert point.updated_at == before
    assert _events(point) == ["service_point.create"]


def test_deactivate_then_reactivate_keeps_the_history(make_point, coordinator):
    point = make_point(started_on=D(2024, 1, 1))
    service_point_deactivate(
        actor=coordinator, service_point=point, on=D(2024, 6, 30), reason="Fusionné"
    )
    point.refresh_from_db()
    assert not point.is_active
    service_point_reactivate(actor=coordinator, service_point=point, on=D(2025, 1, 1))
    point.refresh_from_db()
    assert point.is_active
    periods = list(
        point.active_periods.order_by("started_on").values_list(
            "started_on", "ended_on", "end_reason"
        )
    )
    assert periods == [(D(2024, 1, 1), D(2024, 6, 30), "Fusionné"), (D(2025, 1, 1), None, "")]
    assert _events(point) == [
        "service_point.create",
        "service_point.deactivate",
        "service_point.reactivate",
    ]


def test_deactivation_rules(make_point, coordinator):
    point = make_point(started_on=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        service_point_deactivate(
            actor=coordinator, service_point=point, on=D(2024, 2, 1), reason=""
        )
    with pytest.raises(ValidationError):
        service_point_deactivate(
            actor=coordinator, service_point=point, on=D(2023, 12, 31), reason="x"
        )
    with pytest.raises(ValidationError):
        service_point_deactivate(
            actor=coordinator,
            service_point=point,
            on=timezone.localdate() + dt.timedelta(days=1),
            reason="x",
        )
    service_point_deactivate(actor=coordinator, service_point=point, on=D(2024, 2, 1), reason="x")
    with pytest.raises(ValidationError):
        service_point_deactivate(
            actor=coordinator, service_point=point, on=D(2024, 3, 1), reason="x"
        )
    with pytest.raises(ValidationError):
        service_point_reactivate(actor=coordinator, service_point=point, on=D(2024, 1, 15))


def test_active_during_counts_the_points_open_then(make_point, coordinator):
    closed = make_point(code="CLOSED", started_on=D(2023, 1, 1))
    service_point_deactivate(
        actor=coordinator, service_point=closed, on=D(2024, 3, 31), reason="Fermé"
    )
    make_point(code="NEW", started_on=D(2025, 1, 1))
    make_point(code="ALWAYS", started_on=D(2020, 1, 1))
    back = make_point(code="BACK", started_on=D(2020, 1, 1))
    service_point_deactivate(actor=coordinator, service_point=back, on=D(2023, 1, 1), reason="x")
    service_point_reactivate(actor=coordinator, service_point=back, on=D(2024, 10, 1))

    def codes(start, end):
        return set(
            service_points_active_during(start=start, end=end).values_list("code", flat=True)
        )

    assert codes(D(2024, 1, 1), D(2024, 3, 31)) == {"CLOSED", "ALWAYS"}
    assert codes(D(2024, 4, 1), D(2024, 6, 30)) == {"ALWAYS"}
    assert codes(D(2024, 7, 1), D(2024, 12, 31)) == {"ALWAYS", "BACK"}
    assert codes(D(2025, 1, 1), D(2025, 3, 31)) == {"ALWAYS", "BACK", "NEW"}
    # Counted once even when two of its periods touch the window.
    assert service_points_active_during(start=D(2022, 1, 1), end=D(2025, 1, 1)).count() == 4


def test_bodies_and_categories_are_audited_and_refresh_point_search(make_point, coordinator, body):
    ministry = public_body_create(
        actor=coordinator, code="mtc", name_ar="وزارة", name_fr="Ministère", body_type="ministry"
    )
    point = make_point()
    public_body_update(actor=coordinator, body=body, parent=ministry, acronym="ONP")
    point.refresh_from_db()
    assert "onp" in point.search_text
    with pytest.raises(ValidationError):
        public_body_update(actor=coordinator, body=ministry, parent=body)
    category = service_category_create(
        actor=coordinator, code="sante", name_ar="صحة", name_fr="Santé"
    )
    service_category_update(actor=coordinator, category=category, name_fr="Santé publique")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "public_body.create",
        "public_body.update",
        "service_category.create",
        "service_category.update",
    } <= actions
