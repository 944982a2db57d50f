"""The periodic report's training chapter on a hand-made fixture."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from raqib.core.activity import ActivityFilters
from raqib.training import services
from raqib.training.selectors import periodic_report_section
from raqib.training.tests.factories import REFERENCE, requirement

pytestmark = pytest.mark.django_db


def test_training_chapter(coordinator, make_observer):
    today = timezone.localdate()
    filters = ActivityFilters(start=today - dt.timedelta(days=30), end=today)
    assert periodic_report_section(filters=filters) is None
    req = requirement()
    a, b = make_observer("p-a"), make_observer("p-b")
    channel = req.grid_version.grid.channel
    services.certification_grant(
        actor=coordinator, observer=a, grid_version=req.grid_version, channel=channel, reason="x"
    )
    services.certification_grant(
        actor=coordinator,
        observer=b,
        grid_version=req.grid_version,
        channel=channel,
        reason="x",
        validity_days=30,
    )
    # Practice: 100 % and 3 of 3 wrong → 0 %: mean 50.0, one passed.
    for observer, answers in ((a, REFERENCE), (b, {})):
        services.practice_attempt_submit(
            actor=observer, scenario=req.practice, client_uuid=uuid.uuid4(), answers=answers
        )
    section = periodic_report_section(filters=filters)
    (certified, attempts) = section.tables
    assert [row[2] for row in certified.rows] == [2]
    assert attempts.rows[1][1:] == (2, 1, Decimal("50.0"))
    assert attempts.rows[0][1:] == (0, 0, None)
    assert "1" in section.paragraphs[0]  # b's certification expires within 60 days
