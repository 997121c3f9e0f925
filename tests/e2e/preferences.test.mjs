// Issue 3: the preferences layer, withdrawal from any page with cookies and
// storage cleared on every domain and path, and re-consent on a registry change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cookieMap, open, ready, repo, start, statsRuns, TEST_HOST, wasmMemoryBytes } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('preferences layer: necessary locked on, optional off, a cookie table per category', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Customize' }).click();
  const prefs = page.getByRole('dialog', { name: 'Cookie preferences' });
  await prefs.waitFor();
  assert.equal(await prefs.getAttribute('aria-modal') ?? await prefs.evaluate((d) => d.matches(':modal') && 'true'), 'true', 'modal');
  const necessary = prefs.getByRole('switch', { name: /Cookies necessary/ });
  assert.equal(await necessary.isChecked(), true);
  assert.equal(await necessary.isDisabled(), true);
  assert.equal(await prefs.getByRole('switch', { name: 'Statistics cookies' }).isChecked(), false, 'never pre-ticked');
  for (const name of ['Save choices', 'Accept all', 'Reject all']) assert.equal(await prefs.getByRole('button', { name, exact: true }).count(), 1, name);
  await prefs.getByText('Cookies in this category').nth(1).click();
  const stats = prefs.getByRole('table', { name: 'Statistics cookies' });
  assert.match(await stats.textContent(), /_ga_\*/);
  assert.match(await stats.textContent(), /13 months/);
  assert.equal(await prefs.locator('table').count(), 1, 'tables are built when first opened');
  await prefs.getByText('Cookies in this category').nth(0).click();
  assert.equal(await prefs.locator('table').count(), 2, 'one table per category');
  await prefs.getByText('Cookies in this category').nth(0).click();
  await prefs.getByText('Cookies in this category').nth(0).click();
  assert.equal(await prefs.locator('table').count(), 2, 'built once');
  assert.match(await prefs.getByRole('table', { name: /Cookies necessary/ }).textContent(), /cookies_preferences/);

  await prefs.getByRole('switch', { name: 'Statistics cookies' }).check();
  await prefs.getByRole('button', { name: 'Save choices' }).click();
  await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
  assert.match((await cookieMap(context)).cookies_preferences.value, /c\.statistics=1/);
  assert.equal(await page.getByRole('dialog').count(), 0);
  await context.close();
});

test('Escape grants nothing; focus returns to the control that opened the layer', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Customize' }).click();
  await page.getByRole('switch', { name: 'Statistics cookies' }).check();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
  assert.equal((await cookieMap(context)).cookies_preferences, undefined, 'nothing stored');
  assert.equal(await statsRuns(page), 0);

  await page.getByRole('button', { name: 'Reject all' }).click();
  const settings = page.getByRole('button', { name: 'Cookie settings' });
  await settings.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
  assert.equal(await page.evaluate(() => !!window.__cbFocus().closest('#consent-preferences')), true, 'focus moved in');
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!window.__cbFocus().closest('#consent-preferences')), true, `Tab ${i} stays inside`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => !!window.__cbFocus().closest('#consent-preferences')), true, 'Shift+Tab stays inside');
  const before = (await cookieMap(context)).cookies_preferences.value;
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('consent-banner-host').shadowRoot.getElementById('consent-preferences'));
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cookie settings', 'focus back on the opener');
  assert.equal((await cookieMap(context)).cookies_preferences.value, before, 'choice unchanged');
  assert.equal(await page.getByRole('dialog').count(), 0, 'no first layer when a choice exists');
  await context.close();
});

