// A release a portal can trust (issue 13, §3–4): the loader refuses glue or
// wasm whose SHA-384 is not the one it was built with; the module's files
// work from a second origin with CORS and fail closed without; pkg/ installs
// as an npm package; the demo portals switch language from their menu.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cookieMap, manifest, open, PORTALS, ready, repo, scriptsDone, settled, start } from './lib.mjs';
import { startServer } from '../../scripts/serve.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const errorsOf = (page) => page.logs.filter((l) => l.startsWith('error: consent-banner: '));

/** The page must not show the dialog nor run anything optional; returns the module's console errors. */
async function failedClosed(page, context) {
  await settled(page);
  await scriptsDone(page);
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog');
  assert.equal(await page.evaluate(() => window.__gatedRuns || 0), 0, 'gated script did not run');
  assert.equal(await page.evaluate(() => typeof window.consentBanner.getConsent), 'function', 'the API is still there');
  assert.deepEqual(Object.keys(await cookieMap(context)).filter((n) => n !== 'django_language'), []);
  assert.deepEqual(page.problems, [], 'no uncaught exception');
  return errorsOf(page);
}

for (const kind of ['glue', 'wasm']) {
  test(`a tampered ${kind} file is refused before it runs: fail closed, the file named`, async () => {
    const m = manifest();
    const file = m.languages.en[kind].file;
    const original = readFileSync(join(repo, 'pkg', file));
    // One byte more: what a compromised CDN or a half-deployed release serves.
    const tampered = kind === 'glue'
      ? Buffer.concat([original, Buffer.from('\nwindow.__tampered = 1;\n')])
      : Buffer.concat([original.subarray(0, original.length - 1), Buffer.from([original[original.length - 1] ^ 1])]);
    const { context, page } = await open(env);
    await page.route(`**/pkg/${file}`, (r) => r.fulfill({ status: 200, contentType: kind === 'glue' ? 'text/javascript' : 'application/wasm', body: tampered }));
    await page.goto(env.url('cases/plain.html'));
    const errors = await failedClosed(page, context);
    assert.equal(errors.length, 1, page.logs.join('\n'));
    const what = kind === 'glue' ? 'JavaScript glue' : 'WebAssembly module';
    assert.match(errors[0], new RegExp(`could not load its ${what} from http://\\S+/pkg/${file.replaceAll('.', '\\.')} \\(its SHA-384 is not the one this consent-banner\\.js was built with: a tampered or stale copy`));
    assert.equal(await page.evaluate(() => window.__tampered), undefined, 'the tampered glue never ran');
    await context.close();
  });
}

