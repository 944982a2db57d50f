"""The typed frozen score (raqib.grids.frozen): lossless round trips, old stored JSON."""

import copy
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings

from raqib.grids.frozen import FrozenScore
from raqib.grids.scoring import score_report
from raqib.grids.tests.test_scoring_examples import EXAMPLES
from raqib.grids.tests.test_scoring_properties import grids_and_answers

MISSIONS_KEYS = {"grid_version": 12, "content_hash": "ab" * 32}


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("extra", [{}, MISSIONS_KEYS], ids=["plain", "with-missions-keys"])
def test_stored_json_reads_and_writes_back_unchanged(name, extra):
    example = EXAMPLES[name]
    stored = json.loads(
        json.dumps({**score_report(example["snapshot"], example["answers"]).to_dict(), **extra})
    )
    frozen = FrozenScore.from_json(stored)
    assert frozen.to_json() == stored
    assert frozen.grid_version == extra.get("grid_version")
    assert frozen.content_hash == extra.get("content_hash")
    assert str(frozen.overall) == example["expected"]["overall"]
    assert str(frozen.out_of_100) == example["expected"]["out_of_100"]
    assert list(frozen.critical_failures) == example["expected"]["critical_failures"]
    assert frozen.critical is bool(example["expected"]["critical_failures"])


def test_typed_values():
    example = EXAMPLES["critical"]
    frozen = FrozenScore.from_result(
        score_report(example["snapshot"], example["answers"]), **MISSIONS_KEYS
    )
    assert frozen.overall == Fraction(49, 100)
    assert frozen.overall_uncapped == Fraction(15, 16)
    assert frozen.capped is True
    assert frozen.out_of_10 == Decimal("4.9")
    assert frozen.threshold == Decimal("7")
    safety = frozen.section("safety")
    assert safety is not None
    assert safety.score == Fraction(3, 4)
    assert [c.code for c in safety.criteria if c.scored] == ["S01", "S02", "S03"]
    assert safety.criteria[0].percent == Decimal("0.0")
    assert frozen.section("nope") is None
    assert frozen.to_json()["grid_version"] == 12


def test_an_old_score_without_the_later_keys_still_reads():
    # A score frozen before `capped`, `overall_uncapped` and the missions keys existed.
    example = EXAMPLES["reception"]
    stored = score_report(example["snapshot"], example["answers"]).to_dict()
    old = copy.deepcopy(stored)
    for key in ("capped", "overall_uncapped", "method"):
        del old[key]
    frozen = FrozenScore.from_json(old)
    assert frozen.overall_uncapped == frozen.overall
    assert frozen.capped is False
    assert frozen.method == 1
    assert frozen.grid_version is None
    assert frozen.to_json() == stored


def test_nothing_stored_reads_as_none():
    assert FrozenScore.read(None) is None
    assert FrozenScore.read({}) is None


def test_a_value_that_is_not_a_number_is_refused():
    example = EXAMPLES["reception"]
    stored = score_report(example["snapshot"], example["answers"]).to_dict()
    stored["overall"] = "abc"
    with pytest.raises(ValueError, match="abc"):
        FrozenScore.from_json(stored)


@settings(max_examples=150, deadline=None)
@given(grids_and_answers())
def test_round_trip_on_random_grids(case):
    grid, answers = case
    result = score_report(grid, answers)
    stored = json.loads(json.dumps({**result.to_dict(), **MISSIONS_KEYS}))
    frozen = FrozenScore.from_json(stored)
    assert frozen.to_json() == stored
    assert FrozenScore.from_json(frozen.to_json()) == frozen
    assert frozen.overall == result.overall
    assert frozen.out_of_100 == result.out_of_100
    assert [c.score for s in frozen.sections for c in s.criteria] == [
        c.score for s in result.sections for c in s.criteria
    ]
