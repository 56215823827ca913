// tasks.test.mjs - the tasks pages against the real server (today fixed at
// 15/07/2022; an earlier June briefing gave phường Sông Cầu a task due 30/06/2022,
// overdue now): a leader creates a meeting and assigns a task led by Sông Cầu;
// Sông Cầu's officer finds it under "my tasks" (overdue first, accent-free search),
// reports progress with an attachment and sees it on the task's page; Đức Xuân's
// officer does not see it (list, and the direct URL is refused by the server); a
// coordinating ward's progress report shows the server's 403; the assigner extends
// it with a reason kept in the history; the statistics match the API; the
// dashboard's tasks section lists the unit's overdue task; a phone-width (360 px)
// screenshot of the tasks page is kept as an artefact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, cli } from './lib.mjs';

const env = setup({ today: '2022-07-15' });
const CONTENT = 'Kiểm tra an toàn thực phẩm tại chợ Sông Cầu';
let oldTaskId = 0;
let coordTaskId = 0;
let newTaskId = 0;

/** Seeds once (root hooks may run side by side, so each test asks): */
function seed() {
  if (oldTaskId) return;
  // an earlier briefing of the city (by the CLI) with an overdue task led by Sông Cầu
  const m = cli(env.server, ['meeting', 'add', '--title', 'Giao ban bổ sung đầu tháng 6/2022', '--date', '01/06/2022',
    '--unit', '058', '--period', '202205']);
  const mid = /cuộc họp số (\d+)/.exec(m)[1];
  const out1 = cli(env.server, ['task', 'add', '--meeting', mid, '--lead', '01837', '--due', '30/06/2022',
    '--content', 'Rà soát nguồn thu ngân sách trên địa bàn phường', '--indicators', 'KT02']);
  oldTaskId = Number(/nhiệm vụ số (\d+)/.exec(out1)[1]);
  const out2 = cli(env.server, ['task', 'add', '--meeting', mid, '--lead', '01837', '--coord', '01840', '--due', '202209',
    '--content', 'Chỉnh trang vỉa hè tuyến phố chính']);
  coordTaskId = Number(/nhiệm vụ số (\d+)/.exec(out2)[1]);
}

/** A page on which the server's refusals (403) are expected console errors. */
async function refusedPage(opts) {
  const page = await env.page(opts);
  page.allowErrors.push(/status of 403/);
  return page;
}

