// ESLint for the observer app's JavaScript (`make jslint`; versions pinned in package-lock.json).
const js = require("@eslint/js");
const globals = require("globals");

const rules = {
  ...js.configs.recommended.rules,
  "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
  eqeqeq: ["error", "always"],
  "prefer-const": "error",
  "no-var": "error",
};

module.exports = [
  {
    // The app: plain ES modules loaded by the browser, no build step.
    files: ["raqib/observer/static/observer/**/*.js"],
    ignores: ["raqib/observer/static/observer/sw-core.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    rules,
  },
  {
    // The service worker's core: a classic script, loaded by importScripts from sw.js.
    files: ["raqib/observer/static/observer/sw-core.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: globals.serviceworker },
    rules,
  },
];
