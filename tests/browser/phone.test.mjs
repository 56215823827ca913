// phone.test.mjs - the briefing on a phone (issue #17, item 1) at 390x844: on the
// dashboard no percentage or status lies outside the viewport (every such cell's
// getBoundingClientRect within 0..390, and the page never scrolls sideways); the
// targets not met, behind or at risk come first as cards with a trend line drawn
// from GET /api/eval/trend; the lagging wards by name (not indicator codes) near
// the top; the summary cards filter the list (click, Enter, Space; aria-pressed; kept
// in the URL); the desktop keeps its table and order; the plans, catalogue and users
// pages hold no element wider than the viewport; and pages opened without a month
// (dashboard, entry, new meeting) open on GET /api/period/default's month, which is
// never a locked empty one (server "today" 07/12/2026: the city ended on 30/06/2025,
// 6/2025 is locked and empty, 12/2024 has data).
// Not for: the default month's rule in detail (tests/http/test_http_period_default.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login, shot } from './lib.mjs';

// the demo as of the end of 2024 (its seed years): the city's months of 2025 are still
// empty, the locked empty months the default month passes over
const env = setup({ today: '2026-12-07', demoToday: '2024-12-31' });
const PHONE = { viewport: { width: 390, height: 844 } };
const CITY = '#/dashboard?unit=058&period=202206';

/** Rects of the elements matching sel that reach outside 0..innerWidth, and how many matched. */
async function outside(page, sel) {
  return page.evaluate((s) => {
    const bad = [];
    const all = [...document.querySelectorAll(s)].filter((e) => e.getClientRects().length);
    for (const e of all) {
      const r = e.getBoundingClientRect();
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5)
        bad.push(`${e.className} ${Math.round(r.left)}..${Math.round(r.right)} "${e.textContent.trim().slice(0, 20)}"`);
    }
    return { n: all.length, bad };
  }, sel);
}

const atRisk = (r) => r.forecast?.status === 'ok' && r.forecast.probability !== null && r.forecast.probability < 0.5;

test('phone dashboard: every status and percentage inside the 390 px viewport, no sideways scroll', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const page = await env.page(PHONE);
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the page scrolls sideways');
  const cells = await outside(page, 'tr[data-code] td.col-pct, tr[data-code] td.col-status, tr[data-code] td.col-status .badge');
  // a status cell and its badge per indicator, a % cell per indicator that has one (an empty cell is left out)
  const withPct = ev.indicators.filter((r) => r.percent_of_target !== null).length;
  assert.ok(withPct > 0);
  assert.equal(cells.n, ev.indicators.length * 2 + withPct);
  assert.deepEqual(cells.bad, [], 'cells outside the viewport');
  const cards = await outside(page, '#dash-attention .att-pct, #dash-attention .badge');
  assert.ok(cards.n > 0);
  assert.deepEqual(cards.bad, []);
  // the status and % of KT01 are readable where they are: label and figure on its card
  const kt01 = page.locator('tr[data-code="KT01"]');
  assert.equal(await kt01.locator('td.col-pct').innerText(), '50,58%');
  assert.equal(await kt01.locator('td.col-pct').evaluate((c) => getComputedStyle(c, '::before').content), '"% KH"');
  await shot(page, 'phone-dashboard-390x844');
});

