// The app's service worker (docs/offline-shell.md). This is a template:
// `cargo xtask sw` (trunk's post_build hook, see Trunk.toml) writes it into the build as /sw.js
// with VERSION and FILES read from the build output. Do not hand-edit the list.
//
// What it does:
// - install: puts exactly the build's own files (FILES) into the cache "beian-shell-<VERSION>";
// - activate: deletes the caches of every other build, then takes over the open pages;
// - fetch: for the app's own files and page loads, the network first, exactly as without a
//   worker; only when the network fails, the cached copy (any app route gets the cached
//   index.html, so the app starts and shows its own offline notice).
// It never stores anything at run time: API answers (/api/), the sandbox (/sandbox/), other
// origins and every non-GET request are not even seen by it (no respondWith), so nothing
// personal can reach Cache Storage.
"use strict";

const VERSION = "__VERSION__";
const INDEX = "__INDEX__";
const FILES = ["__FILES__"];

const PREFIX = "beian-shell-";
const CACHE = PREFIX + VERSION;
const OWN = new Set(FILES.map((f) => new URL(f, self.location.href).pathname));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `no-cache`: revalidated with the server (a 304 costs nothing), never a stale HTTP copy.
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: "no-cache" }))))
      // Safe to take over at once: while online this worker serves what the server serves, so
      // an open page sees no difference and nothing reloads under the user (docs/offline-shell.md, "Updates").
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** Whether a request is one this worker may answer: same-origin GET of the app, never the API. */
function ours(request, url) {
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  const p = url.pathname;
  if (p === "/api" || p.startsWith("/api/") || p === "/sandbox" || p.startsWith("/sandbox/")) return false;
  return request.mode === "navigate" || OWN.has(p);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (!ours(request, url)) return;
  const key = request.mode === "navigate" ? INDEX : url.pathname;
  event.respondWith(
    fetch(request).catch(async (error) => {
      const cached = await caches.open(CACHE).then((cache) => cache.match(key));
      if (cached) return cached;
      throw error;
    }),
  );
});
