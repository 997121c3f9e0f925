// The five demo portals, end to end: nothing before consent, the policy
// rendered from the registry matches the seed policy, Accept all / Reject all
// are stored and enforced, a bad stored value asks again, and the footer
// control reopens the dialog.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PORTALS, PREFS_COOKIE, PREFS_MAX_AGE, STATS_COOKIES,
  assertNoErrors, firstLayer, nameMatches, necessaryDeclarations, normalise, parsePrefs,
  readRegistry, sleep, startSuite, waitForReady,
} from './harness.mjs';
import { readSeed } from './seeds.mjs';

const env = await startSuite();

const NECESSARY_NAMES = ['sessionid', 'django_language', 'csrftoken', 'cookies_preferences'];
const QUIET_MS = 400; // time given to a wrongly-run gated script to show itself

/** Loads a portal page and waits until the module has started. */
async function load(t, portal, options) {
  const s = await env.open(t, options);
  await s.goto(`/${portal}.html`);
  await waitForReady(s.page);
  return s;
}

async function statsRuns(page) {
  return page.evaluate(() => (window.consentDemo === undefined ? undefined : window.consentDemo.statsRuns));
}

async function cookieMap(context) {
  return new Map((await context.cookies()).map((c) => [c.name, c]));
}

/** Every cookie and web-storage key present is declared by a necessary category. */
async function assertOnlyNecessary(s, registry, when) {
  const declared = necessaryDeclarations(registry);
  const cookies = await s.context.cookies();
  const undeclared = cookies.map((c) => c.name).filter((n) => !declared.cookies.some((p) => nameMatches(p, n)));
  assert.deepEqual(undeclared, [], `${when}: cookies present that no necessary category declares`);
  assert.ok(!cookies.some((c) => /^(_ga|_pk_)/.test(c.name)), `${when}: a _ga*/_pk_* cookie is present`);
  const keys = await s.page.evaluate(() => [
    ...Object.keys(window.localStorage).map((k) => `localStorage:${k}`),
    ...Object.keys(window.sessionStorage).map((k) => `sessionStorage:${k}`),
  ]);
  const undeclaredKeys = keys.filter((k) => !declared.storage.some((p) => nameMatches(p, k.replace(/^\w+:/, ''))));
  assert.deepEqual(undeclaredKeys, [], `${when}: web-storage keys present that no necessary category declares`);
}

async function assertStandInNotRun(s, when) {
  await sleep(QUIET_MS);
  assert.equal(await statsRuns(s.page), undefined, `${when}: the gated statistics stand-in ran (window.consentDemo is set)`);
}

async function assertStandInRanOnce(s, when) {
  try {
    await s.page.waitForFunction(() => window.consentDemo && window.consentDemo.statsRuns >= 1, null, { timeout: 5000 });
  } catch {
    assert.fail(`${when}: the gated statistics stand-in did not run within 5 s (window.consentDemo undefined)`);
  }
  await sleep(QUIET_MS);
  assert.equal(await statsRuns(s.page), 1, `${when}: the gated statistics stand-in should run exactly once`);
}

async function assertNoFirstLayer(s, when) {
  await sleep(QUIET_MS);
  assert.equal(await firstLayer(s.page).count(), 0, `${when}: the consent dialog is shown although a valid choice is stored`);
}

