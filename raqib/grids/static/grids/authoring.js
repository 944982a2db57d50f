// Grid authoring: progressive enhancements of the draft editor and the observer preview.
// Every page works without this module; it only hides what does not apply and applies the
// relevance conditions live in the preview.

// --- Criterion form: show only the settings of the chosen answer type ---------------------

const typeSelect = document.querySelector("select[name=answer_type]");
if (typeSelect) {
  const sync = () => {
    for (const field of document.querySelectorAll("[data-types]")) {
      field.hidden = !field.dataset.types.split(" ").includes(typeSelect.value);
    }
  };
  typeSelect.addEventListener("change", sync);
  sync();
}

// --- Relevance conditions, evaluated in the browser ----------------------------------------
//
// The same subset as raqib/grids/relevance.py (the server-side evaluator, which is the
// reference: the score shown by "Score this preview" always uses it):
//   ${name}, 'text', "text", numbers (12, -3, 0.5), = != < <= > >=, and, or, parentheses,
//   not(x), selected(${name}, 'v'), count-selected(${name}), string-length(x), true(), false().
// Answers are read as text like ODK: a blank or hidden question is "", a multiple choice is
// its space-separated names. = and != compare numbers when both sides are numeric, else text.
// Limits (documented): < <= > >= compare numbers only (dates are not compared here, the server
// does); an expression this parser does not read leaves the question visible and says so.

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NUMBER = /\d+(?:\.\d*)?|\.\d+/y;
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;
const OPS = ["!=", "<=", ">=", "=", "<", ">"];
const ARITY = { not: 1, selected: 2, "count-selected": 1, "string-length": 1, true: 0, false: 0 };

function tokenise(expr) {
  const tokens = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i];
    if (/\s/.test(ch)) { i += 1; continue; }
    if (expr.startsWith("${", i)) {
      const end = expr.indexOf("}", i + 2);
      if (end === -1) throw new Error("reference");
      tokens.push({ kind: "ref", value: expr.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = expr.indexOf(ch, i + 1);
      if (end === -1) throw new Error("text");
      tokens.push({ kind: "text", value: expr.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    let m = NUMBER.exec(expr);
    if (m) { tokens.push({ kind: "number", value: Number(m[0]) }); i = NUMBER.lastIndex; continue; }
    NAME.lastIndex = i;
    m = NAME.exec(expr);
    if (m) { tokens.push({ kind: "name", value: m[0] }); i = NAME.lastIndex; continue; }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (op) { tokens.push({ kind: "op", value: op }); i += op.length; continue; }
    if ("(),-".includes(ch)) { tokens.push({ kind: ch }); i += 1; continue; }
    throw new Error(`unexpected ${ch}`);
  }
  tokens.push({ kind: "end" });
  return tokens;
}

function parse(expr) {
  const tokens = tokenise(expr);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (kind) => {
    if (peek().kind !== kind) throw new Error(`expected ${kind}`);
    return next();
  };
  const isWord = (word) => peek().kind === "name" && peek().value === word;
  const logical = (word, operand) => {
    const items = [operand()];
    while (isWord(word)) { next(); items.push(operand()); }
    return items.length === 1 ? items[0] : { type: word, items };
  };
  const orExpr = () => logical("or", andExpr);
  const andExpr = () => logical("and", comparison);
  function comparison() {
    const left = primary();
    if (peek().kind !== "op") return left;
    const op = next().value;
    const node = { type: "cmp", op, left, right: primary() };
    if (peek().kind === "op") throw new Error("chained");
    return node;
  }
  function primary() {
    const t = next();
    if (t.kind === "ref") return { type: "ref", name: t.value };
    if (t.kind === "text") return { type: "lit", value: t.value };
    if (t.kind === "number") return { type: "lit", value: t.value };
    if (t.kind === "-" && peek().kind === "number") return { type: "lit", value: -next().value };
    if (t.kind === "(") { const node = orExpr(); expect(")"); return node; }
    if (t.kind === "name" && t.value in ARITY) {
      expect("(");
      const args = [];
      if (peek().kind !== ")") {
        args.push(orExpr());
        while (peek().kind === ",") { next(); args.push(orExpr()); }
      }
      expect(")");
      if (args.length !== ARITY[t.value]) throw new Error("arity");
      return { type: "call", name: t.value, args };
    }
    throw new Error("value expected");
  }
  const tree = orExpr();
  expect("end");
  return tree;
}

const asNumber = (v) => {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  return NUMERIC_TEXT.test(v) ? Number(v) : null;
};
const asText = (v) => (typeof v === "boolean" ? String(v) : String(v));
const asBool = (v) => (typeof v === "boolean" ? v : typeof v === "number" ? v !== 0 : v !== "");

function evaluate(node, answers) {
  switch (node.type) {
    case "lit": return node.value;
    case "ref": return answers.get(node.name) ?? "";
    case "and": return node.items.every((n) => asBool(evaluate(n, answers)));
    case "or": return node.items.some((n) => asBool(evaluate(n, answers)));
    case "cmp": {
      const a = evaluate(node.left, answers);
      const b = evaluate(node.right, answers);
      if (node.op === "=" || node.op === "!=") {
        let equal;
        if (typeof a === "boolean" || typeof b === "boolean") equal = asBool(a) === asBool(b);
        else {
          const x = asNumber(a);
          const y = asNumber(b);
          equal = x !== null && y !== null ? x === y : asText(a) === asText(b);
        }
        return node.op === "=" ? equal : !equal;
      }
      const x = asNumber(a);
      const y = asNumber(b);
      if (x === null || y === null) return false;
      return { "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y }[node.op];
    }
    case "call": {
      const [first, second] = node.args;
      if (node.name === "true") return true;
      if (node.name === "false") return false;
      if (node.name === "not") return !asBool(evaluate(first, answers));
      const text = asText(evaluate(first, answers));
      if (node.name === "string-length") return text.length;
      const names = text.split(/\s+/).filter(Boolean);
      if (node.name === "count-selected") return names.length;
      return names.includes(asText(evaluate(second, answers)));
    }
    default: throw new Error("node");
  }
}

// --- Preview form ---------------------------------------------------------------------------

const form = document.querySelector(".pv-form");
if (form) {
  const questions = [...form.querySelectorAll(".pv-q[data-code]")];
  const trees = new Map();
  for (const q of questions) {
    if (!q.dataset.relevant) continue;
    try {
      trees.set(q, parse(q.dataset.relevant));
    } catch {
      // Unreadable here: keep the question visible and say that the preview cannot apply it.
      q.classList.add("pv-unsupported");
      const state = q.querySelector(".pv-relevance-state");
      if (state) state.textContent = form.dataset.msgUnsupported || "";
    }
  }
  const valueOf = (code) => {
    const fields = [...form.querySelectorAll(`[name="${CSS.escape(code)}"]`)];
    return fields
      .filter((f) => (f.type === "radio" || f.type === "checkbox" ? f.checked : true))
      .map((f) => f.value.trim())
      .filter(Boolean)
      .join(" ");
  };
  const apply = () => {
    const answers = new Map();
    for (const q of questions) {
      const tree = trees.get(q);
      const shown = tree ? asBool(evaluate(tree, answers)) : true;
      q.hidden = !shown;
      for (const field of q.querySelectorAll("input, select, textarea")) field.disabled = !shown;
      // A hidden question counts as blank for the conditions after it (ODK cascades).
      answers.set(q.dataset.code, shown ? valueOf(q.dataset.code) : "");
    }
  };
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();
}

export { evaluate, parse };
