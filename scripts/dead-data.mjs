// Which static data of the linked wasm nothing live reads any more, found
// from the linker's relocations (the module is linked with --emit-relocs and
// --no-merge-data-segments, so each static is its own data segment and every
// address of it that code or data holds is a relocation).
//
// Why: the build cuts Rust's panic entry points down to a trap after linking
// (scripts/wasm-shrink.mjs). wasm-opt then removes the code only they
// reached (formatting, Debug of str, Unicode tables), but never data: it
// cannot know which addresses code computes. Their messages and Unicode
// tables would stay in the payload. Here the graph of functions and data
// segments is walked the way the linker's own --gc-sections does — from the
// exports (functions, and globals holding an address), along relocations —
// with the cut functions leading nowhere, and the segments it never reaches
// are dead.

import { Reader, sections, subsections } from './wasm-binary.mjs';

const HAS_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
const KNOWN = new Set([...HAS_ADDEND, 0, 1, 2, 6, 7, 10, 12, 13, 18, 19, 20, 24, 26]);

/**
 * A plain path of Rust's v0 symbol mangling (`_RNvNtCs…_4core9panicking5panic`)
 * as `core::panicking::panic`; other names (generic, impl, legacy) as they are.
 * @param {string} name
 */
export function demangle(name) {
  const m = /^_R(?:N[a-zA-Z])*C(?:s[0-9a-zA-Z]*_)?(.*)$/.exec(name);
  if (!m) return name;
  const parts = [];
  let rest = m[1];
  while (rest) {
    const d = /^(\d+)_?/.exec(rest);
    if (!d) return name;
    const n = Number(d[1]);
    parts.push(rest.slice(d[0].length, d[0].length + n));
    rest = rest.slice(d[0].length + n);
  }
  return parts.join('::');
}

/**
 * The data segments of a module: their address, size, bytes, and their
 * extent in the data section's payload (`from`, `to`, where relocations point).
 * @param {Uint8Array} bytes
 * @returns {{ address: number, size: number, bytes: Uint8Array, from: number, to: number }[]}
 */
export function dataSegments(bytes) {
  const data = sections(bytes).find((s) => s.id === 11);
  if (!data) return [];
  const segments = [];
  const r = new Reader(bytes, data.start);
  for (let n = r.u32(); n > 0; n--) {
    const from = r.i - data.start;
    const flags = r.u32();
    if (flags !== 0) throw new Error(`data segment with flags ${flags}: only active segments of memory 0 are handled`);
    if (r.byte() !== 0x41) throw new Error('data segment offset is not an i32.const');
    const address = r.s32() >>> 0;
    if (r.byte() !== 0x0b) throw new Error('data segment offset is not a single i32.const');
    const size = r.u32();
    segments.push({ address, size, bytes: bytes.subarray(r.i, r.i + size), from, to: r.i + size - data.start });
    r.i += size;
  }
  return segments;
}

/**
 * The address ranges `[from, to)` of the data segments that no function
 * reachable from the exports (and no live data) refers to, given the raw
 * linked module and which functions (by name) are cut to a trap; and the
 * names of the functions taken as cut, which the build checks against
 * those it actually cuts.
 * @param {Uint8Array} bytes  the module as linked (with relocations)
 * @param {(name: string) => boolean} isCut
 * @returns {{ ranges: { from: number, to: number }[], cut: string[] }}
 */
