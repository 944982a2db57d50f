// UI strings come from Django's JavaScript catalogue (/<lang>/jsi18n/, loaded before the
// modules and stored by the service worker). Msgids are English; without the catalogue the
// app still works, in English.
const catalogue = globalThis.django || {};

export const lang = document.body.dataset.lang || "ar";

export function _(text) {
  return catalogue.gettext ? catalogue.gettext(text) : text;
}

// "%(name)s" placeholders, as in Python: translators can move them within the sentence.
export function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_match, key) => String(values[key] ?? ""));
}

export function ngettext(singular, plural, count) {
  return catalogue.ngettext ? catalogue.ngettext(singular, plural, count) : count === 1 ? singular : plural;
}

// A bilingual value from the grid or the registry ({ar, fr}), with fallback to the other.
export function pick(value) {
  if (!value || typeof value === "string") return value || "";
  return value[lang] || value[lang === "ar" ? "fr" : "ar"] || "";
}

const dateFormat = new Intl.DateTimeFormat(lang === "ar" ? "ar-TN-u-nu-latn" : "fr-TN", {
  timeZone: "Africa/Tunis",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

// dd/mm/yyyy hh:mm, Tunis time, Western digits (the department's convention).
export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = Object.fromEntries(dateFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}
