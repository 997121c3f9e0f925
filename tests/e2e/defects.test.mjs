// Defects found by testing as a hostile or unlucky user would (issue 13, §1):
// each test here failed before its fix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { open, ready, start } from './lib.mjs';

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
  // Both loaders have had their turn.
  await page.waitForTimeout(600);
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
