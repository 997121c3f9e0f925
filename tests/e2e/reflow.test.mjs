// Reflow (WCAG 2.2, 1.4.10): at phone and tablet widths, on every demo
// portal and in every language, nothing the module draws lies past the
// viewport's edge — no element of the first layer nor of the preferences
// layer (inside the shadow root, with every cookie table opened), nor of the
// in-page policy tables — and the page does not scroll sideways.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PORTALS, open, ready, start } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const WIDTHS = [320, 390, 768];
const LANGUAGES = ['en', 'fr', 'es'];
/** The first layer's Customize button in each language (it opens the preferences). */
const CUSTOMIZE = { en: 'Customize', fr: 'Personnaliser', es: 'Personalizar' };

/**
 * Every rendered element of `scope` ('dialog': the shadow root; 'policy': the
 * page's policy containers) whose box crosses the viewport's left or right
 * edge, as "where tag.class#id: left–right", and the page's sideways scroll.
 */
async function overflow(page, scope) {
  return page.evaluate((scope) => {
    const width = document.documentElement.clientWidth;
    const roots = scope === 'dialog'
      ? [document.getElementById('consent-banner-host')?.shadowRoot].filter(Boolean)
      : [...document.querySelectorAll('[data-consent-policy]')];
    const describe = (e) => `${e.localName}${e.className && typeof e.className === 'string' ? `.${e.className.trim().replace(/\s+/g, '.')}` : ''}${e.id ? `#${e.id}` : ''}`;
    const crossing = [];
    let elements = 0;
    for (const root of roots) {
      for (const e of root.querySelectorAll('*')) {
        const box = e.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue; // not rendered (inside a closed <details>)
        // Shown to screen readers only: clipped to nothing (the live status line).
        if (getComputedStyle(e).clip === 'rect(0px, 0px, 0px, 0px)') continue;
        elements++;
        if (box.left < -0.5 || box.right > width + 0.5) crossing.push(`${scope} ${describe(e)}: ${box.left.toFixed(1)}–${box.right.toFixed(1)}`);
      }
    }
    return { width, roots: roots.length, elements, crossing, scrollWidth: document.documentElement.scrollWidth };
  }, scope);
}

function assertFits(seen, what) {
  assert.ok(seen.roots >= 1 && seen.elements > 5, `${what}: something was measured (${seen.roots} roots, ${seen.elements} elements)`);
  assert.deepEqual(seen.crossing, [], `${what}: elements past the ${seen.width} px viewport`);
  assert.ok(seen.scrollWidth <= seen.width, `${what}: the page scrolls sideways (${seen.scrollWidth} px wide in a ${seen.width} px viewport)`);
}

for (const portal of PORTALS) {
  for (const lang of LANGUAGES) {
    test(`${portal} (${lang}): at ${WIDTHS.join(', ')} px both layers and the policy tables fit the viewport`, async () => {
      const { context, page } = await open(env);
      await context.addCookies([{ name: 'django_language', value: lang, url: env.url('') }]);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(env.url(`${portal}.html`));
        await ready(page);
        await page.locator('#consent-banner').waitFor();
        assertFits(await overflow(page, 'dialog'), `${portal} ${lang} ${width} px, first layer`);
        assertFits(await overflow(page, 'policy'), `${portal} ${lang} ${width} px, policy`);
        await page.getByRole('button', { name: CUSTOMIZE[lang], exact: true }).click();
        const prefs = page.locator('#consent-preferences');
        await prefs.waitFor();
        // Every category's cookie table, opened (they are drawn when opened).
        const summaries = prefs.locator('details.cb-cookies > summary');
        const n = await summaries.count();
        assert.ok(n >= 1, 'the preferences list cookie tables');
        for (let i = 0; i < n; i++) await summaries.nth(i).click();
        await prefs.locator('details.cb-cookies table').nth(n - 1).waitFor();
        assertFits(await overflow(page, 'dialog'), `${portal} ${lang} ${width} px, preferences`);
      }
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
}
