// due.test.mjs - the "what is due" page on a server whose today is 10/02/2025:
// a ward officer sees January 2025 late (16 days, closed: ask to reopen) and, with
// a 20-day window, February due soon with links to data entry of their ward and the
// period; counts equal GET /api/due; the search narrows the rows; a value entered
// with the CLI disappears from the list; a leader finds the page in the navigation
// and sees the wards that still owe figures past the deadline, as the API says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, cli } from './lib.mjs';

// the demo as of the end of 2024 (its seed years): nobody has entered January 2025 yet
const env = setup({ today: '2025-02-10', demoToday: '2024-12-31' });

test('ward officer: late entries first, then due soon with entry links', async () => {
  const api = await env.api('ward');
  const due = await api.get('/api/due?days=20');
  assert.ok(due.late > 0 && due.due > 0);
  const page = await env.page();
  await login(page, 'ward', '#/due?days=20');
  await page.locator('#due-late table').waitFor();
  const late = page.locator('#due-late tbody tr[data-key]');
  const soon = page.locator('#due-soon tbody tr[data-key]');
  assert.equal(await late.count(), due.late);
  assert.equal(await soon.count(), due.due);
  assert.match(await page.locator('#due-late h2').innerText(), new RegExp(`Quá hạn \\(${due.late}\\)`));
  const first = await late.first().locator('td, th').allInnerTexts();
  assert.deepEqual(first.slice(1, 5), ['phường Sông Cầu', 'tháng 1/2025', '25/01/2025', 'quá 16 ngày']);
  assert.match(first[5], /Đã khóa/);
  const link = soon.first().locator('a', { hasText: 'Nhập số liệu' });
  assert.equal(await link.getAttribute('href'), '#/entry?unit=01837&period=202502');
  const keys = await page.locator('tr[data-key]').evaluateAll((rs) => rs.map((r) => r.dataset.key));
  assert.deepEqual(keys, due.items.map((it) => `${it.unit}/${it.indicator}/${it.period}`), 'same items, same order');
  await shot(page, 'due-ward');
});

test('search narrows the list; an entered value leaves it', async () => {
  const page = await env.page();
  await login(page, 'ward', '#/due?days=20');
  await page.locator('#due-late table').waitFor();
  const before = await page.locator('tr[data-key]').count();
  await page.getByLabel('Lọc theo chỉ tiêu, đơn vị').fill('ban le');
  const keys = await page.locator('tr[data-key]').evaluateAll((rs) => rs.map((r) => r.dataset.key));
  assert.ok(keys.length > 0 && keys.length < before);
  assert.ok(keys.every((k) => k.includes('/KT01/')), keys.join(' '));
  cli(env.server, ['value', 'set', '--indicator', 'KT01', '--unit', '01837', '--period', '202501', '--value', '41']);
  // a write by another process (the CLI) reaches the server's cached answers within
  // API_CACHE_AMBIGUOUS_MS (1 s, src/api/api_cache.h) when the server wrote too (the login):
  // reloaded until then, not longer
  const until = Date.now() + 3000;
  for (;;) {
    await page.reload();
    await page.locator('#due-late table').waitFor();
    if (!(await page.locator('tr[data-key="01837/KT01/202501"]').count()) || Date.now() > until) break;
    await page.waitForTimeout(250);
  }
  assert.equal(await page.locator('tr[data-key="01837/KT01/202501"]').count(), 0);
  assert.equal(await page.locator('tr[data-key="01837/KT01/202502"]').count(), 1);
});

test('a leader\'s due list names the wards that still owe figures past the deadline, as the API says', async () => {
  const api = await env.api('leader');
  const ans = await api.get('/api/completeness?unit=058');
  const owing = ans.units.flatMap((u) => u.cells.filter((c) => c.due && (c.state === 'nothing' || c.state === 'partly'))
    .map((c) => `${u.code}/${c.month}`));
  assert.ok(owing.length > 0, 'January 2025 is past its deadline and nobody entered it');
  const page = await env.page();
  await login(page, 'leader');
  await page.locator('#nav a[href="#/due"]').click();
  await page.locator('#due-owing table').waitFor();
  const keys = await page.locator('#due-owing tr[data-key]').evaluateAll((rs) => rs.map((r) => r.dataset.key));
  assert.deepEqual(keys.sort(), owing.sort());
  const first = await page.locator('#due-owing tr[data-key="01837/1"] td').allInnerTexts();
  assert.deepEqual(first.slice(0, 1), ['tháng 1/2025']);
  assert.match(first[1], /^(chưa nhập \(0\/\d+\)|mới nhập \d+\/\d+)$/); // 01837 entered KT01 above
  assert.equal(await page.locator('a', { hasText: 'Xem bảng gửi số liệu cả năm' }).getAttribute('href'), '#/reporting?unit=058&year=2025');
});
