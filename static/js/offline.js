/* The officer's app on this device (docs/offline.md).
 *
 * - Registers the service worker served at the site root and, once per session, asks it to keep
 *   the officer's pages (their list comes from the server) so that they open with no connection.
 * - A form that has an outbox address (the readiness report; an impact report, a shelter count, a
 *   task's acknowledgement, start, end or "not possible") is not lost: it gets an idempotency key
 *   when the officer presses the button. With no connection it goes to the outbox (outbox.js) with
 *   that key. Online the page sends the form itself, with the key, and goes where the form's answer
 *   says; if the connection drops on the way it goes to the outbox with the same key (a filing
 *   that did reach the server is then answered and not applied again). The outbox is sent when the
 *   connection returns: on the "online" event, at the next page load, every half minute while a
 *   page is open, or by the worker's Background Sync.
 * - Shows the outbox: each item's state (waiting, sending, sent, refused with the reasons).
 */
(function () {
  "use strict";
  var script = document.getElementById("offline-script");
  var outbox = window.kencanaOutbox;
  if (!script) { return; }

  // --- The service worker ------------------------------------------------------------------

  function keepPages(worker) {
    if (!navigator.onLine || sessionStorage.getItem("kencana-pages-kept")) { return; }
    fetch(script.dataset.pages, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || !worker) { return; }
        worker.postMessage({ type: "keep", pages: body.pages });
        sessionStorage.setItem("kencana-pages-kept", "1");
      })
      .catch(function () { /* no connection: the pages already kept stay */ });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) { keepPages(registration.active); })
      .catch(function () { /* a browser that refuses workers still has the online app */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox") { render(); }
    });
  }

  // --- Log-out: the device forgets Kencana ------------------------------------------------
  // The server's Clear-Site-Data header does the same where the browser knows it; this covers
  // the others. What still waits in the outbox would be lost: the officer is asked first.

  function forgetEverything() {
    var steps = [];
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* storage blocked: nothing kept */ }
    if (window.caches) {
      steps.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if (outbox) { steps.push(outbox.clear()); }
    if ("serviceWorker" in navigator) {
      steps.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    return Promise.all(steps).catch(function () { /* the header clears what is left */ });
  }

  var logout = document.getElementById("logout-form");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      if (logout.dataset.forgotten) { return; }
      event.preventDefault();
      var unsent = outbox && window.indexedDB ? outbox.all().then(function (items) {
        return items.some(function (item) { return item.state !== "sent"; });
      }, function () { return false; }) : Promise.resolve(false);
      unsent.then(function (waiting) {
        if (waiting && !window.confirm(logout.dataset.unsent)) { return; }
        forgetEverything().then(function () {
          logout.dataset.forgotten = "1";
          logout.submit();
        });
      });
    });
  }

  // --- The outbox --------------------------------------------------------------------------

  var panel = document.getElementById("outbox");
  if (!outbox || !panel || !window.indexedDB) { return; }
  var list = panel.querySelector(".outbox-items");
  var status = panel.querySelector(".outbox-status");
  var BADGES = { waiting: "warn", sending: "info", sent: "ok", refused: "bad", conflict: "bad" };

  function when(stamp) {
    return new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : "id-ID", {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
    }).format(new Date(stamp)).replace(/\./g, ":");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var rendering = 0;
  function render() {
    var turn = ++rendering;
    return outbox.all().then(function (items) {
      if (turn !== rendering) { return; }  // a later render draws the list
      list.textContent = "";
      panel.hidden = items.length === 0;
      items.forEach(function (item) {
        var row = element("li");
        row.dataset.state = item.state;
        row.appendChild(element("strong", "", item.title));
        row.appendChild(document.createTextNode(" "));
        row.appendChild(element("span", "badge " + BADGES[item.state], panel.dataset[item.state]));
        row.appendChild(document.createTextNode(" "));
        row.appendChild(element("small", "muted", when(item.filed)));
        if (item.reasons && item.reasons.length) {
          var reasons = element("ul", "reasons");
          item.reasons.forEach(function (reason) { reasons.appendChild(element("li", "", reason)); });
          row.appendChild(reasons);
        }
        if (item.state === "conflict") { row.appendChild(conflictView(item)); }
        if (item.state === "sent" || item.state === "refused" || item.state === "conflict") {
          var button = element("button", "link", item.state === "sent" ? panel.dataset.dismiss : panel.dataset.discard);
          button.type = "button";
          button.addEventListener("click", function () { outbox.discard(item.id).then(render); });
          row.appendChild(document.createTextNode(" "));
          row.appendChild(button);
        }
        list.appendChild(row);
      });
    });
  }

  // --- A conflict: both versions of the answers that differ, and the officer's choice ---------

  function fieldOf(item, name) {
    var pair = item.fields.filter(function (field) { return field[0] === name; })[0];
    return pair ? pair[1] : null;
  }

  function shown(value) {
    if (value === "yes") { return panel.dataset.yes; }
    if (value === "no") { return panel.dataset.no; }
    return value === "" ? "—" : value;
  }

  function same(mine, theirs) {
    if (mine.value !== theirs.value && !(mine.value !== "" && Number(mine.value) === Number(theirs.value))) {
      return false;
    }
    return (mine.comment || "") === (theirs.comment || "");
  }

  function conflictView(item) {
    var box = element("div", "conflict");
    var server = item.server || { state: "", answers: {} };
    var mine = JSON.parse(fieldOf(item, "answers") || "[]");
    var differing = mine.filter(function (answer) {
      return !same(answer, server.answers[answer.indicator] || { value: "", comment: "" });
    });
    var table = element("table", "conflict-table");
    var head = element("tr");
    [panel.dataset.question, panel.dataset.mine, panel.dataset.theirs].forEach(function (text) {
      head.appendChild(element("th", "", text));
    });
    table.appendChild(element("thead")).appendChild(head);
    var body = table.appendChild(element("tbody"));
    differing.forEach(function (answer) {
      var theirs = server.answers[answer.indicator] || { value: "", comment: "" };
      var row = element("tr");
      row.appendChild(element("td", "", answer.indicator));
      [["mine", answer], ["theirs", theirs]].forEach(function (side, n) {
        var cell = element("td");
        var label = element("label", "choice");
        var radio = element("input");
        radio.type = "radio";
        radio.name = "choice-" + item.id + "-" + answer.indicator;
        radio.value = side[0];
        radio.checked = n === 0;
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + shown(side[1].value) + (side[1].comment ? " (" + side[1].comment + ")" : "")));
        cell.appendChild(label);
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    var wrap = element("div", "table-wrap");
    wrap.tabIndex = 0;
    wrap.appendChild(table);
    box.appendChild(wrap);
    if (server.state === "draft" || server.state === "returned") {
      var send = element("button", "", panel.dataset.sendChoice);
      send.type = "button";
      send.addEventListener("click", function () {
        var chosen = mine.map(function (answer) {
          var picked = box.querySelector("input[name='choice-" + item.id + "-" + answer.indicator + "']:checked");
          var theirs = server.answers[answer.indicator] || { value: "", comment: "" };
          return picked && picked.value === "theirs"
            ? { indicator: answer.indicator, value: theirs.value, comment: theirs.comment } : answer;
        });
        // The officer has seen the server's version: the choice goes without a base, with a new key.
        item.fields = item.fields.filter(function (field) { return field[0] !== "answers" && field[0] !== "base"; });
        item.fields.push(["answers", JSON.stringify(chosen)]);
        item.key = newKey();
        item.state = "waiting";
        item.reasons = [];
        delete item.server;
        outbox.put(item).then(flush);
      });
      box.appendChild(send);
    }
    return box;
  }

  /* A connection that drops while the browser still counts itself online fires no "online" event
   * when it returns: while something waits, the page tries again every half minute. */
  var RETRY = 30000;
  var retry = null;
  function retryLater() {
    return outbox.all().then(function (items) {
      var waiting = items.some(function (item) { return item.state === "waiting"; });
      if (waiting && retry === null) {
        retry = setTimeout(function () { retry = null; flush(); }, RETRY);
      }
    });
  }

  function flush() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return outbox.flush().then(render, render).then(retryLater);
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync ? registration.sync.register(outbox.SYNC) : null;
    }).catch(function () { /* no Background Sync: the next page load or the online event sends it */ });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- The readiness report form -----------------------------------------------------------

  /* The form as the outbox sends it (the API's "file" action): answers by indicator code,
   * evidence files with their indicator codes in the same order, and whether to submit. */
  function reportItem(form, submit) {
    var answers = [];
    var fields = [];
    var files = [];
    form.querySelectorAll(".indicator[id^='ind-']").forEach(function (question) {
      var code = question.id.slice(4);
      var inputs = question.querySelectorAll("[name^='value_']");
      var comment = question.querySelector("[name^='comment_']");
      if (inputs.length) {
        var value = "";
        inputs.forEach(function (input) {
          if (input.type !== "radio" || input.checked) { value = input.value; }
        });
        answers.push({ indicator: code, value: value, comment: comment ? comment.value : "" });
      }
      question.querySelectorAll("input[type=file]").forEach(function (input) {
        Array.prototype.forEach.call(input.files, function (file) {
          files.push({ field: "files", name: file.name, blob: file });
          fields.push(["file_indicators", code]);
        });
      });
    });
    form.querySelectorAll("input[name=remove_evidence]:checked").forEach(function (input) {
      fields.push(["remove_evidence", input.value]);
    });
    fields.push(["answers", JSON.stringify(answers)]);
    fields.push(["submit", submit ? "true" : "false"]);
    fields.push(["base", form.dataset.outboxBase]);
    return {
      key: newKey(),
      url: form.dataset.outbox,
      answersUrl: form.dataset.outboxAnswers,
      title: form.dataset.outboxTitle,
      csrf: form.querySelector("[name=csrfmiddlewaretoken]").value,
      lang: document.documentElement.lang,
      fields: fields,
      files: files
    };
  }

  // --- Other forms: impact reports, shelter counts, tasks ------------------------------------

  /* A form as the API action at its data-outbox address takes it: its fields by name (a select
   * whose options carry a data-code sends the code), the button pressed, the fields of
   * data-outbox-fields; "{action}" in the address is the action chosen (not_possible: not-possible). */
  function formItem(form, submitter) {
    var fields = [];
    var values = {};
    var named = [];
    function add(name, value) {
      if (!name || value === "" || value === null || value === undefined) { return; }
      fields.push([name, String(value)]);
      values[name] = String(value);
    }
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.disabled || input.name === "csrfmiddlewaretoken") { return; }
      if (input.type === "file" || input.type === "submit" || input.tagName === "BUTTON") { return; }
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) { return; }
      var option = input.tagName === "SELECT" ? input.selectedOptions[0] : null;
      if (option && option.dataset.code) {
        add(input.name, option.dataset.code);
        named.push(option.textContent.trim());
      } else {
        add(input.name, input.value);
      }
    });
    if (submitter) { add(submitter.name, submitter.value); }
    var extra = JSON.parse(form.dataset.outboxFields || "{}");
    Object.keys(extra).forEach(function (name) { add(name, extra[name]); });
    var action = (values.action || "").replace(/_/g, "-");
    var title = [form.dataset.outboxTitle].concat(named);
    if (submitter && submitter.textContent.trim()) { title.push(submitter.textContent.trim()); }
    return {
      key: newKey(),
      url: form.dataset.outbox.replace("{action}", encodeURIComponent(action)),
      method: form.dataset.outboxMethod || "POST",
      title: title.join(" · "),
      csrf: form.querySelector("[name=csrfmiddlewaretoken]").value,
      lang: document.documentElement.lang,
      fields: fields,
      files: []
    };
  }

  // --- Sending: online by the page itself, into the outbox when there is no connection -------

  /* The filing waits in the outbox with its key (the one the page sent it with, if it tried). */
  function queue(form, item, message) {
    return outbox.add(item).then(function () {
      form.querySelectorAll("input[type=file]").forEach(function (input) { input.value = ""; });
      status.textContent = message;
      askForSync();
      return render();
    }).then(function () {
      panel.scrollIntoView();
      return retryLater();
    });
  }

  /* Where the form's answer sends the officer, as the plain form's redirect did: the same page with
   * another anchor is loaded again, not only scrolled, so that it shows what was saved. */
  function go(address) {
    var target = new URL(address, window.location.href);
    var here = new URL(window.location.href);
    if (target.pathname === here.pathname && target.search === here.search) {
      if (target.hash !== here.hash) { window.history.replaceState(null, "", target.href); }
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  /* The form sent as the browser sends it (the form again with its errors is then shown as always). */
  function sendPlain(form, submitter) {
    form.dataset.plain = "1";
    if (submitter && form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
  }

  /* The form posted to its own address by the page, with the key: a saved filing is answered
   * {"location": ...} (kencana.core.idempotency.sent_by_the_page). No answer, or a server in
   * trouble, puts the filing in the outbox with the same key: a filing the server did apply before
   * the answer was lost is answered from its record when the outbox sends it, and applied once. */
  function sendOnline(form, submitter, item) {
    var body = new FormData(form);
    if (submitter && submitter.name) { body.append(submitter.name, submitter.value); }
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Idempotency-Key": item.key, "Accept": "application/json" }
    }).then(function (response) {
      if (response.status >= 500 || response.status === 429) { throw new Error("server in trouble"); }
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") !== 0) {
        delete form.dataset.sending;
        sendPlain(form, submitter);
        return;
      }
      return response.json().then(function (answer) { go(answer.location); });
    }).catch(function () {
      delete form.dataset.sending;
      return queue(form, item, panel.dataset.dropped);
    });
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.plain) { delete form.dataset.plain; return; }  // sendPlain: the browser sends it
      event.preventDefault();
      if (form.dataset.sending) { return; }  // pressed again while it travels: once is enough
      var submitter = event.submitter;
      var submit = !!(submitter && submitter.name === "submit");
      // The filing as it is when the button is pressed, photos included, with its key.
      var item = form.dataset.outboxKind === "form" ? formItem(form, submitter) : reportItem(form, submit);
      if (!navigator.onLine) {
        queue(form, item, panel.dataset.queued);
        return;
      }
      form.dataset.sending = "1";
      // After the other submit handlers of the form (readiness.js notes the officer's place).
      setTimeout(function () { sendOnline(form, submitter, item); }, 0);
    });
  });

  outbox.onChange(render);
  window.addEventListener("online", flush);
  render().then(flush);
})();
