"""The audit trail page: directors and administrators filter it; nobody can change it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.audit.services import audit_event_record

pytestmark = pytest.mark.django_db
TUNIS = ZoneInfo("Africa/Tunis")


def _record_at(monkeypatch, when: dt.datetime, **kwargs) -> AuditEvent:
    # occurred_at is auto_now_add (nobody may back-date an event), so the clock is moved instead.
    monkeypatch.setattr(timezone, "now", lambda: when)
    try:
        return audit_event_record(**kwargs)
    finally:
        monkeypatch.undo()


@pytest.fixture
def events(monkeypatch, admin_user, director):
    return {
        "early": _record_at(
            monkeypatch,
            dt.datetime(2026, 3, 1, 10, 0, tzinfo=TUNIS),
            actor=admin_user,
            action="user.create",
            object_type="accounts.user",
            object_id=1,
            object_label="alpha-account",
        ),
        "middle": _record_at(
            monkeypatch,
            dt.datetime(2026, 3, 16, 0, 30, tzinfo=TUNIS),
            actor=director,
            action="grid.publish",
            object_type="grids.grid",
            object_id=2,
            object_label="bravo-grid",
        ),
        "late": _record_at(
            monkeypatch,
            dt.datetime(2026, 4, 2, 8, 0, tzinfo=TUNIS),
            actor=None,
            action="user.create",
            object_type="accounts.user",
            object_id=3,
            object_label="charlie-account",
        ),
    }


def _labels(client, **params) -> set[str]:
    response = client.get(reverse("audit:event_list"), params)
    assert response.status_code == 200
    return {e.object_label for e in response.context["page"]}


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


def test_unfiltered_list_shows_every_event_newest_first(director_client, events):
    response = director_client.get(reverse("audit:event_list"))
    labels = [e.object_label for e in response.context["page"] if e.object_label]
    assert labels[:3] == ["charlie-account", "bravo-grid", "alpha-account"]


def test_filter_by_actor(director_client, events):
    assert _labels(director_client, actor="direc") == {"bravo-grid"}
    assert _labels(director_client, actor="system") >= {"charlie-account"}
    assert "bravo-grid" not in _labels(director_client, actor="system")


def test_filter_by_action(director_client, events):
    assert {"alpha-account", "charlie-account"} <= _labels(director_client, action="user.create")
    assert _labels(director_client, action="grid.publish") == {"bravo-grid"}


def test_filter_by_object_type(director_client, events):
    assert _labels(director_client, object_type="grids.grid") == {"bravo-grid"}


def test_filter_by_date_range_uses_tunis_days(director_client, events):
    # 00:30 in Tunis on 16/03 is 23:30 UTC on 15/03: the day is the Tunis one.
    assert _labels(director_client, since="16/03/2026", until="16/03/2026") == {"bravo-grid"}
    assert _labels(director_client, since="15/03/2026", until="15/03/2026") == set()
    assert _labels(director_client, since="02/03/2026", until="31/03/2026") == {"bravo-grid"}
    assert _labels(director_client, until="01/03/2026") == {"alpha-account"}


def test_filters_combine(director_client, events):
    assert _labels(director_client, action="user.create", since="01/04/2026") == {"charlie-account"}


def test_administrator_sees_the_trail_too(client, admin_user, events):
    client.force_login(admin_user)
    assert "bravo-grid" in _labels(client)


def test_the_page_refuses_post(director_client, events):
    before = AuditEvent.objects.count()
    response = director_client.post(reverse("audit:event_list"), {"action": "x"})
    assert response.status_code == 405
    assert AuditEvent.objects.count() == before


def test_the_audit_app_has_no_other_url():
    from raqib.audit import urls

    assert [p.name for p in urls.urlpatterns if isinstance(p, URLPattern)] == ["event_list"]
    assert len(urls.urlpatterns) == 1


def test_list_makes_a_bounded_number_of_queries(
    director_client, admin_user, director, django_assert_max_num_queries
):
    # Forty events by two actors: a per-row actor query would blow the bound.
    for n in range(40):
        audit_event_record(
            actor=admin_user if n % 2 else director,
            action="user.update",
            object_type="accounts.user",
            object_id=n,
            object_label=f"account-{n}",
            changes={"email": ["a@x.tn", "b@x.tn"]},
        )
    with django_assert_max_num_queries(12):
        response = director_client.get(reverse("audit:event_list"))
    assert len(response.context["page"].object_list) == 40


def test_bad_filter_values_are_form_errors_not_500(director_client, events):
    response = director_client.get(
        reverse("audit:event_list"),
        {"since": "2026-99-99", "until": "abc", "action": "no.such", "page": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_changes_read_as_old_to_new(client, director):
    from raqib.audit.services import audit_event_record

    audit_event_record(
        actor=director,
        action="user.roles_set",
        object_type="accounts.user",
        object_id=7,
        changes={"roles": [[], ["administrator", "observer"]], "email": [None, "a@b.tn"]},
    )
    client.force_login(director)
    page = client.get("/fr/audit/").content.decode()
    assert "<div>rôles détenus: <bdi>—</bdi> → <bdi>Administrateur, Observateur</bdi></div>" in page
    assert "<bdi>—</bdi> → <bdi>a@b.tn</bdi>" in page
    assert "[None" not in page
    # Role codes read as the roles' names in Arabic too, never as codes.
    arabic = client.get("/ar/audit/").content.decode()
    assert "<bdi>—</bdi> → <bdi>مسؤول المنظومة, ملاحظ</bdi>" in arabic
    assert "administrator, observer" not in arabic


def test_related_objects_read_by_name_and_dates_as_the_pages_write_them(client, director):
    """Ids of related objects are names on the trail («Tunis (TN-11)», not 3), one query per
    model for the whole page; a deleted one says so; ISO dates read dd/mm/yyyy."""
    from raqib.registry.models import Delegation, Governorate, ServicePoint
    from raqib.registry.tests.factories import ServicePointFactory

    point = ServicePointFactory()
    first, second = Delegation.objects.order_by("code")[:2]
    gone = Delegation.objects.order_by("-pk").first().pk + 1000
    audit_event_record(
        actor=director,
        action="service_point.update",
        object_type="registry.servicepoint",
        object_id=point.pk,
        changes={"delegation_id": [first.pk, second.pk], "governorate": [gone, None]},
    )
    audit_event_record(
        actor=director,
        action="service_point_active_period.update",
        object_type="registry.servicepointactiveperiod",
        object_id=1,
        changes={"started_on": ["2026-03-05", "2026-04-01"], "service_point": [None, point.pk]},
    )
    audit_event_record(
        actor=director,
        action="service_point_active_period.update",
        object_type="registry.servicepointactiveperiod",
        object_id=2,
        changes={
            "started_on": ["2026-02-30", "not a date"],
            "ended_on": [None, "2026-05-01T09:30:00+00:00"],
        },
    )
    client.force_login(director)
    page = client.get("/fr/audit/").content.decode()
    old, new = f"{first.name_fr} ({first.code})", f"{second.name_fr} ({second.code})"
    assert f"<bdi>{old}</bdi> → <bdi>{new}</bdi>" in page
    assert f"<bdi>supprimé (n° {gone})</bdi>" in page
    assert f"<bdi>{point.name_fr} ({point.code})</bdi>" in page
    assert "<bdi>05/03/2026</bdi> → <bdi>01/04/2026</bdi>" in page
    assert "2026-03-05" not in page
    assert "<bdi>2026-02-30</bdi> → <bdi>not a date</bdi>" in page  # as recorded, not a 500
    assert "<bdi>01/05/2026 10:30</bdi>" in page  # local time (Tunis, UTC+1)
    assert not Governorate.objects.filter(pk=gone).exists()
    # One query per model, whatever the number of events and ids.
    queries = _page_queries(client)
    for delegation in Delegation.objects.order_by("code")[2:22]:
        audit_event_record(
            actor=director,
            action="service_point.update",
            object_type="registry.servicepoint",
            object_id=point.pk,
            changes={"delegation_id": [first.pk, delegation.pk]},
        )
    assert _page_queries(client) == queries
    assert ServicePoint.objects.filter(pk=point.pk).exists()


def _page_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/fr/audit/").status_code == 200
    return len(captured)
