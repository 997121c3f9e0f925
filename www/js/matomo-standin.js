/* Stand-in for Matomo (no network): sets the cookies Matomo sets, so that a
   visitor and the tests can see whether the statistics category ran. */
(function () {
  'use strict';
  var now = Math.floor(Date.now() / 1000);
  var hex = '';
  for (var i = 0; i < 16; i++) { hex += Math.floor(Math.random() * 16).toString(16); }
  document.cookie = '_pk_id.1.a1b2=' + hex + '.' + now + '.; path=/; max-age=' + (60 * 60 * 24 * 395) + '; samesite=lax';
  document.cookie = '_pk_ses.1.a1b2=1; path=/; max-age=1800; samesite=lax';
  window.consentDemo = window.consentDemo || { statsRuns: 0 };
  window.consentDemo.statsRuns += 1;
  var marks = document.querySelectorAll('[data-stats-status]');
  for (var j = 0; j < marks.length; j++) { marks[j].textContent = 'Statistics: running'; }
})();
