// The report form of one mission: built from the grid version's snapshot, saved to
// IndexedDB on every input, with relevance, required checks, timers, photos and location.
import * as db from "./db.js";
import { _, format, formatDate, ngettext, pick } from "./i18n.js";
import { conflictPanel } from "./conflict.js";
import * as pager from "./pager.js";
import { compress } from "./photos.js";
import { answerText, visibility } from "./relevance.js";
import * as sync from "./sync.js";
import { announce, channelLabel, h, stateBadge } from "./ui.js";

const EDITABLE = new Set(["draft", "returned", "invalid"]);
const NUMERIC_RE = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

// Arabic keyboards type Arabic-Indic digits (٠١٢ or ۰۱۲) and "٫" as the decimal mark; the
// grid and the server expect 0-9 and ".".
function westernDigits(text) {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u066b,]/g, ".");
}

const blank = pager.blank;

// The client-side checks of raqib/grids/scoring.py:validate_answers (the server checks
// again at submit; these only spare the observer a round trip).
export function problems(snapshot, answers) {
  const visible = visibility(snapshot, answers);
  const found = {};
  for (const section of snapshot.sections) {
    for (const c of section.criteria) {
      if (!visible.get(c.code)) continue;
      const value = answers[c.code];
      const add = (message) => {
        found[c.code] = [...(found[c.code] || []), message];
      };
      if (blank(value)) {
        if (c.required) add(_("An answer is required."));
      } else if (c.type === "number" || c.type === "scale") {
        if (!NUMERIC_RE.test(String(value))) add(_("Enter a number."));
        else if (c.type === "scale" && (Number(value) < c.scale.min || Number(value) > c.scale.max)) {
          add(format(_("Enter a number between %(min)s and %(max)s."), c.scale));
        } else if (c.type === "number" && c.bands?.length && c.bands.every((band) => band.max !== null)) {
          const last = c.bands[c.bands.length - 1].max;
          if (Number(value) > last) add(format(_("Enter a number no greater than %(max)s."), { max: last }));
        }
      }
      const when = c.evidence?.photo_required_when || [];
      const chosen = answerText(value).split(" ");
      if (when.some((name) => chosen.includes(name)) && blank(answers[`${c.code}__photo`])) {
        add(_("A photo is required for this answer."));
      }
    }
  }
  return found;
}

function choicesOf(snapshot, c) {
  if (c.type === "yes_no" || c.type === "yes_no_na") {
    const list = [
      { name: "yes", label: _("Yes") },
      { name: "no", label: _("No") },
    ];
    if (c.type === "yes_no_na") list.push({ name: "na", label: _("Not applicable") });
    return list;
  }
  if (c.type === "scale" && c.scale.max - c.scale.min <= 10) {
    const list = [];
    for (let v = c.scale.min; v <= c.scale.max; v += 1) list.push({ name: v, label: String(v) });
    return list;
  }
  if (c.type === "single_choice" || c.type === "multiple_choice") {
    return (snapshot.choice_lists[c.choices] || []).map((choice) => ({ name: choice.name, label: pick(choice.label) }));
  }
  return null;
}

function unitLabel(unit) {
  return { minutes: _("minutes"), rings: _("rings"), working_days: _("working days") }[unit] || "";
}

