// Injection strings in every free-text field of a registry: each is shown as
// the same text, none runs, none becomes an element or an attribute — in the
// first layer, the preferences layer with every cookie table opened, and the
// in-page policy. The count of strings and places is printed for the README's
// "Reliability and security".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frames, open, ready, repo, start } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const US = '\u001f';
/** What an attacker who can write the registry (or a compromised CMS) might try. */
export const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '</script><script>window.__pwned=1</script>',
  '<svg onload="window.__pwned=1">',
  '"><img src=x onerror=window.__pwned=1>',
  "'><img src=x onerror=window.__pwned=1>",
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1">click</a>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<style>*{display:none!important}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '&lt;img src=x onerror=window.__pwned=1&gt;',
  '%3Cscript%3Ewindow.__pwned=1%3C/script%3E',
  // The builder's own wire format (U+001F-separated tokens): a string that
  // tries to open an element, set an event attribute or close early.
  `${US}<script${US}"window.__pwned=1${US}>`,
  `${US}@onclick=window.__pwned=1`,
  `${US}>${US}>${US}<img${US}@src=x${US}@onerror=window.__pwned=1`,
  `${US}%2${US}a${US}b`,
  '\u2028\u2029<b>line separators</b>',
  '\u202e<b>right-to-left override</b>',
  '\u0000<b>NUL</b>',
];
const FIELDS = ['title', 'description', 'provider', 'function', 'purposes'];

function hostileRegistry() {
  const babel = JSON.parse(readFileSync(join(repo, 'www', 'registries', 'babel.json'), 'utf8'));
  const necessary = babel.categories.find((c) => c.necessary);
  return {
    portal: { name: PAYLOADS[0], address: 'https://hostile.example' },
    categories: [necessary, ...PAYLOADS.map((p, i) => ({
      id: `c${i}`, title: p, description: p,
      cookies: [{ provider: p, function: p, names: [`_x${i}`], purposes: p, duration: '1 day' }],
    }))],
  };
}

test(`${PAYLOADS.length} injection strings in ${FIELDS.length} free-text fields each (and the portal name) stay text everywhere`, async () => {
  const { context, page } = await open(env);
  const registry = hostileRegistry();
  await page.route('**/registries/babel.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(registry) }));
  await page.goto(env.url('babel.html'));
  await ready(page);
  // What a registry string may show as: the same text, U+001F as a space.
  const shown = (p) => p.replaceAll(US, ' ');
  assert.equal(await page.getByRole('dialog').getByRole('heading').textContent(), `Cookies on ${shown(PAYLOADS[0])}`);

  const policyRows = await page.locator('[data-consent-policy] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  let places = 1;
  for (const [i, p] of PAYLOADS.entries()) {
    const row = policyRows.find((cells) => cells.includes(`_x${i}`));
    assert.deepEqual(row, [shown(p), shown(p), `_x${i}`, shown(p), '1 day'], `policy row of payload ${i}`);
    places += 3;
  }
  const policyText = await page.locator('[data-consent-policy]').textContent();
  for (const p of PAYLOADS) assert.ok(policyText.includes(shown(p)), `policy shows ${JSON.stringify(p)} as text`);
  places += PAYLOADS.length * 2;

  await page.getByRole('button', { name: 'Customize' }).click();
  const prefs = page.getByRole('dialog', { name: 'Cookie preferences' });
  await prefs.waitFor();
  for (const summary of await prefs.locator('summary').all()) await summary.click();
  const prefRows = await prefs.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  for (const [i, p] of PAYLOADS.entries()) {
    assert.deepEqual(prefRows.find((cells) => cells.includes(`_x${i}`)), [shown(p), shown(p), `_x${i}`, shown(p), '1 day'], `preferences row of payload ${i}`);
  }
  places += PAYLOADS.length * 5;
  await frames(page);

  // Only elements the module builds, and no event-handler or javascript: attribute anywhere.
  const found = await page.evaluate(() => {
    const roots = [document.querySelector('[data-consent-policy]'), document.getElementById('consent-banner-host').shadowRoot];
    const tags = new Set();
    const bad = [];
    for (const root of roots) {
      for (const e of root.querySelectorAll('*')) {
        tags.add(e.localName);
        for (const a of e.attributes) {
          if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value) || a.name === 'srcdoc' || a.name === 'style') bad.push(`${e.localName} ${a.name}=${a.value}`);
        }
      }
    }
    return { tags: [...tags].sort(), bad };
  });
  assert.deepEqual(found.bad, []);
  for (const tag of ['img', 'svg', 'script', 'style', 'iframe', 'math', 'b', 'mglyph']) assert.ok(!found.tags.includes(tag), `a <${tag}> was created: ${found.tags}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
  assert.deepEqual(page.problems, []);
  console.log(`injection: ${PAYLOADS.length} strings, ${FIELDS.length} fields each plus the portal name, ${places} places checked (first layer, policy, preferences tables); none ran, none became markup`);
  await context.close();
});
