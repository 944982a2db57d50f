import copy
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from raqib.grids.relevance import RelevanceError
from raqib.grids.scoring import (
    AnswerError,
    InvalidAnswer,
    InvalidSnapshot,
    round_half_up,
    score_criterion,
    score_report,
    validate_answers,
)
from raqib.grids.tests.test_scoring_examples import choice, criterion, section, snapshot

LISTS = {
    "courtesy": [choice("good", 1.0), choice("fair", 0.5), choice("poor", 0.0)],
    "mixed": [choice("a", 1.0), choice("b", 0.3), choice("c", 0.0), choice("other", None)],
    "bad": [choice("x", 1.5)],
}
BANDS = [{"max": 10, "score": 1.0}, {"max": 20, "score": 0.5}, {"max": None, "score": 0.0}]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def score(type_, value, **fields):
    return score_criterion(criterion("C", type_, **fields), value, LISTS)


def error_of(type_, value, **fields):
    with pytest.raises(InvalidAnswer) as caught:
        score(type_, value, **fields)
    return caught.value.error


# --- score_criterion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "value", "fields", "expected"),
    [
        ("yes_no", "yes", {}, Fraction(1)),
        ("yes_no", "no", {}, Fraction(0)),
        ("yes_no", "yes", {"negative": True}, Fraction(0)),
        ("yes_no", "no", {"negative": True}, Fraction(1)),
        ("yes_no_na", "yes", {}, Fraction(1)),
        ("yes_no_na", "no", {"negative": True}, Fraction(1)),
        ("yes_no_na", "na", {}, None),
        ("scale", 1, {"scale": {"min": 1, "max": 5}}, Fraction(0)),
        ("scale", 5, {"scale": {"min": 1, "max": 5}}, Fraction(1)),
        ("scale", 2, {"scale": {"min": 1, "max": 5}}, Fraction(1, 4)),
        ("scale", "3", {"scale": {"min": 1, "max": 5}}, Fraction(1, 2)),
        ("scale", " 3.5 ", {"scale": {"min": 1, "max": 5}}, Fraction(5, 8)),
        ("scale", Decimal("7.5"), {"scale": {"min": 0, "max": 10}}, Fraction(3, 4)),
        ("scale", 0.3, {"scale": {"min": 0, "max": 1}}, Fraction(3, 10)),
        ("scale", -1, {"scale": {"min": -2, "max": 2}}, Fraction(1, 4)),
        ("number", 0, {"bands": BANDS}, Fraction(1)),
        ("number", 10, {"bands": BANDS}, Fraction(1)),  # v ≤ max: the boundary is inside
        ("number", "10.01", {"bands": BANDS}, Fraction(1, 2)),
        ("number", 20, {"bands": BANDS}, Fraction(1, 2)),
        ("number", 21, {"bands": BANDS}, Fraction(0)),
        ("number", 10**9, {"bands": BANDS}, Fraction(0)),
        ("number", -5, {"bands": BANDS}, Fraction(1)),
        ("number", 12, {"bands": None}, None),
        ("number", 12, {"bands": []}, None),
        ("single_choice", "good", {"choices": "courtesy"}, Fraction(1)),
        ("single_choice", "fair", {"choices": "courtesy"}, Fraction(1, 2)),
        ("single_choice", "b", {"choices": "mixed"}, Fraction(3, 10)),
        ("single_choice", "other", {"choices": "mixed"}, None),
        ("multiple_choice", ["a", "c"], {"choices": "mixed"}, Fraction(1, 2)),
        ("multiple_choice", "a b", {"choices": "mixed"}, Fraction(13, 20)),
        ("multiple_choice", "a a a c", {"choices": "mixed"}, Fraction(1, 2)),
        ("multiple_choice", ["a", "other"], {"choices": "mixed"}, Fraction(1)),
        ("multiple_choice", ["other"], {"choices": "mixed"}, None),
        ("text", "anything", {}, None),
        ("photo", "photo-123.jpg", {}, None),
        ("datetime", "2026-11-29T10:20:00.000+01:00", {}, None),
        ("datetime", "2026-11-29", {}, None),
        ("datetime", "10:20", {}, None),
        # Weight 0: valid, but not scored.
        ("yes_no", "yes", {"weight": 0}, None),
        ("scale", 3, {"weight": 0.0, "scale": {"min": 1, "max": 5}}, None),
    ],
)
def test_score_criterion(type_, value, fields, expected):
    assert score(type_, value, **fields) == expected


