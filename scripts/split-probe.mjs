// How much would a first-stage module weigh: the wasm a first view needs
// before its dialog can work, with the parts that can wait for idle or for
// a click (the preferences layer, the policy page's text, the receipts, the
// other-tab sync) left to a second module? Measured, not estimated: those
// functions' bodies are cut down to a trap in the English wasm built with
// its names kept, wasm-opt is run with the build's flags, and what it
// drops is what the first stage would not carry (docs/performance.md, "A
// first-stage module, measured").
//
//   SIZE_PROBE=en node scripts/build.mjs && node scripts/split-probe.mjs
//
// What it does not count (the measured figure is therefore the code's
// share only): the texts and stylesheet rules only those parts use, which
// stay in the data, and the glue's functions only they call.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cutToTrap, WASM_OPT_FLAGS } from './wasm-shrink.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lang = process.argv[2] ?? 'en';
const input = join(root, 'pkg.partial', `consent_banner_bg.${lang}.wasm`);

/**
 * What a first view can do without until idle or a click, by symbol name
 * (crate hashes and `::h…` suffixes aside). Each one is reached only from
 * the preferences button, the policy placeholder, a stored choice's
 * receipt or another tab's message.
 */
export const CAN_WAIT = /^consent_banner::(web::layers::(open|close)_preferences|view::(preferences|policy|cookie_table)|policy::(preferences|render|table|lifetime)|receipt::|session::Session::other_tab)|drop_in_place<consent_banner::receipt::/;

function optimize(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'split-probe-'));
  try {
    const [from, to] = [join(dir, 'in.wasm'), join(dir, 'out.wasm')];
    writeFileSync(from, bytes);
    const r = spawnSync(join(root, 'node_modules', '.bin', 'wasm-opt'), [...WASM_OPT_FLAGS, '--strip-debug', '--strip-producers', from, '-o', to], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`wasm-opt exited with ${r.status}`);
    return readFileSync(to);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a script (not imported, as the tests do): argv[1] as a URL, so a
// path with spaces or other escaped characters still matches.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let probe;
  try {
    probe = readFileSync(input);
  } catch {
    console.error(`${input} is missing: build it first with SIZE_PROBE=${lang} node scripts/build.mjs`);
    process.exit(1);
  }
  const { wasm, cut } = cutToTrap(probe, (info) => CAN_WAIT.test(info.name.replace(/\[[0-9a-f]+\]/g, '')));
  if (cut.length === 0) {
    console.error('nothing matched by name (is this the SIZE_PROBE build, which keeps names?)');
    process.exit(1);
  }
  const size = (b) => ({ raw: b.length, gzip: gzipSync(b, { level: 9 }).length });
  const whole = size(optimize(probe));
  const first = size(optimize(wasm));
  console.log(`${cut.length} functions left to a second stage:\n  ${cut.map((n) => n.replace(/::h[0-9a-f]{16}$/, '')).join('\n  ')}`);
  console.log(`the whole ${lang} wasm:  ${whole.raw} B, gzip ${whole.gzip}`);
  console.log(`a first stage:       ${first.raw} B, gzip ${first.gzip} (${first.gzip - whole.gzip} B gzip, ${(100 * (first.gzip - whole.gzip) / whole.gzip).toFixed(1)} %)`);
}
