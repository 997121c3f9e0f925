/* Stand-in for Matomo, for the demo portals: no network, it only sets the
   first-party cookies Matomo sets (_pk_id.<site>.<hash> for 13 months and
   _pk_ses.<site>.<hash> for 30 minutes), so that a visitor and the tests can
   see whether the statistics category ran.
   Loaded as <script type="text/plain" data-consent-category="statistics">. */
(function () {
  'use strict';
  var now = Math.floor(Date.now() / 1000);
  var visitor = '';
  for (var i = 0; i < 16; i++) { visitor += Math.floor(Math.random() * 16).toString(16); }
  document.cookie = '_pk_id.1.a1b2=' + visitor + '.' + now + '.; path=/; max-age=' + (60 * 60 * 24 * 395) + '; samesite=lax';
  document.cookie = '_pk_ses.1.a1b2=1; path=/; max-age=' + (30 * 60) + '; samesite=lax';

  try { localStorage.setItem('stats_demo_visits', String(Number(localStorage.getItem('stats_demo_visits') || 0) + 1)); } catch (e) { /* storage off */ }
  var demo = window.consentDemo = window.consentDemo || {};
  demo.statsRuns = (demo.statsRuns || 0) + 1;
  var marks = document.querySelectorAll('[data-stats-status]');
  for (var j = 0; j < marks.length; j++) { marks[j].textContent = 'Statistics: running'; }
})();
