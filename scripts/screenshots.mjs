// npm run screenshots: the README's pictures of both layers, in English,
// French and Spanish, at desktop size and at 320 px, written to
// docs/screenshots/ from the demo pages in headless Chromium (the e2e
// harness). Needs pkg/ (npm run build). Kept out of npm test so that a test
// run never rewrites tracked files; what the pictures are checked for (the
// layers fit the viewport) is tests/e2e/reflow.test.mjs. (docs/screenshots/
// editor.png is taken by hand.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, ready, repo, start } from '../tests/e2e/lib.mjs';

const OUT = join(repo, 'docs', 'screenshots');
const PAGES = {
  en: ['babel.html', 'Customize', 'Cookie preferences'],
  fr: ['cases/lang-fr.html', 'Personnaliser', 'Préférences en matière de cookies'],
  es: ['cases/lang-es.html', 'Personalizar', 'Preferencias de cookies'],
};
const SIZES = [['desktop', 1280, 800], ['320', 320, 640]];

/** Width and height of a PNG, from its header. */
function pngSize(buf) {
  if (buf.toString('ascii', 1, 4) !== 'PNG') throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const env = await start();
const written = [];
try {
  mkdirSync(OUT, { recursive: true });
  for (const [lang, [path, customize, prefs]] of Object.entries(PAGES)) {
    for (const [name, width, height] of SIZES) {
      const { context, page } = await open(env, { viewport: { width, height } });
      await page.goto(env.url(path, '127.0.0.1'));
      await ready(page);
      await page.getByRole('dialog').waitFor();
      const shots = [[`${lang}-${name}-first-layer.png`, await page.screenshot({ animations: 'disabled' })]];
      await page.getByRole('button', { name: customize }).click();
      await page.getByRole('dialog', { name: prefs }).waitFor();
      shots.push([`${lang}-${name}-preferences.png`, await page.screenshot({ animations: 'disabled' })]);
      if (page.problems.length) throw new Error(`${path}: ${page.problems.join(' | ')}`);
      for (const [file, png] of shots) {
        const size = pngSize(png);
        if (size.width !== width || size.height !== height) throw new Error(`${file}: ${size.width}×${size.height}, expected ${width}×${height}`);
        writeFileSync(join(OUT, file), png);
        written.push(file);
      }
      await context.close();
    }
  }
} finally {
  await env.stop();
}
console.log(`docs/screenshots/: ${written.length} pictures written (${written.join(', ')})`);
