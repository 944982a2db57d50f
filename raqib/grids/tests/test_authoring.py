"""Authoring UI, through HTTP: a coordinator builds, publishes, clones and previews a grid."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from raqib.grids import relevance
from raqib.grids.models import Criterion, Grid, GridVersion, Section, VersionStatus
from raqib.grids.tests.factories import make_draft, make_published

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"grids:{name}", kwargs=kwargs)


def row_url(name: str, version, kind: str, obj=None) -> str:
    kwargs = {"pk": version.pk, "kind": kind}
    if obj is not None:
        kwargs["obj_pk"] = obj.pk
    return url(name, **kwargs)


def text(response) -> str:
    return response.content.decode()


def t(msgid: str, **params) -> str:
    """`msgid` as the pages under /ar/ show it (translated or not yet), HTML-escaped."""
    with translation.override("ar"):
        message = translation.gettext(msgid)
    return escape(message % params if params else message)


CRITERION = {
    "weight": "1",
    "required": "on",
    "guidance_ar": "",
    "guidance_fr": "",
    "scale_min": "",
    "scale_max": "",
    "unit": "",
    "bands": "",
    "choice_list": "",
    "photo_required_when": "",
    "relevant": "",
    "reference": "",
}


def _build_small_grid(client):
    """Grid + section + yes/no + number with bands + single choice on a list, via the views."""
    response = client.post(
        url("authoring_grid_create"),
        {
            "code": "SMALL",
            "kind": "evaluation",
            "channel": "in_person",
            "title_ar": "شبكة صغيرة",
            "title_fr": "Petite grille",
        },
    )
    version = GridVersion.objects.get(grid__code="SMALL")
    assert response.status_code == 302
    assert response["Location"] == url("authoring_editor", pk=version.pk)

    editor = text(client.get(url("authoring_editor", pk=version.pk)))
    assert t("A grid needs at least one section.") in editor

    response = client.post(
        row_url("authoring_row_add", version, "section"),
        {"code": "reception", "label_ar": "الاستقبال", "label_fr": "Accueil", "weight": "2"},
    )
    assert response.status_code == 302
    section = Section.objects.get(version=version, code="reception")
    editor = text(client.get(url("authoring_editor", pk=version.pk)))
    assert t("The section “%(code)s” has no criteria.", code="reception") in editor

    add = row_url("authoring_row_add", version, "criterion") + f"?parent={section.pk}"
    response = client.post(
        add,
        {
            **CRITERION,
            "code": "Q01",
            "label_ar": "هل توجد لافتة؟",
            "label_fr": "Y a-t-il une signalétique ?",
            "answer_type": "yes_no",
            "photo_required_when": "no",
            "critical": "on",
        },
    )
    assert response.status_code == 302, text(response)
    response = client.post(
        add,
        {
            **CRITERION,
            "code": "Q02",
            "label_ar": "مدة الانتظار",
            "label_fr": "Temps d'attente",
            "answer_type": "number",
            "unit": "minutes",
            "bands": "10:1; 20:0.5; :0",
        },
    )
    assert response.status_code == 302, text(response)
    assert Criterion.objects.get(code="Q02").bands == [
        {"max": 10, "score": 1.0},
        {"max": 20, "score": 0.5},
        {"max": None, "score": 0.0},
    ]

    # A choice criterion before its list exists: refused, with the reason next to the field.
    choice = {
        **CRITERION,
        "code": "Q03",
        "label_ar": "اللياقة",
        "label_fr": "Courtoisie",
        "answer_type": "single_choice",
        "relevant": "${Q01} = 'yes'",
    }
    response = client.post(add, choice)
    assert response.status_code == 400
    assert t("A choice criterion needs a choice list.") in text(response)

    response = client.post(row_url("authoring_row_add", version, "list"), {"name": "courtesy"})
    courtesy = version.choice_lists.get(name="courtesy")
    assert response["Location"] == row_url("authoring_row_edit", version, "list", courtesy)
    add_choice = row_url("authoring_row_add", version, "choice") + f"?parent={courtesy.pk}"
    for name, ar, fr, score in [("good", "جيّدة", "Bonne", "1"), ("poor", "ضعيفة", "Mauvaise", "0")]:
        response = client.post(
            add_choice, {"name": name, "label_ar": ar, "label_fr": fr, "score": score}
        )
        assert response.status_code == 302
    response = client.post(add, {**choice, "choice_list": courtesy.pk})
    assert response.status_code == 302, text(response)
    return version


def test_coordinator_builds_publishes_clones_previews_and_scores(client, coordinator):
    client.force_login(coordinator)
    version = _build_small_grid(client)

    editor = text(client.get(url("authoring_editor", pk=version.pk)))
    assert t("Nothing blocks publication: this draft is complete.") in editor
    assert t("Shown only when:") in editor
    assert "${Q01} = &#x27;yes&#x27;" in editor

    # Publication: a confirmation page, then the POST.
    confirm = client.get(url("authoring_publish", pk=version.pk))
    assert confirm.status_code == 200
    assert t("Publish now") in text(confirm)
    response = client.post(url("authoring_publish", pk=version.pk))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.content_hash

    # Frozen: the editor says so, and every edit is refused with 409 and changes nothing.
    assert t("This version is frozen") in text(client.get(url("authoring_editor", pk=version.pk)))
    q01 = Criterion.objects.get(version=version, code="Q01")
    section = q01.section
    before = (version.content_hash, Section.objects.count(), Criterion.objects.count())
    attempts = [
        (row_url("authoring_row_edit", version, "criterion", q01), {**CRITERION, "code": "Q01",
         "label_ar": "x", "label_fr": "x", "answer_type": "yes_no", "section": section.pk}),
        (row_url("authoring_row_add", version, "section"),
         {"code": "new", "label_ar": "x", "label_fr": "x", "weight": "1"}),
        (row_url("authoring_row_delete", version, "criterion", q01), {}),
        (row_url("authoring_row_move", version, "section", section), {"direction": "down"}),
        (url("authoring_grid_settings", pk=version.pk), {"title_ar": "x"}),
        (url("authoring_publish", pk=version.pk), {}),
        (url("authoring_delete", pk=version.pk), {}),
        (url("authoring_validate", pk=version.pk, kind="section"), {"code": "zz"}),
    ]  # fmt: skip
    for target, data in attempts:
        response = client.post(target, data)
        assert response.status_code == 409, target
    version.refresh_from_db()
    q01.refresh_from_db()
    assert q01.label_ar == "هل توجد لافتة؟"
    assert before == (version.content_hash, Section.objects.count(), Criterion.objects.count())
    assert version.status == VersionStatus.PUBLISHED

    # Clone into a new draft, edit the clone: the published version does not move.
    response = client.post(url("authoring_clone", pk=version.pk))
    draft = GridVersion.objects.get(grid=version.grid, status=VersionStatus.DRAFT)
    assert response["Location"] == url("authoring_editor", pk=draft.pk)
    clone_q01 = Criterion.objects.get(version=draft, code="Q01")
    response = client.post(
        row_url("authoring_row_edit", draft, "criterion", clone_q01),
        {
            **CRITERION,
            "code": "Q01",
            "label_ar": "هل توجد لافتة واضحة؟",
            "label_fr": "Y a-t-il une signalétique claire ?",
            "answer_type": "yes_no",
            "photo_required_when": "no",
            "section": clone_q01.section_id,
        },
    )
    assert response.status_code == 302, text(response)
    clone_q01.refresh_from_db()
    assert clone_q01.label_fr == "Y a-t-il une signalétique claire ?"
    old = GridVersion.objects.get(pk=version.pk)
    assert old.snapshot["sections"][0]["criteria"][0]["label"]["fr"] == (
        "Y a-t-il une signalétique ?"
    )

    # Previews in both content languages, for the frozen version and the draft.
    for target, fr_label in [(version, "signalétique ?"), (draft, "signalétique claire ?")]:
        arabic = text(client.get(url("authoring_preview", pk=target.pk) + "?lang=ar"))
        french = text(client.get(url("authoring_preview", pk=target.pk) + "?lang=fr"))
        assert "الاستقبال" in arabic
        assert "Accueil" not in arabic
        assert "Accueil" in french
        assert "الاستقبال" not in french
        assert fr_label in french
        assert 'lang="ar" dir="rtl"' in arabic
        assert 'lang="fr" dir="ltr"' in french
        assert 'accept="image/*" capture="environment"' in french  # the photo evidence input
        assert 'data-relevant="${Q01} = &#x27;yes&#x27;"' in french

    # Score this preview: the engine's breakdown comes back (htmx fragment).
    response = client.post(
        url("authoring_preview_score", pk=version.pk) + "?lang=fr",
        {"Q01": "yes", "Q02": "15", "Q03": "good"},
        HTTP_HX_REQUEST="true",
    )
    body = text(response)
    assert response.status_code == 200
    # (1 + 0.5 + 1) / 3 = 0.8333… → 83.3/100, 8.3/10.
    assert "83.3 / 100" in body
    assert "8.3 / 10" in body
    assert t("Conforms (threshold %(threshold)s/10)", threshold="7") in body
    assert "<html" not in body


def test_score_shows_critical_failure_refusals_and_hidden_criteria(client, director):
    version = make_published("CRIT")
    client.force_login(director)  # staff who may not edit may still preview and score
    response = client.post(
        url("authoring_preview_score", pk=version.pk),
        {"Q01": "no", "Q02": "5", "Q03": "good", "Q04": "yes", "Q05": "9"},
    )
    body = text(response)
    assert response.status_code == 200
    assert "<html" in body
    assert t("A photo is required for this answer.") in body  # Q01 = no needs a photo
    assert t("Enter a number between %(min)s and %(max)s.", min="1", max="5") in body
    assert t("Answers that cannot be read are left out of the score below.") in body
    # Q04 "yes" on a negatively worded critical criterion scores 0: a critical failure.
    assert re.search(r"badge off\"><span dir=\"ltr\">Q04</span>", body)


def test_inline_validation_returns_errors_and_saves_nothing(client, coordinator):
    version = make_draft("INLINE")
    client.force_login(coordinator)
    section = version.sections.first()
    validate = url("authoring_validate", pk=version.pk, kind="criterion") + f"?parent={section.pk}"
    counts = (Criterion.objects.count(), Section.objects.count())

    # Text the form cannot read: the parser says which band and why.
    response = client.post(
        validate,
        {**CRITERION, "code": "Q10", "label_ar": "س", "label_fr": "q", "answer_type": "number",
         "bands": "10:1;abc:0.5"},
    )  # fmt: skip
    assert response.status_code == 200
    assert t("Band %(n)s: the maximum “%(value)s” is not a number.", n=2, value="abc") in text(
        response
    )
    assert 'hx-swap-oob="innerHTML"' in text(response)

    # Readable but wrong: the service's own message (dry run, rolled back).
    response = client.post(
        validate,
        {**CRITERION, "code": "Q10", "label_ar": "س", "label_fr": "q", "answer_type": "number",
         "bands": "20:1;10:0.5;:0", "relevant": "${Q01} = "},
    )  # fmt: skip
    body = text(response)
    assert t("Score bands must be in increasing order of their maximum.") in body
    with translation.override("ar"):
        try:
            relevance.parse("${Q01} =")
        except relevance.RelevanceError as exc:
            reason = str(exc)
    expected = "The relevance condition “%(expr)s” cannot be read: %(error)s"
    assert t(expected, expr="${Q01} =", error=reason) in body

    # A duplicate code and a valid payload: neither writes anything.
    response = client.post(
        validate,
        {**CRITERION, "code": "Q01", "label_ar": "س", "label_fr": "q", "answer_type": "yes_no"},
    )
    assert t("The code “%(code)s” is already used in this version.", code="Q01") in text(response)
    response = client.post(
        validate,
        {**CRITERION, "code": "Q11", "label_ar": "س", "label_fr": "q", "answer_type": "yes_no"},
    )
    assert "<p>" not in text(response)
    assert counts == (Criterion.objects.count(), Section.objects.count())
    assert not Criterion.objects.filter(code__in=["Q10", "Q11"]).exists()


def test_reorder_sections_and_criteria_with_buttons(client, coordinator):
    version = make_draft("ORDER")
    client.force_login(coordinator)
    reception, integrity = version.sections.order_by("position")
    response = client.post(
        row_url("authoring_row_move", version, "section", integrity), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#s-{integrity.pk}")
    assert list(version.sections.order_by("position").values_list("code", flat=True)) == [
        "integrity",
        "reception",
    ]
    q01 = Criterion.objects.get(version=version, code="Q01")
    client.post(row_url("authoring_row_move", version, "criterion", q01), {"direction": "down"})
    codes = Criterion.objects.filter(section=reception).order_by("position")
    assert list(codes.values_list("code", flat=True)) == ["Q02", "Q01", "Q03"]
    # Moving the first one up changes nothing; a bad direction is a 400, not a 500.
    client.post(row_url("authoring_row_move", version, "section", integrity), {"direction": "up"})
    assert version.sections.order_by("position").first() == integrity
    response = client.post(
        row_url("authoring_row_move", version, "section", integrity), {"direction": "sideways"}
    )
    assert response.status_code == 400


def test_deletions_and_lifecycle_steps(client, coordinator):
    version = make_draft("DEL")
    client.force_login(coordinator)
    courtesy = version.choice_lists.get(name="courtesy")
    response = client.post(row_url("authoring_row_delete", version, "list", courtesy))
    assert response.status_code == 400
    assert "Q03" in text(response)
    q03 = Criterion.objects.get(version=version, code="Q03")
    client.post(row_url("authoring_row_delete", version, "criterion", q03))
    client.post(row_url("authoring_row_delete", version, "list", courtesy))
    assert not version.choice_lists.exists()
    integrity = version.sections.get(code="integrity")
    page = text(client.get(row_url("authoring_row_delete", version, "section", integrity)))
    assert "2" in page
    assert t("Delete the section") in page
    client.post(row_url("authoring_row_delete", version, "section", integrity))
    assert list(version.sections.values_list("code", flat=True)) == ["reception"]

    response = client.post(url("authoring_delete", pk=version.pk))
    assert response["Location"] == url("grid_list")
    assert not GridVersion.objects.filter(pk=version.pk).exists()

    published = make_published("RET")
    response = client.post(url("authoring_retire", pk=published.pk))
    published.refresh_from_db()
    assert response.status_code == 302
    assert published.status == VersionStatus.RETIRED
    response = client.post(url("authoring_retire", pk=published.pk))
    assert response.status_code == 400
    assert t("Only a published version can be retired.") in text(response)


def test_grid_settings_are_saved_through_grid_update(client, admin_user):
    version = make_draft("SET")
    client.force_login(admin_user)
    data = {
        "code": "SET",
        "kind": "evaluation",
        "channel": "phone",
        "title_ar": "هاتف",
        "title_fr": "Téléphone",
        "description_ar": "",
        "description_fr": "",
        "conformity_threshold": "11",
        "critical_cap": "",
    }
    response = client.post(url("authoring_grid_settings", pk=version.pk), data)
    assert response.status_code == 400
    assert t("Ensure this value is less than or equal to %(limit_value)s.", limit_value=10) in text(
        response
    )
    data["conformity_threshold"] = "6.5"
    data["critical_cap"] = "40"
    response = client.post(url("authoring_grid_settings", pk=version.pk), data)
    assert response.status_code == 302
    grid = Grid.objects.get(code="SET")
    assert (grid.channel, grid.conformity_threshold, grid.critical_cap) == ("phone", 6.5, 40.0)


def test_observers_focal_points_and_no_role_get_403(client, observer, focal_point, no_role_user):
    version = make_draft("DENY")
    section = version.sections.first()
    pages = [
        ("get", url("authoring_editor", pk=version.pk)),
        ("get", url("authoring_preview", pk=version.pk)),
        ("post", url("authoring_preview_score", pk=version.pk)),
        ("post", row_url("authoring_row_move", version, "section", section)),
        ("post", url("authoring_clone", pk=version.pk)),
    ]
    for user in (observer, focal_point, no_role_user):
        client.force_login(user)
        for method, target in pages:
            assert getattr(client, method)(target).status_code == 403, (user, target)


def test_objects_of_another_version_answer_404(client, coordinator):
    first, second = make_draft("ONE"), make_draft("TWO")
    client.force_login(coordinator)
    other_criterion = Criterion.objects.get(version=second, code="Q01")
    other_section = second.sections.first()
    other_list = second.choice_lists.first()
    other_choice = other_list.choices.first()
    targets = [
        row_url("authoring_row_edit", first, "criterion", other_criterion),
        row_url("authoring_row_edit", first, "section", other_section),
        row_url("authoring_row_edit", first, "list", other_list),
        row_url("authoring_row_delete", first, "choice", other_choice),
        row_url("authoring_row_add", first, "criterion") + f"?parent={other_section.pk}",
        row_url("authoring_row_add", first, "choice") + f"?parent={other_list.pk}",
        row_url("authoring_row_add", first, "criterion"),  # no parent at all
        row_url("authoring_row_add", first, "unknown-kind"),
        url("authoring_editor", pk=999999),
    ]
    for target in targets:
        assert client.get(target).status_code == 404, target
    response = client.post(
        row_url("authoring_row_move", first, "criterion", other_criterion), {"direction": "up"}
    )
    assert response.status_code == 404


def test_frozen_editor_offers_the_existing_draft_and_clone_refuses_a_second(client, coordinator):
    published = make_published("TWICE")
    client.force_login(coordinator)
    first = client.post(url("authoring_clone", pk=published.pk))
    draft = GridVersion.objects.get(grid=published.grid, status=VersionStatus.DRAFT)
    assert first["Location"] == url("authoring_editor", pk=draft.pk)
    page = text(client.get(url("authoring_editor", pk=published.pk)))
    assert url("authoring_editor", pk=draft.pk) in page
    second = client.post(url("authoring_clone", pk=published.pk), follow=True)
    assert t("This grid already has a draft version: edit it or discard it first.") in text(second)
    assert GridVersion.objects.filter(grid=published.grid).count() == 2
