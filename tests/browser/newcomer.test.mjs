// newcomer.test.mjs - what a newcomer's walk through the web interface found, kept
// fixed (server "today" 15/01/2026, so the demo's 2022 tasks are more than 1.000
// days late): the dashboard, the indicator detail and the reports page opened
// without a month open on the server's default month (the latest with data, not
// the locked empty 6/2025),
// and the plans page the latest year (the detail asks nothing of months after the
// unit ended); units of measure and the meeting notice are in the text font (monospace
// fonts mangle Vietnamese letters); the header names the user's units and is
// shorter on phones; late days are counted the Vietnamese way ("quá 1.295 ngày");
// phone cards (tasks, entry) leave out fields that are empty; the plans page does
// not scroll sideways at 390 px; the entry page of a merged ward's last month asks
// nothing about the month after; an administrator reopens a closed period from the
// entry page (an error names the field by its label); the tab icon exists (no 404).
// Not for: each page's own behaviour (the <page>.test.mjs files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login } from './lib.mjs';
import { num } from '../../web/js/fmt.js';

// the demo as of the end of 2024 (its seed years): the merged city has no 2025 targets and the
// months of 2025 are still empty, the case these fallbacks and entry cards are about
const env = setup({ today: '2026-01-15', demoToday: '2024-12-31' });
const PHONE = { viewport: { width: 390, height: 844 } };

test('dashboard without a month: the server\'s default month, the latest with data (12/2024), not the locked empty 6/2025', async () => {
  const api = await env.api('leader');
  const dec = await api.get('/api/eval?unit=058&period=202412');
  assert.ok(dec.summary.with_target > 0, 'the demo has 2024 targets');
  const def = await api.get('/api/period/default?unit=058');
  assert.deepEqual([def.period, def.reason, def.usual], ['202412', 'data', '202506']);
  const page = await env.page();
  // the browser's clock in August 2025 does not matter: the server decides (core/period_default.c)
  await page.clock.setFixedTime(new Date('2025-08-10T09:00:00'));
  await login(page, 'leader', '#/dashboard?unit=058');
  await page.locator('#dash-count').waitFor();
  assert.equal(await page.locator('#dash-fallback').count(), 0, 'no fallback needed: the month has targets');
  assert.equal(await page.locator('#dash-count .big').innerText(), `${dec.summary.met}/${dec.summary.with_target}`);
  assert.equal(await page.locator('select[name="month"]').inputValue(), '12');
  assert.equal(await page.locator('select[name="year"]').inputValue(), '2024');
  assert.match(await page.evaluate(() => window.location.hash), /period=202412/, 'the shown month is in the URL');
  // the unit of measure ("tỷ đồng") is not in the indicator code's monospace font
  const uom = page.locator('tr[data-code="KT01"] .uom');
  assert.equal((await uom.innerText()).trim(), '· tỷ đồng');
  assert.doesNotMatch(await uom.evaluate((e) => getComputedStyle(e).fontFamily), /mono/i);
  // a month asked for in the URL is kept, even without targets: the page says so instead
  await page.goto('/#/dashboard?unit=058&period=202506');
  await page.locator('#dash-empty').waitFor();
  assert.equal(await page.locator('#dash-fallback').count(), 0);
  assert.equal(await page.locator('select[name="year"]').inputValue(), '2025');
});

test('reports without a period: the server\'s default month (12/2024) is chosen', async () => {
  const page = await env.page();
  await page.clock.setFixedTime(new Date('2025-08-10T09:00:00'));
  await login(page, 'leader', '#/reports');
  await page.locator('#report-of', { hasText: 'tháng 12/2024' }).waitFor();
  assert.match(await page.locator('#report-of').innerText(), /thành phố Bắc Kạn, tháng 12\/2024/);
  assert.match(await page.locator('#report-docx').getAttribute('href'), /period=202412/);
  assert.equal(await page.locator('#report-fallback').count(), 0);
});

