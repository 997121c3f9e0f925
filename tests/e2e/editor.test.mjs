// The registry editor (www/editor.html, its own wasm in www/editor-pkg/):
// problems at their place as the administrator types, the last good preview
// kept, live previews in en/fr/es built with text nodes only, the draft kept
// in localStorage across a reload, the download, and a seed policy document
// imported into a registry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, PORTALS, repo, seedRows, start } from './lib.mjs';

const EXAMPLE = readFileSync(join(repo, 'www', 'registries', 'babel.json'), 'utf8');
const DRAFT_KEY = 'consent-banner:editor-draft';

let env;
before(async () => {
  for (const f of ['editor.js', 'editor_bg.wasm', 'page.js']) {
    if (!existsSync(join(repo, 'www', 'editor-pkg', f))) throw new Error(`www/editor-pkg/${f} is missing: run npm run build first`);
  }
  env = await start();
});
after(async () => { await env?.stop(); });

/** The editor in a fresh browser context (no draft), once it has checked its text. */
async function editorPage() {
  const { context, page } = await open(env);
  await page.goto(env.url('editor.html'));
  await settled(page);
  return { context, page };
}

/** Waits until the editor has checked the text now in the field. */
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return ['valid', 'invalid', 'failed'].includes(s.dataset.state) && !s.hasAttribute('data-pending');
  }, null, { timeout: 15000 });
  assert.notEqual(await page.locator('#status').getAttribute('data-state'), 'failed', await page.locator('#status').textContent());
}

/** Types `text` into the registry field (as one input event) and waits for the check of it. */
async function edit(page, text) {
  await page.locator('#source').fill(text);
  await settled(page);
}

const firstLayerTitle = (page) => page.locator('#preview-first-layer .cb-title').textContent();
const setLang = (page, lang) => page.locator(`input[name="lang"][value="${lang}"]`).check();