export async function renderMission(root, missionId) {
  const mission = await db.get("missions", missionId);
  if (!mission) {
    root.replaceChildren(h("p", { role: "alert" }, _("This mission is not on this phone.")), backLink());
    return;
  }
  const grid = await db.get("grids", mission.grid_version.id);
  if (!grid) {
    root.replaceChildren(
      h(
        "p",
        { role: "alert" },
        _("The grid of this mission has not been downloaded yet. Connect to the internet and update."),
      ),
      backLink(),
    );
    return;
  }
  const snapshot = grid.snapshot;
  const report = await sync.reportFor(mission);
  const editable = EDITABLE.has(report.state) && !mission.gone;
  const photoUrls = new Map();
  for (const photo of await db.photosOf(mission.id)) photoUrls.set(photo.uuid, URL.createObjectURL(photo.blob));

  // Writes are chained so that they reach IndexedDB in the order they were made.
  let saving = Promise.resolve();
  function stamp(r) {
    if (!r.started_at) r.started_at = sync.nowIso();
    r.updated_at = sync.nowIso();
  }
  function save(change) {
    change(report);
    stamp(report);
    // Read-modify-write: the change is applied to the stored copy, so that what the sync
    // wrote meanwhile (a coordinator's comment, photos known to the server) is kept.
    // The change is applied field by field inside one IndexedDB transaction, to the record
    // as stored now — never by writing back an older copy. A report that another tab queued
    // meanwhile is not changed under it: the observer is told and the page repaints.
    let applied = false;
    saving = saving
      .then(() =>
        db.update("reports", mission.id, (stored) => {
          if (stored.uuid !== report.uuid || !EDITABLE.has(stored.state)) return undefined;
          change(stored);
          stored.started_at = stored.started_at || report.started_at;
          stored.updated_at = report.updated_at;
          applied = true;
          return stored;
        }),
      )
      .then(() => {
        if (applied) {
          savedNote.textContent = format(_("Saved on phone at %(time)s"), {
            time: formatDate(report.updated_at).slice(-5),
          });
        } else {
          announce(_("This report was sent from another window of the app: this change was not saved."));
          renderMission(root, missionId);
        }
      });
    return saving;
  }

  const savedNote = h("p", { class: "saved-note", role: "status" });
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const criterionNodes = new Map();

  function showErrors(errors) {
    for (const [code, node] of criterionNodes) {
      const messages = errors[code] || [];
      node.error.textContent = messages.join(" ");
      node.error.hidden = !messages.length;
      node.container.classList.toggle("has-error", messages.length > 0);
      for (const input of node.inputs) {
        if (messages.length) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
    const codes = Object.keys(errors);
    summary.replaceChildren();
    summary.hidden = !codes.length;
    if (codes.length) {
      summary.append(
        h(
          "p",
          { class: "summary-title" },
          format(
            ngettext("%(count)s answer needs your attention:", "%(count)s answers need your attention:", codes.length),
            { count: codes.length },
          ),
        ),
        h(
          "ul",
          {},
          codes.map((code) => {
            const node = criterionNodes.get(code);
            return h(
              "li",
              {},
              h(
                "a",
                {
                  href: `#q-${code}`,
                  onclick: (event) => {
                    event.preventDefault();
                    goToQuestion(code);
                  },
                },
                node ? node.title : code,
                " — ",
                errors[code].join(" "),
              ),
            );
          }),
        ),
      );
    }
  }

  // --- Paging by section (editable reports; a read-only report is shown whole) ----------
  const paged = editable;
  const sectionNodes = new Map();
  let page = report.page || null;
  let stats = [];
  const progress = pager.progressBar();

  function applyVisibility() {
    const visible = visibility(snapshot, report.answers);
    for (const [code, node] of criterionNodes) node.container.hidden = !visible.get(code);
    stats = pager.sectionStats(snapshot, report.answers, visible);
    const shown = new Map(stats.map((s) => [s.code, s]));
    if (paged) page = pager.landing(snapshot, stats, page);
    for (const [code, node] of sectionNodes) {
      node.heading.paint(shown.get(code), stats.length);
      node.element.hidden = !shown.has(code) || (paged && page !== code);
    }
    if (!paged) return;
    progress.paint(stats);
    index.paint(stats, page);
    nav.paint(stats, page);
    review.hidden = page !== pager.REVIEW;
    if (page === pager.REVIEW) paintReview();
  }

  // Remembered per report (IndexedDB), so that leaving and coming back opens the same page.
  function remember(where) {
    report.page = where;
    return db.update("reports", mission.id, (stored) =>
      stored.uuid === report.uuid && stored.page !== where ? { ...stored, page: where } : undefined,
    );
  }

  function go(where, { focus = true } = {}) {
    page = where;
    index.close();
    applyVisibility();
    remember(page);
    if (!focus) return;
    const heading = page === pager.REVIEW ? reviewHeading : sectionNodes.get(page)?.heading.element;
    heading?.focus();
    heading?.scrollIntoView({ block: "start" });
  }

  function sectionOf(code) {
    return snapshot.sections.find((section) => section.criteria.some((c) => c.code === code))?.code;
  }

  function goToQuestion(code) {
    const node = criterionNodes.get(code);
    if (paged && sectionOf(code)) go(sectionOf(code), { focus: false });
    const target = node?.inputs.find((input) => !input.disabled) || node?.container;
    if (target) {
      node.container.scrollIntoView({ block: "center" });
      target.focus();
    }
  }

  function nextUnanswered() {
    const found = pager.nextMissing(stats, page);
    if (found) {
      goToQuestion(found.code);
    } else {
      announce(_("Every required question is answered."));
      go(pager.REVIEW);
    }
  }

  const titles = {
    title: (code) => criterionNodes.get(code)?.title || code,
    sectionCodes: (sectionCode) =>
      (snapshot.sections.find((section) => section.code === sectionCode)?.criteria || []).flatMap((c) => [
        c.code,
        `${c.code}__photo`,
      ]),
  };
  const index = pager.sectionIndex(snapshot, (where) => go(where));
  const nav = pager.pagerNav((where) => go(where));
  const reviewHeading = h(
    "h2",
    { class: "section-title", tabindex: "-1", id: "review-heading" },
    _("Review before sending"),
  );
  const reviewBody = h("div", { class: "review-body" });
  const review = h("section", { class: "review", id: "review", "aria-labelledby": "review-heading", hidden: true });

  function paintReview() {
    const errors = { ...problems(snapshot, report.answers) };
    if (report.state === "invalid" && report.errors) {
      for (const [code, messages] of Object.entries(report.errors)) errors[code] = errors[code] || messages;
    }
    reviewBody.replaceChildren(
      h(
        "p",
        { class: "help" },
        _("Check every section, add your notes, then submit. Select a section or a question to go back to it."),
      ),
      pager.reviewList(stats, errors, titles, { go, goToQuestion }),
    );
  }

  function setAnswer(code, value) {
    return save((r) => {
      if (blank(value)) delete r.answers[code];
      else r.answers[code] = value;
    }).then(applyVisibility);
  }

  // --- One criterion ---------------------------------------------------------------------
  function criterionNode(c) {
    const id = `q-${c.code}`;
    const title = pick(c.label);
    const guidanceText = pick(c.guidance);
    const guidance = guidanceText ? h("p", { class: "guidance", id: `${id}-help` }, guidanceText) : null;
    const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const describedBy = [guidance ? `${id}-help` : null, `${id}-error`].filter(Boolean).join(" ");
    const requiredMark = c.required ? h("span", { class: "required" }, ` (${_("required")})`) : null;
    const value = report.answers[c.code];
    const inputs = [];
    const choices = choicesOf(snapshot, c);
    let body;
    let container;

    if (choices) {
      const multiple = c.type === "multiple_choice";
      const selected = multiple ? new Set(Array.isArray(value) ? value : answerText(value).split(" ")) : null;
      const options = choices.map((choice, index) => {
        const input = h("input", {
          type: multiple ? "checkbox" : "radio",
          name: id,
          id: `${id}-${index}`,
          value: String(choice.name),
          checked: multiple ? selected.has(String(choice.name)) : String(value) === String(choice.name),
          "aria-describedby": describedBy,
        });
        input.addEventListener("change", () => {
          if (multiple) {
            const names = [...container.querySelectorAll(`input[name="${id}"]:checked`)].map((el) => el.value);
            setAnswer(c.code, names);
          } else {
            setAnswer(c.code, c.type === "scale" ? Number(input.value) : input.value);
          }
          updatePhotoHint();
        });
        inputs.push(input);
        return h("label", { class: "choice", for: `${id}-${index}` }, input, h("span", {}, choice.label));
      });
      body = h("div", { class: c.type === "scale" ? "choices scale" : "choices" }, options);
      container = h(
        "fieldset",
        { class: "criterion", id, dataset: { code: c.code } },
        h("legend", {}, h("span", { class: "code" }, c.code), " ", title, requiredMark),
        guidance,
        body,
        error,
      );
    } else {
      let input;
      if (c.type === "text") {
        input = h("textarea", { id: `${id}-input`, rows: "3" });
      } else if (c.type === "datetime") {
        input = h("input", { id: `${id}-input`, type: "datetime-local" });
      } else if (c.type === "photo") {
        input = null;
      } else {
        input = h("input", {
          id: `${id}-input`,
          type: "text",
          inputmode: "decimal",
          autocomplete: "off",
          class: "number",
        });
      }
      if (input) {
        input.setAttribute("aria-describedby", describedBy);
        input.value = value ?? "";
        input.addEventListener("input", () => {
          const numeric = c.type === "number" || c.type === "scale";
          const raw = numeric ? westernDigits(input.value) : input.value;
          const typed = numeric && NUMERIC_RE.test(raw) ? Number(raw) : raw;
          setAnswer(c.code, typed);
        });
        inputs.push(input);
      }
      const label = h(
        "label",
        { for: input ? input.id : `${id}-photo` },
        h("span", { class: "code" }, c.code),
        " ",
        title,
        requiredMark,
      );
      const unit = c.unit ? h("span", { class: "unit" }, unitLabel(c.unit)) : null;
      body = input ? h("div", { class: "input-row" }, input, unit) : null;
      container = h(
        "div",
        { class: "criterion", id, dataset: { code: c.code } },
        label,
        guidance,
        body,
        c.unit === "minutes" && input ? timer(c, input) : null,
        error,
      );
    }

    // Evidence: a photo when the grid asks for one (or may ask, depending on the answer).
    let updatePhotoHint = () => {};
    if (c.type === "photo" || c.evidence?.photo_required_when?.length) {
      const photo = photoField(c, id);
      container.insertBefore(photo.element, error);
      inputs.push(photo.input);
      updatePhotoHint = photo.update;
      photo.update();
    }
    if (!editable) for (const input of inputs) input.disabled = true;
    criterionNodes.set(c.code, { container, error, inputs, title });
    return container;
  }

  // --- Timer for waiting / service time -------------------------------------------------
  function timer(c, input) {
    const output = h("output", { class: "timer-clock", "aria-live": "off" });
    const button = h("button", { type: "button", class: "timer-button" });
    let tick = null;
    function paint() {
      const running = report.timers?.[c.code];
      button.textContent = running ? _("Stop the timer") : _("Start the timer");
      button.setAttribute("aria-pressed", running ? "true" : "false");
      if (running) {
        const seconds = Math.max(0, Math.floor((Date.now() - running.start) / 1000));
        output.textContent = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
      } else {
        output.textContent = "";
      }
    }
    button.addEventListener("click", async () => {
      const running = report.timers?.[c.code];
      if (running) {
        const minutes = Math.max(0, Math.round((Date.now() - running.start) / 60000));
        clearInterval(tick);
        await save((r) => {
          if (r.timers) delete r.timers[c.code];
          r.answers[c.code] = minutes;
        });
        input.value = String(minutes);
        applyVisibility();
        announce(format(_("Timer stopped: %(minutes)s minutes."), { minutes }));
      } else {
        // The start time is stored: the timer keeps counting through a reload or a closed tab.
        await save((r) => {
          r.timers = r.timers || {};
          r.timers[c.code] = { start: Date.now() };
        });
        tick = setInterval(paint, 1000);
        announce(_("Timer started."));
      }
      paint();
    });
    if (report.timers?.[c.code]) tick = setInterval(paint, 1000);
    paint();
    if (!editable) button.disabled = true;
    return h("div", { class: "timer" }, button, output);
  }

  // --- Photos -------------------------------------------------------------------------------
  function photoField(c, id) {
    const key = c.type === "photo" ? c.code : `${c.code}__photo`;
    const input = h("input", {
      type: "file",
      accept: "image/*",
      capture: "environment",
      id: `${id}-photo`,
      class: "photo-input",
    });
    const hint = h("p", { class: "photo-hint" });
    const preview = h("div", { class: "photo-preview" });
    const label = h("label", { for: `${id}-photo`, class: "button photo-button" }, _("Take a photo"));
    function paint() {
      const uuid = report.answers[`${c.code}__photo`];
      preview.replaceChildren();
      if (uuid && photoUrls.has(uuid)) {
        preview.append(
          h("img", { src: photoUrls.get(uuid), alt: format(_("Photo for %(code)s"), { code: c.code }) }),
          // append() writes a null out as the text "null": only real nodes.
          ...(editable
            ? [h("button", { type: "button", class: "danger", onclick: removePhoto }, _("Remove the photo"))]
            : []),
        );
      } else if (uuid) {
        preview.append(h("p", {}, _("A photo was sent from another device.")));
      }
    }
    function update() {
      const when = c.evidence?.photo_required_when || [];
      const chosen = answerText(report.answers[c.code]).split(" ");
      const needed = c.type === "photo" ? c.required : when.some((name) => chosen.includes(name));
      hint.textContent = needed ? _("A photo is required for this answer.") : _("A photo may be added as evidence.");
      paint();
    }
    async function forget(uuid) {
      const old = uuid && (await db.get("photos", uuid));
      if (old && !old.uploaded) await db.del("photos", uuid);
    }
    async function removePhoto() {
      const uuid = report.answers[`${c.code}__photo`];
      await save((r) => {
        delete r.answers[`${c.code}__photo`];
        if (c.type === "photo") delete r.answers[c.code];
      });
      await forget(uuid);
      applyVisibility();
      update();
      announce(_("Photo removed."));
    }
    input.addEventListener("change", async () => {
      const file = input.files?.[0];
      if (!file) return;
      announce(_("Preparing the photo…"));
      let compressed;
      try {
        compressed = await compress(file);
      } catch (error) {
        announce(_("This file is not a readable image."));
        return;
      }
      const uuid = crypto.randomUUID();
      const previous = report.answers[`${c.code}__photo`];
      await db.put("photos", {
        uuid,
        mission: mission.id,
        criterion: c.code,
        blob: compressed.blob,
        size: compressed.blob.size,
        uploaded: false,
        taken_at: sync.nowIso(),
      });
      photoUrls.set(uuid, URL.createObjectURL(compressed.blob));
      await save((r) => {
        r.answers[`${c.code}__photo`] = uuid;
        if (c.type === "photo") r.answers[c.code] = uuid;
      });
      await forget(previous);
      input.value = "";
      applyVisibility();
      update();
      announce(_("Photo saved on the phone."));
    });
    if (!editable) {
      input.disabled = true;
      label.classList.add("disabled");
    }
    return {
      element: h("div", { class: "photo-field", dataset: { key } }, editable ? label : null, input, hint, preview),
      input,
      update,
    };
  }

  // --- Location -------------------------------------------------------------------------------
  function locationBlock() {
    const consent = h("input", { type: "checkbox", id: "location-consent", checked: report.location_consent });
    const button = h(
      "button",
      { type: "button", id: "locate", disabled: !report.location_consent || !editable },
      _("Record my location"),
    );
    const status = h("p", { class: "location-status", role: "status" });
    function paint() {
      const loc = report.location;
      status.textContent = loc
        ? format(_("Location recorded (accuracy: %(accuracy)s m) at %(time)s."), {
            accuracy: Math.round(loc.accuracy),
            time: formatDate(report.location_at),
          })
        : _("No location recorded.");
    }
    consent.addEventListener("change", async () => {
      await save((r) => {
        r.location_consent = consent.checked;
        if (!consent.checked) {
          r.location = null;
          r.location_at = null;
        }
      });
      button.disabled = !consent.checked;
      paint();
    });
    button.addEventListener("click", () => {
      if (!navigator.geolocation) {
        status.textContent = _("This phone cannot give its location.");
        return;
      }
      status.textContent = _("Looking for your position…");
      navigator.geolocation.getCurrentPosition(
        async (position) => {
          await save((r) => {
            r.location = {
              latitude: position.coords.latitude,
              longitude: position.coords.longitude,
              accuracy: position.coords.accuracy,
            };
            r.location_at = sync.nowIso(new Date(position.timestamp));
          });
          paint();
        },
        () => {
          status.textContent = _("The location could not be obtained. Check that location is allowed for this site.");
        },
        { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 },
      );
    });
    if (!editable) consent.disabled = true;
    paint();
    return h(
      "fieldset",
      { class: "location" },
      h("legend", {}, _("Location (optional)")),
      h(
        "p",
        { class: "help" },
        _(
          "Your position is recorded only if you agree. It helps the reviewer confirm the visit and is never shown to the observed body.",
        ),
      ),
      h(
        "label",
        { class: "choice", for: "location-consent" },
        consent,
        h("span", {}, _("I agree to record my location with this report")),
      ),
      button,
      status,
    );
  }

  // --- Page ---------------------------------------------------------------------------------
  const sp = mission.service_point || {};
  const header = h(
    "section",
    { class: "mission-head" },
    h("p", { class: "crumbs" }, backLink()),
    h("h1", {}, pick({ ar: sp.name_ar, fr: sp.name_fr }) || mission.code),
    h(
      "p",
      { class: "meta" },
      h("bdi", { class: "code" }, mission.code),
      " · ",
      channelLabel(mission.channel),
      " · ",
      pick(snapshot.grid.title),
    ),
    sp.address ? h("p", { class: "meta" }, sp.address) : null,
    mission.window_start
      ? h(
          "p",
          { class: "meta" },
          format(_("Window: %(start)s – %(end)s"), {
            start: formatDate(mission.window_start),
            end: formatDate(mission.window_end),
          }),
        )
      : null,
    h("p", { class: "state-line" }, stateBadge(report.state)),
  );
  const notices = [];
  if (mission.gone)
    notices.push(
      h(
        "p",
        { class: "notice warn", role: "alert" },
        _("This mission is no longer assigned to you. Your work stays on this phone."),
      ),
    );
  if (report.comment && (report.state === "returned" || report.state === "invalid")) {
    notices.push(
      h(
        "div",
        { class: "notice comment", role: "note" },
        h("p", { class: "notice-title" }, _("Coordinator's comments")),
        h("p", { dir: "auto" }, report.comment),
      ),
    );
  }
  if (report.message && (report.state === "refused" || report.state === "invalid")) {
    notices.push(
      h(
        "div",
        { class: "notice error", role: "alert" },
        h(
          "p",
          { class: "notice-title" },
          report.state === "refused" ? _("The server refused this report:") : _("The server asks for corrections:"),
        ),
        h("p", {}, report.message),
      ),
    );
  }

  if (report.state === "conflict" && report.server_copy)
    notices.push(conflictPanel(root, missionId, snapshot, report, renderMission));
  if (report.state === "correction") {
    notices.push(
      h(
        "p",
        { class: "notice comment", role: "note" },
        _(
          "Your correction has been sent to the coordinator, who will accept it or not. Until then the server keeps the version it received first.",
        ),
      ),
    );
  }

  const form = h("form", { class: "report-form", novalidate: true });
  form.append(summary);
  if (report.started_at)
    form.append(
      h("p", { class: "meta" }, format(_("Visit started at %(time)s"), { time: formatDate(report.started_at) })),
    );
  if (paged) {
    form.append(
      h(
        "div",
        { class: "pager-tools" },
        progress.element,
        index.element,
        h(
          "button",
          { type: "button", id: "next-unanswered", class: "next-unanswered", onclick: nextUnanswered },
          _("Next unanswered required question"),
        ),
      ),
    );
  }
  for (const section of snapshot.sections) {
    const heading = pager.sectionHeading(section);
    const element = h(
      "fieldset",
      { class: "grid-section", dataset: { section: section.code } },
      h("legend", {}, heading.element),
      section.criteria.map(criterionNode),
    );
    sectionNodes.set(section.code, { element, heading });
    form.append(element);
  }
  const notes = h("textarea", { id: "report-notes", rows: "4", disabled: !editable });
  notes.value = report.notes || "";
  notes.addEventListener("input", () =>
    save((r) => {
      r.notes = notes.value;
    }),
  );
  const closing = [
    h(
      "div",
      { class: "field notes" },
      h("label", { for: "report-notes" }, _("Notes")),
      h("p", { class: "help", id: "notes-help" }, _("What happened, in your own words. Do not write your name.")),
      notes,
    ),
    locationBlock(),
  ];
  notes.setAttribute("aria-describedby", "notes-help");

  // Paged, the submit button ends the review page: the sticky bar there is previous / next.
  const actions = h("div", { class: paged ? "actions" : "actions sticky-actions" });
  if (editable) {
    actions.append(
      h(
        "button",
        { type: "submit", class: "primary", id: "submit-report" },
        report.state === "draft" ? _("Submit the report") : _("Send the corrected report"),
      ),
    );
  } else if (report.state === "queued") {
    actions.append(
      h(
        "button",
        {
          type: "button",
          id: "edit-again",
          onclick: async () => {
            const editable = await sync.withdraw(mission.id);
            if (!editable)
              announce(
                _(
                  "The server already has this report: it can no longer be taken back. Send a correction if something must change.",
                ),
              );
            renderMission(root, missionId);
          },
        },
        _("Take back to edit"),
      ),
    );
  }
  if (paged) {
    // Notes, location and the submit button are on the review page.
    review.append(reviewHeading, reviewBody, ...closing, actions);
    form.append(review, nav.element, savedNote);
  } else {
    form.append(...closing, actions, savedNote);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // Enter in a field of a section page does not submit: only the review page does.
    if (paged && page !== pager.REVIEW) return;
    await saving;
    const errors = problems(snapshot, report.answers);
    showErrors(errors);
    if (Object.keys(errors).length) {
      summary.focus();
      return;
    }
    await sync.enqueue(mission.id);
    announce(_("The report is saved on the phone and will be sent as soon as possible."));
    location.hash = "#/outbox";
  });

  root.replaceChildren(header, ...notices, form);
  root.dataset.renderedState = report.state;
  applyVisibility();
  if (report.state === "invalid" && report.errors) showErrors(report.errors);
}

function backLink() {
  return h("a", { href: "#/", class: "back" }, _("Back to my missions"));
}
