/* ecoatlas serve: live reload. Injected only by `ecoatlas serve`, never into built sites.
 * Reloads the page once a rebuild has finished, swaps stylesheets when only CSS changed, and
 * shows build errors over the page (the last good site stays underneath). */
(function () {
  'use strict';
  var OVERLAY_ID = 'ecoatlas-errors';
  var source = null;

  function data(event) {
    try { return JSON.parse(event.data); } catch (e) { return {}; }
  }

  function clearOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showOverlay(messages) {
    clearOverlay();
    var box = document.createElement('section');
    box.id = OVERLAY_ID;
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-label', 'Build errors');
    box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:100000;' +
      'background:#2b0b0b;color:#fff;font:14px/1.45 ui-monospace,monospace;padding:1rem 1.25rem;' +
      'border-top:4px solid #e5484d;box-shadow:0 -4px 16px rgba(0,0,0,.4)';
    var title = document.createElement('h2');
    title.textContent = 'The site has errors — still showing the last good version';
    title.style.cssText = 'margin:0 0 .5rem;font:600 15px system-ui,sans-serif;color:#fff';
    box.appendChild(title);
    messages.forEach(function (message) {
      var pre = document.createElement('pre');
      pre.textContent = message;
      pre.style.cssText = 'margin:.5rem 0;white-space:pre-wrap;color:#fff';
      box.appendChild(pre);
    });
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.style.cssText = 'position:absolute;top:.75rem;right:1rem;font:inherit';
    close.addEventListener('click', clearOverlay);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  function connect() {
    source = new EventSource('/__ecoatlas/events');
    source.addEventListener('reload', function () { window.location.reload(); });
    source.addEventListener('ok', clearOverlay);
    source.addEventListener('errors', function (event) { showOverlay(data(event).messages || []); });
    source.addEventListener('css', function (event) {
      var sheets = data(event).stylesheets || {};
      Array.prototype.forEach.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
        var path = new URL(link.href, window.location.href).pathname;
        if (sheets[path]) link.href = sheets[path];
      });
      clearOverlay();
    });
    source.addEventListener('shutdown', disconnect);
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  // A page the browser keeps in its back/forward cache would otherwise hold its event stream
  // open; browsers allow only six connections per host, so a few visited pages could block
  // every new page load. Close the stream when the page is hidden, reopen it when it returns.
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', function () { if (!source) connect(); });
  connect();
})();
