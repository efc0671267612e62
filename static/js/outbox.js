/* The outbox (docs/offline.md): what an officer files with no connection waits on the phone, in
 * IndexedDB, and is sent when the connection returns: in the order it was filed, each item with
 * the idempotency key it was given when it was filed, so that a retry (a dropped upload, a second
 * tab, the service worker's Background Sync) is applied by the server once.
 *
 * An item: {id, key, url, method (POST unless said), title, csrf, lang, fields: [[name, value]],
 * files: [{field, name, blob}],
 * state: "waiting" | "sending" | "sent" | "refused" | "conflict", reasons: [..], filed, changed,
 * and for a report: answersUrl, and after a conflict the server's version: server: {state, answers}}.
 *
 * Shared by the pages (window.kencanaOutbox) and the service worker (importScripts).
 */
(function (scope) {
  "use strict";
  var DB = "kencana";
  var STORE = "outbox";
  var LOCK = "kencana-outbox";
  var SYNC = "kencana-outbox";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  /* One request on the store, in a transaction of its own; resolves with its result. */
  function run(mode, use) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = use(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request.result); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  var listeners = [];
  function changed() {
    listeners.forEach(function (listener) { listener(); });
    if (scope.clients && scope.clients.matchAll) {  // the service worker tells the open pages
      scope.clients.matchAll().then(function (pages) {
        pages.forEach(function (page) { page.postMessage({ type: "outbox" }); });
      });
    }
  }

  function all() {
    return run("readonly", function (store) { return store.getAll(); });
  }

  function put(item) {
    item.changed = Date.now();
    return run("readwrite", function (store) { return store.put(item); }).then(function (id) {
      changed();
      return id;
    });
  }

  function add(item) {
    item.state = "waiting";
    item.reasons = [];
    item.filed = Date.now();
    return put(item);
  }

  function discard(id) {
    return run("readwrite", function (store) { return store.delete(id); }).then(changed);
  }

  /* The messages of a refusal, whatever its shape: {"detail": ...}, {"field": [...]}, [...]. */
  function reasons(body) {
    if (body === null || body === undefined) { return []; }
    if (typeof body === "string") { return [body]; }
    if (Array.isArray(body)) { return body.reduce(function (list, part) { return list.concat(reasons(part)); }, []); }
    if (typeof body === "object") {
      return Object.keys(body).reduce(function (list, name) { return list.concat(reasons(body[name])); }, []);
    }
    return [String(body)];
  }

  /* The report as the server has it now: its state and each answer as the form writes it. */
  function serverVersion(item) {
    return fetch(item.answersUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (report) {
        if (!report) { return null; }
        var answers = {};
        report.answers.forEach(function (answer) {
          var value = answer.choice || "";
          if (answer.yes === true) { value = "yes"; }
          else if (answer.yes === false) { value = "no"; }
          else if (answer.number !== null && answer.number !== undefined) { value = String(Number(answer.number)); }
          answers[answer.indicator] = { value: value, comment: answer.comment || "" };
        });
        return { state: report.state, answers: answers };
      }, function () { return null; });
  }

  /* The session's CSRF token now: a log-in since the item was filed (the session had ended)
   * changed it. Pages read the cookie; the worker the Cookie Store where it has one. */
  function csrfToken(item) {
    var cookie;
    if (scope.document) {
      cookie = scope.document.cookie.split("; ").filter(function (c) { return c.indexOf("csrftoken=") === 0; })[0];
      return Promise.resolve(cookie ? cookie.slice("csrftoken=".length) : item.csrf);
    }
    if (scope.cookieStore) {
      return scope.cookieStore.get("csrftoken").then(function (c) { return c ? c.value : item.csrf; },
        function () { return item.csrf; });
    }
    return Promise.resolve(item.csrf);
  }

  function send(item, csrf) {
    var form = new FormData();
    item.fields.forEach(function (pair) { form.append(pair[0], pair[1]); });
    item.files.forEach(function (file) { form.append(file.field, file.blob, file.name); });
    return fetch(item.url, {
      method: item.method || "POST",
      body: form,
      credentials: "same-origin",
      headers: {
        "Idempotency-Key": item.key,
        "X-CSRFToken": csrf,
        "Accept": "application/json",
        "Accept-Language": item.lang || "id"
      }
    });
  }

  /* Send what waits, oldest first. A lost connection or a server in trouble stops the round (the
   * item waits for the next one, with the same key); a refusal is kept with its reasons. */
  function deliver() {
    return all().then(function (items) {
      var pending = items.filter(function (item) { return item.state === "waiting" || item.state === "sending"; });
      return pending.reduce(function (previous, item) {
        return previous.then(function (go) {
          if (!go) { return false; }
          item.state = "sending";
          return put(item).then(function () { return csrfToken(item); }).then(function (csrf) {
            return send(item, csrf);
          }).then(function (response) {
            return response.json().catch(function () { return null; }).then(function (body) {
              // The server in trouble, or the session ended (log in again): the item waits, its key kept.
              var detail = body && typeof body.detail === "string" ? body.detail : "";
              if (response.status >= 500 || response.status === 429 || response.status === 401 ||
                  (response.status === 403 && detail.indexOf("CSRF") !== -1)) {
                item.state = "waiting";
                return put(item).then(function () { return false; });
              }
              if (response.ok && body && body.problems && body.problems.length) {
                item.state = "refused";  // saved on the server, but not submitted
                item.reasons = body.problems;
              } else if (response.ok) {
                item.state = "sent";
                item.reasons = [];
                item.files = [];  // the server has them: the phone lets go of the photos
              } else if (response.status === 400 && body && body.base && item.answersUrl) {
                // BPBD acted on the report meanwhile: keep the server's answers beside ours.
                item.state = "conflict";
                item.reasons = reasons(body.base);
                return serverVersion(item).then(function (server) {
                  item.server = server;
                  return put(item);
                }).then(function () { return true; });
              } else {
                item.state = "refused";
                item.reasons = reasons(body);
              }
              return put(item).then(function () { return true; });
            });
          }, function () {
            item.state = "waiting";
            return put(item).then(function () { return false; });
          });
        });
      }, Promise.resolve(true));
    });
  }

  /* One delivery round at a time across the pages and the worker (Web Locks where the browser has them). */
  var running = null;
  function flush() {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(LOCK, deliver);
    }
    running = running || deliver().then(function (result) { running = null; return result; },
      function (error) { running = null; throw error; });
    return running;
  }

  scope.kencanaOutbox = {
    SYNC: SYNC,
    add: add,
    all: all,
    discard: discard,
    put: put,
    flush: flush,
    onChange: function (listener) { listeners.push(listener); },
    clear: function () {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    }
  };
})(self);
