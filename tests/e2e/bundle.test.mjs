// The README's tag: consent-banner.bundle.js, the loader carrying the glue
// and the wasm of every language (issue 17). The five portals' own flows run
// with it in foundation.test.mjs; here what is the bundle's own: one file
// for every language, its integrity checked by the page, its decoding
// whatever the charset, its start without compiling synchronously, its
// failures reported and closed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, cookieMap, manifest, NECESSARY, open, ready, repo, scriptsDone, settled, start } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const bundleFile = () => readFileSync(join(repo, 'pkg', 'consent-banner.bundle.js'));

/** The module's requests under /pkg/ of a page load, hashes left out. */
function pkgRequests(page) {
  const asked = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/pkg/')) asked.push(path.replace(/\.[0-9a-f]{16}\./, '.'));
  });
  return asked;
}

/** The dialog's text once the module has started. */
async function dialogText(page) {
  await ready(page);
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog.innerText();
}

/** Nothing optional ran or was stored; returns the console's errors. */
async function closed(page, context) {
  await scriptsDone(page);
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog');
  assert.equal(await page.evaluate(() => window.__gatedRuns || 0), 0, 'gated script did not run');
  assert.deepEqual(Object.keys(await cookieMap(context)).filter((n) => !NECESSARY.includes(n)), []);
  assert.deepEqual(page.problems, [], 'no uncaught exception');
  return page.logs.filter((l) => l.startsWith('error: '));
}

/** A page on 127.0.0.1 (routed, so Local Network Access lets it reach the loopback server) with `tag` in its head. */
async function routedPage(tag, { headers = {}, lang = 'en' } = {}) {
  const { context, page } = await open(env);
  await page.route('**/cases/bundle-case.html', (r) => r.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', headers,
    body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Bundle</title>${tag}</head>
<body><main><h1>Bundle</h1><div data-consent-policy></div></main>
<script type="text/plain" data-consent-category="statistics" src="/cases/gated.js"></script></body></html>`,
  }));
  return { context, page, go: () => page.goto(env.url('cases/bundle-case.html', '127.0.0.1')) };
}

for (const lang of ['fr', 'es']) {
  test(`one file for every language: a ${lang} page gets the same ${lang} dialog as from the loader's ${lang} build, and no other file`, async () => {
    const split = await open(env);
    await split.page.goto(env.url(`cases/lang-${lang}.html`));
    const expected = await dialogText(split.page);
    await split.context.close();

    const { context, page } = await open(env);
    const asked = pkgRequests(page);
    await page.goto(env.url(`${BUNDLE}cases/lang-${lang}.html`));
    assert.equal(await dialogText(page), expected);
    assert.doesNotMatch(expected, /Accept all/, `the dialog is not in English: ${expected}`);
    assert.deepEqual(asked, ['/pkg/consent-banner.bundle.js']);
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}

// The loader picks a language only to fetch that language's files; the
// bundle has them all and leaves the choice to the module. A page's first
// read of document.cookie waits for the browser (the longest when made at
// the very start: docs/performance.md), so the bundle reads it once, in the
// module, and the django_language cookie still decides.
test('the bundle reads document.cookie once while starting, in the module, and django_language still picks the language', async () => {
  const { context, page } = await open(env);
  await context.addInitScript(() => {
    const own = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    window.__cookieReads = 0;
    window.__readsAtReady = null;
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() { window.__cookieReads++; return own.get.call(this); },
      set(v) { own.set.call(this, v); },
    });
    document.addEventListener('consent:ready', () => { window.__readsAtReady = window.__cookieReads; });
  });
  await context.addCookies([{ name: 'django_language', value: 'es', url: env.url('') }]);
  await page.goto(env.url(`${BUNDLE}cases/lang-fr.html`));
  await page.getByRole('button', { name: 'Aceptar todas' }).waitFor();
  assert.equal(await page.evaluate(() => window.__readsAtReady), 1);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the bundle\'s tag with the printed integrity value loads; a tampered bundle is refused by the browser, which names it', async () => {
  const { integrity } = manifest().bundle;
  const tag = `<script src="/pkg/consent-banner.bundle.js" integrity="${integrity}" crossorigin="anonymous" data-registry="/registries/babel.json" defer></script>`;
  const good = await routedPage(tag);
  await good.go();
  await dialogText(good.page);
  await good.context.close();

  const { context, page, go } = await routedPage(tag);
  const original = bundleFile();
  // One byte of the wasm's code changed, as a broken or hostile copy would be.
  const tampered = Buffer.from(original);
  tampered[tampered.length - 2000] ^= 1;
  await page.route('**/pkg/consent-banner.bundle.js', (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body: tampered }));
  await go();
  const errors = await closed(page, context);
  assert.equal(await page.evaluate(() => typeof window.consentBanner), 'undefined', 'nothing of it ran');
  assert.ok(errors.some((e) => /integrity/.test(e) && e.includes('/pkg/consent-banner.bundle.js')), errors.join('\n'));
  await context.close();
});

