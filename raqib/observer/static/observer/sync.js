// Talking to the server (raqib/missions/API.md): download the observer's missions and grids,
// and empty the outbox. Nothing here touches the page; the UI listens to `events`.
//
// Idempotency: the report UUID is created once on the phone and stored with the report, each
// photo's UUID likewise; every request is a PUT to that UUID or a submit that the server
// accepts twice. Replaying any step after a cut never creates a second report or photo.
import * as db from "./db.js";

export const events = new EventTarget();
const settings = { api: "/api/v1/", lang: "ar" };
let csrfToken = null;
let running = false;
let timer = null;

const BACKOFF_START_MS = 5000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;

export function csrf() {
  return csrfToken;
}

export function configure({ api, lang }) {
  settings.api = api;
  settings.lang = lang;
}

function emit(type, detail = {}) {
  events.dispatchEvent(new CustomEvent(type, { detail }));
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

async function request(method, path, { json, form } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": settings.lang };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  if (method !== "GET" && csrfToken) headers["X-CSRFToken"] = csrfToken;
  let response;
  try {
    response = await fetch(settings.api + path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
    });
  } catch (error) {
    return { status: 0, data: null };
  }
  let data = null;
  if ((response.headers.get("Content-Type") || "").includes("json")) {
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
  }
  return { status: response.status, data };
}

// A CSRF refusal (a rotated token) is not the same as a lost session: fetch a new token.
function isCsrfFailure(result) {
  return result.status === 403 && /csrf/i.test(String(result.data?.detail || ""));
}

async function call(method, path, options) {
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
      await db.put("missions", { ...mission, gone: true });
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
    updated_at: nowIso(),
  };
}

export async function reportFor(mission) {
  const existing = await db.get("reports", mission.id);
  if (existing) return existing;
  // Stored before anything else happens: the UUID must never change once created.
  return db.put("reports", newReport(mission));
}

async function mergeServerReport(mission) {
  const server = mission.report;
  if (!server) return;
  const local = await db.get("reports", mission.id);
  if (!local) {
    // A report started elsewhere (or a reinstalled phone): take the server's copy.
    await db.put("reports", {
      ...newReport(mission),
      uuid: server.uuid,
      answers: server.answers || {},
      notes: server.notes || "",
      started_at: server.started_at,
      ended_at: server.ended_at,
      remote_photos: (server.photos || []).map((photo) => photo.uuid),
      state: serverState(server.status),
      comment: mission.coordinator_comment || "",
    });
    return;
  }
  if (local.uuid !== server.uuid) return; // the outbox reports the conflict when sending
  const next = { ...local, remote_photos: (server.photos || []).map((photo) => photo.uuid) };
  if (server.status === "returned") {
    next.comment = mission.coordinator_comment || "";
    // Only a report the phone considers sent becomes "needs correction"; a correction in
    // progress (or queued) is kept as it is.
    if (local.state === "sent") next.state = "returned";
  } else if (server.status === "validated") {
    next.state = "validated";
    next.comment = "";
    await dropSentPhotos(mission.id);
  } else if (server.status === "submitted" && local.state === "returned") {
    next.state = "sent";
  }
  await db.put("reports", next);
}

function serverState(status) {
  return { submitted: "sent", returned: "returned", validated: "validated" }[status] || "draft";
}

// --- Outbox -------------------------------------------------------------------------------

export async function enqueue(missionId) {
  const report = await db.get("reports", missionId);
  report.state = "queued";
  report.message = "";
  report.errors = {};
  report.ended_at = report.ended_at || nowIso();
  report.updated_at = nowIso();
  await db.put("reports", report);
  await db.put("outbox", {
    mission: missionId,
    uuid: report.uuid,
    attempts: 0,
    next_at: Date.now(),
    queued_at: nowIso(),
  });
  emit("change");
  requestBackgroundSync();
  return processOutbox();
}

// Take a queued report back to edit it (it has not reached the server yet, or will be
// replaced: every step is a PUT of the full content).
export async function withdraw(missionId) {
  await db.del("outbox", missionId);
  const report = await db.get("reports", missionId);
  if (report && report.state === "queued") {
    report.state = report.comment ? "returned" : "draft";
    await db.put("reports", report);
  }
  emit("change");
}

async function requestBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register("raqib-outbox");
  } catch (error) {
    // Background Sync is a bonus (Chromium only); the `online` event does the same job.
  }
}

// Put reports left "sending" by a killed tab back in the queue.
export async function recover() {
  for (const report of await db.all("reports")) {
    if (report.state === "sending") await db.put("reports", { ...report, state: "queued" });
  }
}