/** Checks the stored cookies_preferences after a click; returns its value. */
async function checkPrefsCookie(s, registry, statistics) {
  const cookies = await cookieMap(s.context);
  const c = cookies.get(PREFS_COOKIE);
  assert.ok(c, `no ${PREFS_COOKIE} cookie after the click; cookies: ${[...cookies.keys()].join(', ') || '(none)'}`);
  assert.equal(c.path, '/', `${PREFS_COOKIE} Path`);
  assert.equal(c.sameSite, 'Lax', `${PREFS_COOKIE} SameSite`);
  assert.equal(c.secure, false, `${PREFS_COOKIE} must not be Secure on http`);
  assert.equal(c.httpOnly, false, `${PREFS_COOKIE} is written from script`);
  const now = Date.now() / 1000;
  assert.ok(c.expires > 0, `${PREFS_COOKIE} is a session cookie (no Max-Age)`);
  assert.ok(Math.abs(c.expires - (now + PREFS_MAX_AGE)) <= 120,
    `${PREFS_COOKIE} expires in ${Math.round(c.expires - now)} s, expected ${PREFS_MAX_AGE} s (182 days) ± 120`);
  assert.ok(Buffer.byteLength(`${c.name}=${c.value}`) < 1024, `${PREFS_COOKIE} is ${c.value.length} bytes, must be < 1024`);

  const v = c.value;
  assert.match(v, /^v=1&r=[0-9a-f]+&t=\d+&id=[0-9A-Za-z_-]+&o=click(&c\.[a-z0-9_-]+=[01])+(&[^&=]+=[^&]*)*$/,
    `${PREFS_COOKIE} value is not in format v1: ${v}`);
  const p = parsePrefs(v);
  assert.ok(Math.abs(Number(p.get('t')) - now) <= 120, `t=${p.get('t')} is not the decision time (now ${Math.round(now)})`);
  assert.ok(p.get('id').length >= 8, `consent id too short: ${p.get('id')}`);
  assert.equal(p.get('c.necessary'), '1', 'c.necessary');
  assert.equal(p.get('c.statistics'), statistics ? '1' : '0', 'c.statistics');
  const expectedKeys = registry.categories.map((cat) => `c.${cat.id}`).sort();
  assert.deepEqual([...p.keys()].filter((k) => k.startsWith('c.')).sort(), expectedKeys, 'one c.<id> per category');
  return v;
}

/** The consent:change event of this page (exactly one) agrees with the cookie. */
async function checkChangeEvent(s, value, statistics) {
  const events = await s.page.evaluate(() => window.__consentEvents);
  const changes = events.filter((e) => e.type === 'consent:change');
  assert.equal(changes.length, 1, `expected one consent:change on document, got ${changes.length}`);
  const consent = changes[0].detail && changes[0].detail.consent;
  assert.ok(consent && consent.categories, `consent:change detail.consent missing: ${JSON.stringify(changes[0].detail)}`);
  assert.equal(consent.categories.necessary, true, 'detail.consent.categories.necessary');
  assert.equal(consent.categories.statistics, statistics, 'detail.consent.categories.statistics');
  const p = parsePrefs(value);
  assert.equal(String(consent.id), p.get('id'), 'detail.consent.id is the cookie id');
  assert.equal(String(consent.revision), p.get('r'), 'detail.consent.revision is the cookie r');
}

/** Rows of every table in the rendered policy, as arrays of normalised cell texts. */
async function policyRows(page) {
  const rows = await page.locator('[data-consent-policy] table tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.cells].map((cell) => cell.innerText)),
  );
  return rows.map((r) => r.map(normalise));
}

/** A registry text: a string, or an object per language (the demo pages are in English). */
function localText(value, registry, lang = 'en') {
  if (typeof value === 'string') return value;
  return value[lang] ?? value[registry.default_language ?? 'en'] ?? Object.values(value)[0];
}

/** Is `wanted` (cell texts) a subsequence, in order and exactly, of `row`? */
function rowHas(row, wanted) {
  let i = 0;
  for (const cell of row) if (i < wanted.length && cell === wanted[i]) i++;
  return i === wanted.length;
}

/** Gets a valid stored value for `portal` by clicking (fresh context). */
async function decidedValue(t, portal, button) {
  const s = await load(t, portal);
  await firstLayer(s.page).getByRole('button', { name: button, exact: true }).click();
  await firstLayer(s.page).waitFor({ state: 'hidden', timeout: 5000 });
  const c = (await cookieMap(s.context)).get(PREFS_COOKIE);
  assert.ok(c, `no ${PREFS_COOKIE} after ${button}`);
  await s.context.close();
  return c.value;
}

