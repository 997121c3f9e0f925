// Shared end-to-end harness: Debian's Chromium driven by playwright-core,
// against the www/ pages served over HTTP by scripts/serve.mjs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { wasmMemoryBytes as memoryOf } from '../../scripts/wasm-memory.mjs';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PORTALS = ['babel', 'datartibus', 'inai', 'dgal', 'cloudbirst'];
/** Statistics cookie names each demo portal's stand-in sets. */
export const STATS_COOKIES = {
  babel: ['_ga', '_ga_DEMO123'], inai: ['_ga', '_ga_DEMO123'],
  datartibus: ['_pk_id.1.a1b2', '_pk_ses.1.a1b2'], dgal: ['_pk_id.1.a1b2', '_pk_ses.1.a1b2'], cloudbirst: ['_pk_id.1.a1b2', '_pk_ses.1.a1b2'],
};
export const NECESSARY = ['sessionid', 'django_language', 'csrftoken', 'cookies_preferences'];
/** A host name with dots, mapped to 127.0.0.1, so cookies can be set on a parent domain. */
export const TEST_HOST = 'portal.example.test';

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  try {
    candidates.push(execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim());
  } catch { /* not on PATH */ }
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error('Chromium not found: install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH');
  }
  return found;
}

/**
 * pkg/manifest.json, written by the build: `{ name, version, loader: { file,
 * integrity, bytes }, languages: { en: { glue: { file, integrity, bytes },
 * wasm: { … } }, fr, es }, debug: { glue, wasm } }` (glue and wasm names carry
 * a content hash; `debug` is the administrators' build, loaded with `data-debug`).
 */
export function manifest(dir = join(repo, 'pkg')) {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * The path prefix under which every www/ page is served again with the
 * README's tag instead of the loader's: `/pkg/consent-banner.js` replaced by
 * `/pkg/consent-banner.bundle.js`, nothing else changed (their sibling
 * `.headers.json` too). `url(\`${BUNDLE}babel.html\`)` is babel.html with the bundle.
 */
export const BUNDLE = 'bundle/';
const bundleDir = join(repo, 'target', 'e2e-bundle-pages');

/** Writes the bundle's copies of the www/ pages (target/e2e-bundle-pages/). */
function bundlePages() {
  rmSync(bundleDir, { recursive: true, force: true });
  const copy = (from, to) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'editor-pkg') copy(join(from, entry.name), join(to, entry.name));
      } else if (entry.name.endsWith('.html')) {
        const html = readFileSync(join(from, entry.name), 'utf8');
        writeFileSync(join(to, entry.name), html.replaceAll('/pkg/consent-banner.js"', '/pkg/consent-banner.bundle.js"'));
      } else if (entry.name.endsWith('.headers.json')) {
        cpSync(join(from, entry.name), join(to, entry.name));
      }
    }
  };
  copy(join(repo, 'www'), bundleDir);
}

/** Starts the server (HTTPS with the test certificate when `tls`) and the browser once per test file. */
export async function start({ tls = false } = {}) {
  const m = manifest();
  for (const f of ['consent-banner.js', 'consent-banner.bundle.js', ...[...Object.values(m.languages), m.debug].flatMap((l) => [l.glue.file, l.wasm.file])]) {
    if (!existsSync(join(repo, 'pkg', f))) throw new Error(`pkg/${f} is missing: run npm run build first`);
  }
  bundlePages();
  const server = await startServer({
    port: 0,
    mounts: { [`/${BUNDLE}`]: 'target/e2e-bundle-pages' },
    tls: tls ? { key: readFileSync(join(repo, 'tests', 'fixtures', 'tls', 'key.pem')), cert: readFileSync(join(repo, 'tests', 'fixtures', 'tls', 'cert.pem')) } : undefined,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', `--host-resolver-rules=MAP ${TEST_HOST} 127.0.0.1, MAP *.${TEST_HOST} 127.0.0.1`],
  });
  return {
    server, browser,
    /** URL of a www/ path on the test host (default) or 127.0.0.1. */
    url: (path, host = TEST_HOST) => `${tls ? 'https' : 'http'}://${host}:${server.port}/${path.replace(/^\//, '')}`,
    async stop() { await browser.close(); await server.close(); },
  };
}

/**
 * A fresh context and page. `page.problems` collects page errors;
 * `page.logs` every console message as "type: text".
 */
export async function open(env, options = {}) {
  const context = await env.browser.newContext({ reducedMotion: 'reduce', ...options });
  await context.addInitScript(() => {
    // The module's signals, counted: each start (consent:ready) and decision (consent:change).
    window.__cbReadies = 0;
    window.__cbChanges = 0;
    document.addEventListener('consent:ready', () => { window.__cbReady = true; window.__cbReadies++; });
    document.addEventListener('consent:change', () => { window.__cbChanges++; });
    // Script elements that have loaded or failed (load and error do not
    // bubble, but reach a capturing listener on the document).
    const done = new WeakSet();
    window.__cbScriptsLoaded = [];
    for (const type of ['load', 'error']) {
      document.addEventListener(type, (e) => {
        if (!(e.target instanceof HTMLScriptElement)) return;
        done.add(e.target);
        if (type === 'load' && e.target.src) window.__cbScriptsLoaded.push(new URL(e.target.src).pathname + new URL(e.target.src).search);
      }, true);
    }
    window.__cbScriptDone = (s) => done.has(s);
    /** The focused element, looking into open shadow roots. */
    window.__cbFocus = () => {
      let e = document.activeElement;
      while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
      return e;
    };
  });
  const page = await context.newPage();
  page.problems = [];
  page.logs = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  page.on('console', (m) => page.logs.push(`${m.type()}: ${m.text()}`));
  return { context, page };
}

