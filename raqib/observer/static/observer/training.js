// Training on the phone (docs/training.md, "Offline"): the courses a certification asks for,
// their lessons and quizzes, kept in IndexedDB so that they open with no network. A quiz is
// answered on the phone with the questions of its ticket; the answers wait in a queue and are
// sent (idempotent on the attempt id) when the network is back; the server scores them and
// grants the certification, which the next download shows.
//
// Kept in the meta store: "training" (the bundle), "training_outbox" (attempt id → answers),
// "quiz:<course>" (a quiz being answered: its ticket and answers), "training_notices"
// (course → the server's last word on an attempt).
import * as db from "./db.js";
import { _, format, pick } from "./i18n.js";
import * as sync from "./sync.js";
import { announce, h } from "./ui.js";

const BUNDLE = "training";
const QUEUE = "training_outbox";
const NOTICES = "training_notices";

export async function refreshTraining() {
  const result = await sync.call("GET", "observer/training/");
  if (result.status === 200 && result.data) {
    await db.meta.set(BUNDLE, result.data);
    await keepMedia(result.data);
  }
  return result.status === 200;
}

// Lesson images and documents served by Raqib are kept in IndexedDB ("media:<url>" → Blob,
// "training_media" → the URLs kept) so that a lesson shows them with no network; files no
// lesson uses any more are dropped. A file that cannot be fetched now is tried next time.
const MEDIA = "training_media";
const MEDIA_MAX_BYTES = 10 * 1024 * 1024;

function isLocal(url) {
  return typeof url === "string" && (url.startsWith("/static/") || url.startsWith("/training-media/"));
}

function mediaUrls(data) {
  const urls = new Set();
  for (const course of data.courses || []) {
    for (const lesson of course.lessons || []) {
      for (const image of lesson.images || []) if (isLocal(image.src)) urls.add(image.src);
      for (const item of lesson.attachments || []) if (isLocal(item.url)) urls.add(item.url);
    }
  }
  return urls;
}

async function keepMedia(data) {
  const wanted = mediaUrls(data);
  const kept = new Set((await db.meta.get(MEDIA)) || []);
  for (const url of kept) {
    if (!wanted.has(url)) {
      await db.del("meta", `media:${url}`);
      kept.delete(url);
    }
  }
  for (const url of wanted) {
    if (kept.has(url)) continue;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || response.redirected) continue;
      const blob = await response.blob();
      if (blob.size > MEDIA_MAX_BYTES) continue;
      await db.meta.set(`media:${url}`, blob);
      kept.add(url);
    } catch {
      // Offline or cut off: the lesson shows the file when the network is back.
    }
  }
  await db.meta.set(MEDIA, [...kept]);
}

// Object URLs of the course on screen, released when the next course is drawn.
let shown = [];

async function localUrl(url) {
  const blob = isLocal(url) ? await db.meta.get(`media:${url}`) : null;
  if (!blob) return url;
  const made = URL.createObjectURL(blob);
  shown.push(made);
  return made;
}

async function lessonMedia(lesson) {
  const images = [];
  for (const image of lesson.images || []) {
    images.push(
      h(
        "figure",
        { class: "lesson-image" },
        h("img", { src: await localUrl(image.src), alt: pick(image.alt) }),
        h("figcaption", { dir: "auto" }, pick(image.alt)),
      ),
    );
  }
  const links = [];
  for (const item of lesson.attachments || []) {
    const local = isLocal(item.url);
    links.push(
      h(
        "li",
        {},
        h(
          "a",
          {
            href: await localUrl(item.url),
            rel: "noopener",
            dir: "auto",
            download: local ? pick(item.title) : null,
          },
          pick(item.title),
        ),
        local ? null : h("span", { class: "meta" }, " — ", _("needs the network")),
      ),
    );
  }
  if (lesson.video_url)
    links.push(
      h(
        "li",
        {},
        h("a", { href: lesson.video_url, rel: "noopener" }, _("Video of the lesson")),
        h("span", { class: "meta" }, " — ", _("needs the network")),
      ),
    );
  return [...images, links.length ? h("ul", { class: "lesson-attachments" }, links) : null];
}