for (const portal of PORTALS) {
  describe(portal, () => {
    const registry = readRegistry(portal);
    const seed = readSeed(portal);

    test('seed parses into the four necessary cookies', () => {
      assert.deepEqual(seed.rows.map((r) => r[2]), NECESSARY_NAMES);
    });

    test('(a) before any click: only necessary cookies, stand-in not run, dialog shown, policy rendered', async (t) => {
      const s = await load(t, portal);
      const dialog = firstLayer(s.page);
      await dialog.waitFor({ state: 'visible', timeout: 5000 });
      for (const name of ['Accept all', 'Reject all', 'Customize']) {
        assert.ok(await dialog.getByRole('button', { name, exact: true }).isVisible(), `button "${name}" visible in the dialog`);
      }
      assert.ok(await s.page.getByRole('dialog', { name: `Cookies on ${registry.portal.name}` }).isVisible(),
        `the dialog's accessible name is "Cookies on ${registry.portal.name}"`);

      await assertStandInNotRun(s, 'before any click');
      await assertOnlyNecessary(s, registry, 'before any click');
      assert.equal((await s.context.cookies()).find((c) => c.name === PREFS_COOKIE), undefined,
        `${PREFS_COOKIE} written before any decision`);
      assert.equal(await s.page.evaluate(() => window.__gatedRan), undefined);

      // Refusing is as easy as accepting: same box and type.
      const look = (name) => dialog.getByRole('button', { name, exact: true }).evaluate((b) => {
        const cs = getComputedStyle(b);
        const r = b.getBoundingClientRect();
        return { width: Math.round(r.width), height: Math.round(r.height), fontSize: cs.fontSize, fontWeight: cs.fontWeight, tag: b.tagName };
      });
      const accept = await look('Accept all');
      const reject = await look('Reject all');
      assert.equal(reject.tag, 'BUTTON');
      assert.equal(accept.tag, 'BUTTON');
      assert.deepEqual({ ...reject, width: undefined }, { ...accept, width: undefined }, 'Accept all and Reject all differ in height or font');
      assert.ok(Math.abs(reject.width - accept.width) <= 2, `Accept all is ${accept.width}px wide, Reject all ${reject.width}px`);

      // The policy.
      const policy = s.page.locator('[data-consent-policy]');
      await policy.locator('table').first().waitFor({ state: 'attached', timeout: 5000 });
      const text = normalise(await policy.innerText());
      assert.ok(text.includes(seed.address), `policy does not mention the portal address ${seed.address}`);
      assert.ok(await policy.getByRole('heading', { name: seed.title, exact: true }).count() >= 1,
        `policy has no heading "${seed.title}"`);

      const rows = await policyRows(s.page);
      assert.ok(rows.length > 0, 'no table rows in the policy');
      for (const wanted of [seed.header, ...seed.rows]) {
        assert.ok(rows.some((row) => rowHas(row, wanted)),
          `seed row not in the rendered policy: ${JSON.stringify(wanted)}\nrendered rows:\n${rows.map((r) => JSON.stringify(r)).join('\n')}`);
      }
      const stats = registry.categories.filter((c) => !c.necessary);
      assert.ok(stats.length > 0);
      for (const cat of stats) {
        const title = normalise(localText(cat.title, registry));
        assert.ok(text.includes(title), `policy lacks the "${title}" category`);
        for (const ck of cat.cookies) {
          const [provider, fn, purposes] = [ck.provider, ck.function, ck.purposes].map((v) => normalise(localText(v, registry)));
          const found = rows.some((row) => rowHas(row, [provider, fn]) && row.includes(purposes)
            && ck.names.every((n) => row.some((cell) => cell.includes(n))));
          assert.ok(found, `statistics cookie ${ck.names.join(', ')} has no policy row with provider/function/purposes`);
        }
      }
      assertNoErrors(s);
    });

    test('(b) Accept all stores consent and runs the gated script once; (c) reload keeps it', async (t) => {
      const s = await load(t, portal);
      const dialog = firstLayer(s.page);
      await dialog.waitFor({ state: 'visible', timeout: 5000 });
      await dialog.getByRole('button', { name: 'Accept all', exact: true }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });

      const value = await checkPrefsCookie(s, registry, true);
      await assertStandInRanOnce(s, 'after Accept all');
      const cookies = await cookieMap(s.context);
      for (const name of STATS_COOKIES[portal]) assert.ok(cookies.has(name), `stand-in cookie ${name} missing after Accept all`);
      await checkChangeEvent(s, value, true);
      assertNoErrors(s, 'after Accept all');

      // (c)
      await s.page.reload({ waitUntil: 'load' });
      await waitForReady(s.page);
      await assertNoFirstLayer(s, 'after Accept all and reload');
      await assertStandInRanOnce(s, 'after Accept all and reload');
      assert.equal((await cookieMap(s.context)).get(PREFS_COOKIE)?.value, value, `${PREFS_COOKIE} rewritten by a mere reload`);
      const ready = (await s.page.evaluate(() => window.__consentEvents)).find((e) => e.type === 'consent:ready');
      assert.equal(ready.detail?.consent?.categories?.statistics, true, 'consent:ready detail.consent after reload');
      assertNoErrors(s, 'after reload');
    });

    test('(d) Reject all stores refusal; nothing optional runs, now or after reload', async (t) => {
      const s = await load(t, portal);
      const dialog = firstLayer(s.page);
      await dialog.waitFor({ state: 'visible', timeout: 5000 });
      await dialog.getByRole('button', { name: 'Reject all', exact: true }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });

      const value = await checkPrefsCookie(s, registry, false);
      await assertStandInNotRun(s, 'after Reject all');
      await assertOnlyNecessary(s, registry, 'after Reject all');
      await checkChangeEvent(s, value, false);

      await s.page.reload({ waitUntil: 'load' });
      await waitForReady(s.page);
      await assertNoFirstLayer(s, 'after Reject all and reload');
      await assertStandInNotRun(s, 'after Reject all and reload');
      await assertOnlyNecessary(s, registry, 'after Reject all and reload');
      const ready = (await s.page.evaluate(() => window.__consentEvents)).find((e) => e.type === 'consent:ready');
      assert.equal(ready.detail?.consent?.categories?.statistics, false, 'consent:ready detail.consent after reload');
      assertNoErrors(s, 'after Reject all');
    });

    test('(e) a stored value that is garbage, of another revision or oversized asks again', async (t) => {
      const valid = await decidedValue(t, portal, 'Accept all');
      assert.match(valid, /&r=[0-9a-f]+&/);

      // Control: the same valid value in a fresh profile counts as consent.
      {
        const s = await load(t, portal, { cookies: [{ name: PREFS_COOKIE, value: valid }] });
        await assertNoFirstLayer(s, 'control: valid stored value');
        await assertStandInRanOnce(s, 'control: valid stored value');
        assertNoErrors(s, 'control');
        await s.context.close();
      }

      const bad = {
        garbage: 'garbage%%%',
        'wrong revision': valid.replace(/&r=[0-9a-f]+&/, '&r=deadbeef&'),
        oversized: `${valid}&pad=`.padEnd(3000, 'x'),
      };
      assert.notEqual(bad['wrong revision'], valid, 'the valid value already had r=deadbeef');
      assert.equal(bad.oversized.length, 3000);
      for (const [what, value] of Object.entries(bad)) {
        const s = await load(t, portal, { cookies: [{ name: PREFS_COOKIE, value }] });
        try {
          await firstLayer(s.page).waitFor({ state: 'visible', timeout: 5000 });
        } catch {
          assert.fail(`${what} stored value: the dialog did not come back`);
        }
        await assertStandInNotRun(s, `${what} stored value`);
        assert.deepEqual(s.pageErrors, [], `${what} stored value: page errors`);
        const ready = (await s.page.evaluate(() => window.__consentEvents)).find((e) => e.type === 'consent:ready');
        assert.equal(ready.detail?.consent ?? null, null, `${what} stored value: consent:ready should carry consent null`);
        await s.context.close();
      }
    });

    test('(f) the "Cookie settings" footer control reopens the dialog after a decision', async (t) => {
      const s = await load(t, portal);
      const dialog = firstLayer(s.page);
      await dialog.waitFor({ state: 'visible', timeout: 5000 });
      await dialog.getByRole('button', { name: 'Accept all', exact: true }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      await s.page.reload({ waitUntil: 'load' });
      await waitForReady(s.page);
      await assertNoFirstLayer(s, 'after decision');
      assert.equal(await s.page.getByRole('dialog').count(), 0, 'a dialog is open after the decision and reload');

      await s.page.locator('footer').getByRole('button', { name: 'Cookie settings', exact: true }).click();
      try {
        await s.page.getByRole('dialog').first().waitFor({ state: 'visible', timeout: 5000 });
      } catch {
        assert.fail('clicking "Cookie settings" did not open a dialog');
      }
      assertNoErrors(s);
    });
  });
}
