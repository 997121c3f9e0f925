// Builds pkg/: per language, the wasm (release, size profile), its
// wasm-bindgen glue (an ES module), Rust's panic entry points cut down to a
// trap, wasm-opt -Os, the data only those paths used dropped; and the
// classic-script loader consent-banner.js; the scripts minified by esbuild.
// Installs the wasm32 target and the exact wasm-bindgen CLI when missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Built in a scratch folder and swapped in at the end, so a server or a test
// run never sees a half-written pkg/.
const out = join(root, 'pkg');
const pkg = join(root, 'pkg.partial');

function run(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`);
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

// 0. npm dev dependencies (wasm-opt from binaryen, playwright-core for the tests).
if (!existsSync(join(root, 'node_modules', '.bin', 'wasm-opt')) || !existsSync(join(root, 'node_modules', 'playwright-core')) || !existsSync(join(root, 'node_modules', 'esbuild'))) {
  run('npm', [existsSync(join(root, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

// 1. The wasm32 target.
if (!output('rustup', ['target', 'list', '--installed']).split('\n').includes('wasm32-unknown-unknown')) {
  run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
}

// 2. The wasm-bindgen CLI at the version pinned in Cargo.toml.
// The crate's name, version, description and license: the npm package's too.
const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const packageField = (key) => {
  const value = new RegExp(`^\\[package\\][^]*?^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(cargo)?.[1];
  if (!value) throw new Error(`Cargo.toml: [package] ${key} not found`);
  return value;
};
const crate = Object.fromEntries(['name', 'version', 'description', 'license'].map((k) => [k, packageField(k)]));