export function deadRanges(bytes, isCut) {
  const all = sections(bytes);
  const one = (id, name = '') => all.find((s) => s.id === id && s.name === name);
  const code = one(10), data = one(11), linking = one(0, 'linking');
  if (!code || !data || !linking) throw new Error('no code, data or linking section (was the module linked with --emit-relocs?)');

  let imported = 0, importedGlobals = 0;
  const imports = one(2);
  if (imports) {
    const r = new Reader(bytes, imports.start);
    for (let n = r.u32(); n > 0; n--) {
      r.name();
      r.name();
      const kind = r.byte();
      if (kind === 0) { r.u32(); imported++; }
      else if (kind === 1) { r.byte(); const f = r.byte(); r.u32(); if (f & 1) r.u32(); }
      else if (kind === 2) { const f = r.byte(); r.u32(); if (f & 1) r.u32(); }
      else if (kind === 3) { r.byte(); r.byte(); importedGlobals++; }
      else if (kind === 4) { r.byte(); r.u32(); }
      else throw new Error(`unknown import kind ${kind}`);
    }
  }

  // Function bodies (offsets relative to the code section's payload).
  const bodies = [];
  {
    const r = new Reader(bytes, code.start);
    for (let n = r.u32(); n > 0; n--) {
      const size = r.u32();
      bodies.push({ from: r.i - code.start, to: r.i - code.start + size });
      r.i += size;
    }
  }
  const segments = dataSegments(bytes);
  const within = (list, offset) => {
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < list[mid].from) hi = mid - 1;
      else if (offset >= list[mid].to) lo = mid + 1;
      else return mid;
    }
    return -1;
  };

  // Symbols: functions by index, data by segment (or by absolute address,
  // for the linker's own: __heap_base, __data_end); and the init functions
  // (static constructors), which the linker calls from code of its own,
  // written without relocations.
  const symbols = [];
  const initFunctions = [];
  subsections(bytes, linking, (type, r) => {
    if (type === 8) {
      for (let n = r.u32(); n > 0; n--) {
        const kind = r.byte();
        const flags = r.u32();
        const undefined_ = (flags & 0x10) !== 0;
        if (kind === 0 || kind === 2 || kind === 4 || kind === 5) {
          const index = r.u32();
          if (!undefined_ || flags & 0x40) r.name();
          symbols.push(kind === 0 && !undefined_ ? { fn: index } : {});
        } else if (kind === 1) {
          r.name();
          if (!undefined_) {
            const segment = r.u32(), offset = r.u32();
            r.u32();
            symbols.push(flags & 0x200 ? { absolute: offset } : { segment, offset });
          } else {
            symbols.push({});
          }
        } else if (kind === 3) {
          r.u32();
          symbols.push({});
        } else {
          throw new Error(`unknown symbol kind ${kind}`);
        }
      }
    } else if (type === 6) {
      for (let n = r.u32(); n > 0; n--) {
        r.u32();
        initFunctions.push(r.u32());
      }
    }
  }, (r) => {
    if (r.u32() !== 2) throw new Error('linking section version is not 2');
  });

  // Edges, from relocations.
  const functions = imported + bodies.length;
  const nodes = functions + segments.length; // functions first, then segments
  const edges = Array.from({ length: nodes }, () => []);
  for (const section of all.filter((s) => s.id === 0 && s.name.startsWith('reloc.'))) {
    const r = new Reader(bytes, section.start);
    r.name();
    const target = r.u32(); // the index of the section they apply to
    const isCode = all[target] === code, isData = all[target] === data;
    if (!isCode && !isData) continue; // relocations of custom sections (debug info): not reachability
    for (let n = r.u32(); n > 0; n--) {
      const type = r.byte();
      if (!KNOWN.has(type)) throw new Error(`unknown relocation type ${type}`);
      const offset = r.u32();
      const index = r.u32();
      const addend = HAS_ADDEND.has(type) ? r.s32() : 0;
      // A type index is not a symbol.
      const symbol = type === 6 ? undefined : symbols[index];
      const from = isCode ? within(bodies, offset) : within(segments, offset);
      if (from < 0 || !symbol) continue;
      const source = isCode ? imported + from : functions + from;
      if (symbol.fn !== undefined) edges[source].push(symbol.fn);
      if (symbol.segment !== undefined || symbol.absolute !== undefined) {
        if (symbol.segment !== undefined) edges[source].push(functions + symbol.segment);
        // An addend that leaves the symbol's segment reaches another one.
        const address = (symbol.segment !== undefined ? segments[symbol.segment].address + symbol.offset : symbol.absolute) + addend;
        const other = segments.findIndex((s) => address >= s.address && address < s.address + s.size);
        if (other >= 0 && other !== symbol.segment) edges[source].push(functions + other);
      }
    }
  }

  // Function names, for the cut ones.
  const cut = new Set();
  const cutNames = [];
  const names = one(0, 'name');
  if (!names) throw new Error('no name section: cannot tell which functions are cut');
  subsections(bytes, names, (type, r) => {
    if (type !== 1) return;
    for (let n = r.u32(); n > 0; n--) {
      const index = r.u32();
      const name = demangle(r.name());
      // Code the linker writes that reads data without relocations.
      if (/^__wasm_(init_memory|apply_data_relocs|init_tls)$/.test(name)) {
        throw new Error(`${name} is in the module: its data references carry no relocations, so this analysis cannot see them`);
      }
      if (isCut(name)) {
        cut.add(index);
        cutNames.push(name);
      }
    }
  });

  // Roots: exports and the start function.
  const live = new Uint8Array(nodes);
  const stack = [];
  const reach = (n) => {
    if (!live[n]) {
      live[n] = 1;
      stack.push(n);
    }
  };
  // Globals holding an address (the linker's exported data symbols, such
  // as wasm-bindgen's __instance_terminated): index → address.
  const addresses = new Map();
  const globals = one(6);
  if (globals) {
    const r = new Reader(bytes, globals.start);
    for (let n = r.u32(), index = importedGlobals; n > 0; n--, index++) {
      r.byte();
      r.byte();
      const op = r.byte();
      if (op === 0x41) addresses.set(index, r.s32() >>> 0);
      else if (op === 0x42) while (r.byte() & 0x80);
      else if (op === 0x23 || op === 0xd2) r.u32();
      else if (op === 0xd0) r.byte();
      else if (op !== 0x44 && op !== 0x43) throw new Error(`unknown global initializer opcode ${op}`);
      if (op === 0x44) r.i += 8;
      if (op === 0x43) r.i += 4;
      if (r.byte() !== 0x0b) throw new Error('global initializer is not a single constant');
    }
  }
  const exports = one(7);
  if (exports) {
    const r = new Reader(bytes, exports.start);
    for (let n = r.u32(); n > 0; n--) {
      r.name();
      const kind = r.byte();
      const index = r.u32();
      if (kind === 0) reach(index);
      if (kind === 3 && addresses.has(index)) {
        const a = addresses.get(index);
        segments.forEach((s, i) => {
          if (a >= s.address && a <= s.address + s.size) reach(functions + i);
        });
      }
    }
  }
  const start = one(8);
  if (start) reach(new Reader(bytes, start.start).u32());
  for (const i of initFunctions) if (symbols[i]?.fn !== undefined) reach(symbols[i].fn);
  while (stack.length) {
    const n = stack.pop();
    if (n < functions && cut.has(n)) continue;
    for (const m of edges[n]) reach(m);
  }
  return {
    ranges: segments.filter((s, i) => !live[functions + i] && s.size > 0).map((s) => ({ from: s.address, to: s.address + s.size })),
    cut: cutNames.sort(),
  };
}

/**
 * A copy of `bytes` (a wasm module) without the custom sections of linking
 * (`linking`, `reloc.*`), which only the analysis above needs.
 * @param {Uint8Array} bytes
 */
export function withoutRelocations(bytes) {
  const kept = sections(bytes).filter((s) => !(s.id === 0 && (s.name === 'linking' || s.name.startsWith('reloc.'))));
  const parts = [bytes.subarray(0, 8)];
  for (const s of kept) parts.push(bytes.subarray(s.head, s.end));
  return Buffer.concat(parts);
}
