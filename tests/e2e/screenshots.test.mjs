// The README's screenshot: the consent dialog on the Babel demo portal at
// 1280×800, written to docs/screenshots/dialog-babel.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, assertNoErrors, firstLayer, pngSize, sleep, startSuite } from './harness.mjs';

const env = await startSuite();

test('screenshot of the dialog on the babel page (1280×800)', async (t) => {
  const out = join(REPO, 'docs', 'screenshots', 'dialog-babel.png');
  mkdirSync(join(REPO, 'docs', 'screenshots'), { recursive: true });
  const s = await env.open(t, { viewport: { width: 1280, height: 800 }, host: 'ip' });
  await s.goto('/babel.html');
  const dialog = firstLayer(s.page);
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  const box = await dialog.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, 'the dialog has no size');
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 + 1 && box.y + box.height <= 800 + 1,
    `the dialog is not inside the 1280×800 viewport: ${JSON.stringify(box)}`);
  await sleep(300); // let any entrance transition settle
  await s.page.screenshot({ path: out, animations: 'disabled' });
  assert.ok(statSync(out).size > 0, `${out} is empty`);
  assert.deepEqual(pngSize(readFileSync(out)), { width: 1280, height: 800 });
  assertNoErrors(s);
});
