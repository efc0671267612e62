// Logistics pages: add document lines without a round trip, print buttons, and the device location on the
// warehouse form (no inline scripts).
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

  // The warehouse form: fill latitude and longitude from the device, for staff standing at the site.
  function locate(button) {
    var status = document.querySelector("[data-locate-status]");
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        if (status) status.textContent = "± " + Math.round(position.coords.accuracy) + " m";
        button.disabled = false;
      },
      function (error) {
        if (status) status.textContent = error.message;
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  }

  // Issue and adjustment lines: offer only the lots the chosen warehouse holds.
  function filterLots() {
    var warehouse = document.getElementById("id_warehouse");
    if (!warehouse) return;
    document.querySelectorAll("option[data-warehouses]").forEach(function (option) {
      var held = option.getAttribute("data-warehouses").split(" ");
      var here = !warehouse.value || held.indexOf(warehouse.value) !== -1;
      option.hidden = !here;
      option.disabled = !here;
      if (!here && option.selected) option.parentNode.value = "";
    });
  }
  var warehouseSelect = document.getElementById("id_warehouse");
  if (warehouseSelect) {
    warehouseSelect.addEventListener("change", filterLots);
    filterLots();
  }

  var locateRow = document.querySelector(".locate");
  if (locateRow && navigator.geolocation && document.getElementById("id_lat")) {
    locateRow.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var locateButton = event.target.closest("[data-locate]");
    if (locateButton) {
      event.preventDefault();
      locate(locateButton);
      return;
    }
    var button = event.target.closest("[data-add-line]");
    if (button) {
      event.preventDefault();
      addLine(button.getAttribute("data-add-line"));
      filterLots();
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
