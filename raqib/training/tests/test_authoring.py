"""Course authoring over HTTP: a course is created, its content file published as a version
(a bad file changes nothing and says where), downloaded back identical; lesson files are
sniffed, bounded and re-encoded, served only to readers of courses, and shown in lessons on
the website."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from raqib.audit.models import AuditEvent
from raqib.training.media import lesson_media_sweep, lesson_media_upload
from raqib.training.models import Course, CourseVersion, LessonMedia
from raqib.training.tests.factories import png_bytes, quiz_content, requirement

pytestmark = pytest.mark.django_db


def _messages(answer) -> str:
    return " ".join(str(m) for m in answer.context["messages"])


def _json_file(content, name="course.json"):
    return SimpleUploadedFile(name, json.dumps(content).encode(), content_type="application/json")


def test_a_course_is_created_published_and_downloaded_back(client, coordinator):
    client.force_login(coordinator)
    with translation.override("fr"):
        answer = client.post(
            reverse("training:course_create"),
            {"code": "accueil-2027", "title_ar": "الاستقبال", "title_fr": "Accueil"},
            follow=True,
        )
        assert "Cours accueil-2027 créé" in _messages(answer)
        course = Course.objects.get(code="accueil-2027")
        # A content file with two problems: both named with their place, nothing stored.
        bad = quiz_content(draw=9)
        bad["lessons"][0]["images"] = [{"src": "https://elsewhere.example/a.png", "alt": {}}]
        answer = client.post(
            reverse("training:course_publish", kwargs={"pk": course.pk}),
            {"content": _json_file(bad)},
            follow=True,
        )
        said = _messages(answer)
        assert "quiz.draw" in said
        assert "lessons[0].images[0]" in said
        assert "/training-media/" in said
        assert not CourseVersion.objects.filter(course=course).exists()
        # Not JSON at all.
        answer = client.post(
            reverse("training:course_publish", kwargs={"pk": course.pk}),
            {"content": SimpleUploadedFile("c.json", b"{\n  nope")},
            follow=True,
        )
        assert "n’est pas un JSON valide (ligne 2)" in _messages(answer)
        good = quiz_content()
        good["lessons"][0]["images"] = [
            {"src": "/static/training/reception-desk.png", "alt": {"ar": "شباك", "fr": "Guichet"}}
        ]
        answer = client.post(
            reverse("training:course_publish", kwargs={"pk": course.pk}),
            {"content": _json_file(good)},
            follow=True,
        )
        assert "Version 1 de accueil-2027 publiée" in _messages(answer)
    version = CourseVersion.objects.get(course=course)
    assert AuditEvent.objects.filter(action="course_version.publish").exists()
    download = client.get(reverse("training:course_content", kwargs={"pk": version.pk}))
    assert download.status_code == 200
    assert json.loads(download.content) == good
    assert 'filename="accueil-2027-v1.json"' in download["Content-Disposition"]
    page = client.get(reverse("training:authoring")).content.decode()
    assert "accueil-2027" in page
    assert "v1" in page


def test_lesson_files_are_checked_reencoded_and_served_to_course_readers_only(
    client, coordinator, observer, focal_point
):
    client.force_login(coordinator)
    url = reverse("training:lesson_media_upload")
    # A PNG followed by HTML: only the pixels are kept.
    polyglot = png_bytes() + b"<html><script>alert(1)</script></html>"
    with translation.override("fr"):
        answer = client.post(
            url, {"file": SimpleUploadedFile("guichet.png", polyglot)}, follow=True
        )
        media = LessonMedia.objects.get()
        assert f"/training-media/{media.pk}/" in _messages(answer)
        # Text posing as an image, and a PDF named .png: refused, nothing stored.
        for name, data, said in (
            ("x.png", b"<html>hi</html>", "Seules les images JPEG, PNG ou WebP"),
            ("doc.png", b"%PDF-1.4\n%%EOF\n", "son contenu est application/pdf"),
        ):
            answer = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
            assert said in _messages(answer)
    assert LessonMedia.objects.count() == 1
    client.force_login(observer)
    served = client.get(media.url)
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert b"<html>" not in body
    assert Image.open(io.BytesIO(body)).size == (40, 30)
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    client.force_login(focal_point)
    assert client.get(media.url).status_code == 403
    client.logout()
    assert client.get(media.url).status_code == 302


def test_a_lesson_shows_its_images_and_attachments_in_the_readers_language(client, observer):
    req = requirement()
    content = dict(req.course_version.content)
    lesson = dict(content["lessons"][0])
    lesson["images"] = [
        {"src": "/static/training/reception-desk.png", "alt": {"ar": "شباك", "fr": "Un guichet"}}
    ]
    lesson["attachments"] = [
        {"url": "/static/training/reception-checklist.pdf", "title": {"ar": "ورقة", "fr": "Fiche"}}
    ]
    content["lessons"] = [lesson, *content["lessons"][1:]]
    CourseVersion.objects.filter(pk=req.course_version.pk).update(content=content)
    client.force_login(observer)
    with translation.override("fr"):
        page = client.get(reverse("training:course", kwargs={"pk": req.course_version.pk}))
    html = page.content.decode()
    assert 'src="/static/training/reception-desk.png" alt="Un guichet"' in html
    assert 'href="/static/training/reception-checklist.pdf"' in html
    assert "Fiche" in html
    bundle = client.get("/api/v1/observer/training/").json()
    lessons = next(c for c in bundle["courses"] if c["id"] == req.course_version.pk)["lessons"]
    assert lessons[0]["images"][0]["src"] == "/static/training/reception-desk.png"
    assert lessons[0]["attachments"][0]["title"]["fr"] == "Fiche"


def test_the_page_sets_what_a_grid_version_requires_and_the_gate_follows(
    client, coordinator, make_observer
):
    from raqib.missions import services as mission_services
    from raqib.missions.tests.factories import grid_version, make_mission
    from raqib.training import services
    from raqib.training.models import CertificationRequirement, PracticeScenario

    version = grid_version()
    course = services.course_create(actor=None, code="c-gate", title_ar="د", title_fr="C")
    course_version = services.course_version_publish(
        actor=None, course=course, content=quiz_content()
    )
    client.force_login(coordinator)
    with translation.override("fr"):
        # A practice visit whose reference names a criterion the grid does not have.
        form = {
            "code": "essai-guichet",
            "grid_version": version.pk,
            "threshold": "75",
            "title_ar": "زيارة",
            "title_fr": "Visite",
            "scenario_ar": "سيناريو",
            "scenario_fr": "Scénario",
            "reference": "Q01 = yes\nQ99: no",
        }
        answer = client.post(reverse("training:practice_create"), form, follow=True)
        assert "Q99" in _messages(answer)
        answer = client.post(
            reverse("training:practice_create"), {**form, "reference": "Q01 yes"}, follow=True
        )
        assert "ligne 1" in _messages(answer)
        assert not PracticeScenario.objects.exists()
        # Photos of the scene: the three parts are needed, and the address must be Raqib's.
        answer = client.post(
            reverse("training:practice_create"),
            {**form, "reference": "Q01 = yes", "images": "/static/x.png | صورة"},
            follow=True,
        )
        assert "ligne 1" in _messages(answer)
        answer = client.post(
            reverse("training:practice_create"),
            {**form, "reference": "Q01 = yes", "images": "https://elsewhere.example/x.png | ص | P"},
            follow=True,
        )
        assert "scenario.images[0]" in _messages(answer)
        assert not PracticeScenario.objects.exists()
        answer = client.post(
            reverse("training:practice_create"),
            {
                **form,
                "reference": "Q01 = yes\nQ04: no",
                "images": "/static/training/reception-desk.png | شباك | Le guichet",
            },
            follow=True,
        )
        assert "essai-guichet" in _messages(answer)
        scenario = PracticeScenario.objects.get()
        assert scenario.reference == {"Q01": "yes", "Q04": "no"}
        assert scenario.images == [
            {
                "src": "/static/training/reception-desk.png",
                "alt": {"ar": "شباك", "fr": "Le guichet"},
            }
        ]
        assert scenario.threshold == 75
        # A validity out of range changes nothing.
        requirement_form = {
            "grid_version": version.pk,
            "course_version": course_version.pk,
            "practice": scenario.pk,
            "channels": ["in_person", "phone"],
            "validity_days": "0",
        }
        client.post(reverse("training:requirement_set"), requirement_form)
        assert not CertificationRequirement.objects.exists()
        answer = client.post(
            reverse("training:requirement_set"),
            {**requirement_form, "validity_days": "180", "carry_over": "on"},
            follow=True,
        )
        assert "exige désormais une certification" in _messages(answer)
    req = CertificationRequirement.objects.get(grid_version=version)
    assert (req.channels, req.validity_days, req.carry_over) == (["in_person", "phone"], 180, True)
    assert req.practice == scenario
    assert AuditEvent.objects.filter(action="certification_requirement.create").exists()
    # The observer sees the scene's photo on the practice page, described in their language.
    trainee = make_observer("untrained")
    client.force_login(trainee)
    with translation.override("fr"):
        page = client.get(reverse("training:practice", kwargs={"pk": scenario.pk}))
    assert 'src="/static/training/reception-desk.png" alt="Le guichet"' in page.content.decode()
    # The gate is on: an uncertified observer cannot be given a mission on that version.
    mission = make_mission(actor=coordinator)
    with pytest.raises(ValidationError):
        mission_services.mission_assign(actor=coordinator, mission=mission, observer=trainee)


def test_a_refused_row_leaves_no_file_behind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # No uploader: the row is refused after the file was written; the file goes too.
    with pytest.raises(ValidationError):
        lesson_media_upload(actor=None, upload=SimpleUploadedFile("b.png", png_bytes()))
    assert not LessonMedia.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_file_left_by_an_outer_rollback_is_swept_and_a_used_one_kept(
    settings, tmp_path, coordinator
):
    settings.MEDIA_ROOT = tmp_path
    assert lesson_media_sweep(older_than=dt.timedelta(0)) == []  # nothing uploaded yet
    kept = lesson_media_upload(actor=coordinator, upload=SimpleUploadedFile("a.png", png_bytes()))

    # The caller's own transaction rolls back after the upload: the row goes, the file stays.
    with transaction.atomic():
        lost = lesson_media_upload(
            actor=coordinator, upload=SimpleUploadedFile("b.png", png_bytes(color="navy"))
        )
        transaction.set_rollback(True)
    lost_name = lost.file.name
    assert not LessonMedia.objects.filter(pk=lost.pk).exists()
    assert (tmp_path / lost_name).is_file()

    # Within the grace period nothing goes (an upload may not have committed yet).
    assert lesson_media_sweep(older_than=dt.timedelta(hours=1)) == []
    assert (tmp_path / lost_name).is_file()

    later = timezone.now() + dt.timedelta(hours=2)
    assert lesson_media_sweep(older_than=dt.timedelta(hours=1), now=later) == [lost_name]
    assert not (tmp_path / lost_name).exists()
    assert (tmp_path / kept.file.name).is_file()
    # The file still in use is served as before.
    kept.refresh_from_db()
    assert kept.file.read() == (tmp_path / kept.file.name).read_bytes()

    out = io.StringIO()
    call_command("training_media_sweep", "--hours", "0", stdout=out)
    assert out.getvalue().strip() == "deleted: 0"
