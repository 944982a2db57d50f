// The observer app: start-up, routing (#/, #/m/<id>, #/outbox), the mission list and the
// outbox. Works from IndexedDB first; the network only refreshes it.
import * as db from "./db.js";
import { _, format, formatDate, lang, ngettext, pick } from "./i18n.js";
import { renderMission } from "./form.js";
import * as sync from "./sync.js";
import { refreshTraining, renderCourse, renderQuiz, renderTraining, sendTraining } from "./training.js";
import { announce, channelLabel, h, stateBadge } from "./ui.js";

const body = document.body;
const root = document.getElementById("app");
const connection = document.getElementById("connection");
const banner = document.getElementById("banner");
const outboxCount = document.getElementById("outbox-count");

function showBanner(content) {
  banner.replaceChildren(...(content ? [content].flat() : []));
  banner.hidden = !content;
}

function paintConnection() {
  const online = navigator.onLine;
  connection.dataset.online = String(online);
  connection.textContent = online ? _("Online") : _("Offline — your work is saved on the phone");
}

let pendingCount = 0;

async function paintOutboxCount() {
  const count = (await db.all("outbox")).length;
  pendingCount = count;
  outboxCount.textContent = count ? `(${count})` : "";
  document
    .getElementById("outbox-link")
    .setAttribute(
      "aria-label",
      count
        ? format(ngettext("Outbox: %(count)s report waiting", "Outbox: %(count)s reports waiting", count), { count })
        : _("Outbox"),
    );
}

async function reportsByMission() {
  return new Map((await db.all("reports")).map((report) => [report.mission, report]));
}

function missionTitle(mission) {
  const sp = mission.service_point || {};
  return pick({ ar: sp.name_ar, fr: sp.name_fr }) || mission.code;
}

async function renderList() {
  const missions = (await db.all("missions")).sort((a, b) =>
    String(a.window_start).localeCompare(String(b.window_start)),
  );
  const reports = await reportsByMission();
  const refreshed = await db.meta.get("refreshed_at");
  const refresh = h("button", { type: "button", id: "refresh", onclick: () => update(true) }, _("Update now"));
  const items = missions.map((mission) => {
    const report = reports.get(mission.id);
    const state = report
      ? report.state === "draft" && !Object.keys(report.answers).length && !report.notes
        ? "none"
        : report.state
      : "none";
    return h(
      "li",
      {},
      h(
        "a",
        { class: "mission-card", href: `#/m/${mission.id}`, dataset: { mission: mission.id } },
        h("span", { class: "mission-name" }, missionTitle(mission)),
        h("span", { class: "meta" }, h("bdi", { class: "code" }, mission.code), " · ", channelLabel(mission.channel)),
        // Phone, e-mail and web missions need no travel: done from home (remote work).
        mission.channel && mission.channel !== "in_person"
          ? h("span", { class: "badge remote", dataset: { remote: "true" } }, _("Remote — from home"))
          : null,
        mission.window_start
          ? h(
              "span",
              { class: "meta" },
              format(_("Window: %(start)s – %(end)s"), {
                start: formatDate(mission.window_start),
                end: formatDate(mission.window_end),
              }),
            )
          : null,
        mission.gone
          ? h("span", { class: "state state-refused", dataset: { state: "gone" } }, _("No longer assigned"))
          : stateBadge(state),
      ),
    );
  });
  root.replaceChildren(
    h("h1", {}, _("My missions")),
    h(
      "div",
      { class: "sync-line" },
      h(
        "p",
        { class: "meta" },
        refreshed ? format(_("Updated at %(time)s"), { time: formatDate(refreshed) }) : _("Not downloaded yet."),
      ),
      refresh,
    ),
    items.length
      ? h("ul", { class: "missions" }, items)
      : h("p", { class: "empty" }, _("No mission is assigned to you for now.")),
  );
}

