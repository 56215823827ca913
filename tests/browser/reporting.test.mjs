// reporting.test.mjs - "who has reported" (#/reporting) on a server whose today is
// 10/02/2025: the city's leader finds the page in the navigation, sees the city's
// wards by month as GET /api/completeness says, the sentence for January (the last
// month already due) naming the wards missing, each cell a link to that ward's entry
// page for the month with its state in words; a value entered with the CLI turns a
// ward's January cell; the year picker keeps the year in the URL; a ward officer
// gets no link and the server refuses the city's table; a month the ward submitted is
// marked with its approval state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, cli } from './lib.mjs';

const env = setup({ today: '2025-02-10' });

test('the leader sees the wards by month, as the API says, with the sentence and entry links', async () => {
  const api = await env.api('leader');
  const ans = await api.get('/api/completeness?unit=058&year=2025');
  assert.equal(ans.today, '2025-02-10');
  const page = await env.page();
  await login(page, 'leader');
  await page.locator('#nav a[href="#/reporting"]').click();
  await page.locator('#rep-table').waitFor();
  assert.match(page.url(), /#\/reporting\?unit=058&year=2025$/);
  const rows = page.locator('#rep-table tbody tr');
  assert.equal(await rows.count(), ans.units.length);
  // every cell's state is the API's
  const states = await page.locator('#rep-table tbody td').evaluateAll((tds) => tds.map((td) => td.dataset.state));
  assert.deepEqual(states, ans.units.flatMap((u) => u.cells.map((c) => c.state)));
  const foot = await page.locator('#rep-table tfoot td').allInnerTexts();
  assert.deepEqual(foot, ans.months.map((m) => (m.owing ? `${m.on_time}/${m.owing}` : '')));
  const jan = ans.months[0];
  assert.match(await page.locator('#rep-sentence').innerText(),
    new RegExp(`^${jan.on_time}/${jan.owing} đơn vị gửi đủ số liệu tháng 1/2025 đúng hạn\\.`));
  const cell = page.locator('#rep-table tr[data-code="01837"] td').first();
  assert.equal(await cell.locator('a').getAttribute('href'), '#/entry?unit=01837&period=202501');
  assert.match(await cell.getAttribute('title'), /Sông Cầu, Tháng 1: .*\(hạn 25\/01\/2025\)/);
  await shot(page, 'reporting-leader');
});

test('a value entered turns its cell; the year is kept in the URL', async () => {
  const api = await env.api('leader');
  const before = (await api.get('/api/completeness?unit=058&year=2025')).units.find((u) => u.code === '01840').cells[1];
  cli(env.server, ['value', 'set', '--indicator', 'KT01', '--unit', '01840', '--period', '202502', '--value', '41']);
  const after = (await api.get('/api/completeness?unit=058&year=2025')).units.find((u) => u.code === '01840').cells[1];
  assert.equal(after.entered, before.entered + 1);
  const page = await env.page();
  await login(page, 'leader', '#/reporting?unit=058&year=2025');
  await page.locator('#rep-table').waitFor();
  const td = page.locator('#rep-table tr[data-code="01840"] td').nth(1);
  assert.equal(await td.getAttribute('data-state'), after.state);
  await page.locator('select[name="year"]').selectOption('2024');
  await page.waitForURL(/year=2024$/);
  await page.locator('#rep-table').waitFor();
  assert.match(await page.locator('h1 + .toolbar + p').innerText(), /năm 2024/);
});

test('a ward officer has no link, and the city\'s table is refused by the server', async () => {
  const page = await env.page();
  page.allowErrors.push(/status of 403/);
  await login(page, 'ward');
  assert.equal(await page.locator('#nav a[href="#/reporting"]').count(), 0);
  await page.goto('/#/reporting?unit=058&year=2025');
  await page.locator('.error-box').waitFor();
});

test('the table shows each month\'s approval: a submitted month is marked and says so', async () => {
  const ward = await env.api('ward');
  await ward.send('POST', '/api/approval/submit', { unit: '01837', period: '202501' });
  const page = await env.page();
  await login(page, 'leader', '#/reporting?unit=058&year=2025');
  const td = page.locator('#rep-table tr[data-code="01837"] td').first();
  await td.waitFor();
  assert.equal(await td.getAttribute('data-approval'), 'submitted');
  assert.equal(await td.locator('sup.rep-appr').innerText(), 'N');
  assert.match(await td.getAttribute('title'), /; đã nộp$/);
  const other = page.locator('#rep-table tr[data-code="01834"] td').first();
  assert.equal(await other.getAttribute('data-approval'), 'draft');
});
