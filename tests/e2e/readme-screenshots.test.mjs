// The README's screenshots, taken by the tests: both layers, en/fr/es,
// desktop and 320 px, written to docs/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, ready, repo, start } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const OUT = join(repo, 'docs', 'screenshots');
const PAGES = { en: ['babel.html', 'Customize', 'Cookie preferences'], fr: ['cases/lang-fr.html', 'Personnaliser', 'Préférences en matière de cookies'], es: ['cases/lang-es.html', 'Personalizar', 'Preferencias de cookies'] };

function pngSize(buf) {
  assert.equal(buf.toString('ascii', 1, 4), 'PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

for (const [lang, [path, customize, prefs]] of Object.entries(PAGES)) {
  for (const [name, width, height] of [['desktop', 1280, 800], ['320', 320, 640]]) {
    test(`${lang} ${name}: both layers`, async () => {
      mkdirSync(OUT, { recursive: true });
      const { context, page } = await open(env, { viewport: { width, height } });
      await page.goto(env.url(path, '127.0.0.1'));
      await ready(page);
      await page.getByRole('dialog').waitFor();
      const first = join(OUT, `${lang}-${name}-first-layer.png`);
      await page.screenshot({ path: first, animations: 'disabled' });
      await page.getByRole('button', { name: customize }).click();
      await page.getByRole('dialog', { name: prefs }).waitFor();
      const second = join(OUT, `${lang}-${name}-preferences.png`);
      await page.screenshot({ path: second, animations: 'disabled' });
      for (const f of [first, second]) assert.deepEqual(pngSize(readFileSync(f)), { width, height });
      await context.close();
    });
  }
}
