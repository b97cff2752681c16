/* ecoatlas map – share: the dialog with the link to the current view and the <iframe> code
 * that embeds the same view (the embeddable page `/embed/` with the same query) elsewhere. */
(function () {
  'use strict';

  var EA = window.ecoatlas;

  function Share(dialog, opener, cfg) {
    var self = this;
    this.dialog = dialog;
    this.opener = opener;
    this.cfg = cfg;
    this.S = cfg.strings || {};
    if (!dialog || !opener || typeof dialog.showModal !== 'function') {
      if (opener) opener.hidden = true;
      return;
    }
    this.link = dialog.querySelector('#ea-share-link');
    this.code = dialog.querySelector('#ea-share-embed');
    this.status = dialog.querySelector('#ea-share-status');
    opener.addEventListener('click', function () { self.open(); });
    dialog.addEventListener('close', function () { opener.focus(); });
    Array.prototype.forEach.call(dialog.querySelectorAll('[data-copy]'), function (button) {
      button.addEventListener('click', function () {
        self.copy(dialog.querySelector('#' + button.getAttribute('data-copy')));
      });
    });
  }

  /** The absolute URL of the embeddable view of the current state. */
  Share.prototype.embedUrl = function () {
    var url = new URL(this.cfg.links.embed, window.location.href);
    url.search = window.location.search;
    return url.href;
  };

  Share.prototype.snippet = function () {
    var title = EA.fmt(this.S.iframe_title || '%s', { s: this.cfg.title || '' });
    var attr = function (v) {
      return String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    };
    return '<iframe src="' + attr(this.embedUrl()) + '" title="' + attr(title) +
      '" width="100%" height="480" style="border:0" loading="lazy"></iframe>';
  };

  Share.prototype.open = function () {
    this.link.value = window.location.href;
    this.code.value = this.snippet();
    this.status.textContent = '';
    this.dialog.showModal();
    this.link.focus();
    this.link.select();
  };

  Share.prototype.copy = function (field) {
    var self = this;
    field.focus();
    field.select();
    var done = function () { self.status.textContent = self.S.copied || ''; };
    var failed = function () {
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (e) { ok = false; }
      self.status.textContent = ok ? (self.S.copied || '') : (self.S.copy_failed || '');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, failed);
    } else {
      failed();
    }
  };

  EA.Share = Share;
})();
