// Issue 4: isolation, strict CSP, the WAI-ARIA dialog pattern, axe-core on
// both layers in three languages at two widths, equal prominence, languages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cookieMap, manifest, open, ready, repo, start } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const AXE = join(repo, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
const PAGES = { en: 'babel.html', fr: 'cases/lang-fr.html', es: 'cases/lang-es.html' };
const LABELS = {
  en: { accept: 'Accept all', reject: 'Reject all', customize: 'Customize', prefs: 'Cookie preferences' },
  fr: { accept: 'Tout accepter', reject: 'Tout refuser', customize: 'Personnaliser', prefs: 'Préférences en matière de cookies' },
  es: { accept: 'Aceptar todas', reject: 'Rechazar todas', customize: 'Personalizar', prefs: 'Preferencias de cookies' },
};

/** axe-core violations inside the dialog's shadow root. */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run({ include: [['#consent-banner-host']] }, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`);
  }, TAGS);
}

describe('axe-core: zero violations', () => {
  for (const [lang, path] of Object.entries(PAGES)) {
    for (const [width, height] of [[1280, 800], [320, 640]]) {
      test(`${lang} at ${width}px, both layers`, async () => {
        const { context, page } = await open(env, { viewport: { width, height } });
        await page.goto(env.url(path));
        await ready(page);
        await page.getByRole('dialog').waitFor();
        assert.deepEqual(await axe(page), [], 'first layer');
        await page.getByRole('button', { name: LABELS[lang].customize }).click();
        await page.getByRole('dialog', { name: LABELS[lang].prefs }).waitFor();
        await page.locator('summary').first().click();
        assert.deepEqual(await axe(page), [], 'preferences layer');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'no horizontal scroll');
        await context.close();
      });
    }
  }
});

test('works under a strict Content-Security-Policy with zero violations', async () => {
  const { context, page } = await open(env);
  const response = await page.goto(env.url('cases/csp.html'));
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  await ready(page);
  await page.getByRole('dialog').waitFor();
  await page.getByRole('button', { name: 'Customize' }).click();
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__gatedRuns === 1);
  await page.locator('iframe[src="/cases/embed.html"]').waitFor();
  // The dialog is styled (its stylesheet was not blocked).
  await page.getByRole('button', { name: 'Cookie settings' }).click();
  const bg = await page.getByRole('button', { name: 'Save choices' }).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(page.logs.filter((l) => /Content Security Policy|Refused to/.test(l)), []);
  await context.close();
});

test('the portal\'s CSS cannot reach the dialog, and the dialog\'s cannot leak out', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  await page.addStyleTag({ content: 'button { background: rgb(255, 0, 0) !important; font-size: 40px !important; } .cb-button { display: none !important; }' });
  const accept = page.getByRole('button', { name: 'Accept all' });
  assert.equal(await accept.isVisible(), true);
  const style = await accept.evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, size: getComputedStyle(b).fontSize }));
  assert.notEqual(style.bg, 'rgb(255, 0, 0)');
  assert.notEqual(style.size, '40px');
  // The module's class names do not style the page.
  await page.evaluate(() => { const b = document.createElement('button'); b.className = 'cb-button'; b.id = 'probe'; b.textContent = 'x'; document.body.append(b); });
  assert.notEqual(await page.locator('#probe').evaluate((b) => getComputedStyle(b).minHeight), '44px');
  // Theming through custom properties does reach it.
  await page.addStyleTag({ content: '#consent-banner-host { --cb-accent: rgb(0, 0, 145); }' });
  assert.equal(await accept.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(0, 0, 145)');
  await context.close();
});

test('accept and reject have equal prominence and reject text contrast is at least 4.5:1', async () => {
  const { context, page } = await open(env);
  await page.goto(env.url('babel.html'));
  await ready(page);
  const props = ['width', 'height', 'fontSize', 'fontWeight', 'fontFamily', 'color', 'backgroundColor', 'borderTopWidth', 'borderTopColor', 'textDecorationLine'];
  const read = (name) => page.getByRole('button', { name }).evaluate((b, props) => {
    const s = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    return Object.fromEntries(props.map((p) => [p, p === 'width' ? Math.round(r.width) : p === 'height' ? Math.round(r.height) : s[p]]));
  }, props);
  const accept = await read('Accept all');
  const reject = await read('Reject all');
  assert.deepEqual(reject, accept);
  const rgb = (c) => c.match(/\d+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [l1, l2] = [lum(rgb(reject.color)), lum(rgb(reject.backgroundColor))].sort((a, b) => b - a);
  assert.ok((l1 + 0.05) / (l2 + 0.05) >= 4.5, `contrast ${(l1 + 0.05) / (l2 + 0.05)}`);
  await context.close();
});

test('first layer: focus moves in when it opens or is brought back, targets of 24px, focused element never hidden', async () => {
  const { context, page } = await open(env, { viewport: { width: 1280, height: 700 } });
  await page.goto(env.url('babel.html'));
  await ready(page);
  for (const b of await page.getByRole('dialog').getByRole('button').all()) {
    const box = await b.boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, `target ${box.width}x${box.height}`);
  }
  // Focus moves in on the next frame, once the page is laid out.
  await page.waitForFunction(() => window.__cbFocus().id === 'consent-banner', null, { timeout: 2000 });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!window.__cbFocus().closest('#consent-banner')), true, 'Tab goes on inside the banner');
  // Tab through the page: no focused element is covered by the banner.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const hidden = await page.evaluate(() => {
      const e = window.__cbFocus();
      if (!e || e === document.body || e.closest('.cb-layer') || e.getRootNode() !== document) return false;
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const top = document.elementFromPoint(x, y);
      return top && top.id === 'consent-banner-host' ? e.outerHTML.slice(0, 80) : false;
    });
    assert.equal(hidden, false, `focused element hidden by the banner: ${hidden}`);
  }
  await page.getByRole('button', { name: 'Reject all' }).click();
  assert.equal(await page.evaluate(() => document.getElementById('consent-banner-host').shadowRoot.getElementById('consent-status').textContent), 'Your cookie choice has been saved.', 'decision announced');
  await page.evaluate(() => window.consentBanner.show());
  await page.getByRole('dialog', { name: 'Cookies on Babel' }).waitFor();
  await page.waitForFunction(() => window.__cbFocus().id === 'consent-banner', null, { timeout: 2000 });
  await context.close();
});

test('reduced motion and forced colours are respected', async () => {
  const { context, page } = await open(env, { reducedMotion: 'no-preference' });
  await page.goto(env.url('babel.html'));
  await ready(page);
  const inner = page.locator('.cb-inner');
  assert.equal(await inner.evaluate((e) => getComputedStyle(e).animationName), 'cb-in');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await inner.evaluate((e) => getComputedStyle(e).animationName), 'none');
  await page.emulateMedia({ forcedColors: 'active' });
  assert.equal(await inner.evaluate((e) => getComputedStyle(e).borderTopWidth), '2px');
  await context.close();
});

describe('languages', () => {
  test('French and Spanish pages get the whole dialog and policy in their language', async () => {
    for (const lang of ['fr', 'es']) {
      const { context, page } = await open(env);
      await page.goto(env.url(PAGES[lang]));
      await ready(page);
      const l = LABELS[lang];
      for (const name of [l.accept, l.reject, l.customize]) await page.getByRole('button', { name, exact: true }).waitFor();
      const policy = await page.locator('[data-consent-policy]').textContent();
      for (const english of ['Cookies policy', 'What is a cookie', "Service provider's name", 'To remember', 'front and back office', 'Statistics cookies', 'months', 'weeks']) {
        assert.ok(!policy.includes(english), `${lang}: English fallback "${english}" shown`);
      }
      await page.getByRole('button', { name: l.customize }).click();
      const prefs = page.getByRole('dialog', { name: l.prefs });
      await prefs.waitFor();
      assert.ok(!/Statistics|necessary|Cookies in this category/.test(await prefs.textContent()), `${lang}: preferences fully translated`);
      await context.close();
    }
  });

  test('each language loads only its own build; with no page language the registry default decides', async () => {
    // A German browser, a page without lang, a registry whose default is Spanish.
    const { context, page } = await open(env, { locale: 'de-DE' });
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url().split('/').pop()); });
    await page.goto(env.url('cases/lang-default.html'));
    await ready(page);
    await page.getByRole('button', { name: 'Aceptar todas' }).waitFor();
    assert.deepEqual(wasm, [manifest().languages.es.wasm.file]);
    await context.close();
    // A French browser on the same page: the browser's language comes first.
    const fr = await open(env, { locale: 'fr-FR' });
    const frWasm = [];
    fr.page.on('request', (r) => { if (r.url().endsWith('.wasm')) frWasm.push(r.url().split('/').pop()); });
    await fr.page.goto(env.url('cases/lang-default.html'));
    await ready(fr.page);
    await fr.page.getByRole('button', { name: 'Tout accepter' }).waitFor();
    assert.deepEqual(frWasm, [manifest().languages.fr.wasm.file]);
    await fr.context.close();
  });

  test('language order: script attribute, then django_language, then <html lang>', async () => {
    const { context, page } = await open(env);
    await context.addCookies([{ name: 'django_language', value: 'es', url: env.url('') }]);
    await page.goto(env.url('cases/lang-fr.html'));
    await ready(page);
    await page.getByRole('button', { name: 'Aceptar todas' }).waitFor();
    await page.goto(env.url('cases/lang-attr.html'));
    await ready(page);
    await page.getByRole('button', { name: 'Accept all' }).waitFor();
    await context.close();
  });
});
