"""Equal treatment (paired testing) and holders vs non-holders: hand-computed fixtures
(docs/compliance.md), properties of the exact test, and who may see what over HTTP."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from raqib.audit.models import AuditEvent
from raqib.compliance import services, trait_services
from raqib.compliance.equality import (
    PairObservation,
    binomial_two_sided,
    flagged,
    paired_analysis,
)
from raqib.compliance.equality_selectors import equal_treatment
from raqib.compliance.holders import holders_comparison, welch_difference
from raqib.compliance.models import LabelStatus
from raqib.compliance.tests.factories import make_referential
from raqib.followup.tests.factories import GOOD, POOR, fill_and_submit, new_observer
from raqib.grids.frozen import FrozenScore
from raqib.missions import services as mission_services
from raqib.missions.tests.factories import grid_version, make_point
from raqib.registry.tests.factories import ServiceCategoryFactory

F = Fraction


# --- The exact test ---------------------------------------------------------------------------


def test_binomial_two_sided_by_hand():
    # 1 of 8 discordant pairs one way: 2 × (C(8,0) + C(8,1)) / 2^8 = 18/256.
    assert binomial_two_sided(1, 8) == F(18, 256)
    assert binomial_two_sided(7, 8) == F(18, 256)
    # 0 of 8: 2 / 256; no discordant pair: 1.
    assert binomial_two_sided(0, 8) == F(2, 256)
    assert binomial_two_sided(0, 0) == 1
    assert binomial_two_sided(2, 4) == 1  # 2 × 11/16 > 1 → 1
    with pytest.raises(ValueError, match="k <= n"):
        binomial_two_sided(5, 4)


@given(st.integers(min_value=0, max_value=60), st.data())
def test_binomial_p_is_a_symmetric_probability(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    p = binomial_two_sided(k, n)
    assert 0 < p <= 1
    assert p == binomial_two_sided(n - k, n)
    if n % 2 == 0:
        assert binomial_two_sided(n // 2, n) == 1
    if k < n // 2:  # further from the middle: smaller p
        assert p <= binomial_two_sided(k + 1, n)


def _pairs():
    """The worked example of docs/compliance.md (reference value "m")."""
    return [
        # P1: m vs f, the f side scored lower, had a critical finding and failed Q1.
        PairObservation(
            1,
            ("m", "f"),
            (F(8, 10), F(6, 10)),
            (False, True),
            ({"Q1": F(1), "Q2": F(1)}, {"Q1": F(0), "Q2": F(1)}),
        ),
        # P2: written f first: the f side scored lower and failed Q1.
        PairObservation(
            2, ("f", "m"), (F(5, 10), F(9, 10)), (False, False), ({"Q1": F(0)}, {"Q1": F(1)})
        ),
        # P3: a tie.
        PairObservation(
            3, ("m", "f"), (F(7, 10), F(7, 10)), (False, False), ({"Q1": F(1)}, {"Q1": F(1)})
        ),
        # P4 (both m) and P5 (a value missing) are not usable.
        PairObservation(4, ("m", "m"), (F(1), F(0)), (False, True), ({}, {})),
        PairObservation(5, ("m", None), (F(1), F(0)), (False, True), ({}, {})),
        # P6: the m side scored lower and had the critical finding.
        PairObservation(
            6, ("m", "f"), (F(4, 10), F(6, 10)), (True, False), ({"Q1": F(0)}, {"Q1": F(1)})
        ),
    ]


def test_paired_analysis_matches_the_hand_computation():
    result = paired_analysis(pairs=_pairs(), reference="m", min_pairs=4)
    assert result.enough
    assert result.usable == 4
    assert result.by_value == {"f": 4}
    assert (result.lower_other, result.higher_other, result.with_difference) == (2, 1, 3)
    assert result.share_with_difference == F(3, 4)
    # (−0.2 − 0.4 + 0 + 0.2) / 4 = −0.1
    assert result.mean_difference == F(-1, 10)
    assert result.mean_difference_points == pytest.approx(-10.0)
    # Scores: 2 pairs other lower, 1 higher: 2 × P(X ≤ 1 | n = 3) = 2 × 4/8 → 1.
    assert (result.score_test.worse_other, result.score_test.worse_reference) == (2, 1)
    assert result.score_test.p_value == 1
    # Critical: P1 (other only) and P6 (reference only): 2 × 3/4 → 1.
    assert (result.critical_test.worse_other, result.critical_test.worse_reference) == (1, 1)
    q1, q2 = result.criteria
    assert (q1.code, q1.pairs, q1.test.worse_other, q1.test.worse_reference) == ("Q1", 4, 2, 1)
    assert (q2.code, q2.pairs, q2.test.discordant) == ("Q2", 1, 0)
    assert flagged(result) == []


def test_below_the_minimum_nothing_is_tested():
    result = paired_analysis(pairs=_pairs(), reference="m", min_pairs=5)
    assert not result.enough
    assert result.usable == 4
    assert result.score_test.p_value is None
    assert result.critical_test.p_value is None
    assert all(c.test.p_value is None for c in result.criteria)


def test_a_clear_difference_is_flagged():
    pairs = [
        PairObservation(
            i, ("m", "f"), (F(9, 10), F(5, 10)), (False, False), ({"Q1": F(1)}, {"Q1": F(0)})
        )
        for i in range(8)
    ]
    result = paired_analysis(pairs=pairs, reference="m", min_pairs=8)
    assert result.score_test.p_value == F(2, 256)  # 8 of 8 one way
    assert result.score_test.significant
    assert flagged(result) == ["Q1"]


def test_welch_difference_by_hand():
    # a = [1, 3]: mean 2, variance 2; b = [2, 2, 2]: variance 0. se = √(2/2) = 1, ν = 1,
    # t(0.975, 1) = 12.706…: 0 ± 12.706.
    diff = welch_difference([1.0, 3.0], [2.0, 2.0, 2.0])
    assert diff is not None
    assert diff.value == 0
    assert diff.high == pytest.approx(12.7062, abs=1e-3)
    assert diff.low == pytest.approx(-12.7062, abs=1e-3)
    assert welch_difference([1.0], [2.0, 3.0]) is None


# --- Through the database ---------------------------------------------------------------------


def _trait(actor):
    return trait_services.trait_create(
        actor=actor,
        code="sex",
        name_ar="الجنس",
        name_fr="Sexe",
        values=[
            {"code": "m", "ar": "ذكر", "fr": "Homme"},
            {"code": "f", "ar": "أنثى", "fr": "Femme"},
        ],
        reference="m",
    )


def _pair(*, coordinator, point, first, second, answers):
    start = timezone.now() - dt.timedelta(days=5)
    missions = mission_services.mission_pair_create(
        actor=coordinator,
        service_point=point,
        grid_version=grid_version(),
        window_start=start,
        window_end=start + dt.timedelta(hours=4),
        observers=(first, second),
    )
    reports = []
    for mission, observer, given_answers in zip(missions, (first, second), answers, strict=True):
        report = fill_and_submit(mission=mission, observer=observer, answers=given_answers)
        reports.append(mission_services.report_validate(actor=coordinator, report=report))
    return reports


@pytest.mark.django_db
def test_pairs_are_read_from_validated_reports(coordinator, settings):
    settings.RAQIB_COMPLIANCE_MIN_PAIRS = 1
    trait = _trait(coordinator)
    point = make_point()
    man, woman, unknown = (new_observer(away_from=point) for _ in range(3))
    today = timezone.localdate()
    trait_services.observer_trait_set(
        actor=coordinator, observer=man, trait=trait, value="m", consent_on=today
    )
    trait_services.observer_trait_set(
        actor=coordinator, observer=woman, trait=trait, value="f", consent_on=today
    )
    # The woman (second) is served worse; a pair with an observer without the trait is left out.
    good, poor = _pair(
        coordinator=coordinator, point=point, first=man, second=woman, answers=(GOOD, POOR)
    )
    _pair(
        coordinator=coordinator, point=make_point(), first=man, second=unknown, answers=(GOOD, POOR)
    )
    result = equal_treatment(trait=trait, start=today - dt.timedelta(days=30), end=today)
    assert result.usable == 1
    assert result.lower_other == 1
    expected = FrozenScore.read(poor.score).overall - FrozenScore.read(good.score).overall
    assert result.mean_difference == expected
    q03 = next(c for c in result.criteria if c.code == "Q03")
    assert (q03.test.worse_other, q03.test.worse_reference) == (1, 0)
    # Restricted to another body: no pair.
    other = make_point()
    assert (
        equal_treatment(
            trait=trait, start=today - dt.timedelta(days=30), end=today, body_ids=[other.body_id]
        ).usable
        == 0
    )


@pytest.mark.django_db
def test_trait_values_are_checked_and_never_in_the_audit_trail(coordinator):
    trait = _trait(coordinator)
    observer = new_observer()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        trait_services.observer_trait_set(
            actor=coordinator,
            observer=observer,
            trait=trait,
            value="x",
            consent_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError):
        trait_services.observer_trait_set(
            actor=coordinator,
            observer=observer,
            trait=trait,
            value="f",
            consent_on=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        trait_services.observer_trait_set(
            actor=coordinator,
            observer=coordinator,
            trait=trait,
            value="f",
            consent_on=timezone.localdate(),
        )
    trait_services.observer_trait_set(
        actor=coordinator,
        observer=observer,
        trait=trait,
        value="f",
        consent_on=timezone.localdate(),
    )
    trait_services.observer_trait_set(
        actor=coordinator,
        observer=observer,
        trait=trait,
        value="m",
        consent_on=timezone.localdate(),
    )
    events = AuditEvent.objects.filter(object_type="compliance.observertrait")
    assert events.count() == 2
    for event in events:
        assert "value" not in event.changes
        assert '"f"' not in str(event.changes)
        assert '"m"' not in str(event.changes)
    with pytest.raises(ValidationError):
        trait_services.trait_create(
            actor=coordinator,
            code="age",
            name_ar="س",
            name_fr="Âge",
            values=[{"code": "a", "ar": "أ", "fr": "A"}],
            reference="a",
        )


@pytest.mark.django_db
def test_holders_against_comparable_non_holders_by_hand(coordinator, settings):
    settings.RAQIB_COMPLIANCE_MIN_REPORTS = 2
    referential = make_referential(actor=coordinator)
    category = ServiceCategoryFactory()
    holder_point = make_point(category=category)
    comparable = make_point(category=category)
    elsewhere = make_point()  # another category: not comparable
    from raqib.followup.tests.factories import validated_report

    good = [
        validated_report(coordinator=coordinator, point=holder_point, answers=GOOD)
        for _ in range(2)
    ]
    poor = [
        validated_report(coordinator=coordinator, point=comparable, answers=POOR) for _ in range(2)
    ]
    validated_report(coordinator=coordinator, point=elsewhere, answers=POOR)
    holder = services.label_holder_create(
        actor=coordinator, service_point=holder_point, scope=["face_to_face"]
    )
    services.label_holder_transition(
        actor=coordinator,
        holder=holder,
        to_status=LabelStatus.CERTIFIED,
        certified_on=timezone.localdate() - dt.timedelta(days=100),
        certificate_number="M-2026-001",
    )
    today = timezone.localdate()
    result = holders_comparison(
        referential=referential, start=today - dt.timedelta(days=60), end=today
    )
    g = float(FrozenScore.read(good[0].score).out_of_100)
    p = float(FrozenScore.read(poor[0].score).out_of_100)
    assert result.strata == 1
    assert (result.holders.points, result.holders.reports) == (1, 2)
    assert (result.others.points, result.others.reports) == (1, 2)
    # Two equal scores per group: the mean is the score, the interval has no width.
    assert result.holders.score.value == pytest.approx(g)
    assert result.holders.score.low == pytest.approx(g)
    assert result.others.score.value == pytest.approx(p)
    assert result.difference is not None
    assert result.difference.value == pytest.approx(g - p)
    # Holders: R1 (Q03 good = 1) and R2 (Q01 yes = 1) met → 100.0; others: R1 0, R2 1 → 50.0.
    assert str(result.holders.compliance) == "100.0"
    assert str(result.others.compliance) == "50.0"
    # A candidate is not a holder.
    services.label_holder_transition(
        actor=coordinator, holder=holder, to_status=LabelStatus.WITHDRAWN
    )
    assert (
        holders_comparison(
            referential=referential, start=today - dt.timedelta(days=60), end=today
        ).holders.points
        == 0
    )


# --- Over HTTP --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_records_traits_and_reads_the_analysis(client, coordinator, settings):
    settings.RAQIB_COMPLIANCE_MIN_PAIRS = 1
    client.force_login(coordinator)
    url = reverse("compliance:traits")
    answer = client.post(
        url,
        {
            "trait-code": "sex",
            "trait-name_ar": "الجنس",
            "trait-name_fr": "Sexe",
            "trait-values": "m | ذكر | Homme\nf | أنثى | Femme",
            "trait-reference": "m",
        },
    )
    assert answer.status_code == 302
    bad = client.post(
        url,
        {
            "trait-code": "age",
            "trait-name_ar": "السن",
            "trait-name_fr": "Âge",
            "trait-values": "a | أ",
            "trait-reference": "a",
        },
    )
    assert bad.status_code == 400
    assert "Line 1" not in bad.content.decode()
    from raqib.compliance.models import Trait

    trait = Trait.objects.get(code="sex")
    point = make_point()
    man, woman = new_observer(away_from=point), new_observer(away_from=point)
    for observer, value in ((man, "m"), (woman, "f")):
        answer = client.post(
            url,
            {
                "value-observer": observer.pk,
                "value-trait": trait.pk,
                "value-value": value,
                "value-consent_on": timezone.localdate().isoformat(),
            },
        )
        assert answer.status_code == 302
    wrong = client.post(
        url,
        {
            "value-observer": man.pk,
            "value-trait": trait.pk,
            "value-value": "zz",
            "value-consent_on": timezone.localdate().isoformat(),
        },
    )
    assert wrong.status_code == 400
    page = client.get(url).content.decode()
    assert man.observer_profile.pseudonym in page
    assert man.username not in page
    _pair(coordinator=coordinator, point=point, first=woman, second=man, answers=(POOR, GOOD))
    today = timezone.localdate()
    page = client.get(
        reverse("compliance:equal_treatment"),
        {
            "trait": trait.pk,
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="equal-treatment-tests"' in html
    assert 'data-outcome="Q03"' in html
    bad_period = client.get(
        reverse("compliance:equal_treatment"),
        {
            "trait": trait.pk,
            "start": today.isoformat(),
            "end": (today - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert bad_period.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["traits", "equal_treatment"])
def test_bodies_and_observers_never_reach_the_traits(client, focal_point, observer, name):
    for user in (focal_point, observer):
        client.force_login(user)
        assert client.get(reverse(f"compliance:{name}")).status_code in (403, 404)