async function renderOutbox() {
  const missions = new Map((await db.all("missions")).map((mission) => [mission.id, mission]));
  const outbox = new Map((await db.all("outbox")).map((item) => [item.mission, item]));
  const reports = (await db.all("reports")).filter((report) => report.state !== "draft");
  const rows = reports.map((report) => {
    const mission = missions.get(report.mission);
    const item = outbox.get(report.mission);
    const details = [];
    if (report.state === "queued" && item?.attempts) {
      details.push(
        h(
          "p",
          { class: "meta" },
          format(_("Not sent yet (no connection or server busy). Next try at %(time)s."), {
            time: formatDate(report.retry_at),
          }),
        ),
      );
    }
    if (report.state === "sent" && report.sent_at)
      details.push(h("p", { class: "meta" }, format(_("Sent at %(time)s"), { time: formatDate(report.sent_at) })));
    if (report.state === "conflict")
      details.push(
        h("p", { class: "reason" }, _("The server holds another version: open the report to choose which one counts.")),
      );
    if (report.message) details.push(h("p", { class: "reason" }, report.message));
    if (report.comment && report.state === "returned")
      details.push(h("p", { class: "reason", dir: "auto" }, report.comment));
    return h(
      "li",
      { class: "outbox-item", dataset: { mission: report.mission, state: report.state } },
      h("a", { href: `#/m/${report.mission}` }, mission ? missionTitle(mission) : report.uuid),
      mission ? h("span", { class: "meta" }, h("bdi", { class: "code" }, mission.code)) : null,
      stateBadge(report.state),
      details,
    );
  });
  // Repainted only when what it shows changed: several tabs and the outbox runner announce
  // changes often, and a button replaced under the observer's finger would miss the tap.
  const key = JSON.stringify([
    [...outbox.values()].map((item) => [item.mission, item.attempts, item.next_at > Date.now()]),
    reports.map((report) => [
      report.mission,
      report.state,
      report.message,
      report.retry_at,
      report.sent_at,
      report.comment,
    ]),
  ]);
  if (root.dataset.view === "outbox" && root.dataset.viewKey === key) return;
  root.dataset.view = "outbox";
  root.dataset.viewKey = key;
  const sendNow = h(
    "button",
    {
      type: "button",
      id: "send-now",
      class: "primary",
      onclick: () => {
        if (!navigator.onLine) {
          announce(_("No connection: the reports stay on the phone and will be sent automatically."));
        }
        sync.retryNow();
      },
    },
    _("Send now"),
  );
  root.replaceChildren(
    h("p", { class: "crumbs" }, h("a", { href: "#/", class: "back" }, _("Back to my missions"))),
    h("h1", {}, _("Outbox")),
    h(
      "p",
      { class: "meta", id: "outbox-summary", dataset: { pending: outbox.size } },
      outbox.size
        ? format(
            ngettext(
              "%(count)s report is waiting to be sent.",
              "%(count)s reports are waiting to be sent.",
              outbox.size,
            ),
            { count: outbox.size },
          )
        : _("Nothing is waiting to be sent."),
    ),
    // replaceChildren() would write a null child out as the text "null": leave it out.
    ...(outbox.size ? [h("div", { class: "actions" }, sendNow)] : []),
    rows.length
      ? h("ul", { class: "outbox" }, rows)
      : h("p", { class: "empty" }, _("No report has been submitted from this phone yet.")),
  );
}

