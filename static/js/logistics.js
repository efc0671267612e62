// Logistics pages: add document lines without a round trip, and print buttons (no inline scripts).
(function () {
  "use strict";

  function addLine(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var container = document.querySelector('[data-formset="' + prefix + '"]');
    if (!total || !template || !container) return;
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = container.lastElementChild;
    var first = added && added.querySelector("select, input");
    if (first) first.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-line]");
    if (button) {
      event.preventDefault();
      addLine(button.getAttribute("data-add-line"));
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
