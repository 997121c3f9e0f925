// Records when the module announced itself ready, to compare with the
// page's own deferred script (late.js).
document.addEventListener('consent:ready', function () { window.__readyAt = performance.now(); });
