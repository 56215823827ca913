// catalog.test.mjs - the catalogue page: accent-insensitive indicator search
// ("ho ngheo" finds "hộ nghèo", "xuat chuong" finds "xuất chuồng"); adding an
// indicator through the labelled form; a duplicate code refused by the server
// with the field marked; a unit's validity date edited; an agency renamed; the
// catalogue workbook on the rules tab: downloaded, a bad row shown by its cell on
// the dry run, a clean file dry-run then applied; a ward gets the link, not the upload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setup, login } from './lib.mjs';

const env = setup();

async function catalogPage() {
  const page = await env.page({ timeout: 20000 }); // a loaded 2-core machine with an ASan server is slow
  page.allowErrors.push(/status of (400|409)/);
  return page;
}

test('indicator search ignores accents and tone marks', async () => {
  const page = await catalogPage();
  await login(page, 'admin', '#/catalog?tab=indicators');
  const q = page.locator('input[name="q"]');
  await q.waitFor();
  await page.locator('tr[data-code="KT01"]').waitFor();
  await q.fill('ho ngheo');
  await page.locator('tr[data-code="VX04"]').waitFor();
  assert.equal(await page.locator('tr[data-code="KT01"]').count(), 0);
  await q.fill('XUAT CHUONG');
  await page.locator('tr[data-code="KT17"]').waitFor();
  assert.equal(await page.locator('tbody tr[data-code]').count(), 1);
});

test('admin adds an indicator with every field labelled, its value type and bounds; a duplicate code is refused on its field', async () => {
  const page = await catalogPage();
  await login(page, 'admin', '#/catalog?tab=indicators');
  await page.locator('button[name="add_indicator"]').click();
  const form = page.locator('form.indicator-form');
  // every control has a visible label
  const unlabelled = await form.locator('input, select').evaluateAll((els) =>
    els.filter((e) => !document.querySelector(`label[for="${e.id}"]`)).map((e) => e.name));
  assert.deepEqual(unlabelled, []);
  await form.locator('input[name="code"]').fill('KT99');
  await form.locator('input[name="name"]').fill('Số hộ kinh doanh cá thể mới');
  await form.locator('input[name="uom"]').fill('hộ');
  await form.locator('select[name="kind"]').selectOption('count');
  await form.locator('select[name="agency"]').selectOption('KT');
  // value type and bounds (issue #13), typed the Vietnamese way
  await form.locator('select[name="value_type"]').selectOption('whole');
  await form.locator('input[name="max"]').fill('1.500');
  await form.locator('button[type="submit"]').click();
  await page.locator('tr[data-code="KT99"]').waitFor();
  const ind = await (await env.api('admin')).get('/api/indicators/KT99');
  assert.equal(ind.name, 'Số hộ kinh doanh cá thể mới');
  assert.equal(ind.kind, 'count');
  assert.equal(ind.agency, 'KT');
  assert.equal(ind.value_type, 'whole');
  assert.equal(ind.max, 1500);
  assert.equal(ind.min, null);
  // the edit form shows the bound as saved; emptying it removes it
  await page.locator('button[name="edit_KT99"]').click();
  assert.equal(await form.locator('input[name="max"]').inputValue(), '1.500');
  await form.locator('input[name="max"]').fill('');
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached' }); // saved: the form closes
  assert.equal((await (await env.api('admin')).get('/api/indicators/KT99')).max, null);

  await page.locator('button[name="add_indicator"]').click();
  await form.locator('input[name="code"]').fill('KT01');
  await form.locator('input[name="name"]').fill('Trùng mã');
  await form.locator('input[name="uom"]').fill('x');
  await form.locator('button[type="submit"]').click();
  await form.locator('.error-box', { hasText: 'KT01' }).waitFor();
  assert.equal(await form.locator('input[name="code"]').getAttribute('aria-invalid'), 'true');
});

test('admin edits a unit\'s validity date and renames an agency', async () => {
  const page = await catalogPage();
  await login(page, 'admin', '#/catalog?tab=units');
  await page.locator('button[name="edit_01849"]').click();
  const form = page.locator('form.unit-form');
  await form.locator('input[name="valid_from"]').fill('2000-01-01');
  await form.locator('button[type="submit"]').click();
  await page.locator('tr[data-code="01849"]', { hasText: 'từ 01/01/2000' }).waitFor();
  const u = await (await env.api('admin')).get('/api/units/01849');
  assert.equal(u.valid_from, '2000-01-01');

  await page.goto('/#/catalog?tab=agencies');
  await page.locator('button[name="edit_KT"]').click();
  const af = page.locator('form.agency-form');
  await af.locator('input[name="name"]').fill('Phòng Kinh tế thành phố');
  await af.locator('button[type="submit"]').click();
  await page.locator('tr[data-code="KT"]', { hasText: 'Phòng Kinh tế thành phố' }).waitFor();
});

