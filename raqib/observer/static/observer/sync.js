// Talking to the server (raqib/missions/API.md): download the observer's missions and grids,
// and empty the outbox. Nothing here touches the page; the UI listens to `events`.
//
// Idempotency: the report UUID is created once on the phone and stored with the report, each
// photo's UUID likewise; every request is a PUT to that UUID or a submit that the server
// accepts twice. Replaying any step after a cut never creates a second report or photo.
//
// Never losing an edit silently:
// - every write carries the report version the phone last saw (If-Match) and the phone's
//   tag of the content (Raqib-Revision); a write based on an older version is refused (412);
// - the phone asks the server for the state of its outbox items (GET observer/status/) at
//   the start of every outbox run and after every failed or unanswered request, and settles
//   each item: held with my content → sent; held with another content → conflict (both
//   versions kept and shown); missing → resent;
// - every request has a timeout (AbortController); a failed item waits with backoff while
//   the others go on; one outbox runner at a time across tabs (Web Locks API);
// - records are changed field by field inside one IndexedDB transaction (db.update), never
//   written back from a copy read earlier.
import * as db from "./db.js";

export const events = new EventTarget();
const settings = { api: "/api/v1/", lang: "ar", lockName: "raqib-outbox" };
let csrfToken = null;
let running = false; // without Web Locks (old browsers): one runner per tab
let timer = null;
let channel = null;

const BACKOFF_START_MS = 5000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;
// Overridable for tests (window.RAQIB_TIMEOUT_MS); uploads get three times as long.
function timeoutMs(upload) {
  const base = Number(globalThis.RAQIB_TIMEOUT_MS) || 20000;
  return upload ? base * 3 : base;
}

// Where an outbox item may be in the flow: these are waiting for (or in) the outbox.
const PENDING = new Set(["queued", "sending"]);

export function csrf() {
  return csrfToken;
}

export function configure({ api, lang, name }) {
  settings.api = api;
  settings.lang = lang;
  if (name) settings.lockName = `raqib-outbox-${name}`;
  // Other tabs of the app repaint when this one changes something, and vice versa.
  try {
    channel = new BroadcastChannel(settings.lockName);
    channel.onmessage = () => events.dispatchEvent(new CustomEvent("change", { detail: { remote: true } }));
  } catch (error) {
    channel = null;
  }
}

function emit(type, detail = {}) {
  events.dispatchEvent(new CustomEvent(type, { detail }));
  if (type === "change" && channel) channel.postMessage("change");
}

// The phone's time with its offset: the server compares it with its own clock.
export function nowIso(date = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

// status 0 = no answer (network error, or abandoned after the timeout: `timedOut`).
async function request(method, path, { json, form, headers: extra } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": settings.lang, ...(extra || {}) };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  if (method !== "GET" && csrfToken) headers["X-CSRFToken"] = csrfToken;
  const controller = new AbortController();
  const limit = setTimeout(() => controller.abort(), timeoutMs(Boolean(form)));
  try {
    const response = await fetch(settings.api + path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      signal: controller.signal,
    });
    let data = null;
    if ((response.headers.get("Content-Type") || "").includes("json")) {
      try {
        data = await response.json();
      } catch (error) {
        if (controller.signal.aborted) return { status: 0, data: null, timedOut: true };
        data = null;
      }
    }
    return { status: response.status, data };
  } catch (error) {
    return { status: 0, data: null, timedOut: controller.signal.aborted };
  } finally {
    clearTimeout(limit);
  }
}

// A CSRF refusal (a rotated token) is not the same as a lost session: fetch a new token.
function isCsrfFailure(result) {
  return result.status === 403 && /csrf/i.test(String(result.data?.detail || ""));
}

export async function call(method, path, options) {
  let result = await request(method, path, options);
  if (isCsrfFailure(result) || (method !== "GET" && !csrfToken && result.status === 403)) {
    const session = await refreshSession();
    if (session.status === 200) result = await request(method, path, options);
  }
  return result;
}