/** Waits until the module has started on the page (consent:ready fired or an error logged). */
export async function ready(page) {
  await page.waitForFunction(() => window.consentBanner && window.__cbReady === true, null, { timeout: 10000 }).catch(async () => {
    throw new Error(`module did not start; console: ${page.logs.join(' | ')}`);
  });
}

/**
 * Waits until the module is done with this page load, however it ends: it
 * started (`consentBanner.ready` resolved, so its start — which honours a
 * stored choice, runs what that accepts, draws what it needs or refuses the
 * registry — has returned) or the loader gave up (its "consent-banner: …"
 * console error). Then one task later, so that every console message of that
 * moment is in `page.logs`. `frame`: the frame the loader runs in.
 */
export async function settled(page, frame = page.mainFrame()) {
  const gaveUp = (text) => text.startsWith('consent-banner: ');
  let stop;
  const failed = new Promise((resolve) => {
    if (page.logs.some((l) => l.startsWith('error: ') && gaveUp(l.slice(7)))) resolve();
    stop = (m) => { if (m.type() === 'error' && gaveUp(m.text())) resolve(); };
    page.on('console', stop);
  });
  const started = frame.waitForFunction(() => window.consentBanner && window.consentBanner.ready, null, { timeout: 10000 })
    .then(() => frame.evaluate(() => window.consentBanner.ready.then(() => true)));
  started.catch(() => {}); // a loader that gave up never resolves it (the page may close first)
  const timeout = new Promise((_, reject) => { setTimeout(() => reject(new Error(`module neither started nor gave up; console: ${page.logs.join(' | ')}`)), 10000).unref(); });
  try {
    await Promise.race([failed, started, timeout]);
  } finally {
    page.off('console', stop);
  }
  await turn(frame);
}

/** One task later in the page (after whatever the page had queued, e.g. the module's handlers). */
export async function turn(frame) {
  await frame.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 0); }));
}

/**
 * Waits until every external script in the frame's document that can run
 * (not a gated `type="text/plain"` one, nor data) has loaded or failed — a
 * script that loaded has run — then one task. Called after the module's
 * signal (ready, settled, changed): whatever the module let run has run then.
 */
export async function scriptsDone(page, frame = page.mainFrame()) {
  await frame.waitForFunction(() => [...document.scripts].every((s) => !s.src
    || !['', 'text/javascript', 'application/javascript', 'module'].includes(s.type.toLowerCase())
    || window.__cbScriptDone(s)), null, { timeout: 10000 });
  await turn(frame);
}

/**
 * Waits until the script at `path` (path and query) has loaded, then one task:
 * the load event has then reached the module's own listener (which runs
 * after the document's capturing one that records it).
 */
export async function scriptLoaded(page, path) {
  await page.waitForFunction((p) => window.__cbScriptsLoaded.includes(p), path, { timeout: 10000 });
  await turn(page.mainFrame());
}

/** Two animation frames later: the page has drawn what the module last did, twice. */
export async function frames(page) {
  await page.evaluate(() => new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))); }));
}

/** How many decisions the module has announced (consent:change) on this page load. */
export async function changes(page) {
  return page.evaluate(() => window.__cbChanges);
}

/** Waits until the module has announced more than `before` decisions on this page load, then one task. */
export async function changed(page, before) {
  await page.waitForFunction((n) => window.__cbChanges > n, before, { timeout: 10000 });
  await turn(page.mainFrame());
}

export async function cookieMap(context) {
  const out = {};
  for (const c of await context.cookies()) out[c.name] = c;
  return out;
}

export async function statsRuns(page) {
  return page.evaluate(() => (window.consentDemo ? window.consentDemo.statsRuns : 0));
}

/** The seed's table rows: [provider, function and location, names, purposes]. */
export function seedRows(portal) {
  const text = readFileSync(join(repo, 'tests', 'fixtures', 'seeds', `${portal}.txt`), 'utf8');
  const table = text.slice(text.indexOf("Service provider's name"));
  const cells = table.split('\n').flatMap((l) => l.split('\t')).map((c) => c.trim().replaceAll('\\_', '_')).filter(Boolean).slice(4);
  const rows = [];
  for (let i = 0; i < cells.length; i += 4) rows.push(cells.slice(i, i + 4));
  return rows;
}

/** The seed's prose lines before the table, without Markdown marks. */
export function seedProse(portal) {
  const text = readFileSync(join(repo, 'tests', 'fixtures', 'seeds', `${portal}.txt`), 'utf8');
  return text.slice(0, text.indexOf("Service provider's name")).split('\n')
    .map((l) => l.replace(/^#+/, '').trim().replace(/[<>]/g, '')).filter(Boolean);
}

/** Bytes of every WebAssembly.Memory alive in the page. */
export async function wasmMemoryBytes(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await memoryOf(cdp);
  } finally {
    await cdp.detach();
  }
}

/**
 * Holds every request matching `pattern` until the returned function is
 * called (to make an external script "still loading" at a chosen moment).
 */
export async function holdRequests(context, pattern) {
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route(pattern, async (route) => { await held; await route.continue(); });
  return release;
}
