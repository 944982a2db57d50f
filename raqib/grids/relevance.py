"""Relevance conditions: a safe parser and evaluator for a small subset of ODK XPath.

Grid criteria may carry an XLSForm ``relevant`` expression such as
``${Q00} = 'yes' and not(selected(${Q05}, 'other'))``. Python's ``eval`` is never used:
the text is tokenised, parsed by a recursive-descent parser into immutable nodes, and those
nodes are interpreted. Anything outside the supported subset is rejected at parse time with
a :class:`RelevanceError` that says where (1-based character position) and what was
expected, so the XLSForm importer can show it next to the offending row.

Supported:

* references ``${name}``; text literals ``'…'`` or ``"…"``; numbers ``12``, ``-3``, ``0.5``;
* comparisons ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` (one per operand pair: ``a < b < c``
  is refused because XPath gives it a surprising meaning);
* ``and``, ``or`` (``and`` binds tighter), parentheses;
* functions ``not(x)``, ``selected(${name}, 'value')``, ``count-selected(${name})``,
  ``string-length(x)``, ``true()``, ``false()``.

Semantics follow ODK (JavaRosa) where it matters for relevance:

* every answer is read as text, as in an ODK instance: a blank answer (missing, ``None``,
  ``""``) is the empty string, a multiple choice list is its space-separated names, and a
  question hidden by its own relevance is blank (the caller removes it, see
  :func:`raqib.grids.scoring.score_report`); a reference to an unknown name is blank too;
* ``=`` and ``!=`` compare numerically when both sides look like numbers (``'05' = 5`` is
  true), otherwise as text (so a blank answer equals ``''``);
* ``<``, ``<=``, ``>``, ``>=`` compare numerically, or as dates when both sides are ISO 8601
  dates or date-times (``${visit_date} >= '2026-01-01'``; a date against a date-time compares
  the days); otherwise (blank included) the comparison is false, like XPath's NaN;
* when one side of ``=``/``!=`` is a boolean, the other is converted to a boolean;
* the value of the whole expression is converted to a boolean: non-empty text or a
  non-zero number is true (``${Q00}`` alone means "Q00 is answered").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

__all__ = [
    "Call",
    "Compare",
    "Literal",
    "Logical",
    "Node",
    "Ref",
    "RelevanceError",
    "evaluate",
    "parse",
    "references",
]

# Longest expression we accept: relevance conditions are one-liners in a spreadsheet cell;
# the bound also keeps the recursive parser far from Python's recursion limit.
MAX_LENGTH = 2000
MAX_DEPTH = 50

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_NUMBER_RE = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC_TEXT_RE = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_FUNCTION_ARITY = {
    "not": 1,
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "true": 0,
    "false": 0,
}
# These take a question reference as first argument, never a computed value.
_REF_FUNCTIONS = {"selected", "count-selected"}
_COMPARISONS = ("!=", "<=", ">=", "=", "<", ">")

_MESSAGES = {
    "empty": _("The condition is empty."),
    "too_long": _("The condition is too long."),
    "unexpected": _("Position %(position)s: unexpected “%(found)s”."),
    "unclosed_text": _("Position %(position)s: the text is missing its closing quote."),
    "bad_reference": _("Position %(position)s: invalid reference, write ${question_name}."),
    "bare_word": _(
        "Position %(position)s: “%(found)s” is not a value; quote it as text "
        "('%(found)s') or refer to a question (${%(found)s})."
    ),
    "unknown_function": _(
        "Position %(position)s: unknown function “%(found)s”; allowed functions are "
        "not(), selected(), count-selected(), string-length(), true() and false()."
    ),
    "expected": _("Position %(position)s: expected “%(expected)s” but found “%(found)s”."),
    "expected_at_end": _(
        "Position %(position)s: expected “%(expected)s” but the condition ends here."
    ),
    "value_expected": _("Position %(position)s: expected a value but found “%(found)s”."),
    "value_expected_at_end": _(
        "Position %(position)s: expected a value but the condition ends here."
    ),
    "chained": _("Position %(position)s: comparisons cannot be chained; combine them with “and”."),
    "arity": _("Position %(position)s: wrong number of arguments for %(function)s()."),
    "reference_required": _(
        "Position %(position)s: the first argument of %(function)s() must be a "
        "reference such as ${question_name}."
    ),
}


class RelevanceError(ValueError):
    """An expression outside the supported subset.

    ``code`` is a stable key (see ``_MESSAGES``), ``position`` the 1-based character
    position (``None`` when it concerns the whole expression), ``params`` the values
    interpolated in the message. ``str(error)`` renders the message in the active language.
    """

    def __init__(self, code: str, position: int | None = None, **params: str) -> None:
        self.code = code
        self.position = position
        self.params = {"position": str(position), **params}
        super().__init__(code, position)

    @property
    def message(self) -> str:
        return str(_MESSAGES[self.code]) % self.params

    def __str__(self) -> str:
        return self.message


# --- Nodes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Literal:
    value: str | Fraction


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Logical:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]


Node = Ref | Literal | Compare | Logical | Call


# --- Tokeniser ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # ref, text, number, name, op, "(", ")", ",", "-", end
    text: str
    position: int  # 1-based
    value: str = ""


def _tokenise(expr: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(expr)
    while i < n:
        char = expr[i]
        position = i + 1
        if char.isspace():
            i += 1
        elif expr.startswith("${", i):
            end = expr.find("}", i + 2)
            name = expr[i + 2 : end] if end != -1 else ""
            if end == -1 or not NAME_RE.fullmatch(name):
                raise RelevanceError("bad_reference", position)
            tokens.append(_Token("ref", expr[i : end + 1], position, name))
            i = end + 1
        elif char in "'\"":
            end = expr.find(char, i + 1)
            if end == -1:
                raise RelevanceError("unclosed_text", position)
            tokens.append(_Token("text", expr[i : end + 1], position, expr[i + 1 : end]))
            i = end + 1
        elif match := _NUMBER_RE.match(expr, i):
            tokens.append(_Token("number", match.group(), position, match.group()))
            i = match.end()
        elif match := NAME_RE.match(expr, i):
            tokens.append(_Token("name", match.group(), position, match.group()))
            i = match.end()
        elif expr.startswith(("==", "<>"), i):
            # Habits from other languages; XPath writes them "=" and "!=".
            raise RelevanceError("unexpected", position, found=expr[i : i + 2])
        elif op := next((op for op in _COMPARISONS if expr.startswith(op, i)), None):
            tokens.append(_Token("op", op, position))
            i += len(op)
        elif char in "(),-":
            tokens.append(_Token(char, char, position))
            i += 1
        else:
            raise RelevanceError("unexpected", position, found=char)
    tokens.append(_Token("end", "", n + 1))
    return tokens


# --- Parser ------------------------------------------------------------------------------


class _Parser:
    def __init__(self, expr: str) -> None:
        self.tokens = _tokenise(expr)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_keyword(self, word: str) -> bool:
        return self.current.kind == "name" and self.current.text == word

    def expect(self, kind: str) -> _Token:
        token = self.current
        if token.kind != kind:
            if token.kind == "end":
                raise RelevanceError("expected_at_end", token.position, expected=kind)
            raise RelevanceError("expected", token.position, expected=kind, found=token.text)
        return self.advance()

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise RelevanceError("empty")
        node = self.or_expr()
        if self.current.kind != "end":
            raise RelevanceError("unexpected", self.current.position, found=self.current.text)
        return node

    def or_expr(self) -> Node:
        return self._logical("or", self.and_expr)

    def and_expr(self) -> Node:
        return self._logical("and", self.comparison)

    def _logical(self, word: str, operand: Any) -> Node:
        operands = [operand()]
        while self.at_keyword(word):
            self.advance()
            operands.append(operand())
        return operands[0] if len(operands) == 1 else Logical(word, tuple(operands))

    def comparison(self) -> Node:
        left = self.primary()
        if self.current.kind != "op":
            return left
        op = self.advance().text
        node = Compare(op, left, self.primary())
        if self.current.kind == "op":
            raise RelevanceError("chained", self.current.position)
        return node

    def primary(self) -> Node:
        token = self.current
        if token.kind == "ref":
            self.advance()
            return Ref(token.value)
        if token.kind == "text":
            self.advance()
            return Literal(token.value)
        if token.kind == "number":
            self.advance()
            return Literal(Fraction(token.value))
        if token.kind == "-" and self.tokens[self.index + 1].kind == "number":
            self.advance()
            return Literal(-Fraction(self.advance().value))
        if token.kind == "(":
            self.advance()
            node = self._nested(self.or_expr)
            self.expect(")")
            return node
        if token.kind == "name":
            return self.call()
        if token.kind == "end":
            raise RelevanceError("value_expected_at_end", token.position)
        raise RelevanceError("value_expected", token.position, found=token.text)

    def _nested(self, rule: Any) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RelevanceError("too_long")
        node: Node = rule()
        self.depth -= 1
        return node

    def call(self) -> Node:
        token = self.advance()
        name = token.text
        if self.current.kind != "(":
            if name in _FUNCTION_ARITY:
                self.expect("(")
            raise RelevanceError("bare_word", token.position, found=name)
        if name not in _FUNCTION_ARITY:
            raise RelevanceError("unknown_function", token.position, found=name)
        self.advance()
        args: list[Node] = []
        if self.current.kind != ")":
            args.append(self._nested(self.or_expr))
            while self.current.kind == ",":
                self.advance()
                args.append(self._nested(self.or_expr))
        # Say "expected ," rather than "expected )" when an argument is obviously missing.
        missing = 0 < len(args) < _FUNCTION_ARITY[name] and self.current.kind != ")"
        self.expect("," if missing else ")")
        if len(args) != _FUNCTION_ARITY[name]:
            raise RelevanceError("arity", token.position, function=name)
        if name in _REF_FUNCTIONS and not isinstance(args[0], Ref):
            raise RelevanceError("reference_required", token.position, function=name)
        return Call(name, tuple(args))


@lru_cache(maxsize=1024)
def parse(expr: str) -> Node:
    """Parse ``expr`` into an immutable tree, or raise :class:`RelevanceError`."""
    if len(expr) > MAX_LENGTH:
        raise RelevanceError("too_long")
    return _Parser(expr).parse()


def references(expr: str | Node) -> set[str]:
    """Names referenced as ``${name}`` (so an importer can check they exist and come first)."""
    node = parse(expr) if isinstance(expr, str) else expr
    if isinstance(node, Ref):
        return {node.name}
    if isinstance(node, Compare):
        return references(node.left) | references(node.right)
    if isinstance(node, Logical | Call):
        children = node.operands if isinstance(node, Logical) else node.args
        return set().union(*(references(child) for child in children))
    return set()


# --- Evaluation --------------------------------------------------------------------------

Value = str | Fraction | bool


def answer_text(value: Any) -> str:
    """An answer as ODK stores it in an instance: text, blank as ``""``."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(answer_text(item) for item in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _number(value: Value) -> Fraction | None:
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, Fraction):
        return value
    if not _NUMERIC_TEXT_RE.fullmatch(value):
        return None
    try:
        return Fraction(Decimal(value.strip()))
    except InvalidOperation:  # pragma: no cover - the regex only lets decimals through
        return None


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        # Literals are decimals, so their denominators divide a power of ten.
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return value


