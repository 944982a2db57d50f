"""The phone refuses exactly the answer sets the server refuses.

static/observer/form.js `problems()` re-implements raqib/grids/scoring.py `validate_answers`
so that the observer hears about a missing answer before sending. Both run here over the
same corpus, generated from the default grids (plus a variant of each with closed number
bands and a multiple-choice question, so that every rule is exercised), and must name the
same criteria as wrong in every answer set.

The corpus holds what the phone can store: choices from the offered lists (radio buttons and
checkboxes cannot give anything else), numbers as JSON numbers or as the raw text the
observer typed, ISO dates from the date picker. Known difference, outside the corpus: the
server also reads "1e3", "1_000" and Arabic-Indic digits as numbers, which the phone refuses
as "Enter a number" (it converts Arabic-Indic digits itself before storing).
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

import pytest

from raqib.grids.scoring import PHOTO_SUFFIX, validate_answers
from raqib.grids.xlsform import xlsform_check
from raqib.grids.xlsform.importer import DATA_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SETS_PER_GRID = 60


def _criteria(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for section in snapshot["sections"] for c in section["criteria"]]


def _variant(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Closed number bands (an answer above the last one is wrong) and a multiple choice."""
    out = copy.deepcopy(snapshot)
    out["grid"]["code"] += "-variant"
    made_multiple = False
    for c in _criteria(out):
        bands = c.get("bands") or []
        if len(bands) > 1 and bands[-1].get("max") is None:
            c["bands"] = bands[:-1]
        if c["type"] == "single_choice" and not made_multiple:
            c["type"], made_multiple = "multiple_choice", True
            names = [ch["name"] for ch in out["choice_lists"][c["choices"]]]
            c["evidence"] = {**(c.get("evidence") or {}), "photo_required_when": names[:1]}
    return out


def _grids() -> list[dict[str, Any]]:
    grids = []
    for path in sorted(DATA_DIR.glob("*.xlsx")):
        checked = xlsform_check(path.read_bytes(), path.name)
        assert checked.ok, checked.problems
        grids += [checked.snapshot, _variant(checked.snapshot)]
    return grids


def _valid(c: dict[str, Any], snapshot: dict[str, Any], rng: random.Random) -> Any:
    kind = c["type"]
    if kind == "yes_no":
        return rng.choice(["yes", "no"])
    if kind == "yes_no_na":
        return rng.choice(["yes", "no", "na"])
    if kind == "scale":
        low, high = c["scale"]["min"], c["scale"]["max"]
        return rng.choice([low, high, rng.randint(low, high), str(high), f" {low} ", low + 0.5])
    if kind == "number":
        limits = [b["max"] for b in c.get("bands") or [] if b.get("max") is not None]
        top = max(limits) if limits else 100
        return rng.choice([0, top, rng.randint(0, int(top)), "7", "2.5", -3, " 4 ", ".5"])
    names = [ch["name"] for ch in snapshot["choice_lists"].get(c.get("choices"), [])]
    if kind == "single_choice":
        return rng.choice(names)
    if kind == "multiple_choice":
        return rng.sample(names, rng.randint(1, len(names)))
    if kind == "datetime":
        return rng.choice(["2026-11-29T10:30", "2026-11-29T08:05"])
    return rng.choice(["Guichet 3", "photo-1.jpg", "نعم"])


def _wrong(c: dict[str, Any], rng: random.Random) -> Any:
    """A value the form's inputs can hold but the rules refuse; None when the type has none."""
    if c["type"] == "scale":
        low, high = c["scale"]["min"], c["scale"]["max"]
        return rng.choice([low - 1, high + 1, str(high + 1), "abc", "5 5"])
    if c["type"] == "number":
        limits = [b["max"] for b in c.get("bands") or [] if b.get("max") is not None]
        closed = bool(c.get("bands")) and all(b.get("max") is not None for b in c["bands"])
        above = [max(limits) + 1, str(max(limits) + 0.5)] if closed else []
        return rng.choice(["abc", "12abc", "-", *above])
    return None


def _answers(snapshot: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for c in _criteria(snapshot):
        roll = rng.random()
        wrong = _wrong(c, rng)
        if roll < 0.12:
            choice = rng.choice(["missing", None, "", []])
            if choice != "missing":
                answers[c["code"]] = choice
        elif roll < 0.27 and wrong is not None:
            answers[c["code"]] = wrong
        else:
            answers[c["code"]] = _valid(c, snapshot, rng)
        if rng.random() < 0.5:
            answers[c["code"] + PHOTO_SUFFIX] = rng.choice(["photo-uuid", ""])
    return answers


def _corpus() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    corpus = []
    for index, snapshot in enumerate(_grids()):
        rng = random.Random(index)  # the same corpus on every run
        valid_everywhere = {c["code"]: _valid(c, snapshot, rng) for c in _criteria(snapshot)}
        for c in _criteria(snapshot):  # photos wherever a rule might want one
            valid_everywhere[c["code"] + PHOTO_SUFFIX] = "photo-uuid"
        corpus.append((snapshot, valid_everywhere))
        corpus += [(snapshot, _answers(snapshot, rng)) for _ in range(SETS_PER_GRID)]
    return corpus


JS = """async (corpus) => {
  const form = await import("/static/observer/form.js");
  return corpus.map(([snapshot, answers]) => Object.keys(form.problems(snapshot, answers)).sort());
}"""


def test_javascript_validation_agrees_with_python(browser, live_server):
    corpus = _corpus()
    server = [
        sorted({e.criterion for e in validate_answers(snapshot, answers)})
        for snapshot, answers in corpus
    ]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ar/accounts/login/")
        phone = page.evaluate(JS, [list(item) for item in corpus])
    finally:
        context.close()
    mismatches = [
        (snapshot["grid"]["code"], answers, python, js)
        for (snapshot, answers), python, js in zip(corpus, server, phone, strict=True)
        if python != js
    ]
    assert not mismatches, mismatches[:3]
    # The corpus exercises every rule the phone repeats, and valid sets too.
    kinds = Counter(e.kind for s, a in corpus for e in validate_answers(s, a))
    assert {"required", "number", "range", "above_bands", "evidence"} <= set(kinds), kinds
    assert sum(1 for codes in server if not codes) >= 6
