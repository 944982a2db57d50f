"""Cohen's kappa and practice agreement on hand-computed fixtures, plus properties."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from raqib.training.agreement import cohen_kappa, kappa_by_criterion, practice_agreement


def test_kappa_hand_computed():
    """10 pairs: (yes, yes) × 4, (no, no) × 3, (yes, no) × 2, (no, yes) × 1.
    p_o = 7/10 = 0.7. Rater A: yes 6, no 4; rater B: yes 5, no 5.
    p_e = 0.6 × 0.5 + 0.4 × 0.5 = 0.5. κ = (0.7 − 0.5) / (1 − 0.5) = 0.4."""
    pairs = [("yes", "yes")] * 4 + [("no", "no")] * 3 + [("yes", "no")] * 2 + [("no", "yes")]
    assert math.isclose(cohen_kappa(pairs), 0.4)


def test_kappa_three_categories_hand_computed():
    """6 pairs over good/fair/poor: (g,g) (g,g) (f,f) (p,p) (g,f) (f,p).
    p_o = 4/6. A: g 3, f 2, p 1; B: g 2, f 2, p 2.
    p_e = (3·2 + 2·2 + 1·2) / 36 = 12/36 = 1/3. κ = (2/3 − 1/3) / (2/3) = 0.5."""
    pairs = [("g", "g"), ("g", "g"), ("f", "f"), ("p", "p"), ("g", "f"), ("f", "p")]
    assert math.isclose(cohen_kappa(pairs), 0.5)


def test_kappa_undefined_and_empty():
    assert cohen_kappa([]) is None
    assert cohen_kappa([("yes", "yes")] * 5) is None  # p_e = 1


def test_practice_agreement_hand_computed():
    reference = {"Q01": "yes", "Q02": 4, "Q03": "good", "Q04": "no", "Q05": 3}
    answers = {"Q01": "yes", "Q02": "4", "Q03": "fair", "Q04": "no"}  # Q05 left out
    found = practice_agreement(reference=reference, answers=answers)
    assert found.matched == 3  # Q01, Q02 (4 = "4"), Q04
    assert found.compared == 5
    assert found.percent == 60.0
    assert found.per_criterion == {
        "Q01": True,
        "Q02": True,
        "Q03": False,
        "Q04": True,
        "Q05": False,
    }


def test_kappa_by_criterion_groups_pairs():
    ratings = [("Q01", "yes", "yes"), ("Q01", "no", "no"), ("Q02", "yes", "no")]
    found = kappa_by_criterion(ratings)
    assert found["Q01"] == (2, 1.0)
    assert found["Q02"][0] == 1


answers = st.sampled_from(["yes", "no", "na", "1", "2"])
pair_lists = st.lists(st.tuples(answers, answers), min_size=1, max_size=40)


@given(pair_lists)
def test_kappa_is_at_most_one_and_symmetric(pairs):
    kappa = cohen_kappa(pairs)
    swapped = cohen_kappa([(b, a) for a, b in pairs])
    if kappa is None:
        assert swapped is None
    else:
        assert kappa <= 1 + 1e-12
        assert math.isclose(kappa, swapped, abs_tol=1e-12)


@given(st.lists(answers, min_size=2, max_size=40))
def test_identical_ratings_agree_perfectly(values):
    kappa = cohen_kappa([(v, v) for v in values])
    assert kappa is None or math.isclose(kappa, 1.0)
