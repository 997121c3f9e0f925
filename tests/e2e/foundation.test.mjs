// Issue 2, end to end on each of the five seed portals: no optional cookie
// before a choice, dialog and policy shown, accept / reject stored with the
// right attributes and enforced, choice kept across reloads, bad values asked again.
// Each with both tags: the README's (the bundle, every byte in one file) and
// the loader's (one language's files fetched next to it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLE, changed, cookieMap, NECESSARY, open, PORTALS, ready, scriptsDone, seedProse, seedRows, start, STATS_COOKIES, statsRuns } from './lib.mjs';

const MAX_AGE = 15724800;
let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const norm = (s) => s.replace(/\s+/g, ' ').trim();

for (const [form, prefix] of [['loader', ''], ['bundle', BUNDLE]]) for (const portal of PORTALS) {
  describe(form === 'bundle' ? `${portal}, with the bundle` : portal, () => {
    test('first visit: dialog and policy shown, nothing optional stored or run', async () => {
      const { context, page } = await open(env);
      const asked = [];
      page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/pkg/')) asked.push(new URL(r.url()).pathname); });
      await page.goto(env.url(`${prefix}${portal}.html`));
      await ready(page);
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      for (const name of ['Accept all', 'Reject all', 'Customize']) {
        assert.equal(await dialog.getByRole('button', { name, exact: true }).count(), 1, name);
      }
      // Let anything that would run, run: the module has started, and every script it let run has run.
      await scriptsDone(page);
      const cookies = Object.keys(await cookieMap(context));
      assert.deepEqual(cookies.filter((c) => !NECESSARY.includes(c)), [], 'only necessary cookies before a choice');
      const storage = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
      assert.deepEqual(storage, [], 'nothing in localStorage or sessionStorage before a choice');
      assert.equal(await statsRuns(page), 0, 'gated stand-in did not run');
      assert.equal(await page.locator('[data-stats-status]').textContent(), 'Statistics: not running');
      assert.deepEqual(page.problems, []);
      // The module's files: the bundle alone, or the loader and one language's glue and wasm.
      assert.deepEqual(asked.map((p) => p.replace(/\.[0-9a-f]{16}\./, '.')).sort(), form === 'bundle' ? ['/pkg/consent-banner.bundle.js']
        : ['/pkg/consent-banner.js', '/pkg/consent_banner.en.js', '/pkg/consent_banner_bg.en.wasm']);

      // The policy, with every table row and paragraph of the seed.
      const policy = page.locator('[data-consent-policy]');
      const header = await policy.locator('thead tr').first().evaluate((tr) => [...tr.cells].map((th) => th.textContent));
      assert.deepEqual(header.slice(0, 4), ["Service provider's name", 'Function and location', 'Cookie name(s)', 'Purposes'], 'the seed\'s columns');
      const rows = await policy.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
      for (const want of seedRows(portal)) {
        assert.ok(rows.some((r) => want.every((cell, i) => norm(r[i]) === norm(cell))), `${portal}: row ${want.join(' | ')} not rendered`);
      }
      const text = norm(await policy.textContent());
      for (const line of seedProse(portal)) assert.ok(text.includes(norm(line)), `${portal}: missing "${line}"`);
      assert.equal(await policy.locator('table').count(), 2, 'one table per category');
      for (const name of STATS_COOKIES[portal].slice(0, 1)) {
        const prefix = name.startsWith('_ga') ? '_ga' : '_pk_id.*';
        assert.ok(rows.some((r) => r[2].includes(prefix)), `statistics row for ${prefix}`);
      }
      await context.close();
    });

    test('accept all: stored with the right attributes, gated script runs once, kept on reload', async () => {
      const { context, page } = await open(env);
      await page.goto(env.url(`${prefix}${portal}.html`));
      await ready(page);
      const t0 = Date.now() / 1000;
      await page.evaluate(() => document.addEventListener('consent:change', (e) => { window.__changes = (window.__changes || []).concat([e.detail.consent]); }));
      await page.getByRole('button', { name: 'Accept all' }).click();
      await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
      assert.equal(await page.getByRole('dialog').count(), 0, 'dialog closed');
      const jar = await cookieMap(context);
      const pref = jar.cookies_preferences;
      assert.ok(pref, 'cookies_preferences written');
      assert.equal(pref.path, '/');
      assert.equal(pref.sameSite, 'Lax');
      assert.equal(pref.secure, false, 'no Secure on http');
      assert.equal(pref.httpOnly, false);
      assert.ok(Math.abs(pref.expires - (t0 + MAX_AGE)) < 120, `expires in 182 days (${pref.expires - t0})`);
      assert.match(pref.value, /^v=1&r=[0-9a-f]{8}&t=\d+&id=[0-9a-f]{16}&o=click&c\.necessary=1&c\.statistics=1&k=[0-9a-f]{4}\.[0-9a-f]{4}$/);
      assert.ok(pref.name.length + pref.value.length < 1024);
      for (const c of STATS_COOKIES[portal]) assert.ok(jar[c], `stand-in cookie ${c} set after consent`);
      const changes = await page.evaluate(() => window.__changes);
      assert.equal(changes.length, 1, 'one consent:change');
      assert.equal(`&id=${changes[0].id}&`, /&id=[0-9a-f]+&/.exec(pref.value)[0], 'event and cookie name the same decision');
      assert.equal(`r=${changes[0].revision}&`, /r=[0-9a-f]+&/.exec(pref.value)[0]);
      assert.equal(await page.locator('[data-stats-status]').textContent(), 'Statistics: running');

      await page.reload();
      await ready(page);
      await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
      await scriptsDone(page);
      assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog after reload');
      assert.equal(await statsRuns(page), 1, 'ran once on the new load');
      assert.equal((await cookieMap(context)).cookies_preferences.value, pref.value, 'choice unchanged');
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test('reject all: refusal stored, gated script never runs, kept on reload', async () => {
      const { context, page } = await open(env);
      await page.goto(env.url(`${prefix}${portal}.html`));
      await ready(page);
      await page.getByRole('button', { name: 'Reject all' }).click();
      await changed(page, 0);
      await scriptsDone(page);
      assert.equal(await page.getByRole('dialog').count(), 0);
      const jar = await cookieMap(context);
      assert.match(jar.cookies_preferences.value, /&c\.necessary=1&c\.statistics=0&/);
      assert.equal(await statsRuns(page), 0);
      for (const c of STATS_COOKIES[portal]) assert.equal(jar[c], undefined, `${c} never set`);
      await page.reload();
      await ready(page);
      await scriptsDone(page);
      assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog after reload');
      assert.equal(await statsRuns(page), 0, 'still not run');
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test('a bad stored value brings the dialog back and grants nothing', async () => {
      const { page: probe, context: c0 } = await open(env);
      await probe.goto(env.url(`${prefix}${portal}.html`));
      await ready(probe);
      await probe.getByRole('button', { name: 'Accept all' }).click();
      const good = (await cookieMap(c0)).cookies_preferences.value;
      await c0.close();
      const bad = [
        'garbage%%%',
        good.replace(/&r=[0-9a-f]{8}/, '&r=deadbeef'),
        good.replace(/&t=\d+/, `&t=${Math.floor(Date.now() / 1000) + 86400 * 30}`),
        good.replace(/&t=\d+/, `&t=${Math.floor(Date.now() / 1000) - 86400 * 200}`),
        `${good}&pad=${'x'.repeat(3000)}`,
      ];
      for (const value of bad) {
        const { context, page } = await open(env);
        await context.addCookies([{ name: 'cookies_preferences', value, url: env.url('') }]);
        await page.goto(env.url(`${prefix}${portal}.html`));
        await ready(page);
        await page.getByRole('dialog').waitFor();
        await scriptsDone(page);
        assert.equal(await statsRuns(page), 0, `not run with ${value.slice(0, 60)}`);
        assert.deepEqual(page.problems, [], 'no exception');
        assert.ok(page.logs.some((l) => l.startsWith('warning: consent-banner: asking again')), page.logs.join('\n'));
        await context.close();
      }
    });
  });
}

test('the footer control reopens the choice on a later page', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.goto(env.url('babel.html?page=2'));
  await ready(page);
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.getByRole('button', { name: 'Cookie settings' }).click();
  const prefs = page.getByRole('dialog', { name: 'Cookie preferences' });
  await prefs.waitFor();
  assert.equal(await prefs.getByRole('switch', { name: 'Statistics cookies' }).isChecked(), false, 'shows the current state');
  await context.close();
});

test('inline registry page works like the others', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('inline.html'));
  await ready(page);
  await page.getByRole('dialog', { name: 'Cookies on Inline demo' }).waitFor();
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
  await context.close();
});