export async function refreshSession() {
  const result = await request("GET", "observer/session/");
  if (result.status === 200 && result.data) {
    csrfToken = result.data.csrf_token;
    const serverTime = Date.parse(result.data.server_time);
    await db.meta.set("session", {
      pseudonym: result.data.user?.pseudonym || "",
      photo_max_bytes: result.data.photo_max_bytes,
      clock_offset_ms: Number.isNaN(serverTime) ? 0 : serverTime - Date.now(),
      fetched_at: nowIso(),
    });
  }
  if (result.status === 403) emit("auth-required");
  return result;
}

// --- Download -----------------------------------------------------------------------------

export async function refresh() {
  const session = await refreshSession();
  if (session.status !== 200) return { ok: false, status: session.status };
  const result = await call("GET", "observer/missions/");
  if (result.status !== 200 || !Array.isArray(result.data)) return { ok: false, status: result.status };
  const seen = new Set();
  for (const mission of result.data) {
    seen.add(mission.id);
    const cached = await db.get("grids", mission.grid_version.id);
    if (!cached || cached.content_hash !== mission.grid_version.content_hash) {
      const grid = await call("GET", `grids/versions/${mission.grid_version.id}/`);
      if (grid.status !== 200) return { ok: false, status: grid.status };
      await db.put("grids", {
        id: grid.data.id,
        content_hash: grid.data.content_hash,
        snapshot: grid.data.snapshot,
      });
    }
    await db.put("missions", { ...mission, gone: false });
    await mergeServerReport(mission);
  }
  // Withdrawn missions (cancelled or reassigned) stay on the phone with any local work;
  // validated ones that age out of the server's list have nothing left to keep.
  for (const mission of await db.all("missions")) {
    if (seen.has(mission.id)) continue;
    const report = await db.get("reports", mission.id);
    if (report?.state === "validated") {
      await forgetMission(mission.id);
    } else if (!mission.gone) {
      await db.update("missions", mission.id, { gone: true });
    }
  }
  await db.meta.set("refreshed_at", nowIso());
  emit("change");
  return { ok: true, status: 200 };
}

async function forgetMission(missionId) {
  for (const photo of await db.photosOf(missionId)) await db.del("photos", photo.uuid);
  await db.del("reports", missionId);
  await db.del("missions", missionId);
}

// A validated report is final: the server keeps its photos, the phone frees the space.
async function dropSentPhotos(missionId) {
  for (const photo of await db.photosOf(missionId)) {
    if (photo.uploaded) await db.del("photos", photo.uuid);
  }
}

function newReport(mission) {
  return {
    mission: mission.id,
    uuid: crypto.randomUUID(),
    answers: {},
    notes: "",
    started_at: null,
    ended_at: null,
    location: null,
    location_consent: false,
    timers: {},
    state: "draft",
    message: "",
    errors: {},
    comment: "",
    revision: null, // tag of the content last queued
    sent_revisions: [], // every tag this phone queued for this report
    server_version: 0, // the report version the phone last saw on the server
    server_copy: null, // the server's content at that version (corrections, conflicts)
    updated_at: nowIso(),
  };
}

export async function reportFor(mission) {
  // Created inside one transaction: two tabs opening the same mission never make two uuids.
  return db.transact(["reports"], async (stores, promisify) => {
    const existing = await promisify(stores.reports.get(mission.id));
    if (existing) return existing;
    const report = newReport(mission);
    stores.reports.put(report);
    return report;
  });
}

// A copy of its own (never the same object as the phone's answers: IndexedDB keeps shared
// references within a record, so an edit of one would change the other).
function serverCopy(server) {
  return structuredClone({
    status: server.status,
    version: server.version || 0,
    revision: server.revision || "",
    answers: server.answers || {},
    notes: server.notes || "",
    started_at: server.started_at || null,
    ended_at: server.ended_at || null,
    location_consent: Boolean(server.location_consent),
    location: server.location || null,
  });
}

// The phone now shows what the server holds (a report the observer cannot change locally).
function adopt(report, server) {
  report.server_version = server.version || 0;
  report.server_copy = serverCopy(server);
  report.answers = structuredClone(server.answers || {});
  report.notes = server.notes || "";
  if (server.revision) report.revision = server.revision;
  report.remote_photos = (server.photos || []).map((photo) => photo.uuid);
  return report;
}

