// Issue 18: `consent-banner audit` run as an administrator would, on pages
// served on loopback by this test, in Debian's Chromium (the binary drives it
// over the DevTools protocol). The five demo portals with their registries
// (0 violations); a misbehaving site with each fault asserted with its
// evidence; bad input; the HTML report through axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { PORTALS, STATS_COOKIES, manifest, repo } from './lib.mjs';

const TARGET = process.env.CARGO_TARGET_DIR || join(repo, 'target');
const BIN = join(TARGET, 'debug', 'consent-banner');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = join(repo, 'node_modules', 'axe-core', 'axe.min.js');
/** Tight limits: the pages are on loopback. */
const FAST = ['--page-timeout', '4', '--settle', '300', '--timeout', '120', '--chromium', CHROMIUM];

let dir;
before(() => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM`);
  // The binary as `cargo test` left it (a no-op when it is up to date).
  const b = spawnSync('cargo', ['build', '--quiet', '--bin', 'consent-banner'], { cwd: repo, stdio: 'inherit' });
  assert.equal(b.status, 0, 'cargo build --bin consent-banner');
  dir = mkdtempSync(join(tmpdir(), 'consent-banner-audit-'));
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/** Runs the binary; { code, stdout, stderr }. Never a panic. */
function audit(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['audit', ...args], { cwd: repo, env: { ...process.env, RUST_BACKTRACE: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      assert.doesNotMatch(stderr, /panicked/, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

function json(r) {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`not JSON (${e.message}); exit ${r.code}; stderr:\n${r.stderr}`);
  }
}

const find = (report, code, name, visit) => report.findings.filter((f) => f.code === code
  && (name === undefined || f.name === name) && (visit === undefined || f.visit === visit));

describe('the five demo portals with their registries', () => {
  let server;
  before(async () => {
    manifest(); // pkg/ is built
    server = await startServer({ port: 0 });
  });
  after(async () => { await server?.close(); });

  for (const portal of PORTALS) {
    test(`${portal}: 0 violations; refused through consentBanner.rejectAll(), accepted sets its statistics cookies`, async () => {
      const r = await audit([`http://127.0.0.1:${server.port}/${portal}.html`, '--registry', `www/registries/${portal}.json`,
        '--pages', '1', '--format', 'json', ...FAST]);
      const report = json(r);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(report.summary.violations, 0, JSON.stringify(report.findings.filter((f) => f.severity === 'violation'), null, 1));
      const [none, refused, accepted] = report.visits;
      assert.deepEqual(report.visits.map((v) => v.kind), ['no_choice', 'refused', 'accepted']);
      assert.equal(refused.choice.how, 'consentBanner.rejectAll()');
      assert.equal(accepted.choice.how, 'consentBanner.acceptAll()');
      const names = (v) => v.cookies.map((c) => c.name);
      for (const name of STATS_COOKIES[portal]) {
        assert.ok(names(accepted).includes(name), `${name} after accepting: ${names(accepted)}`);
        assert.ok(!names(none).includes(name) && !names(refused).includes(name), `${name} without consent`);
      }
      assert.ok(names(refused).includes('cookies_preferences'), 'the choice is recorded');
      // A progress line per page and visit on stderr.
      assert.equal((r.stderr.match(/^(no choice|refused|accepted) \[\d+\] /gm) || []).length, 3, r.stderr);
    });
  }
});

