// Issue 3: content added later, the JS API and its queue, Google Consent
// Mode v2, Global Privacy Control, other tabs, and proof-of-consent receipts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { changed, changes, cookieMap, holdRequests, open, ready, scriptLoaded, scriptsDone, settled, start, statsRuns } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('scripts and frames added after start run once accepted; refused frames offer to accept', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cases/spa.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.getByRole('button', { name: 'Load the map view' }).click();
  const notice = page.locator('[data-consent-placeholder]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /hidden because it uses cookies of the category “Statistics cookies”/);
  const frame = page.locator('iframe[title="Visits map"]');
  assert.equal(await frame.getAttribute('src'), null, 'no src while refused');
  assert.equal(await frame.isVisible(), false);
  assert.equal(await page.evaluate(() => window.__gatedRuns || 0), 0, 'late script inert');

  await notice.getByRole('button', { name: 'Accept “Statistics cookies” and show it' }).click();
  await page.waitForFunction(() => window.__gatedRuns === 1);
  assert.equal(await frame.getAttribute('src'), '/cases/embed.html');
  assert.equal(await frame.isVisible(), true);
  assert.equal(await notice.count(), 0, 'notice removed');
  assert.match((await cookieMap(context)).cookies_preferences.value, /c\.statistics=1/);

  // Already accepted: content added now runs at once.
  await page.getByRole('button', { name: 'Load the map view' }).click();
  await page.waitForFunction(() => window.__gatedRuns === 2);
  assert.equal(await page.locator('iframe[src="/cases/embed.html"]').count(), 2);
  await context.close();
});

test('API calls made before the module is ready are queued, recorded with origin api, and announced', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cases/queue.html'));
  await ready(page);
  await page.waitForFunction(() => window.__gatedRuns === 1);
  const consent = await page.evaluate(() => window.consentBanner.getConsent());
  assert.equal(consent.origin, 'api');
  assert.deepEqual(consent.categories, { necessary: true, statistics: true });
  assert.match(consent.id, /^[0-9a-f]{16}$/);
  assert.equal(await page.evaluate(() => window.consentBanner.isAccepted('statistics')), true);
  assert.equal(await page.evaluate(() => window.consentBanner.isAccepted('ads')), false);
  assert.equal(await page.evaluate(() => window.__changes.length), 1, 'one change event');
  assert.match((await cookieMap(context)).cookies_preferences.value, /&o=api&/);
  assert.equal(await page.getByRole('dialog').count(), 0);

  await page.evaluate(() => window.consentBanner.showPreferences());
  await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
  // Withdrawing through the API reloads the page, since the script already
  // ran. The reload's request carries the refusal (read there: the reloaded
  // page's queue.js accepts again as soon as the module starts).
  const reload = page.waitForRequest((r) => r.isNavigationRequest() && r.url().endsWith('cases/queue.html'));
  await page.evaluate(() => window.consentBanner.rejectAll());
  const sent = await (await reload).headerValue('cookie');
  assert.match(sent, /cookies_preferences=v=1&[^;]*&o=api&c\.necessary=1&c\.statistics=0/);
  await context.close();
});

test('consentBanner.accept(ids) after start: exactly the ids given (a list or one id), unknown ones ignored whatever their characters', async () => {
  for (const [ids, statistics] of [[['nope', 'a"b\\c\u2028', 'statistics'], true], ['statistics', true], [['statistics', 'LONE SURROGATE'], true], [['nope', ''], false], [[], false]]) {
    const { context, page } = await open(env);
    await page.goto(env.url('cases/plain.html'));
    await ready(page);
    // A lone surrogate is made in the page (it would not survive the trip as JSON).
    await page.evaluate((list) => window.consentBanner.accept(Array.isArray(list) ? list.map((id) => id === 'LONE SURROGATE' ? String.fromCharCode(0xd800) : id) : list), ids);
    await page.waitForFunction(() => window.consentBanner.getConsent() !== null);
    const consent = await page.evaluate(() => window.consentBanner.getConsent());
    assert.equal(consent.origin, 'api', JSON.stringify(ids));
    assert.deepEqual(consent.categories, { necessary: true, statistics }, JSON.stringify(ids));
    assert.match((await cookieMap(context)).cookies_preferences.value, new RegExp(`&o=api&c\\.necessary=1&c\\.statistics=${statistics ? 1 : 0}`));
    await context.close();
  }
});

