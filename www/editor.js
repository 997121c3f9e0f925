// The registry editor page (www/editor.html). The registry is read, checked
// and rendered by the editor's own wasm (src/editor/, built into
// www/editor-pkg/ by scripts/build-editor.mjs): this script only moves text
// in and out and puts what the wasm answers on the page. Previews are built
// by the visitor shell's `build()` (src/web/page.js, copied beside the
// wasm): createElement, setAttribute and text nodes, never HTML parsing, in
// shadow roots that carry the dialog's own stylesheets.

// Loaded in main(), so that a missing build is reported on the page.
let editor;
let build;

const $ = (id) => document.getElementById(id);
const source = $('source');
const gutter = $('gutter');
const status = $('status');
const problemsList = $('problems');
const saved = $('saved');
const stale = $('stale');
const EXAMPLE = '/registries/babel.json';

/** The last valid registry's report (its previews stay shown while the text has problems). */
let lastGood = null;
let timer = 0;

function lang() {
  return document.querySelector('input[name="lang"]:checked').value;
}

// Shown inside each preview, after the dialog's own sheets: the layers sit
// in the page instead of floating over it, the preferences dialog is shown
// open, and only the preview's box scrolls (it can take focus; a scrolling
// table inside could not).
const PREVIEW_CSS = '.cb-banner{position:static;padding:0;pointer-events:auto}'
  + '.cb-inner{max-height:none}'
  + '.cb-prefs{position:static;display:block;margin:0;width:auto;max-height:none;overflow:visible}'
  + '.cb-table,.consent-policy__table{overflow:visible}'
  + ':host{display:block}';

