// Relevance conditions evaluated on the phone: the ODK subset of raqib/grids/relevance.py,
// with the same semantics (a browser test replays the Python cases against this module).
//
// ${name}; 'text' / "text"; numbers 12, -3, 0.5; = != < <= > >= (not chained); and, or
// (and binds tighter); parentheses; not(x), selected(${q}, 'v'), count-selected(${q}),
// string-length(x), true(), false().
// Answers are read as text: blank is "", a multiple choice is its space-separated names.

const NAME_RE = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NUMBER_RE = /\d+(?:\.\d*)?|\.\d+/y;
const NUMERIC_TEXT_RE = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ARITY = { not: 1, selected: 2, "count-selected": 1, "string-length": 1, true: 0, false: 0 };
const REF_FUNCTIONS = new Set(["selected", "count-selected"]);
const COMPARISONS = ["!=", "<=", ">=", "=", "<", ">"];

export class RelevanceError extends Error {
  constructor(code, position) {
    super(`${code} at ${position}`);
    this.code = code;
    this.position = position;
  }
}

function tokenise(expr) {
  const tokens = [];
  let i = 0;
  while (i < expr.length) {
    const char = expr[i];
    const position = i + 1;
    if (/\s/.test(char)) {
      i += 1;
    } else if (expr.startsWith("${", i)) {
      const end = expr.indexOf("}", i + 2);
      const name = end === -1 ? "" : expr.slice(i + 2, end);
      NAME_RE.lastIndex = 0;
      const match = NAME_RE.exec(name);
      if (end === -1 || !match || match[0].length !== name.length) {
        throw new RelevanceError("bad_reference", position);
      }
      tokens.push({ kind: "ref", text: expr.slice(i, end + 1), position, value: name });
      i = end + 1;
    } else if (char === "'" || char === '"') {
      const end = expr.indexOf(char, i + 1);
      if (end === -1) throw new RelevanceError("unclosed_text", position);
      tokens.push({ kind: "text", text: expr.slice(i, end + 1), position, value: expr.slice(i + 1, end) });
      i = end + 1;
    } else if (((NUMBER_RE.lastIndex = i), NUMBER_RE.test(expr))) {
      const text = expr.slice(i, NUMBER_RE.lastIndex);
      tokens.push({ kind: "number", text, position, value: text });
      i = NUMBER_RE.lastIndex;
    } else if (((NAME_RE.lastIndex = i), NAME_RE.test(expr))) {
      const text = expr.slice(i, NAME_RE.lastIndex);
      tokens.push({ kind: "name", text, position, value: text });
      i = NAME_RE.lastIndex;
    } else if (expr.startsWith("==", i) || expr.startsWith("<>", i)) {
      throw new RelevanceError("unexpected", position);
    } else {
      const op = COMPARISONS.find((candidate) => expr.startsWith(candidate, i));
      if (op) {
        tokens.push({ kind: "op", text: op, position });
        i += op.length;
      } else if ("(),-".includes(char)) {
        tokens.push({ kind: char, text: char, position });
        i += 1;
      } else {
        throw new RelevanceError("unexpected", position);
      }
    }
  }
  tokens.push({ kind: "end", text: "", position: expr.length + 1 });
  return tokens;
}

class Parser {
  constructor(expr) {
    this.tokens = tokenise(expr);
    this.index = 0;
    this.depth = 0;
  }
  get current() {
    return this.tokens[this.index];
  }
  advance() {
    return this.tokens[this.index++];
  }
  atKeyword(word) {
    return this.current.kind === "name" && this.current.text === word;
  }
  expect(kind) {
    if (this.current.kind !== kind) throw new RelevanceError("expected", this.current.position);
    return this.advance();
  }
  parse() {
    if (this.current.kind === "end") throw new RelevanceError("empty", null);
    const node = this.orExpr();
    if (this.current.kind !== "end") throw new RelevanceError("unexpected", this.current.position);
    return node;
  }
  orExpr() {
    return this.logical("or", () => this.andExpr());
  }
  andExpr() {
    return this.logical("and", () => this.comparison());
  }
  logical(word, operand) {
    const operands = [operand()];
    while (this.atKeyword(word)) {
      this.advance();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0] : { type: "logical", op: word, operands };
  }
  comparison() {
    const left = this.primary();
    if (this.current.kind !== "op") return left;
    const op = this.advance().text;
    const node = { type: "compare", op, left, right: this.primary() };
    if (this.current.kind === "op") throw new RelevanceError("chained", this.current.position);
    return node;
  }
  primary() {
    const token = this.current;
    if (token.kind === "ref") {
      this.advance();
      return { type: "ref", name: token.value };
    }
    if (token.kind === "text") {
      this.advance();
      return { type: "literal", value: token.value };
    }
    if (token.kind === "number") {
      this.advance();
      return { type: "literal", value: Number(token.value) };
    }
    if (token.kind === "-" && this.tokens[this.index + 1].kind === "number") {
      this.advance();
      return { type: "literal", value: -Number(this.advance().value) };
    }
    if (token.kind === "(") {
      this.advance();
      const node = this.nested(() => this.orExpr());
      this.expect(")");
      return node;
    }
    if (token.kind === "name") return this.call();
    throw new RelevanceError("value_expected", token.position);
  }
  nested(rule) {
    this.depth += 1;
    if (this.depth > 50) throw new RelevanceError("too_long", null);
    const node = rule();
    this.depth -= 1;
    return node;
  }
  call() {
    const token = this.advance();
    const name = token.text;
    if (this.current.kind !== "(") throw new RelevanceError("bare_word", token.position);
    if (!(name in ARITY)) throw new RelevanceError("unknown_function", token.position);
    this.advance();
    const args = [];
    if (this.current.kind !== ")") {
      args.push(this.nested(() => this.orExpr()));
      while (this.current.kind === ",") {
        this.advance();
        args.push(this.nested(() => this.orExpr()));
      }
    }
    this.expect(")");
    if (args.length !== ARITY[name]) throw new RelevanceError("arity", token.position);
    if (REF_FUNCTIONS.has(name) && args[0].type !== "ref") {
      throw new RelevanceError("reference_required", token.position);
    }
    return { type: "call", fn: name, args };
  }
}

