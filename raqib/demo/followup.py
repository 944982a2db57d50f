"""Demo follow-up: recommendations across every state, two verified on the ground.

Drafted from the demo year's validated reports (the weakest first) through the real
services. Body-side moves at bodies without a focal point in the demo are made by the system
(actor None); at the demo focal point's body, by the focal point. Two recommendations go all
the way: their verification visits are created, filled and validated through the missions
services, so their before/after figures are real (one effective, one not). The dates of the
earlier steps are then spread over the year (a demo needs history; the services stamp "now").
Deterministic and idempotent (skipped once any recommendation exists).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from raqib.accounts.models import User
from raqib.core.roles import Role
from raqib.demo.answers import random_answers
from raqib.followup import services
from raqib.followup.models import Recommendation
from raqib.followup.presenting import report_summary
from raqib.missions import services as missions
from raqib.missions.models import Report, ReportStatus

TITLES = [
    ("تحسين اللافتات وتوجيه المواطنين", "Afficher une signalétique claire à l'entrée."),
    ("تقليص مدّة الانتظار عند الشبابيك", "Ouvrir un guichet de plus aux heures de pointe."),
    ("إعلان مجانية الخدمة ومنع كل مقابل غير مستحق", "Afficher la gratuité du service."),
    ("تكوين أعوان الاستقبال في حسن المعاملة", "Former les agents d'accueil à la courtoisie."),
    ("نشر قائمة الوثائق المطلوبة لكل خدمة", "Publier la liste des pièces exigées."),
    ("تهيئة فضاء انتظار لائق ومهيّأ لذوي الإعاقة", "Aménager l'espace d'attente."),
    (
        "الردّ على المكالمات الهاتفية في آجال معقولة",
        "Répondre au téléphone en moins de 5 sonneries.",
    ),
    ("تحيين معلومات الخدمات على الموقع الإلكتروني", "Mettre à jour les fiches en ligne."),
]
PUBLIC_TEXTS = {
    "public_title_ar": "استقبال أوضح في مكتب البريد",
    "public_title_fr": "Un accueil plus clair au bureau de poste",
    "public_summary_ar": "بعد زيارات المواطنين الرقباء، عُلّقت لافتات جديدة وتكوّن أعوان الشبّاك.",
    "public_summary_fr": (
        "Après les visites des citoyens superviseurs, une nouvelle signalétique a été posée "
        "et les agents du guichet formés."
    ),
}
# Where each demo recommendation stops, every state first (a small demo still shows them all),
# then more of the common ones.
STATES = [
    "effective",
    "not_effective",
    "draft",
    "sent",
    "acknowledged",
    "plan_proposed",
    "plan_sent_back",
    "plan_accepted",
    "in_progress",
    "implemented",
    "withdrawn",
    *["sent", "acknowledged", "plan_proposed", "in_progress", "draft"] * 4,
    "implemented",
    "implemented",
]
WALK = [
    "sent",
    "acknowledged",
    "plan_proposed",
    "plan_accepted",
    "in_progress",
    "implemented",
]


def _reports(focal_body_id: int | None) -> list[Report]:
    qs = (
        Report.objects.filter(status=ReportStatus.VALIDATED, is_active=True)
        .select_related("mission__service_point__body", "mission__grid_version")
        .order_by("-critical", "score_out_of_100", "pk")
    )
    at_focal = list(qs.filter(mission__service_point__body_id=focal_body_id)[:6])
    others = list(qs.exclude(mission__service_point__body_id=focal_body_id)[: len(STATES)])
    # The two verified ones and a few others at the focal point's body, so it has work.
    picked = at_focal[:2] + others[: len(STATES) - 2 - len(at_focal[2:])] + at_focal[2:]
    return picked[: len(STATES)]


def _body_actor(report: Report, focal: User | None) -> User | None:
    if focal is not None and report.mission.service_point.body_id in focal.focal_body_ids:
        return focal
    return None  # the system stands in for a body with no focal point in the demo


def _walk(rec: Recommendation, target: str, coordinator: User, body: User | None) -> Recommendation:
    today = timezone.localdate()
    for step in WALK:
        if target == "plan_sent_back" and step == "plan_accepted":
            return services.recommendation_act(
                actor=coordinator,
                recommendation=rec,
                event="send_back",
                text="يرجى تحديد آجال لكل إجراء.",
            )
        if step == "sent":
            rec = services.recommendation_act(actor=coordinator, recommendation=rec, event="send")
        elif step == "acknowledged":
            rec = services.recommendation_transition(
                actor=body, recommendation=rec, event="acknowledge"
            )[0]
        elif step == "plan_proposed":
            rec = services.recommendation_plan_propose(
                actor=body,  # type: ignore[arg-type]
                recommendation=rec,
                actions=[
                    services.ActionIn("تكوين الأعوان المعنيين", "رئيس المصلحة", today),
                    services.ActionIn("تعليق معلقة إعلامية", "المكلّف بالاتصال", today),
                ],
            )
        elif step == "plan_accepted":
            rec = services.recommendation_act(
                actor=coordinator, recommendation=rec, event="accept_plan"
            )
        elif step == "in_progress":
            rec = services.recommendation_transition(actor=body, recommendation=rec, event="start")[
                0
            ]
        elif step == "implemented":
            rec = services.recommendation_transition(
                actor=body, recommendation=rec, event="claim", text="تمّ تنفيذ خطة العمل."
            )[0]
        if step == target:
            break
    return rec


def _verify(rec: Recommendation, coordinator: User, observers: list[User], quality: float) -> bool:
    """Verification visits through the missions services, filled and validated."""
    rng = random.Random(rec.pk)  # noqa: S311 — reproducible demo data
    created = services.verification_missions_create(actor=coordinator, recommendation=rec)
    for planned in created:
        for observer in observers:
            try:
                mission = missions.mission_assign(
                    actor=coordinator, mission=planned, observer=observer
                )
                break
            except ValidationError:
                continue  # a conflict of interest: the next observer
        else:
            return False
        answers = random_answers(
            mission.grid_version.snapshot or {}, rng=rng, quality=quality, when=mission.window_start
        )
        if answers is None:
            return False
        report_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
        assert mission.observer is not None
        missions.report_upsert(
            actor=mission.observer, report_uuid=report_uuid, mission_id=mission.pk, answers=answers
        )
        report = missions.report_submit(actor=mission.observer, report_uuid=report_uuid)
        missions.report_validate(actor=coordinator, report=report)
    return True


def _backdate(rec: Recommendation, report: Report, rng: random.Random) -> None:
    """Spread the steps after the visit the recommendation rests on."""
    sent = report.mission.window_start + dt.timedelta(days=rng.randint(5, 12))
    ack = sent + dt.timedelta(days=rng.randint(2, 12))
    accepted = ack + dt.timedelta(days=rng.randint(7, 20))
    claimed = accepted + dt.timedelta(days=rng.randint(15, 50))
    now = timezone.now()
    values: dict[str, Any] = {"due_date": timezone.localdate(sent) + dt.timedelta(days=75)}
    for field, when in (
        ("sent_at", sent),
        ("acknowledged_at", ack),
        ("plan_accepted_at", accepted),
        ("implemented_at", claimed),
    ):
        if getattr(rec, field) is not None and when < now:
            values[field] = when
    Recommendation.objects.filter(pk=rec.pk).update(**values)


@transaction.atomic
def seed_followup(*, coordinator: User, log: Callable[[str], None]) -> int:
    if Recommendation.objects.exists():
        return 0
    rng = random.Random(12)  # noqa: S311 — reproducible demo data
    focal = User.objects.filter(username="focal", roles__role=Role.FOCAL_POINT).first()
    focal_body_ids = sorted(focal.focal_body_ids) if focal else []
    observers = list(
        User.objects.filter(roles__role=Role.OBSERVER, observer_profile__is_active=True)
        .exclude(username="observer")
        .order_by("username")
    )
    made = 0
    for index, (report, target) in enumerate(
        zip(_reports(focal_body_ids[0] if focal_body_ids else None), STATES, strict=False)
    ):
        title, text = TITLES[index % len(TITLES)]
        summary = report_summary(report)
        rec = services.recommendation_create(
            actor=coordinator,
            title=title,
            text=text,
            body=report.mission.service_point.body,
            due_date=timezone.localdate() + dt.timedelta(days=60),
            source=summary.source,
            priority="urgent" if report.critical else rng.choice(["normal", "high"]),
            basis="marhba" if index % 3 == 0 else "",
            basis_reference="Marhba 3.2" if index % 3 == 0 else "",
            evidence_summary=summary.text,
            reports=[report],
            criteria=summary.criteria[:3],
        )
        body = _body_actor(report, focal)
        if target == "withdrawn":
            rec = services.recommendation_act(actor=coordinator, recommendation=rec, event="send")
            services.recommendation_act(
                actor=coordinator, recommendation=rec, event="withdraw", text="أُغلق المكتب."
            )
        elif target in ("effective", "not_effective"):
            rec = _walk(rec, "implemented", coordinator, body)
            _verify(rec, coordinator, observers, 1.0 if target == "effective" else 0.0)
            rec.refresh_from_db()
            if rec.outcome == "effective":
                services.recommendation_publish(
                    actor=coordinator, recommendation=rec, texts=PUBLIC_TEXTS
                )
        elif target != "draft":
            rec = _walk(rec, target, coordinator, body)
        rec.refresh_from_db()
        if target not in ("draft", "effective", "not_effective"):
            _backdate(rec, report, rng)
        made += 1
    log(f"demo follow-up: {made} recommendations")
    return made


def tell_focal_point() -> None:
    """After the quiet replay: the demo focal point finds its body's latest recommendations in
    the inbox, as the sending would have told it."""
    from raqib.followup.notify import moved

    focal = User.objects.filter(username="focal").first()
    if focal is None:
        return
    recent = (
        Recommendation.objects.filter(body_id__in=focal.focal_body_ids)
        .exclude(sent_at=None)
        .select_related("body")
        .order_by("-sent_at")[:3]
    )
    for rec in recent:
        moved(recommendation=rec, event="send")
