/* ecoatlas map – state: what the visitor sees, as URL query parameters, so that a link
 * reproduces the view and back/forward work.
 *
 *   q       search text
 *   type    actor type keys, comma-separated
 *   sector  sector keys, comma-separated
 *   campus  a campus slug
 *   tag     a keyword (tag or service) key
 *   sme=1   only actors open to small and medium-sized enterprises
 *   closed=1  also actors that are closed, merged or acquired (left out without it)
 *   relations=1  the relations overlay is on
 *   actor   the selected actor's slug (its popup is open)
 *   map     zoom/lat/lon of the map, e.g. 11/59.3500/18.0300
 *
 * These names are a public contract: other pages and other sites link to them. */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  var ORDER = ['q', 'type', 'sector', 'campus', 'tag', 'sme', 'closed', 'relations', 'actor', 'map'];
  var FLAGS = ['sme', 'closed', 'relations'];

  function empty() {
    return { q: '', type: [], sector: [], campus: '', tag: '', sme: false, closed: false, relations: false, actor: '', map: '' };
  }

  function list(params, name) {
    var out = [];
    params.getAll(name).forEach(function (value) {
      value.split(',').forEach(function (v) {
        v = v.trim();
        if (v && out.indexOf(v) < 0) out.push(v);
      });
    });
    return out;
  }

  /** The state in a query string (`?q=...`). Repeated parameters and comma lists both work. */
  function parse(search) {
    var params = new URLSearchParams(search || '');
    var s = empty();
    s.q = (params.get('q') || '').trim();
    s.type = list(params, 'type');
    s.sector = list(params, 'sector');
    s.campus = list(params, 'campus')[0] || '';
    s.tag = list(params, 'tag')[0] || '';
    FLAGS.forEach(function (name) {
      s[name] = ['1', 'true', 'yes'].indexOf((params.get(name) || '').toLowerCase()) >= 0;
    });
    s.actor = (params.get('actor') || '').trim();
    s.map = parseView(params.get('map') || '') ? (params.get('map') || '') : '';
    return s;
  }

  /** `{zoom, lat, lon}` from `zoom/lat/lon`, or null when it is not one. */
  function parseView(text) {
    var parts = String(text).split('/');
    if (parts.length !== 3) return null;
    var zoom = Number(parts[0]);
    var lat = Number(parts[1]);
    var lon = Number(parts[2]);
    if (!isFinite(zoom) || !isFinite(lat) || !isFinite(lon)) return null;
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180 || zoom < 0 || zoom > 24) return null;
    return { zoom: zoom, lat: lat, lon: lon };
  }

  function formatView(zoom, lat, lon) {
    return Math.round(zoom) + '/' + lat.toFixed(4) + '/' + lon.toFixed(4);
  }

  function encode(value) {
    return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%2F/gi, '/');
  }

  /** The query string of a state (`''` or `?...`), parameters always in the same order. */
  function serialise(s) {
    var parts = [];
    ORDER.forEach(function (name) {
      var v = s[name];
      if (FLAGS.indexOf(name) >= 0) {
        if (v) parts.push(name + '=1');
        return;
      }
      if (Array.isArray(v)) v = v.join(',');
      if (v) parts.push(name + '=' + encode(v));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function same(a, b) {
    return serialise(a) === serialise(b);
  }

  function copy(s) {
    var c = empty();
    ORDER.forEach(function (k) { c[k] = Array.isArray(s[k]) ? s[k].slice() : s[k]; });
    return c;
  }

  /** How many filters (not the search text) are set. */
  function filterCount(s) {
    return s.type.length + s.sector.length + (s.campus ? 1 : 0) + (s.tag ? 1 : 0) + (s.sme ? 1 : 0) + (s.closed ? 1 : 0);
  }

  /**
   * Writes states to the browser history. Each deliberate change (a filter, a selection) is a
   * new entry; typing in the search box and moving the map replace the current one, so the
   * back button steps through what the visitor chose, not every key or drag.
   */
  function History(onChange) {
    this.lastKind = null;
    var self = this;
    window.addEventListener('popstate', function () {
      self.lastKind = null;
      onChange(parse(window.location.search));
    });
  }

  /** `kind`: 'filter' or 'select' (push), 'typing' (push once, then replace), 'view' (replace). */
  History.prototype.commit = function (s, kind) {
    var query = serialise(s);
    if (query === window.location.search || (query === '' && window.location.search === '?')) {
      this.lastKind = kind;
      return;
    }
    var url = window.location.pathname + query + window.location.hash;
    var replace = kind === 'view' || kind === 'normalise' || (kind === 'typing' && this.lastKind === 'typing');
    try {
      if (replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    } catch (e) { /* some embedding contexts refuse; the view still works */ }
    if (kind !== 'view') this.lastKind = kind;
  };

  EA.state = {
    empty: empty,
    parse: parse,
    serialise: serialise,
    parseView: parseView,
    formatView: formatView,
    same: same,
    copy: copy,
    filterCount: filterCount,
    History: History
  };
})();