test('a wasm file served without the application/wasm type still works, and the console says why it was slower', async () => {
  const file = manifest().languages.en.wasm.file;
  const body = readFileSync(join(repo, 'pkg', file));
  const { context, page } = await open(env);
  await page.route(`**/pkg/${file}`, (r) => r.fulfill({ status: 200, contentType: 'application/octet-stream', body }));
  await page.goto(env.url('cases/plain.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__gatedRuns === 1);
  const warnings = page.logs.filter((l) => l.startsWith('warning: consent-banner: '));
  assert.equal(warnings.length, 1, page.logs.join('\n'));
  assert.match(warnings[0], new RegExp(`the server does not send http://\\S+/pkg/${file.replaceAll('.', '\\.')} as application/wasm: it is compiled after downloading`));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the loader carries each file\'s SHA-384, and the manifest lists the same', async () => {
  const m = manifest();
  const loader = readFileSync(join(repo, 'pkg', 'consent-banner.js'), 'utf8');
  const { createHash } = await import('node:crypto');
  const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
  assert.equal(m.loader.integrity, sri(loader));
  for (const lang of ['en', 'fr', 'es', 'debug']) {
    for (const kind of ['glue', 'wasm']) {
      const { file, integrity } = (lang === 'debug' ? m.debug : m.languages[lang])[kind];
      assert.match(file, kind === 'glue' ? new RegExp(`^consent_banner\\.${lang}\\.[0-9a-f]{16}\\.js$`) : new RegExp(`^consent_banner_bg\\.${lang}\\.[0-9a-f]{16}\\.wasm$`));
      assert.equal(integrity, sri(readFileSync(join(repo, 'pkg', file))), file);
      assert.ok(loader.includes(integrity) && loader.includes(file), `the loader names ${file} and its hash`);
    }
  }
});

test('the loader\'s own tag with the printed integrity value loads (and a wrong one is refused by the browser)', async () => {
  const { integrity } = manifest().loader;
  for (const [value, works] of [[integrity, true], [`sha384-${Buffer.alloc(48).toString('base64')}`, false]]) {
    const { context, page } = await open(env);
    await page.route('**/cases/sri.html', (r) => r.fulfill({
      status: 200, contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>SRI</title><script src="/pkg/consent-banner.js" integrity="${value}" crossorigin="anonymous" data-registry="/registries/babel.json" defer></script></head><body><main><h1>SRI</h1></main></body></html>`,
    }));
    await page.goto(env.url('cases/sri.html', '127.0.0.1'));
    if (works) {
      await ready(page);
      await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
    } else {
      // The browser has refused the loader (its script element's error event): nothing of it will run.
      await scriptsDone(page);
      assert.equal(await page.evaluate(() => typeof window.consentBanner), 'undefined');
    }
    await context.close();
  }
});

/**
 * A portal page on 127.0.0.1 whose module files come from `server` as
 * another origin, localhost. (Chromium's Local Network Access checks hold
 * back a page's requests to loopback addresses of another origin until the
 * visitor allows them; both test origins are loopback, so the context is
 * given that permission, as a real CDN on the internet would not need.)
 */
async function portalWithCdn(server) {
  const cdn = `http://localhost:${server.port}/`;
  const { context, page } = await open(env, { permissions: ['local-network-access'] });
  await page.route('**/cases/cdn.html', (r) => r.fulfill({
    status: 200, contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Module from a CDN</title>
<script src="${cdn}pkg/consent-banner.js" data-registry="/registries/babel.json" defer></script></head>
<body><main><h1>Module from a CDN</h1><div data-consent-policy></div></main>
<script type="text/plain" data-consent-category="statistics" src="/cases/gated.js"></script></body></html>`,
  }));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(env.url('cases/cdn.html', '127.0.0.1'));
  return { context, page, requests, cdn };
}

test('module files on a second origin with CORS, registry on the portal\'s: works', async () => {
  const cdn = await startServer({ port: 0, cors: true });
  try {
    const { context, page, requests, cdn: from } = await portalWithCdn(cdn);
    await ready(page);
    await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
    const m = manifest();
    for (const f of [m.languages.en.glue.file, m.languages.en.wasm.file]) {
      assert.ok(requests.includes(`${from}pkg/${f}`), `${f} came from the second origin: ${requests.join(' ')}`);
    }
    assert.ok(requests.some((u) => u.startsWith(env.url('registries/babel.json', '127.0.0.1'))), 'the registry came from the portal');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => window.__gatedRuns === 1);
    assert.match((await cookieMap(context)).cookies_preferences.value, /c\.statistics=1/);
    assert.deepEqual(errorsOf(page), []);
    assert.deepEqual(page.problems, []);
    await context.close();
  } finally {
    await cdn.close();
  }
});

test('module files on a second origin without CORS: one clear console error, fail closed', async () => {
  const cdn = await startServer({ port: 0 });
  try {
    const { context, page } = await portalWithCdn(cdn);
    const errors = await failedClosed(page, context);
    assert.equal(errors.length, 1, page.logs.join('\n'));
    assert.match(errors[0], /could not load its (JavaScript glue|WebAssembly module) from http:\/\/localhost:\d+\/pkg\/\S+ \(.*on another origin that does not send Access-Control-Allow-Origin\)/);
    assert.match(errors[0], /No optional cookies or scripts will be used\.$/);
    await context.close();
  } finally {
    await cdn.close();
  }
});

test('npm pack ./pkg, installed into a scratch folder and served from its node_modules: the dialog shows, a choice is recorded', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'consent-banner-pack-'));
  let site;
  try {
    const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const packed = JSON.parse(npm(['pack', join(repo, 'pkg'), '--pack-destination', scratch, '--json'], repo))[0];
    const m = manifest();
    const expected = ['LICENSE', 'README.md', 'consent-banner.bundle.js', 'consent-banner.d.ts', 'consent-banner.js', 'manifest.json', 'package.json',
      ...[...Object.values(m.languages), m.debug].flatMap((l) => [l.glue.file, l.wasm.file])].sort();
    assert.deepEqual(packed.files.map((f) => f.path).sort(), expected, 'the tarball holds the module and nothing else');
    const cargo = readFileSync(join(repo, 'Cargo.toml'), 'utf8');
    assert.equal(packed.version, /^version = "([^"]+)"/m.exec(cargo)[1], 'version from Cargo.toml');

    const root = join(scratch, 'site');
    mkdirSync(join(root, 'www'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "name": "portal", "version": "1.0.0", "private": true }\n');
    npm(['install', '--no-audit', '--no-fund', '--offline', join(scratch, packed.filename)], root);
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'consent-banner', 'package.json'), 'utf8'));
    for (const key of ['name', 'version', 'description', 'license', 'files', 'types', 'exports']) assert.ok(installed[key], `package.json has ${key}`);
    assert.equal(installed.exports['.'].default, './consent-banner.js');
    assert.ok(readdirSync(join(root, 'node_modules', 'consent-banner')).includes('LICENSE'));
    copyFileSync(join(repo, 'www', 'registries', 'babel.json'), join(root, 'www', 'cookies.json'));
    writeFileSync(join(root, 'www', 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Installed from npm</title>
<script src="/node_modules/consent-banner/consent-banner.js" integrity="${installed.name && JSON.parse(readFileSync(join(root, 'node_modules', 'consent-banner', 'manifest.json'), 'utf8')).loader.integrity}" crossorigin="anonymous" data-registry="/cookies.json" defer></script>
</head><body><main><h1>Installed from npm</h1><div data-consent-policy></div></main></body></html>\n`);
    site = await startServer({ port: 0, root, mounts: { '/node_modules/': 'node_modules' } });
    const { context, page } = await open(env);
    await page.goto(site.url);
    await ready(page);
    await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
    await page.getByRole('button', { name: 'Reject all' }).click();
    const stored = (await cookieMap(context)).cookies_preferences;
    assert.ok(stored, 'the choice is recorded');
    assert.match(stored.value, /^v=1&.*&o=click&c\.necessary=1&c\.statistics=0/);
    assert.deepEqual(page.problems, []);
    await context.close();
  } finally {
    await site?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});

for (const portal of PORTALS) {
  test(`${portal}: the language menu sets django_language and reloads; Français shows the French dialog and policy`, async () => {
    const { context, page } = await open(env);
    await page.goto(env.url(`${portal}.html`));
    await ready(page);
    await page.getByRole('button', { name: 'Accept all' }).waitFor();
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Language').selectOption('fr')]);
    await ready(page);
    assert.equal((await cookieMap(context)).django_language.value, 'fr');
    await page.getByRole('button', { name: 'Tout accepter' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Tout refuser' }).count(), 1);
    assert.ok((await page.locator('[data-consent-policy]').first().textContent()).includes('Politique relative aux cookies'), 'the policy is in French');
    assert.equal(await page.getByLabel('Language').inputValue(), 'fr', 'the menu shows the language in use');
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Language').selectOption('es')]);
    await ready(page);
    await page.getByRole('button', { name: 'Aceptar todas' }).waitFor();
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}
