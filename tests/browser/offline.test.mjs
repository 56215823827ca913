// offline.test.mjs - entry without a network (issue #17, docs/web.md): the
// service worker's precache list holds every module the shell, the login and
// a ward's entry form import; once the worker controls the page, a ward
// officer goes offline (Playwright's context.setOffline), types a value and
// saves: the row says "chờ gửi" and the server has nothing yet; a reload
// while offline opens the entry form from the cache with the value still
// waiting; back online, the value reaches the server (checked through the
// API). The conflict case: values typed offline while the city's
// administrator changes them through the API; back online each row shows
// both figures, and the officer keeps theirs for one (the server gets it)
// and takes the server's for the other (nothing sent); logging out drops the
// kept API answers. A renewed session's CSRF token is read again; an expired
// session keeps the values and asks for a login, then sends them. Prints the bytes the
// worker caches after the first load (docs/PERFORMANCE.md: < 1 MB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setup, login, shot, REPO } from './lib.mjs';

const env = setup({ today: '2022-06-20' });
const JUNE = '#/entry?unit=01837&period=202206';
const WEB = path.join(REPO, 'web');

/** The stored value of (indicator, 01837, June 2022) through the API, or null. */
async function stored(ind) {
  const api = await env.api('admin');
  try {
    return await api.get(`/api/values?indicator=${ind}&unit=01837&period=202206`);
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

/** Waits until cond() resolves truthy (polling, at most ms). */
async function until(cond, ms, what) {
  const t0 = Date.now();
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A ward officer's page on June's entry form, controlled by the service worker, its answers cached. */
async function wardOnline(viewport) {
  const page = await env.page({ timeout: 20000, viewport });
  // what fails while offline on purpose: the probe, the bell, the worker's 503 of answers never cached
  page.allowErrors.push(/Failed to fetch|ERR_INTERNET_DISCONNECTED|status of (403|404|409|503)|service worker/i);
  await login(page, 'ward', JUNE);
  await page.locator('input[name="value_KT01"]').waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 10000, 'the worker to control the page');
  // this load goes through the worker: the entry form's answers are kept for offline use
  await page.reload();
  await page.locator('input[name="value_KT01"]').waitFor();
  await until(() => page.evaluate(async () => {
    const c = await caches.open('chitieu-api');
    return (await c.keys()).some((r) => r.url.includes('/api/eval'));
  }), 10000, 'the entry form\'s answers in the cache');
  return page;
}

/** Types text into a row's value cell and saves (confirming a far-from-usual warning if one is asked). */
async function typeAndSave(page, values) {
  for (const [code, text] of Object.entries(values)) await page.locator(`input[name="value_${code}"]`).fill(text);
  await page.locator('button[name="save"]').click();
}

test('the precache list holds every module the shell, the login and the entry form import', () => {
  const sw = readFileSync(path.join(WEB, 'sw.js'), 'utf8');
  const list = JSON.parse(/const SHELL_FILES = (\[[^\]]*\])/.exec(sw)[1].replace(/'/g, '"').replace(/,\s*\]/, ']'));
  for (const f of list) assert.ok(existsSync(path.join(WEB, f === '/' ? 'index.html' : f)), `${f} listed but missing`);
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(path.join(WEB, file), 'utf8');
    for (const m of src.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)) walk(path.posix.join(path.posix.dirname(file), m[1]));
    // imports after the first paint (import('./x.js'), issue #17) belong to the shell as much
    for (const m of src.matchAll(/\bimport\(\s*'([^'$`]+\.js)'\s*\)/g)) walk(path.posix.join(path.posix.dirname(file), m[1]));
  };
  for (const f of ['js/app.js', 'js/pages/login.js', 'js/pages/entry.js', 'js/pages/due.js', 'js/pages/dashboard.js']) walk(f);
  const html = readFileSync(path.join(WEB, 'index.html'), 'utf8');
  for (const m of html.matchAll(/(?:href|src)="([^"#]+\.(?:css|js|svg))"/g)) seen.add(m[1]);
  for (const f of seen) assert.ok(list.includes('/' + f), `${f} is imported by the shell but not precached in sw.js`);
});

test('a value typed offline waits on the phone, survives a reload, and reaches the server online', async () => {
  const page = await wardOnline();
  const bytes = await page.evaluate(async () => {
    let n = 0;
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      for (const r of await c.keys()) n += (await (await c.match(r)).arrayBuffer()).byteLength;
    }
    return n;
  });
  console.log(`service worker cache after the first load: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB)`);
  assert.ok(bytes > 50000 && bytes < 1000000, `the worker's cache is ${bytes} bytes (wanted < 1 MB)`);

  const before = await stored('KT03');
  await page.context().setOffline(true);
  await typeAndSave(page, { KT03: '3.950,5' });
  await page.locator('.offline-pending[data-code="KT03"]').waitFor();
  assert.match(await page.locator('#offline-bar').innerText(), /1 số liệu chờ gửi/);
  assert.equal((await stored('KT03')).value, before.value, 'nothing reached the server while offline');

  // a reload without a network: the shell and the form from the cache, the value still waiting
  await page.reload();
  await page.locator('input[name="value_KT03"]').waitFor();
  assert.equal(await page.locator('input[name="value_KT03"]').inputValue(), '3.950,5');
  await page.locator('.offline-pending[data-code="KT03"]').waitFor();
  assert.equal(await page.locator('input[name="value_KT01"]').inputValue(), '42,9', 'the other rows from the cached answers');
  await shot(page, 'offline-pending');

  await page.context().setOffline(false);
  await page.locator('.offline-pending[data-code="KT03"]').waitFor({ state: 'detached' });
  const got = await until(async () => { const v = await stored('KT03'); return v.value === 3950.5 && v; }, 15000, 'the value on the server');
  assert.equal(got.by, 'songcau', 'saved as the officer');
  assert.ok((await page.locator('#offline-bar').isHidden()), 'nothing waits any more');
});

test('a value changed on the server meanwhile is a conflict the officer resolves both ways', async () => {
  const page = await wardOnline({ width: 390, height: 844 }); // the officer's phone
  await page.context().setOffline(true);
  await typeAndSave(page, { KT02: '0,55', VX02: '10' });
  await page.locator('.offline-pending[data-code="KT02"]').waitFor();
  await page.locator('.offline-pending[data-code="VX02"]').waitFor();
  // the city's administrator changes both while the phone has no network
  const admin = await env.api('admin');
  await admin.send('PUT', '/api/values', { indicator: 'KT02', unit: '01837', period: '202206', value: '0,6' });
  await admin.send('PUT', '/api/values', { indicator: 'VX02', unit: '01837', period: '202206', value: 12 });

  await page.context().setOffline(false);
  const kt02 = page.locator('.offline-conflict[data-code="KT02"]');
  await kt02.waitFor();
  await page.locator('.offline-conflict[data-code="VX02"]').waitFor();
  assert.match(await kt02.innerText(), /quantri.*0,6.*0,55/s, 'both figures and who changed it');
  assert.match(await page.locator('#offline-bar').innerText(), /2 số liệu xung đột/);
  assert.equal((await stored('KT02')).value, 0.6, 'never silently overwritten');
  assert.equal((await stored('VX02')).value, 12);
  await shot(page, 'offline-conflict-390x844');

  // keep mine: sent again against the server's figure
  await page.locator('button[name="keep_mine_KT02"]').click();
  await until(async () => (await stored('KT02')).value === 0.55, 15000, 'the officer\'s figure on the server');
  await kt02.waitFor({ state: 'detached' });
  // take theirs: nothing sent, the row shows the server's figure
  await page.locator('button[name="take_theirs_VX02"]').click();
  await page.locator('.offline-conflict[data-code="VX02"]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('input[name="value_VX02"]').inputValue(), '12');
  assert.ok(await page.locator('#offline-bar').isHidden(), 'the queue is empty');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await stored('VX02')).value, 12, 'the server keeps its figure');
  const audit = await admin.get('/api/values/history?indicator=KT02&unit=01837&period=202206');
  assert.equal(audit.items.at(-1).by, 'songcau');

  // logging out empties the kept API answers: the next user of the phone never gets them
  assert.ok(await page.evaluate(() => caches.has('chitieu-api')));
  await page.locator('#logout').click();
  await page.locator('input[name="password"]').waitFor();
  await until(() => page.evaluate(async () => !(await caches.has('chitieu-api'))), 5000, 'the API answers dropped at logout');
});

test('after the network returns: a new CSRF token is read, and an expired session asks for a login before sending', async () => {
  const page = await wardOnline();
  const req = page.context().request; // shares the page's cookies
  await page.context().setOffline(true);
  await typeAndSave(page, { KT01: '43,1' });
  await page.locator('.offline-pending[data-code="KT01"]').waitFor();
  // another tab logs in meanwhile: a new session cookie, and the page's token is the old session's
  const relog = await req.post('/api/login', { data: { login: 'songcau', password: 'mat-khau-thu-123' } });
  assert.equal(relog.status(), 200);
  await page.context().setOffline(false);
  await until(async () => (await stored('KT01')).value === 43.1, 15000, 'the value sent with a token read again');
  await page.locator('.offline-pending[data-code="KT01"]').waitFor({ state: 'detached' });

  // the session ends while the phone is offline: the value stays, the officer is asked to log in, then it is sent
  await page.context().setOffline(true);
  await typeAndSave(page, { KT01: '43,2' });
  await page.locator('.offline-pending[data-code="KT01"]').waitFor();
  const me = await (await req.get('/api/me')).json();
  assert.equal((await req.post('/api/logout', { headers: { 'X-CSRF-Token': me.csrf } })).status(), 200);
  await page.context().setOffline(false);
  await page.locator('input[name="password"]').waitFor(); // the login page
  await page.locator('#offline-bar', { hasText: 'đăng nhập lại' }).waitFor();
  assert.equal((await stored('KT01')).value, 43.1, 'nothing sent without a session');
  await page.locator('input[name="login"]').fill('songcau');
  await page.locator('input[name="password"]').fill('mat-khau-thu-123');
  await page.locator('form.login-form button[type="submit"]').click();
  await until(async () => (await stored('KT01')).value === 43.2, 15000, 'the value sent after the login');
  await page.locator('#offline-bar').waitFor({ state: 'hidden' });
});
