/* Therapist Finder: the results map (Leaflet, served from this host).
 *
 * Markers come from data attributes in the page ([data-marker] elements with
 * data-lat/data-lon/data-label/data-href/data-n), never from inline script.
 * Names go into the DOM as text. When tiles fail to load (offline, blocked,
 * turned off), the markers still show and a note says so; the list below the
 * map is always the full, accessible version of the results.
 */
(function () {
  'use strict';

  function number(value) {
    var n = parseFloat(value);
    return isFinite(n) ? n : null;
  }

  function popup(el) {
    var box = document.createElement('div');
    var label = el.getAttribute('data-label') || '';
    var href = el.getAttribute('data-href');
    if (href && href.charAt(0) === '/') {
      var link = document.createElement('a');
      link.setAttribute('href', href);
      link.textContent = label;
      box.appendChild(link);
    } else {
      box.textContent = label;
    }
    return box;
  }

  function setup(container) {
    var note = container.parentNode.querySelector('[data-map-note]');
    function say(text) {
      if (note) { note.textContent = text; note.hidden = false; }
    }
    var points = [];
    document.querySelectorAll('[data-marker]').forEach(function (el) {
      var lat = number(el.getAttribute('data-lat'));
      var lon = number(el.getAttribute('data-lon'));
      if (lat !== null && lon !== null) { points.push({ el: el, lat: lat, lon: lon }); }
    });
    if (!points.length || !window.L) { return; }
    container.hidden = false;
    var L = window.L;
    var map = L.map(container, { scrollWheelZoom: false, keyboard: true, attributionControl: true });
    container.setAttribute('data-map-ready', 'true');

    var tileUrl = container.getAttribute('data-tile-url') || '';
    if (tileUrl) {
      var failed = 0;
      var layer = L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: '© OpenStreetMap contributors',
        referrerPolicy: 'strict-origin-when-cross-origin'
      });
      layer.on('tileerror', function () {
        failed += 1;
        if (failed === 1) {
          container.setAttribute('data-tiles-failed', 'true');
          say('The map background could not load. The numbered markers match the list below.');
        }
      });
      layer.addTo(map);
    } else {
      say('Map background turned off on this site. The numbered markers match the list below.');
    }

    var bounds = [];
    var placeLat = number(container.getAttribute('data-place-lat'));
    var placeLon = number(container.getAttribute('data-place-lon'));
    var radius = number(container.getAttribute('data-radius-mi'));
    if (placeLat !== null && placeLon !== null) {
      L.marker([placeLat, placeLon], {
        keyboard: false,
        title: 'Searched place',
        icon: L.divIcon({ className: 'tf-pin tf-pin-place', html: '', iconSize: [14, 14] })
      }).addTo(map);
      if (radius) {
        L.circle([placeLat, placeLon], { radius: radius * 1609.344, weight: 1, fill: false, interactive: false }).addTo(map);
      }
      bounds.push([placeLat, placeLon]);
    }
    points.forEach(function (p) {
      var n = parseInt(p.el.getAttribute('data-n') || '', 10);
      var icon = L.divIcon({ className: 'tf-pin', html: isFinite(n) ? String(n) : '', iconSize: [26, 26] });
      var marker = L.marker([p.lat, p.lon], { icon: icon, keyboard: false, title: p.el.getAttribute('data-label') || '' });
      marker.bindPopup(popup(p.el));
      marker.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 14);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }

  document.querySelectorAll('[data-map]').forEach(function (container) {
    try { setup(container); } catch (e) { container.hidden = true; }
  });
}());
