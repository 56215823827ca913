// notices.test.mjs - the notices' bell (issue #15) against the real server (today fixed
// at 15/07/2022): Sông Cầu's officer starts with no unread notice (no count on the
// bell); the city assigns two tasks led by Sông Cầu (CLI) and the bell shows 2 at the
// next page; the notices page lists them newest first with a link to the task; marking
// one read brings the bell to 1, "mark all read" hides the count; Đức Xuân's officer,
// not concerned, has no count; a bad email address is refused with the server's
// message, a good one is saved (GET /api/me has it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, cli, apiAs } from './lib.mjs';

const env = setup({ today: '2022-07-15' });

/** The bell's count as shown ("" when hidden). */
async function bellCount(page) {
  const c = page.locator('#bell-count');
  return (await c.isVisible()) ? (await c.innerText()).trim() : '';
}

test('the bell counts new notices up and down; the notices page lists and marks them', async () => {
  const page = await env.page();
  await login(page, 'ward');
  await page.locator('#bell').waitFor();
  assert.equal(await bellCount(page), '');
  for (const content of ['Rà soát hộ nghèo cuối năm', 'Báo cáo thu ngân sách quý III'])
    cli(env.server, ['task', 'add', '--owner', '058', '--assigned', '15/07/2022', '--lead', '01837',
      '--due', '31/08/2022', '--content', content]);
  await page.locator('#nav a[href="#/tasks"]').click(); // the next page reads the count again
  await page.locator('#bell-count', { hasText: '2' }).waitFor();
  assert.match(await page.locator('#bell').getAttribute('title'), /2 chưa đọc/);

  await page.locator('#bell').click();
  await page.locator('h1', { hasText: 'Thông báo' }).waitFor();
  const items = page.locator('li.notice');
  await items.first().waitFor();
  assert.equal(await items.count(), 2);
  assert.match(await items.first().innerText(), /Nhiệm vụ mới: Báo cáo thu ngân sách quý III/); // newest first
  assert.match(await items.first().innerText(), /Hạn hoàn thành: 31\/08\/2022/);
  assert.match(await items.first().locator('a.notice-open').getAttribute('href'), /^#\/task\?id=\d+$/);
  assert.equal(await page.locator('li.notice.unread').count(), 2);

  await items.first().locator('button[name="mark"]').click();
  await page.locator('#bell-count', { hasText: '1' }).waitFor();
  assert.equal(await page.locator('li.notice.unread').count(), 1);
  await page.locator('button[name="mark-all"]').click();
  await page.locator('#bell-count').waitFor({ state: 'hidden' });
  assert.equal(await page.locator('li.notice.unread').count(), 0);
  assert.match(await page.locator('.notices-summary').innerText(), /Không có thông báo chưa đọc/);

  const other = await env.page();
  await login(other, 'ward2');
  await other.locator('#bell').waitFor();
  assert.equal(await bellCount(other), '');
});

test('the user sets their own email address; a bad one is refused', async () => {
  const page = await env.page();
  page.allowErrors.push(/status of 400/);
  await login(page, 'ward', '#/notices');
  const input = page.locator('input[name="email"]');
  await input.waitFor();
  await input.fill('khong phai email');
  await page.locator('form.notices-email button[type="submit"]').click();
  await page.locator('form.notices-email .error-box').waitFor();
  await input.fill('songcau@backan.gov.vn');
  await page.locator('form.notices-email button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'Đã lưu địa chỉ email' }).waitFor();
  const api = await apiAs(env.server, 'ward');
  assert.equal((await api.get('/api/me')).user.email, 'songcau@backan.gov.vn');
});
