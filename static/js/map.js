// The venue map: municipality outlines (served by Plakats, so they show without any
// tile server), venues as clustered markers coloured by status, a popup per venue.
// Everything the page needs comes in data-* attributes of #venue-map (no inline script).
(function () {
  "use strict";

  var box = document.getElementById("venue-map");
  if (!box || !window.L) {
    return;
  }
  var d = box.dataset;
  var summary = document.getElementById("map-summary");

  // The filters apply as soon as one changes (the button stays for keyboards and no-JS).
  var filters = document.getElementById("map-filters");
  if (filters) {
    filters.addEventListener("change", function () {
      filters.submit();
    });
  }

  // maxZoom on the map itself: clustering needs it even when there is no tile layer.
  var map = L.map(box, { maxZoom: 18, zoomSnap: 0.25 });
  map.fitBounds([[55.67, 20.97], [58.09, 28.24]]);

  if (d.tileUrl) {
    L.tileLayer(d.tileUrl, {
      maxZoom: 19,
      attribution: d.tileAttribution || "",
    }).addTo(map);
  }

  fetch(d.outlinesUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (geojson) {
      var outlines = L.geoJSON(geojson, {
        interactive: false,
        style: function () {
          return { className: "map-outline", color: "#4d4d4d", weight: 1, fillOpacity: 0.04 };
        },
      });
      outlines.addTo(map);
      outlines.bringToBack();
    })
    .catch(function () {
      /* Without outlines the markers still work. */
    });

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  }

  var icons = {};
  function iconFor(code) {
    if (!icons[code]) {
      icons[code] = L.divIcon({
        className: "map-marker map-status-" + code,
        iconSize: [14, 14],
        iconAnchor: [7, 7],
        popupAnchor: [0, -7],
      });
    }
    return icons[code];
  }

  function popup(venue, data) {
    var status = data.statuses[venue[3]];
    var kind = data.kinds[venue[4]];
    var municipality = data.municipalities[venue[5]];
    var url = d.venueUrl.replace(/\/0\/$/, "/" + venue[0] + "/");
    return (
      '<strong><a href="' + url + '">' + escapeHtml(venue[6]) + "</a></strong><br>" +
      escapeHtml(d.labelStatus) + ': <span class="map-swatch map-status-' + status[0] +
      '" aria-hidden="true"></span> ' + escapeHtml(status[1]) + "<br>" +
      escapeHtml(d.labelKind) + ": " + escapeHtml(kind ? kind[1] : "") + "<br>" +
      escapeHtml(d.labelMunicipality) + ": " + escapeHtml(municipality) + "<br>" +
      '<a href="' + url + '">' + escapeHtml(d.labelOpen) + "</a>"
    );
  }

  function showCounts(data) {
    Object.keys(data.counts).forEach(function (code) {
      var cell = document.querySelector('[data-count="' + code + '"]');
      if (cell) {
        cell.textContent = "(" + data.counts[code] + ")";
      }
    });
    var text = data.venues.length + " " + d.labelShown;
    if (data.unlocated) {
      text += "; " + data.unlocated + " " + d.labelUnlocated;
    }
    summary.textContent = text;
  }

  if (summary) {
    summary.textContent = d.labelLoading;
  }
  fetch(d.dataUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (data) {
      var clusters = L.markerClusterGroup({
        chunkedLoading: true,
        showCoverageOnHover: false,
        maxClusterRadius: 50,
      });
      var markers = data.venues.map(function (venue) {
        var marker = L.marker([venue[1] / data.scale, venue[2] / data.scale], {
          icon: iconFor(data.statuses[venue[3]][0]),
          title: venue[6] + " — " + data.statuses[venue[3]][1],
          alt: venue[6],
        });
        marker.bindPopup(function () {
          return popup(venue, data);
        });
        return marker;
      });
      clusters.addLayers(markers);
      map.addLayer(clusters);
      box.dataset.loaded = String(markers.length);
      if (summary) {
        showCounts(data);
      }
    })
    .catch(function (error) {
      if (summary) {
        summary.textContent = d.labelFailed;
      }
      console.error("Plakats map: the venues could not be shown:", error);
    });
})();