test('withdrawal: as few clicks as consent, every cookie and key of the category gone on every domain and path', async () => {
  const { context, page } = await open(env);
  const url = env.url('babel.html');
  await page.goto(url);
  await ready(page);
  // Consent from the footer control: two clicks.
  await page.getByRole('button', { name: 'Reject all' }).click();
  let clicks = 0;
  await page.getByRole('button', { name: 'Cookie settings' }).click(); clicks++;
  await page.getByRole('dialog', { name: 'Cookie preferences' }).getByRole('button', { name: 'Accept all' }).click(); clicks++;
  const consentClicks = clicks;
  await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
  // The same cookies as other scripts or older versions may have left them:
  // on the parent domain, on the host with a leading dot, and on sub-paths.
  const domain = TEST_HOST;
  await context.addCookies([
    { name: '_ga', value: 'parent', domain: '.example.test', path: '/' },
    { name: '_ga_DEMO123', value: 'dot-host', domain: `.${domain}`, path: '/' },
    { name: '_ga_OTHER9', value: 'path', domain, path: '/babel.html' },
  ]);
  assert.ok((await context.cookies()).filter((c) => c.name.startsWith('_ga')).length >= 4);
  assert.equal(await page.evaluate(() => localStorage.getItem('stats_demo_visits')), '1');
  // Keys may hold any character, the module's separator included.
  await page.evaluate(() => { localStorage.setItem('stats_demo_\u001fodd', 'x'); sessionStorage.setItem('stats_demo_tab', 'y'); });

  clicks = 0;
  await page.getByRole('button', { name: 'Cookie settings' }).click(); clicks++;
  const nav = page.waitForEvent('load');
  await page.getByRole('dialog', { name: 'Cookie preferences' }).getByRole('button', { name: 'Reject all' }).click(); clicks++;
  assert.ok(clicks <= consentClicks, `withdrawal ${clicks} clicks, consent ${consentClicks}`);
  await nav; // the page reloads so scripts that ran are gone
  await ready(page);
  const left = (await context.cookies()).filter((c) => c.name.startsWith('_ga'));
  assert.deepEqual(left.map((c) => `${c.name}@${c.domain}${c.path}`), [], 'every statistics cookie deleted');
  assert.equal(await page.evaluate(() => localStorage.getItem('stats_demo_visits')), null, 'declared storage key deleted');
  assert.equal(await page.evaluate(() => localStorage.getItem('stats_demo_\u001fodd')), null, 'a key holding U+001F deleted');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('stats_demo_tab')), null, 'sessionStorage key deleted');
  assert.equal(await statsRuns(page), 0, 'not run after the reload');
  assert.match((await cookieMap(context)).cookies_preferences.value, /c\.statistics=0/);
  await context.close();
});

test('a registry change asks again, keeping only unchanged categories', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
  // The administrator adds a category.
  await page.route('**/registries/babel.json', async (route) => {
    const registry = JSON.parse(readFileSync(join(repo, 'www', 'registries', 'babel.json'), 'utf8'));
    registry.categories.push({
      id: 'media', title: 'Embedded media cookies',
      cookies: [{ provider: 'Video host', function: 'Embedded videos', names: ['vid_*'], purposes: 'To play videos', duration: '6 months' }],
    });
    await route.fulfill({ json: registry });
  });
  await page.reload();
  await ready(page);
  await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
  assert.equal(await statsRuns(page), 0, 'nothing optional until asked again');
  await page.getByRole('button', { name: 'Customize' }).click();
  assert.equal(await page.getByRole('switch', { name: 'Statistics cookies' }).isChecked(), true, 'unchanged category keeps its choice');
  assert.equal(await page.getByRole('switch', { name: 'Embedded media cookies' }).isChecked(), false, 'new category off');
  await context.close();
});

test('memory is reused: hundreds of decisions through the preferences do not grow the WebAssembly memory', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cases/order-live.html')); // withdrawals without reloading
  await ready(page);
  const cycle = (n) => page.evaluate((n) => {
    for (let i = 0; i < n; i++) {
      window.consentBanner.showPreferences();
      if (i % 2) window.consentBanner.acceptAll(); else window.consentBanner.rejectAll();
    }
  }, n);
  await cycle(20);
  const before = await wasmMemoryBytes(page);
  await cycle(300);
  const after = await wasmMemoryBytes(page);
  assert.ok(before > 0, 'the module has a memory');
  assert.ok(after - before <= 256 * 1024, `grew by ${after - before} bytes over 300 decisions`);
  assert.deepEqual(page.problems, []);
  await context.close();
});
