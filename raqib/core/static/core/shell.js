// Small progressive enhancements of the shell; every page works without them.
// The language switch submits as soon as a language is chosen.
const select = document.getElementById("lang-select");
if (select) {
  select.addEventListener("change", () => select.form.requestSubmit());
}
// htmx sends the CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
