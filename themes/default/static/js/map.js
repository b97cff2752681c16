/* ecoatlas map: draws the site's own base layer, campus outlines and actor markers with
 * Leaflet and Leaflet.markercluster (both shipped with the site). Every text shown is set with
 * textContent, never parsed as HTML. No request leaves the site unless site.yaml configures
 * background tiles and the visitor switches them on. */
(function () {
  'use strict';

  var configElement = document.getElementById('ea-config');
  var mapElement = document.getElementById('map');
  if (!configElement || !mapElement || typeof L === 'undefined') {
    return;
  }
  var cfg = JSON.parse(configElement.textContent);
  var S = cfg.strings || {};
  var focus = cfg.focus || {};
  var isMini = mapElement.classList.contains('ea-minimap');
  var TILE_KEY = 'ecoatlas:tiles';

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      return response.json();
    });
  }

  var map = L.map(mapElement, {
    center: cfg.map.center,
    zoom: isMini ? 14 : cfg.map.zoom,
    minZoom: cfg.map.minZoom,
    maxZoom: cfg.map.maxZoom,
    keyboard: true,
    scrollWheelZoom: !isMini
  });

  var status = el('p', 'ea-map-status');
  status.setAttribute('role', 'status');
  mapElement.parentNode.insertBefore(status, mapElement.nextSibling);
  status.textContent = S.loading || '';

  // Background tiles: only when the site configures them, and only after the visitor opts in.
  if (cfg.tiles) {
    // Leaflet shows attributions as HTML; the site's text is escaped so it stays text.
    var attribution = el('span', null, cfg.tiles.attribution).innerHTML;
    var tiles = L.tileLayer(cfg.tiles.url, { attribution: attribution, maxZoom: cfg.tiles.maxZoom });
    var overlays = {};
    overlays[S.tiles || 'Tiles'] = tiles;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    try {
      if (window.localStorage.getItem(TILE_KEY) === 'on') tiles.addTo(map);
    } catch (e) { /* storage may be blocked; tiles stay off */ }
    map.on('overlayadd overlayremove', function (event) {
      if (event.layer !== tiles) return;
      try {
        window.localStorage.setItem(TILE_KEY, event.type === 'overlayadd' ? 'on' : 'off');
      } catch (e) { /* not remembered */ }
    });
  }

  function campusPopup(props) {
    var box = el('div', 'ea-popup ea-campus-popup');
    box.appendChild(el('h3', 'ea-popup-name', props.name));
    box.appendChild(el('p', 'ea-popup-meta', S.campus || ''));
    if (props.summary) box.appendChild(el('p', 'ea-popup-summary', props.summary));
    var link = el('a', 'ea-popup-link', S.open_page || '→');
    link.href = props.url;
    box.appendChild(link);
    return box;
  }

  function actorPopup(props, campusNames) {
    var type = cfg.types[props.type] || { label: props.type };
    var box = el('div', 'ea-popup');
    box.appendChild(el('h3', 'ea-popup-name', props.name));
    var meta = [type.label];
    (props.campuses || []).forEach(function (slug) {
      if (campusNames[slug]) meta.push(campusNames[slug]);
    });
    box.appendChild(el('p', 'ea-popup-meta', meta.join(' · ')));
    if (props.summary) box.appendChild(el('p', 'ea-popup-summary', props.summary));
    var link = el('a', 'ea-popup-link', S.open_page || '→');
    link.href = props.url;
    box.appendChild(link);
    return box;
  }

  function markerIcon(props, highlighted) {
    var type = cfg.types[props.type] || { colour: '#3a3a3a', symbol: '?' };
    var badge = el('span', 'type-badge', type.symbol);
    badge.style.setProperty('--type-colour', type.colour);
    var size = highlighted ? 36 : 30;
    return L.divIcon({
      className: 'ea-marker ea-type-' + props.type + (highlighted ? ' is-focus' : ''),
      html: badge,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2]
    });
  }

  var countriesReady = getJSON(cfg.data.countries).then(function (countries) {
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#8c96a0', weight: 1, fillColor: '#f6f4ee', fillOpacity: 1 }
    }).addTo(map).bringToBack();
  });

  Promise.all([getJSON(cfg.data.campuses), getJSON(cfg.data.actors)]).then(function (data) {
    var campuses = data[0];
    var actors = data[1];
    var campusNames = {};
    var campusLayers = {};
    campuses.features.forEach(function (f) { campusNames[f.properties.slug] = f.properties.name; });

    L.geoJSON(campuses, {
      style: function (f) {
        var focused = focus.campus === f.properties.slug;
        return { className: 'ea-campus', color: '#2b6a4f', weight: focused ? 3 : 2, fillColor: '#2b6a4f', fillOpacity: focused ? 0.2 : 0.1 };
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { className: 'ea-campus ea-campus-point', radius: 12 });
      },
      onEachFeature: function (f, layer) {
        campusLayers[f.properties.slug] = layer;
        // An element, not a string: Leaflet would parse a string as HTML.
        layer.bindTooltip(el('span', null, f.properties.name), { className: 'ea-campus-label', direction: 'center' });
        layer.bindPopup(function () { return campusPopup(f.properties); });
      }
    }).addTo(map);

    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true });
    var markers = {};
    actors.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var highlighted = focus.actor === p.slug;
      var marker = L.marker([c[1], c[0]], { icon: markerIcon(p, highlighted), title: p.name, alt: p.name, keyboard: true, riseOnHover: true });
      marker.bindPopup(function () { return actorPopup(p, campusNames); });
      marker.on('popupopen', function () { selectListItem(p.slug); });
      markers[p.slug] = marker;
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);

    if (focus.actor && markers[focus.actor]) {
      map.setView(markers[focus.actor].getLatLng(), 15);
    } else if (focus.campus && campusLayers[focus.campus]) {
      var layer = campusLayers[focus.campus];
      if (layer.getBounds) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
      else map.setView(layer.getLatLng(), 15);
    }

    Array.prototype.forEach.call(document.querySelectorAll('button.ea-locate'), function (button) {
      button.addEventListener('click', function () {
        var marker = markers[button.getAttribute('data-slug')];
        if (!marker) return;
        cluster.zoomToShowLayer(marker, function () {
          marker.openPopup();
          var icon = marker.getElement && marker.getElement();
          if (icon) icon.focus();
        });
      });
    });

    mapElement.setAttribute('data-actors', String(actors.features.length));
    mapElement.setAttribute('data-campuses', String(campuses.features.length));
    document.dispatchEvent(new CustomEvent('ecoatlas:map-ready', { detail: { map: map, markers: markers, cluster: cluster, campusLayers: campusLayers, config: cfg } }));
    return countriesReady;
  }).then(function () {
    status.textContent = '';
    mapElement.setAttribute('data-ready', 'true');
  }).catch(function (error) {
    status.textContent = S.load_error || 'Error';
    mapElement.setAttribute('data-ready', 'error');
    if (window.console) console.error(error);
  });

  function selectListItem(slug) {
    Array.prototype.forEach.call(document.querySelectorAll('#actor-list li.is-selected'), function (li) {
      li.classList.remove('is-selected');
    });
    var item = document.querySelector('#actor-list li[data-slug="' + (window.CSS && CSS.escape ? CSS.escape(slug) : slug) + '"]');
    if (item) item.classList.add('is-selected');
  }
})();