const pinned = /^wasm-bindgen\s*=\s*(?:\{\s*version\s*=\s*)?"=([0-9.]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))?.[1];
if (!pinned) throw new Error('Cargo.toml must pin wasm-bindgen with "=X.Y.Z"');
const have = output('wasm-bindgen', ['--version']).trim().split(' ')[1];
if (have !== pinned) {
  console.log(`wasm-bindgen CLI ${have || 'missing'}, need ${pinned}: installing (takes a few minutes)`);
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', pinned]);
}

// 3–5. One build per language (features only-en, only-fr, only-es): each
// wasm carries only its language's texts, and the loader fetches the one
// for the visitor's language. Each has its own glue, since the glue names
// some of the wasm's exports by symbol hashes that differ between builds.
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
const { deadRanges, withoutRelocations } = await import('./dead-data.mjs');
const { dropData, isCutName, snipPanics, WASM_OPT_FLAGS } = await import('./wasm-shrink.mjs');
// SIZE_PROBE=en (or fr, es, all, debug): for finding where the bytes go,
// that one build only, through every step, with its function names kept
// (binaryen and wasm-opt otherwise drop them); it stays in pkg.partial/ for
// `twiggy top` and pkg/ is left alone (docs/performance.md, "Where the bytes go").
const PROBE = process.env.SIZE_PROBE;
if (PROBE) (await import('binaryen')).default.setDebugInfo(true);
const { shortenImports } = await import('./wasm-binary.mjs');
const { transformSync, buildSync } = await import('esbuild');
const common = { minify: true, target: 'es2020', legalComments: 'none' };
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
const raw = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'consent_banner.wasm');
// What each post-processing step of the wasm buys, per language: the size
// after each step, printed as a table at the end.
const steps = { en: [], fr: [], es: [], all: [], debug: [] };
const record = (lang, step, bytes) => steps[lang].push({ step, bytes: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });
// V8's explicit compile hint: every function of the file is compiled
// eagerly, off the main thread while the script streams in, instead of on
// the main thread at its first call. The loader and the glue call nearly
// all of their functions at start. (Measured in a trace: main-thread CPU
// before the dialog 18.0 -> 15.2 ms, 2.5 ms less lazy JS compilation.)
// It must be the file's first line.
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
// The builds: one per language for visitors, each with its own texts only
// and registry problems as short codes (`terse`); and one for
// administrators, loaded when the script tag has `data-debug`, with every
// language and the full explanation of each registry problem.
// `all`: every language's texts and the short codes, the wasm carried
// inside the one-file bundle (step 7), which serves any language.
const BUILDS = { en: 'only-en,terse', fr: 'only-fr,terse', es: 'only-es,terse', all: 'terse', debug: '' };
const SPLIT = Object.keys(BUILDS).filter((l) => l !== 'all');
for (const [lang, features] of Object.entries(BUILDS).filter(([l]) => !PROBE || l === PROBE)) {
  // 3. Compile.
  // Linked with each static in its own data segment and with the linker's
  // relocations kept, so that step 5 can tell which statics nothing live
  // refers to any more (scripts/dead-data.mjs); the relocations are then
  // left out of what wasm-bindgen reads.
  run('cargo', ['rustc', '--lib', '--release', '--target', 'wasm32-unknown-unknown', ...(features ? ['--features', features] : []),
    '--', '-C', 'link-arg=--no-merge-data-segments', '-C', 'link-arg=--emit-relocs']);

  // 4. Glue for a browser ES module, imported by the loader. (Measured: one
  // classic script holding loader and glue doubled the main-thread script
  // time before the dialog — Chromium compiles the imported module off the
  // main thread — and showed the dialog no sooner.)
  const work = join(pkg, `work-${lang}`);
  mkdirSync(work, { recursive: true });
  const linked = readFileSync(raw);
  record(lang, 'linked by rustc (with relocations)', linked);
  const dead = deadRanges(linked, isCutName);
  const input = join(work, 'linked.wasm');
  writeFileSync(input, withoutRelocations(linked));
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', work, '--out-name', 'consent_banner', input]);
  record(lang, 'wasm-bindgen', readFileSync(join(work, 'consent_banner_bg.wasm')));

  // 5. Shrink. First the panic paths, cut down to a trap
  // (scripts/wasm-shrink.mjs says why); wasm-opt then drops what only they used.
  const wasm = join(pkg, `consent_banner_bg.${lang}.wasm`);
  const cut = snipPanics(join(work, 'consent_banner_bg.wasm'), wasm);
  record(lang, 'panic paths cut to a trap', readFileSync(wasm));
  // The data analysis must have taken as cut exactly what was cut.
  if (cut.join('\n') !== dead.cut.join('\n')) {
    throw new Error(`the panic paths cut (${cut.join(', ')}) are not those the data analysis assumed (${dead.cut.join(', ')})`);
  }
  // --one-caller-inline-max-function-size=20: binaryen otherwise inlines
  // every function that has one caller, whatever its size, so `boot` had
  // grown to 22 KB holding the policy, the floating button, the error
  // messages and every other path run at most once — all compiled on the
  // main thread at the first call whether they run or not. Kept apart, the
  // English wasm is 2.1 KB gzip smaller (49,252 -> 47,126 B: less code is
  // duplicated around the inlined bodies) and compiles 50.6 KB at start
  // instead of 56.2 KB; main-thread CPU unchanged within noise (20
  // interleaved loads; 100, 50 and 0 gave 48.5, 47.8 and 47.4 KB gzip).
  // -Os --converge compresses better than -Oz here (measured: 57.4 against
  // 58.1 KB gzip). --low-memory-unused lets wasm-opt fold address
  // arithmetic, on the promise that nothing reads or writes the first 1 KiB
  // of memory: true here, since the stack starts at 1 MiB and grows down to
  // at most a few KiB (the JSON reader's recursion is capped at 64 levels)
  // and the data lies above it. Not --traps-never-happen: a trap is how a
  // bug fails closed.
  const optimize = (...extra) => run(wasmOpt, [...(PROBE ? ['-g'] : []), ...WASM_OPT_FLAGS, ...extra, wasm, '-o', wasm]);
  optimize();
  record(lang, 'wasm-opt -Os --converge', readFileSync(wasm));
  // Then the data only the cut code used (panic messages and the
  // Unicode tables of Debug formatting): wasm-opt keeps every data segment,
  // since it cannot know which addresses code computes.
  dropData(wasm, dead.ranges, linked);
  record(lang, 'dead data dropped', readFileSync(wasm));
  optimize(...(PROBE ? [] : ['--strip-debug', '--strip-producers']));
  record(lang, 'wasm-opt again, names and producers stripped', readFileSync(wasm));

  // The glue imports the page helpers (src/web/page.js, a wasm-bindgen
  // snippet): bundled into it, so the page makes no extra request for them;
  // minified (comments and long names are documentation in src/, not payload).
  // (wasm-bindgen lists the snippet once per import block under the same
  // key; the duplicates are the same module, hence the silenced warning.)
  const glue = buildSync({
    ...common, entryPoints: [join(work, 'consent_banner.js')], bundle: true, format: 'esm', write: false,
    logOverride: { 'duplicate-object-key': 'silent' },
  });
  // Short import names, in the wasm and the glue alike (the snippet's
  // functions keep theirs: its namespace object is what the glue passes).
  const short = shortenImports(readFileSync(wasm), glue.outputFiles[0].text, (m) => !m.startsWith('./snippets/'));
  writeFileSync(wasm, short.wasm);
  record(lang, 'short import names', short.wasm);
  writeFileSync(join(pkg, `consent_banner.${lang}.js`), COMPILE_HINT + short.glue);
  console.log(`imports: ${short.renamed} names shortened`);
  rmSync(work, { recursive: true, force: true });
}

