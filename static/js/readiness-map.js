/* The readiness map: a choropleth of kecamatan from /api/v1/map/kecamatan.geojson.
   Every label is set with textContent: names come from imported files. */
(function () {
  "use strict";

  // ColorBrewer YlGnBu for tiers (light = lowest), distinct hues for honest states.
  var TIER_COLOURS = ["#c7e9b4", "#41b6c4", "#225ea8", "#0c2c84"];
  var STATE_COLOURS = { submitted: "#fdb863", not_reported: "#d9d9d9" };
  var RISK_COLOURS = { rendah: "#abd9e9", sedang: "#fee090", tinggi: "#d73027" };
  var NO_DATA = "#f0f0f0";
  var ALERT_OUTLINE = "#b2182b";
  var WAREHOUSE_OK = "#1a9850", WAREHOUSE_SHORT = "#d73027";
  // Disaster events outline their kecamatan by status, each with its own dash so hue is not the only cue.
  var EVENT_STYLES = {
    monitoring: { color: "#2166ac", dashArray: "2 6" },
    siaga: { color: "#e08214", dashArray: "10 5" },
    tanggap: { color: "#7f0000", dashArray: null },
    transisi: { color: "#542788", dashArray: "6 3 2 3" }
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function tierColour(rank) {
    return TIER_COLOURS[Math.min(rank, TIER_COLOURS.length - 1)];
  }

  function readinessStyle(p) {
    var style = { color: "#333", weight: 1, fillOpacity: 0.8, dashArray: null };
    if (p.state === "verified") { style.fillColor = tierColour(p.tier_rank || 0); }
    else if (p.state === "stale") { style.fillColor = tierColour(p.tier_rank || 0); style.fillOpacity = 0.35; style.dashArray = "5 4"; style.weight = 2; }
    else { style.fillColor = STATE_COLOURS[p.state] || NO_DATA; }
    return style;
  }

  function riskStyle(p, hazard) {
    var risk = p.risk[hazard];
    return { color: "#333", weight: 1, fillOpacity: 0.8, fillColor: risk ? RISK_COLOURS[risk] : NO_DATA };
  }

  function legendRow(container, colour, label, stale, kind) {
    var row = el("div");
    var swatch = el("span", "swatch" + (stale ? " stale" : "") + (kind ? " " + kind : ""));
    if (kind === "outline") { swatch.style.borderColor = colour; } else { swatch.style.background = colour; }
    row.appendChild(swatch);
    row.appendChild(document.createTextNode(label));
    container.appendChild(row);
  }

  window.kencanaReadinessMap = function (map) {
    var text = JSON.parse(document.getElementById("map-text").textContent);
    var url = document.getElementById("map-config").dataset.url;
    var status = document.getElementById("map-status");
    var hazardSelect = document.getElementById("map-hazard");
    var alertsBox = document.getElementById("map-alerts");
    var eventsBox = document.getElementById("map-events");
    var warehousesBox = document.getElementById("map-warehouses");
    var layer = null, stores = null, data = null, legend = L.control({ position: "bottomright" });
    var legendBox = el("div", "map-legend");
    legend.onAdd = function () { return legendBox; };
    legend.addTo(map);

    function currentLayer() {
      var checked = document.querySelector("input[name=layer]:checked");
      return checked ? checked.value : "readiness";
    }

    function eventKey(p) { return p.event ? (p.event.level || "monitoring") : null; }

    function drawOverlayLegend() {
      if (eventsBox.checked) {
        var shown = {};
        data.features.forEach(function (f) { var key = eventKey(f.properties); if (key) { shown[key] = true; } });
        Object.keys(EVENT_STYLES).forEach(function (key) {
          if (shown[key]) { legendRow(legendBox, EVENT_STYLES[key].color, text.events[key], false, "outline"); }
        });
      }
      if (alertsBox.checked) { legendRow(legendBox, ALERT_OUTLINE, text.alert_outline, false, "outline"); }
      if (warehousesBox.checked && data.warehouses.features.length) {
        legendRow(legendBox, WAREHOUSE_OK, text.warehouse_ok, false, "dot");
        legendRow(legendBox, WAREHOUSE_SHORT, text.warehouse_short, false, "dot");
      }
    }

    function drawLegend() {
      legendBox.replaceChildren();
      if (currentLayer() === "risk") {
        legendBox.appendChild(el("h3", null, text.legend_risk + ": " + hazardSelect.options[hazardSelect.selectedIndex].text));
        ["rendah", "sedang", "tinggi"].forEach(function (c) { legendRow(legendBox, RISK_COLOURS[c], text.classes[c]); });
        legendRow(legendBox, NO_DATA, text.no_profile);
        drawOverlayLegend();
        return;
      }
      legendBox.appendChild(el("h3", null, text.legend_readiness));
      data.legend.tiers.forEach(function (tier, rank) { legendRow(legendBox, tierColour(rank), tier); });
      data.legend.states.forEach(function (s) {
        if (s.code === "verified") { return; }
        legendRow(legendBox, s.code === "stale" ? tierColour(0) : STATE_COLOURS[s.code], s.label, s.code === "stale");
      });
      drawOverlayLegend();
    }

    function tooltipFor(p) {
      var box = el("div", "map-tooltip");
      box.appendChild(el("strong", null, p.name + " (" + p.code + ")"));
      var stateLabel = data.legend.states.filter(function (s) { return s.code === p.state; })[0];
      box.appendChild(el("div", null, stateLabel ? stateLabel.label : p.state));
      if (p.tier) { box.appendChild(el("div", null, text.tier + ": " + p.tier)); }
      if (p.score !== null) { box.appendChild(el("div", null, text.score + ": " + p.score.toFixed(1))); }
      if (p.last_report) { box.appendChild(el("div", null, text.last_report + ": " + p.last_report)); }
      var risk = p.risk[hazardSelect.value];
      if (currentLayer() === "risk") { box.appendChild(el("div", null, text.risk + ": " + (risk ? text.classes[risk] : text.no_profile))); }
      if (p.open_alerts) { box.appendChild(el("div", null, text.open_alerts + ": " + p.open_alerts)); }
      if (p.event) {
        var ev = p.event, key = eventKey(p);
        box.appendChild(el("div", "map-event", text.events[key] + ": " + ev.number + " " + ev.title));
        box.appendChild(el("div", null, text.event_figures.replace("%(dead)s", ev.figures.dead)
          .replace("%(missing)s", ev.figures.missing).replace("%(displaced)s", ev.figures.displaced)));
        if (ev.level && ev.days_left !== null) {
          var ends = ev.days_left > 0 ? text.days_left.replace("%(days)s", ev.days_left) : (ev.days_left === 0 ? text.ends_today : text.ended);
          box.appendChild(el("div", null, ends));
        }
      }
      if (p.approximate) { box.appendChild(el("div", "muted", text.approximate)); }
      return box;
    }

    // A national or provincial map has thousands of shapes: thinner outlines, smaller dots.
    function crowded() { return data.features.length > 300; }

    function drawWarehouses() {
      if (stores) { map.removeLayer(stores); stores = null; }
      if (!warehousesBox.checked) { return; }
      stores = L.geoJSON(data.warehouses, {
        pointToLayer: function (f, latlng) {
          var short = f.properties.shortages > 0;
          return L.circleMarker(latlng, {
            radius: crowded() ? 3 : 8, weight: crowded() ? 1 : 2, color: "#222", fillOpacity: 0.95,
            fillColor: short ? WAREHOUSE_SHORT : WAREHOUSE_OK, className: "warehouse-marker"
          });
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(function () {
            var box = el("div", "map-tooltip");
            box.appendChild(el("strong", null, f.properties.name));
            box.appendChild(el("div", null, f.properties.kind));
            if (f.properties.shortages) { box.appendChild(el("div", null, f.properties.shortages + " " + text.items_short)); }
            return box;
          });
          l.on("click", function () { window.location.assign(f.properties.url); });
        }
      }).addTo(map);
    }

    function draw() {
      if (layer) { map.removeLayer(layer); }
      var mode = currentLayer();
      layer = L.geoJSON(data, {
        style: function (f) {
          var style = mode === "risk" ? riskStyle(f.properties, hazardSelect.value) : readinessStyle(f.properties);
          style.className = "kec-" + f.properties.code.replace(/\./g, "-");
          if (alertsBox.checked && f.properties.open_alerts) {
            style.color = ALERT_OUTLINE; style.weight = crowded() ? 1.5 : 4; style.className += " has-alert";
          }
          var key = eventKey(f.properties);
          if (eventsBox.checked && key) {
            style.color = EVENT_STYLES[key].color; style.dashArray = EVENT_STYLES[key].dashArray;
            style.weight = crowded() ? 2 : 5; style.className += " has-event event-" + key;
          }
          return style;
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(function () { return tooltipFor(f.properties); }, { sticky: true });
          l.on("click", function () { window.location.assign(f.properties.url); });
          l.on("keypress", function () { window.location.assign(f.properties.url); });
        }
      }).addTo(map);
      drawWarehouses();
      drawLegend();
    }

    document.querySelectorAll("input[name=layer]").forEach(function (r) { r.addEventListener("change", draw); });
    alertsBox.addEventListener("change", draw);
    eventsBox.addEventListener("change", draw);
    warehousesBox.addEventListener("change", draw);
    hazardSelect.addEventListener("change", function () {
      document.querySelector("input[name=layer][value=risk]").checked = true;
      draw();
    });

    // The page's language, not the browser's: the API follows Accept-Language.
    var headers = { Accept: "application/geo+json", "Accept-Language": document.documentElement.lang || "id" };
    fetch(url, { credentials: "same-origin", headers: headers })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (collection) {
        data = collection;
        draw();
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
        status.textContent = text.loaded.replace("%(count)s", data.features.length);
      })
      .catch(function () { status.textContent = text.failed; });
  };
})();
