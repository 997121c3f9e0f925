// What the benchmarks share: the targets (each consent module as its own
// documentation includes it), the visibility detector and the page template.
// Used by scripts/bench.mjs (loopback profile) and scripts/bench-phone.mjs
// (phone profile: network, HTTP/2, portal-weight page).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
export const VENDOR = '/vendor';
export const GATED = '/bench/gated.js';
/** The registry the benchmarks give this module. */
export const OURS_REGISTRY = '/bench/targets/ours/registry.json';
/** The bundle with that registry written in (`consent-banner bundle`), in pkg/ of the served root. */
export const EMBEDDED = 'consent-banner.portal.js';

/**
 * Writes `root`/pkg/EMBEDDED from `root`/pkg's bundle with the toolkit, as
 * the README tells an administrator to (the debug binary: the command is a
 * text operation, and `cargo test` has built it).
 */
export function writeEmbedded(root) {
  const repo = join(BENCH, '..');
  execFileSync('cargo', ['build', '--quiet', '--bin', 'consent-banner'], { cwd: repo, stdio: 'inherit' });
  execFileSync(join(repo, 'target', 'debug', 'consent-banner'), ['bundle', join(repo, OURS_REGISTRY.slice(1)),
    '--from', join(root, 'pkg', 'consent-banner.bundle.js'), '--out', join(root, 'pkg', EMBEDDED)], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
}

export const TARGETS = [
  {
    id: 'ours', label: 'consent-banner', version: 'this repo',
    // The README's tag: the bundle, every byte in one file, the registry
    // written in by `consent-banner bundle` (writeEmbedded).
    head: `<script src="/pkg/${EMBEDDED}" defer></script>`,
    body: `<script type="text/plain" data-consent-category="statistics" src="${GATED}"></script>`,
    own: ['/pkg/', '/bench/targets/ours/'],
    dialog: "document.getElementById('consent-banner-host')?.shadowRoot?.querySelector('[role=dialog]')",
    accept: (page) => page.locator('#consent-banner-host').getByRole('button', { name: 'Accept all' }),
  },
  {
    id: 'vanilla-cookieconsent', label: 'vanilla-cookieconsent', pkg: 'vanilla-cookieconsent',
    head: [
      `<link rel="stylesheet" href="${VENDOR}/vanilla-cookieconsent/dist/cookieconsent.css">`,
      `<script src="${VENDOR}/vanilla-cookieconsent/dist/cookieconsent.umd.js" defer></script>`,
      '<script src="/bench/targets/vanilla-cookieconsent/config.js" defer></script>',
    ].join('\n'),
    body: `<script type="text/plain" data-category="analytics" src="${GATED}"></script>`,
    own: [`${VENDOR}/vanilla-cookieconsent/`, '/bench/targets/vanilla-cookieconsent/'],
    dialog: "document.querySelector('#cc-main .cm')",
    accept: (page) => page.locator('#cc-main .cm [data-role=all]'),
  },
  {
    id: 'orejime', label: 'orejime', pkg: 'orejime',
    head: [
      `<link rel="stylesheet" href="${VENDOR}/orejime/dist/orejime-standard.css">`,
      '<script src="/bench/targets/orejime/config.js" defer></script>',
      `<script src="${VENDOR}/orejime/dist/orejime-standard-en.js" defer></script>`,
    ].join('\n'),
    body: `<template data-purpose="statistics"><script src="${GATED}"></script></template>`,
    own: [`${VENDOR}/orejime/`, '/bench/targets/orejime/'],
    dialog: "document.querySelector('.orejime-Banner')",
    accept: (page) => page.locator('.orejime-Banner').getByRole('button', { name: /accept/i }),
  },
  {
    id: 'klaro', label: 'klaro', pkg: 'klaro',
    head: [
      '<script src="/bench/targets/klaro/config.js" defer></script>',
      `<script src="${VENDOR}/klaro/dist/klaro.js" defer></script>`,
    ].join('\n'),
    body: `<script type="text/plain" data-type="text/javascript" data-name="statistics" data-src="${GATED}"></script>`,
    own: [`${VENDOR}/klaro/`, '/bench/targets/klaro/'],
    dialog: "document.querySelector('.klaro .cookie-notice:not(.cookie-notice-hidden)')",
    accept: (page) => page.locator('.klaro .cookie-notice .cm-btn-success'),
  },
  {
    id: 'tarteaucitron', label: 'tarteaucitron', pkg: 'tarteaucitronjs',
    head: [
      `<script src="${VENDOR}/tarteaucitronjs/tarteaucitron.min.js" defer></script>`,
      '<script src="/bench/targets/tarteaucitron/config.js" defer></script>',
    ].join('\n'),
    body: '',
    own: [`${VENDOR}/tarteaucitronjs/`, '/bench/targets/tarteaucitron/'],
    dialog: "document.getElementById('tarteaucitronAlertBig')",
    accept: (page) => page.locator('#tarteaucitronPersonalize2'),
  },
  {
    id: 'static', label: 'static HTML banner', version: 'limit',
    head: [
      '<style>',
      '#static-banner{position:fixed;left:0;right:0;bottom:0;z-index:1000;padding:1rem 2rem;background:#fff;color:#1b1f24;border-top:2px solid #1f4e8c;box-shadow:0 -2px 8px rgba(0,0,0,.15)}',
      '#static-banner[hidden]{display:none}#static-banner h2{margin:0 0 .25rem;font-size:1.1rem}#static-banner p{margin:0 0 .75rem}',
      '#static-banner button{font:inherit;padding:.5rem 1rem;margin-right:.5rem;border:2px solid #1f4e8c;border-radius:4px;background:#1f4e8c;color:#fff;cursor:pointer}',
      '</style>',
      '<script src="/bench/targets/static/banner.js" defer></script>',
    ].join('\n'),
    body: [
      '<section id="static-banner" role="dialog" aria-labelledby="static-banner-title">',
      '<h2 id="static-banner-title">We use cookies</h2>',
      '<p>Necessary cookies keep the portal working. With your consent, statistics cookies count visits so that we know which datasets are useful.</p>',
      '<button type="button" value="accept">Accept all</button><button type="button" value="reject">Reject all</button><button type="button" value="customize">Customize</button>',
      '</section>',
    ].join('\n'),
    own: ['/bench/targets/static/'],
    dialog: "document.getElementById('static-banner')",
    accept: (page) => page.locator('#static-banner button[value=accept]'),
  },
];

// Calibration: the static banner shown by a promise callback after a 30 ms
// busy loop. The trace must see those 30 ms (CDP's ScriptDuration does not).
{
  const stat = TARGETS.find((t) => t.id === 'static');
  TARGETS.push({
    ...stat, id: 'calibration', label: 'calibration: static + 30 ms in a promise', version: 'check', returning: false,
    head: `${stat.head}\n<script src="/bench/targets/calibration/busy.js" defer></script>`,
    body: stat.body.replace('<section id="static-banner"', '<section id="static-banner" hidden'),
    own: ['/bench/targets/static/', '/bench/targets/calibration/'],
  });
}
export const CALIBRATION_MS = 30;

/** A bench page from bench/template.html with a target's snippets. */
export function page(target, { head, body, main = '' }) {
  const template = readFileSync(join(BENCH, 'template.html'), 'utf8');
  return template.replace('{{TARGET}}', target).replace('{{HEAD}}', head).replace('{{BODY}}', body).replace('{{MAIN}}', main);
}

export function initScript(dialogExpr) {
  // Finds the dialog on DOM mutations (querySelector only: no style or
  // layout), then lets an IntersectionObserver report when it is on screen:
  // entry.time comes from the browser's own rendering update, so the
  // detector forces no layout inside the measured window. A dialog that is
  // laid out but still transparent or hidden (a fade-in) is then checked on
  // each animation frame. The same detector for every target.
  return `(() => {
  const find = () => ${dialogExpr};
  let done = false;
  const seen = new WeakSet();
  const report = (t) => {
    if (done) return;
    done = true;
    window.__visibleAt = t;
    if (typeof window.__benchVisible === 'function') window.__benchVisible(String(t));
  };
  const shown = (el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const io = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (done || !entry.isIntersecting) continue;
      const el = entry.target;
      if (shown(el)) { report(entry.time); return; }
      const frame = (t) => { if (done) return; if (el.isConnected && shown(el)) report(t); else requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    }
  });
  const check = () => {
    if (done) return;
    let el = null;
    try { el = find(); } catch { return; }
    if (el && !seen.has(el)) { seen.add(el); io.observe(el); }
  };
  const mo = new MutationObserver(check);
  const watch = (root) => mo.observe(root, { childList: true, subtree: true, attributes: true });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { const root = attach.call(this, init); watch(root); return root; };
  watch(document);
  document.addEventListener('click', () => { if (window.__clickAt === undefined) window.__clickAt = performance.now(); }, true);
})();`;
}

/**
 * Waits for a CDP binding call from the page (`window[name](String(t))`) and
 * resolves to its number; rejects after `timeout` ms, naming `what` and the
 * page errors seen so far (`problems`). The listener is removed either way.
 */
export function binding(cdp, name, what, problems, timeout) {
  return new Promise((done, fail) => {
    const listener = (event) => {
      if (event.name !== name) return;
      clearTimeout(timer);
      cdp.off('Runtime.bindingCalled', listener);
      done(Number(event.payload));
    };
    const timer = setTimeout(() => {
      cdp.off('Runtime.bindingCalled', listener);
      fail(new Error(`${what} not seen after ${timeout} ms${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`));
    }, timeout);
    cdp.on('Runtime.bindingCalled', listener);
  });
}
