from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from raqib.grids.relevance import (
    Call,
    Compare,
    Literal,
    Logical,
    Ref,
    RelevanceError,
    evaluate,
    parse,
    references,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "expr",
    [
        "${Q00} = 'yes'",
        '${Q00} = "yes"',
        "${Q00}='yes'",
        "${Q00} != 'no'",
        "${wait} > 10",
        "${wait} >= 10.5",
        "${wait} < .5",
        "${wait} <= -3",
        "${a} = 'x' and ${b} = 'y'",
        "${a} = 'x' or ${b} = 'y' and ${c} = 'z'",
        "(${a} = 'x' or ${b} = 'y') and ${c} = 'z'",
        "not(${a} = 'x')",
        "not(not(${a}))",
        "selected(${channels}, 'phone')",
        "not(selected(${channels}, 'phone')) and count-selected(${channels}) > 1",
        "count-selected(${channels}) = 0",
        "string-length(${comment}) > 0",
        "string-length('abc') = 3",
        "${Q00}",
        "true()",
        "false() or ${a} = ''",
        "${section.q-1_b} = 'yes'",
        "  ${a}\n=\t'yes'  ",
        "((((${a} = 1))))",
        "'yes' = ${a}",
        "${a} = ${b}",
        "not(true()) = false()",
    ],
)
def test_valid_expressions_parse(expr):
    assert parse(expr) is not None


@pytest.mark.parametrize(
    ("expr", "code", "position"),
    [
        ("", "empty", None),
        ("   ", "empty", None),
        ("${Q00} = yes", "bare_word", 10),
        ("${Q00} == 'yes'", "unexpected", 8),
        ("${Q00} <> 'yes'", "unexpected", 8),
        ("${Q00} = 'yes' && ${Q01} = 'no'", "unexpected", 16),
        ("${Q00} = 'yes')", "unexpected", 15),
        ("${Q00} = 'yes' ${Q01}", "unexpected", 16),
        ("${Q00 = 'yes'", "bad_reference", 1),
        ("${} = 'yes'", "bad_reference", 1),
        ("${1abc} = 'yes'", "bad_reference", 1),
        ("${Q00} = 'yes", "unclosed_text", 10),
        ("${Q00} = 'yes' and", "value_expected_at_end", 19),
        ("${Q00} =", "value_expected_at_end", 9),
        ("${Q00} = )", "value_expected", 10),
        ("(${Q00} = 'yes'", "expected_at_end", 16),
        ("not ${Q00}", "expected", 5),
        ("not(${Q00}", "expected_at_end", 11),
        ("selected(${a} 'x')", "expected", 15),
        ("foo(${a})", "unknown_function", 1),
        ("concat(${a}, 'x') = 'ax'", "unknown_function", 1),
        ("${a} < 1 < 2", "chained", 10),
        ("${a} = 1 = 1", "chained", 10),
        ("not(${a}, ${b})", "arity", 1),
        ("selected(${a})", "arity", 1),
        ("count-selected()", "arity", 1),
        ("true(1)", "arity", 1),
        ("selected('a b', 'a')", "reference_required", 1),
        ("count-selected('a b')", "reference_required", 1),
        ("${a} + 1 > 2", "unexpected", 6),
        ("${a} - 1 > 2", "unexpected", 6),
        (". = 'yes'", "unexpected", 1),
        ("/data/a = 'yes'", "unexpected", 1),
        ("${a} = ’yes’", "unexpected", 8),
        ("and ${a}", "bare_word", 1),
    ],
)
def test_invalid_expressions_are_refused_with_position(expr, code, position):
    with pytest.raises(RelevanceError) as caught:
        parse(expr)
    assert caught.value.code == code
    assert caught.value.position == position
    assert str(caught.value)  # renders a message without a KeyError


