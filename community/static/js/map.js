/* Public maps (Leaflet from the xstatic-leaflet package). Two uses:
   - #projects-map: clusters computed by the server for the viewport and zoom;
   - #project-map: one project's place on a small map. */
(function () {
  "use strict";
  if (!window.L) return;

  function tiles(el, map) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
  }

  var small = document.getElementById("project-map");
  if (small) {
    var point = [parseFloat(small.dataset.lat), parseFloat(small.dataset.lon)];
    var m = L.map(small, { scrollWheelZoom: false }).setView(point, 10);
    tiles(small, m);
    L.circleMarker(point, { radius: 8, color: "#12355b", fillOpacity: 0.8 }).addTo(m);
  }

  var el = document.getElementById("projects-map");
  if (!el) return;
  var map = L.map(el, { keyboard: true }).setView([46.6, 2.4], 5);
  tiles(el, map);
  var layer = L.layerGroup().addTo(map);
  var count = document.getElementById("map-count");
  var pending = null;

  function icon(n) {
    var size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 42 : 50;
    return L.divIcon({
      html: "<span>" + (n >= 10000 ? Math.round(n / 1000) + "k" : n) + "</span>",
      className: "cluster", iconSize: [size, size]
    });
  }

  function load() {
    var b = map.getBounds();
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
      return v.toFixed(4);
    }).join(",");
    var url = el.dataset.clusters + "&bbox=" + bbox + "&zoom=" + map.getZoom();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        data.clusters.forEach(function (c) {
          if (c.project) {
            var a = document.createElement("a");
            a.href = c.project.url;
            a.textContent = c.project.title;
            L.circleMarker([c.lat, c.lon], { radius: 7, color: "#12355b", fillOpacity: 0.8 })
              .bindPopup(a).addTo(layer);
          } else {
            L.marker([c.lat, c.lon], { icon: icon(c.count), title: c.count + " " + el.dataset.labelProjects, keyboard: true })
              .on("click", function () { map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 18)); })
              .addTo(layer);
          }
        });
        if (count) count.textContent = data.count + " " + el.dataset.labelProjects;
      })
      .catch(function (e) { if (e.name !== "AbortError") console.warn(e); });
  }
  map.on("moveend", load);
  load();
  document.querySelectorAll("[data-view]").forEach(function (button) {
    button.addEventListener("click", function () {
      var v = button.dataset.view.split(",").map(parseFloat);
      map.fitBounds([[v[0], v[1]], [v[2], v[3]]]);
    });
  });
})();
