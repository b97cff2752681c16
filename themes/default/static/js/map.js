/* ecoatlas map – main: ties the parts together on the map page, the embeddable view and the
 * small maps of actor and campus pages. Reads the page's configuration (#ea-config), loads
 * `data/map.json` and `data/campuses.geojson` (then the summaries and the base layer), and keeps
 * the map, the filter panel, the list and the URL in step.
 *
 * For other scripts: once the map is ready, `#map` has `data-ready="true"` and `data-actors`
 * (the number of actors shown after filtering), and the document receives the event
 * `ecoatlas:map-ready` with `detail = {map, markers (slug → L.Marker; of an actor with several
 * sites, its first site's), cluster,
 * campusLayers (slug → layer), config, isShown (slug → whether the filters show that actor),
 * markerOf (slug → the marker that stands for it now),
 * relations (whether the relations overlay is asked for)}`; after each later change of the
 * filters it receives `ecoatlas:map-update` with `detail = {isShown, relations}`. No request leaves the site unless site.yaml
 * configures background tiles and the visitor switches them on. */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  var configElement = document.getElementById('ea-config');
  var mapElement = document.getElementById('map');
  if (!EA || !EA.MapView || !configElement || !mapElement || typeof L === 'undefined') {
    return;
  }
  var cfg = JSON.parse(configElement.textContent);
  var S = cfg.strings || {};
  var page = cfg.page || 'map';
  var focus = cfg.focus || {};
  var interactive = page === 'map' || page === 'embed';

  fitLayout();
  var view = new EA.MapView(mapElement, cfg, { mini: !interactive, embed: page === 'embed' });
  var status = EA.el('p', 'ea-map-status', S.loading || '');
  status.setAttribute('role', 'status');
  mapElement.parentNode.insertBefore(status, mapElement.nextSibling);

  var state = interactive ? EA.state.parse(window.location.search) : EA.state.empty();
  // The list the page came with shows every actor; with filters in the URL it would be wrong
  // until the data arrive, so it goes at once.
  var listElement = document.getElementById('actor-list');
  if (interactive && listElement && EA.state.serialise(state)) listElement.textContent = '';
  var store = null;
  var list = null;
  var panel = null;
  var history = null;
  var ready = false;
  var shownKey = null;
  var updates = 0;
  var lastResult = null;

  if (interactive && state.map) view.setViewParam(state.map, false);
  window.addEventListener('resize', EA.debounce(function () {
    fitLayout();
    view.map.invalidateSize();
  }, 150));

  /** The map page fills the window below the site's header; the legend (shut in the page, so
   * that phones see no shift) opens where the map is large. */
  function fitLayout() {
    var header = document.querySelector('.site-header');
    if (header) document.documentElement.style.setProperty('--ea-header-h', header.offsetHeight + 'px');
    var legend = document.getElementById('ea-legend');
    if (legend && !fitLayout.done) {
      legend.open = mapElement.clientHeight >= 700 && mapElement.clientWidth >= 800;
      fitLayout.done = true;
    }
  }

  function fail(error) {
    status.textContent = S.load_error || 'Error';
    mapElement.setAttribute('data-ready', 'error');
    if (window.console) console.error(error);
  }

  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  // The base layer and the summaries wait until the map is ready: they are not needed to use
  // it, and drawing or parsing them earlier would delay it. (The base layer is fetched at once.)
  // (With the site's own vector base map, ea/basemap.js, no outlines are needed.)
  var countriesRequest = cfg.basemap ? Promise.resolve(null) : EA.getJSON(cfg.data.countries);
  var textRequest = null;

  Promise.all([EA.getJSON(cfg.data.map), EA.getJSON(cfg.data.campuses)]).then(function (data) {
    store = new EA.Store(data[0], cfg);
    view.setCampuses(data[1], focus.campus);
    return view.setActors(store);
  }).then(function () {
    return interactive ? startInteractive() : startMini();
  }).then(function () {
    status.textContent = '';
    ready = true;
    mapElement.setAttribute('data-ready', 'true');
    mark('ecoatlas:ready');
    document.dispatchEvent(new CustomEvent('ecoatlas:map-ready', {
      detail: {
        map: view.map,
        markers: view.bySlug,
        cluster: view.cluster,
        campusLayers: view.campusLayers,
        config: cfg,
        isShown: isShownSlug,
        markerOf: markerOfSlug,
        relations: !!state.relations
      }
    }));
    countriesRequest.then(function (countries) {
      return view.setBase(countries);
    }).catch(fail);
    // The summaries: now where the list and search need them, else with the first popup.
    if (interactive) {
      textRequest = EA.getJSON(cfg.data.text);
      textRequest.then(function (text) {
        store.setText(text);
        if (list) list.refreshText();
        view.refreshText();
        if (state.q) apply();
        mapElement.setAttribute('data-text', 'true');
        // Prepare the search's text while the visitor looks, so the first search is quick.
        (window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); })(function () {
          store.searchText();
        });
      }).catch(fail);
    }
  }).catch(fail);

  /** Actor and campus pages: every actor, the page's own actor marked apart, or the campus fitted. */
  function startMini() {
    view.on('select', function () {
      if (textRequest) return;
      textRequest = EA.getJSON(cfg.data.text);
      textRequest.then(function (text) {
        store.setText(text);
        view.refreshText();
      }).catch(fail);
    });
    var i = focus.actor ? store.bySlug[focus.actor] : undefined;
    var others = null;
    if (i !== undefined) {
      // The page's own actor is drawn apart from the clusters (MapView.showOwn).
      others = [];
      for (var k = 0; k < store.n; k++) {
        if (k !== i && !store.gone(k)) others.push(k);
      }
    } else {
      // Actors that are gone are left off the small maps too.
      others = [];
      for (var g = 0; g < store.n; g++) {
        if (!store.gone(g)) others.push(g);
      }
    }
    return new Promise(function (resolve) {
      view.show(others, function () {
        if (i !== undefined) {
          view.showOwn(i);
        } else if (focus.campus) {
          view.fitCampus(focus.campus, false);
        }
        mapElement.setAttribute('data-actors', String(others.length + (i !== undefined ? 1 : 0)));
        resolve();
      });
    });
  }

  /** The map page and the embeddable view: filters, list, URL state. */
  function startInteractive() {
    var normalised = store.sanitise(state);
    // A link to an actor that is gone (its page's "open in map") shows it: the filter that
    // includes such actors goes on.
    var linked = state.actor ? store.bySlug[state.actor] : undefined;
    if (linked !== undefined && store.gone(linked) && !state.closed) {
      state.closed = true;
      normalised = true;
    }
    history = new EA.state.History(onHistory);
    list = new EA.List(document.getElementById('actor-list'), document.getElementById('ea-more'), store, cfg, {
      embed: page === 'embed',
      onLocate: function (i) { view.openActor(i, { focus: true, zoom: true }); }
    });
    panel = new EA.Panel(document.getElementById('ea-filters'), document.getElementById('ea-count'), cfg, onPanel);
    panel.write(state);
    if (EA.Share) new EA.Share(document.getElementById('ea-share'), document.getElementById('ea-share-open'), cfg);
    installEmbedToggle();

    view.on('select', function (i) {
      list.select(i, true);
      if (state.actor !== store.slug[i]) {
        state.actor = store.slug[i];
        commit('select');
      }
    });
    view.on('deselect', function () {
      list.select(-1);
      if (state.actor) {
        state.actor = '';
        commit('select');
      }
    });
    view.on('move', function () {
      if (!ready) return;
      var param = view.viewParam();
      if (param !== state.map) {
        state.map = param;
        commit('view');
      }
    });
    // The relations overlay (relations.js) is switched on or off: kept in the URL.
    document.addEventListener('ecoatlas:relations', function (e) {
      var on = !!(e.detail && e.detail.on);
      if (on !== !!state.relations) {
        state.relations = on;
        commit('filter');
      }
    });
    view.on('campus', function (slug) {
      var next = EA.state.copy(state);
      next.campus = slug;
      panel.write(next);
      onPanel(next, 'filter');
    });

    return new Promise(function (resolve) {
      apply(resolve);
      initialView();
      if (normalised) commit('normalise');
      else updateLinks();
    });
  }

  /**
   * Where the map starts: the linked view (map=); else the selected actor; else the campus; else,
   * with filters, their results; else the site's own view (in a frame or on a narrow screen, the
   * whole region).
   */
  function initialView() {
    var i = state.actor ? store.bySlug[state.actor] : undefined;
    if (i !== undefined) {
      view.openActor(i, { focus: false, zoom: !state.map, autoPan: !state.map });
      return;
    }
    if (state.map) return;
    if (state.campus) {
      view.fitCampus(state.campus, false);
    } else if (EA.state.serialise(state) && lastResult && lastResult.matches.length) {
      view.fitActors(lastResult.matches, false);
    } else if (page === 'embed' || mapElement.clientWidth < 700) {
      // The site's own view is chosen for a desktop window; a frame or a phone gets the region.
      view.resetView(false);
    }
  }

  /** Filters the actors by the state and shows them in the list, the count and the map. */
  function apply(done) {
    var result = store.filter(state);
    lastResult = result;
    mapElement.setAttribute('data-actors', String(result.matches.length));
    panel.update(result, store.total(state));
    list.render(result.matches);
    // An actor with several sites shows those on the chosen campus.
    view.siteCampus = state.campus && state.campus in store.campusByKey ? store.campusByKey[state.campus] : -1;
    var key = result.matches.join(',') + '/' + view.siteCampus;
    var finish = function () {
      updates += 1;
      mapElement.setAttribute('data-updates', String(updates));
      mark('ecoatlas:update');
      notify();
      if (done) done();
    };
    if (key === shownKey) {
      finish();
      return;
    }
    shownKey = key;
    view.show(result.matches, finish);
  }

  /** Whether the actor `slug` is on the map (matches the filters). */
  function isShownSlug(slug) {
    var i = store ? store.bySlug[slug] : undefined;
    return i !== undefined && view.isShown(i);
  }

  /** The marker that stands for the actor `slug` now (of an actor with several sites, the
   * first its campus filter shows), or null. */
  function markerOfSlug(slug) {
    var i = store ? store.bySlug[slug] : undefined;
    return i === undefined ? null : view.markerFor(i) || null;
  }

  /** Tells other scripts (the relations overlay) what the map shows now. */
  function notify() {
    if (!ready) return;
    document.dispatchEvent(new CustomEvent('ecoatlas:map-update', {
      detail: { isShown: isShownSlug, relations: !!state.relations }
    }));
  }

  function isMatch(slug) {
    var i = store.bySlug[slug];
    return i !== undefined && lastResult && lastResult.matches.indexOf(i) >= 0;
  }

  /** The panel changed: `filters` holds the new filters. */
  function onPanel(filters, kind) {
    var campusChanged = filters.campus !== state.campus;
    ['q', 'type', 'sector', 'campus', 'tag', 'sme', 'closed'].forEach(function (k) { state[k] = filters[k]; });
    apply();
    if (state.actor && !isMatch(state.actor)) {
      state.actor = '';
      view.closeActor();
      list.select(-1);
    }
    if (campusChanged && state.campus) view.fitCampus(state.campus);
    commit(kind);
  }

  /** Back or forward: show the state of that history entry. */
  function onHistory(next) {
    store.sanitise(next);
    var filtersChanged = ['q', 'type', 'sector', 'campus', 'tag', 'sme', 'closed'].some(function (k) {
      return String(next[k]) !== String(state[k]);
    });
    var campusChanged = next.campus !== state.campus;
    var relationsChanged = !!next.relations !== !!state.relations;
    state = next;
    panel.write(state);
    if (filtersChanged) apply();
    else if (relationsChanged) notify();
    if (state.map) view.setViewParam(state.map, false);
    else if (campusChanged && state.campus) view.fitCampus(state.campus, false);
    var i = state.actor ? store.bySlug[state.actor] : undefined;
    if (i === undefined) {
      view.closeActor();
      list.select(-1);
    } else if (view.selected !== i) {
      view.openActor(i, { focus: false, zoom: !state.map, autoPan: !state.map });
    }
    updateLinks();
  }

  function commit(kind) {
    history.commit(state, kind);
    updateLinks();
  }

  /** The language links (and the embeddable view's link to the full map) keep the view. */
  function updateLinks() {
    var query = EA.state.serialise(state);
    Array.prototype.forEach.call(document.querySelectorAll('a.ea-lang-link'), function (a) {
      if (!a.hasAttribute('data-href')) a.setAttribute('data-href', a.getAttribute('href'));
      a.setAttribute('href', a.getAttribute('data-href') + query);
    });
    var full = document.getElementById('ea-full-link');
    if (full) full.setAttribute('href', cfg.links.map + query);
  }

  /** The embeddable view hides its list behind a button. */
  function installEmbedToggle() {
    var toggle = document.getElementById('ea-list-toggle');
    var panelEl = document.getElementById('ea-list-panel');
    if (!toggle || !panelEl) return;
    toggle.addEventListener('click', function () {
      var open = panelEl.hidden;
      panelEl.hidden = !open;
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      view.map.invalidateSize();
    });
  }

  EA.app = {
    view: view,
    state: function () { return EA.state.copy(state); },
    store: function () { return store; }
  };
})();
