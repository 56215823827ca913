// extract.test.mjs - reading figures from a report on the web (#/extract, issue #19),
// on a server whose today is 20/09/2022 (September still open): an administrator
// pastes a passage, the proposals come as a table with the figure marked in its
// sentence; the import button stays disabled until every row has a decision; a dry
// run writes nothing and says so; the import writes the month's value derived from
// the accepted cumulative (4,2 = 48,7 - 44,5), as the API then answers; the page is
// in a department officer's navigation and opens for a ward officer by its address;
// a .txt file uploaded gives the same proposals as the pasted passage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, login, shot } from './lib.mjs';

const env = setup({ today: '2022-09-20' });
const passage = readFileSync(new URL('../data/extract/report.txt', import.meta.url), 'utf8');

test('paste, review, dry run, then import the accepted cumulative', async () => {
  const api = await env.api('admin');
  const page = await env.page();
  await login(page, 'admin', '#/extract?unit=058');
  await page.locator('textarea[name="text"]').fill(passage);
  await page.locator('input[name="year"]').fill('2022');
  await page.locator('button[name="read"]').click();
  await page.locator('.extract-out table').waitFor();
  const rows = page.locator('.extract-out tbody tr');
  assert.equal(await rows.count(), 10);
  assert.equal(await rows.first().locator('mark').innerText(), '6,2 tỷ đồng');
  const go = page.locator('button[name="import"]');
  assert.ok(await go.isDisabled(), 'nothing can be imported before the review');
  await page.getByRole('button', { name: 'Bỏ tất cả' }).click();
  await page.locator('select[name="decision-1"]').selectOption('accept');
  assert.ok(await go.isEnabled());
  await page.locator('input[name="dry"]').check();
  await go.click();
  await page.locator('#app').getByText('Chạy thử:').waitFor();
  assert.match(await page.locator('.extract-out').innerText(), /lũy kế 48,7 trừ 44,5 đã có \(tháng 1-8\) = 4,2/);
  const before = await api.get('/api/values?indicator=KT15&unit=058&period=202209');
  assert.equal(before.value, 4.1, 'the dry run wrote nothing');
  await page.locator('input[name="dry"]').uncheck();
  await go.click();
  await page.locator('#app').getByText('Đã nhập:').waitFor();
  const after = await api.get('/api/values?indicator=KT15&unit=058&period=202209');
  assert.equal(after.value, 4.2);
  await shot(page, 'extract-admin');
});

test('a report uploaded as a .txt file gives the same proposals as the pasted passage', async () => {
  const page = await env.page();
  await login(page, 'admin', '#/extract?unit=058');
  await page.locator('input[name="year"]').fill('2022');
  await page.locator('input[name="file"]').setInputFiles(new URL('../data/extract/report.txt', import.meta.url).pathname);
  await page.locator('button[name="read"]').click();
  await page.locator('.extract-out table').waitFor();
  assert.equal(await page.locator('.extract-out tbody tr').count(), 10);
  assert.equal(await page.locator('.extract-out tbody tr').first().locator('mark').innerText(), '6,2 tỷ đồng');
});

test('a department officer finds the page in the navigation; a ward officer opens it by its address', async () => {
  const page = await env.page();
  await login(page, 'department');
  await page.locator('#nav a[href="#/extract"]').click();
  await page.locator('textarea[name="text"]').waitFor();
  const ward = await env.page();
  await login(ward, 'ward', '#/extract?unit=01837');
  await ward.locator('textarea[name="text"]').waitFor();
});