// Read-modify-write of one meta record in one transaction, creating it when absent (the
// generic update of db.js leaves an absent record alone).
async function changeMeta(key, change) {
  await db.transact(["meta"], async (stores, promisify) => {
    const current = await promisify(stores.meta.get(key));
    stores.meta.put(change(current || {}), key);
  });
}

async function notices() {
  return (await db.meta.get(NOTICES)) || {};
}

async function note(course, text) {
  await changeMeta(NOTICES, (current) => ({ ...current, [course]: text }));
}

// Send every queued attempt; stop at the first network or server failure (kept for later).
export async function sendTraining() {
  const queue = (await db.meta.get(QUEUE)) || {};
  let sent = 0;
  for (const item of Object.values(queue)) {
    const result = await sync.call("POST", "observer/training/quiz-attempts/", {
      json: { attempt: item.attempt, course: item.course, answers: item.answers },
    });
    if (result.status === 0 || result.status === 429 || result.status >= 500 || result.status === 403) break;
    if (result.status === 200) {
      await note(
        item.course,
        result.data.passed
          ? format(_("Quiz passed: %(score)s out of 100."), { score: result.data.score })
          : format(_("Quiz not passed: %(score)s out of 100."), { score: result.data.score }),
      );
    } else {
      await note(item.course, result.data?.detail || _("The attempt was refused."));
    }
    await changeMeta(QUEUE, (current) => {
      const next = { ...current };
      delete next[item.attempt];
      return next;
    });
    sent += 1;
  }
  if (sent) {
    await refreshTraining();
    sync.events.dispatchEvent(new Event("change"));
  }
  return sent;
}

async function bundle() {
  return (await db.meta.get(BUNDLE)) || { courses: [], certifications: [] };
}

function crumbs(href, label) {
  return h("p", { class: "crumbs" }, h("a", { href, class: "back" }, label));
}

export async function renderTraining(root) {
  const data = await bundle();
  const queue = (await db.meta.get(QUEUE)) || {};
  const waiting = new Set(Object.values(queue).map((item) => item.course));
  const said = await notices();
  root.replaceChildren(
    crumbs("#/", _("Back to my missions")),
    h("h1", {}, _("My training")),
    h("h2", {}, _("My certifications")),
    data.certifications.length
      ? h(
          "ul",
          { id: "certifications" },
          data.certifications.map((c) =>
            h(
              "li",
              { class: "certification" },
              h("bdi", { dir: "ltr" }, c.grid),
              " — ",
              pick(c.channel),
              " — ",
              format(_("valid until %(date)s"), { date: c.expires_on.split("-").reverse().join("/") }),
            ),
          ),
        )
      : h("p", { class: "empty", id: "no-certification" }, _("No certification yet.")),
    // replaceChildren() would write a null child out as the text "null": leave it out.
    ...(data.pledge_signed
      ? []
      : [
          h(
            "p",
            { class: "notice" },
            _(
              "Sign the confidentiality pledge on the training page of the website: it is needed for any certification.",
            ),
          ),
        ]),
    h("h2", {}, _("Courses")),
    data.courses.length
      ? h(
          "ul",
          { class: "missions" },
          data.courses.map((course) =>
            h(
              "li",
              {},
              h("a", { href: `#/training/${course.id}`, class: "course-link" }, pick(course.title)),
              " ",
              h(
                "span",
                { class: "badge" },
                course.quiz.passed
                  ? _("quiz passed")
                  : waiting.has(course.id)
                    ? _("quiz waiting to be sent")
                    : _("quiz to take"),
              ),
              said[course.id] ? h("p", { class: "meta" }, said[course.id]) : null,
            ),
          ),
        )
      : h("p", { class: "empty" }, _("No course is required at the moment.")),
  );
}

