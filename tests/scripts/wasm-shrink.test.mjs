// The build's post-link size steps (scripts/wasm-shrink.mjs) on small
// modules made here with binaryen.js: what they cut, what they keep, and
// that they throw when the module is not what they expect. (The shipped
// wasm is checked in tests/e2e/payload.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { cutPanics, cutToTrap, dropDeadData, features, isCutName } from '../../scripts/wasm-shrink.mjs';
import { CAN_WAIT } from '../../scripts/split-probe.mjs';
import { dataSegments } from '../../scripts/dead-data.mjs';

const PANIC = 'core[1a2b3c4d]::panicking::panic_fmt';
const text = (s) => new TextEncoder().encode(s);
const has = (bytes, s) => Buffer.from(bytes).includes(Buffer.from(s));

// Names are what the cut goes by: keep them in the modules made here.
before(() => binaryen.setDebugInfo(true));
after(() => binaryen.setDebugInfo(false));

/**
 * A module like the linked one, in small: a panic entry point, a function
 * that calls it and names the address 4096, data at 1024 (live), 2048 (a
 * panic message) and 4096 (named by code).
 */
function module({ panicResults = binaryen.none, importMemory = false, passive = false, data = {} } = {}) {
  const m = new binaryen.Module();
  m.setFeatures(features());
  m.addFunction(PANIC, binaryen.none, panicResults, [], panicResults === binaryen.none ? m.nop() : m.i32.const(0));
  m.addFunction('core::fmt::write', binaryen.none, binaryen.none, [], m.nop());
  const call = m.call(PANIC, [], panicResults);
  m.addFunction('boot', binaryen.none, binaryen.i32, [], m.block(null, [
    panicResults === binaryen.none ? call : m.drop(call), m.call('core::fmt::write', [], binaryen.none), m.i32.const(4096)], binaryen.i32));
  m.addFunctionExport('boot', 'boot');
  const texts = { 1024: 'live data', 2048: 'panic message', 4096: 'named data', ...data };
  const segments = Object.entries(texts).map(([at, s]) => ({ name: `s${at}`, data: text(s), offset: passive ? null : m.i32.const(Number(at)), passive }));
  m.setMemory(1, -1, importMemory ? null : 'memory', segments, false, false, '0');
  if (importMemory) m.addMemoryImport('0', 'env', 'memory');
  assert.ok(m.validate(), 'the test module is valid');
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

function functionBodies(wasm) {
  const m = binaryen.readBinary(wasm);
  const out = {};
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
    out[info.name.replace(/\[[0-9a-f]+\]/g, '')] = binaryen.getExpressionId(info.body);
  }
  m.dispose();
  return out;
}

test('the panic entry points are known by name, with or without a crate hash', () => {
  for (const name of [PANIC, 'core::panicking::panic_bounds_check', 'core::result::unwrap_failed', 'core::option::expect_failed',
    'core::slice::index::slice_end_index_len_fail', 'alloc::raw_vec::capacity_overflow', 'alloc::alloc::handle_alloc_error', 'core::cell::panic_already_borrowed',
    'core::str::slice_error_fail']) {
    assert.ok(isCutName(name), name);
  }
  for (const name of ['boot', 'core::fmt::write', 'alloc::vec::Vec::push', 'my_crate::panicking::panic', 'core::option::Option::unwrap']) {
    assert.ok(!isCutName(name), name);
  }
});

test('cutPanics turns each panic entry point into a trap and leaves the rest', () => {
  const { wasm, cut } = cutPanics(module());
  assert.deepEqual(cut, ['core::panicking::panic_fmt'], 'the names cut, without the crate hash');
  const bodies = functionBodies(wasm);
  assert.equal(bodies['core::panicking::panic_fmt'], binaryen.UnreachableId, 'the panic entry point is a trap');
  assert.equal(bodies.boot, binaryen.BlockId, 'the caller is untouched');
  assert.equal(bodies['core::fmt::write'], binaryen.NopId, 'other functions are untouched');
  assert.ok(WebAssembly.validate(wasm), 'the result is a valid module');
});

