// The loader is a classic script that works with defer, async or neither, and
// from a relative URL on a page in a sub-folder. Pages: www/test/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoErrors, firstLayer, sleep, startSuite, waitForReady } from './harness.mjs';

const env = await startSuite();

const PAGES = {
  'async attribute': '/test/async.html',
  'neither defer nor async, in <head>': '/test/plain.html',
  'relative ../../pkg/ URL from a sub-path': '/test/sub/deep.html',
};

for (const [what, path] of Object.entries(PAGES)) {
  test(`loader with ${what}: dialog, policy, gated script after Accept all`, async (t) => {
    const s = await env.open(t);
    await s.goto(path);
    await waitForReady(s.page);
    const dialog = firstLayer(s.page);
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
    await s.page.locator('[data-consent-policy] table').first().waitFor({ state: 'attached', timeout: 5000 });
    assert.ok((await s.page.locator('[data-consent-policy]').innerText()).includes('https://babel.opendatasoft.com'),
      'the babel policy was not rendered');

    await sleep(300);
    assert.equal(await s.page.evaluate(() => window.__gatedRan), undefined, 'gated script ran before consent');
    await dialog.getByRole('button', { name: 'Accept all', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    await s.page.waitForFunction(() => window.__gatedRan === 1, null, { timeout: 5000 })
      .catch(() => assert.fail('the gated script did not run after Accept all'));
    assert.ok((await s.context.cookies()).some((c) => c.name === 'cookies_preferences' && c.path === '/'),
      'cookies_preferences with Path=/ was not written');
    assertNoErrors(s, path);
  });
}
