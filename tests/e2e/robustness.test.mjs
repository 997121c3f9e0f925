// Bad registries fail closed with one clear console message, and registry
// texts are never parsed as HTML. Pages: www/test/*.html.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLayer, sleep, startSuite } from './harness.mjs';

const env = await startSuite();

/** Waits for a console error starting with "consent-banner:"; returns its text. */
async function moduleError(s, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const hit = s.consoleErrors.find((e) => e.text.startsWith('consent-banner:'));
    if (hit) return hit.text;
    if (Date.now() > deadline) {
      assert.fail(`no console error starting with "consent-banner:" within ${timeout} ms; console: `
        + JSON.stringify(s.consoleMessages.map((m) => `${m.type}: ${m.text}`)));
    }
    await sleep(50);
  }
}

/** Nothing optional happened: the gated script did not run and no cookie was written. */
async function assertFailedClosed(s, what) {
  await sleep(500);
  assert.equal(await s.page.evaluate(() => window.__gatedRan), undefined, `${what}: the gated statistics script ran`);
  const cookies = (await s.context.cookies()).map((c) => c.name);
  assert.deepEqual(cookies, [], `${what}: cookies were written`);
  assert.deepEqual(s.pageErrors, [], `${what}: uncaught page errors`);
}

test('broken registry (JSON syntax error): one console error naming the registry, nothing optional runs', async (t) => {
  const s = await env.open(t);
  await s.goto('/test/broken-registry.html');
  const text = await moduleError(s);
  assert.match(text, /registry/i, `the message does not name the registry: ${text}`);
  await assertFailedClosed(s, 'broken registry');
  assert.equal(s.consoleErrors.filter((e) => e.text.startsWith('consent-banner:')).length, 1,
    `expected one consent-banner: error, got ${JSON.stringify(s.consoleErrors.map((e) => e.text))}`);
});

test('invalid registry (empty names): the console error gives the JSON path, nothing optional runs', async (t) => {
  const s = await env.open(t);
  await s.goto('/test/invalid-registry.html');
  const text = await moduleError(s);
  assert.ok(text.includes('categories[1].cookies[0]'), `the message lacks the path categories[1].cookies[0]: ${text}`);
  assert.ok(text.includes('names'), `the message does not mention "names": ${text}`);
  await assertFailedClosed(s, 'invalid registry');
});

test('missing registry (404): a console error naming the registry, nothing optional runs', async (t) => {
  const s = await env.open(t);
  await s.goto('/test/missing-registry.html');
  const text = await moduleError(s);
  assert.match(text, /registry/i, `the message does not name the registry: ${text}`);
  await assertFailedClosed(s, 'missing registry');
});

/** Every <img> in the document, including open shadow roots. */
async function imgCount(page) {
  return page.evaluate(() => {
    let n = 0;
    const walk = (root) => {
      n += root.querySelectorAll('img').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return n;
  });
}

test('hostile registry texts are shown as text, never run', async (t) => {
  const IMG = '<img src=x onerror="window.__pwned=1">';
  const SCRIPT = '<script>window.__pwned=1</script>';
  const s = await env.open(t);
  await s.goto('/test/hostile.html');

  const dialog = firstLayer(s.page);
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  assert.ok((await dialog.innerText()).includes(IMG), `the portal name is not shown literally in the dialog: ${await dialog.innerText()}`);

  const policy = s.page.locator('[data-consent-policy]');
  await policy.locator('table').first().waitFor({ state: 'attached', timeout: 5000 });
  const policyText = await policy.innerText();
  assert.ok(policyText.includes(IMG), 'the <img …> text is not shown literally in the policy');
  assert.ok(policyText.includes(SCRIPT), 'the <script> text is not shown literally in the policy');
  assert.equal(await policy.locator('img, script').count(), 0, 'the policy contains img/script elements');
  assert.equal(await dialog.locator('img, script').count(), 0, 'the dialog contains img/script elements');

  // The preferences layer shows the category texts too.
  await dialog.getByRole('button', { name: 'Customize', exact: true }).click();
  const prefs = s.page.getByRole('dialog').last();
  await prefs.waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await prefs.locator('img, script').count(), 0, 'the preferences layer contains img/script elements');

  await sleep(500);
  assert.equal(await imgCount(s.page), 0, 'an <img> element exists in the document');
  assert.equal(await s.page.evaluate(() => window.__pwned), undefined, 'window.__pwned was set: registry text ran as HTML');
  assert.equal(await s.page.evaluate(() => window.__gatedRan), undefined, 'the gated script ran without consent');
  assert.deepEqual(s.pageErrors, []);
});
