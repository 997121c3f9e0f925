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
import { mainThread, TRACE_CATEGORIES } from './trace.mjs';
import { BENCH, CALIBRATION_MS, EMBEDDED, GATED, TARGETS, VENDOR, binding, initScript, page, writeEmbedded } from './bench-targets.mjs';
import { phoneProfile } from './bench-phone.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = join(BENCH, 'pages');
const RUNS = Math.max(1, Number.parseInt(process.env.BENCH_RUNS || '15', 10) || 15);
const TIMEOUT = 15000;
const SETTLE_MS = 800;

const BUDGETS = { gzip: 25000, clickPlusMs: 5 };
// BENCH_PROFILE=loopback or phone runs one profile only (debugging; BENCHMARKS.md is written only by a run of both).
const PROFILE = process.env.BENCH_PROFILE || 'all';
const PHONE_RUNS = Math.max(1, Number.parseInt(process.env.PHONE_RUNS || '9', 10) || 9);

// ---------------------------------------------------------------------------
// Targets: scripts/bench-targets.mjs (shared with the phone profile).
const STATIC = 'static';
// BENCH_TARGETS=ours,static runs only these (for debugging; the static banner is always kept).
const ONLY = (process.env.BENCH_TARGETS || '').split(',').filter(Boolean);
if (ONLY.length) TARGETS.splice(0, TARGETS.length, ...TARGETS.filter((t) => t.id === STATIC || t.id === 'calibration' || ONLY.includes(t.id)));
// BENCH_VARIANTS='{"name": "<head html>"}' adds consent-banner variants (A/B of include tags), as PHONE_VARIANTS does.
for (const [id, head] of Object.entries(JSON.parse(process.env.BENCH_VARIANTS || '{}'))) {
  const ours = TARGETS.find((t) => t.id === 'ours');
  if (!ours) throw new Error('BENCH_VARIANTS needs the target ours');
  TARGETS.push({ ...ours, id: `ours-${id}`, label: `consent-banner (${id})`, version: '' });
  TARGETS.at(-1).head = head;
}
/** CPU throttling rates: 1× (this machine) and 4× (a mid-range phone). */
const RATES = [1, 4];

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
// Pages, generated from bench/template.html (page() in bench-targets.mjs).

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
  writeFileSync(join(BENCH, '.gitignore'), 'pages/\npages-phone/\n');
  for (const t of TARGETS) writeFileSync(join(PAGES, `${t.id}.html`), page(t.id, t));
  for (const [id, t] of Object.entries(RENDER_TARGETS)) writeFileSync(join(PAGES, `${id}-1000.html`), page(`${id}, 1,000 cookies`, t));
  const reg = registry1000();
  writeFileSync(join(PAGES, 'registry-1000.json'), JSON.stringify(reg));
  writeFileSync(join(PAGES, 'vanilla-cookieconsent-1000.json'), JSON.stringify(vanilla1000(reg)));
}

// ---------------------------------------------------------------------------
// One run (the detector, initScript(), is in bench-targets.mjs).

/** Records a trace around `action` and returns it parsed. */
async function traced(browser, page, action) {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let result;
  try {
    result = await action();
  } finally {
    var buffer = await browser.stopTracing();
  }
  return { result, trace: JSON.parse(buffer.toString('utf8')) };
}

/**
 * One target at one CPU throttling rate, in a fresh context:
 * 1. first view (no choice stored, cold HTTP cache): navigation → dialog
 *    visible, main-thread time until then from a trace, payload, memory;
 * 2. a real click on "accept all" → gated script started;
 * 3. returning view (choice stored, HTTP cache warm, same context):
 *    navigation → gated script started, main-thread time until then.
 */
