"""Agreement between paired observers, against a hand computation (docs/training.md).

Three validated pairs on the missions' test grid (categorical criteria Q01 yes/no, Q03
choice, Q04 yes/no, Q05 scale; Q02 is a number and not compared):
  pair 1: A (yes, good, no, 4)  B (yes, fair, no, 4)
  pair 2: A (no,  good, no, 5)  B (yes, good, no, 3)
  pair 3: A (yes, poor, no, 2)  B (yes, poor, no, 2)
Q01: p_o 2/3; A yes 2 no 1, B yes 3 → p_e (2×3)/9 = 2/3 → κ 0; 66.7 % → flagged.
Q03: p_o 2/3; A good 2 poor 1, B fair 1 good 1 poor 1 → p_e (2×1 + 1×1)/9 = 1/3 → κ 0.5.
Q04: always no/no → p_o 1, p_e 1 → κ undefined ("—"), 100 %.
Q05: p_o 2/3; p_e (1×1 + 1×1)/9 = 2/9 → κ (4/9)/(7/9) = 4/7 ≈ 0.57.
Each observer: 9 of 12 answers agree with the pair → 75.0 %.
A pair with one report not validated does not count.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from raqib.missions.models import Report, ReportStatus
from raqib.missions.pair_agreement import pair_agreement
from raqib.missions.services import mission_pair_create
from raqib.missions.tests.factories import grid_version, make_point, window

pytestmark = pytest.mark.django_db


def _answers(q01: str, q03: str, q05: int) -> dict[str, object]:
    return {"Q01": q01, "Q03": q03, "Q04": "no", "Q05": q05}


PAIRS = [
    (_answers("yes", "good", 4), _answers("yes", "fair", 4)),
    (_answers("no", "good", 5), _answers("yes", "good", 3)),
    (_answers("yes", "poor", 2), _answers("yes", "poor", 2)),
]


@pytest.fixture
def pairs(coordinator, make_observer):
    alice, bilel = make_observer("alice"), make_observer("bilel")
    start, end = window()

    def pair(a, b, status=ReportStatus.VALIDATED):
        first, second = mission_pair_create(
            actor=coordinator,
            service_point=make_point(),
            grid_version=grid_version(),
            window_start=start,
            window_end=end,
            observers=(alice, bilel),
        )
        for mission, answers in ((first, a), (second, b)):
            Report.objects.create(
                mission=mission,
                observer=mission.observer,
                answers={**answers, "Q02": 5},
                status=status if mission is second else ReportStatus.VALIDATED,
            )

    for a, b in PAIRS:
        pair(a, b)
    pair(*PAIRS[0], status=ReportStatus.SUBMITTED)  # not counted


def test_pair_agreement_matches_the_hand_computation(pairs):
    found = pair_agreement()
    assert found.pairs == 3
    rows = {c.code: c for c in found.criteria}
    assert set(rows) == {"Q01", "Q03", "Q04", "Q05"}
    assert (rows["Q01"].agreeing, rows["Q01"].pairs) == (2, 3)
    assert rows["Q01"].kappa == pytest.approx(0.0)
    assert rows["Q01"].flagged
    assert rows["Q03"].kappa == pytest.approx(0.5)
    assert rows["Q04"].kappa is None
    assert not rows["Q04"].flagged
    assert rows["Q05"].kappa == pytest.approx(4 / 7)
    assert [(o.pseudonym, o.agreeing, o.answers) for o in found.observers] == [
        ("ALICE", 9, 12),
        ("BILEL", 9, 12),
    ]


def test_the_page_shows_the_figures_to_coordinators(client, coordinator, pairs):
    client.force_login(coordinator)
    page = client.get(reverse("missions:pair_agreement"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "0.57" in text or "0,57" in text
    assert "75.0" in text or "75,0" in text
