// notices.test.mjs - the notices' bell (issue #15) against the real server (today fixed
// at 15/07/2022): Sông Cầu's officer starts with no unread notice (no count on the
// bell; what the server's reminders of the demo's deadlines wrote is marked read first); the city assigns two tasks led by Sông Cầu (CLI) and the bell shows 2 at the
// next page; the notices page lists them newest first with a link to the task; marking
// one read brings the bell to 1, "mark all read" hides the count; Đức Xuân's officer,
// not concerned, has no count; a bad email address is refused with the server's
// message, a good one is saved (GET /api/me has it), with quiet hours (a malformed one
// refused) and email turned off (GET /api/me/notify has them); the administrator's page sets the
// sender and the webhook secret (never shown back, nor overwritten by a save of other
// fields), shows the delivery log; a ward officer is refused the page by the server.
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
  // the server's reminders of the demo's deadlines may have told the ward already: start from none unread
  await (await apiAs(env.server, 'ward')).send('POST', '/api/notices/read-all');
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
  assert.equal(await page.locator('li.notice.unread').count(), 2);
  assert.match(await items.first().innerText(), /Nhiệm vụ mới: Báo cáo thu ngân sách quý III/); // newest first
  assert.match(await items.first().innerText(), /Hạn hoàn thành: 31\/08\/2022/);
  assert.match(await items.first().locator('a.notice-open').getAttribute('href'), /^#\/task\?id=\d+$/);

  await items.first().locator('button[name="mark"]').click();
  await page.locator('#bell-count', { hasText: '1' }).waitFor();
  assert.equal(await page.locator('li.notice.unread').count(), 1);
  await page.locator('button[name="mark-all"]').click();
  await page.locator('#bell-count').waitFor({ state: 'hidden' });
  assert.equal(await page.locator('li.notice.unread').count(), 0);
  assert.match(await page.locator('.notices-summary').innerText(), /Không có thông báo chưa đọc/);

  await (await apiAs(env.server, 'ward2')).send('POST', '/api/notices/read-all');
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
  await page.locator('input[name="quiet"]').fill('22:00-6:00');
  await page.locator('form.notices-email button[type="submit"]').click();
  await page.locator('form.notices-email .error-box', { hasText: 'giờ yên lặng' }).waitFor();
  await page.locator('input[name="quiet"]').fill('22:00-06:00');
  await page.locator('input[name="email_on"]').uncheck();
  await page.locator('input[name="digest"]').check();
  await page.locator('form.notices-email button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'Đã lưu lựa chọn nhận thông báo' }).waitFor();
  const api = await apiAs(env.server, 'ward');
  assert.equal((await api.get('/api/me')).user.email, 'songcau@backan.gov.vn');
  const prefs = await api.get('/api/me/notify');
  assert.equal(prefs.quiet, '22:00-06:00');
  assert.equal(prefs.email, false);
  assert.equal(prefs.digest, true);
});

test('the administrator sets the notifications and reads the log; the secret never comes back', async () => {
  const SECRET = 'khoa-bi-mat-rat-dai-2022';
  const page = await env.page();
  await login(page, 'admin', '#/notify');
  await page.locator('input[name="from"]').waitFor();
  await page.locator('input[name="from"]').fill('chitieu@backan.gov.vn');
  await page.locator('input[name="webhook_url"]').fill('https://cau-noi.example/zalo');
  await page.locator('input[name="webhook_secret"]').fill(SECRET);
  await page.locator('form.notify-form button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'Đã lưu cấu hình thông báo' }).waitFor();
  const api = await apiAs(env.server, 'admin');
  const cfg = await api.get('/api/notify/config');
  assert.equal(cfg.from, 'chitieu@backan.gov.vn');
  assert.equal(cfg.webhook_secret_set, true);
  assert.ok(!JSON.stringify(cfg).includes(SECRET));
  // the SMTP URL with a password set elsewhere is not overwritten by saving another field
  cli(env.server, ['notify', 'config', '--smtp-url', 'smtp://nguoi:MatKhau99@127.0.0.1:2525']);
  await page.reload();
  await page.locator('input[name="smtp_url"]').waitFor();
  assert.equal(await page.locator('input[name="smtp_url"]').inputValue(), 'smtp://127.0.0.1:2525');
  assert.ok(!(await page.content()).includes('MatKhau99'));
  assert.ok(!(await page.content()).includes(SECRET));
  await page.locator('input[name="backoff"]').fill('120');
  await page.locator('form.notify-form button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'Đã lưu cấu hình thông báo' }).waitFor();
  assert.match(cli(env.server, ['notify', 'config']), /có tài khoản, không in/);
  assert.equal((await api.get('/api/notify/config')).backoff, 120);
  // the log lists the queued webhooks of a new task
  cli(env.server, ['task', 'add', '--owner', '058', '--assigned', '15/07/2022', '--lead', '01837',
    '--due', '31/08/2022', '--content', 'Việc có webhook']);
  await page.reload();
  await page.locator('td', { hasText: 'webhook' }).first().waitFor();

  const ward = await env.page();
  ward.allowErrors.push(/status of 403/);
  await login(ward, 'ward', '#/notify');
  await ward.locator('.error-box').waitFor();
  assert.equal(await ward.locator('#nav a[href="#/notify"]').count(), 0);
});
