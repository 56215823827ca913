// forecast.test.mjs - the year-end forecast and the term targets in the web
// interface (issue #16): the dashboard's "Dự báo cả năm" column shows the
// projected year and the chance of meeting the plan as GET /api/eval says, and
// the filter "Có nguy cơ không đạt" keeps exactly the rows under 50% (kept in
// the URL); the indicator page draws the projected path after the last actual
// and lists it month by month with its 80% band; the term page lists the
// Congress's 2021-2025 targets against their paths with the counts of
// GET /api/eval/term.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot } from './lib.mjs';

const env = setup();
const CITY = '#/dashboard?unit=058&period=202206';

test('dashboard: the forecast column and the filter of the targets at risk', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const page = await env.page();
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  const kt01 = ev.indicators.find((i) => i.code === 'KT01');
  assert.equal(kt01.forecast.status, 'ok');
  const cell = page.locator('tr[data-code="KT01"] .forecast');
  assert.equal(await cell.getAttribute('data-probability'), String(kt01.forecast.probability));
  assert.match(await cell.innerText(), new RegExp(`khả năng đạt ${Math.round(kt01.forecast.probability * 100)}%`));
  const risky = ev.indicators.filter((i) => i.forecast && i.forecast.status === 'ok' && i.forecast.probability < 0.5)
    .map((i) => i.code).sort();
  assert.ok(risky.length > 0, 'the demo has a target at risk in June 2022');
  await page.locator('#dash-at-risk input').check();
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-code]').length === n, risky.length);
  const shown = (await page.locator('tr[data-code]').evaluateAll((rs) => rs.map((r) => r.dataset.code))).sort();
  assert.deepEqual(shown, risky);
  assert.match(page.url(), /risk=1/);
  await shot(page, 'dashboard-at-risk');
});

test('indicator: the projected path after June with its band', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const fc = ev.indicators.find((i) => i.code === 'KT01').forecast;
  const page = await env.page();
  await login(page, 'leader', '#/indicator?code=KT01&unit=058&period=202206');
  await page.locator('#ind-forecast').waitFor();
  assert.match(await page.locator('#ind-forecast').innerText(), /khả năng hoàn thành kế hoạch \d+%/);
  const rows = await page.locator('#ind-months tbody tr').evaluateAll((rs) => rs.map((r) => r.lastElementChild.innerText.trim()));
  assert.equal(rows.slice(0, 6).join(''), '', 'no forecast for the months known');
  assert.equal(rows.slice(6).filter(Boolean).length, fc.path.length);
  assert.match(rows[11], /\(.* – .*\)/);
  await shot(page, 'indicator-forecast');
});

test('term page: the 2021-2025 targets against their paths', async () => {
  const api = await env.api('leader');
  const tr = await api.get('/api/eval/term?unit=058&term=2021-2025');
  const page = await env.page();
  await login(page, 'leader', '#/term?unit=058&term=2021-2025');
  await page.locator('#term-summary').waitFor();
  assert.equal(await page.locator('#term-table tr[data-code]').count(), tr.indicators.length);
  assert.match(await page.locator('#term-summary').innerText(),
    new RegExp(`${tr.summary.on_path}/${tr.summary.targets} chỉ tiêu đúng lộ trình; ${tr.summary.behind} chỉ tiêu chậm`));
  const kt05 = tr.indicators.find((i) => i.code === 'KT05');
  assert.equal(await page.locator('tr[data-code="KT05"]').getAttribute('data-status'), kt05.status);
  assert.equal(await page.locator('#nav a[href="#/term"]').count(), 1);
  await shot(page, 'term-2021-2025');
});
