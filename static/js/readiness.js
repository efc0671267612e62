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

/* Evidence photos are made smaller on the phone before they travel (docs/offline.md): an image
   longer than the form's data-photo-side is redrawn at that longest side as a JPEG, in the file
   input itself, so the online form and the outbox both send the small copy. A small JPEG, a PDF
   or an office file goes as it is. A save pressed while photos are still being redrawn waits. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var side = form ? parseInt(form.dataset.photoSide, 10) : 0;
  if (!side || !window.createImageBitmap || !window.DataTransfer) { return; }
  var QUALITY = 0.82;
  var pending = [];

  function shrink(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type)) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.type === "image/jpeg") { bitmap.close(); return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff";  // a transparent PNG gets a white page, not a black one
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || (scale === 1 && blob.size >= file.size)) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified }));
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; });  // an image the browser cannot read goes as it is
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "file" || !input.files.length) { return; }
    var job = Promise.all(Array.prototype.map.call(input.files, shrink)).then(function (files) {
      var list = new DataTransfer();
      files.forEach(function (file) { list.items.add(file); });
      input.files = list.files;
    });
    pending.push(job);
    job.then(function () { pending.splice(pending.indexOf(job), 1); });
  });

  // Capture: before the form is sent or put in the outbox.
  form.addEventListener("submit", function (event) {
    if (!pending.length) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    Promise.all(pending).then(function () { form.requestSubmit(submitter); });
  }, true);
})();