@pytest.mark.parametrize("blank", [None, "", []])
@pytest.mark.parametrize(
    ("type_", "fields"),
    [
        ("yes_no", {}),
        ("scale", {"scale": {"min": 1, "max": 5}}),
        ("number", {"bands": BANDS}),
        ("single_choice", {"choices": "courtesy"}),
        ("multiple_choice", {"choices": "courtesy"}),
        ("text", {}),
    ],
)
def test_blank_is_not_scored(type_, fields, blank):
    assert score(type_, blank, **fields) is None


@pytest.mark.parametrize(
    ("type_", "value", "fields", "kind", "message"),
    [
        ("yes_no", "na", {}, "choice", "Choose one of the proposed answers."),
        ("yes_no", "Yes", {}, "choice", "Choose one of the proposed answers."),
        ("yes_no", True, {}, "choice", "Choose one of the proposed answers."),
        ("yes_no_na", "n/a", {}, "choice", "Choose one of the proposed answers."),
        ("scale", 6, {"scale": {"min": 1, "max": 5}}, "range", "Enter a number between 1 and 5."),
        ("scale", 0.5, {"scale": {"min": 1, "max": 5}}, "range", "Enter a number between 1 and 5."),
        (
            "scale",
            11,
            {"scale": {"min": 0.5, "max": 10.0}},
            "range",
            "Enter a number between 0.5 and 10.",
        ),
        ("scale", "abc", {"scale": {"min": 1, "max": 5}}, "number", "Enter a number."),
        ("scale", True, {"scale": {"min": 0, "max": 1}}, "number", "Enter a number."),
        ("scale", float("nan"), {"scale": {"min": 1, "max": 5}}, "number", "Enter a number."),
        ("scale", "Infinity", {"scale": {"min": 1, "max": 5}}, "number", "Enter a number."),
        ("scale", [3], {"scale": {"min": 1, "max": 5}}, "number", "Enter a number."),
        ("number", "12 min", {"bands": BANDS}, "number", "Enter a number."),
        ("number", "12 min", {"bands": None}, "number", "Enter a number."),
        (
            "number",
            25,
            {"bands": [{"max": 20, "score": 1.0}]},
            "above_bands",
            "Enter a number no greater than 20.",
        ),
        ("single_choice", "great", {"choices": "courtesy"}, "choice", None),
        ("single_choice", ["good"], {"choices": "courtesy"}, "choice", None),
        ("multiple_choice", ["good", "great"], {"choices": "courtesy"}, "choice", None),
        ("multiple_choice", [1], {"choices": "courtesy"}, "choice", None),
        ("datetime", "29/11/2026", {}, "datetime", "Enter a valid date or time."),
        ("datetime", 20261129, {}, "datetime", None),
        ("text", 12, {}, "format", "This answer has the wrong format."),
        ("photo", ["a.jpg"], {}, "format", None),
        # Invalid input is refused even when it would not count.
        ("yes_no", "maybe", {"weight": 0}, "choice", None),
    ],
)
def test_invalid_answers_are_refused_not_scored(type_, value, fields, kind, message):
    error = error_of(type_, value, **fields)
    assert (error.criterion, error.kind) == ("C", kind)
    if message:
        assert error.message == message
        assert str(error) == message


