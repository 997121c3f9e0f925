// The two size steps of the build that edit the wasm after linking, apart
// from build.mjs so that they are tested (tests/scripts/wasm-shrink.test.mjs):
//
// - cutPanics: Rust's panic entry points cut down to a trap. The module's
//   panic handler traps and formats nothing, yet every panicking call site
//   (a slice index, a RefCell borrow, an allocation failure) calls a core
//   function that builds a formatted message first, which keeps Rust's
//   formatting code, Unicode tables and Debug impls in the wasm. Those
//   functions never return (`-> !`) and end in the trap anyway, so their
//   bodies become that trap at once (what wasm-snip does, through
//   binaryen.js here); wasm-opt then drops what only they used.
// - dropDeadData: the static data only that cut code used (panic messages,
//   the Unicode tables of Debug formatting), found by scripts/dead-data.mjs
//   on the module as linked, cut out of the optimized module's data:
//   wasm-opt keeps every data segment, since it cannot know which addresses
//   code computes.
//
// Both depend on rustc's symbol names and on the data staying at its linked
// address (the toolchain is pinned in rust-toolchain.toml); when what they
// find is not what they expect, they throw rather than guess.
import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { dataSegments } from './dead-data.mjs';

/**
 * Whether a function is one of Rust's diverging panic entry points, which
 * the build cuts down to a trap. Names as demangled by scripts/dead-data.mjs
 * or as wasm-bindgen writes them (with a crate hash,
 * `core[1234abcd]::panicking::…`, ignored).
 * @param {string} name
 */
export function isCutName(name) {
  return /^(core::panicking::|core::str::slice_error_fail|core::result::unwrap_failed|core::option::(unwrap|expect)_failed|core::slice::index::slice_\w*fail|alloc::raw_vec::(capacity_overflow|handle_error)|alloc::alloc::handle_alloc_error|core::cell::panic_already)/
    .test(name.replace(/\[[0-9a-f]+\]/g, ''));
}

/**
 * The wasm features rustc emits (as build.mjs's wasm-opt flags), for
 * binaryen.js; not Features.All, whose compact import encoding browsers refuse.
 */
export function features() {
  const F = binaryen.Features;
  return F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt
    | F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue;
}

/**
 * `wasm` with the body of every function that `isCut` names (and that
 * returns nothing, as a diverging function does) replaced by a trap; and
 * the names cut, without crate hashes, sorted. Throws when none is found:
 * the names section is missing or the names changed, and the size step
 * would silently do nothing.
 * @param {Uint8Array} wasm
 * @param {(name: string) => boolean} [isCut]
 * @returns {{ wasm: Uint8Array, cut: string[] }}
 */
export function cutPanics(wasm, isCut = isCutName) {
  const { wasm: out, cut } = cutToTrap(wasm, (info) => info.results === binaryen.none && isCut(info.name));
  if (cut.length === 0) throw new Error('no panic entry points found by name in the wasm (names section missing?): the size step would silently do nothing');
  return { wasm: out, cut };
}

/**
 * `wasm` with the body of every function that `pick` chooses (given
 * binaryen's function info: `name`, `params`, `results`) replaced by a
 * trap, whatever it returns; and the names cut, without crate hashes,
 * sorted. cutPanics's step, and scripts/split-probe.mjs's, which cuts what
 * a first-stage module could leave to a second one.
 * @param {Uint8Array} wasm
 * @param {(info: { name: string, results: number }) => boolean} pick
 * @returns {{ wasm: Uint8Array, cut: string[] }}
 */
export function cutToTrap(wasm, pick) {
  const module = binaryen.readBinary(wasm);
  try {
    module.setFeatures(features());
    const cut = [];
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const f = module.getFunctionByIndex(i);
      const info = binaryen.getFunctionInfo(f);
      // Symbol names carry a crate hash: core[1234abcd]::panicking::…
      if (info.body && pick(info)) {
        binaryen.Function.setBody(f, module.unreachable());
        cut.push(info.name.replace(/\[[0-9a-f]+\]/g, ''));
      }
    }
    return { wasm: module.emitBinary(), cut: cut.sort() };
  } finally {
    module.dispose();
  }
}

/**
 * The flags of every wasm-opt pass of the build (scripts/build.mjs says why
 * each), apart from the input, the output and `-g`.
 */
export const WASM_OPT_FLAGS = ['-Os', '--converge', '--low-memory-unused', '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue', '--one-caller-inline-max-function-size=20'];