test('Consent Mode v2: default first, one update per decision, stored choice pushed again on load', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cases/consent-mode.html'));
  await ready(page);
  const layer = () => page.evaluate(() => window.dataLayer.map((e) => Array.from(e)));
  let dl = await layer();
  assert.deepEqual(dl[0].slice(0, 2), ['consent', 'default']);
  assert.equal(dl[0][2].analytics_storage, 'denied');
  assert.equal(dl[0][2].ad_storage, 'denied');
  assert.equal(dl[0][2].security_storage, 'granted');
  assert.equal(dl[0][2].wait_for_update, 500);
  assert.deepEqual(dl.slice(1, 3).map((e) => e[0]), ['js', 'config'], 'gtag commands only after the default');
  assert.equal(dl.filter((e) => e[1] === 'update').length, 0, 'no update before a decision');

  await page.getByRole('button', { name: 'Accept all' }).click();
  dl = await layer();
  const updates = dl.filter((e) => e[0] === 'consent' && e[1] === 'update');
  assert.equal(updates.length, 1, 'exactly one update');
  assert.equal(updates[0][2].analytics_storage, 'granted');
  assert.equal(updates[0][2].ad_storage, 'denied');

  await page.reload();
  await ready(page);
  dl = await layer();
  assert.deepEqual(dl[0].slice(0, 2), ['consent', 'default']);
  const again = dl.filter((e) => e[0] === 'consent' && e[1] === 'update');
  assert.equal(again.length, 1, 'stored choice pushed once on load');
  assert.equal(again[0][2].analytics_storage, 'granted');
  await context.close();
});

test('Global Privacy Control refuses every optional category, says so, and is recorded', async () => {
  const { context, page } = await open(env);
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await page.goto(env.url('babel.html'));
  await ready(page);
  const dialog = page.getByRole('dialog', { name: 'Cookies on Babel' });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Global Privacy Control signal, so every optional cookie has been refused/);
  const pref = (await cookieMap(context)).cookies_preferences;
  assert.match(pref.value, /&o=gpc&c\.necessary=1&c\.statistics=0/);
  await settled(page);
  await scriptsDone(page);
  assert.equal(await statsRuns(page), 0);
  // The visitor may still opt in explicitly.
  await dialog.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
  assert.match((await cookieMap(context)).cookies_preferences.value, /&o=click&.*c\.statistics=1/);
  await page.reload();
  await ready(page);
  assert.equal(await page.getByRole('dialog').count(), 0, 'the explicit choice stands');
  await context.close();
});

test('a decision in one tab applies to the other open tabs without a reload', async () => {
  const { context, page: a } = await open(env);
  const b = await context.newPage();
  await a.goto(env.url('babel.html'));
  await b.goto(env.url('babel.html'));
  await ready(a);
  await ready(b);
  await b.evaluate(() => { window.__sameDocument = true; });
  await a.getByRole('button', { name: 'Accept all' }).click();
  await b.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns === 1);
  assert.equal(await b.getByRole('dialog').count(), 0, 'dialog closed in the other tab');
  assert.equal(await b.evaluate(() => window.__sameDocument), true, 'no reload');
  await context.close();
});

test('each decision leaves a receipt that matches the cookie', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('consent-banner:receipts')), null, 'nothing stored before a decision');
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.getByRole('button', { name: 'Cookie settings' }).click();
  await page.getByRole('dialog', { name: 'Cookie preferences' }).getByRole('button', { name: 'Accept all' }).click();
  const log = JSON.parse(await page.evaluate(() => localStorage.getItem('consent-banner:receipts')));
  assert.equal(log.length, 2);
  const id = /&id=([0-9a-f]{16})&/.exec((await cookieMap(context)).cookies_preferences.value)[1];
  assert.equal(log[1].id, id);
  assert.deepEqual(log[1].choices, { necessary: true, statistics: true });
  assert.deepEqual(log[0].choices, { necessary: true, statistics: false });
  assert.equal(log[1].language, 'en');
  assert.equal(log[1].origin, 'click');
  assert.match(log[1].page, /\/babel\.html$/);
  assert.match(log[1].revision, /^[0-9a-f]{8}$/);
  await context.close();
});

