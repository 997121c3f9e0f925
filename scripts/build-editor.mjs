// Builds the registry editor's own wasm into www/editor-pkg/ (not committed;
// served by `npm start` with the rest of www/): the crate with the feature
// `editor` (its shell in src/editor/, Rust's standard library,
// serde-wasm-bindgen and gloo-storage), wasm-bindgen's glue for a browser ES
// module, and a copy of the visitor shell's page helpers (src/web/page.js)
// whose text-only `build()` makes the previews.
//
// Nothing here touches pkg/ (the visitor's module): the editor builds in its
// own target folder (target/editor/), so it neither replaces the wasm the
// visitor's build reads nor shares its compiled dependencies (which the
// editor builds with std). It has no size pressure: no size steps.
//
// Run by scripts/build.mjs; alone: `node scripts/build-editor.mjs`. Expects
// the wasm32 target and the wasm-bindgen CLI that build.mjs installs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'www', 'editor-pkg');
// Written beside it and swapped in at the end, so the server never serves a
// half-written folder.
const partial = `${out}.partial`;

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`);
}

run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--features', 'editor',
  '--target-dir', join('target', 'editor')]);
const wasm = join(root, 'target', 'editor', 'wasm32-unknown-unknown', 'release', 'consent_banner.wasm');

rmSync(partial, { recursive: true, force: true });
mkdirSync(partial, { recursive: true });
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', partial, '--out-name', 'editor', wasm]);
copyFileSync(join(root, 'src', 'web', 'page.js'), join(partial, 'page.js'));

rmSync(`${out}.old`, { recursive: true, force: true });
if (existsSync(out)) renameSync(out, `${out}.old`);
renameSync(partial, out);
rmSync(`${out}.old`, { recursive: true, force: true });
console.log('www/editor-pkg/: the registry editor (www/editor.html), not part of the visitor\'s payload');
