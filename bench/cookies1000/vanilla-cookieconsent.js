// 1,000-cookie render, vanilla-cookieconsent: its script and the config's
// JSON text are loaded first, untimed; the timed part is the call into the
// module — JSON.parse + CookieConsent.run() (which renders the consent
// modal) — then CookieConsent.showPreferences(), which builds the preferences
// modal with its cookie tables, and a forced style/layout.
const text = await (await fetch('/bench/pages/vanilla-cookieconsent-1000.json')).text();
await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

const t0 = performance.now();
await window.CookieConsent.run(JSON.parse(text));
const tRun = performance.now();
window.CookieConsent.showPreferences();
const prefs = document.querySelector('#cc-main .pm');
prefs?.getBoundingClientRect();
const t1 = performance.now();

window.__render = {
  ms: t1 - t0,
  firstMs: tRun - t0,
  policyRows: prefs ? prefs.querySelectorAll('tbody tr').length : 0,
  preferences: Boolean(prefs && prefs.getClientRects().length),
};