async function mergeServerReport(mission) {
  const server = mission.report;
  if (!server) return;
  const local = await db.get("reports", mission.id);
  if (!local) {
    // A report started elsewhere (or a reinstalled phone): take the server's copy.
    const report = adopt({ ...newReport(mission), uuid: server.uuid }, server);
    report.started_at = server.started_at;
    report.ended_at = server.ended_at;
    report.state = serverState(server.status);
    report.comment = mission.coordinator_comment || "";
    report.sent_revisions = server.revision ? [server.revision] : [];
    await db.transact(["reports"], async (stores, promisify) => {
      if (!(await promisify(stores.reports.get(mission.id)))) stores.reports.put(report);
    });
    return;
  }
  if (local.uuid !== server.uuid) return; // the outbox reports the conflict when sending
  let validated = false;
  await db.update("reports", mission.id, (report) => {
    if (report.uuid !== server.uuid) return undefined;
    report.remote_photos = (server.photos || []).map((photo) => photo.uuid);
    // Queued, sending, conflict: the outbox settles those with the status endpoint.
    const settled = report.state === "sent" || report.state === "correction";
    if (server.status === "returned") {
      report.comment = mission.coordinator_comment || "";
      // Only a report the phone considers sent becomes "needs correction"; a correction in
      // progress (or queued) is kept as it is.
      if (settled) {
        adopt(report, server);
        report.state = "returned";
      }
    } else if (server.status === "validated") {
      if (!PENDING.has(report.state)) adopt(report, server);
      report.state = "validated";
      report.comment = "";
      validated = true;
    } else if (server.status === "submitted") {
      if (settled) {
        // A correction the coordinator accepted or rejected: show what the server holds.
        if (report.state === "correction" && server.version !== report.server_version) {
          report.state = "sent";
          report.message = "";
        }
        adopt(report, server);
      } else if (report.state === "returned" && server.revision && server.revision === report.revision) {
        adopt(report, server);
        report.state = "sent";
      }
    }
    return report;
  });
  if (validated) await dropSentPhotos(mission.id);
}

function serverState(status) {
  return { submitted: "sent", returned: "returned", validated: "validated" }[status] || "draft";
}

// --- Outbox -------------------------------------------------------------------------------

export async function enqueue(missionId) {
  // A new tag for this content: the server keeps it with the report, so the phone can tell
  // later whether what the server holds is this content, an older one of its own, or other.
  const revision = crypto.randomUUID();
  await db.transact(["reports", "outbox"], async (stores, promisify) => {
    const report = await promisify(stores.reports.get(missionId));
    if (!report) return;
    report.state = "queued";
    report.message = "";
    report.errors = {};
    report.ended_at = report.ended_at || nowIso();
    report.updated_at = nowIso();
    report.revision = revision;
    report.sent_revisions = [...(report.sent_revisions || []), revision].slice(-50);
    stores.reports.put(report);
    stores.outbox.put({
      mission: missionId,
      uuid: report.uuid,
      revision,
      attempts: 0,
      next_at: Date.now(),
      queued_at: nowIso(),
    });
  });
  emit("change");
  requestBackgroundSync();
  return processOutbox();
}

// Take a queued report back to edit it. The server is asked first: a report it already
// holds as submitted is not taken back (it is "sent", or a conflict to settle).
// Returns true when the report is editable again.
export async function withdraw(missionId) {
  await runExclusive(() => reconcile(), { wait: false });
  let done = false;
  await db.transact(["reports", "outbox"], async (stores, promisify) => {
    const report = await promisify(stores.reports.get(missionId));
    if (!report || report.state !== "queued") return;
    stores.outbox.delete(missionId);
    report.state = report.comment ? "returned" : "draft";
    stores.reports.put(report);
    done = true;
  });
  emit("change");
  return done;
}

async function requestBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register("raqib-outbox");
  } catch (error) {
    // Background Sync is a bonus (Chromium only); the `online` event does the same job.
  }
}

// Start-up: reports left "sending" by a killed tab go back to the queue, and every report
// the phone shows as waiting has its outbox item (none can stay "queued" with nothing to
// send it). Skipped when another tab's outbox runner is at work (it is not stale then).
export async function recover() {
  await runExclusive(repair);
}

