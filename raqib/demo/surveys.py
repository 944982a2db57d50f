"""Demo satisfaction survey: one open wave with interviewer answers and citizens' comments.

Eight demo service points, twelve answers each, taken by the demo coordinator in interviewer
mode (accountable staff: no anti-abuse rule applies). A few answers carry a free comment; one
of them tells of money asked to speed a file up. The coordinator flags it for the integrity
officers, and `raqib.demo.integrity` opens a case from it — all through the real services.
Idempotent: skipped once the wave exists.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from raqib.accounts.models import User
from raqib.registry.models import ServicePoint
from raqib.surveys import services
from raqib.surveys.bank import DRIVER_PREFIX, DRIVERS, IMPORTANCE_PREFIX, OVERALL
from raqib.surveys.models import ResponseMode, SurveyResponse, SurveyWave

WAVE_CODE = "demo-satisfaction-2026"
PER_POINT = 12
COMMENTS = [
    "الانتظار كان طويلا لكن الموظفة كانت لطيفة.",
    "Il manque un affichage clair des pièces à fournir.",
    "طلب مني أحد الأعوان مبلغا ماليا لتسريع ملفي، ورفضت.",
    "Très bon accueil, merci.",
]
BRIBE_COMMENT = 2  # the index of the comment the coordinator flags


def _answers(rng: random.Random, comment: str = "") -> dict[str, Any]:
    base = rng.randint(2, 5)
    answers: dict[str, Any] = {OVERALL: base}
    for suffix, _sat, _imp in DRIVERS:
        answers[f"{DRIVER_PREFIX}{suffix}"] = max(1, min(5, base + rng.randint(-1, 1)))
        answers[f"{IMPORTANCE_PREFIX}{suffix}"] = rng.randint(3, 5)
    if comment:
        answers["COMMENT"] = comment
    return answers


@transaction.atomic
def seed_surveys(*, coordinator: User, log: Callable[[str], None] | None = None) -> int:
    """Create the demo wave and its answers; return how many answers were stored (0: skipped)."""
    if SurveyWave.objects.filter(code=WAVE_CODE).exists():
        return 0
    points = list(ServicePoint.objects.filter(is_active=True).order_by("code")[:8])
    if not points:
        return 0
    version = services.survey_default_questionnaire_load(actor=coordinator)
    today = timezone.localdate()
    wave = services.survey_wave_create(
        actor=coordinator,
        code=WAVE_CODE,
        title_ar="رضا المواطنين عن الخدمات العمومية — 2026",
        title_fr="Satisfaction des usagers des services publics — 2026",
        grid_version=version,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        min_sample=10,
    )
    services.survey_wave_targets_add(actor=coordinator, wave=wave, points=points)
    services.survey_wave_open(actor=coordinator, wave=wave)
    wave.refresh_from_db()  # its points carry this instance: it must say "open"
    rng = random.Random(2026)  # noqa: S311 - repeatable demo answers, not a secret
    made = 0
    flagged: SurveyResponse | None = None
    for n_point, wave_point in enumerate(wave.points.order_by("service_point__code")):
        for n in range(PER_POINT):
            comment = COMMENTS[n_point % len(COMMENTS)] if n == 0 else ""
            outcome = services.survey_response_submit(
                wave_point=wave_point,
                answers=_answers(rng, comment),
                client_uuid=uuid.uuid5(uuid.NAMESPACE_URL, f"raqib-demo/{WAVE_CODE}/{made}"),
                mode=ResponseMode.INTERVIEWER,
                interviewer=coordinator,
                now=timezone.now() - dt.timedelta(days=20 - n, hours=n_point),
            )
            made += 1
            if comment and n_point % len(COMMENTS) == BRIBE_COMMENT and flagged is None:
                flagged = outcome.response
    if flagged is not None:
        services.survey_comment_flag(
            actor=coordinator,
            response=flagged,
            reason="Un citoyen rapporte qu'une somme lui a été demandée pour son dossier.",
        )
    if log is not None:
        log(f"survey answers: {made}")
    return made
