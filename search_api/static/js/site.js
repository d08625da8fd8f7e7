/* Therapist Finder: small first-party enhancements. Every page works without it.
 *
 * - Shortlist: ids kept in this browser's localStorage only (never sent
 *   anywhere but in the /shortlist?ids=... address the user opens; that
 *   address may also carry the search's near/insurance/specialty, put there
 *   by the server, to pre-fill the shortlist's forms). A
 *   shortlist link from someone else never silently replaces the saved list:
 *   the page asks first.
 * - Search form: blank fields are left out of the address; a search with problems
 *   puts the focus on their summary, whose links focus the fields.
 * - "Use my location" on the search page: the browser's position, rounded to about
 *   half a mile, fills "Near" for this search on this site (see below).
 * - "Print" buttons.
 *
 * Its words come from the page (the body's data-ui-text, in the page's
 * language), never from here.
 */
(function () {
  'use strict';
  var KEY = 'therapist-finder:shortlist';
  var MAX = 20;
  document.documentElement.classList.add('js');

  var TEXT = {};
  try { TEXT = JSON.parse(document.body.getAttribute('data-ui-text') || '{}'); } catch (e) { TEXT = {}; }
  /* The page's string for `key`, with {name} placeholders filled from `values`. */
  function say(key, values) {
    return String(TEXT[key] || '').replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

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

  /* `search`: the search's place, insurer and concern as a query string (from the server,
     already encoded); they only pre-fill the shortlist's compare and referral forms. */
  function shortlistHref(ids, search) {
    var parts = ids.map(function (id) { return 'ids=' + encodeURIComponent(id); });
    if (search) { parts.push(search); }
    return parts.length ? '/shortlist?' + parts.join('&') : '/shortlist';
  }

  /* This page's search part: its address less the ids (the shortlist page's own address). */
  function searchPart() {
    var params = new URLSearchParams(window.location.search);
    params.delete('ids');
    return params.toString();
  }

  function announce(text) {
    var region = document.querySelector('[data-announce]');
    if (region) { region.textContent = ''; window.setTimeout(function () { region.textContent = text; }, 50); }
  }

  function refresh() {
    var ids = load();
    document.querySelectorAll('[data-shortlist-link]').forEach(function (link) {
      link.setAttribute('href', shortlistHref(ids, link.getAttribute('data-shortlist-link')));
    });
    document.querySelectorAll('[data-shortlist-count]').forEach(function (el) { el.textContent = String(ids.length); });
    document.querySelectorAll('[data-shortlist-id]').forEach(function (button) {
      var id = button.getAttribute('data-shortlist-id');
      var name = button.getAttribute('data-name') || '';
      var on = ids.indexOf(id) !== -1;
      button.setAttribute('role', 'button');
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.textContent = say(on ? 'on_shortlist' : 'add');
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
      if (ids.length >= MAX) { announce(say('full', { max: MAX })); return; }
      ids.push(id);
      announce(say('added', { name: name, count: ids.length }));
    } else {
      ids.splice(at, 1);
      announce(say('removed', { name: name, count: ids.length }));
    }
    save(ids);
    refresh();
  }

  /* Whether the shortlist page on screen is the saved list (false while a
     different list from a link waits for the visitor's answer). */
  var pageIsSaved = true;

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var add = target.closest('[data-shortlist-id]');
    if (add) { event.preventDefault(); toggle(add); return; }
    var remove = target.closest('[data-shortlist-remove]');
    if (remove) {
      var gone = remove.getAttribute('data-shortlist-remove');
      if (pageIsSaved) { save(load().filter(function (id) { return id !== gone; })); }
      return; /* the link itself loads the list without it */
    }
    if (target.closest('[data-shortlist-clear]')) { if (pageIsSaved) { save([]); } return; }
    if (target.closest('[data-print]')) { event.preventDefault(); window.print(); }
  });

  document.addEventListener('keydown', function (event) {
    /* Links acting as toggle buttons also answer the space bar. */
    if (event.key === ' ' && event.target.matches && event.target.matches('a[data-shortlist-id]')) {
      event.preventDefault();
      toggle(event.target);
    }
  });

  /* On a phone the filters start folded (they come before the results), and a search
     opens at its results: the form above them fills the first screen. Not when the page
     reports a problem (its summary takes the focus) or the address names a place in it. */
  var filters = document.querySelector('details[data-filters]');
  if (filters && window.matchMedia && window.matchMedia('(max-width: 56rem)').matches &&
      new URLSearchParams(window.location.search).toString()) {
    filters.open = false;
    var results = document.getElementById('results');
    if (results && !window.location.hash && !document.querySelector('[data-error-summary]')) {
      results.scrollIntoView();
    }
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

  /* "Use my location": only where the browser can tell (the button stays hidden otherwise).
     The browser asks the visitor; the position, rounded to 2 decimals (about half a mile), goes
     into "Near" as "lat,lon" and the search is sent to this site, nowhere else. */
  var locate = document.querySelector('[data-locate]');
  var searchForm = document.querySelector('form[data-search-form]');
  if (locate && searchForm && navigator.geolocation) {
    var locateButton = locate.querySelector('[data-locate-button]');
    var locateNote = locate.querySelector('[data-locate-note]');
    var tell = function (key) {
      locateNote.textContent = say(key);
      locateNote.hidden = false;
      announce(say(key));
    };
    var FAILED = { 1: 'locate_denied', 3: 'locate_timeout' };
    var busy = false;  /* not `disabled`: the focus stays on the button */
    locate.hidden = false;
    locateButton.addEventListener('click', function () {
      if (busy) { return; }
      busy = true;
      locateButton.setAttribute('aria-disabled', 'true');
      tell('locate_busy');
      navigator.geolocation.getCurrentPosition(function (position) {
        var near = searchForm.querySelector('[name="near"]');
        /* Two decimals, about half a mile: enough to search by, and the page's address
           (shared, bookmarked, printed) does not hold the client's street. */
        near.value = position.coords.latitude.toFixed(2) + ',' + position.coords.longitude.toFixed(2);
        ['lat', 'lon'].forEach(function (name) {  /* coordinates replace "Near": not both */
          var field = searchForm.querySelector('[name="' + name + '"]');
          if (field) { field.value = ''; }
        });
        if (searchForm.requestSubmit) { searchForm.requestSubmit(); } else { searchForm.submit(); }
      }, function (error) {
        busy = false;
        locateButton.removeAttribute('aria-disabled');
        tell(FAILED[error.code] || 'locate_unavailable');
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });
  }

  function sameIds(a, b) {
    if (a.length !== b.length) { return false; }
    return a.every(function (id) { return b.indexOf(id) !== -1; });
  }

  function button(text, onClick) {
    var el = document.createElement('button');
    el.type = 'button';
    el.className = 'btn btn-secondary';
    el.textContent = text;
    el.addEventListener('click', onClick);
    return el;
  }

  /* A list from a link that differs from the saved one: ask before replacing it. */
  function askBeforeReplacing(page, shown, stored) {
    pageIsSaved = false;
    var box = document.createElement('div');
    box.className = 'notice shortlist-question';
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', say('save_question'));
    box.setAttribute('data-shortlist-question', '');
    var text = document.createElement('p');
    text.textContent = say(stored.length === 1 ? 'from_link_one' : 'from_link_many', { count: stored.length });
    var actions = document.createElement('p');
    actions.className = 'actions';
    var done = function (message) {
      box.textContent = '';
      var said = document.createElement('p');
      said.textContent = message;
      box.appendChild(said);
      box.setAttribute('tabindex', '-1');
      box.focus();
      announce(message);
      refresh();
    };
    actions.appendChild(button(say('replace'), function () {
      save(shown);
      pageIsSaved = true;
      done(say('replaced'));
    }));
    actions.appendChild(button(say('keep'), function () {
      var mine = document.createElement('a');
      mine.href = shortlistHref(stored, searchPart());
      mine.textContent = say('open_saved');
      done(say('kept'));
      box.appendChild(mine);
    }));
    var link = document.createElement('a');
    link.href = shortlistHref(stored, searchPart());
    link.textContent = say('open_mine', { count: stored.length });
    actions.appendChild(link);
    box.appendChild(text);
    box.appendChild(actions);
    var heading = page.querySelector('h1');
    page.insertBefore(box, heading ? heading.nextSibling : page.firstChild);
  }

  /* The shortlist page: its address is the list; an empty address shows the stored one. */
  var page = document.querySelector('[data-shortlist-page]');
  if (page) {
    var shown = (page.getAttribute('data-ids') || '').split(' ').filter(Boolean);
    var asked = new URLSearchParams(window.location.search).getAll('ids');
    var stored = load();
    if (!asked.length) {
      if (stored.length) { window.location.replace(shortlistHref(stored, searchPart())); return; }
    } else if (!stored.length || sameIds(stored, shown)) {
      save(shown);
    } else {
      askBeforeReplacing(page, shown, stored);
    }
  }

  /* A search with problems: their summary takes the focus (a screen reader reads it first),
     and each of its links moves the focus to the field it names, not only the view. */
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      var target = link && document.getElementById(link.getAttribute('href').slice(1));
      if (!target) { return; }
      var field = target.matches('input, select, textarea') ? target
        : target.querySelector('input:not([type="hidden"]), select, textarea');
      if (!field) { return; }
      event.preventDefault();
      var fold = field.closest('details');
      while (fold) { fold.open = true; fold = fold.parentElement.closest('details'); }
      var shown = target === field ? (field.labels && field.labels[0]) || field : target;
      shown.scrollIntoView({ block: 'start' });
      field.focus({ preventScroll: true });
    });
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
