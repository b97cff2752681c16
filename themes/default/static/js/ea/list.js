/* ecoatlas map – list: the accessible equivalent of the map. The actors that match the
 * filters, in alphabetical order, as a list of links with their type, campus and summary and a
 * button that shows each on the map. Long lists are drawn a page at a time ("Show more"), and
 * completely before printing. */
(function () {
  'use strict';

  var EA = window.ecoatlas;
  var DEFAULT_PAGE = 100;

  /**
   * `ul`: the list; `more`: the "show more" button; `opts.onLocate(i)`: an item's button was
   * used; `opts.embed`: links open in a new tab.
   */
  function List(ul, more, store, cfg, opts) {
    var self = this;
    this.ul = ul;
    this.more = more;
    this.store = store;
    this.S = cfg.strings || {};
    this.opts = opts || {};
    this.indices = [];
    this.rendered = 0;
    this.items = {};
    this.selected = -1;
    this.page = cfg.listPage || DEFAULT_PAGE;
    if (more) {
      more.addEventListener('click', function () {
        var first = self.rendered;
        self.renderUpTo(self.rendered + self.page);
        var item = self.items[self.indices[first]];
        var link = item && item.querySelector('a.ea-name');
        if (link) link.focus();
      });
    }
    ul.addEventListener('click', function (e) {
      var button = e.target.closest && e.target.closest('button.ea-locate');
      if (!button) return;
      var i = self.store.bySlug[button.getAttribute('data-slug')];
      if (i !== undefined && self.opts.onLocate) self.opts.onLocate(i);
    });
    window.addEventListener('beforeprint', function () { self.renderUpTo(self.indices.length); });
  }

  /** Shows the actors `indices` (in that order), from the first page. */
  List.prototype.render = function (indices) {
    this.indices = indices;
    this.rendered = 0;
    this.items = {};
    this.ul.textContent = '';
    this.renderUpTo(this.page);
    if (this.selected >= 0) this.select(this.selected, false);
  };

  List.prototype.renderUpTo = function (count) {
    var end = Math.min(count, this.indices.length);
    var fragment = document.createDocumentFragment();
    for (var k = this.rendered; k < end; k++) {
      var i = this.indices[k];
      var li = this.item(i);
      this.items[i] = li;
      fragment.appendChild(li);
    }
    this.ul.appendChild(fragment);
    this.rendered = Math.max(this.rendered, end);
    this.updateMore();
  };

  List.prototype.updateMore = function () {
    if (!this.more) return;
    var left = this.indices.length - this.rendered;
    this.more.hidden = left <= 0;
    this.more.textContent = EA.fmt(this.S.show_more || '+%n', { n: Math.min(left, this.page) });
  };

  List.prototype.item = function (i) {
    var store = this.store;
    var S = this.S;
    var type = store.type(i);
    var li = EA.el('li', 'actor-item');
    li.setAttribute('data-slug', store.slug[i]);
    li.setAttribute('data-type', store.typeKey(i));
    li.appendChild(EA.badge(type));
    var text = EA.el('div', 'actor-item-text');
    var link = EA.el('a', 'ea-name', store.name[i]);
    link.href = store.url(i);
    if (this.opts.embed) {
      link.target = '_blank';
      link.rel = 'noopener';
      link.appendChild(EA.el('span', 'visually-hidden', ' (' + (S.opens_in_new_tab || '') + ')'));
    }
    text.appendChild(link);
    var meta = [type.label].concat(store.campusLabels(i));
    text.appendChild(EA.el('span', 'actor-meta', meta.join(' · ')));
    if (store.hasText()) text.appendChild(this.summary(i));
    // The visible text starts the accessible name, which goes on with the actor's name.
    var button = EA.el('button', 'ea-locate', S.show_on_map || '');
    button.type = 'button';
    button.setAttribute('data-slug', store.slug[i]);
    button.appendChild(EA.el('span', 'visually-hidden', ': ' + store.name[i]));
    text.appendChild(button);
    li.appendChild(text);
    return li;
  };

  List.prototype.summary = function (i) {
    var p = EA.el('p', 'ea-summary', this.store.summary[i]);
    var lang = this.store.summaryLang && this.store.summaryLang[i];
    if (lang) p.setAttribute('lang', lang);
    return p;
  };

  /** Once summaries arrive: add them to the items already drawn. */
  List.prototype.refreshText = function () {
    var self = this;
    Object.keys(this.items).forEach(function (key) {
      var li = self.items[key];
      var i = Number(key);
      if (li.querySelector('.ea-summary')) return;
      var button = li.querySelector('.ea-locate');
      button.parentNode.insertBefore(self.summary(i), button);
    });
  };

  /**
   * Highlights actor `i` (-1: none). Draws more of the list when its item is further down;
   * with `reveal`, scrolls the list (not the page) to it.
   */
  List.prototype.select = function (i, reveal) {
    var old = this.items[this.selected];
    if (old) {
      old.classList.remove('is-selected');
      old.removeAttribute('aria-current');
    }
    this.selected = i;
    if (i < 0) return;
    if (!this.items[i]) {
      var position = this.indices.indexOf(i);
      if (position < 0) return;
      this.renderUpTo(Math.ceil((position + 1) / this.page) * this.page);
    }
    var li = this.items[i];
    if (!li) return;
    li.classList.add('is-selected');
    li.setAttribute('aria-current', 'true');
    if (reveal) this.reveal(li);
  };

  /**
   * Brings `li` into view: inside the list's own scrolling box when it has one (the embeddable
   * view), else by scrolling the page, but only while the map stays in view beside the list.
   */
  List.prototype.reveal = function (li) {
    var box = this.ul.parentElement;
    while (box && box !== document.body) {
      var style = window.getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (box && box !== document.body) {
      var top = li.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      if (top < box.scrollTop || top + li.offsetHeight > box.scrollTop + box.clientHeight) {
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
      }
      return;
    }
    var map = document.querySelector('.map-panel');
    if (map && window.getComputedStyle(map).position === 'sticky') {
      li.scrollIntoView({ block: 'nearest' });
    }
  };

  EA.List = List;
})();
