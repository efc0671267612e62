/* Alerts pages: the CAP area map and confirmations. Data comes from json_script
   elements (CSP allows no inline code), so text from imported CAP files is never executed. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function tooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  // Callback for {% leaflet_map "cap-map" callback="window.kencanaShowCapAreas" %}:
  // the warning's areas in red over the kecamatan they were matched to.
  window.kencanaShowCapAreas = function (map) {
    var kecamatan = readJson("cap-kecamatan");
    var areas = readJson("cap-areas");
    var bounds = null;
    if (kecamatan && kecamatan.features.length) {
      var matched = L.geoJSON(kecamatan, { style: { color: "#0f5e6e", weight: 2, fillColor: "#f2b233", fillOpacity: 0.3 } });
      matched.bindTooltip(function (layer) { return tooltip(layer.feature.properties.name); });
      matched.addTo(map);
      bounds = matched.getBounds();
    }
    if (areas && areas.features) {
      var shapes = { type: "FeatureCollection", features: areas.features.filter(function (f) { return f.geometry; }) };
      if (shapes.features.length) {
        var drawn = L.geoJSON(shapes, { style: { color: "#b3261e", weight: 2, fillOpacity: 0.15 } });
        drawn.bindTooltip(function (layer) { return tooltip(layer.feature.properties.areaDesc || ""); });
        drawn.addTo(map);
        bounds = bounds ? bounds.extend(drawn.getBounds()) : drawn.getBounds();
      }
    }
    if (bounds && bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); }
  };

  // <form data-confirm="…">: ask before cancelling a warning.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
