/* The readiness map: a choropleth of kecamatan from /api/v1/map/kecamatan.geojson.
   Every label is set with textContent: names come from imported files. */
(function () {
  "use strict";

  // ColorBrewer YlGnBu for tiers (light = lowest), distinct hues for honest states.
  var TIER_COLOURS = ["#c7e9b4", "#41b6c4", "#225ea8", "#0c2c84"];
  var STATE_COLOURS = { submitted: "#fdb863", not_reported: "#d9d9d9" };
  var RISK_COLOURS = { rendah: "#abd9e9", sedang: "#fee090", tinggi: "#d73027" };
  var NO_DATA = "#f0f0f0";
  var fmt = window.kencanaFormat;
  var ALERT_OUTLINE = "#b2182b";
  var WAREHOUSE_OK = "#1a9850", WAREHOUSE_SHORT = "#d73027";
  // Shelters: occupancy (share of capacity) in three steps, and "no count yet" in its own grey.
  var SHELTER_COLOURS = { low: "#5e3c99", full: "#fdae61", over: "#a50026", none: "#999999" };
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

  // Kecamatan names and, zoomed in, desa outlines (map-places.js).
  function placesLayer(map, text, status) {
    var config = document.getElementById("map-config").dataset;
    return window.kencanaMapPlaces(map, {
      desaUrl: config.desaUrl,
      headers: { Accept: "application/geo+json", "Accept-Language": document.documentElement.lang || "id" },
      failed: function () { status.textContent = text.desa_failed; }
    });
  }

  window.kencanaReadinessMap = function (map) {
    var text = JSON.parse(document.getElementById("map-text").textContent);
    var url = document.getElementById("map-config").dataset.url;
    var status = document.getElementById("map-status");
    var hazardSelect = document.getElementById("map-hazard");
    var alertsBox = document.getElementById("map-alerts");
    var eventsBox = document.getElementById("map-events");
    var warehousesBox = document.getElementById("map-warehouses");
    var sheltersBox = document.getElementById("map-shelters");
    var camps = null;
    var layer = null, outlines = null, stores = null, data = null, legend = L.control({ position: "bottomright" });
    // The legend folds away (a phone's map is small): open on a wide screen, closed on a phone.
    var wide = window.matchMedia("(min-width: 40rem)").matches;
    var legendControl = el("details", "map-legend");
    legendControl.open = wide;
    legendControl.appendChild(el("summary", null, text.legend));
    var legendBox = el("div", "map-legend-body");
    legendControl.appendChild(legendBox);
    legend.onAdd = function () {
      L.DomEvent.disableClickPropagation(legendControl);
      return legendControl;
    };
    legend.addTo(map);
    var places = placesLayer(map, text, status);
    var layersBox = document.getElementById("map-layers-box");
    if (layersBox) { layersBox.open = wide; }

    function currentLayer() {
      var checked = document.querySelector("input[type=radio][name=layer]:checked");
      return checked ? checked.value : "readiness";
    }

    // The chosen layers live in the address (and in the period form), so changing the period,
    // reloading or sharing the link keeps them.
    var periodForm = document.getElementById("map-period-form");
    function keepChoices() {
      var choices = {
        layer: currentLayer(),
        hazard: hazardSelect.value,
        alerts: alertsBox.checked ? "1" : "0",
        events: eventsBox.checked ? "1" : "0",
        warehouses: warehousesBox.checked ? "1" : "0",
        shelters: sheltersBox.checked ? "1" : "0"
      };
      var params = new URLSearchParams(window.location.search);
      Object.keys(choices).forEach(function (name) {
        params.set(name, choices[name]);
        var hidden = periodForm && periodForm.querySelector("input[type=hidden][name=" + name + "]");
        if (periodForm && !hidden) {
          hidden = el("input");
          hidden.type = "hidden";
          hidden.name = name;
          periodForm.appendChild(hidden);
        }
        if (hidden) { hidden.value = choices[name]; }
      });
      window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    }
    (function restoreChoices() {
      var params = new URLSearchParams(window.location.search);
      var radio = document.querySelector("input[type=radio][name=layer][value=" + (params.get("layer") === "risk" ? "risk" : "readiness") + "]");
      if (radio) { radio.checked = true; }
      if (params.get("hazard") && hazardSelect.querySelector("option[value='" + params.get("hazard").replace(/[^a-z0-9_-]/gi, "") + "']")) {
        hazardSelect.value = params.get("hazard");
      }
      if (params.has("alerts")) { alertsBox.checked = params.get("alerts") === "1"; }
      if (params.has("events")) { eventsBox.checked = params.get("events") === "1"; }
      if (params.has("warehouses")) { warehousesBox.checked = params.get("warehouses") === "1"; }
      if (params.has("shelters")) { sheltersBox.checked = params.get("shelters") === "1"; }
    })();

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
      if (sheltersBox.checked && data.shelters && data.shelters.features.length) {
        ["low", "full", "over", "none"].forEach(function (key) {
          legendRow(legendBox, SHELTER_COLOURS[key], text["shelter_" + key], false, "dot");
        });
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
      if (p.score !== null) { box.appendChild(el("div", null, text.score + ": " + fmt.number(p.score, 1))); }
      if (p.last_report) { box.appendChild(el("div", null, text.last_report + ": " + fmt.date(p.last_report))); }
      var risk = p.risk[hazardSelect.value];
      if (currentLayer() === "risk") { box.appendChild(el("div", null, text.risk + ": " + (risk ? text.classes[risk] : text.no_profile))); }
      if (p.open_alerts) { box.appendChild(el("div", null, text.open_alerts + ": " + fmt.number(p.open_alerts))); }
      if (p.event) {
        var ev = p.event, key = eventKey(p);
        box.appendChild(el("div", "map-event", text.events[key] + ": " + ev.number + " " + ev.title));
        box.appendChild(el("div", null, text.event_figures.replace("%(dead)s", fmt.number(ev.figures.dead))
          .replace("%(missing)s", fmt.number(ev.figures.missing)).replace("%(displaced)s", fmt.number(ev.figures.displaced))));
        if (ev.level && ev.days_left !== null) {
          var ends = ev.days_left > 0 ? text.days_left.replace("%(days)s", fmt.number(ev.days_left)) : (ev.days_left === 0 ? text.ends_today : text.ended);
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
            radius: crowded() ? 3 : 5, weight: crowded() ? 1 : 1.5, color: "#222", fillOpacity: 0.95,
            fillColor: short ? WAREHOUSE_SHORT : WAREHOUSE_OK, className: "warehouse-marker"
          });
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(function () {
            var box = el("div", "map-tooltip");
            box.appendChild(el("strong", null, f.properties.name));
            box.appendChild(el("div", null, f.properties.kind));
            if (f.properties.shortages) { box.appendChild(el("div", null, fmt.number(f.properties.shortages) + " " + text.items_short)); }
            return box;
          });
          l.on("click", function () { window.location.assign(f.properties.url); });
        }
      }).addTo(map);
    }

    function occupancy(p) {
      if (p.occupancy === null) { return "none"; }
      return p.occupancy > 1 ? "over" : (p.occupancy >= 0.75 ? "full" : "low");
    }

    function shelterTooltip(p) {
      var box = el("div", "map-tooltip");
      box.appendChild(el("strong", null, p.name));
      box.appendChild(el("div", null, p.kind));
      if (p.people !== null) {
        box.appendChild(el("div", null, text.shelter_people.replace("%(people)s", fmt.number(p.people))
          .replace("%(households)s", fmt.number(p.households))));
        box.appendChild(el("div", null, text.shelter_capacity.replace("%(capacity)s", fmt.number(p.capacity))
          .replace("%(percent)s", fmt.number(Math.round(100 * p.people / p.capacity)) + "%")));
      } else {
        box.appendChild(el("div", "muted", text.shelter_none));
      }
      p.shortfalls.forEach(function (s) {
        box.appendChild(el("div", null, text.shortfall + ": " + s.item + " " + fmt.number(s.quantity) + " " + s.unit));
      });
      return box;
    }

    // Markers sized by the people sheltered (area grows with the count), coloured by occupancy.
    function drawShelters() {
      if (camps) { map.removeLayer(camps); camps = null; }
      if (!sheltersBox.checked || !data.shelters) { return; }
      camps = L.geoJSON(data.shelters, {
        pointToLayer: function (f, latlng) {
          var people = f.properties.people || 0;
          return L.circleMarker(latlng, {
            radius: Math.min(20, 4 + Math.sqrt(people) / 1.5), weight: 1.5, color: "#222", fillOpacity: 0.85,
            fillColor: SHELTER_COLOURS[occupancy(f.properties)], className: "shelter-marker shelter-" + occupancy(f.properties)
          });
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(function () { return shelterTooltip(f.properties); });
          l.on("click", function () { window.location.assign(f.properties.url); });
        }
      }).addTo(map);
    }

    function codeClass(f) { return "kec-" + f.properties.code.replace(/\./g, "-"); }

    function draw() {
      if (layer) { map.removeLayer(layer); }
      if (outlines) { map.removeLayer(outlines); outlines = null; }
      var mode = currentLayer();
      // Open alerts: a wide red band drawn beneath the kecamatan, so the kecamatan's own border
      // (dashed when its tier is stale) stays visible on top of it.
      // Disaster events: a narrower band in the event's colour and dash, above the alert band and
      // beneath the kecamatan as well.
      outlines = L.layerGroup().addTo(map);
      if (alertsBox.checked) {
        L.geoJSON(data, {
          filter: function (f) { return f.properties.open_alerts > 0; },
          interactive: false,
          style: function (f) {
            return { color: ALERT_OUTLINE, weight: crowded() ? 3 : 9, fill: false, opacity: 0.9,
                     className: codeClass(f) + " has-alert alert-outline" };
          }
        }).addTo(outlines);
      }
      if (eventsBox.checked) {
        L.geoJSON(data, {
          filter: function (f) { return eventKey(f.properties) !== null; },
          interactive: false,
          style: function (f) {
            var key = eventKey(f.properties);
            return { color: EVENT_STYLES[key].color, dashArray: EVENT_STYLES[key].dashArray, weight: crowded() ? 2 : 5,
                     fill: false, opacity: 0.95, className: codeClass(f) + " has-event event-outline event-" + key };
          }
        }).addTo(outlines);
      }
      layer = L.geoJSON(data, {
        style: function (f) {
          var style = mode === "risk" ? riskStyle(f.properties, hazardSelect.value) : readinessStyle(f.properties);
          style.className = codeClass(f);
          return style;
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(function () { return tooltipFor(f.properties); }, { sticky: true });
          l.on("click", function () { window.location.assign(f.properties.url); });
          l.on("keypress", function () { window.location.assign(f.properties.url); });
        }
      }).addTo(map);
      drawWarehouses();
      drawShelters();
      drawLegend();
      keepChoices();
    }

    document.querySelectorAll("input[name=layer]").forEach(function (r) { r.addEventListener("change", draw); });
    alertsBox.addEventListener("change", draw);
    eventsBox.addEventListener("change", draw);
    warehousesBox.addEventListener("change", draw);
    sheltersBox.addEventListener("change", draw);
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
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10], animate: false }); }
        places.show(data);
        status.textContent = text.loaded.replace("%(count)s", data.features.length);
      })
      .catch(function () { status.textContent = text.failed; });
  };
})();
