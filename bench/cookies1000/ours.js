// 1,000-cookie render, consent-banner: the page loads the module with its
// script tag (data-registry = the 1,000-cookie registry); the loader sets the
// performance mark `consent-banner:boot` just before it calls into the module
// (the wasm instantiated and the registry's text fetched, both untimed). The
// timed part runs from that mark: boot() parses and validates the registry,
// renders the policy into <div data-consent-policy> and the first layer, then
// fires consent:ready; once the API is ready (a microtask later),
// showPreferences() and a forced style/layout, so that the policy and the
// preferences layer exist and are laid out.
let tBoot;
document.addEventListener('consent:ready', () => { tBoot = performance.now(); }, { once: true });
window.consentBanner.ready.then((api) => {
  const t0 = performance.getEntriesByName('consent-banner:boot').pop().startTime;
  api.showPreferences();
  const policy = document.querySelector('[data-consent-policy]');
  const prefs = document.getElementById('consent-banner-host')?.shadowRoot?.querySelector('dialog[open], [role=dialog][aria-modal=true]');
  policy.getBoundingClientRect();
  prefs?.getBoundingClientRect();
  const t1 = performance.now();
  window.__render = {
    ms: t1 - t0,
    firstMs: tBoot - t0,
    policyRows: policy.querySelectorAll('tbody tr').length,
    preferences: Boolean(prefs && prefs.getClientRects().length),
  };
});
