// The report form paged by grid section: completion counts, the progress bar, the section
// index, previous / next, "next unanswered required" and the review-before-submit page.
// form.js owns the questions and the saving; this module only counts and draws the
// navigation around them. Sections whose questions are all hidden by relevance are skipped.
import { _, format, ngettext, pick } from "./i18n.js";
import { h } from "./ui.js";

// The page after the last section.
export const REVIEW = "review";

export function blank(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
}

// One entry per section with at least one visible question, in grid order:
// { code, label, number, total, answered, required, requiredAnswered, missing: [codes] }.
export function sectionStats(snapshot, answers, visible) {
  const stats = [];
  for (const section of snapshot.sections) {
    const shown = section.criteria.filter((c) => visible.get(c.code));
    if (!shown.length) continue;
    const required = shown.filter((c) => c.required);
    const missing = required.filter((c) => blank(answers[c.code])).map((c) => c.code);
    stats.push({
      code: section.code,
      label: pick(section.label),
      number: stats.length + 1,
      total: shown.length,
      answered: shown.filter((c) => !blank(answers[c.code])).length,
      required: required.length,
      requiredAnswered: required.length - missing.length,
      missing,
    });
  }
  return stats;
}

// Where to land when the remembered page is gone (its section hidden by an answer, or a
// new grid version): the next section still shown, else the previous, else the review.
export function landing(snapshot, stats, wanted) {
  if (wanted === REVIEW) return REVIEW;
  const shown = new Set(stats.map((s) => s.code));
  if (shown.has(wanted)) return wanted;
  const order = snapshot.sections.map((s) => s.code);
  const at = order.indexOf(wanted);
  if (at >= 0) {
    const after = order.slice(at + 1).find((code) => shown.has(code));
    const before = order
      .slice(0, at)
      .reverse()
      .find((code) => shown.has(code));
    if (after || before) return after || before;
  }
  return stats.length ? stats[0].code : REVIEW;
}

// The page before / after `page` among the shown sections (null: none).
export function neighbour(stats, page, step) {
  const order = [...stats.map((s) => s.code), REVIEW];
  const at = order.indexOf(page);
  const next = order[at + step];
  return at < 0 || next === undefined ? null : next;
}

// The first required question left blank, from the current section on (wrapping round).
export function nextMissing(stats, page) {
  const at = Math.max(
    0,
    stats.findIndex((s) => s.code === page),
  );
  for (const s of [...stats.slice(at), ...stats.slice(0, at)]) {
    if (s.missing.length) return { section: s.code, code: s.missing[0] };
  }
  return null;
}

export function totals(stats) {
  return stats.reduce(
    (sum, s) => ({ required: sum.required + s.required, answered: sum.answered + s.requiredAnswered }),
    { required: 0, answered: 0 },
  );
}

function progressText({ required, answered }) {
  return format(
    ngettext(
      "%(answered)s of %(required)s required answer given",
      "%(answered)s of %(required)s required answers given",
      required,
    ),
    { answered, required },
  );
}

function countText(s) {
  return format(_("%(answered)s of %(total)s answered"), s);
}

function missingText(count) {
  return format(ngettext("%(count)s required question unanswered", "%(count)s required questions unanswered", count), {
    count,
  });
}

// The progress bar: role=progressbar with its values, and the same figures as text.
export function progressBar() {
  const label = h("p", { class: "progress-label", id: "progress-label" });
  const fill = h("span", { class: "progress-fill" });
  const bar = h(
    "div",
    { class: "progress-bar", role: "progressbar", "aria-labelledby": "progress-label", "aria-valuemin": "0" },
    fill,
  );
  function paint(stats) {
    const sum = totals(stats);
    const text = progressText(sum);
    label.textContent = text;
    bar.setAttribute("aria-valuemax", String(sum.required));
    bar.setAttribute("aria-valuenow", String(sum.answered));
    bar.setAttribute("aria-valuetext", text);
    // CSSOM, not a style attribute: allowed by the strict CSP.
    fill.style.inlineSize = `${sum.required ? Math.round((100 * sum.answered) / sum.required) : 100}%`;
  }
  return { element: h("div", { class: "progress", id: "progress" }, label, bar), paint };
}

