/* Kencana's service worker (docs/offline.md). Served at /sw.js by kencana.dashboard.offline, which
 * puts `self.KENCANA` before this file: the fingerprinted addresses of the shell, the static prefix
 * and a version that changes with any of them.
 *
 * - The shell (stylesheets, scripts, icons) is fetched when the worker installs and served from
 *   the cache; fingerprinted names change with their content, so a cached copy never goes stale.
 * - Pages are fetched network first and the last good copy is kept; with no connection the kept
 *   copy is shown, marked "offline, last updated …" (the note every officer's page carries hidden).
 * - Nothing of the log-in, the API or the admin is kept.
 * - Background Sync, where the browser has it, sends the outbox (outbox.js) when the connection
 *   returns, even with no Kencana page open.
 */
/* global KENCANA, kencanaOutbox */
"use strict";
importScripts(KENCANA.outbox);

var SHELL = "kencana-shell-" + KENCANA.version;
var PAGES = "kencana-pages";
var NOT_KEPT = ["/accounts/", "/admin/", "/api/", "/i18n/", "/jsi18n/", "/sw.js", "/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(KENCANA.precache); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("kencana-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(url) {
  return NOT_KEPT.every(function (prefix) { return url.pathname.indexOf(prefix) !== 0; });
}

/* The kept copy of a page, with its "offline, last updated" note shown. */
function offlineCopy(cached) {
  return cached.text().then(function (html) {
    var headers = new Headers(cached.headers);
    // The body is read decoded and changed: its transfer headers no longer describe it.
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    headers.set("X-Kencana-Offline", "1");
    return new Response(html.replace('<p id="offline-note" hidden', '<p id="offline-note"'), {
      status: 200, statusText: "OK", headers: headers
    });
  });
}

function page(request) {
  var url = new URL(request.url);
  url.hash = "";
  return fetch(request).then(function (response) {
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    if (response.ok && !response.redirected && html) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(url.href, copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.open(PAGES).then(function (cache) { return cache.match(url.href); }).then(function (cached) {
      if (cached) { return offlineCopy(cached); }
      throw error;
    });
  });
}

function shellFile(request) {
  return caches.match(request).then(function (cached) { return cached || fetch(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(KENCANA.staticPrefix) === 0) {
    event.respondWith(shellFile(request));
  } else if (request.mode === "navigate" && kept(url)) {
    event.respondWith(page(request));
  }
});

/* Pages the officer needs in the field (their list comes from /offline/pages/), fetched now so
 * that they open later without a connection. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.pages)) { return; }
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return Promise.all(data.pages.map(function (path) {
      var url = new URL(path, self.location.origin);
      if (url.origin !== self.location.origin || !kept(url)) { return null; }
      return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
        var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
        return response.ok && !response.redirected && html ? cache.put(url.href, response) : null;
      }).catch(function () { return null; });
    }));
  }));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== kencanaOutbox.SYNC) { return; }
  // A round stopped by a lost connection fails the sync event: the browser tries again later.
  event.waitUntil(kencanaOutbox.flush().then(function (done) {
    if (done === false) { throw new Error("the outbox still waits for a connection"); }
  }));
});
