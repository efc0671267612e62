/* Places on the readiness map: kecamatan names once a district or less is in view and, zoomed in on a
   kecamatan, the outlines and names of its desa from /api/v1/map/desa.geojson (fetched only
   then, once per kecamatan), each desa with its Destana tier (latest verified assessment) beside
   its name and as a light fill. readiness-map.js creates it once and hands it each collection it
   draws. Labels never catch the mouse, so hovering and clicking still reach the kecamatan; a
   label that would overlap a larger place's label or a map control, or stick out of the map, is
   hidden until there is room for it. Names are set with textContent. */
(function () {
  "use strict";

  var MAX_LABELS = 60;  // more kecamatan in view than this (a province, the country): no names
  var DESA_ZOOM = 12;   // a kecamatan fills the map
  var GAP = 3;          // pixels kept free around each label
  // Destana tiers as a light fill (names are data: an unknown tier gets the neutral colour).
  var TIER_FILL = { "belum-pratama": "#bdbdbd", pratama: "#f4a259", madya: "#3d8fd1", utama: "#2e9e5b" };

  function slug(text) { return String(text || "").toLowerCase().replace(/[^a-z0-9]+/g, "-"); }

  function bbox(geometry) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (rings) {
      rings[0].forEach(function (xy) {
        box[0] = Math.min(box[0], xy[0]); box[1] = Math.min(box[1], xy[1]);
        box[2] = Math.max(box[2], xy[0]); box[3] = Math.max(box[3], xy[1]);
      });
    });
    return box;
  }

  // {code, name, label: [lat, lon], box, size} for each feature with a label point, largest first.
  function placesOf(features) {
    return features.filter(function (f) { return f.geometry && f.properties.label; }).map(function (f) {
      var box = bbox(f.geometry);
      return {
        code: f.properties.code, name: f.properties.name, label: f.properties.label,
        box: box, size: (box[2] - box[0]) * (box[3] - box[1])
      };
    }).sort(function (a, b) { return b.size - a.size; });
  }

  // A desa's place carries its Destana tier, shown beside its name (a kecamatan's tier is its colour).
  function desaPlacesOf(features) {
    var tiers = {};
    features.forEach(function (f) { tiers[f.properties.code] = f.properties.tier; });
    return placesOf(features).map(function (p) { p.tier = tiers[p.code]; return p; });
  }

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function inside(a, b) {
    return a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
  }

  window.kencanaMapPlaces = function (map, options) {
    map.createPane("desa").style.zIndex = 450;     // above the kecamatan, below markers
    map.createPane("places").style.zIndex = 640;   // above markers, below tooltips
    map.getPane("desa").style.pointerEvents = "none";
    map.getPane("places").style.pointerEvents = "none";
    var labels = L.layerGroup().addTo(map);
    var kecamatan = [], desa = {}, requested = {};

    function label(place, kind) {
      var text = document.createElement("span");
      text.textContent = place.tier ? place.name + " · " + place.tier : place.name;
      if (place.tier) { text.setAttribute("data-tier", place.tier); }
      var icon = L.divIcon({ className: "place-label " + kind + "-label", html: text, iconSize: null });
      return L.marker(place.label, { icon: icon, pane: "places", interactive: false, keyboard: false });
    }

    function drawLabels() {
      labels.clearLayers();
      var zoom = map.getZoom(), view = map.getBounds(), frame = map.getContainer().getBoundingClientRect();
      var named = kecamatan.filter(function (p) { return view.contains(p.label); });
      if (named.length > MAX_LABELS) { return; }
      // The zoom buttons, the legend and any other control hide what lies under them.
      var placed = Array.prototype.map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
        return c.getBoundingClientRect();
      });
      var wanted = named.map(function (p) { return [p, "kecamatan"]; });
      if (zoom >= DESA_ZOOM) {
        Object.keys(desa).forEach(function (code) {
          desa[code].places.forEach(function (p) { wanted.push([p, "desa"]); });
        });
      }
      wanted.forEach(function (pair) {
        if (!view.contains(pair[0].label)) { return; }
        var marker = label(pair[0], pair[1]).addTo(labels);
        var rect = marker.getElement().firstChild.getBoundingClientRect();
        if (!inside(rect, frame) || placed.some(function (other) { return overlaps(rect, other); })) {
          marker.getElement().classList.add("place-hidden");
        } else {
          placed.push(rect);
        }
      });
    }

    function inView(place) {
      var b = map.getBounds();
      return place.box[0] <= b.getEast() && place.box[2] >= b.getWest() &&
        place.box[1] <= b.getNorth() && place.box[3] >= b.getSouth();
    }

    function loadDesa(place) {
      requested[place.code] = true;
      var url = options.desaUrl + "?kecamatan=" + encodeURIComponent(place.code);
      fetch(url, { credentials: "same-origin", headers: options.headers })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (collection) {
          var outlines = L.geoJSON(collection, {
            pane: "desa", interactive: false,
            style: function (f) {
              var tier = f.properties.tier;
              return {
                color: "#333", weight: 1, opacity: 0.8, dashArray: "4 3",
                fill: !!tier, fillColor: TIER_FILL[slug(tier)] || "#9e9e9e", fillOpacity: 0.35,
                className: "desa-outline desa-of-" + f.properties.kecamatan.replace(/\./g, "-") +
                  (tier ? " desa-tier-" + slug(tier) : "")
              };
            }
          });
          desa[place.code] = { outlines: outlines, places: desaPlacesOf(collection.features) };
          refresh();
        })
        .catch(function () { delete requested[place.code]; options.failed(); });
    }

    function drawDesa() {
      var zoomedIn = map.getZoom() >= DESA_ZOOM;
      kecamatan.forEach(function (place) {
        var shown = zoomedIn && inView(place);
        if (shown && !requested[place.code]) { loadDesa(place); }
        var loaded = desa[place.code];
        if (!loaded) { return; }
        if (shown && !map.hasLayer(loaded.outlines)) { loaded.outlines.addTo(map); }
        if (!shown && map.hasLayer(loaded.outlines)) { map.removeLayer(loaded.outlines); }
      });
    }

    function refresh() {
      drawDesa();
      drawLabels();
    }

    map.on("moveend", refresh);
    return {
      show: function (collection) {
        kecamatan = placesOf(collection.features);
        refresh();
      }
    };
  };
})();