test('indicator detail: no month asked for after the unit ended; without a month, the latest with targets', async () => {
  const page = await env.page();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/eval')) asked.push(new URL(r.url()).searchParams.get('period')); });
  await login(page, 'leader', '#/indicator?code=KT01&unit=058&period=202506');
  await page.locator('#ind-months').waitFor();
  assert.ok(asked.includes('202501'), asked.join(','));
  assert.deepEqual(asked.filter((p) => p > '202506'), [], 'the city ended on 30/06/2025');
  await page.clock.setFixedTime(new Date('2025-08-10T09:00:00'));
  const askedCity = [];
  const details = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/eval' && u.searchParams.get('unit') === '058') askedCity.push(u.searchParams.get('period'));
    if (u.pathname === '/api/indicators/KT01') details.push(r.url());
  });
  await page.goto('/#/indicator?code=KT01&unit=058');
  await page.waitForFunction(() => /period=202412/.test(window.location.hash));
  await page.locator('#ind-months').waitFor();
  // the month the fallback found is read once and the page loads once (the URL is completed in place)
  assert.deepEqual(askedCity.filter((p) => p === '202412'), ['202412'], askedCity.join(','));
  assert.equal(details.length, 1, details.join(','));
});

test('header: the units of the account by name, not by code', async () => {
  const page = await env.page();
  await login(page, 'ward');
  await page.locator('#who-units', { hasText: 'phường Sông Cầu (nhập)' }).waitFor();
  assert.doesNotMatch(await page.locator('#who-units').innerText(), /01837/);
});

test('tasks: days late in the Vietnamese number format; phone cards leave out an empty role', async () => {
  const api = await env.api('department');
  const tasks = (await api.get('/api/tasks?limit=500')).items;
  const late = tasks.filter((k) => k.state === 'open' && k.days_left <= -1000);
  assert.ok(late.length > 0, 'demo tasks more than 1.000 days late');
  const page = await env.page(PHONE);
  await login(page, 'department', '#/tasks');
  const first = page.locator('.task-table tbody tr').first();
  await first.waitFor();
  const text = await page.locator('.task-table').innerText();
  assert.ok(text.includes(`quá ${num(-late[0].days_left, 0)} ngày`), `"quá ${num(-late[0].days_left, 0)} ngày" shown`);
  assert.doesNotMatch(text, /quá \d{4,} ngày/, 'no ungrouped day counts');
  // the role column exists (some tasks have the department coordinating) but an empty cell is not drawn
  const roles = page.locator('.task-table td[data-label="Vai trò"]');
  assert.ok(await roles.count() > 0);
  const shown = await roles.evaluateAll((tds) => tds.filter((td) => td.getClientRects().length > 0).map((td) => td.innerText.trim()));
  assert.ok(shown.length > 0 && shown.length < await roles.count(), `some role cells shown, the empty ones not: ${shown}`);
  assert.ok(shown.every((s) => /(chủ trì|phối hợp)$/.test(s)), shown.join(' | '));
});

test('meeting notice: shown in the text font, not a monospace one', async () => {
  const api = await env.api('leader');
  const m = (await api.get('/api/meetings')).items[0];
  const page = await env.page();
  await login(page, 'leader', `#/meeting?id=${m.id}`);
  await page.locator('#meeting-notice-details summary').click();
  const pre = page.locator('#meeting-notice-text');
  await pre.locator('text=THÔNG BÁO').waitFor();
  const [preFont, bodyFont] = await page.evaluate(() => [getComputedStyle(document.querySelector('#meeting-notice-text')).fontFamily,
    getComputedStyle(document.body).fontFamily]);
  assert.equal(preFont, bodyFont);
  assert.doesNotMatch(preFont, /mono/i);
});

test('plans at 390 px: the page does not scroll sideways (long CSV header in the hint wraps)', async () => {
  const page = await env.page(PHONE);
  await login(page, 'admin', '#/plans?unit=058&year=2022');
  await page.locator('#import-h').waitFor();
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `page ${sw}px wide in a ${cw}px window`);
});

