// The published types (src/web/consent-banner.d.ts, copied into pkg/) hold
// against a portal's usage (tests/types/usage.ts): `tsc --noEmit` with the
// pinned typescript dev dependency, strict, including the lines that must
// stay type errors (@ts-expect-error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('consent-banner.d.ts type-checks against tests/types/usage.ts (tsc --noEmit)', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), `${tsc} is missing: run npm ci`);
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tests', 'types', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.error, undefined, `tsc could not run: ${r.error?.message}`);
  assert.equal(r.status, 0, `tsc found type errors:\n${r.stdout}${r.stderr}`);
});