/** The misbehaving site: origin A (the portal) and origin B (a frame, a redirect target). */
function site() {
  const week = 7 * 24 * 3600;
  const months = (n) => Math.round(n * 365 / 12 * 24 * 3600);
  let a; let b;
  const page = (title, body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><main><h1>${title}</h1>${body}</main></body></html>`;
  const links = ['/p2', '/error', '/slow', '/away', '/p3', '/p4', '/p5'].map((l) => `<a href="${l}">${l}</a>`).join(' ');
  const routesA = {
    '/': () => [200, { 'Set-Cookie': ['tracker_uid=abc; Path=/; Max-Age=3600', `lang=en; Path=/; Max-Age=${months(13)}`] },
      page('Home', `${links}<button id="reject">Reject</button><button id="accept">Accept</button>`
        + `<iframe title="widget" src="http://127.0.0.1:${b.address().port}/frame"></iframe>`,
      '<script src="/js/ga.js"></script>')],
    '/p2': () => [200, {}, page('Page 2', '<a href="/">home</a>', '<script src="/js/tracker.js"></script>')],
    '/p3': () => [200, {}, page('Page 3', '')],
    '/p4': () => [200, {}, page('Page 4', '')],
    '/p5': () => [200, {}, page('Page 5', '')],
    '/error': () => [500, {}, page('Server error', '')],
    '/slow': () => null, // never answers
    '/away': () => [302, { Location: `http://127.0.0.1:${b.address().port}/elsewhere` }, ''],
    '/js/ga.js': () => [200, { 'Content-Type': 'text/javascript' },
      `document.cookie = "_ga=GA1.1.42; path=/; max-age=${months(6)}";\nlocalStorage.setItem("stats_seen", "1");\nlocalStorage.setItem("<img src=x onerror=alert(1)>", "1");\n`],
    '/js/tracker.js': () => [200, { 'Content-Type': 'text/javascript' }, 'window.trackerRan = true;\n'],
    '/many': () => [200, {}, page('Many cookies', '', `<script>for (let i = 0; i < 2000; i++) document.cookie = "c" + i + "=" + i + "; path=/";</script>`)],
    '/huge': () => [200, { 'Set-Cookie': `big=${'x'.repeat(1024 * 1024)}; Path=/` }, page('Huge header', '')],
  };
  const routesB = {
    '/frame': () => [200, { 'Set-Cookie': 'frame_id=f1; Path=/; Max-Age=600' }, page('Frame', 'widget')],
    '/elsewhere': () => [200, { 'Set-Cookie': 'elsewhere=1; Path=/' }, page('Elsewhere', '')],
  };
  const serve = (routes) => createServer((req, res) => {
    const route = routes[new URL(req.url, 'http://x').pathname];
    const answer = route ? route() : [404, {}, 'not found'];
    if (answer === null) return; // the socket stays open
    const [status, headers, body] = answer;
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  });
  a = serve(routesA);
  b = serve(routesB);
  return Promise.all([a, b].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r)))).then(() => ({
    a: `http://127.0.0.1:${a.address().port}`,
    bHost: `127.0.0.1:${b.address().port}`,
    close: () => { for (const s of [a, b]) { s.closeAllConnections(); s.close(); } },
  }));
}

const REGISTRY = {
  portal: { name: 'Misbehaving', address: 'https://misbehaving.example' },
  categories: [
    { id: 'necessary', necessary: true, title: 'Necessary', cookies: [
      { provider: 'Us', function: 'Consent', names: ['cookies_preferences'], purposes: 'Remember the choice', duration: '6 months' },
      { provider: 'Us', function: 'Language', names: ['lang'], purposes: 'Remember the language', duration: '6 months' },
      { provider: 'Us', function: 'Sign-in', names: ['sessionid'], purposes: 'Keep the visitor signed in', duration: 'session' },
    ] },
    { id: 'statistics', title: 'Statistics', scripts: ['/js/tracker.js'], storage: ['stats_seen'], cookies: [
      { provider: 'Google', function: 'Analytics', names: ['_ga'], purposes: 'Count visits', duration: '13 months' },
    ] },
  ],
};