let rendering = Promise.resolve();
let renderWaiting = false;
function render() {
  // One render at a time, so a slow one never paints over a newer one; changes announced
  // while one is waiting are covered by it (no queue of repaints).
  if (renderWaiting) return rendering;
  renderWaiting = true;
  rendering = rendering
    .then(async () => {
      renderWaiting = false;
      const route = location.hash.replace(/^#/, "") || "/";
      const match = route.match(/^\/m\/(\d+)$/);
      if (route !== "/outbox") root.dataset.view = "";
      const course = route.match(/^\/training\/(\d+)(\/quiz)?$/);
      if (match) await renderMission(root, Number(match[1]));
      else if (route === "/outbox") await renderOutbox();
      else if (route === "/training") await renderTraining(root);
      else if (course && course[2]) await renderQuiz(root, Number(course[1]));
      else if (course) await renderCourse(root, Number(course[1]));
      else await renderList();
      await paintOutboxCount();
      document.getElementById("app-loading").hidden = true;
    })
    .catch((error) => {
      console.error(error);
      showBanner(_("Something went wrong on this page. Your saved work is not affected; reload the app."));
    });
  return rendering;
}

// Re-render on background changes, except on the form: repainting it would take the
// observer's focus away in mid-typing. The form repaints when its own state changes.
async function renderIfNotEditing() {
  // A render under way may have read the state before this change: wait for it to end (it
  // sets renderedState), then compare. A render that starts later reads the new state.
  await rendering;
  const match = location.hash.match(/^#\/m\/(\d+)$/);
  if (match) {
    const report = await db.get("reports", Number(match[1]));
    if (!report || report.state === root.dataset.renderedState) return paintOutboxCount();
  }
  return render();
}

// A failed download (weak network, busy server) is retried by itself, waiting longer each
// time, so that the first start in the field does not depend on one lucky request.
let refreshDelay = 3000;
let refreshTimer = null;

async function update(byHand = false) {
  clearTimeout(refreshTimer);
  if (!navigator.onLine) {
    if (byHand) announce(_("No connection: showing the missions saved on the phone."));
    return;
  }
  const result = await sync.refresh();
  if (result.ok) {
    showBanner(null);
    refreshDelay = 3000;
    if (byHand) announce(_("Missions updated."));
  } else if (result.status !== 403) {
    if (byHand) announce(_("The missions could not be updated; the ones saved on the phone are shown."));
    refreshTimer = setTimeout(update, refreshDelay);
    refreshDelay = Math.min(refreshDelay * 2, 5 * 60 * 1000);
  }
  await sync.processOutbox();
  // Training: quiz answers taken offline go first, then the courses are downloaded again.
  if (result.ok && !(await sendTraining()) && (await refreshTraining())) {
    if (location.hash.startsWith("#/training")) await render();
  }
}

function askToSignIn() {
  showBanner([
    _("Your session has ended. Sign in again to send your reports; they are kept on the phone."),
    " ",
    h("a", { href: body.dataset.login }, _("Sign in")),
  ]);
}

// Opening /fr/observer/ (the language link, or the installed French app) is the observer's
// choice of language: remember it as the language switch does, because the API (outside
// the /ar/ and /fr/ prefixes) answers in the remembered language, not the browser's.
function rememberLanguage() {
  const name = body.dataset.languageCookie;
  if (!name || document.cookie.split("; ").includes(`${name}=${lang}`)) return;
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${name}=${lang}; path=/; max-age=31536000; samesite=lax${secure}`;
}

async function start() {
  rememberLanguage();
  await db.open(body.dataset.db);
  sync.configure({ api: body.dataset.api, lang, name: body.dataset.db });
  await sync.recover();
  paintConnection();
  sync.events.addEventListener("change", renderIfNotEditing);
  sync.events.addEventListener("auth-required", askToSignIn);
  window.addEventListener("hashchange", () => {
    render().then(() => document.getElementById("main").focus());
  });
  window.addEventListener("online", () => {
    paintConnection();
    update().then(() => sync.retryNow());
  });
  window.addEventListener("offline", paintConnection);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && navigator.onLine) sync.processOutbox();
  });
  document.getElementById("logout-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    if (
      pendingCount &&
      !window.confirm(
        _(
          "Reports are still waiting to be sent. They stay on this phone and will be sent after you sign in again. Sign out?",
        ),
      )
    ) {
      return;
    }
    // The token written in a stored shell may be stale: use the latest one from the API.
    const token = sync.csrf();
    if (token) form.querySelector("input[name=csrfmiddlewaretoken]").value = token;
    // Signing out on purpose: the stored app shell goes too (the data stays, per account).
    try {
      for (const key of await caches.keys()) if (key.startsWith("raqib-observer-")) await caches.delete(key);
    } catch (error) {
      // No Cache Storage (private mode): nothing to forget.
    }
    form.submit();
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(body.dataset.sw, { scope: body.dataset.scope })
      .catch((error) => console.warn("service worker", error));
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data?.type === "sync") sync.processOutbox();
    });
  }
  if (navigator.storage?.persist) navigator.storage.persist().catch(() => {});
  await render();
  await update();
}

start();