test('phone dashboard: targets behind or at risk first, as cards with a trend line', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const trend = await api.get('/api/eval/trend?unit=058&period=202206');
  const want = ev.indicators.filter((r) => ['behind', 'not_met'].includes(r.status) || atRisk(r));
  assert.ok(want.length > 0, 'the demo has targets behind in 6/2022');
  const page = await env.page(PHONE);
  await login(page, 'leader', CITY);
  const att = page.locator('#dash-attention');
  await att.waitFor();
  assert.ok(await att.isVisible());
  const more = att.locator('.att-more');
  if (await more.count()) await more.click();
  const shown = await att.locator('.att-card').evaluateAll((cs) => cs.map((c) => c.dataset.code));
  assert.deepEqual([...shown].sort(), want.map((r) => r.code).sort());
  const st = await att.locator('.att-card').evaluateAll((cs) => cs.map((c) => c.dataset.status));
  const rank = (s) => ({ not_met: 0, behind: 1 }[s] ?? 2);
  assert.deepEqual(st, [...st].sort((a, b) => rank(a) - rank(b)), 'not met, then behind, then at risk');
  // before the full list, after the summary cards
  const top = async (sel) => (await page.locator(sel).first().boundingBox()).y;
  assert.ok(await top('#dash-attention') < await top('section.sector'));
  assert.ok(await top('#dash-attention') > await top('#dash-count'));
  // each card: figure, % of plan, status, and a sparkline of the % of plan month by month
  const first = att.locator('.att-card').first();
  const code = await first.getAttribute('data-code');
  const row = ev.indicators.find((r) => r.code === code);
  assert.equal((await first.locator('.badge').innerText()).trim(), row.status_label);
  await first.locator('svg.spark path').waitFor({ state: 'attached' });
  const d = await first.locator('svg.spark path').getAttribute('d');
  const points = trend.indicators.find((i) => i.code === code).percent.filter((v) => v !== null).length;
  assert.equal((d.match(/[ML]/g) || []).length, points, `one point per month with a %: ${d}`);
  assert.match(await first.locator('svg.spark').getAttribute('aria-label'), /Diễn biến % kế hoạch từ tháng 1: 1: /);
  // no chart library for this
  assert.equal(await page.evaluate(() => typeof window.Chart), 'undefined');
});

test('phone dashboard: the lagging wards by name, near the top', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const wards = new Set(ev.indicators.flatMap((i) => (i.lagging_units || []).map((u) => u.name)));
  assert.ok(wards.size > 0);
  const page = await env.page(PHONE);
  await login(page, 'leader', CITY);
  const lag = page.locator('#dash-lagging');
  await lag.waitFor();
  const y = (await lag.boundingBox()).y;
  const tableY = (await page.locator('section.sector').first().boundingBox()).y;
  assert.ok(y < tableY, `lagging wards (y=${y}) before the indicator list (y=${tableY})`);
  assert.ok(y < 3 * 844, `lagging wards within three screens (y=${y})`);
  const items = await lag.locator('li').allInnerTexts();
  assert.equal(items.length, wards.size);
  for (const w of wards) assert.ok(items.some((s) => s.startsWith(w)), `ward ${w} by name`);
  const text = items.join('\n');
  assert.doesNotMatch(text, /\b(KT|VX|MT|QP|CQ)\d\d\b/, 'indicators by name, not code');
  const lagged = ev.indicators.find((i) => (i.lagging_units || []).length);
  assert.ok(text.includes(lagged.name), lagged.name);
});

test('summary cards filter the list: click, Enter and Space toggle; aria-pressed; in the URL', async () => {
  const api = await env.api('leader');
  const ev = await api.get('/api/eval?unit=058&period=202206');
  const page = await env.page(PHONE);
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  const total = await page.locator('tr[data-code]').count();
  const card = page.locator('button.filter-card[data-card="not_met"]');
  assert.match(await card.innerText(), new RegExp(`${ev.summary.not_met}\\s+không đạt hoặc chậm`));
  assert.equal(await card.getAttribute('aria-pressed'), 'false');
  await card.click();
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  const st = await page.locator('tr[data-code]').evaluateAll((rs) => rs.map((r) => r.dataset.status));
  assert.equal(st.length, ev.summary.not_met);
  assert.ok(st.every((s) => s === 'behind' || s === 'not_met'), st.join(','));
  assert.match(page.url(), /card=not_met/);
  await card.click(); // again: all
  assert.equal(await card.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('tr[data-code]').count(), total);
  // keyboard: Enter on the main card, Space to let go
  const met = page.locator('#dash-count');
  await met.focus();
  await page.keyboard.press('Enter');
  assert.equal(await met.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('tr[data-code]').count(), ev.summary.met);
  assert.equal(await card.getAttribute('aria-pressed'), 'false', 'one card pressed at a time');
  await page.keyboard.press('Space');
  assert.equal(await met.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('tr[data-code]').count(), total);
  // a shared URL opens filtered
  await page.goto('/' + CITY + '&card=not_met');
  await page.locator('button.filter-card[data-card="not_met"][aria-pressed="true"]').waitFor();
  assert.equal(await page.locator('tr[data-code]').count(), ev.summary.not_met);
});