async function repair() {
  await db.transact(["reports", "outbox"], async (stores, promisify) => {
    const reports = await promisify(stores.reports.getAll());
    const items = new Set((await promisify(stores.outbox.getAllKeys())).map(Number));
    for (const report of reports) {
      if (!PENDING.has(report.state)) continue;
      if (report.state === "sending") stores.reports.put({ ...report, state: "queued" });
      if (!items.has(report.mission)) {
        stores.outbox.put({
          mission: report.mission,
          uuid: report.uuid,
          revision: report.revision,
          attempts: 0,
          next_at: Date.now(),
          queued_at: nowIso(),
        });
      }
    }
  });
}

export async function retryNow() {
  for (const item of await db.all("outbox")) await db.update("outbox", item.mission, { next_at: Date.now() });
  return processOutbox();
}

// One runner across all tabs of the app: the Web Lock is held for the whole run. `wait:
// false` skips the run when another one holds the lock (it will pick the change up).
async function runExclusive(task, { wait = false } = {}) {
  if (navigator.locks?.request) {
    return navigator.locks.request(settings.lockName, { ifAvailable: !wait }, async (lock) => {
      if (!lock) return undefined;
      return task();
    });
  }
  if (running) return undefined;
  running = true;
  try {
    return await task();
  } finally {
    running = false;
  }
}

export async function processOutbox() {
  try {
    await runExclusive(runOutbox);
  } finally {
    emit("change");
    schedule();
  }
}

async function runOutbox() {
  await reconcile();
  const items = (await db.all("outbox")).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  let failed = false;
  for (const item of items) {
    if (item.next_at > Date.now()) continue;
    const outcome = await sendOne(item);
    if (outcome === "later" || outcome === "stop") failed = true;
    if (outcome === "stop") break;
  }
  // After a failed or unanswered request: what did the server keep?
  if (failed) await reconcile();
}

async function schedule() {
  clearTimeout(timer);
  const items = await db.all("outbox");
  if (!items.length) return;
  const next = Math.min(...items.map((item) => item.next_at));
  timer = setTimeout(processOutbox, Math.max(1000, next - Date.now()));
}

function cleanAnswers(answers) {
  const clean = {};
  for (const [key, value] of Object.entries(answers || {})) {
    if (value === "" || value === null || value === undefined) continue;
    if (Array.isArray(value) && !value.length) continue;
    clean[key] = value;
  }
  return clean;
}

function reportBody(report) {
  return {
    mission: report.mission,
    answers: cleanAnswers(report.answers),
    started_at: report.started_at,
    ended_at: report.ended_at,
    device_time: nowIso(),
    location: report.location_consent ? report.location : null,
    location_consent: Boolean(report.location_consent),
    notes: report.notes || "",
  };
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameTime(a, b) {
  if (!a || !b) return !a && !b;
  return Date.parse(a) === Date.parse(b);
}

function sameLocation(a, b) {
  if (!a || !b) return !a && !b;
  const near = (x, y) => Math.abs(Number(x) - Number(y)) < 1e-6;
  return near(a.latitude, b.latitude) && near(a.longitude, b.longitude);
}

// Only what differs from the server's copy: answers by code (null clears one), notes, times.
export function changesFrom(report, copy) {
  const mine = cleanAnswers(report.answers);
  const theirs = copy.answers || {};
  const answers = {};
  for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    if (!same(mine[key], theirs[key])) answers[key] = key in mine ? mine[key] : null;
  }
  const changes = {};
  if (Object.keys(answers).length) changes.answers = answers;
  if ((report.notes || "") !== (copy.notes || "")) changes.notes = report.notes || "";
  if (!sameTime(report.started_at, copy.started_at)) changes.started_at = report.started_at;
  if (!sameTime(report.ended_at, copy.ended_at)) changes.ended_at = report.ended_at;
  const consent = Boolean(report.location_consent);
  const location = consent ? report.location || null : null;
  if (consent !== Boolean(copy.location_consent) || (consent && !sameLocation(location, copy.location))) {
    changes.location_consent = consent;
    changes.location = location;
  }
  return changes;
}

function preconditions(report) {
  const headers = { "If-Match": `"${report.server_version || 0}"` };
  if (report.revision) headers["Raqib-Revision"] = report.revision;
  return headers;
}

