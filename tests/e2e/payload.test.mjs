// The built wasm carries none of the data that only Rust's panic paths use
// (scripts/dead-data.mjs, applied by scripts/build.mjs), and the analysis
// that finds that data keeps what the module reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataSegments, deadRanges, demangle, withoutRelocations } from '../../scripts/dead-data.mjs';
import { shortenImports } from '../../scripts/wasm-binary.mjs';
import { isCutName } from '../../scripts/wasm-shrink.mjs';
import { manifest } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const linkedPath = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'consent_banner.wasm');

function need(path) {
  assert.ok(existsSync(path), `${path} is missing: run npm run build first`);
  return readFileSync(path);
}

test('v0 symbol paths are demangled; other names are left as they are', () => {
  assert.equal(demangle('_RNvNtCsgXGp5Oqx2Ny_4core9panicking9panic_fmt'), 'core::panicking::panic_fmt');
  assert.equal(demangle('_RNvNtNtCs1_5alloc7raw_vec3fooB_3bar'), '_RNvNtNtCs1_5alloc7raw_vec3fooB_3bar');
  assert.equal(demangle('boot'), 'boot');
});

// What a visitor's page downloads from the module, per language: the loader,
// that language's glue and wasm, gzip -9 (as scripts/build.mjs prints it).
// The build's bytes are deterministic, so this is a plain comparison, not a
// measurement; time stays in the benchmark. At the budget's introduction:
// en 54,904, fr 55,261, es 55,179 B. A change that needs more must raise
// this line in the same commit, saying why (the goal is 25,000 B).
// Raised to 55,600 (en 55,247, fr 55,564, es 55,478): the core returning
// its effects as data, applied in one place by the shell, compresses worse
// than the shell's thirty near-identical copies it replaced (+271 B gzip,
// though 882 B smaller raw), and the loader now settles `ready` on failure,
// waits for the end of parsing rather than DOMContentLoaded and builds its
// Consent Mode default from the generated type list.
// Lowered to 55,200 (en 54,817, fr 55,198, es 55,062): below the figures
// at the budget's introduction again, after the clearing, record and
// duration readers lost their generic collect/parse code and the layered
// registry's size fixes. Raised to 55,220 (en 54,818, fr 55,210, es 55,054)
// when the banner's entrance lost its fade: ten bytes of CSS fewer, yet the
// French wasm compresses 12 B worse (deflate's choices, not new code).
// Lowered to 50,560 (en 50,206, fr 50,531, es 50,412) when the core's
// collect chains became loops, the registry reader filled its values in
// place and a bounds assertion that kept the formatting code went; 50,600
// (en 50,235, fr 50,560, es 50,441) once the loader filters accept's ids.
const PAYLOAD_BUDGET_GZIP = 50_600;

test(`each language's payload (loader + glue + wasm) is at most ${PAYLOAD_BUDGET_GZIP} bytes gzip`, () => {
  const m = manifest();
  const loader = need(join(root, 'pkg', m.loader.file));
  for (const lang of ['en', 'fr', 'es']) {
    const files = [loader, need(join(root, 'pkg', m.languages[lang].glue.file)), need(join(root, 'pkg', m.languages[lang].wasm.file))];
    const gzip = files.reduce((n, f) => n + gzipSync(f, { level: 9 }).length, 0);
    assert.ok(gzip > 10_000, `${lang}: ${gzip} bytes is not a whole payload`);
    assert.ok(gzip <= PAYLOAD_BUDGET_GZIP, `${lang}: the payload is ${gzip} bytes gzip, over the budget of ${PAYLOAD_BUDGET_GZIP}`);
  }
});

// The README's tag downloads one file, consent-banner.bundle.js: the loader,
// the glue and the wasm of every language (their texts add about 3.6 KB gzip
// to the wasm; the wasm as a string literal about 1.4 KB). At its
// introduction 59,694 B; 59,724 with the registry's place for `consent-banner
// bundle`; 59,836 with the warning that a page's inline registry is not read
// by a bundle that carries one; 55,433 after the same size work as above,
// 55,461 with the loader's filter on accept's ids. Same rule as above.
const BUNDLE_BUDGET_GZIP = 55_500;

test(`the bundle (every language, one file) is at most ${BUNDLE_BUDGET_GZIP} bytes gzip`, () => {
  const bundle = need(join(root, 'pkg', manifest().bundle.file));
  const gzip = gzipSync(bundle, { level: 9 }).length;
  assert.ok(gzip > 40_000, `${gzip} bytes cannot hold the wasm`);
  assert.ok(gzip <= BUNDLE_BUDGET_GZIP, `the bundle is ${gzip} bytes gzip, over the budget of ${BUNDLE_BUDGET_GZIP}`);
});

