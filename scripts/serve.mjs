// A dependency-free static server for the demo portals (Node 20+).
//
//   /pkg/*   → <root>/pkg/   (the built module)
//   anything else → <root>/www/, a path ending in "/" serves its index.html
//
// A page `x.html` with a sibling `x.headers.json` (an object of header → value)
// is served with those extra headers, e.g. a Content-Security-Policy for tests.
// Every response carries `Cache-Control: no-store`; with `cors: true` also
// `Access-Control-Allow-Origin: *` (the module's files on a second origin,
// as from a CDN, in the tests).
// `startServer({ mounts: { '/bench/': 'bench' } })` also serves extra
// directories of the repository (relative to `root`) under URL prefixes.
//
//   node scripts/serve.mjs            # PORT (default 8080) and HOST (default 127.0.0.1)
//   import { startServer } from './scripts/serve.mjs';
//   const { url, port, close } = await startServer({ port: 0 });
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the parent of scripts/. */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PORTALS = ['babel', 'datartibus', 'inai', 'dgal', 'cloudbirst'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const BASE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * Maps a decoded URL path onto a file under `base`, or null when it would
 * leave `base` (.., encoded slashes, backslashes, NUL bytes).
 */
function inside(base, urlPath) {
  if (urlPath.includes('\0') || urlPath.includes('\\')) return null;
  const parts = urlPath.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return null;
  const file = resolve(base, ...parts);
  return file === base || file.startsWith(base + sep) ? file : null;
}

function send(res, status, text, extra = {}) {
  const body = `${text}\n`;
  res.writeHead(status, {
    ...BASE,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Extra headers of `page.html` from `page.headers.json`, if that file exists. */
async function pageHeaders(file) {
  const path = file.replace(/\.html$/, '.headers.json');
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return {};
    throw e;
  }
  const value = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)
      || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new Error(`${path}: expected an object of header → string value`);
  }
  return value;
}

/**
 * Starts the server. Resolves to `{ url, port, close }`; `close()` returns a
 * Promise that settles once the server has stopped.
 * @param {{ port?: number, host?: string, root?: string, mounts?: Record<string, string>, tls?: { key: string, cert: string }, cors?: boolean, cacheControl?: string }} [options]
 *   `root` is the directory holding www/ and pkg/ (default: the repository).
 *   `mounts` (optional) maps URL prefixes to directories relative to `root`,
 *   e.g. `{ '/bench/': 'bench', '/vendor/': 'node_modules' }`; each must stay
 *   inside `root`, and files are served only from inside their directory.
 *   `cacheControl` (optional) replaces `no-store` on files, e.g. `max-age=3600`
 *   for the benchmark's returning views (a warm HTTP cache).
 */
export async function startServer({ port = 0, host = '127.0.0.1', root = REPO, mounts = {}, tls, cors = false, cacheControl } = {}) {
  const base = resolve(root);
  const BASE_HEADERS = cors ? { ...BASE, 'Access-Control-Allow-Origin': '*' } : BASE;
  const reply = (res, status, text, extra = {}) => send(res, status, text, cors ? { 'Access-Control-Allow-Origin': '*', ...extra } : extra);
  const www = join(base, 'www');
  const pkg = join(base, 'pkg');
  // Extra mounts, longest prefix first: [prefix without trailing "/", directory].
  const extra = Object.entries(mounts).map(([prefix, dir]) => {
    const clean = `/${String(prefix).split('/').filter(Boolean).join('/')}`;
    const target = inside(base, String(dir));
    if (clean === '/' || !target) throw new Error(`startServer: bad mount ${prefix} → ${dir}`);
    return [clean, target];
  }).sort((a, b) => b[0].length - a[0].length);

  // HTTPS when given a key and certificate (the tests' Secure-cookie checks).
  const server = (tls ? (handler) => createTlsServer(tls, handler) : createServer)(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    let path;
    try {
      // Only the path part of the request target; `//x` stays a path.
      const raw = (req.url || '/').split(/[?#]/, 1)[0];
      if (!raw.startsWith('/')) throw new Error('not an origin-form target');
      path = decodeURIComponent(raw);
    } catch {
      reply(res, 400, 'bad request');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const isPkg = path === '/pkg' || path.startsWith('/pkg/');
    const mount = isPkg ? undefined : extra.find(([p]) => path === p || path.startsWith(`${p}/`));
    const dirOf = isPkg ? pkg : mount ? mount[1] : www;
    const file = isPkg ? inside(pkg, path.slice(4)) : mount ? inside(mount[1], path.slice(mount[0].length)) : inside(www, path);
    if (!file) {
      reply(res, 403, 'forbidden');
      return;
    }
    try {
      // Symbolic links may not lead outside the served directory either.
      const real = await realpath(file);
      const dir = await realpath(dirOf);
      if (!real.startsWith(dir + sep) || !(await stat(real)).isFile()) throw Object.assign(new Error(), { code: 'ENOENT' });
      const body = await readFile(real);
      const headers = {
        ...BASE_HEADERS,
        'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
      };
      if (cacheControl) headers['Cache-Control'] = cacheControl;
      if (file.endsWith('.html')) Object.assign(headers, await pageHeaders(file));
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.code === 'EISDIR') {
        reply(res, 404, `not found: ${path}`);
      } else {
        console.error(`serve: ${req.url}: ${e.message}`);
        reply(res, 500, `server error: ${e.message}`);
      }
    }
  });

  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const actual = server.address().port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${actual}/`,
    port: actual,
    close() {
      closing ??= new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

const isMain = process.argv[1] && await realpath(process.argv[1]).then(
  (p) => p === fileURLToPath(import.meta.url),
  () => false,
);

if (isMain) {
  const port = Number(process.env.PORT || 8080);
  const host = process.env.HOST || '127.0.0.1';
  let server;
  try {
    server = await startServer({ port, host });
  } catch (e) {
    console.error(`consent-banner demo: cannot listen on ${host}:${port}: ${e.message}`);
    process.exit(1);
  }
  console.log(`consent-banner demo: ${server.url}`);
  for (const p of PORTALS) console.log(`  ${p.padEnd(10)} ${server.url}${p}.html`);
  console.log(`  ${'inline'.padEnd(10)} ${server.url}inline.html`);
  console.log(`  ${'editor'.padEnd(10)} ${server.url}editor.html (the registry editor)`);
  const stop = (signal) => {
    console.log(`\n${signal}: stopping`);
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
