// Calibration of the benchmark's main-thread measurement: the static banner,
// shown by a promise callback after a 30 ms busy loop. A method that misses
// work done in promise callbacks (CDP's ScriptDuration) reads about 0 ms
// here; the trace must read at least 30 ms more than the static banner.
Promise.resolve().then(function () {
  var start = performance.now();
  while (performance.now() - start < 30) { /* busy */ }
  document.getElementById('static-banner').hidden = false;
});