// (Some source paths stay: live code still passes them to the cut functions
// as arguments when it is linked; wasm-opt only drops those arguments later.)
test('the shipped wasm of every language, and the bundle\'s, holds none of the panic messages', () => {
  for (const lang of ['en', 'fr', 'es', 'bundle']) {
    // (The bundle's wasm is a string literal of one character per byte, sent as UTF-8.)
    const wasm = lang === 'bundle' ? need(join(root, 'pkg', manifest().bundle.file)).toString('utf8')
      : need(join(root, 'pkg', manifest().languages[lang].wasm.file)).toString('latin1');
    for (const gone of ['index out of bounds', 'called `Option::unwrap()`', 'out of range for slice', 'is not a char boundary']) {
      assert.ok(!wasm.includes(gone), `${lang}: "${gone}" is still in the wasm`);
    }
    // …and still holds what the module shows: its stylesheet.
    assert.ok(wasm.includes(':host{all:initial}'), `${lang}: the dialog's stylesheet is missing`);
  }
});

test('the analysis finds the panic data dead only once the panic paths are cut, and keeps the module\'s own data', () => {
  const linked = need(linkedPath);
  const segments = dataSegments(linked);
  const addressOf = (text) => {
    const needle = Buffer.from(text, 'latin1');
    const s = segments.find((x) => Buffer.from(x.bytes).includes(needle));
    assert.ok(s, `"${text}" is not in the linked module's data`);
    return s.address + Buffer.from(s.bytes).indexOf(needle);
  };
  const isDead = (ranges, address) => ranges.some((r) => address >= r.from && address < r.to);
  const css = addressOf(':host{all:initial}');
  const message = addressOf('index out of bounds');
  const boundary = addressOf('is not a char boundary');

  const { ranges: dead, cut } = deadRanges(linked, isCutName);
  assert.ok(cut.includes('core::panicking::panic_fmt'), `the panic entry points are taken as cut: ${cut.join(', ')}`);
  assert.ok(isDead(dead, message) && isDead(dead, boundary), 'the panic messages are dead once the panic paths are cut');
  assert.ok(!isDead(dead, css), 'the dialog\'s stylesheet stays');
  assert.ok(dead.reduce((n, r) => n + r.to - r.from, 0) > 1000, 'some kilobytes are found dead');

  const { ranges: none } = deadRanges(linked, () => false);
  assert.ok(!isDead(none, message) && !isDead(none, boundary), 'with nothing cut, the panic messages are live');
  assert.ok(withoutRelocations(linked).length < linked.length, 'the relocation sections are left out of what wasm-bindgen reads');
});

// A module importing 40 functions from the glue's own object and one from
// a snippet module (an ES module namespace, whose keys stay).
function tinyModule() {
  const str = (s) => [s.length, ...Buffer.from(s)];
  const entries = [];
  for (let i = 0; i < 40; i++) entries.push(...str('./x_bg.js'), ...str(`__wbg_f${i}_${(1e15 + i * 7919).toString(16)}`), 0, 0);
  entries.push(...str('./snippets/p-0123/src/page.js'), ...str('build'), 0, 0);
  const imports = [41, ...entries];
  const leb = (n) => (n < 128 ? [n] : [(n & 0x7f) | 0x80, n >> 7]);
  return Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, ...leb(imports.length), ...imports]);
}

test('import names are shortened in the wasm and the glue alike, each to its own name', () => {
  const wasm = tinyModule();
  const keys = Array.from({ length: 40 }, (_, i) => `__wbg_f${i}_${(1e15 + i * 7919).toString(16)}:function(){return ${i}}`);
  const glue = `const imports={"./x_bg.js":{__proto__:null,${keys.join(',')}},"./snippets/p-0123/src/page.js":ns,"./snippets/p-0123/src/page.js":ns};`;
  const out = shortenImports(wasm, glue, (m) => !m.startsWith('./snippets/'));
  assert.ok(out.wasm.length < wasm.length, 'the wasm is smaller');
  const listed = WebAssembly.Module.imports(new WebAssembly.Module(out.wasm));
  assert.equal(listed.length, 41);
  assert.equal(new Set(listed.map((i) => `${i.module} ${i.name}`)).size, 41, 'every import keeps a name of its own');
  // The glue, evaluated, offers exactly what the wasm asks for, each import
  // still bound to its own function.
  const ns = { build() {} };
  const object = new Function('ns', `${out.glue.replace('const imports=', 'return ')}`)(ns);
  for (const [n, i] of listed.entries()) {
    const f = object[i.module]?.[i.name];
    assert.equal(typeof f, 'function', `the glue has no ${i.module}.${i.name}`);
    if (n < 40) assert.equal(f(), n, `${i.module}.${i.name} is bound to the function of import ${n}`);
    else assert.equal(f, ns.build);
  }
  assert.doesNotThrow(() => new WebAssembly.Instance(new WebAssembly.Module(out.wasm), object));
  // A key the glue does not hold, or holds twice, stops the build.
  const snippetKept = (m) => !m.startsWith('./snippets/');
  assert.throws(() => shortenImports(wasm, glue.replace(keys[3], 'x:1'), snippetKept), /__wbg_f3_\w+ 0 times, expected once/);
  assert.throws(() => shortenImports(wasm, glue.replace(keys[3], `${keys[3]},${keys[3]}`), snippetKept), /__wbg_f3_\w+ 2 times, expected once/);
});
