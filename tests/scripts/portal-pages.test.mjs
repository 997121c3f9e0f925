// The demo portal pages in www/ are what scripts/portal-pages.mjs makes of
// www/templates/portal.html and portals.json: a page edited by hand (or a
// template change not carried to the pages) fails here. To fix: edit the
// template or the data, then `node scripts/portal-pages.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portalPages, readSources, renderPortal } from '../../scripts/portal-pages.mjs';
import { PORTALS } from '../e2e/lib.mjs';

const www = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');

test('every demo portal page in www/ is the template filled in with its data', () => {
  const pages = portalPages();
  assert.deepEqual(Object.keys(pages), PORTALS.map((p) => `${p}.html`), 'one page per portal the tests visit');
  for (const [name, text] of Object.entries(pages)) {
    const served = readFileSync(join(www, name), 'utf8');
    assert.ok(served === text, `www/${name} differs from www/templates/portal.html + portals.json: edit those, then run node scripts/portal-pages.mjs`);
    assert.doesNotMatch(text, /\{\{|\}\}/, `${name}: no placeholder left`);
  }
});

test('each page carries its own portal: registry, name, stand-in; only INAI has a privacy notice', () => {
  const pages = portalPages();
  for (const p of PORTALS) {
    const page = pages[`${p}.html`];
    assert.match(page, new RegExp(`data-registry="/registries/${p}\\.json"`));
    assert.match(page, new RegExp(`<body class="portal-${p}">`));
    assert.match(page, /data-consent-category="statistics" src="\/js\/(ga|matomo)-standin\.js"/);
    assert.equal(page.includes('id="privacy-notice"'), p === 'inai', `${p}: privacy notice`);
  }
});

test('a placeholder without a value stops the generator, naming it and the portal', () => {
  const { template, portals } = readSources();
  const { search, ...withoutSearch } = portals.babel;
  assert.ok(search);
  assert.throws(() => renderPortal(template, 'babel', withoutSearch), /\{\{search\}\} has no text for the portal babel/);
});
