// A small reader and writer of the WebAssembly binary format, for the
// build's own passes over the module (scripts/dead-data.mjs, and the import
// names shortened below).

/** Reads LEB128 numbers and names from `bytes`, starting at `at`. */
export class Reader {
  constructor(bytes, at = 0) {
    this.b = bytes;
    this.i = at;
  }
  byte() {
    if (this.i >= this.b.length) throw new Error('unexpected end of the wasm');
    return this.b[this.i++];
  }
  u32() {
    let r = 0, shift = 0, x;
    do {
      x = this.byte();
      r += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return r;
  }
  s32() {
    let r = 0, shift = 0, x;
    do {
      x = this.byte();
      r |= (x & 0x7f) << shift;
      shift += 7;
    } while (x & 0x80);
    return shift < 32 && x & 0x40 ? r | (-1 << shift) : r;
  }
  name() {
    const n = this.u32();
    const s = new TextDecoder().decode(this.b.subarray(this.i, this.i + n));
    this.i += n;
    return s;
  }
}

/**
 * The sections of a module: id, where the section begins (`head`), its
 * payload's extent (`start`, `end`) and, for custom sections, its name.
 * @param {Uint8Array} bytes
 */
export function sections(bytes) {
  const out = [];
  const r = new Reader(bytes, 8);
  while (r.i < bytes.length) {
    const head = r.i;
    const id = r.byte();
    const size = r.u32();
    const start = r.i;
    const s = { id, head, start, end: start + size, name: '' };
    if (id === 0) s.name = new Reader(bytes, start).name();
    out.push(s);
    r.i = start + size;
  }
  return out;
}


/**
 * Calls `visit(type, reader, end)` for each subsection of a custom section
 * made of subsections (`linking`, `name`); `prefix` reads what comes before
 * them (the `linking` section's version). Unvisited bytes are skipped.
 * @param {Uint8Array} bytes
 * @param {{ start: number, end: number }} section
 * @param {(type: number, r: Reader, end: number) => void} visit
 * @param {(r: Reader) => void} [prefix]
 */
export function subsections(bytes, section, visit, prefix = () => {}) {
  const r = new Reader(bytes, section.start);
  r.name();
  prefix(r);
  while (r.i < section.end) {
    const type = r.byte();
    const size = r.u32();
    const end = r.i + size;
    visit(type, r, end);
    r.i = end;
  }
}

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function name(s) {
  const b = new TextEncoder().encode(s);
  return [...leb(b.length), ...b];
}

/**
 * Gives the imports of a wasm-bindgen module short names, in the module and
 * in its (minified) glue alike. wasm-bindgen names each import after the
 * JS function and a hash of its signature (`__wbg_build_8caef99fed8bdd15`),
 * and each module after its path (`./consent_banner_bg.js`,
 * `./snippets/<crate>-<hash>/src/web/page.js`); each name is written twice —
 * in the wasm's import section and as a key of the glue's imports object —
 * and the hashes do not compress. Fields are renamed in the modules whose
 * object the glue writes out (`renameFields`); the others (an ES module's
 * namespace, whose keys are its export names) keep their field names. Every
 * field renamed must occur exactly once in the glue as a key, and every
 * module at least once, or this throws rather than produce a module the
 * glue cannot instantiate.
 * @param {Uint8Array} wasm
 * @param {string} glue
 * @param {(module: string) => boolean} renameFields
 * @returns {{ wasm: Buffer, glue: string, renamed: number }}
 */
export function shortenImports(wasm, glue, renameFields) {
  const all = sections(wasm);
  const imports = all.find((s) => s.id === 2);
  if (!imports) return { wasm: Buffer.from(wasm), glue, renamed: 0 };
  const r = new Reader(wasm, imports.start);
  const modules = new Map(), fields = new Map();
  const entries = [];
  for (let n = r.u32(); n > 0; n--) {
    const module = r.name(), field = r.name();
    const from = r.i;
    const kind = r.byte();
    if (kind === 0 || kind === 4) { if (kind === 4) r.byte(); r.u32(); }
    else if (kind === 1) { r.byte(); const f = r.byte(); r.u32(); if (f & 1) r.u32(); }
    else if (kind === 2) { const f = r.byte(); r.u32(); if (f & 1) r.u32(); }
    else if (kind === 3) { r.byte(); r.byte(); }
    else throw new Error(`unknown import kind ${kind}`);
    if (!modules.has(module)) modules.set(module, `m${modules.size}`);
    let newField = field;
    if (renameFields(module)) {
      const key = `${module}\0${field}`;
      if (!fields.has(key)) fields.set(key, `f${fields.size.toString(36)}`);
      newField = fields.get(key);
    }
    entries.push({ module, field, newField, desc: wasm.subarray(from, r.i) });
  }
  const keyPattern = (k) => new RegExp(`(?<![\\w$])${k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?=\\s*:)`, 'g');
  if (new Set(fields.values()).size !== fields.size || new Set(modules.values()).size !== modules.size) {
    throw new Error('shortenImports: two imports were given the same short name');
  }
  // (wasm-bindgen may list a snippet module once per import block, all under
  // the same key and with the same value: every one of them is renamed.)
  const replaceKey = (text, from, to, quoted) => {
    const k = quoted ? JSON.stringify(from) : from;
    const found = text.match(keyPattern(k))?.length ?? 0;
    if (quoted ? found < 1 : found !== 1) throw new Error(`shortenImports: the glue holds the import key ${k} ${found} times, expected ${quoted ? 'at least once' : 'once'}`);
    return text.replace(keyPattern(k), quoted ? JSON.stringify(to) : to);
  };
  for (const [key, to] of fields) glue = replaceKey(glue, key.split('\0')[1], to, false);
  for (const [from, to] of modules) glue = replaceKey(glue, from, to, true);

  const payload = [...leb(entries.length)];
  for (const e of entries) payload.push(...name(modules.get(e.module)), ...name(e.newField), ...e.desc);
  const parts = [wasm.subarray(0, imports.head), Buffer.from([2, ...leb(payload.length), ...payload]), wasm.subarray(imports.end)];
  return { wasm: Buffer.concat(parts), glue, renamed: fields.size + modules.size };
}
