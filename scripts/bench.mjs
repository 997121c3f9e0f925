// Benchmark: consent-banner against four peer consent managers and a static
// HTML banner (the physical limit), on one portal-like page, in one headless
// Chromium. Runs alternate between targets (round-robin), BENCH_RUNS each
// (default 7), each in a fresh browser context; medians are reported.
//
//   npm run bench                 # builds pkg/ first
//   BENCH_RUNS=3 node scripts/bench.mjs
//
// Writes BENCHMARKS.md and docs/bench.svg and prints the table. It measures,
// it never asserts: budgets are reported as met / NOT met, nothing fails.
// Not part of `npm test`.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { runInNewContext } from 'node:vm';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { wasmMemoryBytes } from './wasm-memory.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(REPO, 'bench');
const PAGES = join(BENCH, 'pages');
const RUNS = Math.max(1, Number.parseInt(process.env.BENCH_RUNS || '7', 10) || 7);
const TIMEOUT = 15000;
const SETTLE_MS = 800;
const VENDOR = '/vendor';

const BUDGETS = { gzip: 12000, visibleRatio: 1.15, scriptMs: 5, clickPlusMs: 5, renderMs: 16 };

// ---------------------------------------------------------------------------
// Targets. Each: the page's <head> and end-of-<body> snippets, the URL
// prefixes of its own responses (payload), how to find its dialog, and its
// "accept all" button.
const GATED = '/bench/gated.js';
const TARGETS = [
  {
    id: 'ours', label: 'consent-banner', version: 'this repo',
    head: '<script src="/pkg/consent-banner.js" data-registry="/bench/targets/ours/registry.json" defer></script>',
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
const STATIC = 'static';
// BENCH_TARGETS=ours,static runs only these (for debugging; the static banner is always kept).
const ONLY = (process.env.BENCH_TARGETS || '').split(',').filter(Boolean);
if (ONLY.length) TARGETS.splice(0, TARGETS.length, ...TARGETS.filter((t) => t.id === STATIC || ONLY.includes(t.id)));

/** The 1,000-cookie pages: only targets with cookie tables. */
const RENDER_TARGETS = {
  ours: {
    head: '<script src="/pkg/consent-banner.js" data-registry="/bench/pages/registry-1000.json" defer></script>',
    body: '<script src="/bench/cookies1000/ours.js" defer></script>',
    main: '<div data-consent-policy></div>',
  },
  'vanilla-cookieconsent': {
    head: [
      `<link rel="stylesheet" href="${VENDOR}/vanilla-cookieconsent/dist/cookieconsent.css">`,
      `<script src="${VENDOR}/vanilla-cookieconsent/dist/cookieconsent.umd.js" defer></script>`,
    ].join('\n'),
    body: '<script type="module" src="/bench/cookies1000/vanilla-cookieconsent.js"></script>',
    main: '',
  },
};

// ---------------------------------------------------------------------------
// Pages, generated from bench/template.html.

function page(target, { head, body, main = '' }) {
  const template = readFileSync(join(BENCH, 'template.html'), 'utf8');
  return template.replace('{{TARGET}}', target).replace('{{HEAD}}', head).replace('{{BODY}}', body).replace('{{MAIN}}', main);
}

/** The 1,000-cookie registry: 500 necessary, 500 statistics cookies. */
function registry1000() {
  const base = JSON.parse(readFileSync(join(BENCH, 'targets', 'ours', 'registry.json'), 'utf8'));
  const durations = ['session', '30 minutes', '2 weeks', '6 months', '13 months', '1 year'];
  for (const [c, category] of base.categories.entries()) {
    const keep = category.cookies.length;
    for (let i = keep; i < 500; i++) {
      const n = c * 500 + i;
      category.cookies.push({
        provider: `Provider ${n % 37}`,
        function: `Function ${n % 11} (front office)`,
        names: [`${category.id}_cookie_${String(n).padStart(4, '0')}`],
        purposes: `Purpose number ${n}: what this cookie is used for, in one sentence`,
        duration: durations[n % durations.length],
      });
    }
  }
  return base;
}

/** The same 1,000 cookies as vanilla-cookieconsent cookie tables. */
function vanilla1000(registry) {
  const headers = { name: 'Name', provider: 'Provider', function: 'Function', purposes: 'Purposes', duration: 'Duration' };
  const sections = registry.categories.map((c) => ({
    title: c.title,
    description: c.description,
    linkedCategory: c.necessary ? 'necessary' : 'analytics',
    cookieTable: {
      headers,
      body: c.cookies.map((k) => ({ name: k.names.join(', '), provider: k.provider, function: k.function, purposes: k.purposes, duration: k.duration })),
    },
  }));
  // The same configuration as the main page: run config.js with a stand-in CookieConsent.
  let config;
  runInNewContext(readFileSync(join(BENCH, 'targets', 'vanilla-cookieconsent', 'config.js'), 'utf8'),
    { CookieConsent: { run: (c) => { config = c; } } });
  config.language.translations.en.preferencesModal.sections = sections;
  return config;
}

function writePages() {
  mkdirSync(PAGES, { recursive: true });
  writeFileSync(join(BENCH, '.gitignore'), 'pages/\n');
  for (const t of TARGETS) writeFileSync(join(PAGES, `${t.id}.html`), page(t.id, t));
  for (const [id, t] of Object.entries(RENDER_TARGETS)) writeFileSync(join(PAGES, `${id}-1000.html`), page(`${id}, 1,000 cookies`, t));
  const reg = registry1000();
  writeFileSync(join(PAGES, 'registry-1000.json'), JSON.stringify(reg));
  writeFileSync(join(PAGES, 'vanilla-cookieconsent-1000.json'), JSON.stringify(vanilla1000(reg)));
}

// ---------------------------------------------------------------------------
// One run.

function initScript(dialogExpr) {
  return `(() => {
  const find = () => ${dialogExpr};
  let done = false, observer = null;
  const check = () => {
    if (done) return;
    let el = null;
    try { el = find(); } catch { return; }
    if (!el || !el.isConnected) return;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
    done = true;
    const t = performance.now();
    window.__visibleAt = t;
    if (observer) observer.disconnect();
    if (typeof window.__benchVisible === 'function') window.__benchVisible(String(t));
  };
  const frame = () => { check(); if (!done) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('click', () => { if (window.__clickAt === undefined) window.__clickAt = performance.now(); }, true);
})();`;
}

const metric = (metrics, name) => metrics.find((m) => m.name === name)?.value;

async function runTarget(browser, base, target) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript({ content: initScript(target.dialog) });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: '__benchVisible' });

    // Payload: the bodies of the target's own responses, from the network.
    const bodies = [];
    page.on('requestfinished', (request) => {
      const path = new URL(request.url()).pathname;
      if (!target.own.some((p) => path.startsWith(p))) return;
      bodies.push(request.response().then((r) => r?.body()).then((b) => ({ path, body: b })).catch(() => null));
    });

    // Script time, read as soon as the page reports the dialog visible.
    const visible = new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`${target.id}: dialog not visible after ${TIMEOUT} ms`)), TIMEOUT);
      cdp.on('Runtime.bindingCalled', async (event) => {
        if (event.name !== '__benchVisible') return;
        const { metrics } = await cdp.send('Performance.getMetrics');
        clearTimeout(timer);
        done({ at: Number(event.payload), scriptMs: metric(metrics, 'ScriptDuration') * 1000 });
      });
    });
    const nav = page.goto(`${base}bench/pages/${target.id}.html`, { waitUntil: 'load', timeout: TIMEOUT });
    let shown;
    try {
      shown = await visible;
    } catch (e) {
      throw new Error(`${e.message}${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`);
    }
    await nav;
    // Settle before memory and the click: late requests of the module (lazy
    // CSS, languages), and tarteaucitron attaches its buttons' click handlers
    // 500 ms after showing its banner (a setTimeout in tarteaucitron.js), so an
    // earlier click is lost. The same wait for every target.
    await page.waitForTimeout(SETTLE_MS);

    // Memory after the dialog is visible (after a full GC, so garbage does not count).
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = target.id === 'ours' ? await wasmMemoryBytes(cdp) : 0;

    // Click "accept all" → gated script executed.
    await target.accept(page).click({ timeout: TIMEOUT });
    await page.waitForFunction(() => window.__gatedAt !== undefined, null, { timeout: TIMEOUT }).catch(async (e) => {
      const state = await page.evaluate(() => ({ clickAt: window.__clickAt, visibleAt: window.__visibleAt, cookie: document.cookie })).catch(() => ({}));
      throw new Error(`${e.message.split('\n')[0]} (gated script did not run after the click; ${JSON.stringify(state)}; page errors: ${problems.join(' | ') || 'none'})`);
    });
    const { clickAt, gatedAt, runs } = await page.evaluate(() => ({ clickAt: window.__clickAt, gatedAt: window.__gatedAt, runs: window.__gatedRuns }));

    const files = (await Promise.all(bodies)).filter((f) => f && f.body && f.path !== GATED);
    const payload = { raw: 0, gzip: 0, brotli: 0, files: files.map((f) => f.path).sort() };
    if (process.env.BENCH_DEBUG) console.error(target.id, { clickAt, gatedAt, visible: shown.at, problems });
    for (const { body } of files) {
      payload.raw += body.length;
      payload.gzip += gzipSync(body, { level: 9 }).length;
      payload.brotli += brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    return {
      gzip: payload.gzip, brotli: payload.brotli, raw: payload.raw, files: payload.files,
      visibleMs: shown.at, scriptMs: shown.scriptMs,
      clickMs: gatedAt - clickAt, gatedRuns: runs,
      heapKB: usedSize / 1024, wasmKB: wasm / 1024, problems,
    };
  } finally {
    await context.close();
  }
}

