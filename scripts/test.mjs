// npm test: every level, in order — the native core (cargo test), the build
// scripts' modules and the published types (node:test, tests/scripts/), the build,
// the browser shell in headless Chromium (wasm-bindgen-test), then the
// end-to-end suite (playwright-core + Debian Chromium on the www/ pages).
// Every level runs even if an earlier one failed; the exit code is non-zero
// if any failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const levels = [
  ['core (cargo test)', 'cargo', ['test']],
  ['scripts and types (node:test)', 'node', ['--test', 'tests/scripts/']],
  ['build (npm run build)', 'node', ['scripts/build.mjs']],
  ['shell in Chromium (wasm-bindgen-test)', 'node', ['scripts/test-wasm.mjs']],
  ['end to end (playwright-core + Chromium)', 'node', ['--test', '--test-concurrency=1', 'tests/e2e/']],
];
const results = [];
for (const [name, cmd, args] of levels) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  const ok = r.status === 0;
  results.push([name, ok]);
  if (!ok && name.startsWith('build')) {
    console.error('build failed: the browser levels cannot run');
    results.push(['(browser levels skipped because the build failed)', false]);
    break;
  }
}
console.log('\n=== summary');
for (const [name, ok] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
