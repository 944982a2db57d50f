"""Waves built through the services (the only write path)."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from raqib.registry.tests.factories import ServicePointFactory
from raqib.surveys import abuse, services
from raqib.surveys.models import SurveyWave, WaveServicePoint

_counter = iter(range(1, 10**6))


def make_wave(
    *,
    actor: Any = None,
    points: list[Any] | None = None,
    n_points: int = 1,
    status: str = "open",
    min_sample: int = 30,
    code: str | None = None,
    starts_on: dt.date = dt.date(2026, 10, 1),
) -> SurveyWave:
    version = services.survey_default_questionnaire_load(actor=actor)
    wave = services.survey_wave_create(
        actor=actor,
        code=code or f"wave-{next(_counter)}",
        title_ar="موجة تجريبية",
        title_fr="Vague d'essai",
        grid_version=version,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=60),
        min_sample=min_sample,
    )
    if points is None:
        points = [ServicePointFactory() for _ in range(n_points)]
    services.survey_wave_targets_add(actor=actor, wave=wave, points=points)
    if status in ("open", "paused", "closed"):
        services.survey_wave_open(actor=actor, wave=wave)
    if status == "paused":
        services.survey_wave_pause(actor=actor, wave=wave)
    if status == "closed":
        services.survey_wave_close(actor=actor, wave=wave)
    wave.refresh_from_db()
    return wave


def old_stamp(wave_point: WaveServicePoint, seconds: float = 120) -> str:
    """A start stamp as if the form had been shown `seconds` ago."""
    return abuse.started_sign(wave_point.pk, now=time.time() - seconds)


def submit(wave_point: WaveServicePoint, answers: dict[str, Any], **kwargs: Any):
    """Store a plausible public answer (old enough stamp, own device, own network)."""
    n = next(_counter)
    defaults = {
        "client_uuid": uuid.uuid4(),
        "device_token": f"device-{n}",
        "client_ip": f"10.{n // 256 % 256}.{n % 256}.1",  # a /24 of its own
        "started": old_stamp(wave_point),
    }
    defaults.update(kwargs)
    return services.survey_response_submit(wave_point=wave_point, answers=answers, **defaults)


def answer_url(wave_point: WaveServicePoint) -> str:
    """The public answering page of a wave point (Arabic)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("ar"):
        return reverse("surveys_public:answer", kwargs={"token": wave_point.token})


def counted_and_held(wave: SurveyWave) -> tuple[int, int]:
    """(counted answers, quarantined answers) of the wave, as its results show them."""
    from raqib.surveys.selectors import wave_indices

    data = wave_indices(wave=wave, kinds=[])
    return data["wave"].result.responses, data["wave"].quarantined