test('a valid edit updates the previews of the first layer, the preferences and the policy, in en, fr and es', async () => {
  const { context, page } = await editorPage();
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'valid');
  assert.equal(await firstLayerTitle(page), 'Cookies on Babel');

  const registry = JSON.parse(EXAMPLE);
  registry.portal.name = { en: 'Alpha Data', fr: 'Données Alpha', es: 'Datos Alfa' };
  registry.categories[1].title = { en: 'Audience figures', fr: 'Mesure d’audience', es: 'Medición de audiencia' };
  registry.categories[1].cookies[0].names.push('_alpha_probe');
  await edit(page, JSON.stringify(registry, null, 2));
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'valid');
  assert.equal(await page.locator('#problems li').count(), 0);

  const expected = {
    en: ['Cookies on Alpha Data', 'Audience figures'],
    fr: ['Les cookies sur Données Alpha', 'Mesure d’audience'],
    es: ['Datos Alfa', 'Medición de audiencia'],
  };
  for (const [lang, [title, category]] of Object.entries(expected)) {
    await setLang(page, lang);
    assert.match(await firstLayerTitle(page), new RegExp(title), lang);
    assert.equal(await page.locator('#preview-first-layer .cb-banner').getAttribute('lang'), lang);
    assert.match(await page.locator('#preview-first-layer #consent-banner-text').textContent(), new RegExp(category), lang);
    // The preferences layer: shown open, one switch per category, the new
    // cookie in its category's table.
    const prefs = page.locator('#preview-preferences dialog.cb-prefs');
    assert.equal(await prefs.getAttribute('lang'), lang);
    assert.equal(await prefs.isVisible(), true);
    assert.equal(await page.locator('#preview-preferences #consent-category-statistics-label').textContent(), category);
    assert.match(await page.locator('#preview-preferences details[data-category="statistics"] table').textContent(), /_alpha_probe/);
    // The policy: the category heading and the cookie.
    assert.equal(await page.locator('#preview-policy section.consent-policy').getAttribute('lang'), lang);
    assert.equal(await page.locator('#preview-policy h4#consent-policy-statistics').textContent(), category);
    assert.match(await page.locator('#preview-policy [data-category="statistics"] table').textContent(), /_alpha_probe/);
  }
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('an invalid edit shows its problem at its path and place, and keeps the last good preview', async () => {
  const { context, page } = await editorPage();
  const good = EXAMPLE.replace('"name": "Babel"', '"name": "Babel Two"');
  await edit(page, good);
  assert.equal(await firstLayerTitle(page), 'Cookies on Babel Two');
  assert.equal(await page.locator('#stale').isVisible(), false);

  // categories[1].cookies[0].names emptied, and the portal address broken.
  const registry = JSON.parse(good);
  registry.categories[1].cookies[0].names = [];
  registry.portal.address = 'babel.example';
  const bad = JSON.stringify(registry, null, 2);
  await edit(page, bad);
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'invalid');
  assert.equal(await page.locator('#source').getAttribute('aria-invalid'), 'true');

  const names = page.locator('#problems li[data-path="categories[1].cookies[0].names"]');
  assert.equal(await names.count(), 1, await page.locator('#problems').textContent());
  assert.equal(await names.getAttribute('data-code'), 'R007');
  assert.match(await names.locator('.message').textContent(), /is empty/);
  // Its place: the line and column of that "names" member in the text.
  const at = bad.indexOf('"names": []');
  const line = bad.slice(0, at).split('\n').length;
  const column = at - bad.lastIndexOf('\n', at - 1);
  assert.equal(await names.locator('.where').textContent(), `line ${line}, column ${column}`);
  // Both problems are listed (the checker reports every one), the address's too.
  assert.equal(await page.locator('#problems li[data-path="portal.address"]').count(), 1);
  // The gutter marks the line; going to the problem selects the member.
  const mark = page.locator(`#gutter .bad[data-line="${line}"]`);
  assert.equal(await mark.count(), 1);
  // Laid over that line of the text (the same line height in both).
  const lineTop = await page.locator('#source').evaluate((t, n) => t.getBoundingClientRect().top + parseFloat(getComputedStyle(t).paddingTop)
    + (n - 1) * parseFloat(getComputedStyle(t).lineHeight) - t.scrollTop, line);
  assert.ok(Math.abs((await mark.boundingBox()).y - lineTop) < 2, `marker at ${(await mark.boundingBox()).y}, line at ${lineTop}`);
  await names.locator('.where').click();
  const selection = await page.locator('#source').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selection, '"names": []');

  // The preview still shows the last valid registry, marked as such.
  assert.equal(await firstLayerTitle(page), 'Cookies on Babel Two');
  assert.equal(await page.locator('#stale').isVisible(), true);

  // A syntax error is placed where the JSON reader stopped.
  const broken = good.replace('"necessary": true,', '"necessary": true');
  await edit(page, broken);
  const syntax = page.locator('#problems li[data-code="R001"]');
  assert.equal(await syntax.count(), 1);
  const stop = broken.indexOf('"title"', broken.indexOf('"necessary": true'));
  assert.equal(await syntax.locator('.where').textContent(),
    `line ${broken.slice(0, stop).split('\n').length}, column ${stop - broken.lastIndexOf('\n', stop - 1)}`);
  assert.equal(await firstLayerTitle(page), 'Cookies on Babel Two');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('registry strings are shown as text in the previews, never parsed as HTML', async () => {
  const { context, page } = await editorPage();
  const markup = '<img src=x onerror="window.__pwned=1">';
  const registry = JSON.parse(EXAMPLE);
  registry.portal.name = markup;
  registry.categories[1].title = markup;
  await edit(page, JSON.stringify(registry, null, 2));
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'valid');
  assert.equal(await firstLayerTitle(page), `Cookies on ${markup}`);
  const images = await page.evaluate(() => ['preview-first-layer', 'preview-preferences', 'preview-policy']
    .reduce((n, id) => n + document.getElementById(id).shadowRoot.querySelectorAll('img').length, 0));
  assert.equal(images, 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await context.close();
});

test('the draft is saved in localStorage as it is typed and restored after a reload', async () => {
  const { context, page } = await editorPage();
  const draft = EXAMPLE.replace('"name": "Babel"', '"name": "Babel Draft"').replace('"necessary": true,', '"necessary": tru,');
  await edit(page, draft);
  // gloo-storage keeps it as a JSON string.
  assert.equal(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), DRAFT_KEY), draft);

  await page.reload();
  await settled(page);
  assert.equal(await page.locator('#source').inputValue(), draft);
  assert.match(await page.locator('#saved').textContent(), /restored/);
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'invalid');
  assert.equal(await page.locator('#problems li[data-code="R001"]').count(), 1);

  // Fixed, and reloaded again: the fixed text, valid, previewed.
  await edit(page, draft.replace('tru,', 'true,'));
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'valid');
  assert.equal(await firstLayerTitle(page), 'Cookies on Babel Draft');

  // Starting over forgets the draft.
  await page.locator('#reset').click();
  await page.waitForFunction((text) => document.getElementById('source').value === text, EXAMPLE);
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('#source').inputValue(), EXAMPLE);
  await context.close();
});

