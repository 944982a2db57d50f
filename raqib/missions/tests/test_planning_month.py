"""Planning a month on the several-points page: only the points still uncovered in the month,
and each observer's workload in that month next to their pseudonym (hand-counted fixtures)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from raqib.missions import services

from .factories import make_mission, make_point

pytestmark = pytest.mark.django_db

URL = "missions:mission_bulk_create"


def test_uncovered_points_of_the_month_and_observer_workloads(client, coordinator, make_observer):
    busy = make_observer("busy-one")
    idle = make_observer("idle-one")
    points = [make_point(name_fr=f"Recette planmois {i}") for i in range(5)]
    # Points 0 and 1 have a mission this month (1 assigned to `busy`); point 2's is cancelled.
    make_mission(service_point=points[0], observer=busy, actor=coordinator)
    make_mission(service_point=points[1], actor=coordinator)
    cancelled = make_mission(service_point=points[2], actor=coordinator)
    services.mission_cancel(actor=coordinator, mission=cancelled)
    month = timezone.localdate().strftime("%Y-%m")
    client.force_login(coordinator)
    with translation.override("fr"):
        page = client.get(reverse(URL), {"q": "planmois", "uncovered": month}).content.decode()
        everything = client.get(reverse(URL), {"q": "planmois"}).content.decode()
    listed = {p.code for p in points if p.code in page}
    assert listed == {points[2].code, points[3].code, points[4].code}  # 5 − 2 planned
    assert all(p.code in everything for p in points)
    pseudonym = busy.observer_profile.pseudonym
    assert f"{pseudonym} — " in page
    assert "1 mission ce mois" in page  # busy: one mission this month
    assert "0 mission ce mois" in page  # idle
    assert idle.observer_profile.pseudonym in page


def test_a_bad_month_is_a_400_with_the_reason(client, coordinator):
    client.force_login(coordinator)
    with translation.override("fr"):
        response = client.get(reverse(URL), {"q": "x", "uncovered": "2026-13"})
    assert response.status_code == 400
    assert "AAAA-MM" in response.content.decode()


def test_new_mission_suggests_points_by_code_and_name_and_shows_workloads(
    client, coordinator, make_observer
):
    point = make_point(name_fr="Recette Suggestion", name_ar="قباضة الاقتراح")
    closed = make_point(name_fr="Recette fermée")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    observer = make_observer("picker-one")
    make_mission(observer=observer, actor=coordinator)
    client.force_login(coordinator)
    with translation.override("ar"):
        page = client.get(reverse("missions:mission_create")).content.decode()
    assert 'list="service_point-suggestions"' in page
    assert f'<option value="{point.code}">قباضة الاقتراح — ' in page
    assert closed.code not in page  # only active points are suggested
    assert f"{observer.observer_profile.pseudonym} — " in page
    assert "1 مهمّة هذا الشهر" in page


def test_changing_the_window_tells_the_observer(client, coordinator, make_observer):
    from raqib.notifications.models import Notification

    observer = make_observer("window-one")
    mission = make_mission(observer=observer, actor=coordinator)
    client.force_login(coordinator)
    detail = client.get(reverse("missions:mission_detail", kwargs={"pk": mission.pk}))
    assert reverse("missions:mission_window", kwargs={"pk": mission.pk}) in detail.content.decode()
    url = reverse("missions:mission_window", kwargs={"pk": mission.pk})
    bad = client.post(
        url,
        {
            "version": mission.version,
            "window_start": "2026-12-10T10:00",
            "window_end": "2026-12-10T09:00",
        },
    )
    assert bad.status_code == 400
    assert bad.context["window_form"].errors["window_end"]
    response = client.post(
        url,
        {
            "version": mission.version,
            "window_start": "2026-12-10T09:00",
            "window_end": "2026-12-10T12:00",
        },
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert timezone.localtime(mission.window_start).hour == 9
    assert Notification.objects.filter(recipient=observer, kind="mission_changed").exists()
    # A stale version changes nothing.
    stale = client.post(
        url,
        {"version": 0, "window_start": "2026-12-11T09:00", "window_end": "2026-12-11T12:00"},
    )
    assert stale.status_code == 400
    mission.refresh_from_db()
    assert timezone.localtime(mission.window_start).day == 10


def test_the_point_filters_narrow_by_category_and_channel(client, coordinator):
    first = make_point(name_fr="Recette filtrecat A")
    other = make_point(name_fr="Recette filtrecat B")
    other.phones = ""
    other.save(update_fields=["phones"])
    first.phones = "71 000 000"
    first.save(update_fields=["phones"])
    client.force_login(coordinator)
    url = reverse(URL)
    by_phone = client.get(url, {"q": "filtrecat", "channel": "phone"}).content.decode()
    assert first.code in by_phone
    assert other.code not in by_phone
    by_category = client.get(
        url, {"q": "filtrecat", "category": first.category_id}
    ).content.decode()
    assert first.code in by_category
    assert client.get(url, {"q": "filtrecat", "channel": "fax"}).status_code == 400


def test_the_mission_list_filters_by_body_and_channel_and_refuses_nonsense(client, coordinator):
    mission = make_mission(actor=coordinator)
    other = make_mission(actor=coordinator)
    client.force_login(coordinator)
    url = reverse("missions:mission_list")
    by_body = client.get(url, {"body": mission.service_point.body_id}).content.decode()
    assert mission.code in by_body
    if other.service_point.body_id != mission.service_point.body_id:
        assert other.code not in by_body
    by_channel = client.get(url, {"channel": mission.channel}).content.decode()
    assert mission.code in by_channel
    assert client.get(url, {"channel": "carrier-pigeon"}).status_code == 400
    assert client.get(url, {"body": "999999"}).status_code == 400
