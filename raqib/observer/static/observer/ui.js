// Small DOM helpers. No innerHTML with data: every text goes through textContent.
import { _ } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function announce(text) {
  const live = document.getElementById("announcer");
  live.textContent = "";
  // A new text node after a tick makes screen readers speak even a repeated message.
  setTimeout(() => {
    live.textContent = text;
  }, 50);
}

// The state of a mission's report as the observer sees it. `data-state` is stable (tests,
// CSS); the label is translated.
export function stateLabel(state) {
  return (
    {
      none: _("Not started"),
      draft: _("Saved on phone"),
      queued: _("Saved on phone — waiting to send"),
      sending: _("Sending…"),
      sent: _("Sent"),
      returned: _("Needs correction"),
      invalid: _("Needs correction"),
      refused: _("Refused"),
      validated: _("Validated"),
      conflict: _("Two versions — your choice is needed"),
      correction: _("Correction sent to the coordinator"),
    }[state] || state
  );
}

export function stateBadge(state) {
  return h("span", { class: `state state-${state}`, dataset: { state } }, stateLabel(state));
}

export function channelLabel(channel) {
  return (
    {
      in_person: _("Visit"),
      phone: _("Phone call"),
      email: _("E-mail"),
      web: _("Website"),
      postal: _("Letter"),
    }[channel] || channel
  );
}
