import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.grids import services as grid_services
from raqib.missions import services
from raqib.missions.models import Mission, MissionStatus, Report
from raqib.registry.tests.factories import PublicBodyFactory

from .factories import VALID_ANSWERS, make_mission, make_point, window

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted on their English msgids; pages set their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_create_assign_audited(coordinator, observer):
    mission = make_mission(actor=coordinator, observer=observer)
    assert mission.status == MissionStatus.ASSIGNED
    assert mission.code.startswith("M-")
    assert len(mission.code) == 8
    assert mission.channel == "in_person"
    actions = set(
        AuditEvent.objects.filter(object_id=str(mission.pk)).values_list("action", flat=True)
    )
    assert {"mission.create", "mission.assign"} <= actions


def test_draft_grid_version_refused(coordinator):
    from raqib.grids.tests.factories import make_draft

    with pytest.raises(ValidationError) as exc:
        make_mission(actor=coordinator, grid_version=make_draft("DRAFTY"))
    assert "grid_version" in exc.value.message_dict


def test_window_must_be_ordered(coordinator):
    start, _end = window()
    with pytest.raises(ValidationError):
        make_mission(actor=coordinator, window_start=start, window_end=start)


def test_conflict_declared_point_and_body_subtree(coordinator, make_observer):
    ministry = PublicBodyFactory(code="ministry")
    office_body = PublicBodyFactory(code="office", parent=ministry)
    point = make_point(body=office_body)
    other = make_point()
    obs = make_observer("obs-a", conflict_bodies=[ministry], conflict_service_points=[other])
    with pytest.raises(ValidationError) as exc:
        make_mission(actor=coordinator, observer=obs, service_point=point)
    assert "body of this service point" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        make_mission(actor=coordinator, observer=obs, service_point=other)
    assert "this service point" in str(exc.value)
    # A declared sub-body does not cover its parent's other offices.
    obs2 = make_observer("obs-b", conflict_bodies=[office_body])
    assert make_mission(actor=coordinator, observer=obs2, service_point=make_point(body=ministry))


def test_conflict_home_delegation_configurable(coordinator, make_observer):
    point = make_point()
    obs = make_observer("obs-home", home_delegation=point.delegation)
    with pytest.raises(ValidationError) as exc:
        make_mission(actor=coordinator, observer=obs, service_point=point)
    assert "home delegation" in str(exc.value)
    with override_settings(RAQIB_COI_HOME_DELEGATION=False):
        assert make_mission(actor=coordinator, observer=obs, service_point=point)


def test_conflict_revisit_period(coordinator, observer):
    point = make_point()
    make_mission(actor=coordinator, observer=observer, service_point=point)
    with pytest.raises(ValidationError) as exc:
        make_mission(actor=coordinator, observer=observer, service_point=point)
    assert "180" in str(exc.value)
    start, end = window(start_offset_hours=24 * 200)
    assert make_mission(
        actor=coordinator,
        observer=observer,
        service_point=point,
        window_start=start,
        window_end=end,
    )
    with override_settings(RAQIB_COI_REVISIT_DAYS=0):
        assert make_mission(actor=coordinator, observer=observer, service_point=point)


def test_non_observer_refused(coordinator, director):
    with pytest.raises(ValidationError):
        make_mission(actor=coordinator, observer=director)


def test_bulk_create_all_or_nothing(coordinator):
    points = [make_point(), make_point()]
    start, end = window()
    from .factories import grid_version

    missions = services.mission_bulk_create(
        actor=coordinator,
        service_point_ids=[p.pk for p in points],
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        campaign="Ramadan",
    )
    assert len(missions) == 2
    assert all(m.status == "planned" for m in missions)
    with pytest.raises(ValidationError):
        services.mission_bulk_create(
            actor=coordinator,
            service_point_ids=[points[0].pk],
            grid_version=grid_version(),
            window_start=end,
            window_end=start,
        )
    assert Mission.objects.count() == 2


