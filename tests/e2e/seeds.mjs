// A small parser for the seed cookie policies (tests/fixtures/seeds/<portal>.txt).
//
// The seeds are the portals' policy pages as text. Their cookie table is either
// tab-separated (one row per line) or, in dgal's markdown export, one cell per
// paragraph (4 paragraphs per row), with markdown escapes such as
// `cookies\_preferences`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.mjs';

const HEADER_MARK = "Service provider's name";

/** Removes markdown backslash escapes (`cookies\_preferences` → `cookies_preferences`). */
export function unescapeMarkdown(text) {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

function clean(text) {
  return unescapeMarkdown(text).replace(/\s+/g, ' ').trim();
}

/** Strips markdown heading marks. */
function headingText(line) {
  return clean(line.replace(/^#+\s*/, ''));
}

/**
 * Parses one seed.
 * @returns {{ address: string, title: string, header: string[], rows: string[][] }}
 *   `title` is the heading just above the table; `rows` excludes the header.
 */
export function parseSeed(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const address = (text.match(/What cookies are used on the <(https?:\/\/[^>\s]+)>/) || [])[1];
  if (!address) throw new Error('seed: no "What cookies are used on the <address>" line');

  const headerAt = lines.findIndex((l) => l.includes(HEADER_MARK) && l.includes('\t'));
  if (headerAt < 0) throw new Error('seed: no tab-separated table header');
  const header = lines[headerAt].split('\t').map(clean);
  const width = header.length;

  let title = '';
  for (let i = headerAt - 1; i >= 0; i--) {
    if (lines[i].trim()) { title = headingText(lines[i]); break; }
  }

  const rows = [];
  let pending = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line.trim()) continue;
    if (/^#+\s/.test(line)) break; // next section
    if (line.includes('\t')) {
      if (pending.length) throw new Error(`seed: ${pending.length} loose cells before a tabbed row`);
      const cells = line.split('\t').map(clean);
      if (cells.length !== width) throw new Error(`seed: row of ${cells.length} cells, header has ${width}: ${line}`);
      rows.push(cells);
    } else {
      pending.push(clean(line));
      if (pending.length === width) { rows.push(pending); pending = []; }
    }
  }
  if (pending.length) throw new Error(`seed: ${pending.length} cells left over (not a multiple of ${width})`);
  return { address, title, header, rows };
}

export function readSeed(portal) {
  return parseSeed(readFileSync(join(REPO, 'tests', 'fixtures', 'seeds', `${portal}.txt`), 'utf8'));
}