async function runRender(browser, base, id) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}bench/pages/${id}-1000.html`, { timeout: TIMEOUT });
    await page.waitForFunction(() => window.__render !== undefined, null, { timeout: TIMEOUT }).catch(() => {
      throw new Error(`${id}: 1,000-cookie page did not finish; page errors: ${problems.join(' | ')}`);
    });
    return await page.evaluate(() => window.__render);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------
// Report.

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

const METRICS = [
  { key: 'gzip', title: 'payload gzip -9 (bytes)', short: 'gzip B', show: fmtInt },
  { key: 'brotli', title: 'payload brotli (bytes)', short: 'brotli B', show: fmtInt },
  { key: 'visibleMs', title: 'navigation → dialog visible (ms)', short: 'visible ms', show: (n) => fmt(n) },
  { key: 'scriptMs', title: 'script time until visible (ms)', short: 'script ms', show: (n) => fmt(n) },
  { key: 'clickMs', title: 'click accept → gated script (ms)', short: 'click→gated ms', show: (n) => fmt(n) },
  { key: 'heapKB', title: 'JS heap after visible (KiB)', short: 'heap KiB', show: (n) => fmtInt(n) },
  { key: 'wasmKB', title: 'wasm memory (KiB)', short: 'wasm KiB', show: (n) => fmtInt(n) },
  { key: 'renderMs', title: '1,000-cookie policy + preferences render (ms)', short: '1k render ms', show: (n) => fmt(n) },
];

function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  return found;
}

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function svgChart(rows, metrics) {
  const colors = ['#1f4e8c', '#d9822b', '#3d9970', '#b10dc9', '#c0392b', '#7f8c8d'];
  const groupW = 150, barGap = 4, plotH = 260, top = 60, left = 20;
  const barW = Math.floor((groupW - 30) / rows.length) - barGap;
  const width = left * 2 + groupW * metrics.length;
  const height = top + plotH + 60;
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="24" font-size="16" font-weight="bold">consent-banner benchmark — medians of ${RUNS} runs (each group scaled to its largest value; lower is better)</text>`,
  ];
  rows.forEach((r, i) => {
    const x = left + i * 175;
    out.push(`<rect x="${x}" y="36" width="12" height="12" fill="${colors[i % colors.length]}"/><text x="${x + 16}" y="46">${esc(r.label)}</text>`);
  });
  metrics.forEach((m, g) => {
    const gx = left + g * groupW;
    const values = rows.map((r) => r.median[m.key]);
    const max = Math.max(...values.filter(Number.isFinite), 1e-9);
    out.push(`<line x1="${gx + 10}" y1="${top + plotH}" x2="${gx + groupW - 10}" y2="${top + plotH}" stroke="#333"/>`);
    rows.forEach((r, i) => {
      const v = values[i];
      const x = gx + 15 + i * (barW + barGap);
      if (!Number.isFinite(v)) {
        out.push(`<text x="${x + barW / 2}" y="${top + plotH - 4}" text-anchor="start" font-size="9" fill="#888" transform="rotate(-90 ${x + barW / 2} ${top + plotH - 4})" dy="3">n/a</text>`);
        return;
      }
      const h = Math.max(1, (v / max) * (plotH - 60));
      out.push(`<rect x="${x}" y="${(top + plotH - h).toFixed(1)}" width="${barW}" height="${h.toFixed(1)}" fill="${colors[i % colors.length]}"><title>${esc(`${r.label}: ${m.show(v)}`)}</title></rect>`);
      const ty = top + plotH - h - 3;
      out.push(`<text x="${x + barW / 2}" y="${ty.toFixed(1)}" text-anchor="start" font-size="9" transform="rotate(-90 ${x + barW / 2} ${ty.toFixed(1)})" dy="3">${esc(m.show(v))}</text>`);
    });
    const words = m.title.split(' ');
    const lines = [];
    for (const w of words) {
      if (lines.length && (lines[lines.length - 1] + ' ' + w).length <= 22) lines[lines.length - 1] += ` ${w}`;
      else lines.push(w);
    }
    lines.forEach((l, k) => out.push(`<text x="${gx + groupW / 2}" y="${top + plotH + 18 + k * 13}" text-anchor="middle">${esc(l)}</text>`));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------

/**
 * A private copy of pkg/, so that a rebuild by someone else during the run
 * (which empties pkg/) cannot change what is measured: a temporary root with
 * pkg/ copied and bench/, node_modules/ linked to the repository's.
 */
function snapshotRoot() {
  const FILES = ['consent-banner.js', 'consent_banner.en.js', 'consent_banner_bg.en.wasm'];
  for (const f of FILES) {
    if (!existsSync(join(REPO, 'pkg', f))) throw new Error(`pkg/${f} is missing: run npm run build first`);
  }
  const root = mkdtempSync(join(tmpdir(), 'consent-banner-bench-'));
  mkdirSync(join(root, 'pkg'));
  mkdirSync(join(root, 'www'));
  for (const f of FILES) copyFileSync(join(REPO, 'pkg', f), join(root, 'pkg', f));
  symlinkSync(BENCH, join(root, 'bench'), 'dir');
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const sizes = FILES.map((f) => `${f} ${statSync(join(root, 'pkg', f)).size} B`).join(', ');
  return { root, sizes };
}

async function main() {
  writePages();
  const started = Date.now();
  const snap = snapshotRoot();
  process.stderr.write(`measuring pkg/: ${snap.sizes}\n`);
  const server = await startServer({ port: 0, root: snap.root, mounts: { '/bench/': 'bench', [`${VENDOR}/`]: 'node_modules' } });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--enable-precise-memory-info'],
  });
  const results = Object.fromEntries(TARGETS.map((t) => [t.id, []]));
  const renderIds = Object.keys(RENDER_TARGETS).filter((id) => TARGETS.some((t) => t.id === id));
  const renders = Object.fromEntries(renderIds.map((id) => [id, []]));
  const failures = [];
  let chromiumVersion;
  try {
    for (let run = 1; run <= RUNS; run++) {
      process.stderr.write(`run ${run}/${RUNS}:`);
      for (const t of TARGETS) {
        try {
          const r = await runTarget(browser, server.url, t);
          results[t.id].push(r);
          process.stderr.write(` ${t.id} ${r.visibleMs.toFixed(0)}ms`);
        } catch (e) {
          failures.push(`run ${run}, ${t.id}: ${e.message}`);
          process.stderr.write(` ${t.id} FAILED`);
        }
      }
      for (const id of renderIds) {
        try {
          renders[id].push(await runRender(browser, server.url, id));
        } catch (e) {
          failures.push(`run ${run}, ${id} 1,000 cookies: ${e.message}`);
        }
      }
      process.stderr.write('\n');
    }
    chromiumVersion = browser.version();
  } finally {
    await browser.close();
    await server.close();
    for (const link of ['bench', 'node_modules']) rmSync(join(snap.root, link), { force: true }); // the links only
    rmSync(snap.root, { recursive: true, force: true });
  }

  // Medians.
  const rows = TARGETS.map((t) => {
    const rs = results[t.id];
    const m = {};
    for (const { key } of METRICS) m[key] = median(rs.map((r) => r[key]));
    if (t.id !== 'ours') m.wasmKB = NaN;
    m.renderMs = renders[t.id] ? median(renders[t.id].map((r) => r.ms)) : NaN;
    return {
      id: t.id, label: t.label, version: t.version || versionOf(t.pkg), runs: rs.length, median: m,
      files: rs[0]?.files || [], raw: median(rs.map((r) => r.raw)),
      gatedRuns: [...new Set(rs.map((r) => r.gatedRuns))],
      problems: [...new Set(rs.flatMap((r) => r.problems))],
      render: renders[t.id]?.[0],
    };
  });
  const stat = rows.find((r) => r.id === STATIC).median;
  const ratio = (v, s) => (Number.isFinite(v) && Number.isFinite(s) && s > 0 ? `×${(v / s).toFixed(2)}` : '');
  const cell = (row, m) => {
    const v = row.median[m.key];
    if (!Number.isFinite(v)) {
      if (m.key === 'renderMs') return 'n/a — no cookie tables';
      if (m.key === 'wasmKB') return '—';
      return 'n/a';
    }
    const r = row.id === STATIC ? '' : ratio(v, stat[m.key]);
    return r ? `${m.show(v)} (${r})` : m.show(v);
  };

  const header = `| target | ${METRICS.map((m) => m.title).join(' | ')} |`;
  const sep = `|---|${METRICS.map(() => '---:').join('|')}|`;
  const table = [header, sep, ...rows.map((r) => `| ${r.label} ${r.version} | ${METRICS.map((m) => cell(r, m)).join(' | ')} |`)].join('\n');

  // Budgets (consent-banner).
  const ours = rows.find((r) => r.id === 'ours')?.median || {};
  const mark = (ok) => (ok ? 'met' : '**NOT met**');
  const budgets = [
    `- Payload ≤ ${fmtInt(BUDGETS.gzip)} bytes gzip: ${fmtInt(ours.gzip)} bytes — ${mark(ours.gzip <= BUDGETS.gzip)}`,
    `- Time to visible ≤ ${BUDGETS.visibleRatio}× static: ${fmt(ours.visibleMs)} ms vs ${fmt(stat.visibleMs)} ms static (${ratio(ours.visibleMs, stat.visibleMs)}) — ${mark(ours.visibleMs <= BUDGETS.visibleRatio * stat.visibleMs)}`,
    `- Script time until visible ≤ ${BUDGETS.scriptMs} ms: ${fmt(ours.scriptMs)} ms (static page: ${fmt(stat.scriptMs)} ms) — ${mark(ours.scriptMs <= BUDGETS.scriptMs)}`,
    `- Click → gated script ≤ static + ${BUDGETS.clickPlusMs} ms: ${fmt(ours.clickMs)} ms vs ${fmt(stat.clickMs)} ms + ${BUDGETS.clickPlusMs} = ${fmt(stat.clickMs + BUDGETS.clickPlusMs)} ms — ${mark(ours.clickMs <= stat.clickMs + BUDGETS.clickPlusMs)}`,
    `- 1,000-cookie render ≤ ${BUDGETS.renderMs} ms: ${fmt(ours.renderMs)} ms — ${mark(ours.renderMs <= BUDGETS.renderMs)}`,
  ].join('\n');

  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) || [])[1] || cpus()[0]?.model || 'unknown';
  const node = process.version;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const payloadFiles = rows.map((r) => `- ${r.label}: ${r.files.map((f) => `\`${f}\``).join(', ')} — ${fmtInt(r.raw)} bytes uncompressed`).join('\n');
  const renderDetail = renderIds.map((id) => {
    const row = rows.find((x) => x.id === id);
    const rs = renders[id];
    const first = id === 'ours' ? 'boot()' : 'run()';
    const second = 'showPreferences() + layout';
    if (!rs.length) return `- ${row.label}: no successful run`;
    return `- ${row.label}: median ${fmt(median(rs.map((r) => r.ms)))} ms = ${first} ${fmt(median(rs.map((r) => r.firstMs)))} ms`
      + ` + ${second} ${fmt(median(rs.map((r) => r.ms - r.firstMs)))} ms (medians of each part);`
      + ` ${fmtInt(rs[0].policyRows)} cookie-table rows rendered, preferences layer laid out: ${rs[0].preferences}`;
  }).join('\n');

  const md = `# Benchmarks

