/*! consent-banner loader — a classic script: include it with
 *  <script src=".../consent-banner.js" data-registry="registry.json" defer></script>
 *  It loads the WebAssembly module from its own URL, reads the registry
 *  (data-registry URL, or an inline <script type="application/json" id="consent-registry">),
 *  waits for the DOM, then starts the module. On any failure it logs
 *  "consent-banner: …" and leaves every optional script switched off. */
(function () {
  'use strict';
  var script = document.currentScript;
  var PREFIX = 'consent-banner: ';
  function fail(message) {
    console.error(PREFIX + message + '. No optional cookies or scripts will be used.');
  }
  if (!script || !script.src) {
    fail('cannot find its own <script> element (load consent-banner.js with a plain <script src>, not as a module or by another script)');
    return;
  }
  var base = script.src;
  var domReady = new Promise(function (resolve) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', resolve, { once: true });
    } else {
      resolve();
    }
  });
  var registryAttr = script.getAttribute('data-registry');
  var registryText;
  if (registryAttr) {
    var registryUrl = new URL(registryAttr, document.baseURI).href;
    registryText = fetch(registryUrl, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) {
        throw new Error('could not load the cookie registry from ' + registryUrl + ' (HTTP ' + response.status + ')');
      }
      return response.text();
    }, function (error) {
      throw new Error('could not load the cookie registry from ' + registryUrl + ' (' + error.message + ')');
    });
  } else {
    var elementId = script.getAttribute('data-registry-element') || 'consent-registry';
    registryText = domReady.then(function () {
      var element = document.getElementById(elementId);
      if (!element) {
        throw new Error('no cookie registry found: give the script tag data-registry="registry.json", or add <script type="application/json" id="' + elementId + '"> to the page');
      }
      return element.textContent;
    });
  }
  var wasmUrl = new URL('consent_banner_bg.wasm', base).href;
  var module = import(new URL('consent_banner.js', base).href).then(function (glue) {
    return glue.default({ module_or_path: wasmUrl }).then(function () { return glue; });
  }).catch(function (error) {
    throw new Error('could not load its WebAssembly module from ' + wasmUrl + ' (' + (error && error.message) + ')');
  });
  Promise.all([module, registryText, domReady]).then(function (parts) {
    parts[0].boot(parts[1], {
      lang: script.getAttribute('data-lang') || '',
      reloadOnWithdraw: script.getAttribute('data-reload-on-withdraw') || ''
    });
  }).catch(function (error) {
    fail(error.message);
  });
})();
