// A conflict: the phone's version and the server's, side by side, and the two ways out
// (issue 19). Drawn above the report form by form.js.
import { _, formatDate, pick } from "./i18n.js";
import * as sync from "./sync.js";
import { announce, h } from "./ui.js";

function answerLabel(snapshot, code) {
  if (code === "notes") return _("Notes");
  if (code === "started_at") return _("Visit started at");
  if (code === "ended_at") return _("Visit ended at");
  for (const section of snapshot.sections) {
    for (const criterion of section.criteria) {
      if (criterion.code === code) return pick(criterion.label) || code;
      if (`${criterion.code}__photo` === code) return `${pick(criterion.label) || criterion.code} (${_("photo")})`;
    }
  }
  return code;
}

function shown(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)) return formatDate(value);
  return Array.isArray(value) ? value.join(", ") : String(value);
}

// A conflict: the phone's version and the server's, side by side, and the two ways out.
export function conflictPanel(root, missionId, snapshot, report, renderMission) {
  const copy = report.server_copy;
  const changes = sync.changesFrom(report, copy);
  const rows = [];
  for (const [code, mine] of Object.entries(changes.answers || {})) {
    rows.push([code, mine, (copy.answers || {})[code]]);
  }
  for (const key of ["notes", "started_at", "ended_at"]) {
    if (key in changes) rows.push([key, changes[key], copy[key]]);
  }
  const table = h(
    "table",
    { class: "conflict-table" },
    h("caption", {}, _("What differs")),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, _("Question")),
        h("th", { scope: "col" }, _("My version (this phone)")),
        h("th", { scope: "col" }, _("Server's version")),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map(([code, mine, theirs]) =>
        h(
          "tr",
          { dataset: { field: code } },
          h("th", { scope: "row" }, answerLabel(snapshot, code)),
          h("td", { class: "mine", dir: "auto" }, shown(mine)),
          h("td", { class: "theirs", dir: "auto" }, shown(theirs)),
        ),
      ),
    ),
  );
  const submitted = copy.status === "submitted";
  const keep = h(
    "button",
    {
      type: "button",
      id: "keep-server",
      onclick: async () => {
        await sync.keepServerVersion(missionId);
        announce(_("The server's version is kept on the phone."));
        renderMission(root, missionId);
      },
    },
    _("Keep the server's version"),
  );
  const mine = h(
    "button",
    {
      type: "button",
      class: "primary",
      id: "send-mine",
      onclick: async () => {
        mine.disabled = true;
        const result = await sync.sendMyVersion(missionId);
        announce(
          result.ok
            ? submitted
              ? _("Your correction has been sent to the coordinator.")
              : _("Your version will be sent.")
            : result.message || _("Not sent: check the connection and try again."),
        );
        renderMission(root, missionId);
      },
    },
    submitted ? _("Send my version as a correction") : _("Send my version"),
  );
  return h(
    "div",
    { class: "notice warn conflict", role: "alert", id: "conflict" },
    h("p", { class: "notice-title" }, _("Two versions of this report")),
    h(
      "p",
      {},
      submitted
        ? _(
            "The server already holds a submitted version of this report that differs from the one on this phone. Nothing is lost: both are kept. Choose which one counts.",
          )
        : _(
            "The server holds a different version of this report than this phone. Nothing is lost: both are kept. Choose which one counts.",
          ),
    ),
    report.message ? h("p", { class: "reason" }, report.message) : null,
    table,
    h("div", { class: "actions" }, mine, keep),
  );
}
