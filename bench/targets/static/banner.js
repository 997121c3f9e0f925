// The static banner's whole behaviour (the physical limit): its markup and
// CSS are plain HTML in the page; a click on a button hides the banner, and
// "Accept all" runs the gated script and remembers it in a cookie, so that a
// returning view runs the gated script at once without showing the banner.
(function () {
  function runGated() {
    var script = document.createElement('script');
    script.src = '/bench/gated.js';
    document.body.appendChild(script);
  }
  var banner = document.getElementById('static-banner');
  if (/(?:^|; )static_consent=accept/.test(document.cookie)) {
    banner.hidden = true;
    runGated();
    return;
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('#static-banner button');
    if (!button) return;
    if (button.value === 'accept') {
      document.cookie = 'static_consent=accept; Path=/; Max-Age=15724800; SameSite=Lax';
      runGated();
    }
    banner.hidden = true;
  });
})();