let sheets = null;
function previewSheets() {
  if (!sheets) {
    const { ui, page } = editor.stylesheets();
    sheets = [ui, page, PREVIEW_CSS].map((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
  }
  return sheets;
}

/** Replaces what the preview `host` shows with the tree `program`; returns its root element. */
function show(host, program) {
  let root = host.shadowRoot;
  if (!root) {
    root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = previewSheets();
    // A preview is a picture: its links and buttons do nothing.
    root.addEventListener('click', (e) => {
      if (e.target.closest('a, button')) e.preventDefault();
    });
  }
  const el = build(program);
  root.replaceChildren(el);
  return el;
}

function renderPreview() {
  if (!lastGood) return;
  const p = lastGood.previews.find((x) => x.lang === lang());
  show($('preview-first-layer'), p.firstLayer);
  const prefs = show($('preview-preferences'), p.preferences);
  prefs.setAttribute('open', '');
  for (const t of p.tables) {
    const details = [...prefs.querySelectorAll('details.cb-cookies')].find((d) => d.dataset.category === t.category);
    if (details) details.appendChild(build(t.tree));
  }
  show($('preview-policy'), p.policy);
}

/**
 * Line numbers beside the text, the lines with a problem marked: one text
 * node for the numbers (rewritten only when the line count changes; a
 * 16,000-line registry would take half a second as one element per line)
 * and one marker per problem line, laid over its number.
 */
let gutterLines = 0;
function renderGutter(problems) {
  const lines = source.value.split('\n').length;
  const numbers = gutter.firstChild;
  if (lines !== gutterLines) {
    numbers.textContent = Array.from({ length: lines }, (_, i) => i + 1).join('\n');
    gutterLines = lines;
  }
  const marks = new Map();
  for (const p of problems) if (!marks.has(p.line)) marks.set(p.line, p);
  const markers = [...marks.values()].map((p) => {
    const mark = document.createElement('div');
    mark.className = 'bad';
    mark.dataset.line = String(p.line);
    mark.textContent = String(p.line);
    mark.title = p.message;
    mark.style.top = `${(p.line - 1) * 1.5}em`;
    return mark;
  });
  // The numbers stay in place (taking them out and back in would lay out
  // their text again): only the markers change.
  for (const old of gutter.querySelectorAll('.bad')) old.remove();
  gutter.append(...markers);
  gutter.scrollTop = source.scrollTop;
}

/** Selects a problem's place in the text and scrolls to it. */
function goTo(p) {
  source.focus();
  source.setSelectionRange(p.from, p.to);
  const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 20;
  source.scrollTop = Math.max(0, (p.line - 3) * lineHeight);
}

function renderProblems(report) {
  const items = report.problems.map((p) => {
    const li = document.createElement('li');
    li.dataset.path = p.path;
    li.dataset.code = p.code;
    const where = document.createElement('button');
    where.type = 'button';
    where.className = 'where';
    where.textContent = `line ${p.line}, column ${p.column}`;
    where.addEventListener('click', () => goTo(p));
    const path = document.createElement('code');
    path.className = 'path';
    path.textContent = p.path || '(the registry)';
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = p.message;
    li.append(where, ' ', path, ': ', message);
    return li;
  });
  problemsList.replaceChildren(...items);
  source.setAttribute('aria-invalid', String(!report.ok));
  renderGutter(report.problems);
}

/** Checks the text now: problems, previews, status. */
function refresh() {
  clearTimeout(timer);
  const report = editor.check(source.value);
  renderProblems(report);
  if (report.ok) {
    lastGood = report;
    renderPreview();
    status.textContent = `Valid registry (revision ${report.revision}).`;
  } else {
    const n = report.problems.length;
    status.textContent = `${n} problem${n === 1 ? '' : 's'}: ${report.problems[0].path || 'the registry'}: ${report.problems[0].message}.`;
  }
  status.dataset.state = report.ok ? 'valid' : 'invalid';
  status.removeAttribute('data-pending');
  stale.hidden = report.ok || !lastGood;
  $('preview').dataset.stale = String(!report.ok && !!lastGood);
}

/** Keeps the draft (at once, as the administrator types) and checks it shortly after. */
function edited() {
  saved.textContent = editor.saveDraft(source.value) ? 'Draft saved in this browser.' : 'This browser does not let the page keep the draft: download it to keep it.';
  clearTimeout(timer);
  status.dataset.pending = '';
  timer = setTimeout(refresh, 150);
}

function setText(text) {
  source.value = text;
  edited();
  refresh();
}

async function example() {
  const r = await fetch(EXAMPLE);
  if (!r.ok) throw new Error(`${EXAMPLE}: HTTP ${r.status}`);
  return r.text();
}

function download() {
  const url = URL.createObjectURL(new Blob([source.value], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'cookies.json';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Turns a cookie-policy document into a registry draft in the editor. */
function importDocument(text) {
  const out = $('import-status');
  const result = editor.importPolicy(text);
  if (result.ok) {
    setText(result.registry);
    const { address, categories } = result.draft;
    const cookies = categories.reduce((n, c) => n + c.cookies.length, 0);
    out.textContent = `Imported ${address}: ${categories.length} categories, ${cookies} cookie entries. `
      + 'Fill in the placeholders ("TODO: …") the problems list names.';
  } else {
    out.textContent = `Not imported: ${result.message}`;
  }
  out.dataset.state = result.ok ? 'imported' : 'refused';
}

async function main() {
  try {
    editor = await import('./editor-pkg/editor.js');
    ({ build } = await import('./editor-pkg/page.js'));
  } catch (e) {
    throw new Error(`its WebAssembly is missing (build it with npm run build): ${e.message}`);
  }
  await editor.default();
  source.addEventListener('input', edited);
  source.addEventListener('scroll', () => { gutter.scrollTop = source.scrollTop; });
  for (const r of document.querySelectorAll('input[name="lang"]')) r.addEventListener('change', renderPreview);
  $('open-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) setText(await file.text());
  });
  $('download').addEventListener('click', download);
  $('reset').addEventListener('click', async () => {
    editor.clearDraft();
    setText(await example());
  });
  $('import-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) importDocument(await file.text());
  });
  $('import-button').addEventListener('click', () => importDocument($('import-text').value));

  const draft = editor.loadDraft();
  if (draft != null) {
    source.value = draft;
    saved.textContent = 'Draft restored from this browser.';
  } else {
    source.value = await example();
  }
  refresh();
}

main().catch((e) => {
  status.dataset.state = 'failed';
  status.textContent = `The editor could not start: ${e.message}`;
});