@pytest.mark.parametrize(
    ("type_", "fields"),
    [
        ("rating", {}),
        ("scale", {"scale": None}),
        ("scale", {"scale": {"min": 5, "max": 5}}),
        ("scale", {"scale": {"min": 1}}),
        ("single_choice", {"choices": "missing"}),
        ("single_choice", {"choices": None}),
        ("single_choice", {"choices": "bad"}),
        ("number", {"bands": [{"max": 10, "score": 2.0}]}),
        ("number", {"bands": [{"max": "ten", "score": 1.0}]}),
        ("yes_no", {"weight": -1}),
    ],
)
def test_snapshot_defects_raise_invalid_snapshot(type_, fields):
    value = {"single_choice": "x", "number": 5, "scale": 3}.get(type_, "yes")
    with pytest.raises(InvalidSnapshot):
        score(type_, value, **fields)


def test_round_half_up_is_exact():
    assert round_half_up(Fraction(685, 10)) == Decimal("68.5")
    assert round_half_up(Fraction(6875, 100)) == Decimal("68.8")
    assert round_half_up(Fraction(6849999, 100000)) == Decimal("68.5")
    assert round_half_up(Fraction(6844999, 100000)) == Decimal("68.4")
    assert round_half_up(Fraction(2, 3) * 100) == Decimal("66.7")
    assert round_half_up(Fraction(0)) == Decimal("0.0")
    assert round_half_up(Fraction(100)) == Decimal("100.0")
    assert round_half_up(Fraction(-5, 100)) == Decimal("-0.1")
    assert round_half_up(Fraction(1, 8), places=2) == Decimal("0.13")
    # float 0.685 * 100 is 68.49999...; exact fractions do not have that problem.
    assert round_half_up(Fraction("0.685") * 100) == Decimal("68.5")


# --- score_report ------------------------------------------------------------------------


def test_relevance_hides_answers_and_cascades():
    grid = snapshot(
        section(
            "s",
            1,
            criterion("A", "yes_no"),
            criterion("B", "yes_no", relevant="${A} = 'yes'"),
            criterion("C", "yes_no", relevant="${B} = 'yes'"),  # B hidden → blank → hidden
            criterion("D", "yes_no", relevant="${B} = ''"),  # B hidden → blank → shown
        )
    )
    result = score_report(grid, {"A": "no", "B": "yes", "C": "no", "D": "yes"})
    assert [c.status for c in result.sections[0].criteria] == [
        "scored",
        "hidden",
        "hidden",
        "scored",
    ]
    assert result.overall == Fraction(1, 2)


def test_hidden_invalid_answer_is_ignored_but_shown_one_raises():
    grid = snapshot(
        section(
            "s",
            1,
            criterion("A", "yes_no"),
            criterion("B", "yes_no", relevant="${A} = 'yes'"),
        )
    )
    assert score_report(grid, {"A": "no", "B": "garbage"}).overall == 0
    assert validate_answers(grid, {"A": "no", "B": "garbage"}) == []
    with pytest.raises(InvalidAnswer) as caught:
        score_report(grid, {"A": "yes", "B": "garbage"})
    assert caught.value.error == AnswerError("B", "choice")
    assert str(caught.value) == "B: Choose one of the proposed answers."


def test_invalid_relevance_in_snapshot_raises():
    grid = snapshot(section("s", 1, criterion("A", "yes_no", relevant="${A} = yes")))
    with pytest.raises(RelevanceError):
        score_report(grid, {"A": "yes"})


def test_nothing_applicable_gives_no_score():
    grid = snapshot(
        section("s", 1, criterion("A", "yes_no_na"), criterion("T", "text")),
        section("empty", 1),
    )
    result = score_report(grid, {"A": "na", "T": "x"})
    assert result.overall is None
    assert result.out_of_100 is None
    assert result.out_of_10 is None
    assert result.conforming is None
    assert [s.score for s in result.sections] == [None, None]
    assert result.to_dict()["overall"] is None


def test_section_weight_zero_is_reported_but_not_counted():
    grid = snapshot(
        section("counted", 1, criterion("A", "yes_no")),
        section("info", 0, criterion("B", "yes_no")),
    )
    result = score_report(grid, {"A": "yes", "B": "no"})
    assert result.section("info").score == 0
    assert result.overall == 1
    assert result.to_dict()["sections"][1]["contribution"] is None


