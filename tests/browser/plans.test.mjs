// plans.test.mjs - the plans page: an administrator edits a target typed the
// Vietnamese way and the server keeps it; a bad figure is refused on its field;
// a CSV import is checked by a dry run that shows old -> new and writes nothing,
// then applied; an import with a bad row shows the row and field and writes
// nothing; a leader reads the plans without edit or import controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, login } from './lib.mjs';

const env = setup({ today: '2022-06-20' });
const PLANS = '#/plans?unit=01837&year=2022';

async function target(ind, source = 'assigned') {
  const api = await env.api('admin');
  const list = await api.get(`/api/targets?indicator=${ind}&unit=01837&year=2022`);
  return list.items.find((x) => x.source === source && x.year_from === 2022 && x.year_to === 2022) || null;
}

async function plansPage() {
  const page = await env.page({ timeout: 20000 }); // a loaded 2-core machine with an ASan server is slow
  page.allowErrors.push(/status of (400|409)/); // refused saves and imports are expected here
  return page;
}

test('admin edits a target with a Vietnamese number; a bad figure is refused on its field', async () => {
  const page = await plansPage();
  await login(page, 'admin', PLANS);
  const row = page.locator('tr[data-indicator="KT01"][data-source="assigned"]');
  await row.waitFor();
  assert.match(await row.innerText(), /508/);
  await row.locator('button', { hasText: 'Sửa' }).click();
  const form = page.locator('form.target-form');
  await form.locator('input[name="value"]').fill('1.520,5');
  await form.locator('input[name="note"]').fill('Nghị quyết HĐND điều chỉnh');
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached' });
  await page.locator('tr[data-indicator="KT01"][data-source="assigned"]', { hasText: '1.520,5' }).waitFor();
  const tg = await target('KT01');
  assert.equal(tg.value, 1520.5);
  assert.equal(tg.note, 'Nghị quyết HĐND điều chỉnh');
  const hist = await (await env.api('admin')).get('/api/targets/history?indicator=KT01&unit=01837&year=2022');
  assert.ok(hist.items.some((h) => h.by === 'quantri' && h.new?.value === 1520.5), 'the audit names the administrator');

  // "giảm còn" without a baseline: the server refuses and names the field, which is marked
  await page.locator('tr[data-indicator="KT02"][data-source="assigned"] button', { hasText: 'Sửa' }).click();
  await form.locator('select[name="kind"]').selectOption('reduce_to');
  await form.locator('button[type="submit"]').click();
  await form.locator('.error-box', { hasText: 'baseline' }).waitFor();
  assert.equal(await form.locator('input[name="baseline"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await target('KT02')).kind, 'at_least', 'nothing written');
});

test('CSV import: the dry run shows old and new and writes nothing; apply writes all', async () => {
  const page = await plansPage();
  await login(page, 'admin', PLANS);
  const box = page.locator('section[aria-labelledby="import-h"]');
  await box.waitFor();
  const csv = 'chi_tieu;don_vi;nam;nguon;gia_tri;ghi_chu\n'
    + 'KT03;01837;2022;assigned;47.000;Quyết định 12/QĐ-UBND\n'
    + 'KT04;01837;2022;own;3;Phấn đấu\n';
  await box.locator('textarea[name="csv"]').fill(csv);
  assert.ok(await box.locator('button[name="apply"]').isDisabled(), 'apply needs a dry run first');
  await box.locator('button[name="dry_run"]').click();
  await box.locator('.preview').waitFor();
  assert.match(await box.locator('.preview .note').innerText(), /thêm 1, sửa 1/);
  const change = box.locator('tr.change-row[data-indicator="KT03"]');
  assert.match(await change.innerText(), /45\.601,94\s*→\s*47\.000/);
  assert.equal((await target('KT03')).value, 45601.94, 'the dry run wrote nothing');
  assert.equal(await target('KT04', 'own'), null);
  await box.locator('button[name="apply"]').click();
  await box.locator('.saved-note').waitFor();
  assert.equal((await target('KT03')).value, 47000);
  assert.equal((await target('KT04', 'own')).value, 3);
  await page.locator('tr[data-indicator="KT04"][data-source="own"]').waitFor();
});

test('CSV import with a bad row: the row and field are shown, nothing is written', async () => {
  const page = await plansPage();
  await login(page, 'admin', PLANS);
  const box = page.locator('section[aria-labelledby="import-h"]');
  await box.waitFor();
  await box.locator('textarea[name="csv"]').fill('indicator,unit,year,source,value\n'
    + 'KT07,01837,2022,assigned,95\nKHONGCO,01837,2022,assigned,1\nKT08,01837,2022,assigned,"1,739.5"\n');
  await box.locator('button[name="dry_run"]').click();
  await box.locator('tr.conflict-row').first().waitFor();
  const rows = await box.locator('tr.conflict-row').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^3\s+indicator\s+KHONGCO/);
  assert.match(rows[1], /^4\s+value/);
  assert.ok(await box.locator('button[name="apply"]').isDisabled());
  assert.equal((await target('KT07')).value, 89, 'nothing written');
});

test('a leader reads the plans without edit or import controls', async () => {
  const page = await plansPage();
  await login(page, 'leader', '#/plans?unit=058&year=2022');
  await page.locator('tr[data-indicator="KT01"]').first().waitFor();
  assert.equal(await page.locator('button[name="add_target"]').count(), 0);
  assert.equal(await page.locator('section[aria-labelledby="import-h"]').count(), 0);
  assert.equal(await page.locator('td.actions').count(), 0);
});

test('without a unit in the address, the plans open on the user\'s own unit, as the dashboard does', async () => {
  const page = await plansPage();
  await login(page, 'admin', '#/plans?year=2022'); // the administrator's scope is the nation (VN)
  const of = page.locator('.entry-of');
  await of.waitFor();
  assert.match(await of.innerText(), /Việt Nam/, 'the unit of the user\'s scope, not a fixed city');
  const ward = await plansPage();
  await login(ward, 'ward', '#/plans?year=2022');
  await ward.locator('.entry-of').waitFor();
  assert.match(await ward.locator('.entry-of').innerText(), /Sông Cầu/);
});
