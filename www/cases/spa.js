/* A single-page app that adds gated content after start: a script and a frame. */
document.getElementById('load').addEventListener('click', function () {
  var view = document.getElementById('view');
  var s = document.createElement('script');
  s.type = 'text/plain';
  s.setAttribute('data-consent-category', 'statistics');
  s.src = '/cases/gated.js';
  view.appendChild(s);
  var f = document.createElement('iframe');
  f.setAttribute('data-src', '/cases/embed.html');
  f.setAttribute('data-consent-category', 'statistics');
  f.title = 'Visits map';
  view.appendChild(f);
});
