/* ecoatlas map – mapview: the Leaflet map. The site's own light base layer (Natural Earth
 * outlines), campus outlines with labels, actor markers (shape, colour and letter of their
 * type) in clusters, a popup per actor, keyboard access to markers and clusters, buttons to pan
 * and zoom, and background tiles only when the site configures them and the visitor opts in. */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  var PAN_STEP = 160;
  // Campus labels from this zoom on, each where it collides with no other label, marker or
  // cluster badge (else hidden, the smallest campuses first).
  var LABEL_ZOOM = 9;
  // Where a label may stand, as steps of its own half size (plus a gap) from its campus's centre:
  // on it, then below, above, right, left and the corners.
  var LABEL_SPOTS = [[0, 0], [0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]];
  var LABEL_GAP = 16;

  /** A marker icon per actor type: a div with the type's badge. */
  var TypeIcon = L.Icon.extend({
    options: { iconSize: [28, 28], iconAnchor: [14, 14], type: null },
    createIcon: function () {
      var div = document.createElement('div');
      this._setIconStyles(div, 'icon');
      div.appendChild(EA.badge(this.options.type));
      return div;
    },
    createShadow: function () { return null; }
  });

  /** A cluster icon: the number of actors as its only text, a full sentence as its name. */
  var ClusterIcon = L.Icon.extend({
    options: { iconSize: [40, 40], count: 0, label: '' },
    createIcon: function () {
      var div = document.createElement('div');
      this._setIconStyles(div, 'icon');
      var inner = document.createElement('div');
      inner.appendChild(EA.el('span', null, String(this.options.count)));
      div.appendChild(inner);
      div.setAttribute('aria-label', this.options.label);
      return div;
    },
    createShadow: function () { return null; }
  });

  /** A marker that names itself for screen readers and keeps its selection when redrawn. */
  var ActorMarker = L.Marker.extend({
    onAdd: function (map) {
      L.Marker.prototype.onAdd.call(this, map);
      var icon = this._icon;
      if (icon) {
        icon.setAttribute('aria-label', this.options.label);
        icon.setAttribute('data-slug', this.options.slug);
        icon._eaMarker = this;
        if (this.options.view && this.options.view.selected === this.options.index) {
          icon.classList.add('is-selected');
        }
        if (this.options.own) icon.classList.add('ea-marker-own');
      }
      return this;
    }
  });

  /** A bar of buttons as a Leaflet control. */
  function buttonBar(className, label, buttons) {
    var Control = L.Control.extend({
      onAdd: function () {
        var box = L.DomUtil.create('div', 'leaflet-bar ea-bar ' + className);
        box.setAttribute('role', 'group');
        box.setAttribute('aria-label', label);
        buttons.forEach(function (b) {
          var button = EA.el('button', 'ea-bar-button ' + (b.className || ''));
          button.type = 'button';
          button.setAttribute('aria-label', b.label);
          button.title = b.label;
          var glyph = EA.el('span', 'ea-glyph', b.glyph);
          glyph.setAttribute('aria-hidden', 'true');
          button.appendChild(glyph);
          if (b.text) button.appendChild(EA.el('span', 'ea-bar-text', b.text));
          button.addEventListener('click', function (event) { b.action(event, button); });
          if (b.init) b.init(button);
          box.appendChild(button);
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return Control;
  }

  /**
   * The map in `element`. `opts.mini` for the small maps of actor and campus pages (no wheel
   * zoom), `opts.embed` for the embeddable view (links open in a new tab).
   */
  function MapView(element, cfg, opts) {
    var self = this;
    this.cfg = cfg;
    this.S = cfg.strings || {};
    this.opts = opts || {};
    this.element = element;
    this.selected = -1;
    this.markers = [];
    // Actors with several sites: index → their markers (the first is `markers[i]`), and the
    // ones the filters show; `siteCampus` is the campus filter (an index, or -1).
    this.siteMarkers = {};
    this.shownSites = {};
    this.siteCampus = -1;
    this.bySlug = {};
    this.campusLayers = {};
    this.campusNames = {};
    this.shownFlags = null;
    this.pendingShow = null;
    this.busy = false;
    this.handlers = {};
    this.keyboardTarget = null;

    var map = this.map = L.map(element, {
      center: cfg.map.center,
      zoom: this.opts.mini ? 14 : cfg.map.zoom,
      minZoom: cfg.map.minZoom,
      maxZoom: cfg.map.maxZoom,
      keyboard: true,
      keyboardPanDelta: PAN_STEP,
      scrollWheelZoom: !this.opts.mini,
      zoomControl: false
    });
    // The country outlines' credit; a vector base map (ea/basemap.js) brings its own.
    if (!cfg.basemap) map.attributionControl.addAttribution(this.S.base_credit || 'Natural Earth');
    L.control.zoom({
      zoomInTitle: this.S.zoom_in || 'Zoom in',
      zoomOutTitle: this.S.zoom_out || 'Zoom out'
    }).addTo(map);
    this.localiseZoomControl();
    if (!this.opts.mini) this.addPanControl();

    map.createPane('ea-base').style.zIndex = 150;
    // Campus labels above the outlines but below the markers, which they must not hide.
    map.createPane('ea-labels').style.zIndex = 450;
    // Popups in a pane of their own above the map's controls (the panes inside the map's pane
    // are below them), moved with the map's pane so that they stay on their markers.
    var popupPane = map.createPane('ea-popups', element);
    popupPane.style.zIndex = 1100;
    var mapPane = map.getPane('mapPane');
    map.on('move zoom viewreset resize', function () {
      L.DomUtil.setPosition(popupPane, L.DomUtil.getPosition(mapPane));
    });
    this.popup = L.popup({ maxWidth: 300, offset: [0, -10], autoPanPadding: [24, 24], pane: 'ea-popups' });
    this.campusPopup = L.popup({ maxWidth: 300, autoPanPadding: [24, 24], pane: 'ea-popups' });
    map.on('popupopen', function (e) { self.onPopupOpen(e.popup); });
    map.on('popupclose', function (e) { self.onPopupClose(e.popup); });
    this.labels = [];
    map.on('zoomend moveend resize', function () { self.updateLabels(); });
    map.on('moveend', function () { self.emit('move'); });
    this.updateLabels();

    this.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      spiderfyOnMaxZoom: true,
      removeOutsideVisibleBounds: true,
      chunkedLoading: true,
      chunkInterval: 120,
      chunkDelay: 16,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
        return new ClusterIcon({
          count: n,
          label: EA.fmt(self.S.cluster_label || '%n', { n: n }),
          className: 'marker-cluster marker-cluster-' + size
        });
      }
    });
    this.cluster.on('click', function (e) { self.activateMarker(e.layer, false); });
    this.cluster.on('keypress', function (e) {
      if (e.originalEvent && e.originalEvent.keyCode === 13) self.activateMarker(e.layer, true);
    });
    this.cluster.on('clusterclick clusterkeypress', function (e) {
      var keyboard = e.type === 'clusterkeypress' || self.keyboardTarget === e.layer._icon;
      if (e.type === 'clusterkeypress' && e.originalEvent && e.originalEvent.keyCode !== 13) return;
      if (keyboard) self.followCluster(e.layer);
    });
    this.cluster.on('animationend spiderfied', function () { self.focusFollowed(); });
    this.cluster.on('animationend spiderfied unspiderfied', function () { self.updateLabels(); });
    map.on('zoomend moveend', function () { self.focusFollowed(); });
    map.addLayer(this.cluster);

    this.installKeyboard();
    if (cfg.tiles) this.addTilesControl(cfg.tiles);

    // Tells screen readers which actor's popup opened (the focus stays on its marker).
    this.announcer = EA.el('p', 'visually-hidden ea-announcer');
    this.announcer.setAttribute('role', 'status');
    element.parentNode.insertBefore(this.announcer, element.nextSibling);
  }

  MapView.prototype.on = function (name, fn) {
    (this.handlers[name] = this.handlers[name] || []).push(fn);
  };

  MapView.prototype.emit = function (name, arg) {
    (this.handlers[name] || []).forEach(function (fn) { fn(arg); });
  };

  MapView.prototype.localiseZoomControl = function () {
    var S = this.S;
    Array.prototype.forEach.call(this.element.querySelectorAll('.leaflet-control-zoom a'), function (a) {
      var label = a.classList.contains('leaflet-control-zoom-in') ? S.zoom_in : S.zoom_out;
      if (label) a.setAttribute('aria-label', label);
    });
  };

  MapView.prototype.addPanControl = function () {
    var map = this.map;
    var S = this.S;
    var self = this;
    function pan(dx, dy) { return function () { map.panBy([dx * PAN_STEP, dy * PAN_STEP]); }; }
    var Pan = buttonBar('ea-pan', S.map_controls || 'Map', [
      { glyph: '↑', label: S.pan_north || 'North', action: pan(0, -1), className: 'ea-pan-n' },
      { glyph: '←', label: S.pan_west || 'West', action: pan(-1, 0), className: 'ea-pan-w' },
      { glyph: '→', label: S.pan_east || 'East', action: pan(1, 0), className: 'ea-pan-e' },
      { glyph: '↓', label: S.pan_south || 'South', action: pan(0, 1), className: 'ea-pan-s' },
      { glyph: '⌂', label: S.reset_view || 'Reset', action: function () { self.resetView(); }, className: 'ea-reset' }
    ]);
    new Pan({ position: 'topleft' }).addTo(map);
  };

  /** The site's whole region (its bounds, else its default view). */
  MapView.prototype.resetView = function (animate) {
    var m = this.cfg.map;
    var options = { animate: animate !== false };
    if (m.bounds) this.map.fitBounds(m.bounds, options);
    else this.map.setView(m.center, m.zoom, options);
  };

  MapView.prototype.addTilesControl = function (tiles) {
    var self = this;
    var S = this.S;
    var key = 'ecoatlas:tiles:' + tiles.url;
    var layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.maxZoom });
    var host = tiles.url.replace(/^https?:\/\//, '').split('/')[0];
    var note = EA.fmt(S.tiles_note || '%s', { s: host });
    function set(button, on, remember) {
      if (on) self.map.addLayer(layer);
      else self.map.removeLayer(layer);
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.querySelector('.ea-bar-text').textContent = on ? (S.tiles_on || 'On') : (S.tiles_off || 'Off');
      self.element.classList.toggle('ea-has-tiles', on);
      if (remember) EA.store(key, on ? 'on' : 'off');
    }
    var Tiles = buttonBar('ea-tiles', S.tiles || 'Tiles', [{
      glyph: '▦',
      text: S.tiles_off || 'Off',
      label: S.tiles || 'Tiles',
      className: 'ea-tiles-toggle',
      init: function (button) {
        button.title = note;
        button.setAttribute('aria-label', S.tiles || 'Tiles');
        button.setAttribute('aria-describedby', 'ea-tiles-note');
        set(button, EA.stored(key, 'off') === 'on', false);
      },
      action: function (event, button) {
        set(button, button.getAttribute('aria-pressed') !== 'true', true);
      }
    }]);
    this.tilesLayer = layer;
    new Tiles({ position: 'topright' }).addTo(this.map);
    var noteEl = EA.el('span', 'visually-hidden', note);
    noteEl.id = 'ea-tiles-note';
    this.element.appendChild(noteEl);
  };

  /** Places the campus labels again soon (after the markers and clusters have settled). */
  MapView.prototype.updateLabels = function () {
    var self = this;
    if (this.labelTimer) clearTimeout(this.labelTimer);
    this.labelTimer = setTimeout(function () {
      self.labelTimer = null;
      self.placeLabels();
    }, 40);
  };

  /**
   * Puts each campus label, largest campus first, on the first spot around its campus's centre
   * where it stays inside the map and overlaps no label already placed, no marker and no cluster
   * badge; a label with no such spot is hidden. `#map[data-labels]` then holds the view the
   * labels were placed for.
   */
  MapView.prototype.placeLabels = function () {
    var map = this.map;
    var element = this.element;
    var off = map.getZoom() < LABEL_ZOOM;
    element.classList.toggle('ea-labels-hidden', off);
    var frame = element.getBoundingClientRect();
    var width = element.clientWidth;
    var height = element.clientHeight;
    var taken = [];
    var icons = element.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon');
    for (var k = 0; k < icons.length; k++) {
      var r = icons[k].getBoundingClientRect();
      if (r.width === 0 || r.right < frame.left || r.left > frame.right || r.bottom < frame.top || r.top > frame.bottom) continue;
      taken.push({ l: r.left - frame.left, t: r.top - frame.top, r: r.right - frame.left, b: r.bottom - frame.top });
    }
    var overlaps = function (a) {
      for (var i = 0; i < taken.length; i++) {
        var b = taken[i];
        if (a.l < b.r + 2 && a.r > b.l - 2 && a.t < b.b + 2 && a.b > b.t - 2) return true;
      }
      return false;
    };
    if (!off) {
      this.labels.forEach(function (label) {
        var tooltip = label.tooltip;
        var el = tooltip.getElement();
        if (!el || !tooltip.getLatLng()) return;
        var w = el.offsetWidth;
        var h = el.offsetHeight;
        var at = map.latLngToContainerPoint(tooltip.getLatLng());
        var chosen = null;
        for (var s = 0; s < LABEL_SPOTS.length && !chosen; s++) {
          var dx = LABEL_SPOTS[s][0] * (w / 2 + LABEL_GAP);
          var dy = LABEL_SPOTS[s][1] * (h / 2 + LABEL_GAP);
          var box = { l: at.x + dx - w / 2, t: at.y + dy - h / 2, r: at.x + dx + w / 2, b: at.y + dy + h / 2 };
          if (box.l < 0 || box.t < 0 || box.r > width || box.b > height || overlaps(box)) continue;
          chosen = { offset: [Math.round(dx), Math.round(dy)], box: box };
        }
        el.classList.toggle('ea-label-hidden', !chosen);
        if (!chosen) return;
        var old = tooltip.options.offset || [0, 0];
        if (old[0] !== chosen.offset[0] || old[1] !== chosen.offset[1]) {
          tooltip.options.offset = chosen.offset;
          tooltip.update();
        }
        taken.push(chosen.box);
      });
    }
    this.clearNames(taken);
    element.setAttribute('data-labels', this.viewParam());
  };

  /**
   * Keeps the base map's place names off `taken` (boxes in the map's pixels: the markers,
   * badges and campus labels just placed), so that a town's name is not drawn under its
   * cluster (ea/basemap.js moves it beside, or leaves it out).
   */
  MapView.prototype.clearNames = function (taken) {
    if (!EA.basemap || !EA.basemap.avoid || !this.cfg.basemap) return;
    var map = this.map;
    var z = map.getZoom();
    if (z !== Math.round(z)) return;
    var origin = map.getPixelBounds().min;
    var boxes = taken.map(function (b) {
      return {
        minX: Math.floor(origin.x + b.l), minY: Math.floor(origin.y + b.t),
        maxX: Math.ceil(origin.x + b.r), maxY: Math.ceil(origin.y + b.b)
      };
    }).sort(function (a, b) { return a.minX - b.minX || a.minY - b.minY || a.maxX - b.maxX || a.maxY - b.maxY; });
    EA.basemap.avoid(this.baseLayer, boxes, z);
  };

  /**
   * The base layer, in its own pane below tiles and overlays: the site's vector base map
   * (ea/basemap.js) when site.yaml names one, else country outlines.
   */
  MapView.prototype.setBase = function (countries) {
    var self = this;
    var vector = EA.basemap && EA.basemap.add(this.map, this.cfg, 'ea-base');
    if (vector) {
      return vector.then(function (layer) { self.baseLayer = layer; self.updateLabels(); });
    }
    this.baseLayer = L.geoJSON(countries, {
      pane: 'ea-base',
      interactive: false,
      style: { color: '#8c96a0', weight: 1, fillColor: '#f6f4ee', fillOpacity: 1 }
    }).addTo(this.map);
    return Promise.resolve(this.baseLayer);
  };

  /** Campus outlines (or points) with labels and popups. */
  MapView.prototype.setCampuses = function (campuses, focusSlug) {
    var self = this;
    var S = this.S;
    L.geoJSON(campuses, {
      style: function (f) {
        var focused = focusSlug === f.properties.slug;
        return { className: 'ea-campus', color: '#2b6a4f', weight: focused ? 3 : 2, fillColor: '#2b6a4f', fillOpacity: focused ? 0.2 : 0.1 };
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { className: 'ea-campus ea-campus-point', radius: 12 });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        self.campusLayers[p.slug] = layer;
        self.campusNames[p.slug] = p.name;
        // An element, not a string: Leaflet would parse a string as HTML.
        layer.bindTooltip(EA.el('span', null, p.name), { permanent: true, direction: 'center', className: 'ea-campus-label', interactive: false, pane: 'ea-labels', offset: [0, 0] });
        self.labels.push({ tooltip: layer.getTooltip(), size: campusSize(layer) });
        layer.on('click', function (e) {
          self.campusPopup.setLatLng(e.latlng).setContent(self.campusContent(p)).openOn(self.map);
        });
      }
    }).addTo(this.map);
    // Larger campuses are labelled first (ties by name, so the order is always the same).
    this.labels.sort(function (a, b) {
      return b.size - a.size || String(a.tooltip.getContent().textContent).localeCompare(b.tooltip.getContent().textContent);
    });
    this.updateLabels();
  };

  /** A campus's size for the labels' priority: its outline's extent (a point has none). */
  function campusSize(layer) {
    if (!layer.getBounds) return 0;
    var b = layer.getBounds();
    var lat = (b.getNorth() + b.getSouth()) / 2;
    return (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest()) * Math.cos(lat * Math.PI / 180);
  }

  MapView.prototype.campusContent = function (p) {
    var self = this;
    var S = this.S;
    var box = EA.el('div', 'ea-popup ea-campus-popup');
    box.appendChild(EA.el('h3', 'ea-popup-name', p.name));
    box.appendChild(EA.el('p', 'ea-popup-meta', S.campus || ''));
    if (p.summary) box.appendChild(EA.el('p', 'ea-popup-summary', p.summary));
    var actions = EA.el('p', 'ea-popup-actions');
    if (this.handlers.campus) {
      var filter = EA.el('button', 'ea-button ea-popup-filter', S.campus_filter || '');
      filter.type = 'button';
      filter.addEventListener('click', function () {
        self.map.closePopup(self.campusPopup);
        self.emit('campus', p.slug);
      });
      actions.appendChild(filter);
    }
    actions.appendChild(this.link(p.url, S.open_page || '→', p.name));
    box.appendChild(actions);
    return box;
  };

  /** A link to a page of the site (in the embeddable view: in a new tab). */
  MapView.prototype.link = function (href, text, about) {
    var a = EA.el('a', 'ea-popup-link', text);
    a.href = href;
    if (about) a.appendChild(EA.el('span', 'visually-hidden', ': ' + about));
    if (this.opts.embed) {
      a.target = '_blank';
      a.rel = 'noopener';
      a.appendChild(EA.el('span', 'visually-hidden', ' (' + (this.S.opens_in_new_tab || '') + ')'));
    }
    return a;
  };

  /**
   * One marker per actor of `store` (drawn by `show`). Made a slice at a time, each slice
   * within about 40 ms, so that the page keeps answering while 100,000 are made; the promise
   * resolves when all are made.
   */
  MapView.prototype.setActors = function (store) {
    var self = this;
    this.store = store;
    store.setCampusNames(this.campusNames);
    var icons = {};
    var markers = new Array(store.n);
    var i = 0;
    function slice() {
      var until = Date.now() + 40;
      for (; i < store.n && (i % 256 !== 0 || Date.now() < until); i++) {
        var key = store.typeKey(i);
        var type = store.type(i);
        if (!icons[key]) {
          icons[key] = new TypeIcon({ type: type, className: 'ea-marker ea-type-' + key });
        }
        var marker = new ActorMarker([store.lat[i], store.lon[i]], {
          icon: icons[key],
          title: store.name[i],
          label: EA.fmt(self.S.marker_label || '%s', { s: store.name[i], t: type.label }),
          keyboard: true,
          riseOnHover: true,
          slug: store.slug[i],
          index: i,
          view: self
        });
        marker._eaIndex = i;
        markers[i] = marker;
        self.bySlug[store.slug[i]] = marker;
        var sites = store.sitesOf(i);
        if (sites) {
          var all = [marker];
          marker._eaSite = sites[0];
          for (var k = 1; k < sites.length; k++) {
            var other = new ActorMarker([sites[k].lat, sites[k].lon], L.extend({}, marker.options));
            other._eaIndex = i;
            other._eaSite = sites[k];
            all.push(other);
          }
          self.siteMarkers[i] = all;
        }
      }
    }
    return new Promise(function (resolve) {
      (function next() {
        slice();
        if (i < store.n) {
          setTimeout(next, 0);
        } else {
          self.markers = markers;
          resolve();
        }
      })();
    });
  };

  /**
   * Draws the markers of `indices` (all actors when null). Updates run one at a time; while one
   * runs, only the latest request waits. `done` runs when the markers are on the map.
   *
   * When few markers change (a filter that narrows or widens the result), only those are
   * removed or added; otherwise the layer is emptied and filled again. Adding many markers is
   * done in chunks (Leaflet.markercluster's chunked loading), so that the page stays responsive.
   */
  MapView.prototype.show = function (indices, done) {
    var self = this;
    if (this.busy) {
      if (this.pendingShow && this.pendingShow.done) {
        var previous = this.pendingShow.done;
        var next = done;
        done = function () { previous(); if (next) next(); };
      }
      this.pendingShow = { indices: indices, done: done };
      return;
    }
    this.busy = true;
    var n = this.markers.length;
    var wanted = new Uint8Array(n);
    if (indices === null) wanted.fill(1);
    else indices.forEach(function (i) { wanted[i] = 1; });
    var shown = this.shownFlags || new Uint8Array(n);
    var toAdd = [];
    var toRemove = [];
    var count = 0;
    for (var i = 0; i < n; i++) {
      if (this.siteMarkers[i]) {
        // An actor with several sites: the markers of those the campus filter shows.
        var now = wanted[i] ? this.sitesShown(i) : [];
        var before = this.shownSites[i] || [];
        count += now.length;
        before.forEach(function (m) { if (now.indexOf(m) < 0) toRemove.push(m); });
        now.forEach(function (m) { if (before.indexOf(m) < 0) toAdd.push(m); });
        this.shownSites[i] = now;
        continue;
      }
      if (wanted[i]) count++;
      if (wanted[i] && !shown[i]) toAdd.push(this.markers[i]);
      else if (!wanted[i] && shown[i]) toRemove.push(this.markers[i]);
    }
    this.shownFlags = wanted;
    var finish = function () {
      self.busy = false;
      self.updateLabels();
      if (done) done();
      var pending = self.pendingShow;
      if (pending) {
        self.pendingShow = null;
        self.show(pending.indices, pending.done);
      }
    };
    if (toAdd.length + toRemove.length > count) {
      this.cluster.clearLayers();
      toAdd = [];
      for (var j = 0; j < n; j++) {
        if (self.siteMarkers[j]) Array.prototype.push.apply(toAdd, self.shownSites[j]);
        else if (wanted[j]) toAdd.push(this.markers[j]);
      }
    } else if (toRemove.length) {
      this.cluster.removeLayers(toRemove);
    }
    if (!toAdd.length) {
      finish();
      return;
    }
    this.cluster.options.chunkProgress = function (processed, total) {
      if (processed === total) {
        self.cluster.options.chunkProgress = null;
        finish();
      }
    };
    this.cluster.addLayers(toAdd);
  };

  /** The markers of actor `i`'s sites that the campus filter shows: those on that campus (all
   * of them without the filter, or when none is on it). */
  MapView.prototype.sitesShown = function (i) {
    var all = this.siteMarkers[i];
    var campus = this.siteCampus;
    if (campus < 0) return all.slice();
    var on = all.filter(function (m) { return m._eaSite.campus === campus; });
    return on.length ? on : all.slice();
  };

  /** Every marker of actor `i`: one per site. */
  MapView.prototype.markersOf = function (i) {
    return this.siteMarkers[i] || (this.markers[i] ? [this.markers[i]] : []);
  };

  /** The marker that stands for actor `i` now: the first of its sites the map shows. */
  MapView.prototype.markerFor = function (i) {
    var shown = this.shownSites[i];
    return shown && shown.length ? shown[0] : this.markers[i];
  };

  /**
   * An actor's page: its own marker, outside the clusters (so never inside one), above the
   * others, with its own look and name ("… (this page)"), at the centre of the map and clear of
   * the map's controls and attribution; a status message says it is marked.
   */
  MapView.prototype.showOwn = function (i) {
    var self = this;
    var store = this.store;
    var own = this.markersOf(i);
    if (!own.length) return;
    var values = { s: store.name[i], t: store.type(i).label };
    own.forEach(function (marker) {
      marker.options.label = EA.fmt(self.S.marker_own || self.S.marker_label || '%s', values);
      marker.options.own = true;
      marker.setZIndexOffset(10000);
      marker.on('click', function () { self.activateMarker(marker, false); });
    });
    if (own.length > 1) {
      // Every site in view, and clear of the map's controls.
      var bounds = L.latLngBounds(own.map(function (m) { return m.getLatLng(); }));
      this.map.fitBounds(bounds, { padding: [48, 48], maxZoom: 15, animate: false });
    } else {
      this.map.setView(own[0].getLatLng(), 15, { animate: false });
    }
    own.forEach(function (marker) { self.map.addLayer(marker); });
    if (own.length === 1) this.keepClear(own[0]);
    this.announcer.textContent = EA.fmt(this.S.map_own || '', values);
  };

  /** Pans the map so that `marker` is not under one of its controls (zoom, attribution). */
  MapView.prototype.keepClear = function (marker) {
    var icon = marker._icon;
    if (!icon) return;
    var r = icon.getBoundingClientRect();
    var frame = this.element.getBoundingClientRect();
    var middle = (frame.top + frame.bottom) / 2;
    var dy = 0;
    Array.prototype.forEach.call(this.element.querySelectorAll('.leaflet-control'), function (control) {
      var b = control.getBoundingClientRect();
      if (b.width === 0 || r.left > b.right + 4 || r.right < b.left - 4 || r.top - dy > b.bottom + 4 || r.bottom - dy < b.top - 4) return;
      // A control below the middle: move the marker up above it; above the middle: down below it.
      if (b.top > middle) dy += r.bottom - dy - b.top + 8;
      else dy -= b.bottom - (r.top - dy) + 8;
    });
    if (dy) this.map.panBy([0, dy], { animate: false });
  };

  MapView.prototype.isShown = function (i) {
    return !!(this.shownFlags && this.shownFlags[i]);
  };

  /** A marker was clicked, or Enter/Space pressed on it. */
  MapView.prototype.activateMarker = function (marker, fromKeyboard) {
    if (!marker || marker._eaIndex === undefined) return;
    this.openActor(marker._eaIndex, { focus: fromKeyboard, zoom: false, marker: marker });
  };

  MapView.prototype.popupContent = function (i, marker) {
    var store = this.store;
    var S = this.S;
    var type = store.type(i);
    var box = EA.el('div', 'ea-popup');
    box.setAttribute('data-slug', store.slug[i]);
    var heading = EA.el('h3', 'ea-popup-name', store.name[i]);
    heading.tabIndex = -1;
    box.appendChild(heading);
    var meta = [type.label].concat(store.campusLabels(i));
    box.appendChild(EA.el('p', 'ea-popup-meta', meta.join(' · ')));
    var site = marker && marker._eaSite;
    if (site && site.label) box.appendChild(EA.el('p', 'ea-popup-site', site.label));
    var summary = EA.el('p', 'ea-popup-summary');
    this.fillSummary(summary, i);
    box.appendChild(summary);
    var facts = EA.el('dl', 'ea-popup-facts');
    this.fillFacts(facts, i);
    box.appendChild(facts);
    if (store.approximate(i)) box.appendChild(EA.el('p', 'ea-popup-note', S.approximate || ''));
    box.appendChild(this.link(store.url(i), S.open_page || '→', store.name[i]));
    return box;
  };

  MapView.prototype.fillSummary = function (node, i) {
    var store = this.store;
    if (!store.hasText()) {
      node.hidden = true;
      return;
    }
    node.hidden = false;
    node.textContent = store.summary[i];
    var lang = store.summaryLang && store.summaryLang[i];
    if (lang) node.setAttribute('lang', lang);
  };

  /**
   * The fields the site names for the popup (`popup` of the configuration, from site.yaml's
   * `map.popup`), each with its label, where actor `i` has a value: a web address as a link,
   * anything else as text. Hidden until the texts have arrived, and when it has none.
   */
  MapView.prototype.fillFacts = function (node, i) {
    var fields = this.cfg.popup || [];
    var values = this.store.facts && this.store.facts[i];
    node.textContent = '';
    if (values) {
      for (var j = 0; j < fields.length; j++) {
        var value = values[j];
        if (!value) continue;
        node.appendChild(EA.el('dt', null, fields[j].label));
        var dd = EA.el('dd');
        if (/^https?:\/\/[^\s]+$/i.test(value)) {
          var a = EA.el('a', null, value);
          a.href = value;
          a.rel = 'noopener';
          dd.appendChild(a);
        } else {
          dd.textContent = value;
        }
        node.appendChild(dd);
      }
    }
    node.hidden = !node.firstChild;
  };

  /** Once summaries arrive: fill the open popup's summary and fields. */
  MapView.prototype.refreshText = function () {
    if (this.selected < 0 || !this.map.hasLayer(this.popup)) return;
    var element = this.popup.getElement();
    var node = element && element.querySelector('.ea-popup-summary');
    if (node) this.fillSummary(node, this.selected);
    var facts = element && element.querySelector('.ea-popup-facts');
    if (facts) this.fillFacts(facts, this.selected);
    if (node || facts) this.popup.update();
  };

  /**
   * Opens the popup of actor `i`: zooms in until its marker is out of its cluster (when it is
   * on the map), and with `opts.focus` moves the keyboard focus to the marker.
   */
  MapView.prototype.openActor = function (i, opts) {
    var self = this;
    opts = opts || {};
    var marker = opts.marker || this.markerFor(i);
    if (!marker) return;
    var open = function () {
      self.switching = true;
      // Reopened for another actor, the popup must close first so that it announces itself.
      if (self.map.hasLayer(self.popup)) self.map.closePopup(self.popup);
      self.setSelected(i);
      self.popup.options.autoPan = opts.autoPan !== false;
      self.openMarker = marker;
      self.popup.setLatLng(marker.getLatLng()).setContent(self.popupContent(i, marker));
      self.map.openPopup(self.popup);
      self.switching = false;
      if (opts.focus && marker._icon) marker._icon.focus({ preventScroll: true });
    };
    if (this.isShown(i) && opts.zoom !== false) {
      this.cluster.zoomToShowLayer(marker, open);
    } else if (this.isShown(i)) {
      open();
    } else {
      if (opts.zoom !== false) this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 14), { animate: false });
      open();
    }
  };

  MapView.prototype.setSelected = function (i) {
    this.markersOf(this.selected).forEach(function (old) {
      if (old._icon) old._icon.classList.remove('is-selected');
    });
    this.selected = i;
    if (i < 0) this.openMarker = null;
    this.markersOf(i).forEach(function (now) {
      if (now._icon) now._icon.classList.add('is-selected');
    });
  };

  /** The marker whose popup is open (one of the selected actor's sites). */
  MapView.prototype.selectedMarker = function () {
    return this.openMarker || this.markers[this.selected];
  };

  MapView.prototype.closeActor = function () {
    if (this.map.hasLayer(this.popup)) this.map.closePopup(this.popup);
    this.setSelected(-1);
  };

  MapView.prototype.onPopupOpen = function (popup) {
    var close = popup.getElement() && popup.getElement().querySelector('.leaflet-popup-close-button');
    if (close && this.S.close) close.setAttribute('aria-label', this.S.close);
    if (popup === this.popup && this.selected >= 0) {
      var i = this.selected;
      this.announcer.textContent = [this.store.name[i], this.store.type(i).label]
        .concat(this.store.campusLabels(i)).join(', ');
      this.emit('select', i);
    }
  };

  MapView.prototype.onPopupClose = function (popup) {
    if (popup !== this.popup || this.switching) return;
    var was = this.selected;
    this.setSelected(-1);
    if (was >= 0) this.emit('deselect', was);
  };

  /** Fits the map to the outlines of campus `slug`. */
  MapView.prototype.fitCampus = function (slug, animate) {
    var layer = this.campusLayers[slug];
    if (!layer) return;
    var options = { padding: [24, 24], animate: animate !== false, maxZoom: 16 };
    if (layer.getBounds) this.map.fitBounds(layer.getBounds(), options);
    else this.map.setView(layer.getLatLng(), 15, options);
  };

  /** Fits the map to the actors `indices`. */
  MapView.prototype.fitActors = function (indices, animate) {
    if (!indices.length) return;
    var store = this.store;
    var self = this;
    var points = [];
    indices.forEach(function (i) {
      if (self.siteMarkers[i]) {
        (self.shownSites[i] || [self.markers[i]]).forEach(function (m) { points.push(m.getLatLng()); });
      } else {
        points.push([store.lat[i], store.lon[i]]);
      }
    });
    var bounds = L.latLngBounds(points);
    this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15, animate: animate !== false });
  };

  /** The view as `zoom/lat/lon`. */
  MapView.prototype.viewParam = function () {
    var c = this.map.getCenter();
    return EA.state.formatView(this.map.getZoom(), c.lat, c.lng);
  };

  MapView.prototype.setViewParam = function (text, animate) {
    var v = EA.state.parseView(text);
    if (v) this.map.setView([v.lat, v.lon], v.zoom, { animate: !!animate });
    return !!v;
  };

  /**
   * Keyboard: Space works like Enter on markers and clusters; Tab from a marker whose popup is
   * open goes into the popup; Escape in a popup, and Enter or Space on its close button, close
   * it and return the focus to the marker (else the focus would fall to the page).
   */
  MapView.prototype.installKeyboard = function () {
    var self = this;
    var container = this.map.getContainer();
    container.addEventListener('keydown', function (e) {
      var target = e.target;
      var isIcon = target.classList && target.classList.contains('leaflet-marker-icon');
      if (isIcon && (e.key === ' ' || e.key === 'Spacebar')) {
        e.preventDefault();
        self.keyboardTarget = target;
        if (target.classList.contains('marker-cluster')) {
          target.click();
        } else {
          var marker = self.markerOfIcon(target);
          if (marker) self.activateMarker(marker, true);
        }
        self.keyboardTarget = null;
        return;
      }
      var popupEl = self.popup.getElement();
      if (isIcon && e.key === 'Tab' && !e.shiftKey && popupEl && self.map.hasLayer(self.popup)) {
        var marker2 = self.markerOfIcon(target);
        if (marker2 && marker2._eaIndex === self.selected) {
          var first = popupEl.querySelector('.leaflet-popup-content a, .leaflet-popup-content button');
          if (first) {
            e.preventDefault();
            first.focus();
          }
        }
        return;
      }
      var onClose = target.classList && target.classList.contains('leaflet-popup-close-button') &&
        (e.key === 'Enter' || e.key === ' ' || e.key === 'Spacebar');
      if (popupEl && popupEl.contains(target)) {
        if (e.key === 'Escape' || onClose) {
          e.preventDefault();
          var m = self.selectedMarker();
          self.closeActor();
          self.focusMarker(m);
        } else if (e.key === 'Tab' && e.shiftKey) {
          var firstLink = popupEl.querySelector('.leaflet-popup-content a, .leaflet-popup-content button');
          var selectedMarker = self.selectedMarker();
          if (target === firstLink && selectedMarker && selectedMarker._icon) {
            e.preventDefault();
            selectedMarker._icon.focus();
          }
        }
      }
      var campusPopupEl = self.campusPopup.getElement();
      if (campusPopupEl && campusPopupEl.contains(target) && (e.key === 'Escape' || onClose)) {
        e.preventDefault();
        self.map.closePopup(self.campusPopup);
        container.focus();
      }
    });
  };

  /** Focuses `marker`'s icon, or that of the cluster it is in. */
  MapView.prototype.focusMarker = function (marker) {
    if (!marker) return;
    var icon = marker._icon;
    if (!icon || !document.body.contains(icon)) {
      var parent = this.cluster.getVisibleParent(marker);
      icon = parent && parent._icon;
    }
    if (icon) icon.focus({ preventScroll: true });
  };

  MapView.prototype.markerOfIcon = function (icon) {
    if (icon._eaMarker) return icon._eaMarker;
    var slug = icon.getAttribute('data-slug');
    return slug ? this.bySlug[slug] : null;
  };

  /** After Enter/Space on a cluster: once the map has zoomed, focus what the cluster held. */
  MapView.prototype.followCluster = function (cluster) {
    var children = cluster.getAllChildMarkers();
    this.followed = children.length ? children[0] : null;
    this.followedUntil = Date.now() + 3000;
  };

  MapView.prototype.focusFollowed = function () {
    var marker = this.followed;
    if (!marker || Date.now() > this.followedUntil) {
      this.followed = null;
      return;
    }
    var self = this;
    setTimeout(function () {
      if (self.followed !== marker) return;
      var parent = self.cluster.getVisibleParent(marker);
      var icon = parent && parent._icon;
      if (icon && document.body.contains(icon)) {
        icon.focus({ preventScroll: true });
        self.followed = null;
      }
    }, 60);
  };

  EA.MapView = MapView;
})();
