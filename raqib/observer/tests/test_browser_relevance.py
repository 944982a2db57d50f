"""The phone evaluates relevance exactly as the server does.

Every case runs through raqib/grids/relevance.py and through static/observer/relevance.js in
Chromium; the answers must agree (and so must the refusals of malformed conditions).
"""

from __future__ import annotations

import pytest

from raqib.grids.relevance import RelevanceError, evaluate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = [
    ("${a} = 'yes'", {"a": "yes"}),
    ("${a} = 'yes'", {"a": "no"}),
    ("${a} = 'yes'", {}),
    ("${a} = 'yes'", {"a": None}),
    ("${a} != 'yes'", {}),
    ("${a} = ''", {"a": []}),
    ("${unknown} = ''", {"a": "x"}),
    ("${n} = 5", {"n": "05.0"}),
    ("${n} = '5'", {"n": 5}),
    ("${n} = 5", {"n": "5.00"}),
    ("${n} = 0.1", {"n": 0.1}),
    ("${n} > 10", {"n": "12.5"}),
    ("${n} > 10", {"n": "9"}),
    ("${n} >= 10", {"n": 10}),
    ("${n} < -1", {"n": "-2"}),
    ("${n} > ${m}", {"n": "10", "m": "9"}),
    ("${n} > 10", {}),
    ("${n} < 10", {"n": "abc"}),
    ("not(${n} < 10)", {}),
    ("${n} = 5", {"n": "abc"}),
    ("${n} != 5", {}),
    ("${n} = 5", {"n": " 5 "}),
    ("${d} >= '2026-01-01'", {"d": "2026-11-29"}),
    ("${d} < '2026-01-01'", {"d": "2026-11-29"}),
    ("${d} > '2026-11-29T09:00:00+01:00'", {"d": "2026-11-29T10:00:00+01:00"}),
    ("${d} > '2026-11-29T09:30:00+00:00'", {"d": "2026-11-29T10:00:00+01:00"}),
    ("${d} <= '2026-11-29'", {"d": "2026-11-29T23:00:00+01:00"}),
    ("${d} > '2026-11-28'", {"d": "2026-11-29T10:00:00"}),
    ("${d} > '2026-01-01'", {"d": "29/11/2026"}),
    ("${d} > '2026-02-30'", {"d": "2026-11-29"}),
    ("${d} = '2026-11-29'", {"d": "2026-11-29"}),
    ("${d} > '2026-11-29T10:00'", {"d": "2026-11-29T10:30"}),
    ("${a} = 'x' and ${b} = 'y'", {"a": "x"}),
    ("${a} = 'x' or ${b} = 'y'", {"b": "y"}),
    ("${a} = 'x' or ${b} = 'y' and ${c} = 'z'", {"a": "x"}),
    ("(${a} = 'x' or ${b} = 'y') and ${c} = 'z'", {"a": "x"}),
    ("not(${a} = 'x')", {"a": "y"}),
    ("${a}", {"a": "anything"}),
    ("${a}", {}),
    ("'0'", {}),
    ("0", {}),
    ("-0.5", {}),
    ("true()", {}),
    ("false()", {}),
    ("not(true()) = false()", {}),
    ("${a} = true()", {"a": "x"}),
    ("${a} = true()", {}),
    ("selected(${m}, 'b')", {"m": "a b c"}),
    ("selected(${m}, 'b')", {"m": ["a", "b"]}),
    ("selected(${m}, 'd')", {"m": ["a", "b"]}),
    ("selected(${m}, 'a b')", {"m": "a b"}),
    ("selected(${m}, ${other})", {"m": "a b", "other": "b"}),
    ("count-selected(${m}) = 2", {"m": ["a", "b"]}),
    ("count-selected(${m}) = 0", {}),
    ("count-selected(${m}) = 3", {"m": "a  b   c"}),
    ("string-length(${t}) > 0", {}),
    ("string-length(${t}) = 5", {"t": "مرحبا"}),
    ("string-length(12.50) = 4", {}),
    ("${Q01} = 'no' and ${Q02} >= 15 or selected(${Q03}, 'poor')", {"Q01": "no", "Q02": 20}),
]
MALFORMED = [
    "",
    "${a} == 'x'",
    "${a} <> 'x'",
    "${a = 'x'",
    "${a} = 'x",
    "yes",
    "foo(${a})",
    "selected('a', 'b')",
    "${a} < ${b} < ${c}",
    "not(${a}, ${b})",
    "(${a} = 'x'",
    "${a} = ",
    "${a} = 'x' and",
]

JS = """async ({cases, malformed}) => {
  const relevance = await import("/static/observer/relevance.js");
  const results = cases.map(([expr, answers]) => relevance.evaluate(expr, answers));
  const refused = malformed.map((expr) => {
    try {
      relevance.parse(expr);
      return false;
    } catch (error) {
      return error instanceof relevance.RelevanceError;
    }
  });
  return {results, refused};
}"""


def test_javascript_relevance_agrees_with_python(browser, live_server):
    for expr in MALFORMED:
        with pytest.raises(RelevanceError):
            evaluate(expr, {})
    expected = [evaluate(expr, answers) for expr, answers in CASES]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ar/accounts/login/")
        got = page.evaluate(JS, {"cases": [list(case) for case in CASES], "malformed": MALFORMED})
    finally:
        context.close()
    mismatches = [
        (expr, answers, python, js)
        for (expr, answers), python, js in zip(CASES, expected, got["results"], strict=True)
        if python is not js
    ]
    assert not mismatches
    assert all(got["refused"]), [
        e for e, ok in zip(MALFORMED, got["refused"], strict=True) if not ok
    ]
