// 1,000-cookie render, consent-banner: the page loads the module with its
// script tag (data-registry = the 1,000-cookie registry); the loader sets the
// performance mark `consent-banner:boot` just before it calls into the module
// (the wasm instantiated and the registry's text fetched, both untimed). The
// timed part runs from that mark: boot() parses and validates the registry,
// renders the policy into <div data-consent-policy> and the first layer, then
// fires consent:ready; then showPreferences() and a forced style/layout, so
// that the policy and the preferences layer exist and are laid out.
document.addEventListener('consent:ready', () => {
  const t0 = performance.getEntriesByName('consent-banner:boot').pop().startTime;
  const tBoot = performance.now();
  window.consentBanner.showPreferences();
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
}, { once: true });
