/* ecoatlas research-infrastructure guide: filters the guide's own list by service area and by
 * whom an infrastructure is open to. Without this script the page shows every section, so the
 * filter form stays hidden. The filter is kept in the page's URL (?service=…&open_to=…) so that
 * a filtered guide can be shared. */
(function () {
  'use strict';

  var form = document.getElementById('guide-filter');
  if (!form) return;
  var select = form.querySelector('select[name="service"]');
  var radios = Array.prototype.slice.call(form.querySelectorAll('input[name="open_to"]'));
  var status = document.getElementById('guide-status');
  var sections = Array.prototype.slice.call(document.querySelectorAll('.guide-section'));
  var template = form.getAttribute('data-status') || '%n / %total';
  var total = form.getAttribute('data-total') || '';

  function audience() {
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) return radios[i].value;
    }
    return '';
  }

  function apply(updateUrl) {
    var area = select ? select.value : '';
    var who = audience();
    var shown = {};
    sections.forEach(function (section) {
      var inArea = !area || section.getAttribute('data-area') === area;
      var visible = 0;
      Array.prototype.forEach.call(section.querySelectorAll('.guide-card'), function (card) {
        var audiences = (card.getAttribute('data-audiences') || '').split(' ');
        var match = inArea && (!who || audiences.indexOf(who) !== -1);
        card.hidden = !match;
        if (match) {
          visible += 1;
          shown[card.getAttribute('data-slug')] = true;
        }
      });
      section.hidden = visible === 0;
      var count = section.querySelector('.guide-section-count');
      if (count) count.textContent = String(visible);
    });
    var n = Object.keys(shown).length;
    status.textContent = template.replace('%n', String(n)).replace('%total', total);
    form.setAttribute('data-shown', String(n));
    if (updateUrl && window.history && window.history.replaceState) {
      var params = new URLSearchParams(window.location.search);
      if (area) params.set('service', area); else params.delete('service');
      if (who) params.set('open_to', who); else params.delete('open_to');
      var query = params.toString();
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
    }
  }

  var params = new URLSearchParams(window.location.search);
  var wantedArea = params.get('service');
  if (select && wantedArea && select.querySelector('option[value="' + (window.CSS && CSS.escape ? CSS.escape(wantedArea) : wantedArea) + '"]')) {
    select.value = wantedArea;
  }
  var wantedAudience = params.get('open_to');
  radios.forEach(function (r) { if (wantedAudience !== null && r.value === wantedAudience) r.checked = true; });

  form.hidden = false;
  form.addEventListener('change', function () { apply(true); });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  apply(false);
})();
