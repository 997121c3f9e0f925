/* Calls the API at once, long before the WebAssembly module is ready. */
window.__changes = [];
window.consentBanner.on('change', function (consent) { window.__changes.push(consent); });
window.consentBanner.accept(['statistics']);
