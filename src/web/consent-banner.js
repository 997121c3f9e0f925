/*! consent-banner loader — a classic script, built in two forms:
 *  consent-banner.bundle.js (the README's tag), carrying the glue and the
 *  WebAssembly module of every language inside it:
 *  <script src=".../consent-banner.bundle.js" data-registry="registry.json" defer></script>
 *  and consent-banner.js, which fetches one language's files:
 *  <script src=".../consent-banner.js" data-registry="registry.json" async></script>
 *  It defines window.consentBanner at once (calls made before the module is
 *  ready are queued), compiles its own copy of the module (the bundle), or
 *  loads the WebAssembly module and its glue for the
 *  visitor's language (consent_banner_bg.<lang>.<hash>.wasm,
 *  consent_banner.<lang>.<hash>.js) from next to its own URL, refusing any
 *  whose SHA-384 is not the one it was built with, reads the registry
 *  (data-registry URL, the one `consent-banner bundle` wrote into a bundle,
 *  or an inline <script type="application/json" id="consent-registry">),
 *  waits for the DOM, then starts the module. On
 *  any failure it logs "consent-banner: …" and leaves every optional script
 *  off. */
(function () {
  'use strict';
  var script = document.currentScript;
  var PREFIX = 'consent-banner: ';
  function fail(message) {
    console.error(PREFIX + message + '. No optional cookies or scripts will be used.');
  }

  // The public API, usable at once; calls wait for the module.
  var queue = [];
  var glue = null;      // the module, once started: actions go straight to it
  var started = null;   // the module from the moment it starts: for the read-only calls
  var resolveReady;
  var api = window.consentBanner = {
    ready: new Promise(function (resolve) { resolveReady = resolve; }),
    getConsent: function () { return started ? started.getConsent() : null; },
    isAccepted: function (id) { return started ? started.isAccepted(String(id)) : false; },
    on: function (kind, callback) {
      var name = 'consent:' + kind;
      var listener = function (event) { callback(event.detail && event.detail.consent); };
      document.addEventListener(name, listener);
      return function () { document.removeEventListener(name, listener); };
    }
  };
  ['show', 'showPreferences', 'acceptAll', 'rejectAll', 'accept'].forEach(function (name) {
    api[name] = function () {
      // accept's ids go to the module as one JSON list (src/web/api.rs),
      // without what cannot be a category id (the registry allows
      // [a-z0-9_-] only; unknown ids are ignored anyway): a lone surrogate,
      // which JSON.stringify escapes and the module's JSON reader refuses,
      // would otherwise void the whole list.
      var args = name === 'accept' ? [JSON.stringify([].concat(arguments[0] || []).map(String).filter(function (id) { return /^[a-z0-9_-]+$/.test(id); }))] : [];
      if (glue) { glue[name].apply(null, args); } else { queue.push([name, args]); }
    };
  });

  // Google Consent Mode v2: with data-consent-mode on the tag, the default
  // (everything denied but security_storage) is the first dataLayer entry,
  // as long as this script runs before gtag (no defer/async in that case).
  var gtag = function () { (window.dataLayer = window.dataLayer || []).push(arguments); };
  if (script && script.hasAttribute('data-consent-mode')) {
    var wait = parseInt(script.getAttribute('data-consent-mode'), 10);
    // Every type (written in by scripts/build.mjs from src/consent_mode.rs)
    // denied, but security_storage.
    var defaults = { wait_for_update: wait > 0 ? wait : 500 };
    CONSENT_MODE_TYPES.forEach(function (type) { defaults[type] = type === 'security_storage' ? 'granted' : 'denied'; });
    gtag('consent', 'default', defaults);
  }

  if (!script || !script.src) {
    fail('cannot find its own <script> element (load consent-banner.js with a plain <script src>, not as a module or from another script)');
    resolveReady(api);
    return;
  }
  var base = script.src;
  // The module needs the whole document parsed (its gated scripts, policy
  // placeholders and frames), not the page's own deferred scripts run:
  // readyState turns 'interactive' when parsing ends, before those scripts
  // and DOMContentLoaded. (Measured in the benchmark's phone profile: on a
  // portal-weight page DOMContentLoaded waits for the page's deferred
  // bundles to download and run.)
  var domReady = new Promise(function (resolve) {
    if (document.readyState !== 'loading') return resolve();
    document.addEventListener('readystatechange', function parsed() {
      if (document.readyState === 'loading') return;
      document.removeEventListener('readystatechange', parsed);
      resolve();
    });
  });
  // The language: the script tag's data-lang, the django_language cookie,
  // <html lang>, the browser's languages, else the registry's
  // default_language (the module makes the same choice). Each language has
  // its own build, carrying only its own texts.
  // (The languages built, written in by scripts/build.mjs.)
  var LANGUAGES = CONSENT_BANNER_LANGUAGES;
  function supported(tag) {
    var primary = String(tag || '').trim().split(/[-_]/)[0].toLowerCase();
    return LANGUAGES.indexOf(primary) >= 0 ? primary : null;
  }
  var lang = null;
  // The bundle carries every language: there the module alone chooses, and
  // this is left out. Not only for its bytes: a page's first read of
  // document.cookie waits for the browser, and made this early it waited
  // longest (15-25 ms of a first view at CPU 4x on loopback, against 2-5 ms
  // for the module's own read later in the task; docs/performance.md).
  if (!CONSENT_BANNER_EMBEDDED) {
    // (document.cookie throws in a sandboxed frame without same-origin.)
    var cookies = '';
    try { cookies = document.cookie; } catch (e) { /* no cookies to read */ }
    var django = /(?:^|;)\s*django_language\s*=\s*([^;]*)/.exec(cookies);
    var candidates = [script.getAttribute('data-lang'), django && django[1], document.documentElement.getAttribute('lang')]
      .concat(navigator.languages || []);
    for (var i = 0; i < candidates.length && !lang; i++) lang = supported(candidates[i]);
  }
  // Each language's glue and wasm, with their SHA-384 (written in by
  // scripts/build.mjs: [glue file, its integrity, wasm file, its integrity]).
  // Their names carry a hash of their content, so a CDN may cache them for
  // good; this loader's own name stays.
  var builds = CONSENT_BANNER_BUILDS;
  // data-debug: the administrators' build (every language, and the full
  // explanation of a registry problem instead of its short code).
  var debug = script.hasAttribute('data-debug');
  function load(lang) {
    // The bundle (src/web/bundle.js): its own copy, started here, in this
    // task. (The condition leaves this out of consent-banner.js.)
    if (CONSENT_BANNER_EMBEDDED && !debug) return startEmbedded(loadError('WebAssembly module', base));
    var files = builds[debug ? 'debug' : lang];
    var glueUrl = new URL(files[0], base).href;
    var wasmUrl = new URL(files[2], base).href;
    // The wasm is requested now, alongside its glue, rather than by the glue
    // once it has loaded: one round trip less before the dialog. The
    // browser checks its SHA-384 before handing it over.
    // It is compiled as it arrives, while the glue loads, rather than once
    // the glue has run: on a returning view that compile comes from V8's
    // code cache, and overlapping it shortens the way to the stored
    // choice's scripts.
    var wasm = fetch(wasmUrl, { credentials: 'same-origin', integrity: files[3] }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response;
    }).catch(function (error) { return why(wasmUrl, error); }).then(compile).catch(loadError('WebAssembly module', wasmUrl));
    // import() takes no integrity: the glue is first run as a module
    // <script> with one (allowed by a CSP's script-src 'self' as well), then
    // import() gets that same, checked module from the browser's module map.
    var glue = new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.type = 'module';
      tag.src = glueUrl;
      tag.integrity = files[1];
      tag.onload = function () { tag.remove(); resolve(); };
      tag.onerror = function () { tag.remove(); reject(new Error('failed to load')); };
      document.head.appendChild(tag);
    }).catch(function (error) { return why(glueUrl, error); }).then(function () {
      return import(glueUrl);
    }).catch(loadError('JavaScript glue', glueUrl));
    return Promise.all([glue, wasm]).then(function (parts) {
      return parts[0].default({ module_or_path: parts[1] }).then(function () { return parts[0]; }, loadError('WebAssembly module', wasmUrl));
    });
  }
  // (A throw while asking becomes a failure like any other: reported, and
  // nothing optional runs.) The loader asks for its glue and wasm first;
  // the bundle asks for the registry first (when the tag names one; a
  // registry written into the bundle needs no request), which then travels
  // while the embedded module is decoded and compiled.
  // (The same line twice, under opposite constants, so that each build
  // keeps one of them inline.)
  var loading = null;
  if (lang && !CONSENT_BANNER_EMBEDDED) {
    try { loading = load(lang); } catch (error) { loading = Promise.reject(error); }
  }
  var registryAttr = script.getAttribute('data-registry');
  var registryBytes;
  if (registryAttr) {
    var registryUrl = new URL(registryAttr, document.baseURI).href;
    registryBytes = fetch(registryUrl, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) {
        throw new Error('could not load the cookie registry from ' + registryUrl + ' (HTTP ' + response.status + ')');
      }
      // Bytes, not text: they go into the WebAssembly as one copy (the
      // module checks they are UTF-8).
      return response.arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
    }, function (error) {
      throw new Error('could not load the cookie registry from ' + registryUrl + ' (' + error.message + ')');
    });
  } else if (CONSENT_BANNER_EMBEDDED && embeddedRegistry()) {
    // The bundle only: a registry `consent-banner bundle` wrote into it,
    // checked by the module like any other (the toolkit's check is not
    // trusted in its place).
    registryBytes = Promise.resolve(new TextEncoder().encode(embeddedRegistry()));
    // A registry the page also carries is not read: said, so that an
    // administrator who edits it knows why nothing changes.
    domReady.then(function () {
      var named = script.getAttribute('data-registry-element');
      if (named || document.getElementById('consent-registry')) {
        console.warn(PREFIX + 'this file carries the registry `consent-banner bundle` wrote into it, so an inline registry (id "' + (named || 'consent-registry') + '") is not read; to change the registry, write it in again with `consent-banner bundle`');
      }
    });
  } else {
    var elementId = script.getAttribute('data-registry-element') || 'consent-registry';
    registryBytes = domReady.then(function () {
      var element = document.getElementById(elementId);
      if (!element) {
        throw new Error('no cookie registry found: give the script tag data-registry="registry.json", or add <script type="application/json" id="' + elementId + '"> to the page');
      }
      return new TextEncoder().encode(element.textContent);
    });
  }
  if (CONSENT_BANNER_EMBEDDED) {
    try { loading = load(lang); } catch (error) { loading = Promise.reject(error); }
  }
  // When the language is known from the tag, the cookie, the page or the
  // browser (nearly always), the module is on its way by now, in this same
  // task (the loader's files requested, or the bundle's copy compiling).
  // None of them: the registry decides, once it is read (a registry that cannot be read is reported by
  // the module, in English).
  var module = lang || CONSENT_BANNER_EMBEDDED ? loading : registryBytes.then(function (bytes) {
    return supported(JSON.parse(new TextDecoder().decode(bytes)).default_language) || 'en';
  }).catch(function () { return 'en'; }).then(load);
  // Streaming compilation needs the server to send the file as
  // application/wasm; otherwise it is compiled once downloaded, and the
  // console says why it was slower.
  function compile(response) {
    if (WebAssembly.compileStreaming && /^application\/wasm\b/.test(response.headers.get('Content-Type') || '')) {
      return WebAssembly.compileStreaming(response);
    }
    console.warn(PREFIX + 'the server does not send ' + response.url + ' as application/wasm: it is compiled after downloading instead of while downloading');
    return response.arrayBuffer().then(function (bytes) { return WebAssembly.compile(bytes); });
  }
  // What made a checked file fail: asked again without the check, it
  // answers (a tampered or stale copy), answers an HTTP error, or not at
  // all (network, or another origin without CORS). Only on failure.
  function why(url, error) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      throw new Error(response.ok ? 'its SHA-384 is not the one this consent-banner.js was built with: a tampered or stale copy; serve the files of one build together'
        : 'HTTP ' + response.status);
    }, function () {
      throw new Error((error && error.message) + '; unreachable, or on another origin that does not send Access-Control-Allow-Origin');
    });
  }
  function loadError(what, url) {
    return function (error) {
      throw error && error.loaded ? error : Object.assign(new Error('could not load its ' + what + ' from ' + url + ' (' + (error && error.message) + ')'), { loaded: true });
    };
  }
  Promise.all([module, registryBytes, domReady]).then(function (parts) {
    var m = parts[0];
    // For performance tools: the module starts here (loaded, registry read,
    // DOM parsed); consent:ready follows when it has drawn what it needs.
    if (window.performance && performance.mark) performance.mark('consent-banner:boot');
    started = m;
    m.boot(parts[1], {
      lang: script.getAttribute('data-lang') || '',
      reloadOnWithdraw: script.getAttribute('data-reload-on-withdraw') || '',
      receiptEndpoint: script.getAttribute('data-receipt-endpoint') || '',
      floatingButton: script.hasAttribute('data-floating-button') ? (script.getAttribute('data-floating-button') || 'true') : '',
      gtag: gtag
    });
    glue = m;
    queue.splice(0).forEach(function (call) { m[call[0]].apply(null, call[1]); });
    resolveReady(api);
  }).catch(function (error) {
    fail(error.message);
    // As promised (consent-banner.d.ts): ready settles on failure too, so
    // page code awaiting it goes on, with getConsent() null.
    resolveReady(api);
  });
})();
