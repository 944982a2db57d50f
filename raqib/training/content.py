"""The shape of a course version's frozen content, checked before it is published.

    {"lessons": [{"code", "title": {"ar", "fr"}, "body": {"ar", "fr"}, "video_url"?,
                  "images"?: [{"src", "alt": {"ar", "fr"}}],
                  "attachments"?: [{"url", "title": {"ar", "fr"}}]}],
     "quiz": {"pass_mark": 0–100, "draw": n, "max_attempts": n, "wait_hours": n,
              "questions": [{"code", "text": {"ar", "fr"},
                             "choices": [{"code", "text": {"ar", "fr"}, "correct": bool}]}]}}

Every problem is returned with its place ("quiz.questions[2].choices"), translated.

Images are served by Raqib itself (`/static/…`, or `/training-media/<id>/` for an image
uploaded on the course page): the strict CSP allows no other origin, and the observer app keeps
them on the phone. Attachments are served the same way or are `https://` links; a video is an
`https://` link. Each image needs its text alternative in both languages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _bilingual(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("ar", "fr")
    )


LOCAL_PREFIXES = ("/static/", "/training-media/")
IMAGE_PROBLEM = gettext_lazy(
    "%(where)s: the image must be served by Raqib (/static/… or /training-media/…)."
)
LINK_PROBLEM = gettext_lazy(
    "%(where)s: a link in https://, /static/… or /training-media/… is needed."
)
MAX_MEDIA_PER_LESSON = 10


def _local(url: Any) -> bool:
    return (
        isinstance(url, str)
        and url.startswith(LOCAL_PREFIXES)
        and ".." not in url
        and not any(c.isspace() or c in "\"'<>\\" for c in url)
    )


def _https(url: Any) -> bool:
    return (
        isinstance(url, str)
        and url.startswith("https://")
        and len(url) > len("https://")
        and not any(c.isspace() or c in "\"'<>\\" for c in url)
    )


def _media_problems(where: str, lesson: dict[str, Any]) -> list[str]:
    problems = []
    video = lesson.get("video_url")
    if video not in (None, "") and not _https(video):
        problems.append(_("%(where)s.video_url: an https:// link is needed.") % {"where": where})
    for key, link, text, allowed in (
        ("images", "src", "alt", _local),
        ("attachments", "url", "title", lambda u: _local(u) or _https(u)),
    ):
        items = lesson.get(key, [])
        if not isinstance(items, list) or len(items) > MAX_MEDIA_PER_LESSON:
            problems.append(
                _("%(where)s.%(key)s: a list of at most %(n)s items.")
                % {"where": where, "key": key, "n": MAX_MEDIA_PER_LESSON}
            )
            continue
        for m, item in enumerate(items):
            place = f"{where}.{key}[{m}]"
            if not isinstance(item, dict) or not allowed(item.get(link)):
                problems.append(
                    (IMAGE_PROBLEM if key == "images" else LINK_PROBLEM) % {"where": place}
                )
            elif not _bilingual(item.get(text)):
                problems.append(
                    _("%(where)s.%(part)s: Arabic and French text are needed.")
                    % {"where": place, "part": text}
                )
    return problems


def _lesson_problems(lessons: list[Any]) -> list[str]:
    problems: list[str] = []
    codes: set[str] = set()
    for n, lesson in enumerate(lessons):
        where = f"lessons[{n}]"
        if not isinstance(lesson, dict) or not str(lesson.get("code") or "").strip():
            problems.append(_("%(where)s: a code is needed.") % {"where": where})
            continue
        if lesson["code"] in codes:
            problems.append(_("%(where)s: the code is used twice.") % {"where": where})
        codes.add(lesson["code"])
        for part in ("title", "body"):
            if not _bilingual(lesson.get(part)):
                problems.append(
                    _("%(where)s.%(part)s: Arabic and French text are needed.")
                    % {"where": where, "part": part}
                )
        problems += _media_problems(where, lesson)
    return problems


def _number_problems(quiz: dict[str, Any], count: int) -> list[str]:
    problems = []
    for key, low, high in (("pass_mark", 0, 100), ("max_attempts", 1, 100), ("wait_hours", 0, 720)):
        value = quiz.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems.append(
                _("quiz.%(key)s: a whole number from %(low)s to %(high)s is needed.")
                % {"key": key, "low": low, "high": high}
            )
    draw = quiz.get("draw")
    if not isinstance(draw, int) or isinstance(draw, bool) or not 1 <= draw <= count:
        problems.append(_("quiz.draw: from 1 to the number of questions (%(n)s).") % {"n": count})
    return problems


def _question_problems(where: str, question: dict[str, Any]) -> list[str]:
    problems = []
    if not _bilingual(question.get("text")):
        problems.append(
            _("%(where)s.%(part)s: Arabic and French text are needed.")
            % {"where": where, "part": "text"}
        )
    choices = question.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return [*problems, _("%(where)s.choices: at least two choices.") % {"where": where}]
    if sum(1 for c in choices if isinstance(c, dict) and c.get("correct") is True) != 1:
        problems.append(
            _("%(where)s.choices: exactly one choice must be correct.") % {"where": where}
        )
    for m, choice in enumerate(choices):
        if (
            not isinstance(choice, dict)
            or not str(choice.get("code") or "").strip()
            or not _bilingual(choice.get("text"))
        ):
            problems.append(
                _("%(where)s.choices[%(m)s]: a code and Arabic and French text are needed.")
                % {"where": where, "m": m}
            )
    return problems


def content_problems(content: Any) -> list[str]:
    if not isinstance(content, dict):
        return [_("The content must be an object with lessons and a quiz.")]
    problems: list[str] = []
    lessons = content.get("lessons")
    if not isinstance(lessons, list) or not lessons:
        problems.append(_("lessons: at least one lesson is needed."))
        lessons = []
    problems += _lesson_problems(lessons)
    quiz = content.get("quiz")
    if not isinstance(quiz, dict):
        return [*problems, _("quiz: a quiz is needed.")]
    questions = quiz.get("questions")
    if not isinstance(questions, list) or not questions:
        problems.append(_("quiz.questions: at least one question is needed."))
        questions = []
    problems += _number_problems(quiz, len(questions))
    seen: set[str] = set()
    for n, question in enumerate(questions):
        where = f"quiz.questions[{n}]"
        if not isinstance(question, dict) or not str(question.get("code") or "").strip():
            problems.append(_("%(where)s: a code is needed.") % {"where": where})
            continue
        if question["code"] in seen:
            problems.append(_("%(where)s: the code is used twice.") % {"where": where})
        seen.add(question["code"])
        problems += _question_problems(where, question)
    return problems


def scenario_image_problems(images: Any) -> list[str]:
    """The photos of a practice visit's scene, checked like a lesson's images."""
    return _media_problems("scenario", {"images": images})
