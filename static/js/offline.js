/* The officer's app on this device (docs/offline.md): registers the service worker served at the
 * site root and, once per session, asks it to keep the officer's pages (their list comes from
 * the server) so that they open later without a connection. */
(function () {
  "use strict";
  var script = document.getElementById("offline-script");
  if (!script || !("serviceWorker" in navigator)) { return; }

  function keepPages(worker) {
    if (!navigator.onLine || sessionStorage.getItem("kencana-pages-kept")) { return; }
    fetch(script.dataset.pages, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        worker.postMessage({ type: "keep", pages: body.pages });
        sessionStorage.setItem("kencana-pages-kept", "1");
      })
      .catch(function () { /* no connection: the pages already kept stay */ });
  }

  navigator.serviceWorker.register(script.dataset.worker, { scope: "/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) { keepPages(registration.active); })
    .catch(function () { /* a browser that refuses workers still has the online app */ });
})();