Generated by \`npm run bench\` (\`scripts/bench.mjs\`) — every number below comes
from that run; do not edit by hand.

- Machine: ${cpu}, ${cpus().length} cores
- Browser: Chromium ${chromiumVersion} (headless, \`--headless=new --disable-gpu\`), driven by playwright-core ${versionOf('playwright-core')}, Node ${node}
- Date: ${date}
- Runs: ${RUNS} per target, alternating between targets (round-robin), each in a fresh browser context; medians; ratios (×) are to the static HTML banner. Took ${minutes} min.
${failures.length ? `- **Failed runs (left out of the medians):**\n${failures.map((f) => `  - ${f}`).join('\n')}\n` : ''}
## Results

${table}

![bar chart of the medians](docs/bench.svg)

## Budgets (consent-banner)

${budgets}

## What is measured

All targets run on the same portal-like page (\`bench/template.html\`: header,
search, five dataset cards, footer; pages generated into \`bench/pages/\`),
served by \`scripts/serve.mjs\` over HTTP on 127.0.0.1 with \`Cache-Control:
no-store\`, viewport 1280×800, with the same configuration: two categories
(necessary + statistics), English, and one gated script (\`bench/gated.js\`,
which records \`performance.now()\` in \`window.__gatedAt\`). Each module is
loaded with \`defer\` in the \`<head>\`, its configuration in a separate file.

1. **Payload**: the bodies of every response the module makes the page load
   (its JS, CSS, wasm, registry/config; not the page and not the gated
   script), taken from the network (\`requestfinished\` → \`response.body()\`),
   compressed by Node's zlib with gzip level 9 and brotli quality 11. Files:
${payloadFiles.replace(/^/gm, '   ')}
   The static banner's markup and CSS are inline in the page and are not
   counted; only its click script is.
2. **Navigation → dialog visible**: \`performance.now()\` (0 = navigation
   start) at the first check where the target's dialog element exists, has a
   non-empty box and passes \`checkVisibility({opacityProperty, visibilityProperty})\`.
   An init script checks on every animation frame and on every DOM mutation.
   For consent-banner the element is \`[role=dialog]\` in the open shadow root of
   \`#consent-banner-host\`.
3. **Script time until visible**: CDP \`Performance.getMetrics\` →
   \`ScriptDuration\`, read when the init script reports the dialog visible
   (through a CDP binding, so a few ms of later work may be included). It
   counts all script on the page, including the bench's own init script and
   the static banner's; the static row is the floor.
4. **Click accept → gated script**: a real click (Playwright) on the
   target's "accept all" button; \`window.__gatedAt\` minus the time of the
   click event in a capturing listener on \`document\`. Every target fetches
   \`bench/gated.js\` from the network after the click.
5. **JS heap / wasm memory**: after the dialog is visible and a forced full GC
   (\`HeapProfiler.collectGarbage\`), CDP \`Runtime.getHeapUsage\` \`usedSize\`
   (the whole page, so the static row is the floor); for consent-banner also
   the WebAssembly memory (\`memory.buffer.byteLength\`), which is not in the JS heap.
6. **1,000-cookie render**: a separate page per target that has cookie tables,
   with 1,000 cookies (500 necessary, 500 statistics). What the module needs is
   loaded first and not timed (its script or WebAssembly instance, and the
   registry/configuration as JSON text); the timed part starts at the call
   into the module and ends once the cookie tables and the preferences layer
   exist and are laid out (forced style/layout with \`getBoundingClientRect\`):
   - consent-banner: from the loader's \`consent-banner:boot\` performance
     mark, set just before it calls the module's \`boot()\` (wasm instantiated,
     registry fetched, DOM parsed), which parses and validates the registry,
     renders the policy into \`<div data-consent-policy>\` and the first layer
     and fires \`consent:ready\`; then, once \`consentBanner.ready\` resolves (a
     microtask later), \`showPreferences()\`;
   - vanilla-cookieconsent: \`JSON.parse\` + \`await CookieConsent.run(config)\`
     + \`CookieConsent.showPreferences()\` (its preferences modal holds the
     cookie tables; it has no separate policy).
   - orejime, klaro, tarteaucitron: n/a — no cookie tables.
   Paint is not included. Checks:
${renderDetail.replace(/^/gm, '   ')}

## Configurations

- consent-banner: \`bench/targets/ours/registry.json\`, gated with
  \`<script type="text/plain" data-consent-category="statistics">\`.
- vanilla-cookieconsent ${versionOf('vanilla-cookieconsent')}: \`dist/cookieconsent.umd.js\` + \`dist/cookieconsent.css\`,
  \`bench/targets/vanilla-cookieconsent/config.js\` (\`CookieConsent.run\`,
  categories necessary (readOnly) + analytics, \`<script type="text/plain" data-category="analytics">\`).
  \`hideFromBots: false\`: by default it hides itself when \`navigator.webdriver\`
  is true, which it is under automation.
- orejime ${versionOf('orejime')}: \`dist/orejime-standard-en.js\` + \`dist/orejime-standard.css\`
  (the English standard build), \`window.orejimeConfig\` with two purposes
  (necessary \`isMandatory\`, statistics), gated with \`<template data-purpose="statistics">\`.
- klaro ${versionOf('klaro')}: \`dist/klaro.js\` (CSS included; klaro ships no
  single-language build — \`klaro-no-translations.js\` is the same size), \`window.klaroConfig\`
  with a required \`necessary\` service and a \`statistics\` service, gated with
  \`<script type="text/plain" data-name="statistics" data-src=…>\`. Klaro shows
  its notice after the page's \`load\` event.
- tarteaucitron ${versionOf('tarteaucitronjs')}: \`tarteaucitron.min.js\`, which itself loads
  its English language file, its CSS and \`tarteaucitron.services.min.js\` (its
  documented default, \`useExternalJs: false\`); \`tarteaucitron.init\` with the
  mandatory-cookies notice and one custom service pushed as a job, whose
  \`js()\` adds the gated script.
- static HTML banner: markup and CSS in the page, \`bench/targets/static/banner.js\`
  (a click listener that adds the gated script on "Accept all").

${rows.some((r) => r.problems.length) ? `## Page errors seen\n\n${rows.filter((r) => r.problems.length).map((r) => `- ${r.label}: ${r.problems.join(' | ')}`).join('\n')}\n` : ''}`;

  writeFileSync(join(REPO, 'BENCHMARKS.md'), md);
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  writeFileSync(join(REPO, 'docs', 'bench.svg'), svgChart(rows, METRICS));

  console.log(`\nconsent-banner benchmark — Chromium ${chromiumVersion}, ${cpu} (${cpus().length} cores), ${RUNS} runs, ${minutes} min\n`);
  console.log(table);
  console.log(`\nBudgets (consent-banner):\n${budgets}`);
  if (failures.length) console.log(`\nFailed runs:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  console.log('\nWrote BENCHMARKS.md and docs/bench.svg');
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e.message}`);
  process.exit(1);
});
