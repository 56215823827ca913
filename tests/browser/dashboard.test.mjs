// dashboard.test.mjs - the dashboard: the leader's city roll-up of 058 with
// "N of M" equal to GET /api/eval's summary and every indicator grouped by sector;
// figures in Vietnamese formats; filters (sector, status) and the accent-free
// search ("hoa" finds "hóa"; "bac kan" narrows the unit picker to every "Bắc Kạn");
// the lagging units; English labels after the language switch; keyboard: Tab
// reaches the rows and Enter opens the indicator detail; phone width (390x844):
// rows as stacked cards, no horizontal scroll (tests/browser/phone.test.mjs has the
// rest of the phone briefing), first column fixed on wider screens; screenshot kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot } from './lib.mjs';
import { fold } from '../../web/js/search.js';

const env = setup();
const CITY = '#/dashboard?unit=058&period=202206';

test('leader: city roll-up, N of M as /api/eval says, grouped by sector', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const page = await env.page();
  await login(page, 'leader', CITY);
  const count = page.locator('#dash-count');
  await count.waitFor();
  assert.equal(await count.locator('.big').innerText(), `${ev.summary.met}/${ev.summary.with_target}`);
  assert.match(await count.innerText(), new RegExp(`${ev.summary.met} trên ${ev.summary.with_target} chỉ tiêu`));
  assert.equal(await page.locator('tr[data-code]').count(), ev.indicators.length);
  const sectors = await page.locator('section.sector').evaluateAll((ss) => ss.map((s) => s.dataset.sector));
  assert.deepEqual(sectors, [...new Set(ev.indicators.map((i) => i.sector))]);
  // KT01 row: Vietnamese formats of 285 / 1739.5 / 3439 / 50.58 / +4.85
  const kt01 = page.locator('tr[data-code="KT01"]');
  const cells = await kt01.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 5), ['285', '1.739,5', '3.439', '50,58%', '+4,85%']);
  assert.equal(await kt01.getAttribute('data-status'), 'on_track');
  assert.equal((await kt01.locator('.badge').innerText()).trim(), 'Đúng tiến độ');
  // lagging wards come from the eval's lagging_units
  const lagging = new Set(ev.indicators.flatMap((i) => (i.lagging_units || []).map((u) => u.name)));
  const shown = await page.locator('#dash-lagging li').allInnerTexts();
  assert.equal(shown.length, lagging.size);
  for (const name of lagging) assert.ok(shown.some((s) => s.startsWith(name)), `lagging ${name}`);
  assert.equal(await page.locator('section#dash-tasks').count(), 1);
});

test('filters: sector and status; search "hoa" finds "hóa" without accents', async () => {
  const page = await env.page();
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  const total = await page.locator('tr[data-code]').count();
  await page.getByLabel('Lĩnh vực').selectOption('environment');
  const envRows = await page.locator('tr[data-code]').count();
  assert.ok(envRows > 0 && envRows < total);
  assert.deepEqual(await page.locator('section.sector').evaluateAll((ss) => ss.map((s) => s.dataset.sector)), ['environment']);
  assert.match(page.url(), /sector=environment/);
  await page.getByLabel('Lĩnh vực').selectOption('');
  await page.getByLabel('Tình trạng').selectOption('behind');
  const st = await page.locator('tr[data-code]').evaluateAll((rs) => rs.map((r) => r.dataset.status));
  assert.ok(st.length > 0 && st.every((s) => s === 'behind'));
  await page.getByLabel('Tình trạng').selectOption('');
  await page.getByLabel('Tìm chỉ tiêu').fill('hoa');
  const names = await page.locator('tr[data-code] .ind-name').allInnerTexts();
  assert.ok(names.length > 0 && names.length < total);
  assert.ok(names.every((n) => fold(n).includes('hoa')), names.join(' | '));
  assert.ok(names.some((n) => /hóa|hoá/.test(n)), 'an accented match is found');
  assert.ok(await page.locator('tr[data-code="KT01"]').isVisible()); // "hàng hóa"
  await page.getByLabel('Tìm chỉ tiêu').fill('BAN LE');
  assert.deepEqual(await page.locator('tr[data-code]').evaluateAll((rs) => rs.map((r) => r.dataset.code)), ['KT01']);
});