/**
 * Cuts the address ranges `dead` (from scripts/dead-data.mjs, computed on
 * the module as `linked`) out of the data of the optimized module `wasm`.
 * The bytes there must still be those of the linked module (wasm-bindgen
 * and wasm-opt keep data at its address); if not, it throws rather than
 * guess. A range holding an address that the optimized module still names
 * (an instruction's constant or offset, a global) is kept, should the
 * analysis ever miss a reference. What is left is merged into few segments
 * (the linker's one-segment-per-static layout costs a header each), and
 * wasm-opt then splits them again where runs of zeros make it worth it.
 * @param {Uint8Array} wasm  the optimized module
 * @param {{ from: number, to: number }[]} dead
 * @param {Uint8Array} linked  the module as linked
 * @returns {{ wasm: Uint8Array, dropped: number, statics: number, kept: { from: number, to: number, named: number }[] }}
 */
export function dropDeadData(wasm, dead, linked) {
  const module = binaryen.readBinary(wasm);
  try {
    module.setFeatures(features());
    const segments = [];
    for (let i = 0; i < module.getNumDataSegments(); i++) {
      const s = module.getDataSegmentInfo(module.getDataSegmentByIndex(i));
      if (s.passive) throw new Error('dropData: passive data segment found; only active ones are handled');
      segments.push({ start: s.offset, data: new Uint8Array(s.data) });
    }
    const before = dataSegments(linked).map((s) => ({ start: s.address, data: s.bytes }));
    const byteAt = (list, address) => {
      const s = list.find((x) => address >= x.start && address < x.start + x.data.length);
      return s ? s.data[address - s.start] : 0;
    };
    const named = new Set();
    for (const line of module.emitText().split('\n')) {
      if (line.startsWith(' (data ')) continue;
      for (const x of line.matchAll(/i32\.const (-?\d+)|offset=(\d+)/g)) named.add(Number(x[1] ?? x[2]) >>> 0);
    }
    const namedList = [...named].sort((a, b) => a - b);
    const kept = [];
    const ranges = dead.filter((r) => {
      const hit = namedList.find((a) => a >= r.from && a < r.to);
      if (hit !== undefined) {
        kept.push({ ...r, named: hit });
        return false;
      }
      for (let a = r.from; a < r.to; a++) {
        if (byteAt(segments, a) !== byteAt(before, a)) throw new Error(`dropData: the data at ${a} changed between linking and optimizing; cannot tell what is dead`);
      }
      return true;
    });
    const deadAt = (a) => ranges.some((r) => a >= r.from && a < r.to);
    const pieces = [];
    let dropped = 0;
    for (const s of segments.sort((a, b) => a.start - b.start)) {
      for (let i = 0; i < s.data.length; i++) {
        const address = s.start + i;
        if (deadAt(address)) {
          dropped++;
          continue;
        }
        let piece = pieces[pieces.length - 1];
        const gap = piece ? address - (piece.start + piece.bytes.length) : Infinity;
        if (gap > 64) pieces.push(piece = { start: address, bytes: [] });
        else for (let g = 0; g < gap; g++) piece.bytes.push(0);
        piece.bytes.push(s.data[i]);
      }
    }
    // Zero-filled gaps are right only for a memory of the module's own (it
    // starts zeroed): an imported one could hold anything.
    const memory = module.getMemoryInfo();
    if (memory.module) throw new Error('dropData: the memory is imported; its gaps may not be zero');
    module.setMemory(memory.initial, memory.max ?? -1, null,
      pieces.map((s, i) => ({ name: `d${i}`, data: new Uint8Array(s.bytes), offset: module.i32.const(s.start), passive: false })),
      false, false, '0');
    if (!module.validate()) throw new Error('dropData: the module is no longer valid after its data was rewritten');
    return { wasm: module.emitBinary(), dropped, statics: ranges.length, kept };
  } finally {
    module.dispose();
  }
}

/** build.mjs's step: cutPanics from the file `from` into the file `to`; returns the names cut. */
export function snipPanics(from, to) {
  const { wasm, cut } = cutPanics(readFileSync(from));
  writeFileSync(to, wasm);
  console.log(`panic paths: ${cut.length} functions reduced to a trap`);
  return cut;
}

/** build.mjs's step: dropDeadData on the file at `path`, in place. */
export function dropData(path, dead, linked) {
  const { wasm, dropped, statics, kept } = dropDeadData(readFileSync(path), dead, linked);
  for (const k of kept) console.log(`data: keeping ${k.to - k.from} bytes at ${k.from}: the optimized module names address ${k.named}`);
  writeFileSync(path, wasm);
  console.log(`data: ${dropped} bytes that only the cut code used dropped (${statics} statics)`);
}
