/* Stand-in for Google Analytics (no network): sets the cookies GA4 sets, so
   that a visitor and the tests can see whether the statistics category ran. */
(function () {
  'use strict';
  var now = Math.floor(Date.now() / 1000);
  var id = Math.floor(Math.random() * 1e9);
  var maxAge = 60 * 60 * 24 * 395;
  document.cookie = '_ga=GA1.1.' + id + '.' + now + '; path=/; max-age=' + maxAge + '; samesite=lax';
  document.cookie = '_ga_DEMO123=GS1.1.' + now + '.1.0.' + now + '.0.0.0; path=/; max-age=' + maxAge + '; samesite=lax';
  window.consentDemo = window.consentDemo || { statsRuns: 0 };
  window.consentDemo.statsRuns += 1;
  var marks = document.querySelectorAll('[data-stats-status]');
  for (var i = 0; i < marks.length; i++) { marks[i].textContent = 'Statistics: running'; }
})();