export async function renderCourse(root, courseId) {
  const data = await bundle();
  const course = data.courses.find((c) => c.id === courseId);
  if (!course) {
    root.replaceChildren(
      crumbs("#/training", _("Back to my training")),
      h("p", {}, _("This course is not on the phone.")),
    );
    return;
  }
  const queue = (await db.meta.get(QUEUE)) || {};
  const waiting = Object.values(queue).some((item) => item.course === course.id);
  const quiz = course.quiz;
  let action;
  if (quiz.passed) action = h("p", { class: "notice" }, _("You passed this course's quiz."));
  else if (waiting)
    action = h(
      "p",
      { class: "notice", id: "quiz-waiting" },
      _("Your answers are saved on the phone and will be sent as soon as possible."),
    );
  else if (quiz.ticket || (await db.meta.get(`quiz:${course.id}`)))
    action = h(
      "a",
      { href: `#/training/${course.id}/quiz`, class: "button primary", id: "take-quiz" },
      _("Take the quiz"),
    );
  else action = h("p", { class: "notice" }, quiz.blocked || _("The quiz cannot be taken now."));
  for (const made of shown) URL.revokeObjectURL(made);
  shown = [];
  const lessons = [];
  for (const lesson of course.lessons) {
    lessons.push(
      h(
        "section",
        { class: "lesson" },
        h("h2", {}, pick(lesson.title)),
        h("p", { class: "lesson-body" }, pick(lesson.body)),
        ...(await lessonMedia(lesson)),
      ),
    );
  }
  root.replaceChildren(
    crumbs("#/training", _("Back to my training")),
    h("h1", {}, pick(course.title)),
    ...lessons,
    h("div", { class: "actions" }, action),
  );
}

export async function renderQuiz(root, courseId) {
  const data = await bundle();
  const course = data.courses.find((c) => c.id === courseId);
  const key = `quiz:${courseId}`;
  let state = await db.meta.get(key);
  if (!state && course?.quiz.ticket && !course.quiz.passed) {
    state = { ticket: course.quiz.ticket, answers: {} };
    await db.meta.set(key, state);
  }
  if (!course || !state) {
    location.hash = `#/training/${courseId}`;
    return;
  }
  const questions = new Map(course.quiz.questions.map((q) => [q.code, q]));
  const form = h("form", { id: "quiz-form" });
  state.ticket.questions.forEach((code, index) => {
    const question = questions.get(code);
    if (!question) return;
    form.append(
      h(
        "fieldset",
        { class: "question" },
        h("legend", {}, `${index + 1}. `, pick(question.text)),
        question.choices.map((choice) => {
          const input = h("input", {
            type: "radio",
            name: code,
            value: choice.code,
            checked: state.answers[code] === choice.code,
            required: true,
            onchange: async () => {
              state.answers[code] = choice.code;
              await db.meta.set(key, state);
            },
          });
          return h("label", { class: "choice" }, input, " ", pick(choice.text));
        }),
      ),
    );
  });
  form.append(
    h(
      "p",
      { class: "help" },
      format(
        _(
          "Pass mark: %(mark)s out of 100. You can answer with no network; the result comes when the answers are sent.",
        ),
        {
          mark: course.quiz.pass_mark,
        },
      ),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "send-quiz" }, _("Hand in my answers")),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const item = { attempt: state.ticket.attempt, course: course.id, answers: state.answers, queued_at: sync.nowIso() };
    await changeMeta(QUEUE, (current) => ({ ...current, [item.attempt]: item }));
    await db.del("meta", key);
    announce(_("Your answers are saved on the phone and will be sent as soon as possible."));
    location.hash = `#/training/${course.id}`;
    if (navigator.onLine) sendTraining();
  });
  root.replaceChildren(
    crumbs(`#/training/${course.id}`, pick(course.title)),
    h("h1", {}, format(_("Quiz: %(title)s"), { title: pick(course.title) })),
    form,
  );
}