test('opening a file loads it, and the download gives the registry text', async () => {
  const { context, page } = await open(env, { acceptDownloads: true });
  await page.goto(env.url('editor.html'));
  await settled(page);
  const text = readFileSync(join(repo, 'www', 'registries', 'dgal.json'), 'utf8');
  await page.locator('#open-file').setInputFiles({ name: 'dgal.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((t) => document.getElementById('source').value === t, text);
  await page.waitForFunction(() => /DGAL/.test(document.getElementById('preview-first-layer').shadowRoot.textContent));

  const edited = `${text}\n`;
  await edit(page, edited);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
  assert.equal(download.suggestedFilename(), 'cookies.json');
  const saved = readFileSync(await download.path(), 'utf8');
  assert.equal(saved, edited);
  await context.close();
});

/** The draft with every importer placeholder ("TODO: …") filled as an administrator would. */
function filled(text, name) {
  const registry = JSON.parse(text);
  const todo = (v) => typeof v === 'string' && v.startsWith('TODO: ');
  if (todo(registry.portal.name)) registry.portal.name = name;
  for (const c of registry.categories) {
    if (todo(c.necessary)) c.necessary = false;
    for (const k of c.cookies) if (todo(k.duration)) k.duration = '13 months';
  }
  return JSON.stringify(registry, null, 2);
}

test('an imported seed policy document becomes a registry in the editor, its placeholders listed as problems', async () => {
  const { context, page } = await editorPage();
  for (const portal of PORTALS) {
    const doc = readFileSync(join(repo, 'tests', 'fixtures', 'seeds', `${portal}.txt`));
    await page.locator('#import').evaluate((d) => { d.open = true; });
    await page.locator('#import-file').setInputFiles({ name: `${portal}.txt`, mimeType: 'text/plain', buffer: doc });
    await page.waitForFunction(() => document.getElementById('import-status').dataset.state === 'imported');
    await settled(page);
    const text = await page.locator('#source').inputValue();
    const registry = JSON.parse(text);
    const address = /What cookies are used on the <?(https?:\/\/[^\s>]+)>? platform/.exec(doc.toString('utf8'))[1];
    assert.equal(registry.portal.address, address, portal);
    // Only the placeholders are wrong, each at its place.
    const codes = await page.locator('#problems li').evaluateAll((lis) => lis.map((li) => li.dataset.code));
    assert.ok(codes.length > 0, `${portal}: the placeholders are reported`);
    assert.deepEqual([...new Set(codes)], ['R028'], `${portal}: ${await page.locator('#problems').textContent()}`);
    assert.equal(await page.locator('#problems li[data-path="portal.name"]').count(), 1, portal);
    // The draft is kept like any edit.
    assert.equal(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), DRAFT_KEY), text);

    // Placeholders filled: valid, and the policy preview carries the seed's table.
    await edit(page, filled(text, `Imported ${portal}`));
    assert.equal(await page.locator('#status').getAttribute('data-state'), 'valid', `${portal}: ${await page.locator('#problems').textContent()}`);
    assert.equal(await firstLayerTitle(page), `Cookies on Imported ${portal}`);
    const policy = await page.locator('#preview-policy section.consent-policy').textContent();
    assert.ok(policy.includes(address), `${portal}: the policy preview names the portal's address`);
    for (const [provider, where, names, purposes] of seedRows(portal)) {
      for (const expected of [provider, where, purposes, ...names.split(/[\s,]+/).filter(Boolean)]) {
        assert.ok(policy.includes(expected), `${portal}: the policy preview shows ${JSON.stringify(expected)}`);
      }
    }
  }
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a pasted document that is not a cookie policy is refused with a reason, the registry left as it was', async () => {
  const { context, page } = await editorPage();
  const before = await page.locator('#source').inputValue();
  await page.locator('#import').evaluate((d) => { d.open = true; });
  await page.locator('#import-text').fill('Our terms of use\n\nNothing about cookies here.');
  await page.locator('#import-button').click();
  await page.waitForFunction(() => document.getElementById('import-status').dataset.state === 'refused');
  assert.match(await page.locator('#import-status').textContent(), /Not imported: not a cookie policy in the platform's format/);
  assert.equal(await page.locator('#source').inputValue(), before);
  await context.close();
});

test('the editor page has no axe-core violations, valid or with problems', async () => {
  const { context, page } = await editorPage();
  const violations = () => page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`);
  });
  await page.addScriptTag({ path: join(repo, 'node_modules', 'axe-core', 'axe.min.js') });
  // Valid, with every cookie table of the preferences preview open.
  await page.locator('#preview-preferences details.cb-cookies').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
  assert.equal(await page.locator('#preview-preferences details.cb-cookies table').first().isVisible(), true);
  assert.deepEqual(await violations(), []);
  // With problems listed and the last good preview marked.
  await edit(page, '{"portal": {"name": ""}}');
  assert.equal(await page.locator('#stale').isVisible(), true);
  assert.ok(await page.locator('#problems li').count() > 1);
  assert.deepEqual(await violations(), []);
  await context.close();
});
