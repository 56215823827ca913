// login.test.mjs - the log-in page: labelled fields, the server's message for a
// wrong password (still on the login page, password cleared), a ward officer
// reaches the dashboard of their own ward with their name and unit in the header,
// a deep link survives logging in, throttling after repeated failures is shown.
// The throttling test runs last: it blocks logins from 127.0.0.1 on this server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, USERS, PASSWORD } from './lib.mjs';

const env = setup();

test('fields are labelled; a wrong password shows the server message', async () => {
  const page = await env.page();
  page.allowErrors.push(/401/);
  await page.goto('/');
  const user = page.getByLabel('Tên đăng nhập');
  const pass = page.getByLabel('Mật khẩu');
  await user.fill(USERS.ward.login);
  await pass.fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /sai tên đăng nhập hoặc mật khẩu/);
  assert.equal(await pass.inputValue(), '');
  assert.equal(await page.locator('#who').isVisible(), false);
});

test('empty fields are refused before asking the server', async () => {
  const page = await env.page();
  let posted = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/login')) posted++; });
  await page.goto('/#/login');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByLabel('Tên đăng nhập').getAttribute('aria-invalid'), 'true');
  assert.equal(posted, 0);
});

test('a ward officer logs in and sees their own ward', async () => {
  const page = await env.page();
  await login(page, 'ward');
  // the units' names come after the page (app.js: a slow network gets the page first)
  await page.locator('#who-units', { hasText: 'phường Sông Cầu (nhập)' }).waitFor();
  assert.match(await page.locator('#who').innerText(), /Cán bộ phường Sông Cầu.*Đơn vị: phường Sông Cầu \(nhập\)/s);
  await page.locator('#dash-subtitle').waitFor();
  assert.match(await page.locator('#dash-subtitle').innerText(), /phường Sông Cầu/);
  assert.equal(await page.locator('select[name="unit"]').inputValue(), '01837');
  // the ward officer's unit list holds only their ward
  assert.deepEqual(await page.locator('select[name="unit"] option').evaluateAll((os) => os.map((o) => o.value)), ['01837']);
  assert.match(page.url(), /#\/dashboard/);
});

test('a deep link is kept through the login page', async () => {
  const page = await env.page();
  await login(page, 'leader', '#/dashboard?unit=01840&period=202203');
  await page.locator('#dash-subtitle', { hasText: 'tháng 3/2022' }).waitFor();
  assert.match(await page.locator('#dash-subtitle').innerText(), /Đức Xuân/);
});

test('throttled after repeated failures: the page says so', async () => {
  const page = await env.page();
  page.allowErrors.push(/40[13]|429/);
  await page.goto('/#/login');
  let text = '';
  for (let i = 0; i < 8 && !/sai quá nhiều/.test(text); i++) {
    await page.getByLabel('Tên đăng nhập').fill(USERS.ward2.login);
    await page.getByLabel('Mật khẩu').fill('sai-' + i);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').waitFor();
    text = await page.getByRole('alert').innerText();
  }
  assert.match(text, /Tạm khóa đăng nhập vì sai quá nhiều lần/);
  // even the right password is refused now
  await page.getByLabel('Tên đăng nhập').fill(USERS.ward2.login);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert', { hasText: 'Tạm khóa' }).waitFor();
  assert.equal(await page.locator('#who').isVisible(), false);
});
