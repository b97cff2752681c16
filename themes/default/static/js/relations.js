/* ecoatlas relations overlay: draws the typed links between actors ("member of", "owned by",
 * …) as lines on the main map, when the visitor switches them on (they are off by default).
 *
 * It waits for map.js to announce the map:
 *   document.dispatchEvent(new CustomEvent('ecoatlas:map-ready', {detail: {map, markers, cluster,
 *     campusLayers, config}}))
 * where `markers` maps actor slugs to their L.Marker, `isShown(slug)` tells whether an actor is
 * shown with the current filters and `relations` whether the URL asks for the overlay. After
 * each change of the filters (or of the URL) map.js sends `ecoatlas:map-update` with a new
 * `isShown` and `relations`; switching the overlay sends `ecoatlas:relations` ({on}), which
 * map.js keeps in the URL (`relations=1`). A line is drawn only when both of its actors are
 * shown. The relations come from the language's
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
    var isShown = d.isShown || function () { return true; };
    // One entry per relation: its line (null when an actor is not on the map), its list item
    // and its legend key.
    var entries = [];
    var legendItems = {};

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
    var list = el('ul', 'ea-relations-list');
    list.id = 'ea-relations-list';
    details.appendChild(list);
    box.appendChild(details);
    control.onAdd = function () {
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);

    // The line styles are explained in the map's legend (beside the marker types), else in the
    // control itself.
    var legend = el('ul', 'ea-relations-legend');
    var legendBox = el('li', 'ea-relations-key');
    legendBox.hidden = true;
    legendBox.appendChild(el('span', 'ea-relations-key-title', S.relations_legend || ''));
    legendBox.appendChild(legend);
    var pageLegend = document.querySelector('#ea-legend > ul');
    if (pageLegend) pageLegend.appendChild(legendBox);
    else details.appendChild(legendBox);

    function sampleLine(style) {
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('width', '36');
      svg.setAttribute('height', '10');
      svg.setAttribute('aria-hidden', 'true');
      var sample = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      sample.setAttribute('x1', '0');
      sample.setAttribute('y1', '5');
      sample.setAttribute('x2', '36');
      sample.setAttribute('y2', '5');
      sample.setAttribute('stroke', style.color);
      sample.setAttribute('stroke-width', String(style.weight));
      if (style.dashArray) sample.setAttribute('stroke-dasharray', style.dashArray);
      svg.appendChild(sample);
      return svg;
    }

    /** Makes the lines, list items and legend keys once (they are shown by `refresh`). */
    function build(data) {
      var types = data.types || {};
      var names = data.actors || {};
      var typeKeys = Object.keys(types).sort();
      var styleOf = {};
      typeKeys.forEach(function (key, i) {
        var s = STYLES[i % STYLES.length];
        styleOf[key] = { color: COLOURS[i % COLOURS.length], weight: s.weight, dashArray: s.dashArray, opacity: 0.85 };
        var li = el('li');
        li.setAttribute('data-type', key);
        li.appendChild(sampleLine(styleOf[key]));
        li.appendChild(document.createTextNode(' ' + types[key].label));
        legendItems[key] = li;
        legend.appendChild(li);
      });
      (data.relations || []).forEach(function (r) {
        var from = d.markers[r.source];
        var to = d.markers[r.target];
        var type = types[r.type] || { label: r.type };
        var sourceName = names[r.source] ? names[r.source].name : r.source;
        var targetName = names[r.target] ? names[r.target].name : r.target;
        var item = el('li');
        var a = el('a', null, sourceName);
        if (names[r.source]) a.href = names[r.source].url;
        item.appendChild(a);
        item.appendChild(document.createTextNode(' ' + type.label + ' '));
        var b = el('a', null, targetName);
        if (names[r.target]) b.href = names[r.target].url;
        item.appendChild(b);
        list.appendChild(item);
        var line = null;
        if (from && to) {
          var style = styleOf[r.type] || { color: '#444f5a', weight: 2 };
          line = L.polyline([from.getLatLng(), to.getLatLng()], {
            color: style.color,
            weight: style.weight,
            dashArray: style.dashArray,
            opacity: style.opacity,
            className: 'ea-relation ea-relation-' + r.type,
            interactive: true
          });
          // Leaflet reads a string tooltip as HTML; an element keeps the names plain text.
          line.bindTooltip(el('span', null, sourceName + ' – ' + type.label + ' – ' + targetName), { sticky: true });
          line.on('add', function () {
            var path = line.getElement && line.getElement();
            if (!path) return;
            path.setAttribute('data-source', r.source);
            path.setAttribute('data-target', r.target);
            path.setAttribute('data-type', r.type);
          });
        }
        entries.push({ source: r.source, target: r.target, type: r.type, line: line, item: item });
      });
      box.setAttribute('data-relations-total', String(entries.length));
    }

    /** Moves a line to the markers that stand for its actors now (an actor with several sites
     * is drawn at the site the campus filter shows). */
    function follow(line, source, target) {
      if (!d.markerOf) return;
      var a = d.markerOf(source);
      var b = d.markerOf(target);
      if (!a || !b) return;
      var now = line.getLatLngs();
      if (!now[0].equals(a.getLatLng()) || !now[1].equals(b.getLatLng())) {
        line.setLatLngs([a.getLatLng(), b.getLatLng()]);
      }
    }

    /** Shows the lines (and list items, legend keys) whose two actors are both shown. */
    function refresh() {
      var drawn = 0;
      var used = {};
      entries.forEach(function (e) {
        var show = !!e.line && isShown(e.source) && isShown(e.target);
        e.item.hidden = !show;
        if (!e.line) return;
        if (show) follow(e.line, e.source, e.target);
        if (show && !layer.hasLayer(e.line)) layer.addLayer(e.line);
        else if (!show && layer.hasLayer(e.line)) layer.removeLayer(e.line);
        if (show) {
          drawn += 1;
          used[e.type] = true;
        }
      });
      Object.keys(legendItems).forEach(function (key) { legendItems[key].hidden = !used[key]; });
      box.setAttribute('data-relations-drawn', String(drawn));
      if (checkbox.checked && loaded) {
        live.textContent = (S.relations_shown || '%n').replace('%n', String(drawn));
      }
      return drawn;
    }

    function load() {
      if (!loaded) {
        loaded = fetch(relationsUrl(cfg), { credentials: 'same-origin' }).then(function (response) {
          if (!response.ok) throw new Error('relations.json: HTTP ' + response.status);
          return response.json();
        }).then(build);
      }
      return loaded;
    }

    function set(on) {
      if (!on) {
        map.removeLayer(layer);
        details.hidden = true;
        legendBox.hidden = true;
        live.textContent = S.relations_hidden || '';
        box.setAttribute('data-state', 'off');
        return;
      }
      box.setAttribute('data-state', 'loading');
      load().then(function () {
        if (!checkbox.checked) return;
        layer.addTo(map);
        refresh();
        details.hidden = false;
        legendBox.hidden = false;
        box.setAttribute('data-state', 'on');
      }).catch(function (error) {
        live.textContent = S.load_error || 'Error';
        box.setAttribute('data-state', 'error');
        if (window.console) console.error(error);
      });
    }

    box.setAttribute('data-state', 'off');
    checkbox.addEventListener('change', function () {
      set(checkbox.checked);
      document.dispatchEvent(new CustomEvent('ecoatlas:relations', { detail: { on: checkbox.checked } }));
    });
    document.addEventListener('ecoatlas:map-update', function (e) {
      var u = e.detail || {};
      if (u.isShown) isShown = u.isShown;
      if (u.relations !== undefined && !!u.relations !== checkbox.checked) {
        checkbox.checked = !!u.relations;
        set(checkbox.checked);
      } else if (entries.length) {
        refresh();
      }
    });
    if (d.relations) {
      checkbox.checked = true;
      set(true);
    }
  });
})();