const parsed = new Map();

export function parse(expr) {
  if (expr.length > 2000) throw new RelevanceError("too_long", null);
  if (!parsed.has(expr)) parsed.set(expr, new Parser(expr).parse());
  return parsed.get(expr);
}

// --- Evaluation: values are strings, numbers or booleans --------------------------------

export function answerText(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(answerText).join(" ");
  return String(value);
}

function toNumber(value) {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  return NUMERIC_TEXT_RE.test(value) ? Number(value.trim()) : null;
}

function toText(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return value;
}

function toBoolean(value) {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  return value !== "";
}

// An ISO 8601 date or date-time (naive or with an offset), else null.
function moment(value) {
  if (typeof value !== "string" || !DATE_RE.test(value)) return null;
  if (value.length === 10) {
    const [y, m, d] = value.split("-").map(Number);
    const ms = Date.UTC(y, m - 1, d);
    const check = new Date(ms);
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
    return { kind: "date", aware: false, ms, day: value };
  }
  const match = DATETIME_RE.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s = "0", frac = "0", zone] = match;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(`0.${frac}`) * 1000);
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60000;
  }
  return { kind: "datetime", aware: Boolean(zone), ms, day: value.slice(0, 10) };
}

function comparable(left, right) {
  const a = toNumber(left);
  const b = toNumber(right);
  if (a !== null && b !== null) return [a, b];
  const ma = moment(left);
  const mb = moment(right);
  if (!ma || !mb) return null;
  if (ma.kind !== mb.kind || ma.aware !== mb.aware) return [ma.day, mb.day];
  return [ma.ms, mb.ms];
}

function compare(op, left, right) {
  if (op === "=" || op === "!=") {
    let equal;
    if (typeof left === "boolean" || typeof right === "boolean") {
      equal = toBoolean(left) === toBoolean(right);
    } else {
      const a = toNumber(left);
      const b = toNumber(right);
      equal = a !== null && b !== null ? a === b : toText(left) === toText(right);
    }
    return op === "=" ? equal : !equal;
  }
  const pair = comparable(left, right);
  if (!pair) return false;
  const [a, b] = pair;
  return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b }[op];
}

function evalNode(node, answers) {
  switch (node.type) {
    case "literal":
      return node.value;
    case "ref":
      return answerText(answers[node.name]);
    case "compare":
      return compare(node.op, evalNode(node.left, answers), evalNode(node.right, answers));
    case "logical":
      return node.op === "and"
        ? node.operands.every((operand) => toBoolean(evalNode(operand, answers)))
        : node.operands.some((operand) => toBoolean(evalNode(operand, answers)));
    default: {
      const args = node.args.map((arg) => evalNode(arg, answers));
      switch (node.fn) {
        case "not":
          return !toBoolean(args[0]);
        case "selected":
          return toText(args[0]).split(/\s+/).filter(Boolean).includes(toText(args[1]).trim());
        case "count-selected":
          return toText(args[0]).split(/\s+/).filter(Boolean).length;
        case "string-length":
          return [...toText(args[0])].length;
        default:
          return node.fn === "true";
      }
    }
  }
}

export function evaluate(expr, answers) {
  return toBoolean(evalNode(typeof expr === "string" ? parse(expr) : expr, answers));
}

// Which criteria are visible, in form order: a hidden criterion's answer is blank for every
// later condition, so hiding cascades (as in ODK Collect and raqib/grids/scoring.py).
export function visibility(snapshot, answers) {
  const effective = { ...answers };
  const visible = new Map();
  for (const section of snapshot.sections) {
    for (const criterion of section.criteria) {
      let shown = true;
      if (criterion.relevant) {
        try {
          shown = evaluate(criterion.relevant, effective);
        } catch (error) {
          // Grids are checked when imported; if one slipped through, show the question.
          console.warn("relevance", criterion.code, error);
        }
      }
      visible.set(criterion.code, shown);
      if (!shown) delete effective[criterion.code];
    }
  }
  return visible;
}
