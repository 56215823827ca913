// meetings.test.mjs - the meetings pages against the real server (today fixed at
// 15/07/2022): the list with its filters kept in the URL; a leader creates a
// meeting (an empty title is refused by the server and marked on the field), edits
// it, assigns a task at it (led by a department this time), reads the conclusions
// notice in the page and as the printable HTML, and deletes a meeting without
// tasks; a ward officer cannot create one (the server's 403 is shown) and does not
// see the city's meetings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login } from './lib.mjs';

const env = setup({ today: '2022-07-15' });

test('a leader creates a meeting (empty title refused on its field), edits it, assigns a task, reads the notice', async () => {
  const page = await env.page();
  page.allowErrors.push(/status of 400/); // the empty title
  await login(page, 'leader', '#/meetings');
  await page.locator('#meeting-new').click();
  const form = page.locator('#meeting-form');
  await form.waitFor();
  await form.locator('select[name="kind"]').selectOption('thematic');
  await form.locator('select[name="unit"]').selectOption('058');
  await form.locator('input[name="date"]').fill('2022-07-12');
  await form.locator('input[name="has_period"]').uncheck();
  await form.locator('button[type="submit"]').click();
  await form.locator('.error-box').waitFor();
  assert.equal(await form.locator('input[name="title"]').getAttribute('aria-invalid'), 'true');

  await form.locator('input[name="title"]').fill('Họp chuyên đề về an toàn thực phẩm');
  await form.locator('input[name="chair"]').fill('Phó Chủ tịch UBND thành phố');
  await form.locator('select[name="units"]').selectOption(['01837', '01840']);
  await form.locator('textarea[name="conclusions"]').fill('Tăng cường kiểm tra các chợ trước mùa lễ hội.');
  await form.locator('button[type="submit"]').click();
  await page.locator('#meeting-title', { hasText: 'an toàn thực phẩm' }).waitFor();
  const id = Number(/#\/meeting\?id=(\d+)$/.exec(page.url())[1]);
  const api = await env.api('admin');
  let m = await api.get(`/api/meetings/${id}`);
  assert.equal(m.kind, 'thematic');
  assert.equal(m.period, null);
  assert.deepEqual(m.units, ['01837', '01840']);
  assert.match(await page.locator('#meeting-facts').innerText(), /phường Sông Cầu; phường Đức Xuân/);
  assert.match(await page.locator('#meeting-agenda').innerText(), /Không còn nhiệm vụ nào mở/, 'first thematic meeting');

  // edit: the form comes back filled; change the title and the time
  await page.locator('#meeting-edit').click();
  await form.waitFor();
  assert.equal(await form.locator('input[name="title"]').inputValue(), 'Họp chuyên đề về an toàn thực phẩm');
  await form.locator('input[name="title"]').fill('Họp chuyên đề an toàn thực phẩm quý III/2022');
  await form.locator('input[name="time"]').fill('08:30');
  await form.locator('button[type="submit"]').click();
  await page.locator('#meeting-title', { hasText: 'quý III/2022' }).waitFor();
  m = await api.get(`/api/meetings/${id}`);
  assert.equal(m.time, '08:30');
  assert.deepEqual(m.units, ['01837', '01840'], 'untouched fields stay');

  // a task led by a department, due at the end of a period
  const add = page.locator('#task-add-form');
  await add.locator('textarea[name="content"]').fill('Lấy mẫu kiểm nghiệm thực phẩm tại các chợ');
  await add.locator('select[name="lead_unit"]').selectOption('a:KT');
  await add.locator('select[name="coord_units"]').selectOption(['01837']);
  await add.locator('input[name="due"]').fill('202208');
  await add.locator('select[name="priority"]').selectOption('high');
  await add.locator('button[type="submit"]').click();
  const row = page.locator('#meeting-tasks tbody tr', { hasText: 'Lấy mẫu kiểm nghiệm' });
  await row.waitFor();
  assert.match(await row.innerText(), /Phòng Kinh tế/);
  assert.match(await row.innerText(), /tháng 8\/2022 \(31\/08\/2022\)/);
  assert.ok(await page.locator('#meeting-delete').isDisabled(), 'a meeting with tasks cannot be deleted');

  // the notice: its text in the page, grouped by lead, and the printable HTML in a new tab
  await page.locator('#meeting-notice-details summary').click();
  const pre = page.locator('#meeting-notice-text');
  await pre.locator('text=Lấy mẫu kiểm nghiệm').waitFor();
  const text = await pre.innerText();
  assert.equal(text, await (await fetch(`${env.server.url}/api/meetings/${id}/notice?format=text`,
    { headers: { Cookie: api.cookie } })).text());
  assert.match(text, /Phòng Kinh tế/);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.locator('#notice-html').click()]);
  await tab.waitForLoadState();
  assert.match(tab.url(), new RegExp(`/api/meetings/${id}/notice\\?format=html$`));
  assert.match(await tab.locator('body').innerText(), /Lấy mẫu kiểm nghiệm thực phẩm/);
  await tab.close();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#notice-text').click()]);
  assert.equal(dl.suggestedFilename(), `thong-bao-ket-luan-${id}.txt`);
});