// The content step: a correction of a report the server returned sends only the changes
// (PATCH over the version the phone saw); anything else sends the whole content (PUT).
async function sendContent(report) {
  const base = `observer/reports/${report.uuid}/`;
  const headers = preconditions(report);
  const copy = report.server_copy;
  if (copy && report.server_version && (copy.status === "returned" || copy.status === "draft")) {
    return call("PATCH", base, { json: changesFrom(report, copy), headers });
  }
  return call("PUT", base, { json: reportBody(report), headers });
}

function messageOf(result) {
  const data = result.data || {};
  if (data.detail) return String(data.detail);
  const first = Object.values(data)
    .flat()
    .find((value) => typeof value === "string");
  return first || "";
}

// Ends an outbox item, if it is still the one that was sent (not re-queued meanwhile with
// new content): the report's fields and the outbox entry change in one transaction.
async function finish(item, changes, apply) {
  await db.transact(["reports", "outbox"], async (stores, promisify) => {
    const current = await promisify(stores.outbox.get(item.mission));
    if (current && current.queued_at === item.queued_at) stores.outbox.delete(item.mission);
    const report = await promisify(stores.reports.get(item.mission));
    if (!report || report.uuid !== item.uuid) return;
    if (current && current.queued_at !== item.queued_at) return;
    Object.assign(report, changes, { updated_at: nowIso() });
    if (apply) apply(report);
    stores.reports.put(report);
  });
  emit("change");
}

// Network errors, timeouts, 5xx and 429 are retried later with backoff (the other items go
// on); any other refusal is final for this attempt: the local copy stays and the observer
// reads the server's reason.
async function later(item, result) {
  const attempts = (item.attempts || 0) + 1;
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (attempts - 1));
  const jitter = delay * (0.75 + Math.random() * 0.5);
  await db.update("outbox", item.mission, (current) =>
    current.queued_at === item.queued_at
      ? { ...current, attempts, next_at: Date.now() + jitter, last_status: result.status }
      : undefined,
  );
  await db.update("reports", item.mission, (report) =>
    report.uuid === item.uuid && report.state === "sending"
      ? { ...report, state: "queued", retry_at: nowIso(new Date(Date.now() + jitter)) }
      : undefined,
  );
  emit("change");
  // No network at all: the next items would fail the same way.
  return result.status === 0 && !result.timedOut && !navigator.onLine ? "stop" : "later";
}

function transient(status) {
  return status === 0 || status === 429 || status >= 500;
}

async function refusal(item, result) {
  const code = result.data?.code || "";
  if (code === "report_validated") {
    return finish(item, { state: "validated", message: "" });
  }
  if (result.status === 403) {
    // Signed out (the session expired while offline): keep the item, ask to sign in.
    emit("auth-required");
    await db.update("reports", item.mission, (report) =>
      report.state === "sending" ? { ...report, state: "queued" } : undefined,
    );
    return "stop";
  }
  if (result.status === 400 || result.status === 413) {
    return finish(item, { state: "invalid", message: messageOf(result), errors: result.data?.answers || {} });
  }
  return finish(item, { state: "refused", message: messageOf(result), refusal: code });
}

// The server holds this report as `server` (its full body): what does that mean for the
// phone's copy? "mine" (the content the phone queued), "older" (an earlier content of this
// phone, on a report still editable: safe to replace), or "other" (a conflict).
function relation(report, server) {
  if (server.revision && server.revision === report.revision) return "mine";
  // Same content without a matching tag (e.g. queued by an app version before revisions).
  if (server.answers && !Object.keys(changesFrom(report, serverCopy(server))).length) return "mine";
  const editable = server.status === "draft" || server.status === "returned";
  const ownOlder = !server.revision || (report.sent_revisions || []).includes(server.revision);
  if (editable && ownOlder) return "older";
  return "other";
}

async function markConflict(item, server) {
  await finish(item, { state: "conflict", message: "" }, (report) => {
    report.server_copy = serverCopy(server);
    report.server_version = server.version || 0;
  });
}

