// lib.mjs - harness of the browser tests: starts the real `chitieu serve` on a free
// 127.0.0.1 port over a fresh demo database (binary from $CHITIEU_BIN, default
// build/chitieu; web folder = the repo's web/), creates users with known passwords,
// launches Debian's chromium through playwright-core, and offers login(page, user),
// shot(page, name) (PNG in tests/browser/artifacts/, gitignored), an API client for
// cross-checks, and a record of every request that left 127.0.0.1 (there must be none).
// Not for: assertions about pages (the *.test.mjs files).
//
// Use in a test file:
//   import { test, before, after } from 'node:test';
//   import { setup, login, shot } from './lib.mjs';
//   const env = setup();                 // registers before()/after() hooks
//   test('x', async () => { const page = await env.page(); await login(page, 'ward'); ... });
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const ARTIFACTS = path.join(here, 'artifacts');
export const BIN = path.resolve(REPO, process.env.CHITIEU_BIN || 'build/chitieu');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'mat-khau-thu-123';

/**
 * The users every server gets (role -> account): the city of the seed years (058,
 * 2019-2024), whose fixed periods the tests use. scripts/demo.sh's own accounts
 * are of the units of today (19, BK2025); these are not them.
 */
export const USERS = {
  admin: { login: 'quantri', name: 'Quản trị thử', role: 'admin', opts: ['--view', 'VN'] },
  leader: { login: 'lanhdao', name: 'Lãnh đạo UBND thành phố', role: 'leader', opts: ['--view', '058'] },
  department: { login: 'phongkt', name: 'Cán bộ Phòng Kinh tế', role: 'department', opts: ['--agency', 'KT', '--enter', '058'] },
  ward: { login: 'songcau', name: 'Cán bộ phường Sông Cầu', role: 'ward', opts: ['--enter', '01837'] },
  ward2: { login: 'ducxuan', name: 'Cán bộ phường Đức Xuân', role: 'ward', opts: ['--enter', '01840'] },
};

