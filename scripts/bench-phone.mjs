// The benchmark's phone profile: what a visitor on a mid-range phone waits
// for on a real portal page. Loopback with a tiny page has no round trips,
// no bandwidth limit and no page scripts to compete with; this profile has
// all three:
// - CPU 4× (CDP Emulation.setCPUThrottlingRate) and Lighthouse's mobile
//   network (CDP Network.emulateNetworkConditions: +150 ms a request,
//   1.6 Mbit/s down, 750 kbit/s up), set again for every new document;
// - served over HTTPS, HTTP/2 (Node's http2) and HTTP/1.1 (node:https), gzip
//   -9 for text and wasm as a portal's server sends them, with a test
//   certificate that Chromium trusts by its key
//   (--ignore-certificate-errors-spki-list: with a certificate error
//   Chromium keeps nothing in its HTTP cache, and warm views would go back
//   to the network);
// - two pages: *light* (bench/template.html) and *portal-weight* (the same
//   page carrying three deferred application scripts of about 350 KB gzip
//   and 75 ms of CPU at 1×, 250 KB of CSS, a 175 KB hero image and six
//   dataset cards);
// - three views in one browser context: the first (cold cache), the next page
//   of a visit that ignored the banner (warm cache, no choice), and, after a
//   real click on "accept all", the returning view (choice stored); LCP and
//   CLS from PerformanceObservers read after `load` + 1 s.
// Targets: consent-banner (the README's one script tag), orejime,
// vanilla-cookieconsent and the static HTML banner, interleaved round-robin.
//
//   node scripts/bench-phone.mjs     # alone: prints the tables (PHONE_RUNS, default 9)
//   import { phoneProfile } from './bench-phone.mjs'   # from scripts/bench.mjs
//
// It measures, it never asserts.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { BENCH, CALIBRATION_MS, GATED, OURS_REGISTRY, TARGETS, binding, initScript, page, writeEmbedded } from './bench-targets.mjs';

const REPO = resolve(BENCH, '..');
const PAGES = join(BENCH, 'pages-phone');
const WEIGHT = join(BENCH, 'pages-phone', 'weight');
const TIMEOUT = 30000;
/** Lighthouse's mobile profile. */
export const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
export const CPU_RATE = 4;
export const VIEWPORT = { width: 390, height: 844 };
/**
 * The targets of each protocol. Over HTTP/2 also: consent-banner with the
 * tag portals already have (`defer`), with preload tags (an extra, not what
 * the goals are measured on), and the calibration (the static banner shown
 * after a 30 ms busy loop in a promise, a loop of wall time: it must read
 * about 30 ms later than the static banner, or the method cannot see what
 * it claims).
 */
const PHONE_TARGETS = {
  h2: ['ours', 'ours-fetched', 'ours-loader', 'ours-defer', 'ours-preload', 'orejime', 'vanilla-cookieconsent', 'static', 'calibration'],
  h1: ['ours', 'orejime', 'vanilla-cookieconsent', 'static'],
};

/** consent-banner included otherwise than by the README's tag (from pkg/manifest.json, for the hashed names). */
function variants(root) {
  const ours = TARGETS.find((t) => t.id === 'ours');
  const en = JSON.parse(readFileSync(join(root, 'pkg', 'manifest.json'), 'utf8')).languages.en;
  const registry = OURS_REGISTRY;
  const loader = `<script src="/pkg/consent-banner.js" data-registry="${registry}" async></script>`;
  return [
    { ...ours, id: 'ours-fetched', label: 'consent-banner, the released bundle with data-registry (its registry fetched)', version: '',
      head: `<script src="/pkg/consent-banner.bundle.js" data-registry="${registry}" defer></script>` },
    { ...ours, id: 'ours-loader', label: 'consent-banner, the loader (consent-banner.js, async)', version: '', head: loader },
    { ...ours, id: 'ours-defer', label: 'consent-banner, the loader with defer (the tag portals have)', version: '',
      head: loader.replace(' async>', ' defer>') },
    { ...ours, id: 'ours-preload', label: 'consent-banner + preload tags (extra)', version: '',
      head: [
        `<link rel="preload" href="/pkg/${en.wasm.file}" as="fetch" crossorigin="anonymous" integrity="${en.wasm.integrity}">`,
        `<link rel="modulepreload" href="/pkg/${en.glue.file}" integrity="${en.glue.integrity}">`,
        `<link rel="preload" href="${registry}" as="fetch" crossorigin="anonymous">`,
        loader,
      ].join('\n') },
  ];
}