test('admin adds a rule between indicators; a rule naming an unknown indicator is refused on its field; a rule is removed', async () => {
  const page = await catalogPage();
  await login(page, 'admin', '#/catalog?tab=rules');
  await page.locator('tr[data-code="BHYT_DS"]', { hasText: 'BHYT <= DS' }).waitFor();
  await page.locator('button[name="add_rule"]').click();
  const form = page.locator('form.rule-form');
  const unlabelled = await form.locator('input, select').evaluateAll((els) =>
    els.filter((e) => !document.querySelector(`label[for="${e.id}"]`)).map((e) => e.name));
  assert.deepEqual(unlabelled, []);
  await form.locator('input[name="code"]').fill('KP_ANDT');
  await form.locator('input[name="name"]').fill('Án làm rõ không vượt án điều tra');
  await form.locator('input[name="left"]').fill('ANKP + ANXX');
  await form.locator('select[name="op"]').selectOption('<=');
  await form.locator('input[name="right"]').fill('ANDT');
  await form.locator('button[type="submit"]').click();
  await form.locator('.error-box', { hasText: 'ANXX' }).waitFor();
  assert.equal(await form.locator('input[name="left"]').getAttribute('aria-invalid'), 'true');
  await form.locator('input[name="left"]').fill('ANKP');
  await form.locator('select[name="importance"]').selectOption('warning');
  await form.locator('button[type="submit"]').click();
  await page.locator('tr[data-code="KP_ANDT"]', { hasText: 'ANKP <= ANDT' }).waitFor();
  const r = await (await env.api('admin')).get('/api/rules/KP_ANDT');
  assert.equal(r.importance, 'warning');
  await page.locator('button[name="remove_KP_ANDT"]').click();
  await page.locator('tr[data-code="KP_ANDT"]').waitFor({ state: 'detached' });
});

/** The bytes of a playwright Download. */
async function bytes(dl) {
  const chunks = [];
  for await (const c of await dl.createReadStream()) chunks.push(c);
  return Buffer.concat(chunks);
}

test('the catalogue workbook: download, a bad row named by its cell on the dry run, then a clean file applied', async () => {
  const page = await catalogPage();
  await login(page, 'admin', '#/catalog?tab=rules');
  await page.locator('#catalog-download').waitFor();
  const [xl] = await Promise.all([page.waitForEvent('download'), page.locator('#catalog-download').click()]);
  assert.equal(xl.suggestedFilename(), 'bieu-danh-muc.xlsx');
  assert.equal((await bytes(xl)).subarray(0, 2).toString('latin1'), 'PK');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#catalog-download-csv').click()]);
  const csv = (await bytes(dl)).toString('utf8');
  assert.match(csv, /Mã quy tắc,Tên,Vế trái,Phép so sánh,Vế phải,Mức độ/);
  const dir = mkdtempSync(path.join(tmpdir(), 'chitieu-catalog-'));
  const badFile = path.join(dir, 'bad.csv');
  writeFileSync(badFile, csv + 'KT02_TRAN,Thu ngân sách dưới 10 tỷ,KT02,=<,10,cảnh báo\r\n');
  const goodFile = path.join(dir, 'good.csv');
  writeFileSync(goodFile, csv + 'KT02_TRAN,Thu ngân sách dưới 10 tỷ,KT02,<=,10,cảnh báo\r\n');

  await page.locator('input[name="catalog_file"]').setInputFiles(badFile);
  await page.locator('#catalog-dry').click();
  const err = page.locator('#catalog-result .error-box');
  await err.waitFor();
  assert.match(await err.innerText(), /Có 1 lỗi/);
  const row = page.locator('#catalog-result tr[data-cell]');
  assert.match(await row.getAttribute('data-cell'), /^D\d+$/);
  assert.match(await row.innerText(), /KT02_TRAN[\s\S]*phép so sánh/);
  assert.ok(await page.locator('#catalog-apply').isDisabled(), 'no apply after a failed dry run');

  await page.locator('input[name="catalog_file"]').setInputFiles(goodFile);
  await page.locator('#catalog-dry').click();
  await page.locator('#catalog-result .import-result.ok', { hasText: 'Nếu nhập thật sẽ thêm 1, sửa 0, xóa 0 quy tắc' }).waitFor();
  await page.locator('#catalog-result li[data-code="KT02_TRAN"][data-action="added"]').waitFor();
  const api = await env.api('admin');
  await assert.rejects(api.get('/api/rules/KT02_TRAN'), /404/, 'a dry run writes nothing');
  assert.ok(!(await page.locator('#catalog-apply').isDisabled()));
  await page.locator('#catalog-apply').click();
  await page.locator('tr[data-code="KT02_TRAN"]', { hasText: 'KT02 <= 10' }).waitFor();
  assert.equal((await api.get('/api/rules/KT02_TRAN')).importance, 'warning');
});

test('a ward sees the catalogue workbook link but no upload', async () => {
  const page = await catalogPage();
  await login(page, 'ward', '#/catalog?tab=rules');
  await page.locator('#catalog-download').waitFor();
  assert.equal(await page.locator('input[name="catalog_file"]').count(), 0);
});
