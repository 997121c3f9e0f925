// Runs tests/web.rs in headless Chromium through wasm-bindgen-test-runner and
// Debian's chromedriver. Fails (never skips) when either is missing.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const driver = process.env.CHROMEDRIVER || (existsSync('/usr/bin/chromedriver') ? '/usr/bin/chromedriver' : which('chromedriver'));
if (!driver) {
  console.error('test:wasm: chromedriver not found. Install Debian\'s chromium and chromium-driver (apt-get install chromium chromium-driver) or set CHROMEDRIVER.');
  process.exit(1);
}
if (!which('wasm-bindgen-test-runner')) {
  console.error('test:wasm: wasm-bindgen-test-runner not found: run `npm run build` first (it installs the pinned wasm-bindgen CLI).');
  process.exit(1);
}
const r = spawnSync('cargo', ['test', '--target', 'wasm32-unknown-unknown', '--features', 'std', '--test', 'web'], {
  stdio: 'inherit',
  env: { ...process.env, CHROMEDRIVER: driver, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner', WASM_BINDGEN_TEST_TIMEOUT: '120' },
});
process.exit(r.status ?? 1);