def test_critical_failure_without_cap_is_only_flagged():
    grid = snapshot(
        section("s", 1, criterion("A", "yes_no", critical=True), criterion("B", "yes_no"))
    )
    result = score_report(grid, {"A": "no", "B": "yes"})
    assert result.critical_failures == ("A",)
    assert result.overall == Fraction(1, 2)
    assert not result.capped


def test_cap_does_not_raise_a_lower_score():
    grid = snapshot(
        section("s", 1, criterion("A", "yes_no", critical=True), criterion("B", "yes_no")),
        cap=49.0,
    )
    result = score_report(grid, {"A": "no", "B": "no"})
    assert result.overall == 0
    assert not result.capped


@pytest.mark.parametrize("answer", ["na", None])
def test_critical_not_applicable_is_no_failure(answer):
    grid = snapshot(
        section("s", 1, criterion("A", "yes_no_na", critical=True), criterion("B", "yes_no")),
        cap=49.0,
    )
    result = score_report(grid, {"A": answer, "B": "yes"})
    assert result.critical_failures == ()
    assert result.overall == 1


def test_critical_partial_score_is_no_failure():
    grid = snapshot(
        section("s", 1, criterion("A", "scale", critical=True, scale={"min": 0, "max": 4})),
        cap=49.0,
    )
    assert score_report(grid, {"A": 1}).critical_failures == ()
    assert score_report(grid, {"A": 0}).critical_failures == ("A",)


@pytest.mark.parametrize(
    ("answer", "threshold", "out_of_10", "conforming"),
    [
        (70, 7.0, "7.0", True),  # exactly on the threshold conforms
        (69, 7.0, "6.9", False),
        (65, 6.5, "6.5", True),
        (695, 7.0, "7.0", True),  # 6.95 rounds half up to 7.0
        (6949, 7.0, "6.9", False),
    ],
)
def test_conformity_threshold(answer, threshold, out_of_10, conforming):
    top = 100 if answer < 100 else 1000 if answer < 1000 else 10000
    grid = snapshot(
        section("s", 1, criterion("A", "scale", scale={"min": 0, "max": top})),
        threshold=threshold,
    )
    result = score_report(grid, {"A": answer})
    assert str(result.out_of_10) == out_of_10
    assert result.conforming is conforming


def test_out_of_10_is_rounded_from_the_exact_score_not_from_out_of_100():
    # 0.6849 → 68.5 out of 100, but 6.849 → 6.8 out of 10 (not 6.85 → 6.9).
    grid = snapshot(section("s", 1, criterion("A", "scale", scale={"min": 0, "max": 10000})))
    result = score_report(grid, {"A": 6849})
    assert (str(result.out_of_100), str(result.out_of_10)) == ("68.5", "6.8")


def test_default_threshold_and_missing_settings():
    grid = snapshot(section("s", 1, criterion("A", "yes_no")))
    del grid["settings"]
    result = score_report(grid, {"A": "yes"})
    assert result.threshold == 7
    assert result.conforming is True


@pytest.mark.parametrize(
    "change",
    [
        lambda g: g.update(schema=2),
        lambda g: g["sections"][0]["criteria"].append(criterion("A", "yes_no")),
        lambda g: g["sections"][0]["criteria"].append(criterion("", "yes_no")),
        lambda g: g["settings"].update(critical_cap=150),
        lambda g: g["settings"].update(conformity_threshold="high"),
        lambda g: g["sections"][0].update(weight=-2),
    ],
)
def test_broken_snapshots_raise(change):
    grid = snapshot(section("s", 1, criterion("A", "yes_no")))
    change(grid)
    with pytest.raises(InvalidSnapshot):
        score_report(grid, {"A": "yes"})