def test_messages_say_where_and_what_was_expected():
    with pytest.raises(RelevanceError, match=r"^Position 15: expected “,” but found “'x'”"):
        parse("selected(${a} 'x')")
    with pytest.raises(RelevanceError, match=r"^Position 16: expected “\)” but the condition"):
        parse("(${Q00} = 'yes'")
    with pytest.raises(RelevanceError, match="quote it as text \\('yes'\\)"):
        parse("${Q00} = yes")


def test_too_long_or_too_deep_is_refused():
    with pytest.raises(RelevanceError, match="too long"):
        parse("${a} = 1 and " * 200 + "${a} = 1")
    with pytest.raises(RelevanceError, match="too long"):
        parse("(" * 60 + "${a}" + ")" * 60)


def test_error_is_a_value_error():
    assert issubclass(RelevanceError, ValueError)


def test_parse_builds_the_expected_tree():
    assert parse("${a} = 'x' or ${b} > 2 and not(${c})") == Logical(
        "or",
        (
            Compare("=", Ref("a"), Literal("x")),
            Logical(
                "and",
                (Compare(">", Ref("b"), Literal(2)), Call("not", (Ref("c"),))),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        ("${Q00} = 'yes'", {"Q00"}),
        ("${a} = ${b} or selected(${c}, 'x') and not(${a})", {"a", "b", "c"}),
        ("string-length(${note}) > count-selected(${many})", {"note", "many"}),
        ("true()", set()),
        ("'a' = 'a'", set()),
    ],
)
def test_references(expr, names):
    assert references(expr) == names
    assert references(parse(expr)) == names


@pytest.mark.parametrize(
    ("expr", "answers", "expected"),
    [
        # Text equality; a blank answer is the empty string.
        ("${a} = 'yes'", {"a": "yes"}, True),
        ("${a} = 'yes'", {"a": "no"}, False),
        ("${a} = 'yes'", {}, False),
        ("${a} = 'yes'", {"a": None}, False),
        ("${a} != 'yes'", {}, True),
        ("${a} = ''", {}, True),
        ("${a} = ''", {"a": ""}, True),
        ("${a} = ''", {"a": []}, True),
        ("${a} = ''", {"a": "no"}, False),
        ("${unknown} = ''", {"a": "x"}, True),
        # Numbers compare numerically when both sides look numeric.
        ("${n} = 5", {"n": "5"}, True),
        ("${n} = 5", {"n": "05.0"}, True),
        ("${n} = '5'", {"n": 5}, True),
        ("${n} = 5", {"n": Decimal("5.00")}, True),
        ("${n} = 0.1", {"n": 0.1}, True),
        ("${n} > 10", {"n": 12}, True),
        ("${n} > 10", {"n": "9"}, False),
        ("${n} > 10", {"n": "12.5"}, True),
        ("${n} >= 10", {"n": 10}, True),
        ("${n} < -1", {"n": "-2"}, True),
        ("${n} <= 0", {"n": 0}, True),
        ("${n} > ${m}", {"n": "10", "m": "9"}, True),  # not text order, where "10" < "9"
        # Relational comparisons with a blank or non-number are false (XPath NaN).
        ("${n} > 10", {}, False),
        ("${n} < 10", {}, False),
        ("${n} < 10", {"n": "abc"}, False),
        ("not(${n} < 10)", {}, True),
        ("${n} = 5", {"n": "abc"}, False),
        ("${n} != 5", {}, True),
        # ISO dates and date-times compare in time order.
        ("${d} >= '2026-01-01'", {"d": "2026-11-29"}, True),
        ("${d} < '2026-01-01'", {"d": "2026-11-29"}, False),
        ("${d} > '2026-11-29T09:00:00+01:00'", {"d": "2026-11-29T10:00:00+01:00"}, True),
        ("${d} > '2026-11-29T09:30:00+00:00'", {"d": "2026-11-29T10:00:00+01:00"}, False),
        ("${d} <= '2026-11-29'", {"d": "2026-11-29T23:00:00+01:00"}, True),  # same day
        ("${d} > '2026-11-28'", {"d": "2026-11-29T10:00:00"}, True),
        ("${d} > '2026-01-01'", {}, False),
        ("${d} > '2026-01-01'", {"d": "29/11/2026"}, False),
        ("${d} > '2026-02-30'", {"d": "2026-11-29"}, False),  # not a date
        ("${d} = '2026-11-29'", {"d": "2026-11-29"}, True),
        # Logic.
        ("${a} = 'x' and ${b} = 'y'", {"a": "x", "b": "y"}, True),
        ("${a} = 'x' and ${b} = 'y'", {"a": "x"}, False),
        ("${a} = 'x' or ${b} = 'y'", {"b": "y"}, True),
        ("${a} = 'x' or ${b} = 'y' and ${c} = 'z'", {"a": "x"}, True),
        ("(${a} = 'x' or ${b} = 'y') and ${c} = 'z'", {"a": "x"}, False),
        ("not(${a} = 'x')", {"a": "y"}, True),
        # A value alone is true when non-empty / non-zero.
        ("${a}", {"a": "anything"}, True),
        ("${a}", {}, False),
        ("'0'", {}, True),
        ("0", {}, False),
        ("true()", {}, True),
        ("false()", {}, False),
        ("not(true()) = false()", {}, True),
        ("${a} = true()", {"a": "x"}, True),
        ("${a} = true()", {}, False),
        # Multiple choice: ODK stores the selected names space-separated.
        ("selected(${m}, 'b')", {"m": "a b c"}, True),
        ("selected(${m}, 'b')", {"m": ["a", "b"]}, True),
        ("selected(${m}, 'd')", {"m": ["a", "b"]}, False),
        ("selected(${m}, 'b')", {}, False),
        ("selected(${m}, 'a b')", {"m": "a b"}, False),
        ("selected(${m}, ${other})", {"m": "a b", "other": "b"}, True),
        ("count-selected(${m}) = 2", {"m": ["a", "b"]}, True),
        ("count-selected(${m}) = 0", {}, True),
        ("count-selected(${m}) = 3", {"m": "a  b   c"}, True),
        # string-length.
        ("string-length(${t}) > 0", {"t": "hello"}, True),
        ("string-length(${t}) > 0", {}, False),
        ("string-length(${t}) = 5", {"t": "مرحبا"}, True),
        ("string-length(12.50) = 4", {}, True),
    ],
)
def test_evaluate(expr, answers, expected):
    assert evaluate(expr, answers) is expected


def test_evaluate_accepts_a_parsed_node():
    node = parse("${a} = 'x'")
    assert evaluate(node, {"a": "x"}) is True


def test_evaluate_does_not_mutate_answers():
    answers = {"a": ["x", "y"], "b": None}
    evaluate("selected(${a}, 'x') and ${b} = ''", answers)
    assert answers == {"a": ["x", "y"], "b": None}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_never_crashes_on_garbage(text):
    message = "parsed"
    try:
        parse(text)
    except RelevanceError as exc:
        message = str(exc)  # renders without a missing placeholder
    assert message


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
    st.integers(-50, 50),
    st.one_of(st.none(), st.integers(-50, 50), st.sampled_from(["", "abc", "1.5"])),
)
def test_comparisons_match_python_on_numbers_and_are_false_on_non_numbers(op, literal, answer):
    result = evaluate(f"${{x}} {op} {literal}", {"x": answer})
    number = float(answer) if answer not in (None, "", "abc") else None
    if number is None:
        assert result is (op == "!=")
    else:
        python = {"=": "==", "!=": "!="}.get(op, op)
        assert (
            result
            is {
                "==": number == literal,
                "!=": number != literal,
                "<": number < literal,
                "<=": number <= literal,
                ">": number > literal,
                ">=": number >= literal,
            }[python]
        )