if (PROBE) {
  if (!steps[PROBE]) throw new Error(`SIZE_PROBE=${PROBE}: not one of ${Object.keys(BUILDS).join(', ')}`);
  console.log(`SIZE_PROBE: ${join(pkg, `consent_banner_bg.${PROBE}.wasm`)}, with function names; pkg/ unchanged`);
  process.exit(0);
}

// 6. Content-hashed names for the glue and wasm (a CDN may cache them for
// good: a new build has new names), and their SHA-384 written into the
// loader, which refuses any other content; the loader keeps its name.
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
const manifest = { name: crate.name, version: crate.version, loader: null, languages: {} };
const builds = {};
for (const lang of SPLIT) {
  const entry = {};
  for (const [kind, plain] of [['glue', `consent_banner.${lang}.js`], ['wasm', `consent_banner_bg.${lang}.wasm`]]) {
    const data = readFileSync(join(pkg, plain));
    const hashed = plain.replace(/\.(js|wasm)$/, `.${createHash('sha384').update(data).digest('hex').slice(0, 16)}.$1`);
    renameSync(join(pkg, plain), join(pkg, hashed));
    entry[kind] = { file: hashed, integrity: sri(data), bytes: data.length };
  }
  if (lang === 'debug') manifest.debug = entry;
  else manifest.languages[lang] = entry;
  builds[lang] = [entry.glue.file, entry.glue.integrity, entry.wasm.file, entry.wasm.integrity];
}

// 7. The loader (minified), with those names and hashes, and its types.
// What the loader must know before the module runs is written in from its
// one source: the languages from the builds above, the Consent Mode types
// (for the synchronous `default` command) from src/consent_mode.rs.
const languages = SPLIT.filter((l) => l !== 'debug');
const typesSource = /pub const TYPES: \[&str; (\d+)\] = \[([^\]]*)\];/.exec(readFileSync(join(root, 'src', 'consent_mode.rs'), 'utf8'));
const consentModeTypes = typesSource ? [...typesSource[2].matchAll(/"([a-z_]+)"/g)].map((x) => x[1]) : [];
if (!typesSource || consentModeTypes.length !== Number(typesSource[1]) || !consentModeTypes.includes('security_storage')) {
  throw new Error('src/consent_mode.rs: `pub const TYPES: [&str; N] = [...]` not found as expected (with security_storage): the loader\'s Consent Mode default cannot be written');
}
const loaderSource = readFileSync(join(root, 'src', 'web', 'consent-banner.js'), 'utf8');
const banner = `/*! consent-banner ${crate.version} (MIT): cookie consent for open-data portals. Source and docs: src/web/consent-banner.js */`;
const defines = (embedded) => ({
  CONSENT_BANNER_BUILDS: JSON.stringify(embedded ? { debug: builds.debug } : builds),
  CONSENT_BANNER_LANGUAGES: JSON.stringify(languages),
  CONSENT_MODE_TYPES: JSON.stringify(consentModeTypes),
  CONSENT_BANNER_EMBEDDED: String(embedded),
  ...(embedded ? { CONSENT_BANNER_WASM: JSON.stringify(WASM_PLACEHOLDER), CONSENT_BANNER_REGISTRY: JSON.stringify(REGISTRY_PLACE) } : {}),
});
const WASM_PLACEHOLDER = '@@consent-banner wasm@@';
// The registry's place in the bundle: `consent-banner bundle` (src/cli/bundle.rs,
// the same text) replaces it with a portal's registry. Named after the
// version, so that a toolkit writes only into a bundle of its own release.
const REGISTRY_PLACE = `consent-banner: the registry's place, ${crate.version}`;
const notWrittenIn = (code, what) => {
  for (const name of ['CONSENT_BANNER_BUILDS', 'CONSENT_BANNER_LANGUAGES', 'CONSENT_MODE_TYPES', 'CONSENT_BANNER_EMBEDDED', 'CONSENT_BANNER_WASM', 'CONSENT_BANNER_REGISTRY', 'startEmbedded', 'embeddedRegistry', 'consent-banner:glue']) {
    if (code.includes(name)) throw new Error(`${what} still names ${name}: it was not written in`);
  }
};
const loader = transformSync(loaderSource, { ...common, define: defines(false), banner });
notWrittenIn(loader.code, 'the loader');
const loaderCode = COMPILE_HINT + loader.code;
writeFileSync(join(pkg, 'consent-banner.js'), loaderCode);
manifest.loader = { file: 'consent-banner.js', integrity: sri(loaderCode), bytes: Buffer.byteLength(loaderCode) };

