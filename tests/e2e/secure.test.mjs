// Over HTTPS (the test certificate in tests/fixtures/tls, a self-signed one
// for portal.example.test): the choice is stored with Secure, and a
// withdrawal deletes Secure cookies, host-only and on the parent domain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieMap, open, ready, start, TEST_HOST } from './lib.mjs';

let env;
before(async () => { env = await start({ tls: true }); });
after(async () => { await env?.stop(); });

test('over HTTPS the choice cookie is Secure and a withdrawal deletes Secure cookies everywhere', async () => {
  const { context, page } = await open(env, { ignoreHTTPSErrors: true });
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.getByRole('button', { name: 'Accept all' }).click();
  let jar = await cookieMap(context);
  assert.equal(jar.cookies_preferences.secure, true);
  assert.equal(jar.cookies_preferences.sameSite, 'Lax');
  assert.equal(jar.cookies_preferences.path, '/');

  await context.addCookies([
    { name: '_ga', value: 'GA1.1.x', url: env.url('/'), secure: true },
    { name: '_ga_DEMO123', value: 'y', domain: `.${TEST_HOST}`, path: '/', secure: true },
    { name: 'sessionid', value: 's', url: env.url('/'), secure: true },
  ]);
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.consentBanner.rejectAll())]);
  await ready(page);
  jar = await cookieMap(context);
  assert.equal(jar._ga, undefined);
  assert.equal(jar._ga_DEMO123, undefined);
  assert.equal(jar.sessionid?.value, 's');
  assert.equal(jar.cookies_preferences.secure, true);
  assert.match(jar.cookies_preferences.value, /c\.statistics=0/);
  assert.deepEqual(page.problems, []);
  await context.close();
});