test('a leader creates a meeting and assigns a task led by a ward', async () => {
  seed();
  const page = await env.page();
  await login(page, 'leader', '#/meeting?new=1');
  const form = page.locator('#meeting-form');
  await form.waitFor();
  await form.locator('select[name="unit"]').selectOption('058');
  await form.locator('input[name="title"]').fill('Giao ban UBND thành phố tháng 6/2022');
  await form.locator('input[name="date"]').fill('2022-07-14');
  await form.locator('input[name="time"]').fill('14:00');
  await form.locator('select[name="period_kind"]').selectOption('month');
  await form.locator('select[name="period_year"]').selectOption('2022');
  await form.locator('select[name="period_sub"]').selectOption('6');
  await form.locator('textarea[name="conclusions"]').fill('Tập trung thu ngân sách, bảo đảm an toàn thực phẩm.');
  await form.locator('button[type="submit"]').click();
  await page.locator('#meeting-title', { hasText: 'tháng 6/2022' }).waitFor();
  const meetingId = Number(/#\/meeting\?id=(\d+)$/.exec(page.url())[1]);
  const api = await env.api('admin');
  const saved = await api.get(`/api/meetings/${meetingId}`);
  assert.equal(saved.title, 'Giao ban UBND thành phố tháng 6/2022');
  assert.equal(saved.date, '2022-07-14');
  assert.equal(saved.time, '14:00');
  assert.equal(saved.period, '202206');
  assert.equal(saved.created_by, 'lanhdao');
  // the agenda, first on the page, starts from the June briefing's overdue task
  const agenda = page.locator('#meeting-agenda');
  await agenda.locator(`tr[data-id="${oldTaskId}"]`).waitFor();
  const ag = await api.get(`/api/meetings/${meetingId}/agenda`);
  assert.match(await agenda.locator('h2').innerText(), new RegExp(`${ag.open} còn mở, ${ag.overdue} quá hạn`));
  assert.equal(await agenda.locator('tbody tr').count(), ag.items.length);
  assert.match(await agenda.locator(`tr[data-id="${oldTaskId}"]`).innerText(), /Quá hạn chưa hoàn thành/);
  assert.equal(await agenda.locator('tbody tr').first().getAttribute('data-status'), 'overdue', 'overdue first');

  const add = page.locator('#task-add-form');
  await add.locator('textarea[name="content"]').fill(CONTENT);
  await add.locator('select[name="lead_unit"]').selectOption('u:01837');
  await add.locator('input[name="due"]').fill('31/07/2022');
  await add.locator('select[name="indicators"]').selectOption(['KT01']);
  await add.locator('button[type="submit"]').click();
  const row = page.locator('#meeting-tasks tbody tr', { hasText: CONTENT });
  await row.waitFor();
  assert.match(await row.innerText(), /Đang thực hiện trong hạn/);
  assert.match(await row.innerText(), /31\/07\/2022/);
  newTaskId = Number(await row.getAttribute('data-id'));
  const k = await api.get(`/api/tasks/${newTaskId}`);
  assert.equal(k.content, CONTENT);
  assert.equal(k.lead_unit, '01837');
  assert.equal(k.meeting, meetingId);
  assert.equal(k.assigned_by, 'lanhdao');
  assert.deepEqual(k.indicators, ['KT01']);
});

test('the lead ward sees the task under my tasks, reports progress with an attachment, and sees it on the task', async () => {
  seed();
  assert.ok(newTaskId, 'the first test created the task');
  const page = await env.page();
  await login(page, 'ward', '#/tasks');
  const list = page.locator('#tasks-list');
  const row = list.locator(`tr[data-id="${newTaskId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /chủ trì/, 'the ward leads it');
  assert.equal(await list.locator('tbody tr').first().getAttribute('data-status'), 'overdue', 'overdue first');
  // accent-free search: "an toan thuc pham" finds "an toàn thực phẩm"
  await page.locator('input[name="q"]').fill('an toan thuc pham tai cho song cau');
  await list.locator('tbody tr').first().waitFor();
  assert.equal(await list.locator('tbody tr').count(), 1);
  assert.match(page.url(), /q=an(\+|%20)toan(\+|%20)thuc/);
  await page.locator('input[name="q"]').fill('');
  // status filter goes to the server
  await page.locator('select[name="status"]').selectOption('overdue');
  await list.locator(`tr[data-id="${oldTaskId}"]`).waitFor();
  assert.equal(await list.locator(`tr[data-id="${newTaskId}"]`).count(), 0);

  await page.goto(`/#/task?id=${newTaskId}`);
  const form = page.locator('#progress-form');
  await form.waitFor();
  assert.match(await page.locator('#task-facts').innerText(), /Tổng mức bán lẻ/, 'linked indicator by name');
  await form.locator('textarea[name="text"]').fill('Đã kiểm tra 3 chợ, lập biên bản 2 cơ sở.');
  await form.locator('input[name="percent"]').fill('60');
  await form.locator('input[name="attachment"]').setInputFiles({
    name: 'bien-ban.txt', mimeType: 'text/plain', buffer: Buffer.from('Biên bản kiểm tra chợ Sông Cầu\n'),
  });
  await form.locator('button[type="submit"]').click();
  const item = page.locator('#task-progress li', { hasText: 'Đã kiểm tra 3 chợ' });
  await item.waitFor();
  assert.match(await item.innerText(), /15\/07\/2022 · 60%/);
  assert.match(await page.locator('#task-facts').innerText(), /60%/);
  assert.match(await page.locator('#task-history').innerText(), /Báo cáo tiến độ/);
  const [dl] = await Promise.all([page.waitForEvent('download'), item.locator('a.attachment').click()]);
  assert.equal(dl.suggestedFilename(), 'bien-ban.txt');
  const chunks = [];
  for await (const c of await dl.createReadStream()) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString(), 'Biên bản kiểm tra chợ Sông Cầu\n');
  const k = await (await env.api('admin')).get(`/api/tasks/${newTaskId}`);
  assert.equal(k.percent, 60);
  assert.equal(k.progress[0].by, 'songcau');
});

test('another ward does not see the task: not listed, and the direct URL is refused', async () => {
  seed();
  const page = await refusedPage();
  await login(page, 'ward2', '#/tasks');
  await page.locator('#tasks-summary').waitFor();
  await page.locator('#tasks-list table').waitFor();
  assert.equal(await page.locator(`#tasks-list tr[data-id="${newTaskId}"]`).count(), 0);
  assert.equal(await page.locator(`#tasks-list tr[data-id="${oldTaskId}"]`).count(), 0);
  assert.equal(await page.locator(`#tasks-list tr[data-id="${coordTaskId}"]`).count(), 1, 'it coordinates this one');
  assert.match(await page.locator(`#tasks-list tr[data-id="${coordTaskId}"]`).innerText(), /phối hợp/);
  await page.goto(`/#/task?id=${newTaskId}`);
  const box = page.locator('.error-box');
  await box.waitFor();
  assert.match(await box.innerText(), /không được xem nhiệm vụ số/);
  assert.equal(await page.locator('#task-content').count(), 0);
});

test('a coordinating ward may not report progress: the server\'s 403 is shown and nothing changes', async () => {
  seed();
  const page = await refusedPage();
  await login(page, 'ward2', `#/task?id=${coordTaskId}`);
  const form = page.locator('#progress-form');
  await page.locator('#task-content').waitFor();
  await form.locator('..').locator('summary').click(); // collapsed for a non-lead user
  await form.locator('textarea[name="text"]').fill('Đã phối hợp');
  await form.locator('input[name="percent"]').fill('10');
  await form.locator('button[type="submit"]').click();
  const box = form.locator('.error-box');
  await box.waitFor();
  assert.match(await box.innerText(), /chỉ đơn vị chủ trì \(01837\) báo cáo tiến độ/);
  const k = await (await env.api('admin')).get(`/api/tasks/${coordTaskId}`);
  assert.equal(k.progress.length, 0);
});

test('the assigner extends the task with a reason, kept in its history', async () => {
  seed();
  const page = await env.page();
  page.allowErrors.push(/status of 400/); // the empty reason below
  await login(page, 'leader', `#/task?id=${newTaskId}`);
  const form = page.locator('#extend-form');
  await page.locator('#task-content').waitFor();
  await form.locator('..').locator('summary').click();
  await form.locator('input[name="due"]').fill('15/08/2022');
  await form.locator('textarea[name="reason"]').fill('Chờ kết quả xét nghiệm mẫu');
  await form.locator('button[type="submit"]').click();
  await page.locator('#task-due', { hasText: '15/08/2022' }).waitFor();
  assert.match(await page.locator('#task-facts').innerText(), /hạn ban đầu 31\/07\/2022/);
  const ext = page.locator('#task-history li[data-kind="extended"]');
  assert.match(await ext.innerText(), /Gia hạn từ 31\/07\/2022 đến 15\/08\/2022/);
  assert.match(await ext.innerText(), /Chờ kết quả xét nghiệm mẫu/);
  // an empty reason: the server names the field, the page marks it
  await form.locator('..').locator('summary').click();
  await form.locator('input[name="due"]').fill('20/08/2022');
  await form.locator('button[type="submit"]').click();
  await form.locator('.error-box').waitFor();
  assert.equal(await form.locator('textarea[name="reason"]').getAttribute('aria-invalid'), 'true');
});

test('an administrator cancels a task with a reason: it shows as cancelled, closed to progress, reason in the history', async () => {
  seed();
  const page = await env.page();
  await login(page, 'admin', `#/task?id=${coordTaskId}`);
  await page.locator('#task-content').waitFor();
  const form = page.locator('#cancel-form');
  await form.locator('..').locator('summary').click();
  await form.locator('textarea[name="reason"]').fill('Gộp vào kế hoạch chỉnh trang đô thị của thành phố');
  await form.locator('button[type="submit"]').click();
  await page.locator('#task-facts [data-status="cancelled"]').waitFor();
  assert.match(await page.locator('#task-facts').innerText(), /Đã hủy/);
  assert.equal(await page.locator('#progress-form').count(), 0);
  assert.match(await page.locator('.note').innerText(), /Nhiệm vụ đã đóng/);
  assert.match(await page.locator('#task-history li[data-kind="cancelled"]').innerText(), /Gộp vào kế hoạch chỉnh trang/);
  const k = await (await env.api('admin')).get(`/api/tasks/${coordTaskId}`);
  assert.equal(k.state, 'cancelled');
});

test('statistics per lead unit agree with the API', async () => {
  seed();
  const page = await env.page();
  await login(page, 'leader', '#/tasks?sunit=058&speriod=2022');
  const row = page.locator('#tasks-stats tr[data-code="01837"]');
  await row.waitFor();
  const st = await (await env.api('leader')).get('/api/tasks/stats?unit=058&period=2022');
  const r = st.items.find((i) => i.code === '01837');
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.map((c) => c.trim()), [r.total, r.done_on_time, r.done_late, r.in_progress, r.overdue]
    .map(String).concat([r.pct_on_time_text || '–']));
  assert.ok(r.overdue >= 1, 'the CLI task is overdue');
  assert.match(await page.locator('#tasks-stats tr[data-code="total"]').innerText(), /Tổng cộng/);
});