function run(args, input, env) {
  return execFileSync(BIN, args, { input, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

/**
 * Starts a server on a fresh demo database. opts.today sets CHITIEU_TODAY
 * (yyyy-mm-dd) for the server and the demo (which runs up to that day);
 * opts.demoToday builds the demo as of another day (e.g. '2024-12-31': the
 * seed years only, every month of 2025 still empty). Resolves to
 * {url, db, dir, proc, stop()}.
 */
export async function startServer(opts = {}) {
  assert.ok(existsSync(BIN), `chitieu binary not found at ${BIN} (set CHITIEU_BIN)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'chitieu-browser-'));
  const db = path.join(dir, 't.db');
  const env = { NO_COLOR: '1', CHITIEU_NO_PROGRESS: '1', ...(opts.today ? { CHITIEU_TODAY: opts.today } : {}) };
  run(['--db', db, 'demo'], undefined, opts.demoToday ? { ...env, CHITIEU_TODAY: opts.demoToday } : env);
  for (const u of Object.values(USERS))
    run(['--db', db, 'user', 'add', u.login, '--role', u.role, '--name', u.name, ...u.opts, '--password-stdin'],
      PASSWORD + '\n', env);
  const proc = spawn(BIN, ['--db', db, 'serve', '--port', '0', '--threads', '2', '--dashboard-lag', '0', '--web', path.join(REPO, 'web')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let errText = '';
  proc.stderr.on('data', (d) => { errText = (errText + d).slice(-20000); });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 10 s: ${out} ${errText}`)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${errText}`)); });
  });
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const done = new Promise((r) => proc.on('exit', r));
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, db, dir, proc, stop, log: () => errText };
}

/**
 * Runs the chitieu CLI on the server's database (the CLI is never period-locked;
 * the server sees its writes). Returns stdout; throws on a non-zero exit.
 */
export function cli(server, args, input) {
  return run(['--db', server.db, ...args], input, { CHITIEU_USER: 'cli-test', NO_COLOR: '1' });
}

/** Launches Debian's chromium headless through playwright-core. */
export function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM} (scripts/deps.sh --test installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // the last four keep chromium's own background connections (updates, sync, QUIC
    // probes) from trying to leave a machine whose network is closed
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** True when url goes to the loopback address (or is data:/blob:/about:). */
export function isLocal(url) {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    const h = new URL(url).hostname;
    return h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
  } catch {
    return false;
  }
}

/**
 * A new page in a fresh browser context (own cookies) with viewport opts.viewport
 * (default 1280x900), locator timeout opts.timeout (default 20 s). page.external lists requests that tried to leave 127.0.0.1
 * (they are aborted); page.errors lists uncaught page errors and console errors.
 */
export async function newPage(browser, server, opts = {}) {
  const context = await browser.newContext({
    baseURL: server.url, viewport: opts.viewport || { width: 1280, height: 900 }, locale: 'vi-VN',
    ...(opts.context || {}),
  });
  const page = await context.newPage();
  page.external = [];
  page.errors = [];
  page.allowErrors = []; // regexps of page errors a test expects (checked by setup's afterEach)
  page.on('request', (r) => { if (!isLocal(r.url())) page.external.push(r.url()); });
  await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  page.on('pageerror', (e) => page.errors.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    // 401 from /api/me before logging in is expected; other console errors are not
    if (m.type() === 'error' && !/401/.test(m.text())) page.errors.push('console: ' + m.text());
  });
  page.setDefaultTimeout(opts.timeout || 20000); // generous: a loaded 2-core machine and an ASan server
  return page;
}

/** Fails when the page made any request that left 127.0.0.1. */
export function assertNoExternal(page) {
  assert.deepEqual(page.external, [], 'requests left 127.0.0.1');
}

/**
 * Logs in through the login page as USERS[who] (or a {login, password} object)
 * and waits until the app shows the user's name. Opens hash (default the login page) first.
 */
export async function login(page, who, hash = '#/login') {
  const u = typeof who === 'string' ? USERS[who] : who;
  await page.goto('/' + hash);
  await page.locator('input[name="login"]').fill(u.login);
  await page.locator('input[name="password"]').fill(u.password || PASSWORD);
  await page.locator('form.login-form button[type="submit"]').click();
  await page.locator('#who-name').waitFor({ state: 'visible' });
  if (u.name) await page.locator('#who-name', { hasText: u.name }).waitFor();
}

/** Saves a full-page screenshot as tests/browser/artifacts/<name>.png; returns its path. */
export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, '_') + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * An API client for cross-checks from the test process, logged in as USERS[who]:
 * get(path) resolves to the parsed JSON (throws on a non-2xx answer); send(method,
 * path, body) adds the CSRF token.
 */
export async function apiAs(server, who) {
  const u = typeof who === 'string' ? USERS[who] : who;
  const res = await fetch(server.url + '/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: u.login, password: u.password || PASSWORD }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, `API login ${u.login}: ${JSON.stringify(body)}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const call = async (method, p, data) => {
    const r = await fetch(server.url + p, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf, ...(data ? { 'Content-Type': 'application/json' } : {}) },
      body: data ? JSON.stringify(data) : undefined,
    });
    const text = await r.text();
    const json = text ? JSON.parse(text) : {};
    if (!r.ok) throw Object.assign(new Error(`${method} ${p}: ${r.status} ${text}`), { status: r.status, body: json });
    return json;
  };
  return { get: (p) => call('GET', p), send: call, csrf: body.csrf, cookie };
}

/**
 * Registers before/after hooks for one test file: one server (opts as startServer)
 * and one browser. Returns env with server, browser, page(opts) (a new page whose
 * external requests and page errors are checked after each test), api(who).
 */
export function setup(opts = {}) {
  const env = { server: null, browser: null, pages: [] };
  before(async () => {
    env.server = await startServer(opts);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  afterEach(async () => {
    const pages = env.pages.splice(0);
    for (const p of pages) {
      const ext = p.external;
      const errs = p.errors.filter((e) => !p.allowErrors.some((re) => re.test(e)));
      await p.context().close();
      assert.deepEqual(ext, [], 'requests left 127.0.0.1');
      assert.deepEqual(errs, [], 'errors in the page');
    }
  });
  env.page = async (popts) => {
    const p = await newPage(env.browser, env.server, popts);
    env.pages.push(p);
    return p;
  };
  env.api = (who) => apiAs(env.server, who);
  return env;
}
