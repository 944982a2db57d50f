"""The follow-up pages and API through HTTP, as each side uses them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from raqib.audit.models import AuditEvent
from raqib.followup import services
from raqib.followup.models import Outcome, Recommendation, RecommendationStatus
from raqib.followup.tests.factories import BRIBE, draft, sent, validated_report
from raqib.followup.transitions import stale_error
from raqib.missions.tests.factories import make_point

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, **kwargs):
    with translation.override("ar"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def own(coordinator, focal_point):
    return sent(coordinator=coordinator, body=focal_point.focal_bodies.get())


def test_a_draft_starts_from_a_finding_without_naming_its_observer(client, coordinator):
    finding = validated_report(coordinator=coordinator, answers=BRIBE)
    client.force_login(coordinator)
    page = client.get(url("followup:recommendation_create") + f"?report={finding.pk}")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["source"] == "critical"
    assert form.initial["criteria"].split() == ["Q04", "Q03", "Q05"]
    assert finding.mission.code in form.initial["evidence_summary"]
    pseudonym = finding.observer.observer_profile.pseudonym
    assert pseudonym not in form.initial["evidence_summary"]
    response = client.post(
        url("followup:recommendation_create") + f"?report={finding.pk}",
        {
            **{k: v for k, v in form.initial.items() if v is not None},
            "title": "Stop the bribe",
            "text": "Post the free-of-charge notice.",
            "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert list(rec.findings.values_list("report_id", flat=True)) == [finding.pk]
    assert rec.criteria == ["Q04", "Q03", "Q05"]


def test_a_bad_draft_says_why_under_each_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("followup:recommendation_create"),
        {
            "title": "x",
            "text": "y",
            "body": "",
            "points": "NOPE-1",
            "source": "free",
            "priority": "normal",
            "due_date": "2020-01-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"body", "points"} <= set(errors)
    assert Recommendation.objects.count() == 0


def test_the_focal_point_answers_through_the_pages(client, coordinator, focal_point, own):
    client.force_login(focal_point)
    act = url("followup:recommendation_act", pk=own.pk)
    assert client.post(act, {"event": "acknowledge", "version": own.version}).status_code == 302
    plan = url("followup:recommendation_plan", pk=own.pk)
    form = {
        "a-TOTAL_FORMS": "3",
        "a-INITIAL_FORMS": "0",
        "a-MIN_NUM_FORMS": "0",
        "a-MAX_NUM_FORMS": "30",
        "version": own.version + 1,
    }
    # A row with a description but no owner is refused, with the reason on its row.
    bad = client.post(plan, {**form, "a-0-description": "Train staff"})
    assert bad.status_code == 400
    assert bad.context["formset"].forms[0].non_field_errors()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    ok = client.post(
        plan,
        {**form, "a-0-description": "Train staff", "a-0-owner": "Head", "a-0-due_date": due},
    )
    assert ok.status_code == 302
    own.refresh_from_db()
    assert own.status == RecommendationStatus.PLAN_PROPOSED
    services.recommendation_act(actor=coordinator, recommendation=own, event="accept_plan")
    own.refresh_from_db()
    claim = client.post(
        url("followup:recommendation_claim", pk=own.pk),
        {
            "text": "Done",
            "version": own.version,
            "file": SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert claim.status_code == 302
    own.refresh_from_db()
    assert own.status == RecommendationStatus.IMPLEMENTED
    stored = own.entries.get(event="claim").files.get()
    download = client.get(url("followup:file_download", uuid=str(stored.uuid)))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert AuditEvent.objects.filter(
        action="recommendation.file_view", object_id=str(stored.uuid), actor=focal_point
    ).exists()


def test_a_stale_page_changes_nothing_and_says_so(client, focal_point, own):
    client.force_login(focal_point)
    response = client.post(
        url("followup:recommendation_act", pk=own.pk),
        {"event": "acknowledge", "version": own.version - 1},
        follow=True,
    )
    own.refresh_from_db()
    assert own.status == RecommendationStatus.SENT
    with translation.override("ar"):
        expected = str(stale_error().messages[0])
    assert expected in response.content.decode()


def test_the_register_exports_what_the_list_shows(client, coordinator, focal_point, own):
    sent(coordinator=coordinator)  # another body's
    client.force_login(focal_point)
    response = client.get(url("followup:recommendation_export") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == own.ref
    client.force_login(coordinator)
    response = client.get(url("followup:recommendation_export") + "?format=csv")
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 3
    assert client.get(url("followup:recommendation_export") + "?format=pdf").status_code == 400


def test_the_api_is_scoped_and_answers_json(client, coordinator, focal_point, own):
    other = sent(coordinator=coordinator)
    draft(coordinator=coordinator, body=focal_point.focal_bodies.get())
    client.force_login(focal_point)
    listing = client.get("/api/v1/recommendations/").json()
    assert [r["ref"] for r in listing["results"]] == [own.ref]
    detail = client.get(f"/api/v1/recommendations/{own.pk}/").json()
    assert detail["status"] == "sent"
    assert detail["body"]["code"] == own.body.code
    missing = client.get(f"/api/v1/recommendations/{other.pk}/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")
    client.force_login(coordinator)
    assert client.get("/api/v1/recommendations/").json()["count"] == 3


def test_the_public_page_shows_only_what_was_verified_effective(client, coordinator):
    point = make_point()
    shown = sent(
        coordinator=coordinator, body=point.body, service_points=[point], title="Shorter queues"
    )
    hidden = sent(
        coordinator=coordinator, body=point.body, service_points=[point], title="Kept hidden"
    )
    Recommendation.objects.filter(pk=shown.pk).update(
        published_at=timezone.now(),
        public_title_ar="طوابير أقصر",
        public_title_fr="Shorter queues",
        public_summary_ar="شبّاك إضافي في ساعات الذروة.",
        public_summary_fr="Un guichet de plus aux heures de pointe.",
        outcome=Outcome.EFFECTIVE,
        status=RecommendationStatus.VERIFIED_EFFECTIVE,
        verified_at=timezone.now(),
        criteria=["Q03"],
        verification={
            "criteria": [
                {
                    "code": "Q03",
                    "before_n": 2,
                    "before": "25.0",
                    "after_n": 3,
                    "after": "83.3",
                    "met": True,
                }
            ]
        },
    )
    Recommendation.objects.filter(pk=hidden.pk).update(outcome=Outcome.EFFECTIVE)  # unpublished
    with translation.override("fr"):
        response = client.get(reverse("followup:public_body", kwargs={"code": point.body.code}))
    text = response.content.decode()
    assert "Shorter queues" in text
    assert "Un guichet de plus" in text
    assert "Kept hidden" not in text
    assert "Train the reception staff" not in text  # the text for the body stays internal
    assert "83,3" in text
    assert "25,0" in text
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    client.force_login(coordinator)  # a signed-in page carries a name: never shared
    signed_in = client.get(url("followup:public_body", code=point.body.code))
    assert "private" in signed_in["Cache-Control"]
    client.logout()
    index = client.get(url("followup:public_index")).content.decode()
    assert point.body.name_ar in index
    assert client.get(url("followup:public_body", code="no-such-body")).status_code == 404


def test_another_bodys_focal_point_gets_404_on_the_files(client, coordinator, focal_point):
    from raqib.accounts.services import user_focal_bodies_set
    from raqib.accounts.tests.factories import UserFactory
    from raqib.core.roles import Role

    entry = services.recommendation_comment(
        actor=coordinator,
        recommendation=sent(coordinator=coordinator, body=focal_point.focal_bodies.get()),
        text="Our report, attached.",
        uploads=[SimpleUploadedFile("note.pdf", PDF)],
    )
    stored = entry.files.get()
    stranger = UserFactory(username="stranger-focal", roles=[Role.FOCAL_POINT])
    user_focal_bodies_set(actor=None, user=stranger, bodies=[make_point().body])
    client.force_login(stranger)
    assert client.get(url("followup:file_download", uuid=str(stored.uuid))).status_code == 404
    assert client.get(url("followup:file_download", uuid="not-a-uuid")).status_code == 404
    client.force_login(focal_point)
    assert client.get(url("followup:file_download", uuid=str(stored.uuid))).status_code == 200


def test_a_draft_from_several_findings_and_from_a_pattern(client, coordinator):
    point = make_point()
    first = validated_report(coordinator=coordinator, point=point, answers=BRIBE)
    second = validated_report(coordinator=coordinator, point=make_point(body=point.body))
    client.force_login(coordinator)
    page = client.get(
        url("followup:recommendation_create") + f"?report={first.pk}&report={second.pk}"
    )
    initial = page.context["form"].initial
    assert initial["reports"].split() == [str(first.pk), str(second.pk)]
    assert len(initial["points"].split()) == 2
    assert first.mission.code in initial["evidence_summary"]
    assert second.mission.code in initial["evidence_summary"]
    pattern = client.get(
        url("followup:recommendation_create")
        + f"?body={point.body_id}&source=pattern&criteria=Q03,Q05"
    )
    initial = pattern.context["form"].initial
    assert (initial["body"], initial["source"], initial["criteria"]) == (
        point.body_id,
        "pattern",
        "Q03 Q05",
    )
    # The body scorecard offers it from the body's weakest criteria.
    with translation.override("ar"):
        scorecard = reverse("reports:scorecard", kwargs={"pk": point.body_id})
    assert "source=pattern" in client.get(scorecard + "?period=2026").content.decode()


def test_the_api_refuses_filters_that_make_no_sense(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/api/v1/recommendations/?body=B%26&status=nonsense")
    assert response.status_code == 400
    assert {"body", "status"} <= set(response.json())
    assert client.get("/api/v1/recommendations/?overdue=true&priority=high").status_code == 200
