"""Demo training: alive on first sign-in, and the expired observer is refused with the reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from raqib.demo.seed import seed_demo
from raqib.demo.training import EXPIRED
from raqib.missions import services as mission_services
from raqib.missions.models import Mission
from raqib.training.models import Certification, Course

pytestmark = pytest.mark.django_db


def test_demo_training_certifies_everyone_but_the_expired_observer():
    from raqib.accounts.models import User

    seed_demo()
    assert Course.objects.count() == 3
    main = User.objects.get(username="observer")
    assert Certification.objects.get(observer=main).source == "training"
    client = Client()
    client.force_login(main)
    page = client.get(reverse("training:my_training"))
    assert page.status_code == 200
    coordinator = User.objects.get(username="coordinator")
    expired = User.objects.get(username=EXPIRED)
    from raqib.grids.models import GridVersion

    visit = GridVersion.objects.filter(grid__code="VISIT", status="published").latest("number")
    mission = mission_services.mission_create(
        actor=coordinator,
        service_point=Mission.objects.filter(grid_version=visit).first().service_point,
        grid_version=visit,
        window_start=timezone.now() + dt.timedelta(days=5),
        window_end=timezone.now() + dt.timedelta(days=5, hours=4),
    )
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        mission_services.mission_assign(actor=coordinator, mission=mission, observer=expired)
    assert "a expiré" in " ".join(refused.value.messages)
    client.force_login(coordinator)
    assert client.get(reverse("training:agreement")).status_code == 200
