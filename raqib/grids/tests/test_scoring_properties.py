"""Properties of the scoring method on random grids and answers (hypothesis)."""

import copy
from fractions import Fraction

from hypothesis import event, given, settings
from hypothesis import strategies as st

from raqib.grids.relevance import references
from raqib.grids.scoring import score_criterion, score_report, validate_answers
from raqib.grids.tests.test_scoring_examples import choice, criterion, section, snapshot

FAST = settings(max_examples=200, deadline=None)

unit_scores = st.sampled_from([0.0, 0.25, 0.3, 0.5, 2 / 3, 0.75, 1.0])
weights = st.sampled_from([0, 0.5, 1, 1, 1, 2, 3, 10])
CHOICE_LIST = [
    choice("a", 1.0),
    choice("b", 0.6),
    choice("c", 0.25),
    choice("d", 0.0),
    choice("none", None),
]
NAMES = [c["name"] for c in CHOICE_LIST]
TYPES = [
    "yes_no",
    "yes_no_na",
    "scale",
    "number",
    "single_choice",
    "multiple_choice",
    "text",
    "datetime",
]


@st.composite
def criteria(draw, code, earlier_yes_no):
    type_ = draw(st.sampled_from(TYPES))
    fields = {
        "weight": draw(weights),
        "critical": draw(st.booleans()),
        "negative": draw(st.booleans()) if type_.startswith("yes_no") else False,
    }
    if type_ == "scale":
        low = draw(st.integers(-3, 3))
        fields["scale"] = {"min": low, "max": low + draw(st.integers(1, 10))}
    elif type_ == "number" and draw(st.booleans()):
        limits = sorted(draw(st.sets(st.integers(0, 60), min_size=1, max_size=3)))
        scores = draw(st.lists(unit_scores, min_size=len(limits) + 1, max_size=len(limits) + 1))
        fields["bands"] = [{"max": m, "score": s} for m, s in zip(limits, scores, strict=False)]
        fields["bands"].append({"max": None, "score": scores[-1]})
    elif type_.endswith("choice"):
        fields["choices"] = "opts"
    if earlier_yes_no and draw(st.integers(0, 3)) == 0:
        gate = draw(st.sampled_from(earlier_yes_no))
        fields["relevant"] = draw(
            st.sampled_from(
                [f"${{{gate}}} = 'yes'", f"${{{gate}}} != 'no'", f"not(${{{gate}}} = 'yes')"]
            )
        )
    return criterion(code, type_, **fields)


@st.composite
def grids(draw):
    sections, yes_no = [], []
    number = 0
    for s in range(draw(st.integers(1, 4))):
        items = []
        for _ in range(draw(st.integers(0, 5))):
            number += 1
            code = f"Q{number:02d}"
            item = draw(criteria(code, yes_no))
            if item["type"].startswith("yes_no"):
                yes_no.append(code)
            items.append(item)
        sections.append(section(f"S{s}", draw(weights), *items))
    cap = draw(st.sampled_from([None, None, 49.0, 0.0, 80.0]))
    threshold = draw(st.sampled_from([7.0, 5.0, 8.5]))
    return snapshot(*sections, cap=cap, threshold=threshold, choice_lists={"opts": CHOICE_LIST})


def valid_answers(item, *, blank=True):
    """A strategy of valid (or blank) answers for one criterion."""
    type_ = item["type"]
    if type_ == "yes_no":
        values = st.sampled_from(["yes", "no"])
    elif type_ == "yes_no_na":
        values = st.sampled_from(["yes", "no", "na"])
    elif type_ == "scale":
        values = st.integers(item["scale"]["min"], item["scale"]["max"])
    elif type_ == "number":
        values = st.one_of(st.integers(-5, 80), st.integers(-5, 80).map(str))
    elif type_ == "single_choice":
        values = st.sampled_from(NAMES)
    elif type_ == "multiple_choice":
        values = st.lists(st.sampled_from(NAMES), min_size=1, max_size=4)
    elif type_ == "datetime":
        values = st.sampled_from(["2026-11-29", "2026-11-29T10:00:00+01:00"])
    else:
        values = st.text(max_size=5)
    return st.one_of(st.sampled_from([None, ""]), values) if blank else values


def all_criteria(grid):
    return [c for s in grid["sections"] for c in s["criteria"]]


@st.composite
def grids_and_answers(draw):
    grid = draw(grids())
    answers = {c["code"]: draw(valid_answers(c)) for c in all_criteria(grid)}
    return grid, answers


def scores_of(result):
    """Everything but the weights themselves."""
    return (
        result.overall_uncapped,
        result.overall,
        result.out_of_100,
        result.out_of_10,
        result.conforming,
        result.critical_failures,
        [(s.code, s.score) for s in result.sections],
        [(c.code, c.status, c.score) for s in result.sections for c in s.criteria],
    )


