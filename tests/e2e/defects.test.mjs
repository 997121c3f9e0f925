// Defects found by testing as a hostile or unlucky user would (issue 13, §1):
// each test here failed before its fix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frames, open, ready, repo, settled, start, TEST_HOST, turn } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Whether the banner covers the centre of the element `selector` (in the page, not the shadow root). */
function covered(page, selector) {
  return page.evaluate((sel) => {
    const e = document.querySelector(sel);
    e.scrollIntoView({ block: 'end' });
    const r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!top && top.id === 'consent-banner-host';
  }, selector);
}

test('loader included twice: one banner, and the page still keeps room below it', async () => {
  const { context, page } = await open(env, { viewport: { width: 1024, height: 600 } });
  await page.goto(env.url('cases/twice.html'));
  await ready(page);
  await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
  // Both loaders have had their turn: each started the module once.
  await page.waitForFunction(() => window.__cbReadies === 2);
  await turn(page.mainFrame());
  assert.equal(await page.locator('#consent-banner-host').count(), 1, 'one host');
  assert.equal(await page.evaluate(() => document.getElementById('consent-banner-host').shadowRoot.querySelectorAll('[role=dialog]').length), 1, 'one banner');
  const room = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).paddingBottom));
  const banner = await page.evaluate(() => document.getElementById('consent-banner-host').shadowRoot.getElementById('consent-banner').getBoundingClientRect().height);
  assert.ok(room >= banner, `room below the page (${room}px) at least the banner's height (${banner}px)`);
  for (const id of ['#last-a', '#last-b', '#last-c']) {
    assert.equal(await covered(page, id), false, `${id} is covered by the banner at the end of the page`);
  }
  // The focused element is not hidden either.
  await page.focus('#last-c');
  assert.equal(await covered(page, '#last-c'), false, 'the focused button is covered');
  await page.getByRole('button', { name: 'Reject all' }).click();
  assert.equal(await page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('cookies_preferences=')).length), 1);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('cookie_domain the host is not inside: a console warning, and the choice is stored host-only', async () => {
  const babel = JSON.parse(readFileSync(join(repo, 'www', 'registries', 'babel.json'), 'utf8'));
  for (const [domain, warned] of [['example.org', true], ['example.test', false]]) {
    const { context, page } = await open(env);
    await page.route('**/registries/babel.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...babel, cookie_domain: domain }) }));
    await page.goto(env.url('babel.html'));
    await ready(page);
    const warnings = page.logs.filter((l) => l.startsWith('warning: consent-banner: the registry\'s cookie_domain'));
    if (warned) {
      assert.equal(warnings.length, 1, page.logs.join('\n'));
      assert.match(warnings[0], /"example\.org" does not contain this page's host "portal\.example\.test"; the choice is stored for this host only/);
    } else {
      assert.deepEqual(warnings, []);
    }
    await page.getByRole('button', { name: 'Reject all' }).click();
    const stored = (await context.cookies()).filter((c) => c.name === 'cookies_preferences');
    assert.equal(stored.length, 1, `the choice is stored (${domain})`);
    // Host-only cookies are reported with the host itself as their domain; shared ones with a leading dot.
    assert.equal(stored[0].domain, warned ? TEST_HOST : '.example.test');
    await context.close();
  }
});

test('a glue file that fails to load is named as the glue, not as the .wasm', async () => {
  const { context, page } = await open(env);
  await page.route(/consent_banner\.en(\.[0-9a-f]+)?\.js$/, (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto(env.url('babel.html'));
  await settled(page);
  const errors = page.logs.filter((l) => l.startsWith('error: consent-banner: '));
  assert.equal(errors.length, 1, page.logs.join('\n'));
  assert.match(errors[0], /could not load its JavaScript glue from http:\/\/\S*\/consent_banner\.en(\.[0-9a-f]+)?\.js /);
  assert.doesNotMatch(errors[0], /\.wasm/);
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the first layer\'s two links are separate, visibly and for screen readers', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('inai.html'));
  await ready(page);
  const banner = page.getByRole('dialog').first();
  await banner.waitFor();
  const list = banner.getByRole('list');
  assert.equal(await list.count(), 1, 'the links are a list');
  const items = list.getByRole('listitem');
  assert.equal(await items.count(), 2);
  const links = await items.getByRole('link').allTextContents();
  assert.equal(links.length, 2, links.join('|'));
  const [a, b] = await Promise.all([0, 1].map((i) => items.nth(i).getByRole('link').boundingBox()));
  const apart = b.y >= a.y + a.height ? b.y - (a.y + a.height) : b.x - (a.x + a.width);
  assert.ok(apart >= 12, `the links are at least 12px apart (${apart}px)`);
  await context.close();
});

test('focus returns to "Customize" when the preferences it opened close', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  const focused = () => page.evaluate(() => { const e = window.__cbFocus(); return e && (e.getAttribute('data-consent-action') || e.id || e.tagName); });
  for (const close of ['Escape', 'close button']) {
    await page.getByRole('button', { name: 'Customize' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
    if (close === 'Escape') await page.keyboard.press('Escape');
    else await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor({ state: 'detached' });
    // The banner is drawn again meanwhile: focus goes to its Customize, also after the next frames.
    await frames(page);
    assert.equal(await focused(), 'customize', `after ${close}`);
  }
  await context.close();
});