// ---------------------------------------------------------------------------
// The portal-weight page's own files, generated (deterministic: a fixed seed).

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Iterations of the application scripts' work loop: about 25 ms each at 1× here (measured in Chromium 156). */
const APP_LOOP = 6_000_000;

/**
 * One application script: about 117 KB gzip of data (a string of random
 * base64 characters, which gzip cannot shrink below 6 bits a character) and
 * a loop that keeps the main thread busy, as a portal's framework bundle does.
 */
function appScript(n) {
  const random = prng(1000 + n);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let data = '';
  for (let i = 0; i < 156_000; i++) data += alphabet[Math.floor(random() * 64)];
  return `// portal application bundle ${n} (benchmark stand-in)
(function () {
  var data = "${data}";
  var t0 = performance.now();
  var h = data.length;
  for (var i = 0; i < ${APP_LOOP}; i++) h = Math.imul(h ^ i, 2654435761) >>> 0;
  window.__app = (window.__app || []).concat([{ n: ${n}, h: h, ms: performance.now() - t0 }]);
})();
`;
}

/** About 250 KB of CSS rules (gzip shrinks it as it does a framework's CSS). */
function portalCss() {
  const random = prng(7);
  const props = ['margin', 'padding', 'border-width', 'font-size', 'line-height', 'letter-spacing', 'max-width', 'min-height'];
  const lines = [];
  let size = 0;
  for (let i = 0; size < 250_000; i++) {
    const p1 = props[i % props.length], p2 = props[(i * 7 + 3) % props.length];
    const line = `.portal-c${i} .portal-e${Math.floor(random() * 400)}>.portal-m${i % 97}{${p1}:${(random() * 3).toFixed(3)}rem;${p2}:${Math.floor(random() * 40)}px;color:#${Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')}}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n.portal-hero{display:block;width:100%;height:auto;aspect-ratio:3/1;object-fit:cover;margin:0 0 1rem}\n`;
}

/** A PNG of random pixels (so it stays about 175 KB whatever compresses it). */
function heroPng(width = 300, height = 195) {
  const random = prng(42);
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const base = y * (width * 3 + 1);
    for (let x = 0; x < width * 3; x++) rows[base + 1 + x] = Math.floor(random() * 256);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const SIXTH_CARD = '<li><h2>Trees of the city</h2><p>Every street tree with its species, height and planting year.</p><p class="meta">CSV · GeoJSON — updated last week</p></li>';

/** The portal-weight page: the light page plus what a real portal loads. */
function weighted(html) {
  const head = [
    '<link rel="stylesheet" href="/bench/pages-phone/weight/portal.css">',
    ...[1, 2, 3].map((n) => `<script src="/bench/pages-phone/weight/app-${n}.js" defer></script>`),
  ].join('\n');
  return html
    .replace('</head>', `${head}\n</head>`)
    .replace('<main>', '<main>\n  <img class="portal-hero" src="/bench/pages-phone/weight/hero.png" width="1200" height="400" alt="The city seen from the river">')
    .replace('</ul>', `  ${SIXTH_CARD}\n  </ul>`);
}

/** Writes the pages of every target (light and portal-weight) and the weight files. */
export function writePhonePages(targets, extraOurs = []) {
  mkdirSync(WEIGHT, { recursive: true });
  writeFileSync(join(BENCH, '.gitignore'), 'pages/\npages-phone/\n');
  for (const n of [1, 2, 3]) writeFileSync(join(WEIGHT, `app-${n}.js`), appScript(n));
  writeFileSync(join(WEIGHT, 'portal.css'), portalCss());
  writeFileSync(join(WEIGHT, 'hero.png'), heroPng());
  for (const t of [...targets, ...extraOurs]) {
    const light = page(t.id, t);
    writeFileSync(join(PAGES, `light-${t.id}.html`), light);
    writeFileSync(join(PAGES, `weight-${t.id}.html`), weighted(light));
  }
  const gz = (f) => gzipSync(readFileSync(join(WEIGHT, f)), { level: 9 }).length;
  return {
    appGzip: [1, 2, 3].reduce((a, n) => a + gz(`app-${n}.js`), 0),
    cssBytes: readFileSync(join(WEIGHT, 'portal.css')).length, cssGzip: gz('portal.css'),
    heroBytes: readFileSync(join(WEIGHT, 'hero.png')).length,
  };
}

// ---------------------------------------------------------------------------
// The server: HTTPS, HTTP/2 or HTTP/1.1, gzip, cacheable files.

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.json', '.css', '.wasm', '.svg']);

/** A self-signed certificate for 127.0.0.1 and the base64 SHA-256 of its key (for Chromium's SPKI list). */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'consent-banner-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const spki = createPublicKey(cert).export({ type: 'spki', format: 'der' });
    return { key, cert, spki: createHash('sha256').update(spki).digest('base64') };
  } catch (e) {
    throw new Error(`phone profile: openssl could not make the test certificate (${e.message}); apt-get install openssl`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Serves `root` (pkg/, bench/ and /vendor/ → node_modules/) over TLS.
 * HTML: no-cache (each view fetches its page); everything else max-age=3600.
 */
async function startPhoneServer(root, tls, protocol) {
  const cache = new Map();
  const mounts = [['/vendor/', join(REPO, 'node_modules')], ['/bench/', BENCH], ['/pkg/', join(root, 'pkg')]];
  const load = (path) => {
    if (cache.has(path)) return cache.get(path);
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    let entry = null;
    if (mount && !path.includes('..') && !path.includes('\0')) {
      const file = resolve(mount[1], path.slice(mount[0].length));
      if (file.startsWith(mount[1] + sep) && existsSync(file)) {
        const body = readFileSync(file);
        const ext = extname(file);
        entry = { body, gz: COMPRESSIBLE.has(ext) ? gzipSync(body, { level: 9 }) : null, type: TYPES[ext] || 'application/octet-stream', html: ext === '.html' };
      }
    }
    cache.set(path, entry);
    return entry;
  };
  const handler = (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'https://x').pathname);
    const entry = load(path);
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const gzip = entry.gz && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const body = gzip ? entry.gz : entry.body;
    res.writeHead(200, {
      'content-type': entry.type, 'content-length': body.length,
      'cache-control': entry.html ? 'no-cache' : 'max-age=3600',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}), vary: 'accept-encoding',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const server = protocol === 'h2'
    ? createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: false }, handler)
    : createHttpsServer({ key: tls.key, cert: tls.cert, ALPNProtocols: ['http/1.1'] }, handler);
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `https://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => { server.close(done); (server.closeAllConnections || (() => {})).call(server); setTimeout(done, 500); }) };
}

// ---------------------------------------------------------------------------
// One run: three views of one target on one page, in a fresh context.

/**
 * LCP and CLS, and which element the LCP was: the module's dialog or the
 * page's own content. `dialogExpr` finds the dialog (as for the visibility
 * detector). An LCP entry with no element and no URL is an element the
 * browser does not expose (one in a shadow root, or one removed since):
 * counted as the dialog when the dialog is itself in a shadow root (this
 * module's is; nothing else on the bench pages is).
 */
const vitals = (dialogExpr) => `(() => {
  window.__lcp = 0; window.__cls = 0; window.__lcpDialog = null;
  const find = () => { try { return ${dialogExpr}; } catch { return null; } };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__lcp = e.renderTime || e.loadTime || e.startTime;
        const d = find();
        window.__lcpDialog = !!d && (e.element ? d.contains(e.element) : !e.url && d.getRootNode() !== document);
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  } catch (e) { window.__vitalsError = String(e); }
})();`;

async function throttle(cdp) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
}

/** Loads `url` and waits for the binding `name`; then `load` + 1 s, and reads the vitals. */
async function view(page, cdp, url, name, what, problems) {
  await throttle(cdp);
  const seen = binding(cdp, name, what, problems, TIMEOUT);
  const nav = page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  const at = await seen;
  await nav;
  await page.waitForLoadState('load', { timeout: TIMEOUT });
  await page.waitForTimeout(1000);
  const vitals = await page.evaluate(() => ({
    lcp: window.__lcp, lcpDialog: window.__lcpDialog, cls: window.__cls, error: window.__vitalsError || null,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventStart ?? NaN,
  }));
  if (vitals.error) throw new Error(`${what}: PerformanceObserver failed: ${vitals.error}`);
  return { at, lcp: vitals.lcp, lcpDialog: vitals.lcpDialog, cls: vitals.cls, fcp: vitals.fcp, dcl: vitals.dcl };
}

export async function runPhone(browser, base, target, pageKind) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: initScript(target.dialog) });
    await context.addInitScript({ content: vitals(target.dialog) });
    const tab = await context.newPage();
    const problems = [];
    tab.on('pageerror', (e) => problems.push(e.message));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Runtime.enable');
    await cdp.send('Network.enable');
    await cdp.send('Runtime.addBinding', { name: '__benchVisible' });
    await cdp.send('Runtime.addBinding', { name: '__benchGated' });
    // The bytes the module made the page download, as sent (compressed).
    const own = new Map();
    const urls = new Map();
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
    cdp.on('Network.loadingFinished', (e) => {
      const url = urls.get(e.requestId);
      if (!url) return;
      const path = new URL(url).pathname;
      if (target.own.some((p) => path.startsWith(p)) && path !== GATED) own.set(path, (own.get(path) || 0) + e.encodedDataLength);
    });
    const url = (n) => `${base}bench/pages-phone/${pageKind}-${target.id}.html?view=${n}`;
    const first = await view(tab, cdp, url(1), '__benchVisible', `${target.id} ${pageKind}: dialog (first view)`, problems);
    const wire = [...own.values()].reduce((a, b) => a + b, 0);
    if (target.returning === false) {
      return { firstMs: first.at, firstFcp: first.fcp, firstLcp: first.lcp, firstLcpDialog: first.lcpDialog, firstCls: first.cls, wireBytes: wire, nextMs: NaN, nextCls: 0, returnMs: NaN, returnDcl: NaN, returnCls: 0, problems };
    }
    const next = await view(tab, cdp, url(2), '__benchVisible', `${target.id} ${pageKind}: dialog (next page, banner ignored)`, problems);
    // A real click on "accept all", then the returning view.
    const gated = binding(cdp, '__benchGated', `${target.id} ${pageKind}: gated script after the click`, problems, TIMEOUT);
    await target.accept(tab).click({ timeout: TIMEOUT });
    await gated;
    await tab.waitForTimeout(300);
    const back = await view(tab, cdp, url(3), '__benchGated', `${target.id} ${pageKind}: gated script (returning view)`, problems);
    return {
      firstMs: first.at, firstFcp: first.fcp, firstLcp: first.lcp, firstLcpDialog: first.lcpDialog, firstCls: first.cls, wireBytes: wire,
      nextMs: next.at, nextCls: next.cls, returnMs: back.at, returnDcl: back.dcl, returnCls: back.cls, problems,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

const medianOf = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');

const METRICS = [
  { key: 'firstMs', title: 'first view: navigation → dialog visible (ms)' },
  { key: 'firstFcp', title: 'first view: FCP (ms)' },
  { key: 'firstLcp', title: 'first view: LCP (ms)' },
  { key: 'nextMs', title: 'next page, banner ignored: visible (ms)' },
  { key: 'returnMs', title: 'returning view: gated script started (ms)' },
  { key: 'returnDcl', title: 'returning view: DOMContentLoaded (ms)' },
  { key: 'cls', title: 'CLS, worst of the three views (median)', digits: 3 },
  { key: 'wireBytes', title: 'module bytes on the wire, first view' },
];

/**
 * Runs the phone profile: `runs` rounds, each every target on every page
 * over every protocol, round-robin. Returns the medians, the goals and
 * Markdown for BENCHMARKS.md.
 * @param {{ root: string, runs: number, protocols?: string[], pages?: string[], targets?: string[], extra?: object[], chromium: string, log?: (s: string) => void }} options
 *   `extra`: more targets (variants of consent-banner) measured alongside, reported, not used for the goals.
 */
export async function phoneProfile({ root, runs, protocols = ['h2', 'h1'], pages = ['light', 'weight'], targets = PHONE_TARGETS, extra = [], chromium: executablePath, log = () => {} }) {
  const all = [...TARGETS, ...variants(root), ...extra];
  const wanted = (protocol) => all.filter((t) => (Array.isArray(targets) ? targets : targets[protocol]).includes(t.id) || extra.includes(t));
  const list = [...new Set(protocols.flatMap(wanted))];
  const weight = writePhonePages(list);
  const tls = certificate();
  const servers = {};
  for (const p of protocols) servers[p] = await startPhoneServer(root, tls, p);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', `--ignore-certificate-errors-spki-list=${tls.spki}`],
  });
  const results = {};
  const failures = [];
  const started = Date.now();
  let version;
  try {
    version = browser.version();
    for (let run = 1; run <= runs; run++) {
      log(`phone run ${run}/${runs}:`);
      for (const protocol of protocols) {
        for (const kind of pages) {
          for (const t of wanted(protocol)) {
            const key = `${t.id}|${kind}|${protocol}`;
            try {
              const r = await runPhone(browser, servers[protocol].url, t, kind);
              (results[key] ||= []).push(r);
              log(` ${t.id}/${kind}/${protocol} ${r.firstMs.toFixed(0)}`);
            } catch (e) {
              failures.push(`run ${run}, ${key}: ${e.message.split('\n')[0]}`);
              log(` ${t.id}/${kind}/${protocol} FAILED`);
            }
          }
        }
      }
      log('\n');
    }
  } finally {
    await browser.close();
    for (const s of Object.values(servers)) await s.close();
  }
  // A target that never ran would be a row missing from the tables (a goal
  // read against nothing): the run stops instead, with the reason.
  for (const protocol of protocols) {
    for (const kind of pages) {
      for (const t of wanted(protocol)) {
        const key = `${t.id}|${kind}|${protocol}`;
        if (!results[key]?.length) throw new Error(`phone profile: ${key} failed in every round (${failures.find((f) => f.includes(key)) || 'no result'}); nothing written`);
      }
    }
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const median = {};
  for (const [key, rs] of Object.entries(results)) {
    median[key] = Object.fromEntries(METRICS.map((m) => [m.key, medianOf(rs.map((r) => (m.key === 'cls' ? Math.max(r.firstCls, r.nextCls, r.returnCls) : r[m.key])))]));
    median[key].n = rs.length;
  }
  const label = (t) => `${t.label} ${t.version || versionOf(t.pkg)}`.trim();
  const tables = protocols.map((protocol) => pages.map((kind) => {
    const head = `| target | ${METRICS.map((m) => m.title).join(' | ')} |`;
    const sep = `|---|${METRICS.map(() => '---:').join('|')}|`;
    const body = wanted(protocol).map((t) => {
      const m = median[`${t.id}|${kind}|${protocol}`];
      return `| ${label(t)} | ${METRICS.map((x) => (m ? fmt(m[x.key], x.digits || 0) : 'n/a')).join(' | ')} |`;
    });
    return `### ${kind === 'light' ? 'Light page' : 'Portal-weight page'}, ${protocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1'}\n\n${[head, sep, ...body].join('\n')}`;
  }).join('\n\n')).join('\n\n');

  // Goals (issue #17), over HTTP/2, on both pages.
  const mark = (ok) => (ok ? 'met' : '**NOT met**');
  const goals = [];
  const peers = ['orejime', 'vanilla-cookieconsent'];
  for (const kind of pages) {
    const ours = median[`ours|${kind}|h2`];
    if (!ours) continue;
    for (const [key, what] of [['firstMs', 'first view visible'], ['firstLcp', 'first view LCP'], ['nextMs', 'next page (banner ignored) visible'], ['returnMs', 'returning view: gated script started']]) {
      const best = peers.map((p) => [p, median[`${p}|${kind}|h2`]?.[key]]).filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[1] - b[1])[0];
      if (!best) continue;
      goals.push({ ok: ours[key] <= best[1], text: `${kind === 'light' ? 'light' : 'portal-weight'} page, ${what} ≤ the fastest peer's (${best[0]}): ${fmt(ours[key])} ms against ${fmt(best[1])} ms (×${(ours[key] / best[1]).toFixed(2)})` });
    }
    goals.push({ ok: ours.cls === 0, text: `${kind === 'light' ? 'light' : 'portal-weight'} page, CLS 0: ${fmt(ours.cls, 3)}` });
  }
  const goalsMd = goals.map((g) => `- ${g.text} — ${mark(g.ok)}`).join('\n');
  // Whether a module's dialog was its page's largest paint (the last LCP
  // entry's element, see vitals()), counted over the rounds: then the
  // dialog's own time is the page's LCP.
  const lcpLines = pages.map((kind) => {
    const rows = ['ours', ...peers, 'static'].map((id) => {
      const rs = results[`${id}|${kind}|h2`];
      if (!rs) return null;
      return `${id === 'ours' ? 'consent-banner' : id === 'static' ? 'the static banner' : id} ${rs.filter((r) => r.firstLcpDialog).length} of ${rs.length}`;
    }).filter(Boolean);
    return rows.length ? `${kind === 'light' ? 'light' : 'portal-weight'} page: ${rows.join(', ')}` : null;
  }).filter(Boolean);
  const lcpMd = lcpLines.length ? `The dialog as the page's largest paint (first-view rounds whose last LCP entry was the dialog's, over HTTP/2): ${lcpLines.join('; ')}. (This module's dialog is in a shadow root, whose elements LCP entries report as null: such an entry, with no image URL, is counted as its dialog's.)` : '';
  const cal = pages.map((kind) => {
    const c = median[`calibration|${kind}|h2`], st = median[`static|${kind}|h2`];
    if (!c || !st) return null;
    const extraMs = c.firstMs - st.firstMs;
    return { text: `${kind === 'light' ? 'light' : 'portal-weight'} page: ${fmt(extraMs)} ms later than the static banner`, ok: extraMs >= CALIBRATION_MS * 0.9 };
  }).filter(Boolean);
  const calibration = cal.length ? `Calibration: the static banner shown after a ${CALIBRATION_MS} ms busy loop in a promise (${CALIBRATION_MS} ms of wall time, whatever the throttling) reads ${cal.map((c) => c.text).join('; ')} (first view, medians) — ${cal.every((c) => c.ok) ? 'the method sees it' : '**the method does NOT see it: do not trust small differences in this run**'}.` : '';
  const md = `## Phone profile: network, HTTP/2, a portal-weight page

${runs} rounds, ${minutes} min; in each, every target on each page over each protocol, round-robin, each in a fresh browser context.
CPU ${CPU_RATE}× and Lighthouse's mobile network (+${NETWORK.latency} ms a request, ${NETWORK.downloadThroughput * 8 / 1e6} Mbit/s down, ${NETWORK.uploadThroughput * 8 / 1e3} kbit/s up), viewport ${VIEWPORT.width}×${VIEWPORT.height}, Chromium ${version}.
Medians. Portal-weight page: three deferred application scripts (${fmt(weight.appGzip / 1024)} KB gzip together), ${fmt(weight.cssBytes / 1024)} KB of CSS (${fmt(weight.cssGzip / 1024)} KB gzip), a ${fmt(weight.heroBytes / 1024)} KB hero image, six dataset cards.
${failures.length ? `\n**Failed runs (left out of the medians):**\n${failures.map((f) => `- ${f}`).join('\n')}\n` : ''}
How: the same visibility detector as the loopback profile (an \`IntersectionObserver\` on the dialog, found on DOM mutations, shadow roots included);
LCP is the last \`largest-contentful-paint\` entry and CLS the sum of \`layout-shift\` entries without recent input, both from \`PerformanceObserver\`s in an init script, read after \`load\` + 1 s;
the next page and the returning view load the same page under another query string in the same context (the page itself is \`no-cache\`, every other file \`max-age=3600\`); the returning view's DOMContentLoaded is the navigation timing's \`domContentLoadedEventStart\` (on the portal-weight page it comes after the page's three deferred scripts have run, and an inserted gated script runs after them);
"module bytes on the wire" is CDP's \`encodedDataLength\` of the module's own responses (compressed bodies and headers).
consent-banner is measured with the README's tag (the bundle with the registry written in by \`consent-banner bundle\`, \`defer\`, no \`data-registry\`), and over HTTP/2 also with the released bundle and \`data-registry\` (its registry fetched), with the loader (\`consent-banner.js\`, which fetches one language's files) as \`async\`, as the tag portals already have (\`defer\`), and with \`<link rel=preload>\` for its wasm, glue and registry (an extra: the goals are read on the README's tag).

### Goals (HTTP/2, medians of this run)

${goalsMd}

${calibration}

${lcpMd}

${tables}
`;
  return { median, goals, md, failures, version };
}

// Run alone: print, write nothing but the generated pages.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Math.max(1, Number.parseInt(process.env.PHONE_RUNS || '9', 10) || 9);
  const split = (v, d) => (v ? v.split(',').filter(Boolean) : d);
  const exe = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!exe) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  // PHONE_VARIANTS='{"name": "<head html>"}' adds consent-banner variants (A/B of include tags).
  const ours = TARGETS.find((t) => t.id === 'ours');
  const variants = Object.entries(JSON.parse(process.env.PHONE_VARIANTS || '{}'))
    .map(([id, head]) => ({ ...ours, id: `ours-${id}`, label: `consent-banner (${id})`, version: '', head, own: [...ours.own, '/bench/pkg-'] }));
  writeEmbedded(REPO);
  const result = await phoneProfile({
    root: REPO, runs, chromium: exe,
    protocols: split(process.env.PHONE_PROTOCOLS, ['h2', 'h1']),
    pages: split(process.env.PHONE_PAGES, ['light', 'weight']),
    targets: process.env.PHONE_TARGETS ? split(process.env.PHONE_TARGETS) : PHONE_TARGETS,
    extra: variants,
    log: (s) => process.stderr.write(s),
  });
  console.log(result.md);
}

