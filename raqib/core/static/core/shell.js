// Small progressive enhancements of the shell; every page works without them.

// On narrow screens the main menu folds behind a "Menu" button. Without JavaScript the
// menu simply stays open and wraps, so nobody is ever locked out of it.
const nav = document.getElementById("main-nav");
const toggle = nav ? nav.querySelector(".nav-toggle") : null;
if (nav && toggle) {
  nav.classList.add("collapsible");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
}

// htmx sends the CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
