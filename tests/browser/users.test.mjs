// users.test.mjs - the users page: an administrator creates a ward officer, the
// generated password is shown once and works for logging in; editing the user's
// scopes changes what the server lets them enter; disabling stops the login; a
// scope naming no unit is refused on its field; a non-administrator is refused by
// the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login } from './lib.mjs';

const env = setup({ today: '2022-06-20' });

async function usersPage() {
  const page = await env.page({ timeout: 20000 }); // a loaded 2-core machine with an ASan server is slow
  page.allowErrors.push(/status of (400|401|403|404|409)/); // refusals the tests provoke
  return page;
}

test('admin creates a user, sees the password once, the user logs in with it; then edits and disables', async () => {
  const page = await usersPage();
  await login(page, 'admin', '#/users');
  await page.locator('button[name="add_user"]').click();
  const form = page.locator('form.user-form');
  await form.locator('input[name="login"]').fill('xuathoa');
  await form.locator('input[name="name"]').fill('Cán bộ phường Xuất Hóa');
  await form.locator('select[name="role"]').selectOption('ward');
  await form.locator('input[name="enter"]').fill('01855');
  await form.locator('button[type="submit"]').click();
  const once = page.locator('.once code.secret');
  await once.waitFor();
  const password = (await once.innerText()).trim();
  assert.ok(password.length >= 12, 'a generated password is shown');
  await page.locator('tr[data-login="xuathoa"]', { hasText: '01855' }).waitFor();

  // the new user logs in with it (own browser context)
  const other = await usersPage();
  await login(other, { login: 'xuathoa', password, name: 'Cán bộ phường Xuất Hóa' }, '#/entry?unit=01855&period=202206');
  await other.locator('input[name="value_KT01"]').waitFor();

  // edit: enter scope moved to 01852; the server now refuses 01855
  await page.locator('tr[data-login="xuathoa"] button[name="edit_xuathoa"]').click();
  await form.locator('input[name="enter"]').fill('01852');
  await form.locator('button[type="submit"]').click();
  await page.locator('tr[data-login="xuathoa"]', { hasText: '01852' }).waitFor();
  const api = await env.api('admin');
  const u = (await api.get('/api/users')).items.find((x) => x.login === 'xuathoa');
  assert.deepEqual(u.enter, ['01852']);

  // disable: the account can no longer log in
  await page.locator('button[name="disable_xuathoa"]').click();
  await page.locator('tr[data-login="xuathoa"]', { hasText: 'đã khóa' }).waitFor();
  const res = await fetch(env.server.url + '/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'xuathoa', password }) });
  assert.notEqual(res.status, 200);
});

test('a scope naming no unit is refused and the field marked; a ward officer is refused by the server', async () => {
  const page = await usersPage();
  await login(page, 'admin', '#/users');
  await page.locator('button[name="add_user"]').click();
  const form = page.locator('form.user-form');
  await form.locator('input[name="login"]').fill('sai_donvi');
  await form.locator('input[name="name"]').fill('Thử đơn vị sai');
  await form.locator('input[name="view"]').fill('99999');
  await form.locator('button[type="submit"]').click();
  await form.locator('.error-box').waitFor();
  assert.equal(await form.locator('input[name="view"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.once').count(), 0);

  const ward = await usersPage();
  await login(ward, 'ward', '#/users');
  await ward.locator('.error-box').waitFor();
  assert.match(await ward.locator('.error-box').innerText(), /quản trị|admin/);
});

test('the users form keeps its layout after a tasks page loaded its own stylesheet', async () => {
  const page = await usersPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await login(page, 'admin', '#/users');
  await page.locator('button[name="add_user"]').click();
  const grid = () => page.locator('form.user-form .form-grid').first()
    .evaluate((n) => getComputedStyle(n).gridTemplateColumns);
  const before = await grid();
  await page.goto(page.url().replace(/#.*/, '#/tasks'));
  await page.locator('link#tasks-css').waitFor({ state: 'attached' });
  await page.goto(page.url().replace(/#.*/, '#/users'));
  await page.locator('button[name="add_user"]').click();
  assert.equal(await grid(), before, 'tasks.css must not restyle other pages\' forms');
});
