// shell.test.mjs - the app shell: not logged in -> login page; unknown page ->
// not-found message; language switch (vi <-> en, kept across reloads, <html lang>);
// nav links by role; log out; no request leaves 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login } from './lib.mjs';

const env = setup();

test('not logged in: every page shows the login form', async () => {
  const page = await env.page();
  await page.goto('/#/dashboard?unit=058');
  await page.locator('form.login-form').waitFor();
  assert.equal(await page.locator('label', { hasText: 'Tên đăng nhập' }).count(), 1);
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
});

test('unknown page: a not-found message, not a blank page', async () => {
  const page = await env.page();
  page.allowErrors.push(/404|khong-co-trang-nay/);
  await login(page, 'leader');
  await page.goto('/#/khong-co-trang-nay');
  await page.locator('h1', { hasText: 'Không có trang "khong-co-trang-nay"' }).waitFor();
});

test('language switch: English labels, remembered, <html lang> follows', async () => {
  const page = await env.page();
  await login(page, 'leader');
  await page.locator('#lang').click();
  await page.locator('#logout', { hasText: 'Log out' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.ok(await page.locator('#nav a', { hasText: 'Dashboard' }).isVisible());
  await page.reload();
  await page.locator('#logout', { hasText: 'Log out' }).waitFor();
  await page.locator('#lang').click();
  await page.locator('#logout', { hasText: 'Đăng xuất' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
});

test('nav by role: admin sees the catalogue and users, a ward officer does not', async () => {
  const admin = await env.page();
  await login(admin, 'admin');
  assert.equal(await admin.locator('#nav a[href="#/users"]').count(), 1);
  assert.equal(await admin.locator('#nav a[href="#/catalog"]').count(), 1);
  const ward = await env.page();
  await login(ward, 'ward');
  assert.equal(await ward.locator('#nav a[href="#/users"]').count(), 0);
  assert.equal(await ward.locator('#nav a[href="#/entry"]').count(), 1);
  await ward.locator('#who-units').waitFor(); // the names come after the page (app.js)
  assert.match(await ward.locator('#who').innerText(), /phường Sông Cầu \(nhập\)/); // the scope unit by name
});

test('log out: back to the login page, the session is gone', async () => {
  const page = await env.page();
  await login(page, 'ward');
  await page.locator('#logout').click();
  await page.locator('form.login-form').waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/me')).status);
  assert.equal(status, 401);
});