@FAST
@given(grids_and_answers())
def test_scores_stay_in_range(case):
    grid, answers = case
    assert all(e.kind == "required" for e in validate_answers(grid, answers))
    result = score_report(grid, answers)
    for s in result.sections:
        assert s.score is None or 0 <= s.score <= 1
        for c in s.criteria:
            assert c.score is None or 0 <= c.score <= 1
            assert (c.score is not None) == (c.status == "scored")
    if result.overall is None:
        assert result.out_of_100 is None
        assert result.conforming is None
    else:
        assert 0 <= result.overall <= result.overall_uncapped <= 1
        assert 0 <= result.out_of_100 <= 100
        assert 0 <= result.out_of_10 <= 10
        assert result.conforming is (result.out_of_10 >= result.threshold)
        if result.critical_failures and result.critical_cap is not None:
            assert result.overall * 100 <= result.critical_cap


@FAST
@given(grids_and_answers(), st.data())
def test_raising_one_answer_never_lowers_the_overall(case, data):
    grid, answers = case
    referenced = set().union(
        *(references(c["relevant"]) for c in all_criteria(grid) if c["relevant"])
    )
    candidates = [
        c
        for s in grid["sections"]
        for c in s["criteria"]
        if c["code"] not in referenced and c["weight"] and s["weight"]
        if c["type"] not in ("text", "datetime") and (c["type"] != "number" or c["bands"])
    ]
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates))
    first, second = (data.draw(valid_answers(item, blank=False)) for _ in "12")
    low, high = (score_criterion(item, v, grid["choice_lists"]) for v in (first, second))
    if low is None or high is None:
        return
    if low > high:
        first, second = second, first
    before = score_report(grid, {**answers, item["code"]: first})
    after = score_report(grid, {**answers, item["code"]: second})
    if before.overall is None:  # hidden criterion, zero weights: neither answer counts
        assert after.overall is None
        return
    event("compared" if after.overall != before.overall else "compared, equal")
    assert after.overall >= before.overall
    assert after.overall_uncapped >= before.overall_uncapped
    assert after.out_of_100 >= before.out_of_100


@FAST
@given(
    grids_and_answers(),
    st.fractions(min_value=Fraction(1, 1000), max_value=1000),
    st.fractions(min_value=Fraction(1, 1000), max_value=1000),
)
def test_scaling_weights_changes_nothing(case, criteria_factor, section_factor):
    grid, answers = case
    scaled = copy.deepcopy(grid)
    for s in scaled["sections"]:
        s["weight"] = Fraction(repr(s["weight"])) * section_factor
        for c in s["criteria"]:
            c["weight"] = Fraction(repr(c["weight"])) * criteria_factor
    assert scores_of(score_report(scaled, answers)) == scores_of(score_report(grid, answers))


@FAST
@given(grids_and_answers(), st.sampled_from([2, 3, 10, 100]))
def test_scaling_float_weights_by_an_integer_changes_nothing(case, factor):
    grid, answers = case
    scaled = copy.deepcopy(grid)
    for s in scaled["sections"]:
        s["weight"] = float(s["weight"] * factor)
        for c in s["criteria"]:
            c["weight"] = float(c["weight"] * factor)
    assert scores_of(score_report(scaled, answers)) == scores_of(score_report(grid, answers))


NOT_APPLICABLE = [
    # (criterion fields, answer)
    ({"type": "yes_no", "relevant": "false()"}, "yes"),
    ({"type": "yes_no", "critical": True, "relevant": "1 = 2"}, "no"),
    ({"type": "yes_no"}, None),
    ({"type": "yes_no_na", "critical": True}, "na"),
    ({"type": "yes_no", "weight": 0, "critical": True}, "no"),
    ({"type": "text"}, "comment"),
    ({"type": "number"}, 12),
    ({"type": "single_choice", "choices": "opts"}, "none"),
    ({"type": "multiple_choice", "choices": "opts"}, []),
]


@FAST
@given(grids_and_answers(), st.sampled_from(NOT_APPLICABLE), st.data())
def test_adding_a_not_applicable_criterion_changes_nothing(case, extra, data):
    grid, answers = case
    fields, answer = extra
    changed = copy.deepcopy(grid)
    target = data.draw(st.sampled_from(changed["sections"]))["criteria"]
    position = data.draw(st.integers(0, len(target)))
    target.insert(position, criterion("EXTRA", fields["type"], **fields))
    result = score_report(changed, {**answers, "EXTRA": answer})
    original = score_report(grid, answers)
    assert result.criterion("EXTRA").status != "scored"
    assert scores_of(result)[:7] == scores_of(original)[:7]


@FAST
@given(grids_and_answers())
def test_adding_an_empty_section_changes_nothing(case):
    grid, answers = case
    changed = copy.deepcopy(grid)
    changed["sections"].append(section("EMPTY", 5, criterion("EXTRA", "yes_no_na")))
    result = score_report(changed, {**answers, "EXTRA": "na"})
    assert scores_of(result)[:6] == scores_of(score_report(grid, answers))[:6]


@FAST
@given(grids_and_answers())
def test_deterministic_and_independent_of_answer_order(case):
    grid, answers = case
    frozen = copy.deepcopy((grid, answers))
    first = score_report(grid, answers)
    second = score_report(grid, dict(reversed(list(answers.items()))))
    assert first == second
    assert first.to_dict() == second.to_dict()
    assert (grid, answers) == frozen
