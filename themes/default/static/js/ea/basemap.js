/* ecoatlas map – basemap: the site's own vector base map (site.yaml `basemap:`), a PMTiles file
 * published with the site and read with HTTP range requests by protomaps-leaflet, so the map
 * shows water and place names without asking any other host. protomaps-leaflet is loaded only
 * when the site has a base map, without blocking the page.
 *
 * The style reads the Protomaps basemap schema (layers `earth`, `water`, `landuse`, `roads`,
 * `buildings`, `places`), which both the files made by scripts/basemap/ and OpenStreetMap
 * extracts of a Protomaps build follow. It is quiet on purpose: land and water in the theme's
 * pale colours, thin roads, small grey names (and the names of water in a quiet blue italic), so
 * that markers and campus outlines stay the strongest things on the map. */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  if (!EA) return;

  var LAND = '#f6f4ee';
  var WATER = '#cddbe4';
  var SHORE = '#b3c6d2';
  var PARK = '#e8ecdc';
  var ROAD = '#ffffff';
  var ROAD_EDGE = '#e3ded3';
  var BUILDING = '#ebe7de';
  var TEXT = '#59636c';
  var TEXT_DISTRICT = '#6c767f';
  var HALO = 'rgba(246, 244, 238, 0.9)';
  /**
   * Names of water (label points in the `water` layer): halfway between the theme's accent blue
   * (#0b5c8c) and its muted grey (#4a525c), so quieter than either. Contrast 5.5:1 on WATER and
   * 7.0:1 on LAND (WCAG AA asks 4.5:1 for text), haloed in the water's own colour.
   */
  var WATER_TEXT = '#2a5774';
  var WATER_HALO = 'rgba(205, 219, 228, 0.9)';

  var POINT = 1;

  var LINE = 2;
  var POLYGON = 3;

  var script = null;

  /** Loads protomaps-leaflet once; resolves with its namespace. */
  function library(src) {
    if (!script) {
      script = new Promise(function (resolve, reject) {
        if (window.protomapsL) {
          resolve(window.protomapsL);
          return;
        }
        var el = document.createElement('script');
        el.src = src;
        el.async = true;
        el.onload = function () {
          if (window.protomapsL) resolve(window.protomapsL);
          else reject(new Error('protomaps-leaflet did not load'));
        };
        el.onerror = function () { reject(new Error('protomaps-leaflet did not load')); };
        document.head.appendChild(el);
      });
    }
    return script;
  }

  function kind(f) { return f.props.kind; }
  function polygons(z, f) { return f.geomType === POLYGON; }
  function lines(z, f) { return f.geomType === LINE; }
  function points(z, f) { return f.geomType === POINT; }
  function named(z, f) {
    var first = typeof f.props.min_zoom === 'number' ? f.props.min_zoom : 0;
    return first <= z && typeof f.props.name === 'string';
  }
  /** Width growing with the zoom (by zoom: [zoom, width] pairs, linear between them). */
  function widths(stops) {
    return function (z) {
      if (z <= stops[0][0]) return stops[0][1];
      for (var i = 1; i < stops.length; i++) {
        if (z <= stops[i][0]) {
          var a = stops[i - 1];
          var b = stops[i];
          return a[1] + (b[1] - a[1]) * (z - a[0]) / (b[0] - a[0]);
        }
      }
      return stops[stops.length - 1][1];
    };
  }
  function byImportance(a, b) {
    var ka = typeof a.sort_key === 'number' ? a.sort_key : -(a.population || 0);
    var kb = typeof b.sort_key === 'number' ? b.sort_key : -(b.population || 0);
    return ka - kb;
  }

  function paintRules(P) {
    var roads = function (kinds, w) {
      return {
        dataLayer: 'roads',
        filter: function (z, f) { return kinds.indexOf(kind(f)) >= 0; },
        symbolizer: new P.LineSymbolizer({ color: ROAD, width: widths(w) })
      };
    };
    return [
      { dataLayer: 'earth', symbolizer: new P.PolygonSymbolizer({ fill: LAND }) },
      {
        dataLayer: 'landuse',
        filter: function (z, f) { return ['park', 'forest', 'wood', 'nature_reserve', 'cemetery', 'grass'].indexOf(kind(f)) >= 0; },
        symbolizer: new P.PolygonSymbolizer({ fill: PARK })
      },
      { dataLayer: 'water', filter: polygons, symbolizer: new P.PolygonSymbolizer({ fill: WATER }) },
      { dataLayer: 'water', filter: polygons, minzoom: 10, symbolizer: new P.LineSymbolizer({ color: SHORE, width: 0.6 }) },
      { dataLayer: 'water', filter: lines, symbolizer: new P.LineSymbolizer({ color: WATER, width: widths([[8, 0.6], [14, 2.5]]) }) },
      { dataLayer: 'buildings', minzoom: 14, symbolizer: new P.PolygonSymbolizer({ fill: BUILDING }) },
      {
        dataLayer: 'roads',
        filter: function (z, f) { return ['highway', 'major_road'].indexOf(kind(f)) >= 0; },
        symbolizer: new P.LineSymbolizer({ color: ROAD_EDGE, width: widths([[7, 1.2], [12, 3], [16, 9]]) })
      },
      roads(['minor_road'], [[12, 0.5], [16, 5]]),
      roads(['highway', 'major_road'], [[7, 0.6], [12, 2], [16, 7]]),
      {
        dataLayer: 'boundaries',
        filter: function (z, f) { return (f.props.kind_detail || 2) <= 2; },
        symbolizer: new P.LineSymbolizer({ color: '#c9c2b3', width: 0.8, dash: [3, 2] })
      }
    ];
  }

  /** How far (pixels) a name may move from its place to clear a marker, badge or campus label. */
  var REACH = 48;
  /** The space kept between a moved name and what it clears. */
  var CLEAR = 3;

  /**
   * What the names must not cover: boxes in world pixels at zoom `z` (the markers, cluster
   * badges and campus labels of the view, given by `EA.basemap.avoid`).
   */
  var obstacles = { z: -1, boxes: [] };

  function hits(a, b) {
    return a.minX < b.maxX && a.maxX > b.minX && a.minY < b.maxY && a.maxY > b.minY;
  }

  function hitting(box, boxes) {
    var found = [];
    for (var i = 0; i < boxes.length; i++) if (hits(box, boxes[i])) found.push(boxes[i]);
    return found;
  }

  function shifted(box, dx, dy) {
    return { minX: box.minX + dx, minY: box.minY + dy, maxX: box.maxX + dx, maxY: box.maxY + dy };
  }

  /**
   * A label moved clear of the obstacles of its zoom: as placed when nothing is in the way,
   * else just below, above, right or left of what it covers (the nearest free spot within
   * `REACH`), else none (the name is left out rather than drawn under a marker).
   */
  function clearOf(label, z) {
    if (obstacles.z !== z || !obstacles.boxes.length) return label;
    var box = label.bboxes[0];
    var blocking = hitting(box, obstacles.boxes);
    if (!blocking.length) return label;
    var u = blocking.reduce(function (a, b) {
      return { minX: Math.min(a.minX, b.minX), minY: Math.min(a.minY, b.minY),
               maxX: Math.max(a.maxX, b.maxX), maxY: Math.max(a.maxY, b.maxY) };
    });
    var moves = [
      [0, u.maxY + CLEAR - box.minY], [0, u.minY - CLEAR - box.maxY],
      [u.maxX + CLEAR - box.minX, 0], [u.minX - CLEAR - box.maxX, 0]
    ].sort(function (a, b) { return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]); });
    for (var i = 0; i < moves.length; i++) {
      var dx = moves[i][0];
      var dy = moves[i][1];
      if (Math.abs(dx) > REACH || Math.abs(dy) > REACH) continue;
      var bboxes = label.bboxes.map(function (b) { return shifted(b, dx, dy); });
      if (bboxes.some(function (b) { return hitting(b, obstacles.boxes).length; })) continue;
      return {
        anchor: label.anchor.add({ x: dx, y: dy }),
        bboxes: bboxes,
        draw: label.draw,
        deduplicationKey: label.deduplicationKey,
        deduplicationDistance: label.deduplicationDistance
      };
    }
    return null;
  }

  function labelRules(P, painted, placed) {
    /**
     * Moves each name clear of the markers, badges and campus labels, and remembers the names
     * actually drawn and where (the browser tests read them).
     */
    function noting(symbolizer) {
      return {
        place: function (layout, geom, feature) {
          var found = symbolizer.place(layout, geom, feature);
          if (!found) return found;
          found = found.map(function (label) { return clearOf(label, layout.zoom); })
            .filter(function (label) { return label; });
          if (!found.length) return undefined;
          var name = feature.props.name;
          var z = layout.zoom;
          found.forEach(function (label) {
            var draw = label.draw;
            var box = label.bboxes[0];
            label.draw = function (ctx, extra) {
              painted[name] = (painted[name] || 0) + 1;
              placed[name] = { z: z, minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY };
              return draw(ctx, extra);
            };
          });
          return found;
        }
      };
    }
    function text(font, fill, halo) {
      return noting(new P.CenteredTextSymbolizer({
        labelProps: ['name'], font: font, fill: fill, stroke: halo || HALO, width: 3
      }));
    }
    return [
      {
        dataLayer: 'places',
        filter: function (z, f) { return kind(f) !== 'neighbourhood' && kind(f) !== 'macrohood' && named(z, f); },
        sort: byImportance,
        symbolizer: text(function (z, f) {
          var big = (f.props.population || 0) >= 100000;
          return (big ? '600 ' : '400 ') + (big && z < 11 ? '13px' : '12px') + ' system-ui, sans-serif';
        }, TEXT)
      },
      {
        dataLayer: 'places',
        filter: function (z, f) { return (kind(f) === 'neighbourhood' || kind(f) === 'macrohood') && named(z, f); },
        sort: byImportance,
        symbolizer: text('italic 400 11px system-ui, sans-serif', TEXT_DISTRICT)
      },
      {
        // Names of water, after the places: where both cannot stand, the town keeps its name.
        dataLayer: 'water',
        filter: function (z, f) { return points(z, f) && named(z, f); },
        sort: byImportance,
        symbolizer: text(function (z, f) {
          return 'italic 400 ' + (kind(f) === 'bay' ? '11px' : '12px') + ' system-ui, sans-serif';
        }, WATER_TEXT, WATER_HALO)
      }
    ];
  }

  EA.basemap = {
    LAND: LAND,
    WATER: WATER,
    /** Labels drawn so far: name → how many times (for tests and debugging). */
    painted: {},
    /** Where each name was last drawn: its zoom and box in world pixels at that zoom. */
    placed: {},
    /**
     * Keeps the names of `layer` clear of `boxes` (world pixels at zoom `z`: the markers, cluster
     * badges and campus labels of the view), laying them out again when those changed.
     */
    avoid: function (layer, boxes, z) {
      var same = obstacles.z === z && obstacles.boxes.length === boxes.length &&
        obstacles.boxes.every(function (b, i) {
          var c = boxes[i];
          return b.minX === c.minX && b.minY === c.minY && b.maxX === c.maxX && b.maxY === c.maxY;
        });
      if (same) return;
      obstacles = { z: z, boxes: boxes };
      var placed = this.placed;
      Object.keys(placed).forEach(function (name) { delete placed[name]; });
      if (layer && layer.clearLayout && layer.rerenderTiles) {
        layer.clearLayout();
        layer.rerenderTiles();
      }
    },
    /**
     * Adds the site's base map (`cfg.basemap`) to `map` in `pane`. Returns a promise of the
     * layer, or null when the site has no base map.
     */
    add: function (map, cfg, pane) {
      var b = cfg.basemap;
      if (!b) return null;
      var painted = this.painted;
      var placed = this.placed;
      return library(b.script).then(function (P) {
        // The archive's header says up to which zoom it has tiles; beyond, they are enlarged.
        var archive = new P.PmtilesSource(b.url, true).p;
        return archive.getHeader().then(function (header) {
          var layer = P.leafletLayer({
            url: archive,
            pane: pane,
            paintRules: paintRules(P),
            labelRules: labelRules(P, painted, placed),
            backgroundColor: LAND,
            maxDataZoom: header.maxZoom,
            // Text and http(s) links only: sanitised when the site was built (src/attribution.rs).
            attribution: b.attribution
          });
          layer.addTo(map);
          return layer;
        });
      });
    }
  };

  // Fetch the library while the map's data load.
  var config = document.getElementById('ea-config');
  try {
    var cfg = config && JSON.parse(config.textContent);
    if (cfg && cfg.basemap) library(cfg.basemap.script).catch(function () {});
  } catch (e) { /* map.js reports a broken configuration */ }
})();
