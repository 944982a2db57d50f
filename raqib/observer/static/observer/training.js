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
  if (result.status === 200 && result.data) await db.meta.set(BUNDLE, result.data);
  return result.status === 200;
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
  root.replaceChildren(
    crumbs("#/training", _("Back to my training")),
    h("h1", {}, pick(course.title)),
    ...course.lessons.map((lesson) =>
      h(
        "section",
        { class: "lesson" },
        h("h2", {}, pick(lesson.title)),
        h("p", { class: "lesson-body" }, pick(lesson.body)),
      ),
    ),
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