async function runTarget(browser, base, target, rate) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript({ content: initScript(target.dialog) });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: '__benchVisible' });
    await cdp.send('Runtime.addBinding', { name: '__benchGated' });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });

    // Payload: the bodies of the target's own responses, from the network.
    const bodies = [];
    const onFinished = (request) => {
      const path = new URL(request.url()).pathname;
      if (!target.own.some((p) => path.startsWith(p))) return;
      bodies.push(request.response().then((r) => r?.body()).then((b) => ({ path, body: b })).catch(() => null));
    };
    page.on('requestfinished', onFinished);

    const path = `bench/pages/${target.id}.html`;
    const first = await traced(browser, page, async () => {
      const visible = binding(cdp, '__benchVisible', `${target.id}: dialog`, problems, TIMEOUT);
      const nav = page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: TIMEOUT });
      const at = await visible;
      await nav;
      return at;
    });
    const visibleMs = first.result;
    const firstThread = mainThread(first.trace, path, visibleMs);
    await page.waitForLoadState('load', { timeout: TIMEOUT });
    // Settle before memory and the click: late requests of the module, and
    // tarteaucitron attaches its buttons' click handlers 500 ms after showing
    // its banner (a setTimeout in tarteaucitron.js), so an earlier click is
    // lost. The same wait for every target.
    await page.waitForTimeout(SETTLE_MS);
    page.off('requestfinished', onFinished);

    let heapKB = NaN, wasmKB = NaN;
    if (rate === 1) {
      await cdp.send('HeapProfiler.collectGarbage');
      heapKB = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024;
      if (target.id === 'ours') wasmKB = (await wasmMemoryBytes(cdp)) / 1024;
    }

    // Click "accept all" → gated script executed.
    const gated = binding(cdp, '__benchGated', `${target.id}: gated script after the click`, problems, TIMEOUT);
    await target.accept(page).click({ timeout: TIMEOUT });
    await gated;
    const { clickAt, gatedAt } = await page.evaluate(() => ({ clickAt: window.__clickAt, gatedAt: window.__gatedAt }));

    // Returning view: the choice is stored and the HTTP cache warm.
    let returning = null;
    if (target.returning !== false) {
      await page.waitForTimeout(SETTLE_MS);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate }); // (again, for the new document)
      const again = await traced(browser, page, async () => {
        const started = binding(cdp, '__benchGated', `${target.id}: gated script on the returning view`, problems, TIMEOUT);
        const nav = page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: TIMEOUT });
        const at = await started;
        await nav;
        return at;
      });
      const thread = mainThread(again.trace, path, again.result);
      const bannerShown = await page.evaluate(() => window.__visibleAt !== undefined);
      returning = { gatedMs: again.result, scriptMs: thread.scriptMs, renderingMs: thread.renderingMs, bannerShown };
    }

    const files = (await Promise.all(bodies)).filter((f) => f && f.body && f.path !== GATED);
    const payload = { raw: 0, gzip: 0, brotli: 0, files: files.map((f) => f.path).sort() };
    for (const { body } of files) {
      payload.raw += body.length;
      payload.gzip += gzipSync(body, { level: 9 }).length;
      payload.brotli += brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    return {
      gzip: payload.gzip, brotli: payload.brotli, raw: payload.raw, files: payload.files,
      visibleMs, scriptMs: firstThread.scriptMs, renderingMs: firstThread.renderingMs,
      renderingInScriptMs: firstThread.renderingInScriptMs, wasmCompileMs: firstThread.wasmCompileMs,
      lazyFunctions: firstThread.lazyFunctions,
      clickMs: gatedAt - clickAt,
      returnGatedMs: returning ? returning.gatedMs : NaN, returnScriptMs: returning ? returning.scriptMs : NaN,
      returnBannerShown: returning ? returning.bannerShown : false,
      heapKB, wasmKB, problems,
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

const medianOf = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

// Each metric: its key in a run's result, at which CPU rates it is reported,
// how to show it. A row's median of `key` at rate r is `median[`${key}@${r}`]`.
const METRICS = [
  { key: 'gzip', rates: [1], title: 'payload gzip -9 (bytes)', show: fmtInt, range: false },
  { key: 'brotli', rates: [1], title: 'payload brotli (bytes)', show: fmtInt, range: false },
  { key: 'visibleMs', rates: RATES, title: 'navigation → dialog visible (ms)', show: fmt },
  { key: 'scriptMs', rates: RATES, title: 'main-thread script until visible (ms, trace)', show: fmt },
  { key: 'renderingMs', rates: RATES, title: 'style + layout + paint until visible (ms, trace)', show: fmt },
  { key: 'wasmCompileMs', rates: RATES, title: 'of the script: wasm compilation (ms)', show: fmt, only: 'ours' },
  { key: 'lazyFunctions', rates: [1], title: 'wasm functions compiled lazily until visible', show: fmtInt, only: 'ours', range: false },
  { key: 'returnGatedMs', rates: RATES, title: 'returning view: navigation → gated script started (ms)', show: fmt },
  { key: 'returnScriptMs', rates: RATES, title: 'returning view: main-thread script until then (ms, trace)', show: fmt },
  { key: 'clickMs', rates: RATES, title: 'click accept → gated script (ms)', show: fmt },
  { key: 'heapKB', rates: [1], title: 'JS heap after visible (KiB)', show: fmtInt, range: false },
  { key: 'wasmKB', rates: [1], title: 'wasm memory (KiB)', show: fmtInt, range: false, only: 'ours' },
];
const FIRST_VIEW = ['gzip', 'brotli', 'visibleMs', 'scriptMs', 'renderingMs', 'wasmCompileMs', 'lazyFunctions'];
const RETURNING = ['returnGatedMs', 'returnScriptMs'];
const OTHER = ['clickMs', 'heapKB', 'wasmKB'];

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
  if (!existsSync(join(REPO, 'pkg', 'manifest.json'))) throw new Error('pkg/manifest.json is missing: run npm run build first');
  // The README's tag's file (the bundle), and the English page's files of
  // the loader: the loader and the content-hashed glue and wasm it names.
  const { languages, bundle } = JSON.parse(readFileSync(join(REPO, 'pkg', 'manifest.json'), 'utf8'));
  const FILES = [bundle?.file ?? 'consent-banner.bundle.js', 'consent-banner.js', 'manifest.json', ...['glue', 'wasm'].map((k) => languages.en[k]?.file)]
    .filter(Boolean);
  for (const f of FILES) {
    if (!existsSync(join(REPO, 'pkg', f))) throw new Error(`pkg/${f} is missing: run npm run build first`);
  }
  const root = mkdtempSync(join(tmpdir(), 'consent-banner-bench-'));
  mkdirSync(join(root, 'pkg'));
  mkdirSync(join(root, 'www'));
  for (const f of FILES) copyFileSync(join(REPO, 'pkg', f), join(root, 'pkg', f));
  // The README's tag's file: that bundle with the benchmark's registry written in.
  writeEmbedded(root);
  FILES.push(EMBEDDED);
  symlinkSync(BENCH, join(root, 'bench'), 'dir');
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const sizes = FILES.map((f) => `${f} ${statSync(join(root, 'pkg', f)).size} B`).join(', ');
  return { root, sizes };
}

async function main() {
  writePages();
  const started = Date.now();
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const snap = snapshotRoot();
  process.stderr.write(`measuring pkg/: ${snap.sizes}\n`);
  // Cacheable responses, so that a returning view finds the module, the
  // registry and the peers' files in the HTTP cache, as a visitor's browser does.
  const server = await startServer({
    port: 0, root: snap.root, mounts: { '/bench/': 'bench', [`${VENDOR}/`]: 'node_modules' }, cacheControl: 'max-age=3600',
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--enable-precise-memory-info'],
  });
  const results = Object.fromEntries(TARGETS.flatMap((t) => RATES.map((r) => [`${t.id}@${r}`, []])));
  const renderIds = Object.keys(RENDER_TARGETS).filter((id) => TARGETS.some((t) => t.id === id));
  const renders = Object.fromEntries(renderIds.map((id) => [id, []]));
  const failures = [];
  let chromiumVersion;
  let phone = null;
  try {
    // The phone profile first (scripts/bench-phone.mjs): network, HTTP/2, a
    // portal-weight page. Its Markdown is also kept in bench/pages-phone/.
    if (PROFILE !== 'loopback') {
      phone = await phoneProfile({ root: snap.root, runs: PHONE_RUNS, chromium: chromiumPath(), log: (s) => process.stderr.write(s) });
      writeFileSync(join(BENCH, 'pages-phone', 'last-run.md'), phone.md);
    }
    for (let run = 1; PROFILE !== 'phone' && run <= RUNS; run++) {
      process.stderr.write(`run ${run}/${RUNS}:`);
      for (const rate of RATES) {
        for (const t of TARGETS) {
          try {
            const r = await runTarget(browser, server.url, t, rate);
            results[`${t.id}@${rate}`].push(r);
            process.stderr.write(` ${t.id}@${rate}x ${r.visibleMs.toFixed(0)}/${r.scriptMs.toFixed(0)}ms`);
          } catch (e) {
            failures.push(`run ${run}, ${t.id} at ${rate}×: ${e.message}`);
            process.stderr.write(` ${t.id}@${rate}x FAILED`);
          }
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
  // A target that never ran would be a row of dashes, and a goal read
  // against nothing: the run stops instead, with the reason.
  for (const [key, rs] of Object.entries(results)) {
    if (PROFILE !== 'phone' && !rs.length) throw new Error(`${key} failed in every round (${failures.find((f) => f.includes(key.replace('@', ' at ') + '×')) || 'no result'}); nothing written`);
  }
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  if (PROFILE !== 'all') {
    if (phone) console.log(phone.md);
    if (PROFILE === 'phone') return; // one profile alone: printed, BENCHMARKS.md left as it is
  }

  // Medians and ranges, per target and rate.
  const rows = TARGETS.map((t) => {
    const median = {}, range = {};
    for (const m of METRICS) {
      for (const rate of m.rates) {
        const k = `${m.key}@${rate}`;
        const xs = (results[`${t.id}@${rate}`] || []).map((r) => r[m.key]).filter(Number.isFinite);
        median[k] = m.only && m.only !== t.id ? NaN : medianOf(xs);
        range[k] = xs.length ? [Math.min(...xs), Math.max(...xs)] : null;
      }
    }
    median.renderMs = renders[t.id] ? medianOf(renders[t.id].map((r) => r.ms)) : NaN;
    const first = results[`${t.id}@1`] || [];
    return {
      id: t.id, label: t.label, version: t.version || (t.pkg ? versionOf(t.pkg) : ''), median, range,
      runs: RATES.map((r) => (results[`${t.id}@${r}`] || []).length),
      files: first[0]?.files || [], raw: medianOf(first.map((r) => r.raw)),
      returnBanner: RATES.flatMap((r) => results[`${t.id}@${r}`] || []).some((r) => r.returnBannerShown),
      problems: [...new Set(RATES.flatMap((r) => (results[`${t.id}@${r}`] || []).flatMap((x) => x.problems)))],
    };
  });
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  const stat = byId[STATIC].median;

  const cell = (row, m, rate) => {
    const k = `${m.key}@${rate}`;
    const v = row.median[k];
    if (!Number.isFinite(v)) return m.only && m.only !== row.id ? '—' : 'n/a';
    const [lo, hi] = row.range[k] || [];
    const spread = m.range === false || lo === undefined ? '' : ` <sub>${m.show(lo)}–${m.show(hi)}</sub>`;
    return `${m.show(v)}${spread}`;
  };
  const table = (keys, only = () => true) => {
    const cols = METRICS.filter((m) => keys.includes(m.key)).flatMap((m) => m.rates.map((rate) => ({ m, rate })));
    const head = `| target | ${cols.map(({ m, rate }) => (m.rates.length > 1 ? `${m.title}, ${rate}× CPU` : m.title)).join(' | ')} |`;
    const sep = `|---|${cols.map(() => '---:').join('|')}|`;
    const body = rows.filter(only).map((r) => `| ${r.label} ${r.version} | ${cols.map(({ m, rate }) => cell(r, m, rate)).join(' | ')} |`);
    return [head, sep, ...body].join('\n');
  };
  const renderTable = [
    '| target | 1,000-cookie policy + preferences render (ms) |', '|---|---:|',
    ...renderIds.map((id) => `| ${byId[id].label} | ${fmt(byId[id].median.renderMs)} |`),
  ].join('\n');

  // Goals (issue #11): compared with the peers in this same run.
  const ours = byId.ours?.median || {};
  const ore = byId.orejime?.median || {};
  const van = byId['vanilla-cookieconsent']?.median || {};
  const mark = (ok) => (ok ? 'met' : '**NOT met**');
  const faster = (k) => {
    const [name, v] = [['orejime', ore[k]], ['vanilla-cookieconsent', van[k]]].filter(([, x]) => Number.isFinite(x)).sort((a, b) => a[1] - b[1])[0] || ['n/a', NaN];
    return { name, v };
  };
  const rg = faster('returnGatedMs@4'), rs = faster('returnScriptMs@4');
  const goals = [
    `- 4× CPU, navigation → visible ≤ orejime's: ${fmt(ours['visibleMs@4'])} ms against ${fmt(ore['visibleMs@4'])} ms — ${mark(ours['visibleMs@4'] <= ore['visibleMs@4'])}`,
    `- 4× CPU, main-thread script until visible ≤ orejime's: ${fmt(ours['scriptMs@4'])} ms against ${fmt(ore['scriptMs@4'])} ms — ${mark(ours['scriptMs@4'] <= ore['scriptMs@4'])}`,
    `- Returning view, 4× CPU, main-thread script ≤ the faster peer's (${rs.name}): ${fmt(ours['returnScriptMs@4'])} ms against ${fmt(rs.v)} ms — ${mark(ours['returnScriptMs@4'] <= rs.v)}`,
    `- Returning view, 4× CPU, navigation → accepted gated script started ≤ the faster peer's (${rg.name}): ${fmt(ours['returnGatedMs@4'])} ms against ${fmt(rg.v)} ms — ${mark(ours['returnGatedMs@4'] <= rg.v)}`,
    `- Payload of an English page ≤ ${fmtInt(BUDGETS.gzip)} bytes gzip: ${fmtInt(ours['gzip@1'])} bytes — ${mark(ours['gzip@1'] <= BUDGETS.gzip)}`,
    `- Payload of an English page ≤ orejime's (the goal beyond): ${fmtInt(ours['gzip@1'])} bytes against ${fmtInt(ore['gzip@1'])} — ${mark(ours['gzip@1'] <= ore['gzip@1'])}`,
    `- 1,000-cookie policy + preferences ≤ vanilla-cookieconsent's: ${fmt(ours.renderMs)} ms against ${fmt(van.renderMs)} ms — ${mark(ours.renderMs <= van.renderMs)}`,
    `- Click → gated script not slower than the static banner's + ${BUDGETS.clickPlusMs} ms (1×): ${fmt(ours['clickMs@1'])} ms against ${fmt(stat['clickMs@1'])} ms — ${mark(ours['clickMs@1'] <= stat['clickMs@1'] + BUDGETS.clickPlusMs)}`,
  ].join('\n');

  // Calibration: the trace must see the 30 ms busy loop run in a promise callback.
  const cal = byId.calibration?.median || {};
  const seen = RATES.map((r) => ({ rate: r, extra: cal[`scriptMs@${r}`] - stat[`scriptMs@${r}`] }));
  const calibrationOk = seen.every(({ extra }) => extra >= CALIBRATION_MS * 0.9);
  const calibration = `A ${CALIBRATION_MS} ms busy loop run in a \`Promise.then\` callback before the static banner shows reads ${seen.map(({ rate, extra }) => `${fmt(extra)} ms more than the static banner at ${rate}×`).join(' and ')} — ${calibrationOk ? 'the method sees it' : '**the method does NOT see it: do not trust the script figures of this run**'}.`;

  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) || [])[1] || cpus()[0]?.model || 'unknown';
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const payloadFiles = rows.filter((r) => r.id !== 'calibration').map((r) => `- ${r.label}: ${r.files.map((f) => `\`${f}\``).join(', ')} — ${fmtInt(r.raw)} bytes uncompressed`).join('\n');
  const renderDetail = renderIds.map((id) => {
    const rs1 = renders[id];
    const first = id === 'ours' ? 'boot()' : 'run()';
    if (!rs1.length) return `- ${byId[id].label}: no successful run`;
    return `- ${byId[id].label}: median ${fmt(medianOf(rs1.map((r) => r.ms)))} ms = ${first} ${fmt(medianOf(rs1.map((r) => r.firstMs)))} ms`
      + ` + showPreferences() + layout ${fmt(medianOf(rs1.map((r) => r.ms - r.firstMs)))} ms (medians of each part);`
      + ` ${fmtInt(rs1[0].policyRows)} cookie-table rows rendered, preferences layer laid out: ${rs1[0].preferences}`;
  }).join('\n');
  const bannerAgain = rows.filter((r) => r.returnBanner && r.id !== 'calibration').map((r) => r.label);

  const md = `# Benchmarks

Generated by \`npm run bench\` (\`scripts/bench.mjs\`) — every number below comes
from that run; do not edit by hand.

- Machine: ${cpu}, ${cpus().length} cores; load average ${loadBefore} before the run, ${loadAfter} after
- Browser: Chromium ${chromiumVersion} (headless, \`--headless=new --disable-gpu\`), driven by playwright-core ${versionOf('playwright-core')}, Node ${process.version}
- Date: ${date}
- Rounds: ${RUNS}; in each, every target at 1× and at 4× CPU throttling, one after the other (round-robin), each in a fresh browser context. Medians, with the range (min–max) in small type. Took ${minutes} min.
${failures.length ? `- **Failed runs (left out of the medians):**\n${failures.map((f) => `  - ${f}`).join('\n')}\n` : ''}
${phone ? `${phone.md}\n## Loopback profile (HTTP/1.1 on 127.0.0.1, no network emulation, 1280×800)\n\n` : ''}### Goals (consent-banner, against the peers in this run)

${goals}

Calibration: ${calibration}

## First view (no choice stored, empty HTTP cache)

${table(FIRST_VIEW)}

## Returning view (choice stored, HTTP cache warm)

${table(RETURNING, (r) => r.id !== 'calibration')}
${bannerAgain.length ? `\nShowed its dialog again on the returning view (choice not remembered): ${bannerAgain.join(', ')}.\n` : ''}
## Click, memory, 1,000 cookies

${table(OTHER, (r) => r.id !== 'calibration')}

${renderTable}

![bar chart of the medians](docs/bench.svg)

## What is measured

All targets run on the same portal-like page (\`bench/template.html\`: header,
search, five dataset cards, footer; pages generated into \`bench/pages/\`),
served by \`scripts/serve.mjs\` over HTTP on 127.0.0.1 with \`Cache-Control:
max-age=3600\`, viewport 1280×800, with the same configuration: two categories
(necessary + statistics), English, and one gated script (\`bench/gated.js\`,
which records \`performance.now()\` in \`window.__gatedAt\` and tells the
benchmark through a CDP binding). Each module is loaded in the \`<head>\` as its
documentation says — consent-banner with the README's tag (the bundle with the registry written in
by \`consent-banner bundle\`, \`defer\`), the peers with \`defer\` and their
configuration in a separate file. 4× CPU is CDP's
\`Emulation.setCPUThrottlingRate\` set before navigation, an approximation of a
mid-range phone.

1. **Payload**: the bodies of every response the module makes the page load
   (its JS, CSS, wasm, registry/config; not the page and not the gated
   script), taken from the network, compressed by Node's zlib (gzip level 9,
   brotli quality 11). Files:
${payloadFiles.replace(/^/gm, '   ')}
   The static banner's markup and CSS are inline in the page and are not
   counted; only its click script is.
2. **Navigation → dialog visible**: the \`IntersectionObserver\` entry time
   (0 = navigation start) at which the target's dialog element first
   intersects the viewport, from the browser's own rendering update; an init
   script finds the element on DOM mutations (also inside shadow roots, by
   wrapping \`attachShadow\`) with \`querySelector\` only, so the detector forces
   no style or layout. If the element is then still transparent or hidden (a
   fade-in), the first animation frame where \`checkVisibility({opacityProperty,
   visibilityProperty})\` passes counts. For consent-banner the element is
   \`[role=dialog]\` in the open shadow root of \`#consent-banner-host\`.
3. **Main-thread script until visible**: from a Chromium trace of the load
   (\`${TRACE_CATEGORIES.join(', ')}\`): on the page's renderer main thread, the union of every
   script event (script evaluation and compilation, function calls, microtask
   checkpoints, timers, animation frames, event dispatch, WebAssembly
   compilation) between navigation start and the visible time, minus the style,
   layout and paint nested inside them, which are reported apart together with
   the page's own rendering work in that window. It includes the detector's and
   the page's own work; the static row is the floor. CDP's \`ScriptDuration\` is
   not used: it leaves out promise callbacks (see the calibration above).
4. **Returning view**: in the same browser context, after a real click on
   "accept all" (so the choice is stored as each module stores it, and the HTTP
   cache holds every file), the page is loaded again: navigation → the gated
   script started (\`window.__gatedAt\`), and the main-thread script until then
   from a trace, as in 3. The static banner remembers "accept" in a cookie and
   runs the gated script at once: it is the floor.
5. **Click accept → gated script**: a real click (Playwright) on the target's
   "accept all" button; \`window.__gatedAt\` minus the time of the click event in
   a capturing listener on \`document\`. Every target fetches \`bench/gated.js\`
   from the network after the click.
6. **JS heap / wasm memory** (1× only): after the dialog is visible and a forced full GC
   (\`HeapProfiler.collectGarbage\`), CDP \`Runtime.getHeapUsage\` \`usedSize\`
   (the whole page, so the static row is the floor); for consent-banner also
   the WebAssembly memory (\`memory.buffer.byteLength\`), which is not in the JS heap.
7. **1,000-cookie render** (1× only): a separate page per target that has cookie tables,
   with 1,000 cookies (500 necessary, 500 statistics). What the module needs is
   loaded first and not timed (its script or WebAssembly instance, and the
   registry/configuration as JSON text); the timed part starts at the call
   into the module and ends once the cookie tables and the preferences layer
   exist and are laid out (forced style/layout with \`getBoundingClientRect\`):
   - consent-banner: from the loader's \`consent-banner:boot\` performance
     mark, set just before it calls the module's \`boot()\`, which parses and
     validates the registry, renders the policy into \`<div data-consent-policy>\`
     and the first layer and fires \`consent:ready\`; then, once
     \`consentBanner.ready\` resolves, \`showPreferences()\`;
   - vanilla-cookieconsent: \`JSON.parse\` + \`await CookieConsent.run(config)\`
     + \`CookieConsent.showPreferences()\` (its preferences modal holds the
     cookie tables; it has no separate policy).
   - orejime, klaro, tarteaucitron: no cookie tables.
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
  (a click listener that adds the gated script on "Accept all" and remembers it
  in a cookie).
- calibration: the static banner, hidden until \`bench/targets/calibration/busy.js\`
  shows it from a promise callback after a ${CALIBRATION_MS} ms busy loop.

${rows.some((r) => r.problems.length) ? `## Page errors seen\n\n${rows.filter((r) => r.problems.length).map((r) => `- ${r.label}: ${r.problems.join(' | ')}`).join('\n')}\n` : ''}`;

  if (PROFILE === 'all') {
    writeFileSync(join(REPO, 'BENCHMARKS.md'), md);
    mkdirSync(join(REPO, 'docs'), { recursive: true });
  }
  const chart = [
    { key: 'gzip@1', title: 'payload gzip (bytes)', show: fmtInt },
    { key: 'visibleMs@4', title: 'visible at 4× CPU (ms)', show: fmt },
    { key: 'scriptMs@4', title: 'main-thread script until visible, 4× (ms)', show: fmt },
    { key: 'returnGatedMs@4', title: 'returning: gated script started, 4× (ms)', show: fmt },
    { key: 'returnScriptMs@4', title: 'returning: main-thread script, 4× (ms)', show: fmt },
    { key: 'renderMs', title: '1,000-cookie render (ms)', show: fmt },
  ];
  if (PROFILE === 'all') writeFileSync(join(REPO, 'docs', 'bench.svg'), svgChart(rows.filter((r) => r.id !== 'calibration'), chart));

  console.log(`\nconsent-banner benchmark — Chromium ${chromiumVersion}, ${cpu} (${cpus().length} cores), ${RUNS} rounds, ${minutes} min\n`);
  console.log(`First view\n${table(FIRST_VIEW)}\n\nReturning view\n${table(RETURNING)}\n\n${table(OTHER)}\n\n${renderTable}`);
  console.log(`\nGoals:\n${goals}\n\nCalibration: ${calibration}`);
  if (failures.length) console.log(`\nFailed runs:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  if (phone) console.log(`\nPhone profile goals:\n${phone.goals.map((g) => `- ${g.text} — ${g.ok ? 'met' : 'NOT met'}`).join('\n')}`);
  console.log(PROFILE === 'all' ? '\nWrote BENCHMARKS.md and docs/bench.svg' : '\nOne profile only: BENCHMARKS.md left as it was');
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e.message}`);
  process.exit(1);
});
