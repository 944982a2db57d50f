"""Opening a case from a chosen validated report or from a survey comment flagged by staff;
facts added after opening; the workspace's queue and case ages (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.followup.tests.factories import BRIBE, POOR, validated_report
from raqib.integrity import services
from raqib.integrity.models import Case, CaseFact, Origin
from raqib.integrity.tests.factories import assigned_case, bribe_case
from raqib.surveys.models import CommentFlag
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db

NEW = reverse("integrity:case_new")
SECRET = "FACT-SECRET-91c2 الموظف طلب مقابلا"


def _open_report(client, code, **extra):
    data = {"origin": "report", "report_code": code, "category": "favouritism", "severity": "high"}
    data.update(extra)
    return client.post(NEW, data)


def test_an_officer_opens_a_case_from_a_chosen_validated_report(
    client, coordinator, integrity_officer
):
    # A poor visit with no integrity criterion failed: nothing opens it automatically.
    report = validated_report(coordinator=coordinator, answers=POOR)
    assert not Case.objects.exists()
    client.force_login(integrity_officer)
    home = client.get(reverse("core:home")).content.decode()
    assert report.mission.code not in home  # not critical: not in the queue

    response = _open_report(client, report.mission.code.lower(), facts="Vu au guichet 2")
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.origin == Origin.REPORT
    assert case.origin_report == report
    assert case.body == report.mission.service_point.body
    assert case.observer == report.observer  # shown by pseudonym only
    assert case.category == "favouritism"
    assert case.facts.startswith(report.mission.code)
    assert case.facts.endswith("Vu au guichet 2")
    assert case.assignments.get().officer == integrity_officer

    # The same report cannot open a second case: the form says why, nothing changes.
    again = _open_report(client, report.mission.code)
    assert again.status_code == 200
    assert "ask the director" in again.content.decode() or "المدير" in again.content.decode()
    assert Case.objects.count() == 1


def test_an_unknown_or_unvalidated_mission_code_is_refused_on_its_field(client, integrity_officer):
    client.force_login(integrity_officer)
    response = _open_report(client, "M-NOPE-1")
    assert response.status_code == 200
    assert response.context["form"].errors["report_code"]
    assert not Case.objects.exists()


def test_a_bribe_report_already_cased_is_not_in_the_queue_and_cannot_open_twice(
    client, coordinator, integrity_officer
):
    case = bribe_case(coordinator=coordinator)
    poor = validated_report(coordinator=coordinator, answers=BRIBE)
    Case.objects.filter(origin_report=poor).delete()  # as if its criteria were not tagged
    client.force_login(integrity_officer)
    workspace = _workspace(client)
    codes = [r.mission.code for r in workspace["uncased"]]
    assert poor.mission.code in codes
    assert case.origin_report.mission.code not in codes
    assert _open_report(client, case.origin_report.mission.code).status_code == 200
    assert Case.objects.count() == 1


def _workspace(client):
    panels = client.get(reverse("core:home")).context["panels"]
    return next(p for p in panels if p["template"] == "integrity/_home_workspace.html")["context"]


def _comment(text="الموظف طلب مني مبلغا لتسريع الملف"):
    wave = make_wave()
    return submit(wave.points.get(), {"SAT_OVERALL": 2, "COMMENT": text}).response


def test_staff_flag_a_comment_and_an_officer_opens_a_case_from_it(
    client, coordinator, integrity_officer, observer
):
    response = _comment()
    wave = response.wave
    comments = reverse("surveys:wave_comments", kwargs={"pk": wave.pk})
    client.force_login(coordinator)
    page = client.get(comments)
    assert page.status_code == 200
    assert "الموظف طلب مني مبلغا" in page.content.decode()
    assert client.get(comments, {"q": "مبلغا"}).context["page"].paginator.count == 1
    assert client.get(comments, {"q": "nothing-like-it"}).context["page"].paginator.count == 0

    flag_url = reverse("surveys:comment_flag", kwargs={"pk": wave.pk, "response_pk": response.pk})
    assert client.post(flag_url, {"reason": " "}).status_code == 302
    assert not CommentFlag.objects.exists()  # a reason is required
    client.post(flag_url, {"reason": "Demande d'argent"})
    flag = CommentFlag.objects.get()
    assert AuditEvent.objects.filter(action="survey_comment.flag", actor=coordinator).exists()
    client.post(flag_url, {"reason": "Encore"})
    assert CommentFlag.objects.count() == 1  # flagged once

    # Observers do not read citizens' comments.
    client.force_login(observer)
    assert client.get(comments).status_code in (403, 404)

    client.force_login(integrity_officer)
    home = client.get(reverse("core:home")).content.decode()
    assert f"?comment={flag.pk}" in home
    assert client.get(NEW, {"comment": flag.pk}).status_code == 200
    opened = client.post(
        NEW,
        {
            "origin": "survey_comment",
            "comment_flag": flag.pk,
            "category": "extortion",
            "severity": "high",
        },
    )
    case = Case.objects.get()
    assert opened.status_code == 302
    assert case.origin == Origin.SURVEY_COMMENT
    assert case.origin_comment == flag
    assert "الموظف طلب مني مبلغا" in case.facts
    assert case.observer is None
    assert case.service_point == response.wave_point.service_point
    flag.refresh_from_db()
    assert flag.handled_by == integrity_officer
    assert flag.handled_at is not None

    # Taken up once: the comment is no longer offered.
    twice = client.post(
        NEW,
        {"origin": "survey_comment", "comment_flag": flag.pk, "category": "other"},
    )
    assert twice.context["form"].errors["comment_flag"]
    assert Case.objects.count() == 1


def test_facts_added_after_opening_are_encrypted_dated_shown_and_audited(
    client, coordinator, integrity_officer
):
    case = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    url = reverse("integrity:case_facts_add", kwargs={"pk": case.pk})
    client.force_login(integrity_officer)
    assert client.post(url, {"text": "  "}).status_code == 302
    assert not CaseFact.objects.exists()
    client.post(url, {"text": SECRET})
    fact = CaseFact.objects.get()
    assert fact.text == SECRET
    assert fact.added_by == integrity_officer
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM integrity_casefact")
        (stored,) = cursor.fetchone()
    assert "FACT-SECRET" not in stored
    event = AuditEvent.objects.get(action="integrity_case.add_facts")
    assert "FACT-SECRET" not in str(event.changes)
    detail = client.get(reverse("integrity:case_detail", kwargs={"pk": case.pk}))
    assert SECRET in detail.content.decode()
    # In the bundle's case.json and in the referral letter's context.
    import io
    import json
    import zipfile

    bundle = client.get(reverse("integrity:case_bundle", kwargs={"pk": case.pk}))
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        summary = json.loads(archive.read("case.json"))
    assert [row["text"] for row in summary["facts_added"]] == [SECRET]
    from raqib.integrity.letter import letter_context
    from raqib.integrity.models import Referral

    referral = Referral(case=case, authority="prosecutor", language="fr")
    assert [
        f.text for f in letter_context(case=case, referral=referral, pseudonym="")["facts_added"]
    ] == [SECRET]
    # In the custody log the director reads.
    log = [row["action"] for row in services_custody(case)]
    assert "integrity_case.add_facts" in log

    services.case_act(
        actor=integrity_officer, case=case, event="close_without_referral", reason="Non établis"
    )
    client.post(url, {"text": "trop tard"})
    assert CaseFact.objects.count() == 1


def services_custody(case):
    from raqib.integrity.selectors import custody_log

    return custody_log(case=case)


def test_facts_added_are_404_to_an_officer_not_assigned(client, coordinator, integrity_officer):
    case = assigned_case(coordinator=coordinator, officers=[])
    client.force_login(integrity_officer)
    url = reverse("integrity:case_facts_add", kwargs={"pk": case.pk})
    assert client.post(url, {"text": SECRET}).status_code == 404
    assert not CaseFact.objects.exists()


def test_the_workspace_lists_active_cases_oldest_first_with_their_age(
    client, coordinator, integrity_officer
):
    old = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    new = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=12))
    client.force_login(integrity_officer)
    workspace = _workspace(client)
    assert [(case.pk, age) for case, age in workspace["active"]] == [(old.pk, 12), (new.pk, 0)]
