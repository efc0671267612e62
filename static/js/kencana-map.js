/* Map helpers for django-leaflet maps. Data comes from json_script elements,
   never from inline code, so names from imported files are never executed. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Callback for {% leaflet_map "kecamatan-map" callback="window.kencanaShowFeature" %}.
  window.kencanaShowFeature = function (map) {
    var feature = readJson("kecamatan-feature");
    if (!feature) { return; }
    var layer = L.geoJSON(feature, { style: { color: "#0f5e6e", weight: 2, fillColor: "#f2b233", fillOpacity: 0.35 } });
    layer.bindTooltip(function () {
      var span = document.createElement("span");
      span.textContent = feature.properties.name + " (" + feature.properties.code + ")";
      return span;
    });
    layer.addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [12, 12] });
  };
})();