test('the optional floating button reopens the preferences and hides while a layer is open', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cloudbirst.html'));
  await ready(page);
  const floating = page.locator('.cb-floating');
  assert.equal(await floating.isVisible(), false, 'hidden while the first layer is open');
  await page.getByRole('button', { name: 'Reject all' }).click();
  assert.equal(await floating.isVisible(), true);
  await floating.click();
  const prefs = page.getByRole('dialog', { name: 'Cookie preferences' });
  await prefs.waitFor();
  assert.equal(await prefs.getByRole('switch', { name: 'Statistics cookies' }).isChecked(), false, 'current state');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('consent-banner-host').shadowRoot.getElementById('consent-preferences'));
  assert.equal(await floating.isVisible(), true);
  await context.close();
});

test('the dialog links the privacy notice when the registry declares one (aviso de privacidad)', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cases/lang-es.html'));
  await ready(page);
  const link = page.getByRole('dialog').getByRole('link', { name: 'Aviso de privacidad' });
  assert.equal(await link.getAttribute('href'), '/inai.html#privacy-notice');
  await context.close();
});

test('gated scripts run in document order, external and inline alike, after the click and on later loads', async () => {
  const { context, page } = await open(env);
  // Delay the first external script so that running out of order would show.
  await context.route('**/cases/order-a.js', async (route) => { await new Promise((r) => setTimeout(r, 300)); await route.continue(); });
  await page.goto(env.url('cases/order-live.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window.__order || '').length === 4);
  assert.equal(await page.evaluate(() => window.__order), 'abcd');
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => (window.__order || '').length === 4);
  assert.equal(await page.evaluate(() => window.__order), 'abcd');
  await context.close();
});

test('a withdrawal while an external gated script loads stops the rest of the chain; a later consent runs it', async () => {
  const { context, page } = await open(env);
  const release = await holdRequests(context, '**/cases/order-a.js');
  await page.goto(env.url('cases/order-live.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.evaluate(() => window.consentBanner.rejectAll());
  release();
  await page.waitForFunction(() => window.__order === 'a');
  // The module takes its next step when a's load event reaches it: after that, whatever it let run has run.
  await scriptLoaded(page, '/cases/order-a.js');
  await scriptsDone(page);
  assert.equal(await page.evaluate(() => window.__order), 'a', 'nothing after the withdrawal runs');
  assert.equal(await page.locator('script[type="text/plain"][data-consent-category="statistics"]').count(), 3, 'the rest is inert again');
  await page.evaluate(() => window.consentBanner.acceptAll());
  await page.waitForFunction(() => window.__order === 'abcd');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a pending external gated script removed by the page does not stall the ones after it', async () => {
  const { context, page } = await open(env);
  const release = await holdRequests(context, '**/cases/order-a.js');
  await page.goto(env.url('cases/order-live.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.evaluate(() => document.querySelector('script[src="/cases/order-c.js"]').remove());
  release();
  await page.waitForFunction(() => (window.__order || '').length === 3, null, { timeout: 3000 });
  assert.equal(await page.evaluate(() => window.__order), 'abd');
  await context.close();
});

test('scripts gated on a necessary category run without asking', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cases/order-live.html'));
  await ready(page);
  assert.equal(await page.getByRole('dialog', { name: /cookies/i }).first().isVisible(), true, 'still undecided');
  assert.equal(await page.evaluate(() => window.__necessary), true);
  assert.equal(await page.evaluate(() => window.__order), undefined, 'statistics stay inert');
  await context.close();
});

test('at start, cookies of categories the stored choice refuses are deleted, necessary ones kept', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Reject all' }).click();
  const url = env.url('/');
  await context.addCookies([
    { name: '_ga', value: 'GA1.1.leftover', url }, { name: '_ga_DEMO123', value: 'x', url }, { name: 'sessionid', value: 's', url },
  ]);
  await page.reload();
  await ready(page);
  const jar = await cookieMap(context);
  assert.equal(jar._ga, undefined);
  assert.equal(jar._ga_DEMO123, undefined);
  assert.equal(jar.sessionid?.value, 's');
  assert.ok(jar.cookies_preferences);
  await context.close();
});

test('page code called back by the Consent Mode update may use the API (no re-entrancy failure)', async () => {
  const { context, page } = await open(env);
  await context.addInitScript(() => {
    // As Google Tag Manager does: dataLayer.push is replaced, and runs tags at once.
    window.__seen = [];
    window.dataLayer = [];
    window.dataLayer.push = function (...entries) {
      for (const e of entries) {
        if (e[0] === 'consent' && e[1] === 'update') window.__seen.push(window.consentBanner.isAccepted('statistics'));
      }
      return Array.prototype.push.apply(this, entries);
    };
  });
  await page.goto(env.url('cases/consent-mode.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__seen.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__seen), [true]);
  assert.equal(await page.evaluate(() => window.consentBanner.isAccepted('statistics')), true);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('keyboard: focus returns to the floating button after the preferences it opened close', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('cloudbirst.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Reject all' }).click();
  const floating = page.locator('.cb-floating');
  await floating.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('consent-banner-host').shadowRoot.getElementById('consent-preferences'));
  assert.equal(await page.evaluate(() => window.__cbFocus().classList.contains('cb-floating')), true);
  await context.close();
});

test('in a consent:ready listener the stored choice can be read at once, and other calls run right after', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await context.addInitScript(() => {
    document.addEventListener('consent:ready', () => {
      window.__inReady = { accepted: window.consentBanner.isAccepted('statistics'), consent: window.consentBanner.getConsent() };
      window.consentBanner.showPreferences();
      // (A returning view has no dialog host until something is shown.)
      const host = document.getElementById('consent-banner-host');
      window.__prefsOpenInListener = Boolean(host && host.shadowRoot.getElementById('consent-preferences'));
    });
  });
  await page.reload();
  await ready(page);
  const seen = await page.evaluate(() => window.__inReady);
  assert.equal(seen.accepted, true);
  assert.equal(seen.consent.categories.statistics, true);
  assert.equal(await page.evaluate(() => window.__prefsOpenInListener), false, 'queued, not run inside the start');
  await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('scripts declared in the registry run in order once per page; a withdrawal between them stops the rest, never re-runs one', async () => {
  const { context, page } = await open(env);
  const release = await holdRequests(context, '**/cases/registry-script.js?first');
  await page.goto(env.url('cases/registry-scripts.html'));
  await ready(page);
  const runs = () => page.evaluate(() => window.__registryRuns || {});
  assert.deepEqual(await runs(), {}, 'nothing before a choice');
  // Accepted, then withdrawn while the first script is still loading.
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.evaluate(() => window.consentBanner.rejectAll());
  release();
  await page.waitForFunction(() => window.__registryRuns && window.__registryRuns.first === 1);
  await scriptLoaded(page, '/cases/registry-script.js?first');
  await scriptsDone(page);
  assert.deepEqual(await runs(), { first: 1 }, 'the second was withdrawn before its turn');
  // A later consent runs what has not run yet, once.
  await page.evaluate(() => window.consentBanner.acceptAll());
  await page.waitForFunction(() => window.__registryRuns.second === 1);
  const decided = await changes(page);
  await page.evaluate(() => { window.consentBanner.rejectAll(); window.consentBanner.acceptAll(); });
  await changed(page, decided + 1);
  await scriptsDone(page);
  assert.deepEqual(await runs(), { first: 1, second: 1 });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a returning visitor\'s page view adds no dialog to the page until one is asked for', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.reload();
  await ready(page);
  // The gated script is inserted by the module's start; it runs once its file has loaded.
  await scriptsDone(page);
  assert.equal(await statsRuns(page), 1, 'the stored choice is honoured');
  assert.equal(await page.locator('#consent-banner-host').count(), 0, 'no dialog host, no shadow root, no stylesheet in it');
  // The policy on the page still has its stylesheet (one, however often the module starts).
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 1);
  await page.evaluate(() => window.consentBanner.showPreferences());
  await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
  assert.equal(await page.locator('#consent-banner-host').count(), 1);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('without Shadow DOM a visitor who has not chosen is not asked and nothing optional runs; a stored choice is still honoured', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await context.addInitScript(() => { delete Element.prototype.attachShadow; });
  await page.reload();
  await ready(page);
  assert.equal(await statsRuns(page), 1, 'stored choice honoured without a dialog');
  assert.ok(!page.logs.some((l) => l.startsWith('error:')), page.logs.join(' | '));

  await context.clearCookies();
  page.logs.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.consentBanner);
  await settled(page);
  await scriptsDone(page);
  assert.ok(page.logs.some((l) => /^error: consent-banner: could not create the dialog/.test(l)), page.logs.join(' | '));
  assert.equal(await statsRuns(page), 0, 'nothing optional ran');
  assert.equal(await page.evaluate(() => window.__cbReady === true), false, 'not reported ready');
  assert.ok(!(await cookieMap(context)).cookies_preferences, 'nothing recorded');
  await context.close();
});
