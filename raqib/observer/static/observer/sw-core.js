/* Service worker of the observer app (classic script: loaded by importScripts from sw.js,
   which defines CONFIG = {version, shell, catalogue, manifest, precache, login}).

   - The shell, the JS, the CSS and the translation catalogue are stored at installation, so
     the app opens with no network at all.
   - Pages: network first (a fresh shell when online), the stored shell when offline.
   - Static files and the catalogue: the stored copy first (they are versioned with CONFIG).
   - The API is never cached here: the app keeps missions, grids and reports in IndexedDB,
     which is the single source of truth on the phone. */
/* global CONFIG */
"use strict";

const CACHE = `raqib-observer-${CONFIG.version}`;
const PREFIX = "raqib-observer-";
const SCOPE_LANG = CONFIG.shell.split("/")[1];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One file at a time: on a weak network, parallel downloads compete with the app's
      // own first requests (missions and grids), which matter more.
      for (const url of CONFIG.precache) {
        for (let attempt = 1; ; attempt += 1) {
          const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
          // Never store a sign-in page in place of the shell.
          if (response.ok && !response.redirected) {
            await cache.put(url, response);
            break;
          }
          if (attempt === 3 || response.redirected || response.status < 500) {
            throw new Error(`precache ${url}: ${response.status}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
        }
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            // Only this language's old versions: the other language has its own worker.
            .filter((key) => key.startsWith(PREFIX) && key !== CACHE && key.endsWith(`-${SCOPE_LANG}`))
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function networkFirstShell(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A redirect (the session expired) goes to the sign-in page, but the stored shell is
    // kept: an observer who does not sign in again before leaving must still be able to
    // open the app and work offline. Signing out on purpose deletes it (see app.js).
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(CONFIG.shell, response.clone());
    }
    return response;
  } catch (error) {
    const stored = await cache.match(CONFIG.shell);
    if (stored) return stored;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const stored = await cache.match(request, { ignoreSearch: true });
  if (stored) return stored;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

// The translation catalogue and the manifest are not versioned by CONFIG: answer from the
// store at once, and refresh the store in the background for next time.
async function staleWhileRevalidate(event) {
  const cache = await caches.open(CACHE);
  const stored = await cache.match(event.request, { ignoreSearch: true });
  const fresh = fetch(event.request)
    .then(async (response) => {
      if (response.ok && response.type === "basic" && !response.redirected) {
        await cache.put(event.request, response.clone());
      }
      return response;
    })
    .catch(() => null);
  if (stored) {
    event.waitUntil(fresh);
    return stored;
  }
  return (await fresh) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname === CONFIG.shell) event.respondWith(networkFirstShell(request));
    return;
  }
  if (url.pathname === CONFIG.catalogue || url.pathname === CONFIG.manifest) {
    event.respondWith(staleWhileRevalidate(event));
  } else if (CONFIG.precache.includes(url.pathname) && url.pathname !== CONFIG.shell) {
    event.respondWith(cacheFirst(request));
  }
});

// Background Sync: when the connection comes back, wake the open app so it empties its
// outbox (the outbox logic lives in the page, next to IndexedDB and the CSRF token).
self.addEventListener("sync", (event) => {
  if (event.tag !== "raqib-outbox") return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((clients) => {
      for (const client of clients) client.postMessage({ type: "sync" });
    }),
  );
});