describe('a misbehaving site: each fault a finding with its evidence', () => {
  let s; let report; let r; let htmlPath; let draft;
  before(async () => {
    s = await site();
    const registry = join(dir, 'misbehaving.json');
    writeFileSync(registry, JSON.stringify(REGISTRY));
    const common = [`${s.a}/`, '--registry', registry, '--pages', '5', '--reject-selector', '#reject', '--accept-selector', '#accept', ...FAST];
    r = await audit([...common, '--format', 'json']);
    report = json(r);
    htmlPath = join(dir, 'report.html');
    const h = await audit([...common, '--format', 'html', '--out', htmlPath]);
    assert.equal(h.code, 1, h.stderr);
    const d = await audit([...common, '--draft']);
    assert.equal(d.code, 1, d.stderr);
    draft = JSON.parse(d.stdout);
  });
  after(() => s?.close());

  test('exit 1 (violations); the choice made with the selectors', () => {
    assert.equal(r.code, 1, r.stderr);
    assert.equal(report.report, 'consent-banner-audit');
    assert.equal(report.version, 1);
    assert.equal(report.visits[1].choice.how, 'clicked #reject');
    assert.equal(report.visits[2].choice.how, 'clicked #accept');
  });

  test('an ungated script setting _ga before any choice: a violation naming the script', () => {
    for (const visit of ['no_choice', 'refused']) {
      const [f] = find(report, 'optional-without-consent', '_ga', visit);
      assert.ok(f, `${visit}: ${JSON.stringify(report.findings.map((x) => [x.code, x.name, x.visit]))}`);
      assert.equal(f.severity, 'violation');
      assert.equal(f.category, 'statistics');
      assert.ok(f.evidence.set_by.some((b) => b.by === 'script' && b.script.startsWith(`${s.a}/js/ga.js:1:`)), JSON.stringify(f.evidence));
    }
  });

  test('a Set-Cookie header the registry does not declare: a violation and a warning with the URL', () => {
    const [v] = find(report, 'undeclared-without-consent', 'tracker_uid', 'no_choice');
    assert.equal(v.severity, 'violation');
    assert.deepEqual(v.evidence.set_by, [{ by: 'header', url: `${s.a}/` }]);
    const [w] = find(report, 'undeclared', 'tracker_uid');
    assert.equal(w.severity, 'warning');
    assert.equal(w.visit, 'no_choice');
  });

  test('a cookie kept 13 months where the registry says 6: a lifetime warning', () => {
    const [f] = find(report, 'lifetime-too-long', 'lang');
    assert.ok(f, JSON.stringify(report.findings.map((x) => [x.code, x.name])));
    assert.equal(f.severity, 'warning');
    assert.equal(f.evidence.declared_duration, '6 months');
    assert.ok(f.evidence.lifetime_days > 390 && f.evidence.lifetime_days < 400, String(f.evidence.lifetime_days));
    assert.deepEqual(f.evidence.set_by, [{ by: 'header', url: `${s.a}/` }]);
    // _ga lives 6 months, declared 13: no warning.
    assert.equal(find(report, 'lifetime-too-long', '_ga').length, 0);
  });

  test('a frame from a second loopback origin setting its own cookie, and that host contacted before the choice', () => {
    const [f] = find(report, 'undeclared-without-consent', 'frame_id', 'no_choice');
    assert.deepEqual(f.evidence.set_by, [{ by: 'header', url: `http://${s.bHost}/frame` }]);
    const [h] = find(report, 'host-before-choice', s.bHost);
    assert.equal(h.severity, 'warning');
    assert.equal(h.evidence.url, `http://${s.bHost}/frame`);
    assert.equal(h.evidence.page, `${s.a}/`);
  });

  test('a localStorage key of a refused category: a violation naming the script', () => {
    const [f] = find(report, 'optional-without-consent', 'stats_seen', 'refused');
    assert.equal(f.subject, 'storage');
    assert.equal(f.category, 'statistics');
    assert.ok(f.evidence.scripts.some((x) => x.startsWith(`${s.a}/js/ga.js:2:`)), JSON.stringify(f.evidence));
  });

  test('a gated script that still runs after "reject all": a violation', () => {
    const [f] = find(report, 'gated-script-without-consent', '/js/tracker.js', 'refused');
    assert.ok(f, JSON.stringify(report.findings.map((x) => [x.code, x.name, x.visit])));
    assert.match(f.message, /after "reject all"/);
    assert.deepEqual(f.evidence.scripts, [`${s.a}/js/tracker.js`]);
    assert.equal(f.evidence.page, `${s.a}/p2`);
  });

  test('a page answering 500 and one never answering are reported, and the crawl goes on', () => {
    const pages = report.visits[0].pages;
    const page = (p) => pages.find((x) => x.url === `${s.a}${p}`);
    assert.equal(page('/error').status, 500);
    assert.match(page('/error').error, /HTTP 500/);
    assert.match(page('/slow').error, /no answer within 4 s|not loaded within 4 s/);
    assert.equal(find(report, 'page-failed').length, 2);
    assert.ok(page('/away'), 'visited after the failures');
  });

  test('a link redirecting off the origin is noted, not followed', () => {
    const [f] = find(report, 'redirect-off-origin', `${s.a}/away`);
    assert.equal(f.severity, 'note');
    assert.equal(f.evidence.url, `http://${s.bHost}/elsewhere`);
    assert.ok(!report.visits.some((v) => v.cookies.some((c) => c.name === 'elsewhere')), 'the target was not loaded');
  });

  test('more links than --pages: five pages visited, the rest noted', () => {
    assert.equal(report.visits[0].pages.length, 5);
    const [f] = find(report, 'pages-limit');
    assert.match(f.message, /^3 same-origin links were not visited \(--pages 5\)/);
    assert.deepEqual(report.crawl.examples.sort(), ['/p3', '/p4', '/p5'].map((p) => `${s.a}${p}`));
  });

  test('declared names never seen: notes', () => {
    // cookies_preferences too: this site's own consent tool does not set it.
    assert.deepEqual(find(report, 'declared-not-seen').map((f) => f.name), ['cookies_preferences', 'sessionid']);
  });

  test('--draft: registry entries for the undeclared cookies and keys, in the registry format', () => {
    const names = draft.cookies.map((c) => c.names[0]).sort();
    assert.deepEqual(names, ['frame_id', 'tracker_uid']);
    const t = draft.cookies.find((c) => c.names[0] === 'tracker_uid');
    assert.equal(t.duration, '1 hour');
    assert.match(t.provider, /^TODO: /);
    assert.ok(draft.storage.includes('<img src=x onerror=alert(1)>'));
    // Merged into a category, it is a registry the checker accepts once the TODOs are filled.
    const filled = JSON.parse(JSON.stringify(draft).replaceAll('TODO:', 'Filled:'));
    const registry = structuredClone(REGISTRY);
    registry.categories.push({ id: 'other', title: 'Other', ...filled });
    const path = join(dir, 'merged.json');
    writeFileSync(path, JSON.stringify(registry));
    const c = spawnSync(BIN, ['check', path], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stdout + c.stderr);
  });

  test('the HTML report: no scripts, every string escaped, findings first, axe-core finds nothing', async () => {
    const html = readFileSync(htmlPath, 'utf8');
    assert.doesNotMatch(html, /<script/i);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.indexOf('<h2>Findings</h2>') < html.indexOf('<h2>Visit: no choice</h2>'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } }))
        .violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`));
      assert.deepEqual(violations, []);
      const cookieRows = await page.locator('table').nth(2).locator('tbody tr').count();
      assert.equal(cookieRows, report.visits[0].cookies.length, 'every cookie of the no-choice visit');
    } finally {
      await browser.close();
    }
  });

  describe('bad input: a clear message, the documented exit code, no panic', () => {
    test('an unreachable start URL: exit 2', async () => {
      // A port that was free a moment ago: nothing listens there.
      const closed = createServer();
      await new Promise((r) => closed.listen(0, '127.0.0.1', r));
      const { port } = closed.address();
      await new Promise((r) => closed.close(r));
      const r2 = await audit([`http://127.0.0.1:${port}/`, '--registry', join(dir, 'misbehaving.json'), ...FAST]);
      assert.equal(r2.code, 2);
      assert.match(r2.stderr, /the start page could not be loaded \(.*ERR_CONNECTION_REFUSED.*\)/);
    });
    test('an invalid registry: exit 2 with the checker\'s problems, no browser started', async () => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ portal: { name: 'X', address: 'nowhere' }, categories: [] }));
      const r2 = await audit([`${s.a}/`, '--registry', bad, '--chromium', '/nonexistent/chromium']);
      assert.equal(r2.code, 2);
      assert.match(r2.stderr, /portal\.address: .*\[R010\]/);
      assert.match(r2.stderr, /invalid registry \(2 problems\); fix it first/);
    });
    test('no Chromium: exit 2, saying how to install it', async () => {
      const r2 = await audit([`${s.a}/`, '--registry', join(dir, 'misbehaving.json'), '--chromium', '/nonexistent/chromium']);
      assert.equal(r2.code, 2);
      assert.match(r2.stderr, /Chromium not found at \/nonexistent\/chromium: install it/);
    });
    test('bad usage: exit 2', async () => {
      const r2 = await audit([`${s.a}/`, '--registry', join(dir, 'misbehaving.json'), '--pages', '0']);
      assert.equal(r2.code, 2);
      assert.match(r2.stderr, /--pages/);
      const r3 = await audit(['ftp://example.org/', '--registry', join(dir, 'misbehaving.json')]);
      assert.equal(r3.code, 2);
      assert.match(r3.stderr, /not an http\(s\) address/);
    });
    test('a page setting 2,000 cookies: audited (exit 1, the undeclared cookies found)', async () => {
      const r2 = await audit([`${s.a}/many`, '--registry', join(dir, 'misbehaving.json'), '--pages', '1', '--format', 'json', ...FAST]);
      assert.equal(r2.code, 1, r2.stderr);
      const rep = json(r2);
      // Chromium keeps at most 180 cookies per domain; each kept one is reported.
      assert.ok(rep.visits[0].cookies.length >= 100, String(rep.visits[0].cookies.length));
      assert.equal(find(rep, 'undeclared-without-consent', undefined, 'no_choice').length, rep.visits[0].cookies.length);
    });
    test('a 1 MB cookie header on the start page: exit 2, the browser\'s reason given', async () => {
      const r2 = await audit([`${s.a}/huge`, '--registry', join(dir, 'misbehaving.json'), '--pages', '1', ...FAST]);
      assert.equal(r2.code, 2, r2.stderr);
      assert.match(r2.stderr, /start page could not be loaded \(.*\)/);
    });
  });
});