test('the bundle decodes as UTF-8 whatever charset the server names (its byte order mark)', async () => {
  assert.deepEqual([...bundleFile().subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the file starts with a UTF-8 byte order mark');
  const { context, page, go } = await routedPage('<script src="/pkg/consent-banner.bundle.js" data-registry="/registries/babel.json" defer></script>');
  await page.route('**/pkg/consent-banner.bundle.js', (r) => r.fulfill({ status: 200, contentType: 'text/javascript; charset=iso-8859-1', body: bundleFile() }));
  await go();
  assert.match(await dialogText(page), /Accept all/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('where the browser refuses to compile it synchronously, the bundle starts by the asynchronous path', async () => {
  const { context, page, go } = await routedPage('<script src="/pkg/consent-banner.bundle.js" data-registry="/registries/babel.json" defer></script>');
  await context.addInitScript(() => {
    const Module = WebAssembly.Module;
    window.__syncRefused = 0;
    WebAssembly.Module = function () {
      window.__syncRefused++;
      throw new RangeError('WebAssembly.Module(): buffer size is larger than the limit for synchronous compilation');
    };
    WebAssembly.Module.prototype = Module.prototype;
  });
  await go();
  await dialogText(page);
  assert.equal(await page.evaluate(() => window.__syncRefused), 1, 'the synchronous path was tried first');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__gatedRuns === 1);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('under a strict Content-Security-Policy the bundle starts with zero violations', async () => {
  const { context, page } = await open(env);
  const response = await page.goto(env.url(`${BUNDLE}cases/csp.html`));
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await ready(page);
  await page.getByRole('dialog').waitFor();
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__gatedRuns === 1);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(page.logs.filter((l) => /Content Security Policy|Refused to/.test(l)), []);
  await context.close();
});

test('a policy that forbids compiling WebAssembly: fail closed, the bundle named', async () => {
  const { context, page, go } = await routedPage('<script src="/pkg/consent-banner.bundle.js" data-registry="/registries/babel.json" defer></script>',
    { headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'" } });
  await go();
  await settled(page);
  const errors = (await closed(page, context)).filter((e) => e.startsWith('error: consent-banner: '));
  assert.equal(errors.length, 1, page.logs.join('\n'));
  assert.match(errors[0], /could not load its WebAssembly module from http:\/\/127\.0\.0\.1:\d+\/pkg\/consent-banner\.bundle\.js \(.*\)\. No optional cookies or scripts will be used\./);
  await context.close();
});

test('data-debug on the bundle\'s tag loads the administrators\' build, with the full explanation', async () => {
  const { context, page } = await open(env);
  const asked = pkgRequests(page);
  await page.goto(env.url(`${BUNDLE}cases/invalid-registry-debug.html`));
  await settled(page);
  const errors = (await closed(page, context)).filter((e) => e.startsWith('error: consent-banner: '));
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /categories\[1\]\.cookies\[0\]\.names: is empty: give it a value \[R007\]/);
  assert.deepEqual(asked.sort(), ['/pkg/consent-banner.bundle.js', '/pkg/consent_banner.debug.js', '/pkg/consent_banner_bg.debug.wasm']);
  await context.close();
});

// `consent-banner bundle`: the registry written into a copy of the bundle,
// so that the page's one tag needs no data-registry and the first view no
// request for it (docs/performance.md has the measurement).
/** Runs `consent-banner bundle REGISTRY --from pkg's bundle --out OUT`: { status, stdout, stderr, integrity }. */
function embed(registry, out) {
  const b = spawnSync('cargo', ['build', '--quiet', '--bin', 'consent-banner'], { cwd: repo, stdio: 'inherit' });
  assert.equal(b.status, 0, 'cargo build --bin consent-banner');
  const r = spawnSync(join(repo, 'target', 'debug', 'consent-banner'),
    ['bundle', registry, '--from', join(repo, 'pkg', 'consent-banner.bundle.js'), '--out', out], { cwd: repo, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, integrity: /integrity="([^"]+)"/.exec(r.stdout)?.[1] };
}

/** A routed page whose tag loads `body` as /embedded/portal.bundle.js; the JSON files it asks for. */
async function embeddedPage(tag, body, options) {
  const p = await routedPage(tag, options);
  await p.page.route('**/embedded/portal.bundle.js', (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body }));
  p.json = [];
  p.page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('.json')) p.json.push(new URL(r.url()).pathname); });
  return p;
}

test('a bundle with the registry written in by `consent-banner bundle`: the one tag, with the printed integrity, shows the portal\'s dialog and policy and asks for no registry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consent-banner-embed-'));
  try {
    const out = join(dir, 'portal.bundle.js');
    const written = embed('www/registries/babel.json', out);
    assert.equal(written.status, 0, written.stderr);
    assert.match(written.integrity, /^sha384-/);
    const body = readFileSync(out);

    // The same page with the released bundle and data-registry: what to expect.
    const fetched = await routedPage('<script src="/pkg/consent-banner.bundle.js" data-registry="/registries/babel.json" defer></script>');
    await fetched.go();
    const expected = await dialogText(fetched.page);
    const expectedPolicy = await fetched.page.locator('[data-consent-policy]').innerText();
    await fetched.context.close();
    assert.match(expectedPolicy, /Google Analytics/);

    const { context, page, go, json } = await embeddedPage(
      `<script src="/embedded/portal.bundle.js" integrity="${written.integrity}" crossorigin="anonymous" defer></script>`, body);
    await go();
    assert.equal(await dialogText(page), expected);
    assert.equal(await page.locator('[data-consent-policy]').innerText(), expectedPolicy);
    assert.deepEqual(json, [], 'no registry requested');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => window.__gatedRuns === 1);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.logs.filter((l) => l.startsWith('error: ')), []);
    // Without an inline registry, no warning about one.
    assert.deepEqual(page.logs.filter((l) => l.startsWith('warning: ')), []);
    await context.close();

    // A French page: the registry's non-ASCII texts read back as written.
    const frFetched = await routedPage('<script src="/pkg/consent-banner.bundle.js" data-registry="/registries/babel.json" defer></script>', { lang: 'fr' });
    await frFetched.go();
    await dialogText(frFetched.page);
    const frExpected = await frFetched.page.locator('[data-consent-policy]').innerText();
    await frFetched.context.close();
    assert.match(frExpected, /[éèàç’]/, 'the French policy has non-ASCII text');
    const fr = await embeddedPage('<script src="/embedded/portal.bundle.js" defer></script>', body, { lang: 'fr' });
    await fr.go();
    await dialogText(fr.page);
    assert.equal(await fr.page.locator('[data-consent-policy]').innerText(), frExpected);
    await fr.context.close();

    // data-registry on the tag still wins over the registry inside (and
    // over an inline one, which is then not read either, as with the
    // released bundle: no warning about it).
    const inline = (id, portal) => `<script type="application/json" id="${id}">${readFileSync(join(repo, 'www', 'registries', `${portal}.json`), 'utf8')}</script>`;
    const other = await embeddedPage(`${inline('consent-registry', 'inai')}<script src="/embedded/portal.bundle.js" data-registry="/registries/datartibus.json" defer></script>`, body);
    await other.go();
    await dialogText(other.page);
    assert.deepEqual(other.json, ['/registries/datartibus.json']);
    // Datartibus's statistics are Matomo's; Babel's, Google Analytics'.
    const otherPolicy = await other.page.locator('[data-consent-policy]').innerText();
    assert.match(otherPolicy, /Matomo/);
    assert.doesNotMatch(otherPolicy, /Google Analytics/);
    assert.deepEqual(other.page.logs.filter((l) => l.startsWith('warning: ')), []);
    await other.context.close();

    // A registry the page carries inline is not read, and the console says
    // so, naming it; the written one (Babel's) is the one shown.
    for (const [attr, id] of [['', 'consent-registry'], [' data-registry-element="portal-registry"', 'portal-registry']]) {
      const both = await embeddedPage(`${inline(id, 'datartibus')}<script src="/embedded/portal.bundle.js"${attr} defer></script>`, body);
      await both.go();
      await dialogText(both.page);
      const policy = await both.page.locator('[data-consent-policy]').innerText();
      assert.match(policy, /Google Analytics/);
      assert.doesNotMatch(policy, /Matomo/);
      const warned = both.page.logs.filter((l) => l.startsWith('warning: consent-banner: '));
      assert.equal(warned.length, 1, both.page.logs.join('\n'));
      assert.match(warned[0], new RegExp(`an inline registry \\(id "${id}"\\) is not read`));
      await both.context.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a registry broken by hand inside a written bundle is still checked by the module: fail closed, its code named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consent-banner-embed-'));
  try {
    const out = join(dir, 'portal.bundle.js');
    assert.equal(embed('www/registries/babel.json', out).status, 0);
    const text = readFileSync(out, 'utf8');
    // One cookie's names emptied, in the JSON string inside the script.
    const broken = text.replace(/\\"names\\":\s*\[[^\]]*\]/, '\\"names\\":[]');
    assert.notEqual(broken, text, 'the registry is inside the bundle');
    writeFileSync(out, broken);
    const { context, page, go, json } = await embeddedPage('<script src="/embedded/portal.bundle.js" defer></script>', readFileSync(out));
    await go();
    await settled(page);
    const errors = (await closed(page, context)).filter((e) => e.startsWith('error: consent-banner: '));
    assert.equal(errors.length, 1, page.logs.join('\n'));
    assert.match(errors[0], /R007/);
    assert.deepEqual(json, []);
    await context.close();

    // The toolkit refuses to write into it again: its place is taken.
    const again = embed('www/registries/babel.json', join(dir, 'again.js'));
    assert.equal(again.status, 0, 'from the released bundle it writes');
    const spawned = spawnSync(join(repo, 'target', 'debug', 'consent-banner'),
      ['bundle', 'www/registries/babel.json', '--from', out, '--out', join(dir, 'twice.js')], { cwd: repo, encoding: 'utf8' });
    assert.equal(spawned.status, 2);
    assert.match(spawned.stderr, /holds no place for a registry/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
