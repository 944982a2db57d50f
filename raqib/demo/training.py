"""Demo training: three courses with their quizzes, a practice visit on the VISIT grid with its
reference answers, and the certification that grid now requires (in person). Every demo
observer is certified — the main demo observer through the real path (pledge, quiz, practice)
— except `observer11`, whose certification expired a month ago: the assignment pages refuse
them, and say why. A few practice attempts fill the agreement page. Through the services;
skipped once the courses exist. Runs last, so the year's history was assigned before the
requirement existed (as it would have been)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from raqib.accounts.models import User
from raqib.core.roles import Role
from raqib.grids.models import GridVersion
from raqib.training import services
from raqib.training.models import Certification, Course

EXPIRED = "observer11"


def _t(ar: str, fr: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr}


def _question(code: str, text: dict[str, str], right: dict[str, str], wrong: list[dict[str, str]]):
    return {
        "code": code,
        "text": text,
        "choices": [{"code": "a", "text": right, "correct": True}]
        + [{"code": f"w{n}", "text": w, "correct": False} for n, w in enumerate(wrong)],
    }


COURSES: list[
    tuple[str, dict[str, str], list[tuple[dict[str, str], dict[str, str]]], list[Any]]
] = [
    (
        "reception-marhba",
        _t("جودة الاستقبال وعلامة مرحبا", "Qualité de l'accueil et label Marhba"),
        [
            (
                _t("ما الذي نلاحظه", "Ce que l'on observe"),
                _t(
                    "يُلاحظ المواطن الرقيب الاستقبال والإرشاد وآجال الانتظار ونظافة الفضاء، "
                    "دون أن يكشف عن صفته.",
                    "Le citoyen superviseur observe l'accueil, l'orientation, l'attente et la "
                    "propreté des lieux, sans révéler sa qualité.",
                ),
            ),
            (
                _t("مرجعية مرحبا", "Le référentiel Marhba"),
                _t(
                    "تحدد مرجعية مرحبا متطلبات الاستقبال التي تُمنح على أساسها العلامة وتُتابع.",
                    "Le référentiel Marhba fixe les exigences d'accueil sur lesquelles le label "
                    "est accordé puis suivi.",
                ),
            ),
        ],
        [
            _question(
                "q1",
                _t(
                    "هل تكشف عن صفتك أثناء الزيارة؟",
                    "Révélez-vous votre qualité pendant la visite ?",
                ),
                _t("لا، أبدا", "Non, jamais"),
                [_t("نعم، عند الدخول", "Oui, en entrant"), _t("إذا سُئلت", "Si on me le demande")],
            ),
            _question(
                "q2",
                _t("متى تُسجّل الملاحظات؟", "Quand consigner les constats ?"),
                _t("فور الخروج من المرفق", "Dès la sortie du service"),
                [_t("في اليوم الموالي", "Le lendemain"), _t("أمام العون", "Devant l'agent")],
            ),
            _question(
                "q3",
                _t("إذا طُلب منك مقابل؟", "Si une somme vous est demandée ?"),
                _t("أرفض وأسجّل الواقعة", "Je refuse et je consigne le fait"),
                [_t("أدفع لإتمام الزيارة", "Je paie pour finir la visite")],
            ),
            _question(
                "q4",
                _t("ما الذي تمنحه علامة مرحبا؟", "Que reconnaît le label Marhba ?"),
                _t("جودة الاستقبال", "La qualité de l'accueil"),
                [_t("سرعة الإنترنت", "Le débit internet")],
            ),
        ],
    ),
    (
        "observer-app",
        _t("استعمال تطبيق الملاحظ", "Utiliser l'application de l'observateur"),
        [
            (
                _t("العمل دون اتصال", "Travailler hors ligne"),
                _t(
                    "تُحفظ التقارير على الهاتف وتُرسل عند عودة الاتصال.",
                    "Les rapports sont gardés sur le téléphone et envoyés au retour du réseau.",
                ),
            )
        ],
        [
            _question(
                "q1",
                _t("دون شبكة، هل تضيع إجاباتك؟", "Sans réseau, vos réponses sont-elles perdues ?"),
                _t("لا، تُحفظ وتُرسل لاحقا", "Non, elles sont gardées et envoyées plus tard"),
                [_t("نعم", "Oui")],
            ),
            _question(
                "q2",
                _t("أين ترى مهامك؟", "Où voir vos missions ?"),
                _t("في قائمة المهام بالتطبيق", "Dans la liste des missions de l'application"),
                [_t("في البريد فقط", "Dans le courrier seulement")],
            ),
        ],
    ),
    (
        "integrity-confidentiality",
        _t("النزاهة والسرية", "Intégrité et confidentialité"),
        [
            (
                _t("واجب السرية", "Le devoir de confidentialité"),
                _t(
                    "لا تُفشي أي معطى تطّلع عليه، وأبلغ عن كل شبهة فساد عبر التطبيق.",
                    "Ne divulguez rien de ce que vous apprenez ; signalez tout soupçon de "
                    "corruption par l'application.",
                ),
            )
        ],
        [
            _question(
                "q1",
                _t("لمن تبلّغ عن شبهة فساد؟", "À qui signaler un soupçon de corruption ?"),
                _t("عبر تقرير الزيارة", "Par le rapport de visite"),
                [_t("على شبكات التواصل", "Sur les réseaux sociaux")],
            ),
            _question(
                "q2",
                _t("هل تشارك صور الزيارة؟", "Partagez-vous les photos de visite ?"),
                _t("لا، أبدا", "Non, jamais"),
                [_t("مع الأصدقاء", "Avec des amis")],
            ),
        ],
    ),
]


# The first lesson of the first course shows a picture of a reception desk (a file shipped
# with the app) and attaches a one-page checklist (docs/training.md § Lesson images and documents).
LESSON_MEDIA: dict[str, Any] = {
    "images": [
        {
            "src": "/static/training/reception-desk.png",
            "alt": _t(
                "شباك استقبال: رقم الانتظار معروض، والعون يحمل شارة اسمه، ولافتة التوقيت واضحة",
                "Un guichet d’accueil : numéro d’attente affiché, agent portant son badge, "
                "horaires lisibles",
            ),
        }
    ],
    "attachments": [
        {
            "url": "/static/training/reception-checklist.pdf",
            "title": _t(
                "ورقة تذكير: ما يلاحظه الملاحظ عند الاستقبال (PDF)",
                "Aide-mémoire : ce que l’observateur note à l’accueil (PDF)",
            ),
        }
    ],
}


def _content(lessons: list[Any], questions: list[Any], *, media: bool = False) -> dict[str, Any]:
    return {
        "lessons": [
            {
                "code": f"l{n}",
                "title": title,
                "body": body,
                **(LESSON_MEDIA if media and n == 0 else {}),
            }
            for n, (title, body) in enumerate(lessons)
        ],
        "quiz": {
            "pass_mark": 75,
            "draw": min(3, len(questions)),
            "max_attempts": 3,
            "wait_hours": 24,
            "questions": questions,
        },
    }


def _reference(version: GridVersion) -> dict[str, Any]:
    """Plausible answers of the first answerable criteria of the grid (the trainer's key)."""
    snapshot = version.snapshot or {}
    lists = snapshot.get("choice_lists", {})
    found: dict[str, Any] = {}
    for section in snapshot.get("sections", []):
        for c in section.get("criteria", []):
            if c.get("relevant"):
                continue
            if c["type"] in ("yes_no", "yes_no_na"):
                found[c["code"]] = "no" if c.get("negative") else "yes"
            elif c["type"] == "scale" and c.get("scale"):
                found[c["code"]] = str(c["scale"]["max"])
            elif c.get("choices") and lists.get(c["choices"]):
                found[c["code"]] = str(lists[c["choices"]][0]["name"])
            if len(found) == 6:
                return found
    return found


@transaction.atomic
def seed_training(*, coordinator: User, log: Callable[[str], None] | None = None) -> int:
    """Create the demo training; return the number of certifications (0: skipped)."""
    if Course.objects.exists():
        return 0
    version = (
        GridVersion.objects.filter(grid__code="VISIT", status="published")
        .order_by("-number")
        .first()
    )
    if version is None:
        return 0
    first = None
    for code, title, lessons, questions in COURSES:
        course = services.course_create(
            actor=coordinator, code=code, title_ar=title["ar"], title_fr=title["fr"]
        )
        course_version = services.course_version_publish(
            actor=coordinator,
            course=course,
            content=_content(lessons, questions, media=first is None),
        )
        first = first or course_version
    assert first is not None
    reference = _reference(version)
    scenario = services.practice_scenario_create(
        actor=coordinator,
        code="visit-recette",
        grid_version=version,
        title=("زيارة قباضة مالية", "Visite d'une recette des finances"),
        scenario=(
            (
                "تدخل قباضة المالية على الساعة التاسعة. يستقبلك عون مبتسم ويوجّهك إلى الشبّاك 2. "
                "المعلّقات واضحة والقاعة نظيفة، وتنتظر ثماني دقائق."
            ),
            (
                "Vous entrez à la recette des finances à 9 h. Un agent souriant vous accueille et "
                "vous oriente vers le guichet 2. L'affichage est clair, la salle propre ; vous "
                "attendez huit minutes."
            ),
        ),
        reference=reference,
        threshold=80,
        images=LESSON_MEDIA["images"],
    )
    services.certification_requirement_set(
        actor=coordinator,
        grid_version=version,
        course_version=first,
        practice=scenario,
        channels=[version.grid.channel],
        validity_days=365,
        carry_over=True,
    )
    main = User.objects.filter(username="observer").first()
    if main is not None:
        services.pledge_sign(actor=main)
        attempt = services.quiz_attempt_start(
            actor=main,
            course_version=first,
            client_uuid=uuid.uuid5(uuid.NAMESPACE_URL, "demo-quiz"),
        )
        services.quiz_attempt_submit(
            actor=main, client_uuid=attempt.client_uuid, answers=dict.fromkeys(attempt.drawn, "a")
        )
        services.practice_attempt_submit(
            actor=main,
            scenario=scenario,
            client_uuid=uuid.uuid5(uuid.NAMESPACE_URL, "demo-practice"),
            answers=reference,
        )
    others = (
        User.objects.filter(roles__role=Role.OBSERVER, is_active=True)
        .exclude(username="observer")
        .distinct()
        .order_by("username")
    )
    for n, observer in enumerate(others):
        if n < 4:
            # A few practice visits, one criterion read differently by half of them.
            answers = dict(reference)
            if n % 2 and answers:
                code = next(iter(answers))
                answers[code] = "no" if answers[code] == "yes" else "1"
            services.practice_attempt_submit(
                actor=observer,
                scenario=scenario,
                client_uuid=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-practice-{observer.username}"),
                answers=answers,
            )
        cert = services.certification_grant(
            actor=coordinator,
            observer=observer,
            grid_version=version,
            channel=version.grid.channel,
            reason="Formation en salle, janvier 2026",
        )
        if observer.username == EXPIRED:
            Certification.objects.filter(pk=cert.pk).update(
                granted_at=timezone.now() - dt.timedelta(days=395),
                expires_on=timezone.localdate() - dt.timedelta(days=30),
            )
    made = Certification.objects.count()
    if log is not None:
        log(f"training certifications: {made}")
    return made