test('plans without a year: the latest year with targets of the unit, not an empty current year', async () => {
  const page = await env.page();
  // 058 ended on 30/06/2025 (its 2021-2025 term targets hold in 2025); nothing for 2026 or 2027
  await page.clock.setFixedTime(new Date('2027-03-02T09:00:00'));
  await login(page, 'leader', '#/plans?unit=058');
  await page.locator('.entry-of', { hasText: 'năm 2025' }).waitFor();
  assert.equal(await page.locator('select[name="year"]').inputValue(), '2025');
  await page.locator('table.data tbody tr', { hasText: '2021–2025' }).first().waitFor();
  await page.goto('/#/plans?unit=058&year=2026'); // a year asked for is kept
  await page.locator('.entry-of', { hasText: 'năm 2026' }).waitFor();
});

test('entry: the last month of a merged ward asks nothing about the month after it', async () => {
  const page = await env.page();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/eval')) asked.push(new URL(r.url()).searchParams.get('period')); });
  await login(page, 'ward', '#/entry?unit=01837&period=202506');
  await page.locator('input[name="value_KT01"]').waitFor();
  assert.ok(asked.includes('202506') && asked.includes('202505'), asked.join(','));
  assert.ok(!asked.includes('202507'), `Sông Cầu ended on 30/06/2025, yet ${asked.join(',')} asked`);
});

test('phone: the header leaves the first screen to the page; entry cards leave out missing references', async () => {
  const page = await env.page(PHONE);
  await login(page, 'ward', '#/entry?unit=01837&period=202506');
  await page.locator('input[name="value_KT01"]').waitFor();
  const h = await page.locator('#top').evaluate((e) => e.getBoundingClientRect().height);
  assert.ok(h < 170, `header ${h}px high at 390x844`);
  // June 2025 has last year's June but no May 2025: the card shows the first, not an empty "Kỳ trước:"
  const row = page.locator('tr[data-code="KT01"]');
  const shown = await row.locator('td').evaluateAll((tds) => tds.filter((td) => td.getClientRects().length > 0)
    .map((td) => td.dataset.label + '=' + td.innerText.trim()));
  assert.ok(shown.some((x) => /^Cùng kỳ năm trước=\d/.test(x)), shown.join(' | '));
  assert.ok(!shown.some((x) => x.startsWith('Kỳ trước=')), shown.join(' | '));
});

test('entry: the administrator reopens a closed period from its note; an error names the field by its label', async () => {
  const page = await env.page();
  page.allowErrors.push(/status of 400/); // the refused reopening without a reason
  await login(page, 'admin', '#/entry?unit=01840&period=202505');
  const form = page.locator('#entry-reopen');
  await form.waitFor();
  assert.ok(await page.locator('input[name="value_KT01"]').isDisabled());
  await form.locator('button[type="submit"]').click();
  const err = form.locator('.error-box');
  await err.waitFor();
  assert.match(await err.innerText(), /\(Trường: Lý do mở lại\)/);
  assert.equal(await form.locator('input[name="reason"]').getAttribute('aria-invalid'), 'true');
  await form.locator('input[name="reason"]').fill('Phường bổ sung số liệu tháng 5');
  await form.locator('button[type="submit"]').click();
  await page.locator('.note', { hasText: 'được mở lại đến' }).waitFor();
  assert.equal(await page.locator('#entry-reopen').count(), 0);
  assert.ok(await page.locator('input[name="value_KT01"]').isEnabled(), 'the grid is writable once reopened');
  const lock = await (await env.api('admin')).get('/api/locks?unit=01840&period=202505');
  assert.equal(lock.reopened, true);
  // other roles get no such form: the note sends them to an administrator
  const ward = await env.page();
  await login(ward, 'ward', '#/entry?unit=01837&period=202505');
  await ward.locator('.lock-closed').waitFor();
  assert.equal(await ward.locator('#entry-reopen').count(), 0);
});

test('the tab icon is served (no 404 for every page load)', async () => {
  const page = await env.page();
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  const res = await page.request.get('/' + href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /image\/svg\+xml/);
});
