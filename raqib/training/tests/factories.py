"""Training built through its services: a course with a three-question quiz, a practice
scenario on the missions' test grid, and the requirement tying them to that grid version."""

from __future__ import annotations

import itertools
from typing import Any

from raqib.missions.tests.factories import grid_version
from raqib.training import services

_n = itertools.count(1)


def _text(ar: str, fr: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr}


def quiz_content(
    *, draw: int = 3, pass_mark: int = 100, max_attempts: int = 3, wait_hours: int = 24
):
    return {
        "lessons": [
            {
                "code": "reception",
                "title": _text("حسن الاستقبال", "L'accueil"),
                "body": _text("نص الدرس", "Texte de la leçon"),
                "video_url": "https://example.org/video",
            }
        ],
        "quiz": {
            "pass_mark": pass_mark,
            "draw": draw,
            "max_attempts": max_attempts,
            "wait_hours": wait_hours,
            "questions": [
                {
                    "code": f"q{i}",
                    "text": _text(f"سؤال {i}", f"Question {i}"),
                    "choices": [
                        {"code": "a", "text": _text("نعم", "Oui"), "correct": True},
                        {"code": "b", "text": _text("لا", "Non"), "correct": False},
                    ],
                }
                for i in (1, 2, 3)
            ],
        },
    }


REFERENCE = {"Q01": "yes", "Q03": "good", "Q04": "no"}


def requirement(
    *,
    actor: Any = None,
    practice: bool = True,
    version: Any = None,
    channels: list[str] | None = None,
    **quiz: Any,
):
    """The requirement on `version` (default: the missions' test grid version)."""
    version = version or grid_version()
    course = services.course_create(
        actor=actor, code=f"course-{next(_n)}", title_ar="دورة", title_fr="Cours"
    )
    course_version = services.course_version_publish(
        actor=actor, course=course, content=quiz_content(**quiz)
    )
    scenario = (
        services.practice_scenario_create(
            actor=actor,
            code=f"scenario-{next(_n)}",
            grid_version=version,
            title=("زيارة تدريبية", "Visite d'entraînement"),
            scenario=("سيناريو", "Scénario"),
            reference=REFERENCE,
            threshold=100,
        )
        if practice
        else None
    )
    return services.certification_requirement_set(
        actor=actor,
        grid_version=version,
        course_version=course_version,
        practice=scenario,
        channels=channels,
    )


def png_bytes(width: int = 40, height: int = 30, color: str = "teal") -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()