def test_pair_create(coordinator, observer, make_observer):
    other = make_observer("obs-pair")
    start, end = window()
    from .factories import grid_version

    a, b = services.mission_pair_create(
        actor=coordinator,
        service_point=make_point(),
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        observers=(observer, other),
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.pair_id == b.pk
    assert b.pair_id == a.pk
    assert {a.observer_id, b.observer_id} == {observer.pk, other.pk}
    with pytest.raises(ValidationError):
        services.mission_pair_create(
            actor=coordinator,
            service_point=make_point(),
            grid_version=grid_version(),
            window_start=start,
            window_end=end,
            observers=(observer, observer),
        )
    # Reassigning one side to the other side's observer is refused.
    c = services.mission_cancel(actor=coordinator, mission=a)
    assert c.status == "cancelled"
    with pytest.raises(ValidationError):
        services.mission_reassign(actor=coordinator, mission=b, observer=observer)


def test_reassign_deactivates_report(coordinator, observer, make_observer):
    mission = make_mission(actor=coordinator, observer=observer)
    report, created = services.report_upsert(
        actor=observer,
        report_uuid="11111111-1111-4111-8111-111111111111",
        mission_id=mission.pk,
        answers={"Q01": "yes"},
    )
    assert created
    other = make_observer("obs-new")
    services.mission_reassign(actor=coordinator, mission=mission, observer=other)
    report.refresh_from_db()
    assert not report.is_active
    with pytest.raises(ValidationError) as exc:
        services.report_upsert(
            actor=observer, report_uuid=report.uuid, mission_id=mission.pk, answers={}
        )
    assert exc.value.code == "mission_reassigned"


def test_cancel_and_stale_version(coordinator, observer):
    mission = make_mission(actor=coordinator, observer=observer)
    with pytest.raises(ValidationError) as exc:
        services.mission_cancel(actor=coordinator, mission=mission, expected_version=99)
    assert exc.value.code == "stale"
    services.mission_cancel(actor=coordinator, mission=mission)
    with pytest.raises(ValidationError) as exc:
        services.mission_cancel(actor=coordinator, mission=mission)
    assert exc.value.code == "mission_cancelled"


def _submitted(coordinator, observer, **upsert):
    mission = make_mission(actor=coordinator, observer=observer)
    report, _ = services.report_upsert(
        actor=observer,
        report_uuid=upsert.pop("uuid", "22222222-2222-4222-8222-222222222222"),
        mission_id=mission.pk,
        answers=upsert.pop("answers", VALID_ANSWERS),
        **upsert,
    )
    return services.report_submit(actor=observer, report_uuid=report.uuid)


def test_submit_return_resubmit_validate_freezes_engine_score(coordinator, observer):
    from raqib.grids import scoring

    report = _submitted(coordinator, observer)
    assert report.status == "submitted"
    assert report.mission.status == "submitted"
    assert services.report_submit(actor=observer, report_uuid=report.uuid).status == "submitted"
    with pytest.raises(ValidationError):
        services.report_return(actor=coordinator, report=report, comment="  ")
    services.report_return(actor=coordinator, report=report, comment="Q03 seems wrong")
    report.refresh_from_db()
    assert report.status == "returned"
    assert report.mission.status == "returned"
    answers = {**VALID_ANSWERS, "Q03": "fair"}
    services.report_upsert(
        actor=observer, report_uuid=report.uuid, mission_id=report.mission_id, answers=answers
    )
    services.report_submit(actor=observer, report_uuid=report.uuid)
    report = services.report_validate(actor=coordinator, report=Report.objects.get(pk=report.pk))
    expected = scoring.score_report(report.mission.grid_version.snapshot, answers)
    assert report.score_out_of_100 == expected.out_of_100
    assert report.score["out_of_100"] == str(expected.out_of_100)
    assert report.score["content_hash"] == report.mission.grid_version.content_hash
    assert report.critical is False
    # The second coordinator loses: already validated.
    with pytest.raises(ValidationError) as exc:
        services.report_validate(actor=coordinator, report=report)
    assert exc.value.code == "report_validated"
    actions = list(
        AuditEvent.objects.filter(object_type="missions.report").values_list("action", flat=True)
    )
    for action in ("report.submit", "report.return", "report.validate"):
        assert action in actions


def test_critical_flag(coordinator, observer):
    report = _submitted(coordinator, observer, answers={**VALID_ANSWERS, "Q04": "yes"})
    report = services.report_validate(actor=coordinator, report=report)
    assert report.critical is True


def test_submit_refuses_invalid_answers(coordinator, observer):
    with pytest.raises(ValidationError) as exc:
        _submitted(coordinator, observer, answers={"Q01": "no"})
    assert exc.value.code == "invalid_answers"
    assert "Q01" in exc.value.answers  # photo required when "no"


def test_published_version_immutability_used(coordinator, observer):
    """Scores use the mission's version, even when a newer one is published."""
    report = _submitted(coordinator, observer)
    version = report.mission.grid_version
    clone = grid_services.grid_version_clone(actor=None, version=version)
    grid_services.grid_version_publish(actor=None, version=clone)
    report = services.report_validate(actor=coordinator, report=report)
    assert report.score["grid_version"] == version.pk


def test_anomalies(coordinator, observer):
    start, _end = window()
    report = _submitted(
        coordinator,
        observer,
        started_at=start - dt.timedelta(hours=3),
        ended_at=start - dt.timedelta(hours=3) + dt.timedelta(seconds=30),
        device_time=start - dt.timedelta(hours=5),
        location={"latitude": 36.9, "longitude": 10.18, "accuracy": 10},
        location_consent=True,
    )
    codes = {a["code"] for a in report.anomalies}
    assert codes == {"far_from_point", "outside_window", "short_duration", "device_clock"}
    far = next(a for a in report.anomalies if a["code"] == "far_from_point")
    assert 10_000 < far["params"]["distance_m"] < 12_000


def test_no_anomalies_for_a_clean_visit(coordinator, observer):
    from django.utils import timezone

    now = timezone.now()
    report = _submitted(
        coordinator,
        observer,
        started_at=now - dt.timedelta(minutes=20),
        ended_at=now - dt.timedelta(minutes=5),
        device_time=now,
        location={"latitude": 36.8001, "longitude": 10.1801, "accuracy": 10},
        location_consent=True,
    )
    assert report.anomalies == []


def test_location_ignored_without_consent(coordinator, observer):
    report = _submitted(
        coordinator,
        observer,
        location={"latitude": 1, "longitude": 1, "accuracy": 10},
        location_consent=False,
    )
    assert report.latitude is None


def test_a_suspended_observer_cannot_be_assigned_until_the_day_after(coordinator, observer):
    from raqib.accounts.services import observer_profile_upsert

    profile = observer.observer_profile
    today = timezone.localdate()
    observer_profile_upsert(
        actor=coordinator,
        user=observer,
        pseudonym=profile.pseudonym,
        home_delegation=profile.home_delegation,
        member={"suspended_until": today + dt.timedelta(days=2), "suspension_reason": "Enquête"},
    )
    with pytest.raises(ValidationError) as exc:
        make_mission(actor=coordinator, observer=observer)
    day = (today + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert f"The observer is suspended until {day}: Enquête" in str(exc.value)
    assert not Mission.objects.filter(observer=observer).exists()
    start = timezone.now() + dt.timedelta(days=3)
    assert make_mission(
        actor=coordinator,
        observer=observer,
        window_start=start,
        window_end=start + dt.timedelta(hours=4),
    )