test('cutPanics throws when it finds nothing to cut, rather than do nothing', () => {
  // A returning function of that name is not a diverging entry point.
  assert.throws(() => cutPanics(module({ panicResults: binaryen.i32 })), /no panic entry points found by name/);
  // Nor is anything found when the names section is gone.
  binaryen.setDebugInfo(false);
  try {
    assert.throws(() => cutPanics(module()), /no panic entry points found by name/);
  } finally {
    binaryen.setDebugInfo(true);
  }
});

test('cutToTrap cuts the functions chosen, whatever they return, and the module still runs the rest', async () => {
  // `boot` returns an i32: cutPanics would never touch it; cutToTrap does when asked.
  const { wasm, cut } = cutToTrap(module(), (info) => info.name === 'boot');
  assert.deepEqual(cut, ['boot']);
  const bodies = functionBodies(wasm);
  assert.equal(bodies.boot, binaryen.UnreachableId, 'the chosen function is a trap');
  assert.equal(bodies['core::fmt::write'], binaryen.NopId, 'the others are untouched');
  const { instance } = await WebAssembly.instantiate(wasm);
  assert.throws(() => instance.exports.boot(), WebAssembly.RuntimeError, 'calling it traps');
  assert.deepEqual(cutToTrap(module(), () => false).cut, [], 'nothing chosen, nothing cut');
});

test('the split probe leaves to a second stage only what a first view can do without', () => {
  for (const name of ['consent_banner::web::layers::open_preferences', 'consent_banner::view::policy', 'consent_banner::receipt::read_log',
    'consent_banner::session::Session::other_tab', 'core::ptr::drop_in_place<consent_banner::receipt::Receipt>']) {
    assert.ok(CAN_WAIT.test(name), name);
  }
  for (const name of ['consent_banner::web::start::boot', 'consent_banner::view::first_layer', 'consent_banner::decision::decide',
    'consent_banner::decision::expire_cookies', 'consent_banner::registry::validate::registry', 'consent_banner::session::Session::start',
    'consent_banner::consent_mode::update_state', 'consent_banner::view::frame_notice', 'consent_banner::policy::first_layer']) {
    assert.ok(!CAN_WAIT.test(name), name);
  }
});

test('dropDeadData cuts the dead ranges out and keeps the rest at its address', () => {
  const linked = module();
  const at = (bytes, address, length) => {
    const s = dataSegments(bytes).find((x) => address >= x.address && address + length <= x.address + x.size);
    return s ? Buffer.from(s.bytes.subarray(address - s.address, address - s.address + length)).toString() : undefined;
  };
  const { wasm, dropped, statics, kept } = dropDeadData(linked, [{ from: 2048, to: 2048 + 13 }], linked);
  assert.equal(dropped, 13);
  assert.equal(statics, 1);
  assert.deepEqual(kept, []);
  assert.ok(!has(wasm, 'panic message'), 'the dead static is gone');
  assert.equal(at(wasm, 1024, 9), 'live data', 'the live data stays at its address');
  assert.equal(at(wasm, 4096, 10), 'named data');
  assert.ok(WebAssembly.validate(wasm));
  // The module runs and still reads its data where it was.
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm));
  assert.equal(Buffer.from(new Uint8Array(exports.memory.buffer, 1024, 9)).toString(), 'live data');
  assert.equal(new Uint8Array(exports.memory.buffer, 2048, 13).every((b) => b === 0), true, 'the dropped range reads as zeros');
});

test('dropDeadData keeps a range the optimized module still names, should the analysis miss a reference', () => {
  const linked = module();
  const { wasm, kept, dropped } = dropDeadData(linked, [{ from: 4096, to: 4106 }], linked);
  assert.deepEqual(kept, [{ from: 4096, to: 4106, named: 4096 }]);
  assert.equal(dropped, 0);
  assert.ok(has(wasm, 'named data'));
});

test('dropDeadData throws when the data moved or changed after linking, or the module is not of the kind it handles', () => {
  const linked = module();
  const changed = module({ data: { 2048: 'panic massage' } });
  assert.throws(() => dropDeadData(changed, [{ from: 2048, to: 2061 }], linked), /the data at 2055 changed between linking and optimizing/);
  assert.throws(() => dropDeadData(module({ importMemory: true }), [], linked), /the memory is imported/);
  assert.throws(() => dropDeadData(module({ passive: true }), [], linked), /passive data segment/);
});
