/* ecoatlas map – panel: the search box and filter form of the map page, kept in step with the
 * state both ways, and the live result count (a polite live region). */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  var TYPING_DELAY = 180;

  /** `form`: #ea-filters (may be missing, as in the embeddable view); `count`: #ea-count. */
  function Panel(form, count, cfg, onChange) {
    var self = this;
    this.form = form;
    this.count = count;
    this.S = cfg.strings || {};
    this.onChange = onChange;
    this.lastCount = null;
    if (!form) return;
    this.q = form.querySelector('input[name="q"]');
    this.active = form.querySelector('#ea-active');
    var typed = EA.debounce(function () { onChange(self.read(), 'typing'); }, TYPING_DELAY);
    this.q.addEventListener('input', typed);
    form.addEventListener('change', function (e) {
      if (e.target === self.q) return;
      onChange(self.read(), 'filter');
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      onChange(self.read(), 'filter');
    });
    form.addEventListener('reset', function (e) {
      e.preventDefault();
      self.write(EA.state.empty());
      onChange(self.read(), 'filter');
      self.q.focus();
    });
  }

  function checked(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (input) {
      return input.checked;
    }).map(function (input) { return input.value; });
  }

  /** The filters as the form shows them (the other parts of the state stay empty). */
  Panel.prototype.read = function () {
    var s = EA.state.empty();
    if (!this.form) return s;
    var f = this.form;
    s.q = this.q.value.trim();
    s.type = checked(f, 'type');
    s.sector = checked(f, 'sector');
    s.campus = f.querySelector('select[name="campus"]').value;
    s.tag = f.querySelector('select[name="tag"]').value;
    s.sme = f.querySelector('input[name="sme"]').checked;
    // A theme of its own may lack the box: then the state keeps what the URL said.
    var closed = f.querySelector('input[name="closed"]');
    s.closed = closed ? closed.checked : !!this.closedFromState;
    return s;
  };

  /** Shows the filters of `s` in the form. */
  Panel.prototype.write = function (s) {
    if (!this.form) return;
    var f = this.form;
    if (this.q.value.trim() !== s.q) this.q.value = s.q;
    Array.prototype.forEach.call(f.querySelectorAll('input[name="type"]'), function (input) {
      input.checked = s.type.indexOf(input.value) >= 0;
    });
    Array.prototype.forEach.call(f.querySelectorAll('input[name="sector"]'), function (input) {
      input.checked = s.sector.indexOf(input.value) >= 0;
    });
    f.querySelector('select[name="campus"]').value = s.campus;
    f.querySelector('select[name="tag"]').value = s.tag;
    f.querySelector('input[name="sme"]').checked = s.sme;
    var closed = f.querySelector('input[name="closed"]');
    if (closed) closed.checked = !!s.closed;
    this.closedFromState = !!s.closed;
    var n = EA.state.filterCount(s);
    if (this.active) this.active.textContent = n ? EA.fmt(this.S.active_filters || '(%n)', { n: n }) : '';
    if (n && f.querySelector('#ea-facets')) f.querySelector('#ea-facets').open = true;
  };

  /** The result count, and beside each choice how many actors it would give. */
  Panel.prototype.update = function (result, total) {
    var n = result.matches.length;
    var S = this.S;
    var text;
    if (n === total) text = EA.fmt(S.count_all, { t: total });
    else if (n === 0) text = EA.fmt(S.count_none, { t: total });
    else if (n === 1) text = EA.fmt(S.count_one, { t: total });
    else text = EA.fmt(S.count_some, { n: n, t: total });
    if (this.count && text !== this.lastCount) {
      this.count.textContent = text;
      this.lastCount = text;
    }
    if (!this.form) return;
    Array.prototype.forEach.call(this.form.querySelectorAll('[data-count]'), function (node) {
      var parts = node.getAttribute('data-count').split(':');
      var value = parts[0] === 'sme' ? result.counts.sme : (result.counts[parts[0]] || {})[parts[1]];
      node.textContent = String(value === undefined ? 0 : value);
    });
  };

  EA.Panel = Panel;
})();
