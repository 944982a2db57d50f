"""Validated mystery-visit scores feed the survey results' comparison (issue 5, part 5)."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from raqib.grids import scoring
from raqib.missions import services
from raqib.missions.selectors import mission_scores_for_survey_wave
from raqib.missions.tests.factories import VALID_ANSWERS, image_bytes, make_mission, make_point

pytestmark = pytest.mark.django_db


def _validated(*, point, observer, coordinator):
    mission = make_mission(actor=coordinator, observer=observer, service_point=point)
    report, _ = services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=VALID_ANSWERS
    )
    services.evidence_add(
        actor=observer,
        report_uuid=report.uuid,
        photo_uuid=uuid.uuid4(),
        criterion="Q01",
        upload=SimpleUploadedFile("p.jpg", image_bytes()),
    )
    report = services.report_submit(actor=observer, report_uuid=report.uuid)
    return services.report_validate(actor=coordinator, report=report)


def test_the_survey_comparison_reads_validated_scores_of_the_period(observer, coordinator):
    point, other = make_point(), make_point()
    report = _validated(point=point, observer=observer, coordinator=coordinator)
    expected = float(
        scoring.score_report(report.mission.grid_version.snapshot, report.answers).out_of_100
    )
    today = timezone.localdate()
    during = SimpleNamespace(starts_on=today - dt.timedelta(days=7), ends_on=today)
    assert mission_scores_for_survey_wave(during) == {point.pk: expected}
    assert other.pk not in mission_scores_for_survey_wave(during)
    before = SimpleNamespace(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 6, 30))
    assert mission_scores_for_survey_wave(before) == {}


def test_the_setting_points_surveys_at_this_provider(settings):
    from raqib.surveys.selectors import mystery_provider

    assert mystery_provider() is mission_scores_for_survey_wave
