/* ecoatlas map – data: the actors of `data/map.json` (columns, see docs/DATA.md) and, once
 * loaded, their summaries from `data/map-text.json`; and the filter that every view shares:
 * which actors match a state, and how many each choice of the filter panel would give. */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  var FLAG_SME = 1;
  var FLAG_APPROXIMATE = 2;
  var FLAG_GONE = 4;

  function indexOf(list) {
    var ix = {};
    list.forEach(function (key, i) { ix[key] = i; });
    return ix;
  }

  /** The actors of one language, in list order (by name). */
  function Store(raw, cfg) {
    var a = raw.actors;
    this.n = a.slug.length;
    this.slug = a.slug;
    this.name = a.name;
    this.typeIndex = a.type;
    this.sectorBits = a.sectors;
    this.campusIndex = a.campuses;
    this.keywordIndex = a.keywords;
    this.flags = a.flags;
    this.types = raw.types;
    this.sectors = raw.sectors;
    this.campuses = raw.campuses;
    this.keywords = raw.keywords;
    this.keywordLabels = raw.keyword_labels;
    this.actorUrl = raw.actor_url;
    this.typeInfo = cfg.types || {};
    this.lat = new Float64Array(this.n);
    this.lon = new Float64Array(this.n);
    for (var i = 0; i < this.n; i++) {
      this.lat[i] = (raw.origin[0] + a.lat[i]) / 1e5;
      this.lon[i] = (raw.origin[1] + a.lon[i]) / 1e5;
    }
    // Actors with several sites (the optional column `sites`): index → [{lat, lon, campus,
    // label}], the first where `lat`/`lon` put the actor.
    this.sites = {};
    this.hasSites = false;
    if (a.sites) {
      for (var j = 0; j < this.n; j++) {
        var list = a.sites[j];
        if (!list || !list.length) continue;
        this.hasSites = true;
        this.sites[j] = list.map(function (s) {
          return {
            lat: (raw.origin[0] + s[0]) / 1e5,
            lon: (raw.origin[1] + s[1]) / 1e5,
            campus: s[2],
            label: s.length > 3 ? s[3] : null
          };
        });
      }
    }
    this.bySlug = indexOf(this.slug);
    this.typeByKey = indexOf(this.types);
    this.sectorByKey = indexOf(this.sectors);
    this.campusByKey = indexOf(this.campuses);
    this.keywordByKey = indexOf(this.keywords);
    this.campusNames = {};
    this.summary = null;
    this.summaryLang = null;
    this.haystack = null;
  }

  Store.prototype.url = function (i) {
    return this.actorUrl + this.slug[i] + '/';
  };

  Store.prototype.typeKey = function (i) {
    return this.types[this.typeIndex[i]];
  };

  Store.prototype.type = function (i) {
    var key = this.typeKey(i);
    return this.typeInfo[key] || { label: key, colour: '#3a3a3a', symbol: '?', shape: 'circle' };
  };

  Store.prototype.openToSme = function (i) {
    return (this.flags[i] & FLAG_SME) !== 0;
  };

  Store.prototype.approximate = function (i) {
    return (this.flags[i] & FLAG_APPROXIMATE) !== 0;
  };

  /** Closed, merged or acquired: left off the map unless the state asks for them. */
  Store.prototype.gone = function (i) {
    return (this.flags[i] & FLAG_GONE) !== 0;
  };

  /** How many actors the map shows without any filter: the active ones, or all of them. */
  Store.prototype.total = function (s) {
    if (s.closed) return this.n;
    if (this.active === undefined) {
      this.active = 0;
      for (var i = 0; i < this.n; i++) if (!this.gone(i)) this.active++;
    }
    return this.active;
  };

  /** The sites of actor `i` ([{lat, lon, campus (an index or -1), label}]), or null when it is
   * at one place. */
  Store.prototype.sitesOf = function (i) {
    return this.sites[i] || null;
  };

  Store.prototype.campusSlugs = function (i) {
    var self = this;
    return this.campusIndex[i].map(function (c) { return self.campuses[c]; });
  };

  Store.prototype.campusLabels = function (i) {
    var self = this;
    return this.campusSlugs(i).map(function (slug) { return self.campusNames[slug] || slug; });
  };

  Store.prototype.setCampusNames = function (names) {
    this.campusNames = names;
  };

  Store.prototype.hasText = function () {
    return this.summary !== null;
  };

  /** Attaches `map-text.json` (same order as `map.json`). */
  Store.prototype.setText = function (text) {
    if (!text || !Array.isArray(text.summary) || text.summary.length !== this.n) {
      throw new Error('map-text.json does not match map.json');
    }
    this.summary = text.summary;
    this.summaryLang = text.summary_lang || null;
    this.services = Array.isArray(text.services) && text.services.length === this.n ? text.services : null;
    // The values of the popup's fields (site.yaml `map.popup`), a list per actor.
    this.facts = Array.isArray(text.facts) && text.facts.length === this.n ? text.facts : null;
    this.haystack = null;
  };

  /** The normalised text that the search looks in: name, summary, keywords and services (as
   * the keywords' labels, and in the actor's own words where they differ). */
  Store.prototype.searchText = function () {
    if (this.haystack) return this.haystack;
    var labels = this.keywordLabels.map(function (l) { return EA.normalise(l); });
    var hay = new Array(this.n);
    for (var i = 0; i < this.n; i++) {
      var parts = [EA.normalise(this.name[i])];
      if (this.summary) parts.push(EA.normalise(this.summary[i]));
      if (this.services && this.services[i]) parts.push(EA.normalise(this.services[i]));
      var kw = this.keywordIndex[i];
      for (var k = 0; k < kw.length; k++) parts.push(labels[kw[k]]);
      hay[i] = parts.join('');
    }
    // Without summaries the haystack is incomplete: build it again once they arrive.
    if (this.summary) this.haystack = hay;
    return hay;
  };

  /** Drops the values of `s` that this site does not know (and returns whether any were). */
  Store.prototype.sanitise = function (s) {
    var self = this;
    var before = EA.state.serialise(s);
    s.type = s.type.filter(function (k) { return k in self.typeByKey; });
    s.sector = s.sector.filter(function (k) { return k in self.sectorByKey; });
    if (s.campus && !(s.campus in self.campusByKey)) s.campus = '';
    if (s.tag && !(s.tag in self.keywordByKey)) s.tag = '';
    if (s.actor && !(s.actor in self.bySlug)) s.actor = '';
    return before !== EA.state.serialise(s);
  };

  /**
   * The actors matching `s`, in list order, and for each choice of the panel the number of
   * actors it would give together with the other filters (facet counts).
   */
  Store.prototype.filter = function (s) {
    var self = this;
    var typeSet = s.type.length ? {} : null;
    s.type.forEach(function (k) { if (k in self.typeByKey) typeSet[self.typeByKey[k]] = true; });
    var sectorMask = 0;
    s.sector.forEach(function (k) { if (k in self.sectorByKey) sectorMask |= 1 << self.sectorByKey[k]; });
    var campus = s.campus && s.campus in this.campusByKey ? this.campusByKey[s.campus] : -1;
    var tag = s.tag && s.tag in this.keywordByKey ? this.keywordByKey[s.tag] : -1;
    var words = EA.queryWords(s.q);
    var hay = words.length ? this.searchText() : null;

    var typeCounts = new Array(this.types.length).fill(0);
    var sectorCounts = new Array(this.sectors.length).fill(0);
    var smeCount = 0;
    var matches = [];
    for (var i = 0; i < this.n; i++) {
      var okType = !typeSet || typeSet[this.typeIndex[i]] === true;
      var bits = this.sectorBits[i];
      var okSector = sectorMask === 0 || (bits & sectorMask) !== 0;
      var okSme = !s.sme || (this.flags[i] & FLAG_SME) !== 0;
      if (!s.closed && (this.flags[i] & FLAG_GONE) !== 0) continue;
      if (campus >= 0 && this.campusIndex[i].indexOf(campus) < 0) continue;
      if (tag >= 0 && this.keywordIndex[i].indexOf(tag) < 0) continue;
      if (hay) {
        var text = hay[i];
        var found = true;
        for (var w = 0; w < words.length; w++) {
          if (text.indexOf(words[w]) < 0) { found = false; break; }
        }
        if (!found) continue;
      }
      if (okSector && okSme) typeCounts[this.typeIndex[i]]++;
      if (okType && okSme) {
        for (var b = 0; b < this.sectors.length; b++) {
          if (bits & (1 << b)) sectorCounts[b]++;
        }
      }
      if (okType && okSector && (this.flags[i] & FLAG_SME) !== 0) smeCount++;
      if (okType && okSector && okSme) matches.push(i);
    }
    var counts = { type: {}, sector: {}, sme: smeCount };
    this.types.forEach(function (k, j) { counts.type[k] = typeCounts[j]; });
    this.sectors.forEach(function (k, j) { counts.sector[k] = sectorCounts[j]; });
    return { matches: matches, counts: counts };
  };

  EA.Store = Store;
})();
