"""Coordinator screens through HTTP."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from raqib.exports.testing import exported
from raqib.missions import services
from raqib.missions.models import Mission, Report

from .factories import VALID_ANSWERS, grid_version, image_bytes, make_mission, make_point

pytestmark = pytest.mark.django_db


def _submitted(coordinator, observer, answers=VALID_ANSWERS, mission=None):
    mission = mission or make_mission(actor=coordinator, observer=observer)
    report, _ = services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=answers
    )
    return services.report_submit(actor=observer, report_uuid=report.uuid)


def _dt(value):
    return value.strftime("%Y-%m-%dT%H:%M")


def test_create_with_conflict_shown_then_ok(client, coordinator, make_observer):
    point = make_point()
    obs = make_observer("conflicted", conflict_service_points=[point])
    client.force_login(coordinator)
    from .factories import window

    start, end = window()
    data = {
        "service_point": point.code,
        "grid_version": grid_version().pk,
        "window_start": _dt(start),
        "window_end": _dt(end),
        "observer": obs.pk,
    }
    with translation.override("fr"):
        url = reverse("missions:mission_create")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "conflit d&#x27;intérêts avec ce point de service" in response.content.decode()
    assert Mission.objects.count() == 0
    data["observer"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.status == "planned"
    unknown = client.post(url, {**data, "service_point": "NOPE"})
    assert unknown.status_code == 200
    assert Mission.objects.count() == 1


def test_assign_and_reassign_with_errors(client, coordinator, observer, make_observer):
    mission = make_mission(actor=coordinator)
    client.force_login(coordinator)
    url = reverse("missions:mission_assign", kwargs={"pk": mission.pk})
    assert client.post(url, {"observer": observer.pk, "version": 99}).status_code == 400
    response = client.post(url, {"observer": observer.pk, "version": mission.version})
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.observer == observer
    home = make_observer("home", home_delegation=mission.service_point.delegation)
    refused = client.post(url, {"observer": home.pk, "version": mission.version})
    assert refused.status_code == 400
    assert "errorlist" in refused.content.decode()
    other = make_observer("other")
    assert client.post(url, {"observer": other.pk}).status_code == 302
    mission.refresh_from_db()
    assert mission.observer == other


def test_bulk_create_from_registry_filter(client, coordinator):
    points = [make_point(name_fr=f"Recette {i}") for i in range(3)]
    client.force_login(coordinator)
    url = reverse("missions:mission_bulk_create")
    preview = client.get(url, {"q": points[0].code})
    assert points[0].code in preview.content.decode()
    from .factories import window

    start, end = window()
    response = client.post(
        url,
        {
            "points": [p.pk for p in points[:2]],
            "grid_version": grid_version().pk,
            "window_start": _dt(start),
            "window_end": _dt(end),
            "campaign": "Ramadan",
        },
    )
    assert response.status_code == 302
    assert Mission.objects.filter(campaign="Ramadan").count() == 2


def test_bulk_create_and_balance_over_observers_refusal_explained(
    client, coordinator, make_observer
):
    from .factories import window

    observers = [make_observer(f"batch-{i}") for i in range(2)]
    points = [make_point() for _ in range(4)]
    conflicted = make_point()
    for observer in observers:
        observer.observer_profile.conflict_service_points.add(conflicted)
    client.force_login(coordinator)
    start, end = window()
    payload = {
        "points": [p.pk for p in [*points, conflicted]],
        "observers": [o.pk for o in observers],
        "grid_version": grid_version().pk,
        "window_start": _dt(start),
        "window_end": _dt(end),
    }
    with translation.override("fr"):
        response = client.post(reverse("missions:mission_bulk_create"), payload)
    assert response.status_code == 200
    page = response.content.decode()
    assert conflicted.code in page
    assert "conflit d&#x27;intérêts" in page or "conflit d'intérêts" in page
    assigned = Mission.objects.filter(service_point__in=points)
    assert sorted(assigned.values_list("observer_id", flat=True)) == sorted(
        [observers[0].pk, observers[0].pk, observers[1].pk, observers[1].pk]
    )
    # The same form again creates nothing twice.
    assert client.post(reverse("missions:mission_bulk_create"), payload).status_code == 200
    assert Mission.objects.filter(service_point__in=points).count() == 4
    assert not Mission.objects.filter(service_point=conflicted).exists()


def test_bulk_balance_bad_observer_is_a_form_error(client, coordinator):
    from .factories import window

    client.force_login(coordinator)
    start, end = window()
    response = client.post(
        reverse("missions:mission_bulk_create"),
        {
            "points": [make_point().pk],
            "observers": ["999999"],
            "grid_version": grid_version().pk,
            "window_start": _dt(start),
            "window_end": _dt(end),
        },
    )
    assert response.status_code == 200
    assert not Mission.objects.exists()


def test_mission_list_search_by_point_name_pseudonym_and_observer_filter(
    client, coordinator, make_observer
):
    first = make_observer("srch-one")
    second = make_observer("srch-two")
    office = make_mission(
        actor=coordinator, observer=first, service_point=make_point(name_ar="مكتب البريد")
    )
    other = make_mission(
        actor=coordinator, observer=second, service_point=make_point(name_ar="بلدية")
    )
    client.force_login(coordinator)
    url = reverse("missions:mission_list")

    def codes(params):
        page = client.get(url, params)
        assert page.status_code == 200
        return {m for m in (office.code, other.code) if m in page.content.decode()}

    assert codes({"q": "البريد"}) == {office.code}
    assert codes({"q": "ألبريد"}) == {office.code}  # hamza folded
    assert codes({"q": "SRCH-TWO"}) == {other.code}
    assert codes({"observer": first.pk}) == {office.code}
    # A nonsense filter is refused with its reason (400), not silently dropped.
    refused = client.get(url, {"observer": "nonsense"})
    assert refused.status_code == 400
    assert refused.context["form"].errors["observer"]


def test_mission_list_export_csv_and_xlsx_filtered_translated(client, coordinator, observer):
    import io

    from openpyxl import load_workbook

    kept = make_mission(actor=coordinator, observer=observer)
    dropped = make_mission(actor=coordinator)
    client.force_login(coordinator)
    url = reverse("missions:mission_list")
    response = exported(
        client, client.get(url, {"observer": observer.pk, "export": "csv"})
    )  # Arabic by default
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert kept.code in text
    assert dropped.code not in text
    assert "مُسندة" in text  # the translated status, never the raw code
    assert "assigned" not in text
    assert text.startswith("المهمّة")
    response = exported(client, client.get(url, {"export": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    assert {kept.code, dropped.code} <= {row[0] for row in sheet.iter_rows(values_only=True)}


@pytest.mark.parametrize("who", ["observer", "focal_point"])
def test_mission_list_export_refused_to_observers_and_focal_points(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("missions:mission_list"), {"export": fmt})
        assert response.status_code == 403


def test_review_return_validate_via_http(client, coordinator, observer):
    report = _submitted(coordinator, observer)
    client.force_login(coordinator)
    queue = client.get(reverse("missions:review_queue"))
    assert report.mission.code in queue.content.decode()
    with translation.override("fr"):
        page = client.get(
            reverse("missions:report_review", kwargs={"pk": report.pk}),
        )
    body = page.content.decode()
    assert "Y a-t-il une signalétique" in body
    assert "Aperçu du score" in body
    assert "/ 100" in body
    # Return without a comment: form error; with one: done.
    ret = reverse("missions:report_return", kwargs={"pk": report.pk})
    assert client.post(ret, {"comment": ""}).status_code == 400
    assert client.post(ret, {"comment": "Précisez Q02"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"
    services.report_upsert(
        actor=observer,
        report_uuid=report.uuid,
        mission_id=report.mission_id,
        answers={**VALID_ANSWERS, "Q02": 15},
    )
    services.report_submit(actor=observer, report_uuid=report.uuid)
    mission = Mission.objects.get(pk=report.mission_id)
    val = reverse("missions:report_validate", kwargs={"pk": report.pk})
    # A stale page (version before the resubmission) loses, and is told so.
    stale = client.post(val, {"version": mission.version - 1}, follow=True)
    assert Report.objects.get(pk=report.pk).status == "submitted"
    assert stale.status_code == 200
    assert client.post(val, {"version": mission.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "validated"
    assert report.score_out_of_100 is not None


def test_evidence_served_to_staff_only(client, coordinator, observer, focal_point):
    mission = make_mission(actor=coordinator, observer=observer)
    report, _ = services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers={}
    )
    evidence, _ = services.evidence_add(
        actor=observer,
        report_uuid=report.uuid,
        photo_uuid=uuid.uuid4(),
        criterion="Q01",
        upload=SimpleUploadedFile("x.jpg", image_bytes()),
    )
    url = reverse("missions:evidence_file", kwargs={"uuid": evidence.uuid})
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()
    for user in (observer, focal_point):
        client.force_login(user)
        assert client.get(url).status_code == 403
    # Files are stored under a random directory, never the upload's name.
    assert re.match(r"evidence/[0-9a-f]{32}/[0-9a-f-]{36}\.jpg$", evidence.file.name)


def test_public_copy_strips_exif(coordinator, observer):
    from PIL import Image

    mission = make_mission(actor=coordinator, observer=observer)
    report, _ = services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers={}
    )
    evidence, _ = services.evidence_add(
        actor=observer,
        report_uuid=report.uuid,
        photo_uuid=uuid.uuid4(),
        criterion="Q01",
        upload=SimpleUploadedFile("x.jpg", image_bytes(exif_gps=True)),
    )
    import io

    original = Image.open(evidence.file.open("rb"))
    assert not original.getexif().get_ifd(0x8825)  # stored re-encoded: the phone's GPS is gone
    copy = Image.open(io.BytesIO(services.evidence_public_copy(evidence)))
    exif = copy.getexif()
    assert not exif.get_ifd(0x8825)
    assert 0x010F not in exif
    assert "exif" not in copy.info
    assert copy.size == original.size


def test_pair_comparison_page(client, coordinator, observer, make_observer):
    other = make_observer("pair-b")
    from .factories import window

    start, end = window()
    a, b = services.mission_pair_create(
        actor=coordinator,
        service_point=make_point(),
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        observers=(observer, other),
    )
    _submitted(coordinator, observer, mission=a)
    _submitted(coordinator, other, answers={**VALID_ANSWERS, "Q03": "poor"}, mission=b)
    client.force_login(coordinator)
    page = client.get(reverse("missions:mission_compare", kwargs={"pk": b.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert a.code in body
    assert b.code in body
    assert body.count('class="differs"') == 1


def test_pages_render_for_reader_without_actions(client, director, coordinator, observer):
    report = _submitted(coordinator, observer)
    client.force_login(director)
    page = client.get(reverse("missions:report_review", kwargs={"pk": report.pk}))
    assert page.status_code == 200
    assert "report_validate" not in page.content.decode()
    assert reverse("missions:report_validate", kwargs={"pk": report.pk}) not in (
        page.content.decode()
    )
    detail = client.get(reverse("missions:mission_detail", kwargs={"pk": report.mission_id}))
    assert reverse("missions:mission_cancel", kwargs={"pk": report.mission_id}) not in (
        detail.content.decode()
    )


def test_nav_item_for_staff_only(client, coordinator, observer):
    url = reverse("missions:mission_list")
    client.force_login(coordinator)
    assert url in client.get(reverse("missions:review_queue")).content.decode()
    client.force_login(observer)
    home = client.get("/")
    assert url not in home.content.decode()


def test_assign_check_fragment(client, coordinator, observer, make_observer):
    mission = make_mission(actor=coordinator)
    client.force_login(coordinator)
    detail = client.get(reverse("missions:mission_detail", kwargs={"pk": mission.pk}))
    check_url = reverse("missions:mission_assign_check", kwargs={"pk": mission.pk})
    assert f'hx-get="{check_url}"' in detail.content.decode()
    ok = client.get(check_url, {"observer": observer.pk})
    assert ok.status_code == 200
    assert "conflict-none" in ok.content.decode()
    home = make_observer("home-check", home_delegation=mission.service_point.delegation)
    refused = client.get(check_url, {"observer": home.pk}, HTTP_HX_REQUEST="true")
    assert "conflict-list" in refused.content.decode()


def test_review_queue_filters(client, coordinator, observer, make_observer):
    import datetime as dt

    critical = _submitted(coordinator, observer, answers={**VALID_ANSWERS, "Q04": "yes"})
    plain = _submitted(coordinator, make_observer("plain"))
    assert critical.critical is True
    assert plain.critical is False
    Report.objects.filter(pk=plain.pk).update(
        submitted_at=plain.submitted_at - dt.timedelta(days=10)
    )
    client.force_login(coordinator)
    url = reverse("missions:review_queue")
    only_critical = client.get(url, {"critical": "yes"}).content.decode()
    assert critical.mission.code in only_critical
    assert plain.mission.code not in only_critical
    old = client.get(url, {"older_than": "7"}).content.decode()
    assert plain.mission.code in old
    assert critical.mission.code not in old