// After a 412 / 409 report_submitted, or when the status endpoint says the server holds a
// different version: fetch the server's copy and settle. Returns "submit" (the content is
// there: go on), "retry" (rebased on the server's version: send again) or "done".
async function settleWithServer(item) {
  const report = await db.get("reports", item.mission);
  const got = await call("GET", `observer/reports/${item.uuid}/`);
  if (transient(got.status)) return later(item, got);
  if (got.status !== 200 || !got.data) return (await refusal(item, got)) || "done";
  const server = got.data;
  const link = relation(report, server);
  if (link === "mine") {
    await db.update("reports", item.mission, (r) => ({
      ...r,
      server_version: server.version,
      server_copy: serverCopy(server),
    }));
    if (server.status === "validated") {
      await finish(item, { state: "validated", message: "" });
      return "done";
    }
    return "submit";
  }
  if (link === "older") {
    await db.update("reports", item.mission, (r) => ({
      ...r,
      server_version: server.version,
      server_copy: serverCopy(server),
    }));
    return "retry";
  }
  await markConflict(item, server);
  return "done";
}

async function sendOne(item) {
  let report = await db.update("reports", item.mission, (current) =>
    current.uuid === item.uuid && PENDING.has(current.state) ? { ...current, state: "sending" } : undefined,
  );
  if (!report || report.uuid !== item.uuid || report.state !== "sending") {
    // Nothing (or something else) to send for this entry any more.
    await db.update("outbox", item.mission, (current) => (current.queued_at === item.queued_at ? null : undefined));
    return "next";
  }
  emit("change");
  const base = `observer/reports/${report.uuid}/`;

  let submitNow = false;
  let contentSent = false;
  for (let round = 0; round < 3 && !submitNow && !contentSent; round += 1) {
    const result = await sendContent(report);
    if (transient(result.status)) return later(item, result);
    if (result.status === 412 || result.data?.code === "report_submitted") {
      const outcome = await settleWithServer(item);
      if (outcome === "submit") submitNow = true;
      else if (outcome === "retry") report = await db.get("reports", item.mission);
      else return outcome === "later" || outcome === "stop" ? outcome : "next";
      continue;
    }
    if (result.status >= 300) return (await refusal(item, result)) || "next";
    report = await db.update("reports", item.mission, (r) => ({
      ...r,
      server_version: result.data.version,
      server_copy: serverCopy(result.data),
      remote_photos: (result.data.photos || []).map((photo) => photo.uuid),
    }));
    contentSent = true;
  }
  if (!submitNow && !contentSent) return later(item, { status: 0 });

  // Photos the server already holds (listed in its answer, by uuid and hash) are never
  // sent again; only new ones travel.
  const remote = new Set(report.remote_photos || []);
  for (const photo of await db.photosOf(report.mission)) {
    if (photo.uploaded || remote.has(photo.uuid) || !referenced(report, photo.uuid)) continue;
    const form = new FormData();
    form.append("file", photo.blob, `${photo.uuid}.jpg`);
    form.append("criterion", photo.criterion);
    const result = await call("PUT", `${base}photos/${photo.uuid}/`, { form });
    if (result.data?.code === "report_submitted") break;
    if (transient(result.status)) return later(item, result);
    if (result.status >= 300) return (await refusal(item, result)) || "next";
    await db.update("photos", photo.uuid, { uploaded: true });
  }

  const result = await call("POST", `${base}submit/`); // no body needed
  if (transient(result.status)) return later(item, result);
  if (result.status >= 300) return (await refusal(item, result)) || "next";
  await finish(
    item,
    {
      state: result.data?.status === "validated" ? "validated" : "sent",
      message: "",
      errors: {},
      sent_at: nowIso(),
    },
    (r) => {
      r.server_version = result.data.version;
      r.server_copy = serverCopy(result.data);
      r.remote_photos = (result.data.photos || []).map((photo) => photo.uuid);
    },
  );
  return "next";
}

function referenced(report, uuid) {
  return Object.values(report.answers || {}).includes(uuid);
}

// --- Reconciliation -----------------------------------------------------------------------

