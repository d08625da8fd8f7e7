/* Therapist Finder: small first-party enhancements. Every page works without it.
 *
 * - Shortlist: ids kept in this browser's localStorage only (never sent
 *   anywhere but in the /shortlist?ids=... address the user opens).
 * - Search form: blank fields are left out of the address.
 * - "Print" buttons.
 */
(function () {
  'use strict';
  var KEY = 'therapist-finder:shortlist';
  var MAX = 20;
  document.documentElement.classList.add('js');

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || '[]');
      if (!Array.isArray(value)) { return []; }
      return value.filter(function (id) { return typeof id === 'string' && id.length > 0 && id.length <= 250; }).slice(0, MAX);
    } catch (e) {
      return [];
    }
  }

  function save(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MAX))); } catch (e) { /* private mode: URL only */ }
  }

  function shortlistHref(ids) {
    if (!ids.length) { return '/shortlist'; }
    return '/shortlist?' + ids.map(function (id) { return 'ids=' + encodeURIComponent(id); }).join('&');
  }

  function announce(text) {
    var region = document.querySelector('[data-announce]');
    if (region) { region.textContent = ''; window.setTimeout(function () { region.textContent = text; }, 50); }
  }

  function refresh() {
    var ids = load();
    document.querySelectorAll('[data-shortlist-link]').forEach(function (link) { link.setAttribute('href', shortlistHref(ids)); });
    document.querySelectorAll('[data-shortlist-count]').forEach(function (el) { el.textContent = String(ids.length); });
    document.querySelectorAll('[data-shortlist-id]').forEach(function (button) {
      var id = button.getAttribute('data-shortlist-id');
      var name = button.getAttribute('data-name') || '';
      var on = ids.indexOf(id) !== -1;
      button.setAttribute('role', 'button');
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.textContent = on ? 'On your shortlist ✓' : 'Add to shortlist';
      var hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ': ' + name;
      button.appendChild(hidden);
    });
  }

  function toggle(button) {
    var id = button.getAttribute('data-shortlist-id');
    var name = button.getAttribute('data-name') || id;
    var ids = load();
    var at = ids.indexOf(id);
    if (at === -1) {
      if (ids.length >= MAX) { announce('Your shortlist is full (' + MAX + '). Remove one first.'); return; }
      ids.push(id);
      announce(name + ' added to your shortlist (' + ids.length + ').');
    } else {
      ids.splice(at, 1);
      announce(name + ' removed from your shortlist (' + ids.length + ').');
    }
    save(ids);
    refresh();
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var add = target.closest('[data-shortlist-id]');
    if (add) { event.preventDefault(); toggle(add); return; }
    var remove = target.closest('[data-shortlist-remove]');
    if (remove) {
      var gone = remove.getAttribute('data-shortlist-remove');
      save(load().filter(function (id) { return id !== gone; }));
      return; /* the link itself loads the list without it */
    }
    if (target.closest('[data-shortlist-clear]')) { save([]); return; }
    if (target.closest('[data-print]')) { event.preventDefault(); window.print(); }
  });

  document.addEventListener('keydown', function (event) {
    /* Links acting as toggle buttons also answer the space bar. */
    if (event.key === ' ' && event.target.matches && event.target.matches('a[data-shortlist-id]')) {
      event.preventDefault();
      toggle(event.target);
    }
  });

  /* On a phone the filters start folded (they come before the results). */
  var filters = document.querySelector('details[data-filters]');
  if (filters && window.matchMedia && window.matchMedia('(max-width: 56rem)').matches &&
      new URLSearchParams(window.location.search).toString()) {
    filters.open = false;
  }

  /* Leave blank fields out of the search address (the server ignores them anyway). */
  document.querySelectorAll('form[data-search-form], form[data-clean-empty]').forEach(function (form) {
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && !el.disabled && (el.value === '' || el.value == null) && el.type !== 'submit') {
          el.disabled = true;
          window.setTimeout(function () { el.disabled = false; }, 0);
        }
      });
    });
  });

  /* The shortlist page: its address is the list; an empty address shows the stored one. */
  var page = document.querySelector('[data-shortlist-page]');
  if (page) {
    var shown = (page.getAttribute('data-ids') || '').split(' ').filter(Boolean);
    var asked = new URLSearchParams(window.location.search).getAll('ids');
    if (!asked.length) {
      var stored = load();
      if (stored.length) { window.location.replace(shortlistHref(stored)); return; }
    } else {
      save(shown);
    }
  }

  /* "Back to search" goes back to the results when we came from them. */
  var back = document.querySelector('[data-back-link]');
  if (back && document.referrer) {
    try {
      var from = new URL(document.referrer);
      if (from.origin === window.location.origin && from.pathname === '/' && from.search) {
        back.setAttribute('href', from.pathname + from.search);
      }
    } catch (e) { /* keep the plain link */ }
  }

  refresh();
}());
