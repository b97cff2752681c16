/* ecoatlas map – core: the shared namespace `window.ecoatlas` and small helpers that the other
 * scripts (state, data, mapview, list, panel, share, then map.js) build on. Plain scripts,
 * loaded in that order; no bundler. Every text is set with textContent, never parsed as HTML. */
(function () {
  'use strict';

  var EA = window.ecoatlas = window.ecoatlas || {};
  var SVG = 'http://www.w3.org/2000/svg';

  /** An element with an optional class and text. */
  EA.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  /** The badge of an actor type: its shape (an SVG symbol of the page), colour and letter. */
  EA.badge = function (type, className) {
    var shape = type.shape || 'circle';
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'type-badge shape-' + shape + (className ? ' ' + className : ''));
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.style.setProperty('--type-colour', type.colour || '#3a3a3a');
    var use = document.createElementNS(SVG, 'use');
    use.setAttribute('href', '#ea-shape-' + shape);
    svg.appendChild(use);
    var text = document.createElementNS(SVG, 'text');
    text.setAttribute('x', '12');
    text.setAttribute('y', '12');
    text.textContent = type.symbol || '?';
    svg.appendChild(text);
    return svg;
  };

  /** Fills `%n`, `%t`, `%s` (and any other `%x`) in a UI string from `values`. */
  EA.fmt = function (template, values) {
    return String(template === undefined ? '' : template).replace(/%([a-z])/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  };

  var FOLD = { 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i' };
  var FOLDABLE = /[øæœßłđðþı]/g;
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var SEPARATORS;
  try {
    SEPARATORS = new RegExp('[^\\p{L}\\p{N}]+', 'gu');
  } catch (e) {
    SEPARATORS = /[^0-9a-z\u00c0-\uffff]+/g;
  }

  /** Text for searching: lower case, without diacritics (å ä ö é → a a o e), with every run of
   * punctuation and spaces turned into one space, and a space on either side. */
  EA.normalise = function (text) {
    var s = String(text || '').toLowerCase().normalize('NFD').replace(MARKS, '');
    s = s.replace(FOLDABLE, function (ch) { return FOLD[ch]; });
    return ' ' + s.replace(SEPARATORS, ' ').trim() + ' ';
  };

  /** The words of a search query, normalised, without duplicates. */
  EA.queryWords = function (query) {
    var words = EA.normalise(query).split(' ').filter(Boolean);
    return words.filter(function (w, i) { return words.indexOf(w) === i; });
  };

  EA.getJSON = function (url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      return response.json();
    });
  };

  /** Calls `fn` at most once per `ms`, with the last arguments. */
  EA.debounce = function (fn, ms) {
    var timer = null;
    return function () {
      var self = this;
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  };

  /** Reads a value from localStorage; storage may be blocked (then `fallback`). */
  EA.stored = function (key, fallback) {
    try {
      var v = window.localStorage.getItem(key);
      return v === null ? fallback : v;
    } catch (e) {
      return fallback;
    }
  };

  EA.store = function (key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) { /* not remembered */ }
  };
})();
