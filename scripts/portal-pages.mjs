// The five demo portal pages (www/babel.html, datartibus, inai, dgal,
// cloudbirst) are one page: www/templates/portal.html, filled in with each
// portal's texts from www/templates/portals.json. The pages are committed
// (they are served as they are, by `npm run serve` and the tests, without a
// build); tests/scripts/portal-pages.test.mjs fails when one differs from
// what this module makes of the template, so a change goes into the
// template or the data and then `node scripts/portal-pages.mjs` rewrites
// the pages.
//
// The template's placeholders are `{{key}}`: a portal's field, inserted as
// it is written in portals.json (HTML: the texts are ours, not a registry's),
// `{{id}}` (the page's name) and the lists below, drawn here. A placeholder
// left without a value stops the generator.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATES = join(root, 'www', 'templates');

/** The template and every portal's data, as in www/templates/. */
export function readSources(dir = TEMPLATES) {
  return {
    template: readFileSync(join(dir, 'portal.html'), 'utf8'),
    portals: JSON.parse(readFileSync(join(dir, 'portals.json'), 'utf8')),
  };
}

const lines = (items, indent, render) => items.map((item) => indent + render(item)).join('\n');

/** One portal's page: the template with `portal`'s fields (and `id`) in place. */
export function renderPortal(template, id, portal) {
  const values = {
    ...portal,
    id,
    loader_attributes: portal.loader_attributes ? ` ${portal.loader_attributes}` : '',
    figures: lines(portal.figures, '          ', (f) => `<li>${f}</li>`),
    themes: lines(portal.themes, '        ', (t) => `<li><a href="#datasets">${t}</a></li>`),
    datasets: lines(portal.datasets, '        ', (d) => [
      '<li class="card">',
      `  <h3 class="card-title"><a href="#datasets">${d.title}</a></h3>`,
      `  <p>${d.text}</p>`,
      `  <p class="card-meta">${d.meta}</p>`,
      `  <ul class="formats" aria-label="Formats">${d.formats.map((f) => `<li>${f}</li>`).join('')}</ul>`,
      '</li>',
    ].join('\n        ')),
    after_policy: portal.privacy_notice ? [
      '    <section id="privacy-notice" class="wrap section" aria-labelledby="privacy-notice-title">',
      '      <h2 id="privacy-notice-title">Privacy notice</h2>',
      `      <p>${portal.privacy_notice}</p>`,
      '    </section>',
      '',
    ].join('\n') : '',
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    const value = values[key];
    if (typeof value !== 'string') throw new Error(`www/templates/portal.html: {{${key}}} has no text for the portal ${id} (www/templates/portals.json)`);
    return value;
  });
}

/** Every portal page, as `{ 'babel.html': text, … }`, in the order of portals.json. */
export function portalPages(sources = readSources()) {
  return Object.fromEntries(Object.entries(sources.portals).map(([id, portal]) => [`${id}.html`, renderPortal(sources.template, id, portal)]));
}

/** Writes the pages into `dir` (www/ by default); returns their names. */
export function writePortalPages(dir = join(root, 'www')) {
  const pages = portalPages();
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
  return Object.keys(pages);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`www/: ${writePortalPages().join(', ')} written from www/templates/portal.html`);
}
