// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core, the demo server from scripts/serve.mjs, and helpers.
//
// Nothing here ever skips: a missing browser or a missing build is an error
// that fails the test file with a message saying what to do.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Host name mapped to 127.0.0.1 by --host-resolver-rules (a "real" host name for cookies). */
export const PORTAL_HOST = 'portal.example.test';

export const PORTALS = ['babel', 'datartibus', 'inai', 'dgal', 'cloudbirst'];

/** Cookies each stand-in analytics script sets (www/js/*-standin.js). */
export const STATS_COOKIES = {
  babel: ['_ga', '_ga_DEMO123'],
  inai: ['_ga', '_ga_DEMO123'],
  datartibus: ['_pk_id.1.a1b2', '_pk_ses.1.a1b2'],
  dgal: ['_pk_id.1.a1b2', '_pk_ses.1.a1b2'],
  cloudbirst: ['_pk_id.1.a1b2', '_pk_ses.1.a1b2'],
};

export const PREFS_COOKIE = 'cookies_preferences';
export const PREFS_MAX_AGE = 15724800; // 182 days

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  `--host-resolver-rules=MAP ${PORTAL_HOST} 127.0.0.1`,
];

/** Finds Debian's Chromium: $CHROMIUM_PATH, /usr/bin/chromium, then `command -v chromium`. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`Chromium not found: CHROMIUM_PATH=${fromEnv} does not exist. `
      + 'Install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH');
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found && existsSync(found)) return found;
  } catch { /* not on PATH */ }
  throw new Error('Chromium not found: install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH');
}

/** Throws unless pkg/ holds the loader and a .wasm. */
export function checkBuild() {
  const pkg = join(REPO, 'pkg');
  const loader = join(pkg, 'consent-banner.js');
  const wasm = existsSync(pkg) ? readdirSync(pkg).filter((f) => f.endsWith('.wasm')) : [];
  if (!existsSync(loader) || wasm.length === 0) {
    throw new Error(`pkg/ is not built (need pkg/consent-banner.js and a .wasm in ${pkg}): run npm run build first`);
  }
}

/**
 * Per-file set-up: checks, one server, one browser. Registers its own clean-up
 * with node:test's `after`. Call with top-level await so that a failure fails
 * the whole file.
 */
export async function startSuite() {
  checkBuild();
  const executablePath = findChromium();
  const { startServer } = await import('../../scripts/serve.mjs');
  const server = await startServer({ port: 0 });
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (err) {
    await server.close();
    throw new Error(`could not launch Chromium at ${executablePath}: ${err.message}`);
  }
  const env = {
    browser,
    server,
    /** http://127.0.0.1:<port>/ */
    base: server.url,
    /** http://portal.example.test:<port>/ */
    portalBase: `http://${PORTAL_HOST}:${server.port}/`,
    /** Opens a fresh context + page (see openPage). */
    open: (t, options) => openPage(env, t, options),
    async close() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
    },
  };
  after(() => env.close());
  return env;
}

// Recorded in every page before any of its scripts: the module's events.
function recordEvents() {
  window.__consentEvents = [];
  for (const type of ['consent:ready', 'consent:change']) {
    document.addEventListener(type, (e) => {
      let detail = null;
      try { detail = JSON.parse(JSON.stringify(e.detail ?? null)); } catch { detail = 'unserialisable'; }
      window.__consentEvents.push({ type, detail });
    });
  }
}

/**
 * A fresh browser context and page. Collects console errors and page errors.
 * The context is closed after the test `t`.
 * options: { cookies: [{ name, value }], viewport, host: 'portal' | 'ip' }
 */
export async function openPage(env, t, { cookies = [], viewport, host = 'portal' } = {}) {
  const base = host === 'portal' ? env.portalBase : env.base;
  const context = await env.browser.newContext({ viewport: viewport ?? { width: 1280, height: 800 } });
  t.after(() => context.close().catch(() => {}));
  await context.addInitScript(recordEvents);
  if (cookies.length) {
    await context.addCookies(cookies.map((c) => ({ url: base, ...c })));
  }
  const page = await context.newPage();
  const consoleErrors = [];
  const consoleMessages = [];
  const pageErrors = [];
  page.on('console', (msg) => {
    const entry = { type: msg.type(), text: msg.text(), url: msg.location()?.url ?? '' };
    consoleMessages.push(entry);
    if (msg.type() === 'error') consoleErrors.push(entry);
  });
  page.on('pageerror', (err) => pageErrors.push(String(err?.stack || err)));
  consoleOf.set(page, { consoleMessages, pageErrors });
  return {
    context,
    page,
    base,
    consoleErrors,
    consoleMessages,
    pageErrors,
    url: (path) => new URL(path, base).href,
    goto: (path) => page.goto(new URL(path, base).href, { waitUntil: 'load' }),
  };
}

/** The first layer: the dialog holding the Customize button (getByRole pierces open shadow roots). */
export function firstLayer(page) {
  return page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Customize', exact: true }) });
}

const consoleOf = new WeakMap();

/** Waits for the module's `consent:ready` event on this document. */
export async function waitForReady(page, timeout = 10_000) {
  try {
    await page.waitForFunction(() => (window.__consentEvents || []).some((e) => e.type === 'consent:ready'),
      null, { timeout });
  } catch (err) {
    const seen = consoleOf.get(page);
    const log = seen
      ? [...seen.consoleMessages.map((m) => `${m.type}: ${m.text}`), ...seen.pageErrors.map((e) => `pageerror: ${e}`)]
      : [];
    throw new Error(`consent:ready was not dispatched on document within ${timeout} ms `
      + `(${err.message.split('\n')[0]}); page console: ${JSON.stringify(log)}`);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Console errors that are not a missing favicon. */
export function realConsoleErrors(list) {
  return list.filter((e) => !/favicon\.ico/.test(e.url) && !/favicon\.ico/.test(e.text));
}

/** Asserts no page error and no console error (favicon aside). */
export function assertNoErrors(session, what = 'page') {
  assert.deepEqual(session.pageErrors, [], `${what}: uncaught page errors`);
  assert.deepEqual(realConsoleErrors(session.consoleErrors).map((e) => e.text), [], `${what}: console errors`);
}

/** `prefix*` or exact name match, as the registry's `names` define them. */
export function nameMatches(pattern, name) {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

export function readRegistry(portal) {
  return JSON.parse(readFileSync(join(REPO, 'www', 'registries', `${portal}.json`), 'utf8'));
}

/** Cookie-name patterns and storage-key patterns declared by necessary categories. */
export function necessaryDeclarations(registry) {
  const cookies = [];
  const storage = [];
  for (const c of registry.categories) {
    if (c.necessary !== true) continue;
    for (const ck of c.cookies || []) cookies.push(...ck.names);
    storage.push(...(c.storage || []));
  }
  return { cookies, storage };
}

/** Parses a cookies_preferences value (a URL query string) into a Map. */
export function parsePrefs(value) {
  return new Map(new URLSearchParams(value));
}

export function normalise(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}

/** Reads the PNG width/height from the IHDR chunk. */
export function pngSize(buffer) {
  assert.equal(buffer.subarray(1, 4).toString('latin1'), 'PNG', 'not a PNG file');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}