def _boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        return value != 0
    return value != ""


def _compare(op: str, left: Value, right: Value) -> bool:
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = _boolean(left) == _boolean(right)
        else:
            a, b = _number(left), _number(right)
            equal = a == b if a is not None and b is not None else _text(left) == _text(right)
        return equal if op == "=" else not equal
    pair = _comparable(left, right)
    if pair is None:
        return False
    a, b = pair
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _comparable(left: Value, right: Value) -> tuple[Any, Any] | None:
    """Two numbers, or two moments of the same kind, or None (the comparison is false)."""
    numbers = _number(left), _number(right)
    if numbers[0] is not None and numbers[1] is not None:
        return numbers
    a, b = _moment(left), _moment(right)
    if a is None or b is None:
        return None
    if type(a) is not type(b) or _aware(a) != _aware(b):
        # A date against a date-time, or naive against aware: compare the days.
        return _day(a), _day(b)
    return a, b


def _moment(value: Value) -> date | datetime | None:
    """An ISO 8601 date or date-time (ODK answers), else None."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return None


def _aware(moment: date | datetime) -> bool:
    return isinstance(moment, datetime) and moment.utcoffset() is not None


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _eval(node: Node, answers: Mapping[str, Any]) -> Value:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return answer_text(answers.get(node.name))
    if isinstance(node, Compare):
        return _compare(node.op, _eval(node.left, answers), _eval(node.right, answers))
    if isinstance(node, Logical):
        values = (_boolean(_eval(operand, answers)) for operand in node.operands)
        return all(values) if node.op == "and" else any(values)
    return _call(node, answers)


def _call(node: Call, answers: Mapping[str, Any]) -> Value:
    args = [_eval(arg, answers) for arg in node.args]
    if node.function == "not":
        return not _boolean(args[0])
    if node.function == "selected":
        return _text(args[1]).strip() in _text(args[0]).split()
    if node.function == "count-selected":
        return Fraction(len(_text(args[0]).split()))
    if node.function == "string-length":
        return Fraction(len(_text(args[0])))
    return node.function == "true"


def evaluate(expr: str | Node, answers: Mapping[str, Any]) -> bool:
    """Whether the condition holds for ``answers`` (criterion code → answer value)."""
    node = parse(expr) if isinstance(expr, str) else expr
    return _boolean(_eval(node, answers))