// 7b. The bundle, consent-banner.bundle.js: the same loader with the `all`
// glue and wasm inside (src/web/bundle.js is its entry), for every language, in one classic script — the
// HTML's preload scanner finds every byte of the module at once, and the
// module is compiled and started in the loader's own task (docs/performance.md
// has the measurements). The wasm is a string literal of one character per
// byte (U+0000–U+00FF; only the quote, the backslash and the two line
// breaks escaped): about 1.4 KB gzip more than the file itself, where base64
// costs 15 KB. Those characters are sent as UTF-8, so the file starts with
// a byte order mark, which makes a browser decode it as UTF-8 whatever the
// server's charset or the page's encoding. Its integrity is the page's:
// the `integrity` attribute of its tag (the build prints it); nothing in it
// can be stale against anything else.
const allGlue = join(pkg, 'consent_banner.all.js');
const bundled = buildSync({
  ...common, bundle: true, format: 'iife', write: false, banner: { js: banner },
  stdin: {
    contents: `${readFileSync(join(root, 'src', 'web', 'bundle.js'), 'utf8').replace("'consent-banner:glue'", () => JSON.stringify(allGlue))}\n${loaderSource}`,
    resolveDir: pkg, loader: 'js',
  },
  define: defines(true),
  // The glue's default wasm URL (import.meta.url) is never used: the bundle
  // always hands it the module.
  logOverride: { 'empty-import-meta': 'silent' },
}).outputFiles[0].text;
notWrittenIn(bundled, 'the bundle');
const quoted = JSON.stringify(WASM_PLACEHOLDER);
if (bundled.split(quoted).length !== 2) throw new Error('the bundle does not hold the wasm\'s place exactly once');
if (bundled.split(JSON.stringify(REGISTRY_PLACE)).length !== 2) throw new Error('the bundle does not hold the registry\'s place exactly once (consent-banner bundle needs it)');
let literal = '"';
for (const byte of readFileSync(join(pkg, 'consent_banner_bg.all.wasm'))) {
  literal += byte === 0x22 ? '\\"' : byte === 0x5c ? '\\\\' : byte === 0x0a ? '\\n' : byte === 0x0d ? '\\r' : String.fromCharCode(byte);
}
literal += '"';
const bundleCode = '\ufeff' + COMPILE_HINT + bundled.replace(quoted, () => literal);
writeFileSync(join(pkg, 'consent-banner.bundle.js'), bundleCode, 'utf8');
const bundleBytes = readFileSync(join(pkg, 'consent-banner.bundle.js'));
manifest.bundle = { file: 'consent-banner.bundle.js', integrity: sri(bundleBytes), bytes: bundleBytes.length };
rmSync(allGlue);
rmSync(join(pkg, 'consent_banner_bg.all.wasm'));
writeFileSync(join(pkg, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(root, 'src', 'web', 'consent-banner.d.ts'), join(pkg, 'consent-banner.d.ts'));

// 8. pkg/ as an npm package: its package.json (name, version and
// description from Cargo.toml), README and LICENSE.
const files = ['consent-banner.js', 'consent-banner.bundle.js', 'consent-banner.d.ts', 'manifest.json',
  ...[...Object.values(manifest.languages), manifest.debug].flatMap((l) => [l.glue.file, l.wasm.file])];
writeFileSync(join(pkg, 'package.json'), `${JSON.stringify({
  name: crate.name,
  version: crate.version,
  description: crate.description,
  license: crate.license,
  keywords: ['cookie', 'consent', 'gdpr', 'cookie-banner', 'webassembly', 'open-data'],
  files,
  types: './consent-banner.d.ts',
  exports: {
    '.': { types: './consent-banner.d.ts', default: './consent-banner.js' },
    './consent-banner.js': './consent-banner.js',
    './consent-banner.bundle.js': './consent-banner.bundle.js',
    './manifest.json': './manifest.json',
    './package.json': './package.json',
  },
  sideEffects: true,
}, null, 2)}\n`);
copyFileSync(join(root, 'src', 'web', 'package-README.md'), join(pkg, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));

rmSync(`${out}.old`, { recursive: true, force: true });
if (existsSync(out)) renameSync(out, `${out}.old`);
renameSync(pkg, out);
rmSync(`${out}.old`, { recursive: true, force: true });

// 9. What a page downloads: the loader, and one language's glue and wasm.
const size = (f) => {
  const data = readFileSync(join(out, f));
  return { bytes: data.length, gz: gzipSync(data, { level: 9 }).length, br: brotliCompressSync(data).length };
};
const loaderSize = size('consent-banner.js');
console.log(`pkg/consent-banner.js: ${loaderSize.bytes} bytes, gzip ${loaderSize.gz}, brotli ${loaderSize.br}`);
for (const lang of ['en', 'fr', 'es']) {
  const parts = [manifest.languages[lang].glue.file, manifest.languages[lang].wasm.file].map((f) => [f, size(f)]);
  for (const [f, s] of parts) console.log(`pkg/${f}: ${s.bytes} bytes, gzip ${s.gz}, brotli ${s.br}`);
  const total = [loaderSize, ...parts.map(([, s]) => s)].reduce((a, s) => ({ bytes: a.bytes + s.bytes, gz: a.gz + s.gz, br: a.br + s.br }));
  console.log(`payload (${lang}): ${total.bytes} bytes, gzip ${total.gz}, brotli ${total.br}`);
}
const bundleSize = size('consent-banner.bundle.js');
console.log(`pkg/consent-banner.bundle.js (every language, one file): ${bundleSize.bytes} bytes, gzip ${bundleSize.gz}, brotli ${bundleSize.br}`);
console.log(`\nnpm package ${crate.name}@${crate.version} in pkg/ (pkg/manifest.json lists every file and its SHA-384).`);
console.log('The bundle\'s tag (the README\'s):');
console.log(`  <script src=".../consent-banner.bundle.js" integrity="${manifest.bundle.integrity}" crossorigin="anonymous" data-registry="..." defer></script>`);
console.log('The loader\'s tag (one language\'s files fetched next to it):');
console.log(`  <script src=".../consent-banner.js" integrity="${manifest.loader.integrity}" crossorigin="anonymous" data-registry="..." async></script>`);

// 10. What each post-processing step of the wasm saved (bytes, gzip -9).
console.log('\nwasm post-processing, step by step (size after the step; change from the step before):');
for (const [lang, list] of Object.entries(steps)) {
  console.log(`  ${lang}:`);
  list.forEach(({ step, bytes, gz }, i) => {
    const before = list[i - 1];
    const delta = before ? ` (${bytes - before.bytes >= 0 ? '+' : ''}${bytes - before.bytes} B, gzip ${gz - before.gz >= 0 ? '+' : ''}${gz - before.gz})` : '';
    console.log(`    ${step.padEnd(46)} ${String(bytes).padStart(7)} B, gzip ${String(gz).padStart(6)}${delta}`);
  });
}

await import('./build-editor.mjs'); // the registry editor's own wasm, into www/editor-pkg/ (not pkg/)
