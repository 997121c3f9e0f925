// The entry of consent-banner.bundle.js (scripts/build.mjs): the `all`
// build's glue, the function below, then the loader's source
// (src/web/consent-banner.js), bundled by esbuild into one classic script.
// The loader calls startEmbedded() instead of fetching a language's files.
import * as glue from 'consent-banner:glue';

// The module's bytes are one per character of a string literal, written in
// by scripts/build.mjs (CONSENT_BANNER_WASM). They are compiled and
// instantiated synchronously, in the loader's own task, while the registry
// is on its way (Chromium compiles the 120 KB in a few milliseconds); where
// a browser refuses to compile that much on the main thread, the
// asynchronous path. What checks these bytes is the page's integrity
// attribute on the tag. `fail` words a failure as the loader reports it.
function startEmbedded(fail) {
  var text = CONSENT_BANNER_WASM;
  var bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  try {
    glue.initSync({ module: new WebAssembly.Module(bytes) });
    return Promise.resolve(glue);
  } catch (error) {
    return glue.default({ module_or_path: bytes }).then(function () { return glue; }, fail);
  }
}

// The portal's registry, when `consent-banner bundle` wrote one into this
// copy (src/cli/bundle.rs): its JSON text in place of the string below,
// which a registry can never be (a registry starts with `{`). Otherwise
// null, and the tag's data-registry or the page's inline registry is read.
function embeddedRegistry() {
  var text = CONSENT_BANNER_REGISTRY;
  return text.charAt(0) === '{' ? text : null;
}