export async function retryNow() {
  for (const item of await db.all("outbox")) await db.put("outbox", { ...item, next_at: Date.now() });
  return processOutbox();
}

export async function processOutbox() {
  if (running) return;
  running = true;
  try {
    const items = (await db.all("outbox")).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
    for (const item of items) {
      if (item.next_at > Date.now()) continue;
      const outcome = await sendOne(item);
      if (outcome === "stop") break;
    }
  } finally {
    running = false;
    emit("change");
    schedule();
  }
}

async function schedule() {
  clearTimeout(timer);
  const items = await db.all("outbox");
  if (!items.length) return;
  const next = Math.min(...items.map((item) => item.next_at));
  timer = setTimeout(processOutbox, Math.max(1000, next - Date.now()));
}

function reportBody(report) {
  const answers = {};
  for (const [key, value] of Object.entries(report.answers || {})) {
    if (value === "" || value === null || value === undefined) continue;
    if (Array.isArray(value) && !value.length) continue;
    answers[key] = value;
  }
  return {
    mission: report.mission,
    answers,
    started_at: report.started_at,
    ended_at: report.ended_at,
    device_time: nowIso(),
    location: report.location_consent ? report.location : null,
    location_consent: Boolean(report.location_consent),
    notes: report.notes || "",
  };
}

function messageOf(result) {
  const data = result.data || {};
  if (data.detail) return String(data.detail);
  const first = Object.values(data).flat().find((value) => typeof value === "string");
  return first || "";
}

async function finish(item, report, changes) {
  await db.put("reports", { ...report, ...changes, updated_at: nowIso() });
  await db.del("outbox", item.mission);
  emit("change");
}

// Network errors, 5xx and 429 are retried later; any other refusal is final for this
// attempt: the local copy stays and the observer reads the server's reason.
async function later(item, report, status) {
  const attempts = item.attempts + 1;
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (attempts - 1));
  const jitter = delay * (0.75 + Math.random() * 0.5);
  await db.put("outbox", { ...item, attempts, next_at: Date.now() + jitter, last_status: status });
  await db.put("reports", { ...report, state: "queued", retry_at: nowIso(new Date(Date.now() + jitter)) });
  emit("change");
  return "stop";
}

function transient(status) {
  return status === 0 || status === 429 || status >= 500;
}

async function refusal(item, report, result) {
  const code = result.data?.code || "";
  if (code === "report_validated") {
    return finish(item, report, { state: "validated", message: "" });
  }
  if (result.status === 403) {
    // Signed out (the session expired while offline): keep the item, ask to sign in.
    emit("auth-required");
    await db.put("reports", { ...report, state: "queued" });
    return "stop";
  }
  if (result.status === 400 || result.status === 413) {
    return finish(item, report, {
      state: "invalid",
      message: messageOf(result),
      errors: result.data?.answers || {},
    });
  }
  return finish(item, report, { state: "refused", message: messageOf(result), refusal: code });
}

async function sendOne(item) {
  let report = await db.get("reports", item.mission);
  if (!report || report.uuid !== item.uuid) {
    await db.del("outbox", item.mission);
    return "next";
  }
  report = { ...report, state: "sending" };
  await db.put("reports", report);
  emit("change");
  const base = `observer/reports/${report.uuid}/`;

  let result = await call("PUT", base, { json: reportBody(report) });
  // Already submitted (a replay after a cut): the content is on the server, confirm it.
  let submitted = result.data?.code === "report_submitted";
  if (transient(result.status)) return later(item, report, result.status);
  if (result.status >= 300 && !submitted) return (await refusal(item, report, result)) || "next";

  if (!submitted) {
    for (const photo of await db.photosOf(report.mission)) {
      if (photo.uploaded || !referenced(report, photo.uuid)) continue;
      const form = new FormData();
      form.append("file", photo.blob, `${photo.uuid}.jpg`);
      form.append("criterion", photo.criterion);
      result = await call("PUT", `${base}photos/${photo.uuid}/`, { form });
      if (result.data?.code === "report_submitted") {
        submitted = true;
        break;
      }
      if (transient(result.status)) return later(item, report, result.status);
      if (result.status >= 300) return (await refusal(item, report, result)) || "next";
      await db.put("photos", { ...photo, uploaded: true });
    }
  }

  result = await call("POST", `${base}submit/`, { json: {} });
  if (transient(result.status)) return later(item, report, result.status);
  if (result.status >= 300) return (await refusal(item, report, result)) || "next";
  await finish(item, report, {
    state: result.data?.status === "validated" ? "validated" : "sent",
    message: "",
    errors: {},
    sent_at: nowIso(),
  });
  return "next";
}

function referenced(report, uuid) {
  return Object.values(report.answers || {}).includes(uuid);
}
