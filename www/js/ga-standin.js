/* Stand-in for Google Analytics, for the demo portals: no network, it only
   sets the first-party cookies GA4 sets (_ga and _ga_<container>), so that a
   visitor and the tests can see whether the statistics category ran.
   Loaded as <script type="text/plain" data-consent-category="statistics">. */
(function () {
  'use strict';
  var now = Math.floor(Date.now() / 1000);
  var client = Math.floor(Math.random() * 1e9) + 1e9;
  var maxAge = 60 * 60 * 24 * 395; /* 13 months */
  document.cookie = '_ga=GA1.1.' + client + '.' + now + '; path=/; max-age=' + maxAge + '; samesite=lax';
  document.cookie = '_ga_DEMO123=GS1.1.' + now + '.1.0.' + now + '.0.0.0; path=/; max-age=' + maxAge + '; samesite=lax';

  try { localStorage.setItem('stats_demo_visits', String(Number(localStorage.getItem('stats_demo_visits') || 0) + 1)); } catch (e) { /* storage off */ }
  var demo = window.consentDemo = window.consentDemo || {};
  demo.statsRuns = (demo.statsRuns || 0) + 1;
  var marks = document.querySelectorAll('[data-stats-status]');
  for (var i = 0; i < marks.length; i++) { marks[i].textContent = 'Statistics: running'; }
})();
