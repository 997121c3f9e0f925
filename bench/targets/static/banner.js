// The static banner's whole behaviour (the physical limit): its markup and
// CSS are plain HTML in the page; a click on a button hides the banner, and
// "Accept all" runs the gated script.
document.addEventListener('click', function (event) {
  var button = event.target.closest && event.target.closest('#static-banner button');
  if (!button) return;
  if (button.value === 'accept') {
    var script = document.createElement('script');
    script.src = '/bench/gated.js';
    document.body.appendChild(script);
  }
  document.getElementById('static-banner').hidden = true;
});
