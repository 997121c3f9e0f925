// 1,000-cookie render, consent-banner: everything the module needs (the
// WebAssembly instance, the registry's JSON text) is loaded first, untimed;
// the timed part is the call into the module — boot() parses and validates
// the registry, renders the policy into <div data-consent-policy> and the
// first layer — then showPreferences() and a forced style/layout, so that the
// policy and the preferences layer exist and are laid out.
import init, * as cb from '/pkg/consent_banner.js';

const text = await (await fetch('/bench/pages/registry-1000.json')).text();
await init({ module_or_path: '/pkg/consent_banner_bg.wasm' });
await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

const t0 = performance.now();
cb.boot(text, {});
const tBoot = performance.now();
cb.showPreferences();
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
