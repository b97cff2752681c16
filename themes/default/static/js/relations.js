/* ecoatlas relations overlay: draws the typed links between actors ("member of", "owned by",
 * …) as lines on the main map, when the visitor switches them on (they are off by default).
 *
 * It waits for map.js to announce the map:
 *   document.dispatchEvent(new CustomEvent('ecoatlas:map-ready', {detail: {map, markers, cluster,
 *     campusLayers, config}}))
 * where `markers` maps actor slugs to their L.Marker. The relations come from the language's
 * data/relations.json (fetched the first time the overlay is switched on). Each line runs between
 * the two actors' positions; its dash pattern tells the relation type, so colour is never the
 * only cue. The same relations are listed as text in the control and on every actor's page. */
(function () {
  'use strict';

  var STYLES = [
    { dashArray: null, weight: 3 },
    { dashArray: '8 6', weight: 3 },
    { dashArray: '2 6', weight: 3 },
    { dashArray: '12 4 2 4', weight: 3 },
    { dashArray: '4 4', weight: 2 },
    { dashArray: '16 6', weight: 2 }
  ];
  var COLOURS = ['#5b2a86', '#0b5c8c', '#8a3b12', '#1d6b3a', '#6b4e00', '#444f5a'];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function relationsUrl(cfg) {
    if (cfg.data && cfg.data.relations) return cfg.data.relations;
    // relations.json sits beside actors.geojson, in the same language's data/ folder.
    return new URL('relations.json', new URL(cfg.data.actors, window.location.href)).href;
  }

  document.addEventListener('ecoatlas:map-ready', function (event) {
    var d = event.detail || {};
    var map = d.map;
    var cfg = d.config || {};
    if (!map || !d.markers || typeof L === 'undefined') return;
    var container = map.getContainer();
    if (container.classList.contains('ea-minimap') || container.querySelector('.ea-relations-control')) return;
    var S = cfg.strings || {};
    var layer = L.layerGroup();
    var loaded = null;

    var control = L.control({ position: 'topright' });
    var box = el('div', 'ea-relations-control');
    var label = el('label', 'ea-relations-toggle');
    var checkbox = el('input');
    checkbox.type = 'checkbox';
    checkbox.id = 'ea-relations-toggle';
    checkbox.setAttribute('aria-controls', 'ea-relations-list');
    label.appendChild(checkbox);
    label.appendChild(document.createTextNode(' ' + (S.relations_show || 'Show relations')));
    box.appendChild(label);
    var live = el('p', 'ea-relations-status');
    live.setAttribute('role', 'status');
    box.appendChild(live);
    var details = el('details', 'ea-relations-details');
    details.hidden = true;
    details.appendChild(el('summary', null, S.relations_list || 'List'));
    var legend = el('ul', 'ea-relations-legend');
    var list = el('ul', 'ea-relations-list');
    list.id = 'ea-relations-list';
    details.appendChild(legend);
    details.appendChild(list);
    box.appendChild(details);
    control.onAdd = function () {
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);

    function draw(data) {
      var typeKeys = Object.keys(data.types || {}).sort();
      var styleOf = {};
      typeKeys.forEach(function (key, i) {
        var s = STYLES[i % STYLES.length];
        styleOf[key] = { color: COLOURS[i % COLOURS.length], weight: s.weight, dashArray: s.dashArray, opacity: 0.85 };
      });
      var drawn = 0;
      var used = {};
      (data.relations || []).forEach(function (r) {
        var from = d.markers[r.source];
        var to = d.markers[r.target];
        var type = (data.types || {})[r.type] || { label: r.type };
        var names = data.actors || {};
        var text = (names[r.source] ? names[r.source].name : r.source) + ' – ' + type.label + ' – ' +
          (names[r.target] ? names[r.target].name : r.target);
        var item = el('li');
        var a = el('a', null, names[r.source] ? names[r.source].name : r.source);
        if (names[r.source]) a.href = names[r.source].url;
        item.appendChild(a);
        item.appendChild(document.createTextNode(' ' + type.label + ' '));
        var b = el('a', null, names[r.target] ? names[r.target].name : r.target);
        if (names[r.target]) b.href = names[r.target].url;
        item.appendChild(b);
        list.appendChild(item);
        if (!from || !to) return;
        var style = styleOf[r.type] || { color: '#444f5a', weight: 2 };
        var line = L.polyline([from.getLatLng(), to.getLatLng()], {
          color: style.color,
          weight: style.weight,
          dashArray: style.dashArray,
          opacity: style.opacity,
          className: 'ea-relation ea-relation-' + r.type,
          interactive: true
        });
        // Leaflet reads a string tooltip as HTML; an element keeps the names plain text.
        line.bindTooltip(el('span', null, text), { sticky: true });
        line.on('add', function () {
          var path = line.getElement && line.getElement();
          if (!path) return;
          path.setAttribute('data-source', r.source);
          path.setAttribute('data-target', r.target);
          path.setAttribute('data-type', r.type);
        });
        layer.addLayer(line);
        used[r.type] = true;
        drawn += 1;
      });
      typeKeys.filter(function (k) { return used[k]; }).forEach(function (key) {
        var li = el('li');
        var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('width', '36');
        svg.setAttribute('height', '10');
        svg.setAttribute('aria-hidden', 'true');
        var sample = document.createElementNS('http://www.w3.org/2000/svg', 'line');
        sample.setAttribute('x1', '0');
        sample.setAttribute('y1', '5');
        sample.setAttribute('x2', '36');
        sample.setAttribute('y2', '5');
        sample.setAttribute('stroke', styleOf[key].color);
        sample.setAttribute('stroke-width', String(styleOf[key].weight));
        if (styleOf[key].dashArray) sample.setAttribute('stroke-dasharray', styleOf[key].dashArray);
        svg.appendChild(sample);
        li.appendChild(svg);
        li.appendChild(document.createTextNode(' ' + data.types[key].label));
        legend.appendChild(li);
      });
      box.setAttribute('data-relations-total', String((data.relations || []).length));
      box.setAttribute('data-relations-drawn', String(drawn));
      return drawn;
    }

    function load() {
      if (!loaded) {
        loaded = fetch(relationsUrl(cfg), { credentials: 'same-origin' }).then(function (response) {
          if (!response.ok) throw new Error('relations.json: HTTP ' + response.status);
          return response.json();
        }).then(draw);
      }
      return loaded;
    }

    function set(on) {
      if (!on) {
        map.removeLayer(layer);
        details.hidden = true;
        live.textContent = S.relations_hidden || '';
        box.setAttribute('data-state', 'off');
        return;
      }
      box.setAttribute('data-state', 'loading');
      load().then(function (drawn) {
        if (!checkbox.checked) return;
        layer.addTo(map);
        details.hidden = false;
        live.textContent = (S.relations_shown || '%n').replace('%n', String(drawn));
        box.setAttribute('data-state', 'on');
      }).catch(function (error) {
        live.textContent = S.load_error || 'Error';
        box.setAttribute('data-state', 'error');
        if (window.console) console.error(error);
      });
    }

    box.setAttribute('data-state', 'off');
    checkbox.addEventListener('change', function () { set(checkbox.checked); });
  });
})();
