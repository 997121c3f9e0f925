// A dependency-free static server for the demo portals: /pkg/* from pkg/,
// everything else from www/. A page `x.html` with a sibling `x.headers.json`
// (an object of header → value) is served with those headers (e.g. a CSP).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ts': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path to a file under `base`, refusing anything outside it. */
function inside(base, urlPath) {
  const file = normalize(join(base, urlPath));
  return file === base || file.startsWith(base + sep) ? file : null;
}

/**
 * Starts the server. Resolves to `{ url, port, close }`.
 * @param {{ port?: number, host?: string, root?: string }} [options]
 */
export async function startServer({ port = 0, host = '127.0.0.1', root = repo } = {}) {
  const www = join(root, 'www');
  const pkg = join(root, 'pkg');
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = path.startsWith('/pkg/') ? inside(pkg, path.slice(4)) : inside(www, path);
    if (!file) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (file.endsWith('.html')) {
        try {
          Object.assign(headers, JSON.parse(await readFile(file.replace(/\.html$/, '.headers.json'), 'utf8')));
        } catch { /* no extra headers */ }
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`not found: ${path}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url, close } = await startServer({ port: Number(process.env.PORT || 8080), host: process.env.HOST || '127.0.0.1' });
  console.log(`consent-banner demo: ${url}`);
  for (const p of ['babel', 'datartibus', 'inai', 'dgal', 'cloudbirst']) console.log(`  ${url}${p}.html`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