// Asks the server for the state of every report the phone shows as waiting, and settles
// each: held with this phone's content → sent; held with another content → conflict;
// held with an older content of this phone (still editable) → sent again over its version;
// missing → sent again. Must run inside the outbox lock (runExclusive).
async function reconcile() {
  const reports = (await db.all("reports")).filter((report) => PENDING.has(report.state));
  if (!reports.length) return true;
  const query = reports
    .slice(0, 200)
    .map((report) => `uuid=${encodeURIComponent(report.uuid)}`)
    .join("&");
  const result = await call("GET", `observer/status/?${query}`);
  if (result.status !== 200 || !Array.isArray(result.data)) return false;
  const rows = new Map(result.data.map((row) => [row.uuid, row]));
  const items = new Map((await db.all("outbox")).map((item) => [item.mission, item]));
  for (const report of reports) {
    const row = rows.get(report.uuid);
    const item = items.get(report.mission) || {
      mission: report.mission,
      uuid: report.uuid,
      revision: report.revision,
      attempts: 0,
      next_at: Date.now(),
      queued_at: nowIso(),
    };
    if (!items.has(report.mission)) await db.put("outbox", item);
    if (!row) continue; // not on the server yet: the outbox sends it
    const held = row.status === "submitted" || row.status === "validated";
    if (held && row.revision && row.revision === report.revision) {
      await finish(
        item,
        {
          state: row.status === "validated" ? "validated" : "sent",
          message: "",
          errors: {},
          sent_at: report.sent_at || nowIso(),
        },
        (r) => {
          r.server_version = row.version;
          r.remote_photos = (row.photos || []).map((photo) => photo.uuid);
        },
      );
    } else if (held || relation(report, row) === "other") {
      await settleWithServer(item);
    } else if (report.state === "queued") {
      // An older content of this phone: send again now, over the server's version.
      await db.update("reports", report.mission, (r) =>
        r.uuid === report.uuid ? { ...r, server_version: row.version } : undefined,
      );
      await db.update("outbox", report.mission, { next_at: Date.now() });
    }
  }
  emit("change");
  return true;
}

// --- Conflicts ----------------------------------------------------------------------------

// The observer keeps the server's version: the phone's copy becomes the server's.
export async function keepServerVersion(missionId) {
  await db.update("reports", missionId, (report) => {
    if (report.state !== "conflict" || !report.server_copy) return undefined;
    const copy = report.server_copy;
    report.answers = structuredClone(copy.answers);
    report.notes = copy.notes;
    report.started_at = copy.started_at;
    report.ended_at = copy.ended_at;
    report.revision = copy.revision || report.revision;
    report.server_version = copy.version;
    report.state = serverState(copy.status);
    report.message = "";
    return report;
  });
  emit("change");
}

// The observer sends their version: over a report still editable on the server it is simply
// sent again (based on the server's version); for a submitted report it becomes a correction
// request for the coordinator, with only the changed answers.
export async function sendMyVersion(missionId) {
  const report = await db.get("reports", missionId);
  if (!report || report.state !== "conflict" || !report.server_copy) return { ok: false };
  const copy = report.server_copy;
  if (copy.status === "draft" || copy.status === "returned") {
    await db.update("reports", missionId, { server_version: copy.version, state: "draft" });
    await enqueue(missionId);
    return { ok: true };
  }
  const correction = report.correction_uuid || crypto.randomUUID();
  await db.update("reports", missionId, { correction_uuid: correction });
  const changes = changesFrom(report, copy);
  const result = await call("PUT", `observer/reports/${report.uuid}/corrections/${correction}/`, {
    json: { answers: changes.answers || {}, notes: "notes" in changes ? changes.notes : null },
    headers: { "If-Match": `"${copy.version}"` },
  });
  if (result.status === 200 || result.status === 201) {
    await db.update("reports", missionId, { state: "correction", message: "", correction_uuid: null });
    emit("change");
    return { ok: true };
  }
  if (result.status === 412) {
    // The server moved on meanwhile: show its new version next to mine.
    const got = await call("GET", `observer/reports/${report.uuid}/`);
    if (got.status === 200) {
      await db.update("reports", missionId, {
        server_copy: serverCopy(got.data),
        server_version: got.data.version,
        correction_uuid: null,
      });
    }
  }
  await db.update("reports", missionId, { message: messageOf(result) });
  emit("change");
  return { ok: false, status: result.status, message: messageOf(result) };
}
