// 共治 maps: the territory's own polygons drawn by Leaflet, with no tile server.
// <div class="gz-map" data-map="ID"> reads its data from <script id="ID" type="application/json">:
// {area: GeoJSON FeatureCollection (GCJ-02), pins: [{lng, lat, label, url, main}], pick: {lng, lat, system, status}}
(function () {
  if (!window.L) return;
  function init(el) {
    var data = JSON.parse(document.getElementById(el.dataset.map).textContent);
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    var bounds = L.latLngBounds([]);
    var area = null;
    if (data.area) {
      area = L.geoJSON(data.area, {
        style: function (f) {
          return f.properties.outline
            ? { color: "#6c757d", weight: 2, fill: false, dashArray: "4 4" }
            : { color: "#b71c1c", weight: 1, fillColor: "#f8d7da", fillOpacity: 0.35 };
        },
        pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 5, color: "#6c757d" }); },
        onEachFeature: function (f, layer) {
          if (!f.properties.outline) layer.bindTooltip(f.properties.name, { sticky: true });
        }
      });
      if (area.getLayers().length) bounds.extend(area.getBounds());
    }
    var pins = data.pins || [];
    pins.forEach(function (p) { bounds.extend([p.lat, p.lng]); });
    // The view first: paths drawn on a map without one have nothing to be projected on.
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 });
    else map.setView([32.9, 117.4], 12);
    if (area) area.addTo(map);
    pins.forEach(function (p) {
      var m = p.main
        ? L.circleMarker([p.lat, p.lng], { radius: 9, color: "#fff", weight: 2, fillColor: "#b71c1c", fillOpacity: 1 })
        : L.circleMarker([p.lat, p.lng], { radius: 6, color: "#fff", weight: 1, fillColor: "#fd7e14", fillOpacity: 0.9 });
      m.addTo(map);
      if (p.label) m.bindTooltip(p.label);
      if (p.url) m.on("click", function () { window.location = p.url; });
    });
    var pick = data.pick;
    if (pick) {
      var form = el.closest("form");
      var marker = null;
      var lng = form.elements[pick.lng], lat = form.elements[pick.lat], sys = form.elements[pick.system];
      var status = document.getElementById(pick.status);
      var place = function (ll) {
        if (marker) marker.setLatLng(ll); else marker = L.marker(ll, { title: "问题位置" }).addTo(map);
      };
      if (lng.value && lat.value && sys.value === "gcj02") place([+lat.value, +lng.value]);
      map.on("click", function (e) {
        place(e.latlng);
        lng.value = e.latlng.lng.toFixed(6);
        lat.value = e.latlng.lat.toFixed(6);
        sys.value = "gcj02";  // the map's own system: nothing to convert
        if (status) { status.textContent = "已在地图上标出位置"; status.dataset.located = "1"; }
      });
    }
  }
  document.querySelectorAll(".gz-map[data-map]").forEach(init);
})();
