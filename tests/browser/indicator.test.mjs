// indicator.test.mjs - the indicator detail: Chart.js (served from web/node_modules,
// no CDN) draws this year's cumulative against last year's and the target path, and
// the wards side by side, each chart with the same figures in a table (its text
// alternative, checked against GET /api/eval); the audit history shows a change
// made with the CLI; a ward officer cannot see the city's detail (the server refuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot, cli } from './lib.mjs';
import { num } from '../../web/js/fmt.js';

const env = setup();
const KT01 = '#/indicator?code=KT01&unit=058&period=202206';

test('line chart and month table agree with /api/eval month by month', async () => {
  const api = await env.api('leader');
  const page = await env.page();
  await login(page, 'leader', KT01);
  await page.locator('#ind-months').waitFor();
  assert.equal(await page.locator('#ind-cumulative').innerText(), '1.739,5');
  await page.waitForFunction(() => window.Chart && window.Chart.getChart(document.getElementById('chart-year')));
  const chart = await page.evaluate(() => {
    const c = window.Chart.getChart(document.getElementById('chart-year'));
    return { type: c.config.type, labels: c.data.labels, data: c.data.datasets.map((d) => d.data) };
  });
  assert.equal(chart.type, 'line');
  assert.equal(chart.labels.length, 12);
  // this year, last year, the path to the target; then the year-end forecast from June and its 80% band
  assert.equal(chart.data.length, 6);
  const rows = await page.locator('#ind-months tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 12);
  for (const m of [1, 3, 6]) {
    const ev = await api.get(`/api/eval?unit=058&period=2022${String(m).padStart(2, '0')}`);
    const r = ev.indicators.find((i) => i.code === 'KT01');
    assert.equal(chart.data[0][m - 1], r.cumulative, `this year, month ${m}`);
    assert.equal(chart.data[1][m - 1], r.previous_cumulative, `last year, month ${m}`);
    assert.equal(rows[m - 1][2], num(r.cumulative, 1), `table, month ${m}`);
    assert.equal(rows[m - 1][4], num(r.previous_cumulative, 1), `table last year, month ${m}`);
  }
  assert.equal(chart.data[0][6], null, 'no figure after the selected month');
  assert.equal(chart.data[2][11], 3439, 'the path ends at the annual target');
  const fc = (await api.get('/api/eval?unit=058&period=202206')).indicators.find((i) => i.code === 'KT01').forecast;
  assert.equal(chart.data[3][5], 1739.5, 'the forecast starts at the last actual');
  assert.equal(chart.data[3][11], fc.path.find((p) => p.month === 12).value, 'the forecast ends at the projected year');
  assert.ok(chart.data[4][11] < chart.data[3][11] && chart.data[3][11] < chart.data[5][11], 'inside its band');
  const canvas = page.locator('#chart-year');
  assert.equal(await canvas.getAttribute('role'), 'img');
  assert.equal(await canvas.getAttribute('aria-describedby'), 'ind-months');
  await shot(page, 'indicator-KT01-058-202206');
});

test('wards side by side: bar chart and table of the 8 wards', async () => {
  const api = await env.api('leader');
  const page = await env.page();
  await login(page, 'leader', KT01);
  await page.locator('#ind-units').waitFor();
  await page.waitForFunction(() => window.Chart?.getChart(document.getElementById('chart-units')));
  const bars = await page.evaluate(() => {
    const c = window.Chart.getChart(document.getElementById('chart-units'));
    return { type: c.config.type, labels: c.data.labels, cum: c.data.datasets[0].data };
  });
  assert.equal(bars.type, 'bar');
  assert.equal(bars.labels.length, 8);
  const sc = await api.get('/api/eval?unit=01837&period=202206');
  const i = bars.labels.indexOf('Sông Cầu');
  assert.ok(i >= 0);
  assert.equal(bars.cum[i], sc.indicators.find((x) => x.code === 'KT01').cumulative);
  assert.equal(await page.locator('#ind-units tbody tr').count(), 8);
  // Chart.js came from chitieu itself
  const src = await page.evaluate(() => [...document.scripts].map((s) => s.src).find((s) => s.includes('chart')));
  assert.match(src, /^http:\/\/127\.0\.0\.1:\d+\/node_modules\/chart\.js\/dist\/chart\.umd\.js$/);
});

test('audit history shows a value change with old, new, author and reason', async () => {
  cli(env.server, ['value', 'set', '--indicator', 'KT01', '--unit', '01837', '--period', '202206', '--value', '43,5',
    '--reason', 'sửa theo báo cáo chính thức']);
  const page = await env.page();
  await login(page, 'leader', '#/indicator?code=KT01&unit=01837&period=202206');
  const hist = page.locator('#ind-history table').first();
  await hist.waitFor();
  const cells = await hist.locator('tbody tr').first().locator('td, th').allInnerTexts();
  assert.match(cells[0], /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  assert.equal(cells[1], 'cli-test');
  assert.equal(cells[2], '42,9');
  assert.equal(cells[3], '43,5');
  assert.equal(cells[4], 'sửa theo báo cáo chính thức');
});

test('a ward officer opening the city detail gets the server refusal, not figures', async () => {
  const page = await env.page();
  page.allowErrors.push(/403/);
  await login(page, 'ward', KT01);
  await page.getByRole('alert').first().waitFor();
  assert.equal(await page.locator('#ind-cumulative').count(), 0);
});

test('a yearly indicator: history asked for its own period (the year), no failed request', async () => {
  const page = await env.page();
  await login(page, 'leader', '#/indicator?code=KT05&unit=058&period=202212');
  await page.locator('#ind-history').waitFor();
  assert.match(await page.locator('#ind-history h3').first().innerText(), /năm 2022/);
  assert.equal(await page.locator('#ind-history .error-box').count(), 0);
  // no ward reports this city-level figure: no empty bar chart, the table still says so
  assert.equal(await page.locator('#chart-units').count(), 0);
});
