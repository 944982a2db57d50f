"""The worked examples of docs/scoring.md, replayed number by number (keep both in sync).

The snapshot builders here are also used by the other scoring tests.
"""

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from raqib.grids.scoring import score_report, validate_answers


def text(value: str) -> dict[str, str]:
    return {"ar": value, "fr": value}


def criterion(code: str, type_: str, **fields: Any) -> dict[str, Any]:
    """A criterion with every field of the snapshot contract (defaults as the importer's)."""
    return {
        "code": code,
        "label": text(code),
        "guidance": text(""),
        "type": type_,
        "weight": 1.0,
        "required": True,
        "relevant": None,
        "negative": False,
        "scale": None,
        "unit": "",
        "bands": None,
        "choices": None,
        "critical": False,
        "evidence": None,
        "reference": "",
        **fields,
    }


def section(code: str, weight: float, *criteria: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "label": text(code), "weight": weight, "criteria": list(criteria)}


def snapshot(
    *sections: dict[str, Any],
    threshold: float = 7.0,
    cap: float | None = None,
    choice_lists: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    return {
        "schema": 1,
        "grid": {
            "code": "TEST",
            "kind": "evaluation",
            "channel": "in_person",
            "title": text("Test"),
            "description": text(""),
        },
        "settings": {"conformity_threshold": threshold, "critical_cap": cap},
        "choice_lists": choice_lists or {},
        "sections": list(sections),
    }


def choice(name: str, score: float | None) -> dict[str, Any]:
    return {"name": name, "label": text(name), "score": score}


# --- Worked examples (docs/scoring.md) ---------------------------------------------------
# "expected" lists every intermediate number the document shows, as exact fraction strings.

EXAMPLE_1 = {
    "snapshot": snapshot(
        section(
            "reception",
            2.0,
            criterion("Q00", "yes_no"),
            criterion("Q01", "yes_no"),
            criterion(
                "Q02", "single_choice", weight=2.0, choices="courtesy", relevant="${Q01} = 'yes'"
            ),
            criterion("Q03", "yes_no_na"),
        ),
        section(
            "information",
            1.0,
            criterion("Q04", "yes_no", negative=True),
            criterion("Q05", "scale", weight=2.0, scale={"min": 1, "max": 5}),
            criterion("Q06", "text", required=False),
        ),
        choice_lists={
            "courtesy": [
                choice("good", 1.0),
                choice("fair", 0.5),
                choice("poor", 0.0),
                choice("not_observed", None),
            ]
        },
    ),
    "answers": {
        "Q00": "yes",
        "Q01": "no",
        "Q02": "good",  # answered, but hidden: Q01 is not "yes"
        "Q03": "na",
        "Q04": "no",
        "Q05": 4,
        "Q06": "Helpful agent at the second desk.",
    },
    "expected": {
        "criteria": {
            "Q00": ("scored", "1"),
            "Q01": ("scored", "0"),
            "Q02": ("hidden", None),
            "Q03": ("na", None),
            "Q04": ("scored", "1"),
            "Q05": ("scored", "3/4"),
            "Q06": ("not_scored", None),
        },
        # section: (Σw, Σw·s, score)
        "sections": {
            "reception": ("2", "1", "1/2"),
            "information": ("3", "5/2", "5/6"),
        },
        "overall_uncapped": "11/18",
        "overall": "11/18",
        "out_of_100": "61.1",
        "out_of_10": "6.1",
        "conforming": False,
        "critical_failures": [],
    },
}

EXAMPLE_2 = {
    "snapshot": snapshot(
        section(
            "call",
            1.0,
            criterion(
                "P01",
                "number",
                weight=2.0,
                unit="rings",
                bands=[
                    {"max": 3, "score": 1.0},
                    {"max": 6, "score": 0.5},
                    {"max": None, "score": 0.0},
                ],
            ),
            criterion(
                "P02",
                "number",
                unit="minutes",
                bands=[
                    {"max": 2, "score": 1.0},
                    {"max": 5, "score": 0.5},
                    {"max": None, "score": 0.0},
                ],
            ),
            criterion("P03", "multiple_choice", choices="call_quality"),
            criterion("P04", "number", unit="minutes", required=False),
        ),
        threshold=6.5,
        choice_lists={
            "call_quality": [
                choice("greeting", 1.0),
                choice("name_given", 1.0),
                choice("transfer", 0.5),
                choice("hung_up", 0.0),
                choice("other", None),
            ]
        },
    ),
    "answers": {"P01": 5, "P02": "1.5", "P03": "greeting transfer other", "P04": 7},
    "expected": {
        "criteria": {
            "P01": ("scored", "1/2"),
            "P02": ("scored", "1"),
            "P03": ("scored", "3/4"),
            "P04": ("not_scored", None),
        },
        "sections": {"call": ("4", "11/4", "11/16")},
        "overall_uncapped": "11/16",
        "overall": "11/16",
        "out_of_100": "68.8",
        "out_of_10": "6.9",
        "conforming": True,
        "critical_failures": [],
    },
}

EXAMPLE_3 = {
    "snapshot": snapshot(
        section(
            "safety",
            1.0,
            criterion("S01", "yes_no", critical=True),
            criterion("S02", "yes_no"),
            criterion("S03", "scale", weight=2.0, scale={"min": 0, "max": 10}),
        ),
        section(
            "service",
            3.0,
            criterion("S04", "yes_no"),
            criterion("S05", "yes_no"),
        ),
        cap=49.0,
    ),
    "answers": {"S01": "no", "S02": "yes", "S03": 10, "S04": "yes", "S05": "yes"},
    "expected": {
        "criteria": {
            "S01": ("scored", "0"),
            "S02": ("scored", "1"),
            "S03": ("scored", "1"),
            "S04": ("scored", "1"),
            "S05": ("scored", "1"),
        },
        "sections": {"safety": ("4", "3", "3/4"), "service": ("2", "2", "1")},
        "overall_uncapped": "15/16",
        "overall": "49/100",
        "out_of_100": "49.0",
        "out_of_10": "4.9",
        "conforming": False,
        "critical_failures": ["S01"],
    },
}

EXAMPLES = {"reception": EXAMPLE_1, "phone": EXAMPLE_2, "critical": EXAMPLE_3}


@pytest.mark.parametrize("name", EXAMPLES)
def test_worked_example(name):
    example = EXAMPLES[name]
    expected = example["expected"]
    assert validate_answers(example["snapshot"], example["answers"]) == []
    result = score_report(example["snapshot"], example["answers"])

    for code, (status, score) in expected["criteria"].items():
        found = result.criterion(code)
        assert (found.status, None if found.score is None else str(found.score)) == (
            status,
            score,
        ), code
    assert {
        s.code: (str(s.weight_sum), str(s.weighted_sum), str(s.score)) for s in result.sections
    } == expected["sections"]
    assert str(result.overall_uncapped) == expected["overall_uncapped"]
    assert str(result.overall) == expected["overall"]
    assert str(result.out_of_100) == expected["out_of_100"]
    assert str(result.out_of_10) == expected["out_of_10"]
    assert result.conforming is expected["conforming"]
    assert list(result.critical_failures) == expected["critical_failures"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_worked_example_frozen_form(name):
    example = EXAMPLES[name]
    frozen = score_report(example["snapshot"], example["answers"]).to_dict()
    assert json.loads(json.dumps(frozen)) == frozen
    assert frozen["overall"] == example["expected"]["overall"]
    assert frozen["out_of_100"] == example["expected"]["out_of_100"]
    # The contributions explain the score exactly: they add up to it.
    overall_parts = [Fraction(s["contribution"]) for s in frozen["sections"] if s["contribution"]]
    assert sum(overall_parts) == Fraction(frozen["overall_uncapped"])
    for section in frozen["sections"]:
        parts = [Fraction(c["contribution"]) for c in section["criteria"] if c["contribution"]]
        assert sum(parts) == Fraction(section["score"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_document_shows_the_same_results(name):
    # A light guard against the markdown drifting from the data above.
    document = (Path(__file__).resolve().parents[3] / "docs" / "scoring.md").read_text()
    expected = EXAMPLES[name]["expected"]
    assert f"out_of_100 = {expected['out_of_100']}" in document
    assert f"out_of_10 = {expected['out_of_10']}" in document
    assert expected["overall"] in document
    for code in expected["criteria"]:
        assert f"| {code} |" in document


def test_contributions_of_a_capped_report_add_up_to_the_uncapped_score():
    # docs/scoring.md §5 and Example 3: the cap lowers `overall`, not the contributions.
    example = EXAMPLES["critical"]
    frozen = score_report(example["snapshot"], example["answers"]).to_dict()
    sections = {s["code"]: s for s in frozen["sections"]}
    assert (sections["safety"]["contribution"], sections["service"]["contribution"]) == (
        "3/16",
        "3/4",
    )
    total = sum(Fraction(s["contribution"]) for s in frozen["sections"])
    assert total == Fraction(frozen["overall_uncapped"]) == Fraction(15, 16)
    assert total - Fraction(frozen["overall"]) == Fraction(179, 400)
    assert frozen["capped"] is True
    assert [c["contribution"] for c in sections["safety"]["criteria"]] == ["0", "1/4", "1/2"]
    document = (Path(__file__).resolve().parents[3] / "docs" / "scoring.md").read_text()
    assert "3/16 + 3/4 = 15/16" in document
    assert "15/16 − 49/100 = 179/400" in document