test('desktop keeps its layout: table with its header row, no attention cards, lagging after the table', async () => {
  const page = await env.page();
  await login(page, 'leader', CITY);
  await page.locator('#dash-count').waitFor();
  assert.equal(await page.locator('#dash-attention').isVisible(), false);
  assert.ok(await page.locator('section.sector thead th').first().isVisible());
  assert.equal(await page.locator('tr[data-code="KT01"]').evaluate((r) => getComputedStyle(r).display), 'table-row');
  const y = async (sel) => (await page.locator(sel).first().boundingBox()).y;
  assert.ok(await y('#dash-lagging') > await y('section.sector'));
});

for (const [name, hash, ready] of [
  ['plans', '#/plans?unit=058&year=2024', 'tr[data-code], table.data tbody tr'],
  ['catalogue: indicators', '#/catalog?tab=indicators', 'table.data tbody tr'],
  ['catalogue: units', '#/catalog?tab=units', 'table.data tbody tr'],
  ['catalogue: rules', '#/catalog?tab=rules', 'table.data tbody tr'],
  ['users', '#/users', 'table.data tbody tr'],
]) {
  test(`${name} on a phone: no element wider than the viewport`, async () => {
    const page = await env.page(PHONE);
    await login(page, 'admin', hash);
    await page.locator(ready).first().waitFor();
    const r = await outside(page, 'main *');
    assert.ok(r.n > 20);
    assert.deepEqual(r.bad, [], `${name}: elements outside 0..390`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390);
    // the row's buttons are on screen and can be pressed
    const btn = page.locator('table.data tbody button').first();
    if (await btn.count()) {
      const b = await btn.boundingBox();
      assert.ok(b.x >= 0 && b.x + b.width <= 390, `button at ${b.x}..${b.x + b.width}`);
    }
  });
}

test('pages without a month open on the default month, never a locked empty one', async () => {
  const api = await env.api('leader');
  const def = await api.get('/api/period/default?unit=058');
  assert.equal(def.period, '202412');
  assert.notEqual(def.period, '202506');
  // the month chosen holds data, or is open for entry
  const ev = await api.get(`/api/eval?unit=058&period=${def.period}`);
  const lock = await api.get(`/api/locks?unit=058&period=${def.period}`);
  assert.ok(ev.indicators.some((r) => r.value !== null) || !lock.closed, 'not a locked empty month');
  // and 6/2025, which the pages used to open on, is locked and empty
  const june = await api.get('/api/eval?unit=058&period=202506');
  assert.equal((await api.get('/api/locks?unit=058&period=202506')).closed, true);
  assert.ok(june.indicators.every((r) => r.value === null));

  const page = await env.page(PHONE);
  await login(page, 'leader', '#/dashboard');
  await page.waitForFunction(() => /period=202412/.test(window.location.hash));
  assert.equal(await page.locator('select[name="year"]').inputValue(), '2024');
  assert.equal(await page.locator('select[name="month"]').inputValue(), '12');

  await page.goto('/#/meeting?new=1');
  const form = page.locator('#meeting-form');
  await form.waitFor();
  assert.equal(await form.locator('select[name="period_year"]').inputValue(), '2024');
  assert.equal(await form.locator('select[name="period_sub"]').inputValue(), '12');

  const ward = await env.page(PHONE);
  const wdef = await (await env.api('ward')).get('/api/period/default?unit=01837');
  await login(ward, 'ward', '#/entry');
  await ward.locator('.entry-of', { hasText: 'tháng 12/2024' }).waitFor();
  assert.equal(wdef.period, '202412');
});