// The section index: every section with its completion, then the review page.
export function sectionIndex(snapshot, go) {
  const buttons = new Map();
  const items = snapshot.sections.map((section) => {
    const count = h("span", { class: "index-count" });
    const name = h("span", { class: "index-name" });
    const button = h(
      "button",
      { type: "button", class: "index-link", dataset: { section: section.code }, onclick: () => go(section.code) },
      name,
      count,
    );
    buttons.set(section.code, { button, count, name, item: h("li", {}, button) });
    return buttons.get(section.code).item;
  });
  const review = h(
    "button",
    { type: "button", class: "index-link", dataset: { section: REVIEW }, onclick: () => go(REVIEW) },
    h("span", { class: "index-name" }, _("Review and submit")),
  );
  const details = h(
    "details",
    { class: "section-index", id: "section-index" },
    h("summary", {}, _("Sections")),
    h("ol", {}, items, h("li", { class: "index-review" }, review)),
  );
  function paint(stats, page) {
    const shown = new Map(stats.map((s) => [s.code, s]));
    for (const [code, node] of buttons) {
      const s = shown.get(code);
      node.item.hidden = !s;
      if (!s) continue;
      node.name.textContent = `${s.number}. ${s.label}`;
      node.count.textContent = countText(s);
      const done = s.requiredAnswered === s.required;
      node.button.classList.toggle("complete", done);
      node.button.dataset.missing = String(s.missing.length);
      if (page === code) node.button.setAttribute("aria-current", "step");
      else node.button.removeAttribute("aria-current");
    }
    if (page === REVIEW) review.setAttribute("aria-current", "step");
    else review.removeAttribute("aria-current");
  }
  return { element: details, paint, close: () => details.removeAttribute("open") };
}

// The heading of a section page, focused when the page changes.
export function sectionHeading(section) {
  const step = h("span", { class: "section-step" });
  const heading = h("h2", { class: "section-title", tabindex: "-1" }, step, h("span", {}, pick(section.label)));
  function paint(s, count) {
    step.textContent = s ? format(_("Section %(number)s of %(count)s"), { number: s.number, count }) : "";
  }
  return { element: heading, paint };
}

// Previous / next under a section (next from the last section opens the review page).
export function pagerNav(go) {
  const prev = h("button", { type: "button", class: "pager-prev", id: "pager-prev" }, _("Previous"));
  const next = h("button", { type: "button", class: "pager-next primary", id: "pager-next" }, _("Next"));
  let targets = { prev: null, next: null };
  prev.addEventListener("click", () => targets.prev && go(targets.prev));
  next.addEventListener("click", () => targets.next && go(targets.next));
  function paint(stats, page) {
    targets = { prev: neighbour(stats, page, -1), next: neighbour(stats, page, 1) };
    prev.disabled = !targets.prev;
    next.hidden = !targets.next;
    next.textContent = targets.next === REVIEW ? _("Next: review") : _("Next");
  }
  return {
    element: h("nav", { class: "pager sticky-actions", "aria-label": _("Pages of the form") }, prev, next),
    paint,
  };
}

// The review page's list: per section its counts and the problems, each linked to its
// question. `titles` maps a criterion code to its title.
export function reviewList(stats, errors, titles, { go, goToQuestion }) {
  const bySection = new Map(stats.map((s) => [s.code, []]));
  const sectionOf = new Map();
  for (const s of stats) for (const code of titles.sectionCodes(s.code)) sectionOf.set(code, s.code);
  for (const [code, messages] of Object.entries(errors)) {
    const section = sectionOf.get(code);
    if (section) bySection.get(section).push([code, messages]);
  }
  return h(
    "ul",
    { class: "review-sections", id: "review-sections" },
    stats.map((s) => {
      const problems = bySection.get(s.code);
      return h(
        "li",
        {
          class: s.missing.length || problems.length ? "review-section incomplete" : "review-section complete",
          dataset: { section: s.code, answered: s.answered, total: s.total, missing: s.missing.length },
        },
        h(
          "button",
          { type: "button", class: "link review-open", onclick: () => go(s.code) },
          `${s.number}. ${s.label}`,
        ),
        h("p", { class: "meta review-count" }, countText(s)),
        s.missing.length ? h("p", { class: "review-missing" }, missingText(s.missing.length)) : null,
        problems.length
          ? h(
              "ul",
              { class: "review-problems" },
              problems.map(([code, messages]) =>
                h(
                  "li",
                  {},
                  h(
                    "a",
                    {
                      href: `#q-${code}`,
                      dataset: { code },
                      onclick: (event) => {
                        event.preventDefault();
                        goToQuestion(code);
                      },
                    },
                    titles.title(code),
                    " — ",
                    messages.join(" "),
                  ),
                ),
              ),
            )
          : null,
      );
    }),
  );
}
