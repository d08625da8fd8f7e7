/* Therapist Finder: the results map (Leaflet, served from this host).
 *
 * Markers come from data attributes in the page ([data-marker] elements with
 * data-lat/data-lon/data-label/data-href/data-n), never from inline script.
 * Names go into the DOM as text. The list beside the map is always the full,
 * accessible version of the results.
 *
 * Privacy: the map starts with the numbered markers only. Street-map images
 * would come from another host (data-tile-url), and each request would tell
 * it the visitor's IP address and the area around the search, or around one
 * therapist's office on a profile. So nothing is asked from it until the
 * visitor presses the "Show street map" button, for this page view only
 * (nothing is remembered), and the images are fetched with no Referer.
 *
 * Its words come from the page (the body's data-ui-text, in the page's
 * language), never from here.
 */
(function () {
  'use strict';

  var TEXT = {};
  try { TEXT = JSON.parse(document.body.getAttribute('data-ui-text') || '{}'); } catch (e) { TEXT = {}; }
  function words(key, host) { return String(TEXT[key] || '').replace('{host}', host || ''); }

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
      link.setAttribute('referrerpolicy', 'same-origin');  /* for the profile's "Back to search" */
      link.textContent = label;
      box.appendChild(link);
    } else {
      box.textContent = label;
    }
    return box;
  }

  function setup(container) {
    var note = container.parentNode.querySelector('[data-map-note]');
    var button = container.parentNode.querySelector('[data-map-tiles]');
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
    var map = L.map(container, { scrollWheelZoom: false, keyboard: true, attributionControl: true,
                                 zoomControl: false });
    /* Leaflet's own zoom buttons, their titles and aria-labels in the page's language. */
    L.control.zoom({ zoomInTitle: words('zoom_in'), zoomOutTitle: words('zoom_out') }).addTo(map);
    /* Leaflet's link in the attribution line, its title in the page's language too. */
    var prefix = map.attributionControl && map.attributionControl.options.prefix;
    if (prefix && words('leaflet_title')) {
      var holder = document.createElement('div');
      holder.innerHTML = prefix;  /* Leaflet's own markup, none of the page's data */
      var credit = holder.querySelector('a');
      if (credit) {
        credit.setAttribute('title', words('leaflet_title'));
        map.attributionControl.setPrefix(holder.innerHTML);
      }
    }
    container.setAttribute('data-map-ready', 'true');

    L.control.scale({ imperial: true, metric: false }).addTo(map);  /* distances without a street map */

    var tileUrl = container.getAttribute('data-tile-url') || '';
    var host = container.getAttribute('data-tile-host') || words('another_site');
    if (tileUrl && button) {
      var showText = button.textContent;
      var layer = null;
      say(words('markers_only'));
      button.hidden = false;
      button.addEventListener('click', function () {
        if (layer) {
          map.removeLayer(layer);
          layer = null;
          button.textContent = showText;
          say(words('map_hidden'));
          return;
        }
        var failed = 0;
        layer = L.tileLayer(tileUrl, {
          maxZoom: 19,
          attribution: words('map_attribution'),
          /* The tile host learns this site's address and never the page's, so not
             the search. No Referer at all would be more private, but OpenStreetMap's
             tile policy requires one and blocks tiles without it. */
          referrerPolicy: 'strict-origin'
        });
        layer.on('tileerror', function () {
          failed += 1;
          if (failed === 1) {
            container.setAttribute('data-tiles-failed', 'true');
            say(words('map_failed'));
          }
        });
        layer.addTo(map);
        container.setAttribute('data-tiles-shown', 'true');
        button.textContent = words('hide_map');
        say(words('map_loading', host));
      });
    } else {
      say(words('map_off'));
    }

    var bounds = [];
    var placeLat = number(container.getAttribute('data-place-lat'));
    var placeLon = number(container.getAttribute('data-place-lon'));
    var radius = number(container.getAttribute('data-radius-mi'));
    if (placeLat !== null && placeLon !== null) {
      L.marker([placeLat, placeLon], {
        keyboard: false,
        title: words('searched_place'),
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