test('the dashboard lists the unit\'s open and overdue tasks', async () => {
  seed();
  const page = await env.page();
  await login(page, 'ward', '#/dashboard?unit=01837&period=202206');
  const sec = page.locator('#dash-tasks');
  await sec.locator(`tr[data-id="${oldTaskId}"]`).waitFor();
  const open = (await (await env.api('ward')).get('/api/tasks?open=true&limit=1000')).items
    .filter((k) => k.owner_unit === '01837' || k.lead_unit === '01837' || k.coord_units.includes('01837'));
  const over = open.filter((k) => k.status === 'overdue').length;
  assert.ok(over >= 1);
  assert.match(await sec.locator('#dash-tasks-counts').innerText(), new RegExp(`${open.length} nhiệm vụ đang mở, ${over} quá hạn`));
  assert.match(await sec.locator(`tr[data-id="${oldTaskId}"]`).innerText(), /Quá hạn chưa hoàn thành/);
  assert.equal(await sec.locator('tbody tr').first().getAttribute('data-status'), 'overdue');
  await sec.locator(`tr[data-id="${oldTaskId}"]`).click();
  await page.locator('#task-content', { hasText: 'Rà soát nguồn thu' }).waitFor();
});

test('tasks page at phone width (360 px): no sideways scrolling of the page; screenshot kept', async () => {
  seed();
  const page = await env.page({ viewport: { width: 360, height: 780 } });
  await login(page, 'ward', '#/tasks');
  await page.locator(`#tasks-list tr[data-id="${newTaskId}"]`).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot(page, 'tasks-phone');
});

test('in English the tasks page keeps the server\'s figures and shows English labels', async () => {
  seed();
  const page = await env.page();
  await login(page, 'ward', '#/tasks');
  await page.locator(`#tasks-list tr[data-id="${oldTaskId}"]`).waitFor();
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: 'Tasks' }).waitFor();
  const row = page.locator(`#tasks-list tr[data-id="${oldTaskId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Overdue/);
  assert.match(await row.innerText(), /30\/06\/2022/, 'dates stay dd/mm/yyyy');
  assert.match(await row.innerText(), /\blead\b/);
});
