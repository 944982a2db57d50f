"""The register of simplification measures: the compliance method on a hand-computed fixture,
its properties, the services' checks and the pages as each role sees them.

The fixture (measure M-TEST in force from 2026-01-01 on body A, criterion M01):

    report  point        body  governorate  day         M01   counts?
    R1      p_a_11       A     TN-11        2026-02-02  yes   observes, complies
    R2      p_a_12       A     TN-12        2026-02-03  yes   observes, complies
    R3      p_a_11       A     TN-11        2026-02-04  no    observes, does not comply
    R4      p_a1         A1    TN-12        2026-02-05  no    observes, does not comply
    R5      p_a_11       A     TN-11        2026-02-06  n/a   considered, does not observe
    R6      p_a_11       A     TN-11        2025-12-31  yes   before the date in force
    R7      p_b          B     TN-11        2026-02-02  yes   body not concerned
    R8      p_a_11       A     TN-11        2026-02-07  —     submitted, not validated

A1 is under A. Overall 2/4 = 50.0 % (n = 4, 5 reports considered); body A 2/3 = 66.7 %
(n = 3), body A1 0/1 = 0.0 % (n = 1); TN-11 1/2 = 50.0 %, TN-12 1/2 = 50.0 %.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_persona
from raqib.audit.models import AuditEvent
from raqib.core.activity import ActivityFilters
from raqib.core.roles import Role
from raqib.followup import services
from raqib.followup.measures import (
    Rate,
    measure_compliance,
    periodic_section_tables,
    rate_percent,
    report_verdict,
)
from raqib.followup.models import SimplificationMeasure
from raqib.grids import services as grid_services
from raqib.grids.models import Section
from raqib.grids.tests.factories import make_draft
from raqib.registry.tests.factories import PublicBodyFactory, ServiceCategoryFactory
from raqib.reports.tests.factories import (
    make_point,
    planned_mission,
    report_answers,
    validated_report,
)

IN_FORCE = dt.date(2026, 1, 1)
FAST = settings(max_examples=200, deadline=None)


def measure_grid_version():
    """The MISSIONTEST-like grid plus M01, a yes / no / not applicable criterion."""
    version = make_draft("MEASURETEST")
    reception = Section.objects.get(version=version, code="reception")
    grid_services.criterion_create(
        actor=None,
        section=reception,
        code="M01",
        label_ar="لم تعد الوثيقة مطلوبة",
        label_fr="Le document n'est plus exigé",
        answer_type="yes_no_na",
        required=False,
    )
    return grid_services.grid_version_publish(actor=None, version=version)


def answers(m01):
    values = report_answers()
    if m01 is not None:
        values["M01"] = m01
    return values


@pytest.fixture
def world(db, coordinator, focal_body):
    version = measure_grid_version()
    body_a = focal_body
    body_a1 = PublicBodyFactory(code="body-a1", parent=body_a)
    body_b = PublicBodyFactory(code="body-b")
    category = ServiceCategoryFactory(code="cat-civil")
    p_a_11 = make_point(governorate="TN-11", body=body_a, category=category)
    p_a_12 = make_point(governorate="TN-12", body=body_a)
    p_a1 = make_point(governorate="TN-12", body=body_a1)
    p_b = make_point(governorate="TN-11", body=body_b)
    rows = [
        ("R1", p_a_11, dt.date(2026, 2, 2), "yes"),
        ("R2", p_a_12, dt.date(2026, 2, 3), "yes"),
        ("R3", p_a_11, dt.date(2026, 2, 4), "no"),
        ("R4", p_a1, dt.date(2026, 2, 5), "no"),
        ("R5", p_a_11, dt.date(2026, 2, 6), "na"),
        ("R6", p_a_11, dt.date(2025, 12, 31), "yes"),
        ("R7", p_b, dt.date(2026, 2, 2), "yes"),
    ]
    reports = {
        name: validated_report(point=point, day=day, answers=answers(m01), grid_version=version)
        for name, point, day, m01 in rows
    }
    planned_mission(point=p_a_11, day=dt.date(2026, 2, 7), grid_version=version, status="submitted")
    measure = services.measure_create(
        actor=coordinator,
        code="M-TEST",
        title_ar="إلغاء وثيقة",
        title_fr="Suppression d'un document",
        legal_reference="Décret n° 2025-1",
        in_force_on=IN_FORCE,
        observable_ar="لا يطلب العون الوثيقة",
        observable_fr="L'agent ne demande plus le document",
        grid=version.grid,
        criteria=["M01"],
        bodies=[body_a],
    )
    return {
        "version": version,
        "measure": measure,
        "body_a": body_a,
        "body_a1": body_a1,
        "body_b": body_b,
        "category": category,
        "reports": reports,
    }


def rates(rows):
    return {row.code: (row.rate.complying, row.rate.n, row.rate.percent) for row in rows}


# --- the method -----------------------------------------------------------------------------


def test_compliance_on_the_hand_computed_fixture(world):
    result = measure_compliance(measure=world["measure"])
    assert result.considered == 5
    assert result.not_observing == 1
    assert (result.overall.complying, result.overall.n) == (2, 4)
    assert result.overall.exact == Fraction(1, 2)
    assert result.overall.percent == Decimal("50.0")
    assert rates(result.by_body) == {
        "focal-body": (2, 3, Decimal("66.7")),
        "body-a1": (0, 1, Decimal("0.0")),
    }
    assert rates(result.by_governorate) == {
        "TN-11": (1, 2, Decimal("50.0")),
        "TN-12": (1, 2, Decimal("50.0")),
    }


def test_compliance_inside_a_period_and_for_some_bodies_only(world):
    early = measure_compliance(
        measure=world["measure"], start=dt.date(2025, 6, 1), end=dt.date(2026, 2, 3)
    )
    assert (early.overall.complying, early.overall.n, early.overall.percent) == (
        2,
        2,
        Decimal("100.0"),
    )
    child = measure_compliance(measure=world["measure"], body_ids={world["body_a1"].pk})
    assert (child.overall.complying, child.overall.n, child.overall.percent) == (
        0,
        1,
        Decimal("0.0"),
    )
    nothing = measure_compliance(measure=world["measure"], end=dt.date(2026, 1, 31))
    assert nothing.overall.n == 0
    assert nothing.overall.exact is None
    assert nothing.overall.percent is None
    assert nothing.by_body == ()
    assert nothing.by_governorate == ()


def test_categories_narrow_the_reports(world, coordinator):
    services.measure_update(
        actor=coordinator, measure=world["measure"], categories=[world["category"]]
    )
    result = measure_compliance(measure=world["measure"])
    # Only p_a_11 is of the category: R1 complies, R3 does not, R5 does not observe.
    assert (result.considered, result.overall.complying, result.overall.n) == (3, 1, 2)


def _score(*criteria):
    """A frozen score with the given (code, status, score) criteria in one section."""
    return {
        "method": 1,
        "overall": "1",
        "sections": [
            {
                "code": "s",
                "criteria": [
                    {
                        "code": code,
                        "status": status,
                        "score": score,
                        "percent": None if score is None else str(rate_percent(Fraction(score))),
                    }
                    for code, status, score in criteria
                ],
            }
        ],
    }


def test_report_verdict():
    assert report_verdict(None, ["A"]) is None
    assert report_verdict(_score(("A", "scored", "1"), ("B", "na", None)), ["A", "B"]) is True
    assert report_verdict(_score(("A", "scored", "1"), ("B", "scored", "1/2")), ["A", "B"]) is False
    assert report_verdict(_score(("A", "blank", None), ("C", "scored", "0")), ["A", "B"]) is None
    assert report_verdict(_score(("C", "scored", "0")), ["C"]) is False


def test_rate_percent_rounds_half_up():
    assert rate_percent(Fraction(1, 8)) == Decimal("12.5")
    assert rate_percent(Fraction(1, 16)) == Decimal("6.3")  # 6.25 → 6.3
    assert rate_percent(Fraction(2, 3)) == Decimal("66.7")
    assert rate_percent(Fraction(1, 1)) == Decimal("100.0")
    assert rate_percent(None) is None


CRITERION = st.tuples(
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["scored", "blank", "na", "hidden"]),
    st.sampled_from(["0", "1/2", "1", "1/3"]),
)


@FAST
@given(st.lists(st.lists(CRITERION, max_size=4), max_size=30))
def test_rate_properties(reports):
    wanted = ["A", "B"]
    rate = Rate()
    observing = complying = 0
    for criteria in reports:
        scored = [c for c in criteria if c[0] in wanted and c[1] == "scored"]
        verdict = report_verdict(_score(*criteria), wanted)
        if scored:
            observing += 1
            complying += all(c[2] == "1" for c in scored)
            assert verdict is not None
            rate = rate.add(verdict)
        else:
            assert verdict is None
    assert (rate.n, rate.complying) == (observing, complying)
    if rate.n == 0:
        assert rate.percent is None
    else:
        assert rate.percent is not None
        assert Decimal(0) <= rate.percent <= Decimal(100)
        assert abs(rate.percent - Decimal(complying * 100) / observing) <= Decimal("0.05")


def test_periodic_section_table(world):
    table = periodic_section_tables(
        filters=ActivityFilters(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    )
    assert table.columns[3:] == ("n", table.columns[4])
    assert table.rows == (("M-TEST", "إلغاء وثيقة", "2026-01-01", 4, Decimal("50.0")),)
    for_a1 = periodic_section_tables(
        filters=ActivityFilters(
            start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), body_id=world["body_a1"].pk
        )
    )
    assert for_a1.rows[0][3:] == (1, Decimal("0.0"))
    before = periodic_section_tables(
        filters=ActivityFilters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    )
    assert before.rows == ()


# --- services --------------------------------------------------------------------------------


def _data(world, **overrides):
    data = {
        "code": "M-NEW",
        "title_ar": "تبسيط",
        "title_fr": "Simplification",
        "legal_reference": "Circulaire 3",
        "in_force_on": IN_FORCE,
        "observable_ar": "أجل أقصر",
        "observable_fr": "Délai plus court",
        "grid": world["version"].grid,
        "criteria": ["M01", "Q01"],
        "bodies": [world["body_b"]],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["focal_point", "admin_user", "integrity_officer", "observer"])
def test_only_coordinators_and_directors_write(world, request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.measure_create(actor=user, **_data(world))
    with pytest.raises(PermissionDenied):
        services.measure_update(actor=user, measure=world["measure"], title_fr="X")
    assert not SimplificationMeasure.objects.filter(code="M-NEW").exists()


def test_create_checks_criteria_code_and_bodies(world, coordinator):
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=coordinator, **_data(world, criteria=["M01", "ZZ9"]))
    assert "ZZ9" in str(error.value.message_dict["criteria"])
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=coordinator, **_data(world, criteria=[" "]))
    assert "criteria" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=coordinator, **_data(world, code="m-test", bodies=[]))
    assert set(error.value.message_dict) == {"code", "bodies"}
    assert SimplificationMeasure.objects.count() == 1


def test_criteria_of_a_draft_only_are_refused(world, coordinator):
    draft = grid_services.grid_version_clone(actor=None, version=world["version"])
    section = Section.objects.get(version=draft, code="reception")
    grid_services.criterion_create(
        actor=None, section=section, code="M02", label_ar="ب", label_fr="b", answer_type="yes_no"
    )
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=coordinator, **_data(world, criteria=["M02"]))
    assert "M02" in str(error.value.message_dict["criteria"])


def test_create_and_update_are_audited(world, director):
    measure = services.measure_create(actor=director, **_data(world))
    assert list(measure.bodies.all()) == [world["body_b"]]
    events = AuditEvent.objects.filter(object_type="followup.simplificationmeasure")
    assert events.filter(action="measure.create", object_id=str(measure.pk)).count() == 2
    changes = services.measure_update(
        actor=director,
        measure=measure,
        title_fr="Simplification (2)",
        criteria=["Q01"],
        bodies=[world["body_a"], world["body_b"]],
    )
    assert changes["title_fr"] == ["Simplification", "Simplification (2)"]
    assert changes["criteria"] == [["M01", "Q01"], ["Q01"]]
    assert changes["bodies"] == [["body-b"], ["body-b", "focal-body"]]
    measure.refresh_from_db()
    assert measure.criteria == ["Q01"]
    assert (
        services.measure_update(actor=director, measure=measure, title_fr="Simplification (2)")
        == {}
    )
    with pytest.raises(ValidationError):
        services.measure_update(actor=director, measure=measure, code="M-TEST")


# --- pages -----------------------------------------------------------------------------------


@pytest.fixture
def other_focal(db):
    from raqib.accounts.services import user_focal_bodies_set

    def make(body):
        user = make_persona(f"focal-{body.code}", [Role.FOCAL_POINT])
        user_focal_bodies_set(actor=None, user=user, bodies=[body])
        return user

    return make


def test_coordinator_sees_the_register_and_the_figures(client, world, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("followup:measure_list"))
    assert page.status_code == 200
    assert "M-TEST" in page.content.decode()
    url = reverse("followup:measure_detail", kwargs={"pk": world["measure"].pk})
    html = client.get(url).content.decode()
    assert "50,0" in html  # Arabic writes the decimal comma
    assert "66,7" in html
    assert "لم تعد الوثيقة مطلوبة" in html  # the criterion's label from the snapshot
    assert "Décret n° 2025-1" in html
    assert "ROLL-" not in html
    assert "rollups-observer" not in html
    french = client.get(url.replace("/ar/", "/fr/", 1)).content.decode()
    assert "Le document n&#x27;est plus exigé" in french


def test_focal_point_of_a_concerned_body(client, world, focal_point, other_focal):
    client.force_login(focal_point)
    assert "M-TEST" in client.get(reverse("followup:measure_list")).content.decode()
    url = reverse("followup:measure_detail", kwargs={"pk": world["measure"].pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["compliance"].overall.n == 4
    assert page.context["can_edit"] is False
    # A focal point of the sub-body sees the measure of its ministry, with its own figures only.
    client.force_login(other_focal(world["body_a1"]))
    page = client.get(url)
    assert page.status_code == 200
    assert (page.context["compliance"].overall.n, page.context["compliance"].by_body[0].code) == (
        1,
        "body-a1",
    )


def test_focal_point_of_another_body_gets_404(client, world, other_focal):
    client.force_login(other_focal(world["body_b"]))
    assert "M-TEST" not in client.get(reverse("followup:measure_list")).content.decode()
    kwargs = {"pk": world["measure"].pk}
    assert client.get(reverse("followup:measure_detail", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("followup:measure_export", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("followup:measure_edit", kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("start=2026-03-01&end=2026-02-01", "The end of the period cannot be before its start."),
        ("start=tomorrow", "Enter a valid date."),
    ],
)
def test_a_bad_period_is_400_with_the_reason(client, world, coordinator, query, reason):
    from django.utils import translation

    client.force_login(coordinator)
    with translation.override("fr"):
        url = reverse("followup:measure_detail", kwargs={"pk": world["measure"].pk})
    page = client.get(f"{url}?{query}")
    assert page.status_code == 400
    with translation.override("fr"):
        expected = translation.gettext(reason)
    assert expected.replace("'", "&#x27;") in page.content.decode()
    export = reverse("followup:measure_export", kwargs={"pk": world["measure"].pk})
    assert client.get(f"{export}?{query}").status_code == 400


def test_export_csv_and_xlsx(client, world, coordinator):
    client.force_login(coordinator)
    url = reverse("followup:measure_export", kwargs={"pk": world["measure"].pk})
    csv = client.get(url, {"format": "csv"})
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert "66.7" in text
    assert "TN-12" in text
    xlsx = client.get(url, {"format": "xlsx", "start": "2026-02-01"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert client.get(url, {"format": "pdf"}).status_code == 400


def test_create_and_edit_through_the_pages(client, world, coordinator, focal_point):
    form = {
        "code": "M-WEB",
        "title_ar": "تبسيط",
        "title_fr": "Simplification",
        "legal_reference": "Circulaire 4",
        "in_force_on": "2026-03-01",
        "observable_ar": "أجل أقصر",
        "observable_fr": "Délai plus court",
        "bodies": [world["body_b"].pk],
        "grid": world["version"].grid.pk,
        "criteria": "M01، Q01",
    }
    client.force_login(focal_point)
    assert client.post(reverse("followup:measure_create"), form).status_code == 403
    client.force_login(coordinator)
    bad = client.post(reverse("followup:measure_create"), {**form, "criteria": "NOPE"})
    assert bad.status_code == 400
    assert "NOPE" in bad.content.decode()
    done = client.post(reverse("followup:measure_create"), form)
    measure = SimplificationMeasure.objects.get(code="M-WEB")
    assert done.status_code == 302
    assert measure.criteria == ["M01", "Q01"]
    edit = reverse("followup:measure_edit", kwargs={"pk": measure.pk})
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**form, "title_fr": "Simplifié"}).status_code == 302
    measure.refresh_from_db()
    assert measure.title_fr == "Simplifié"


# --- demo ------------------------------------------------------------------------------------


def test_demo_measures_are_valid_and_seeded_once(db):
    from raqib.demo.seed import seed_demo
    from raqib.followup.demo_measures import seed_measures

    seed_demo()
    created = seed_measures()
    assert [m.code for m in created] == ["SIMP-2026-01", "SIMP-2026-02"]
    assert seed_measures() == []
    for measure in created:
        result = measure_compliance(measure=measure)
        assert result.overall.n <= result.considered