test('unit search: "bac kan" keeps every Bắc Kạn unit', async () => {
  const page = await env.page();
  await login(page, 'admin', CITY);
  await page.locator('#dash-count').waitFor();
  const all = await page.locator('select[name="unit"] option').count();
  await page.getByLabel('Tìm đơn vị').fill('bac kan');
  const visible = await page.locator('select[name="unit"] option').evaluateAll((os) => os.filter((o) => !o.hidden).map((o) => o.textContent.trim()));
  assert.ok(visible.length >= 2 && visible.length < all, visible.join(' | '));
  assert.ok(visible.every((v) => /Bắc Kạn/.test(v)), visible.join(' | '));
});

test('language switch: English headers and status labels, same figures', async () => {
  const page = await env.page();
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  await page.locator('#lang').click();
  await page.locator('#dash-count', { hasText: 'targets met' }).waitFor();
  const heads = await page.locator('section.sector').first().locator('thead th').allInnerTexts();
  assert.deepEqual(heads.map((h) => h.trim()), ['Indicator', 'Month', 'Cumulative', 'Annual target', '% of target', 'vs last year', 'Status', 'Year forecast']);
  const kt01 = page.locator('tr[data-code="KT01"]');
  assert.equal((await kt01.locator('.badge').innerText()).trim(), 'On track');
  assert.equal(await kt01.locator('.ind-name').innerText(), 'Retail sales of goods and consumer services revenue');
  assert.equal((await kt01.locator('td').allInnerTexts())[1], '1.739,5'); // numbers stay Vietnamese
  await page.locator('#lang').click(); // back to Vietnamese for the other tests of this context
});

test('keyboard: Tab reaches the rows, Enter opens the indicator detail', async () => {
  const page = await env.page();
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  await page.getByLabel('Tìm chỉ tiêu').focus();
  let code = null;
  for (let i = 0; i < 10 && !code; i++) {
    await page.keyboard.press('Tab');
    code = await page.evaluate(() => document.activeElement?.closest('tr[data-code]') === document.activeElement
      ? document.activeElement.dataset.code : null);
  }
  assert.ok(code, 'a row received the focus');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`#/indicator\\?code=${code}&unit=058&period=202206`));
  await page.locator('#ind-months').waitFor();
});

test('phone width: every row a stacked card, nothing scrolls sideways; wider screens keep the fixed first column', async () => {
  const page = await env.page({ viewport: { width: 390, height: 844 } });
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(pageWidth <= 390, `page is ${pageWidth}px wide`);
  const wrap = page.locator('.table-wrap').first();
  assert.ok(await wrap.evaluate((w) => w.scrollWidth <= w.clientWidth + 1), 'the table does not scroll sideways');
  assert.equal(await page.locator('tr[data-code="KT01"]').evaluate((r) => getComputedStyle(r).display), 'grid');
  const file = await shot(page, 'dashboard-phone-390x844');
  assert.ok(file.endsWith('.png'));
  // a tablet (above 40rem): the table as before, scrolling inside its box with the first column fixed
  await page.setViewportSize({ width: 700, height: 900 });
  const first = page.locator('tr[data-code="KT01"] > th');
  assert.equal(await first.evaluate((c) => getComputedStyle(c).position), 'sticky');
  if (await wrap.evaluate((w) => w.scrollWidth > w.clientWidth)) {
    const x0 = (await first.boundingBox()).x;
    await wrap.evaluate((w) => { w.scrollLeft = 300; });
    assert.equal((await first.boundingBox()).x, x0, 'the first column stays in view');
  }
});