test('the meetings list filters by kind and dates, kept in the URL; a meeting without tasks is deleted', async () => {
  const api = await env.api('leader');
  const made = await api.send('POST', '/api/meetings', { kind: 'visit', title: 'Làm việc với đoàn kiểm tra của tỉnh',
    date: '2022-07-08', unit: '058' });
  const page = await env.page();
  await login(page, 'leader', '#/meetings');
  await page.locator(`tr[data-id="${made.id}"]`).waitFor();
  await page.locator('select[name="kind"]').selectOption('visit');
  await page.locator(`tr[data-id="${made.id}"]`).waitFor();
  assert.match(page.url(), /kind=visit/);
  const all = (await api.get('/api/meetings?kind=visit')).items;
  assert.equal(await page.locator('table.data tbody tr[data-id]').count(), all.length);
  await page.locator('input[name="from"]').fill('2022-07-09');
  await page.locator('input[name="from"]').dispatchEvent('change');
  await page.waitForURL(/from=2022-07-09/);
  await page.locator('#meetings-count').waitFor();
  assert.equal(await page.locator(`tr[data-id="${made.id}"]`).count(), 0, 'before the from date');

  await page.goto(`/#/meeting?id=${made.id}`);
  await page.locator('#meeting-title').waitFor();
  page.once('dialog', (d) => d.accept());
  await page.locator('#meeting-delete').click();
  await page.waitForURL(/#\/meetings$/);
  await assert.rejects(api.get(`/api/meetings/${made.id}`), /404/);
});

test('a ward officer cannot hold a city meeting: the server\'s 403 is shown; the city\'s meetings are not listed', async () => {
  const leader = await env.api('leader');
  const city = await leader.send('POST', '/api/meetings', { kind: 'monthly', title: 'Giao ban riêng của thành phố',
    date: '2022-07-13', unit: '058' });
  const page = await env.page();
  page.allowErrors.push(/status of 403/);
  await login(page, 'ward', '#/meetings');
  await page.locator('#meetings-count').waitFor();
  assert.equal(await page.locator(`tr[data-id="${city.id}"]`).count(), 0);
  assert.equal(await page.locator('#meeting-new').count(), 0, 'no "new meeting" link for a ward');
  await page.goto(`/#/meeting?id=${city.id}`);
  await page.locator('.error-box').waitFor();
  await page.goto('/#/meeting?new=1');
  const form = page.locator('#meeting-form');
  await form.waitFor();
  await form.locator('input[name="title"]').fill('Họp của phường');
  await form.locator('button[type="submit"]').click();
  const box = form.locator('.error-box');
  await box.waitFor();
  assert.match(await box.innerText(), /chỉ quản trị viên hoặc lãnh đạo/);
  const mine = (await (await env.api('admin')).get('/api/meetings?unit=01837')).items;
  assert.equal(mine.length, 0, 'nothing was created');
});
