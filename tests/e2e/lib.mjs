// Shared end-to-end harness: Debian's Chromium driven by playwright-core,
// against the www/ pages served over HTTP by scripts/serve.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/** Starts the server (HTTPS with the test certificate when `tls`) and the browser once per test file. */
export async function start({ tls = false } = {}) {
  const m = manifest();
  for (const f of ['consent-banner.js', ...[...Object.values(m.languages), m.debug].flatMap((l) => [l.glue.file, l.wasm.file])]) {
    if (!existsSync(join(repo, 'pkg', f))) throw new Error(`pkg/${f} is missing: run npm run build first`);
  }
  const server = await startServer({
    port: 0,
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
    document.addEventListener('consent:ready', () => { window.__cbReady = true; });
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
