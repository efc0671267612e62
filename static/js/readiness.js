/* Readiness report form: keep what the officer types on this device until the server has it.
 *
 * Every change is written to localStorage under the report's key together with the
 * server's "last saved" stamp. On load, a stored copy with the same stamp means the
 * server never received those answers (a failed submit, a dropped connection): they
 * are put back into the form. A different stamp means the server saved since, so the
 * copy is stale and dropped. Files cannot be kept this way; only answers and comments.
 */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.localStorage) { return; }
  var key = form.dataset.autosaveKey;
  var stamp = form.dataset.autosaveStamp;
  var status = document.getElementById("autosave-status");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.name.indexOf("value_") === 0 || el.name.indexOf("comment_") === 0);
    });
  }

  function collect() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { values[el.name] = el.value; } }
      else { values[el.name] = el.value; }
    });
    return values;
  }

  function show(message) {
    if (!status) { return; }
    status.textContent = message;
    status.hidden = false;
  }

  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ stamp: stamp, values: collect(), at: Date.now() }));
    } catch (e) { /* storage full or blocked: the explicit draft save still works */ }
  }

  function restore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || saved.stamp !== stamp) { localStorage.removeItem(key); return; }
    var restored = 0;
    fields().forEach(function (el) {
      if (!(el.name in saved.values)) { return; }
      var value = saved.values[el.name];
      if (el.type === "radio") {
        if (el.value === value && !el.checked) { el.checked = true; restored++; }
      } else if (el.value !== value) { el.value = value; restored++; }
    });
    if (restored && status) { show(status.dataset.restoredText); }
  }

  restore();
  form.addEventListener("input", store);
  form.addEventListener("change", store);
})();

/* Saving keeps the officer's place: the question nearest the top of the screen is sent along,
   and the page comes back scrolled to it. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    var anchor = form.querySelector("input[name=anchor]");
    var questions = form.querySelectorAll(".indicator[id]");
    for (var i = 0; i < questions.length; i++) {
      if (questions[i].getBoundingClientRect().bottom > 0) { anchor.value = questions[i].id; return; }
    }
  });
})();