def test_inputs_are_not_mutated_and_to_dict_is_json():
    grid = snapshot(
        section(
            "s",
            1,
            criterion("A", "yes_no"),
            criterion("B", "multiple_choice", choices="mixed", relevant="${A} = 'yes'"),
        ),
        choice_lists=LISTS,
    )
    answers = {"A": "no", "B": ["a", "b"], "extra": "ignored"}
    before = (copy.deepcopy(grid), copy.deepcopy(answers))
    frozen = score_report(grid, answers).to_dict()
    validate_answers(grid, answers)
    assert (grid, answers) == before
    assert json.loads(json.dumps(frozen)) == frozen
    assert frozen["method"] == 1
    assert frozen["sections"][0]["criteria"][1] == {
        "code": "B",
        "type": "multiple_choice",
        "weight": "1",
        "critical": False,
        "status": "hidden",
        "score": None,
        "percent": None,
        "contribution": None,
    }


def test_criterion_and_section_lookup():
    grid = snapshot(section("s", 1, criterion("A", "yes_no")))
    result = score_report(grid, {"A": "yes"})
    assert result.criterion("A").score == 1
    assert result.section("s").score == 1
    with pytest.raises(KeyError):
        result.criterion("Z")
    with pytest.raises(KeyError):
        result.section("z")


# --- validate_answers --------------------------------------------------------------------


def test_validate_answers_lists_every_problem_in_form_order():
    grid = snapshot(
        section(
            "s",
            1,
            criterion("A", "yes_no"),
            criterion("B", "scale", scale={"min": 1, "max": 5}),
            criterion("C", "single_choice", choices="courtesy"),
            criterion("D", "text", required=False),
            criterion("E", "number", relevant="${A} = 'yes'"),  # required but hidden
            criterion("F", "number"),
        ),
        choice_lists=LISTS,
    )
    errors = validate_answers(grid, {"B": 9, "C": "great", "F": "soon"})
    assert [(e.criterion, e.kind) for e in errors] == [
        ("A", "required"),
        ("B", "range"),
        ("C", "choice"),
        ("F", "number"),
    ]
    assert [e.message for e in errors] == [
        "An answer is required.",
        "Enter a number between 1 and 5.",
        "Choose one of the proposed answers.",
        "Enter a number.",
    ]


def test_na_satisfies_required():
    grid = snapshot(section("s", 1, criterion("A", "yes_no_na")))
    assert validate_answers(grid, {"A": "na"}) == []
    assert validate_answers(grid, {"A": ""}) == [AnswerError("A", "required")]


@pytest.mark.parametrize(
    ("type_", "answer", "photo", "ok"),
    [
        ("yes_no", "no", None, False),
        ("yes_no", "no", "", False),
        ("yes_no", "no", "evidence/42.jpg", True),
        ("yes_no", "no", ["1.jpg", "2.jpg"], True),
        ("yes_no", "yes", None, True),
        ("single_choice", "poor", None, False),
        ("single_choice", "good", None, True),
        ("multiple_choice", "good poor", None, False),
        ("multiple_choice", ["good", "fair"], None, True),
    ],
)
def test_evidence_rule(type_, answer, photo, ok):
    grid = snapshot(
        section(
            "s",
            1,
            criterion(
                "A",
                type_,
                choices="courtesy" if "choice" in type_ else None,
                evidence={"photo_required_when": ["no", "poor"]},
            ),
        ),
        choice_lists=LISTS,
    )
    answers = {"A": answer, "A__photo": photo}
    errors = validate_answers(grid, answers)
    assert errors == ([] if ok else [AnswerError("A", "evidence")])
    if not ok:
        assert errors[0].message == "A photo is required for this answer."


def test_evidence_rule_does_not_apply_to_hidden_criteria():
    grid = snapshot(
        section(
            "s",
            1,
            criterion("A", "yes_no"),
            criterion(
                "B",
                "yes_no",
                relevant="${A} = 'yes'",
                evidence={"photo_required_when": ["no"]},
            ),
        )
    )
    assert validate_answers(grid, {"A": "no", "B": "no"}) == []
    assert validate_answers(grid, {"A": "yes", "B": "no"}) == [AnswerError("B", "evidence")]


def test_messages_are_translatable():
    error = AnswerError("A", "range", (("max", "5"), ("min", "1")))
    with translation.override("fr"):
        assert isinstance(error.message, str)
    with translation.override("ar"):
        assert isinstance(str(error), str)
