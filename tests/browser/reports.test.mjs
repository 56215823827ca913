// reports.test.mjs - the reports page against the real server (today fixed at
// 20/07/2022, so July 2022 is open for entry): a ward officer downloads the June
// report as DOCX (bytes start with "PK", the zip signature) and XLSX, opens the
// printable HTML in a new tab; downloads the July entry template (CSV), fills it
// the Vietnamese way and uploads it: the dry run lists the server's errors naming
// the cell, nothing is written; a clean dry run then "apply" writes the value;
// another ward's report is refused by the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setup, login, shot } from './lib.mjs';

const env = setup({ today: '2022-07-20' });

/** The bytes of a playwright Download. */
async function bytes(dl) {
  const chunks = [];
  for await (const c of await dl.createReadStream()) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Sets the page's period picker to kind/year/sub. */
async function pickPeriod(page, kind, year, sub) {
  await page.locator('select[name="period_kind"]').selectOption(kind);
  await page.locator('select[name="period_year"]').selectOption(String(year));
  if (sub) await page.locator('select[name="period_sub"]').selectOption(String(sub));
}

test('a ward officer downloads the June report as DOCX, PDF and XLSX and opens the printable HTML', async () => {
  const page = await env.page();
  await login(page, 'ward', '#/reports');
  await page.locator('#report-docx').waitFor();
  assert.equal(await page.locator('select[name="unit"]').inputValue(), '01837', 'the ward\'s own unit first');
  await pickPeriod(page, 'month', 2022, 6);
  assert.match(await page.locator('#report-of').innerText(), /phường Sông Cầu, tháng 6\/2022/);
  assert.match(page.url(), /#\/reports\?unit=01837&period=202206$/);

  const [docx] = await Promise.all([page.waitForEvent('download'), page.locator('#report-docx').click()]);
  assert.equal(docx.suggestedFilename(), 'bao-cao-01837-202206.docx');
  const b = await bytes(docx);
  assert.equal(b.subarray(0, 2).toString('latin1'), 'PK', 'a DOCX is a zip');
  assert.ok(b.length > 2000, `DOCX of ${b.length} bytes`);

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('#report-pdf').click()]);
  assert.equal(pdf.suggestedFilename(), 'bao-cao-01837-202206.pdf');
  assert.equal((await bytes(pdf)).subarray(0, 4).toString('latin1'), '%PDF', 'the native PDF');

  await pickPeriod(page, 'S1', 2022);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#report-xlsx').click()]);
  assert.equal(xlsx.suggestedFilename(), 'bao-cao-01837-2022S1.xlsx');
  assert.equal((await bytes(xlsx)).subarray(0, 2).toString('latin1'), 'PK');

  await pickPeriod(page, 'month', 2022, 6);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.locator('#report-html').click()]);
  await tab.waitForLoadState();
  assert.match(tab.url(), /\/api\/report\?unit=01837&period=202206&format=html$/);
  assert.match(await tab.locator('body').innerText(), /tháng 6\/2022/);
  await tab.close();
  await shot(page, 'reports');
});

test('entry template: download, fill, dry run shows the cell errors, then a clean file is applied', async () => {
  const page = await env.page();
  page.allowErrors.push(/status of 409/); // the dry run with errors answers 409
  await login(page, 'ward', '#/reports');
  await page.locator('#template-download').waitFor();
  await pickPeriod(page, 'month', 2022, 7);
  await page.locator('select[name="format"]').selectOption('csv');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#template-download').click()]);
  assert.equal(dl.suggestedFilename(), 'bieu-so-lieu-01837-202207.csv');
  const csv = (await bytes(dl)).toString('utf8');
  assert.match(csv, /Mã chỉ tiêu/);
  const dir = mkdtempSync(path.join(tmpdir(), 'chitieu-reports-'));
  // column 5 ("Số liệu") of the KT15 row gets the value
  const fill = (map) => csv.split(/\r?\n/).map((line) => {
    const cells = line.split(',');
    if (cells[1] in map) cells[4] = map[cells[1]];
    return cells.join(',');
  }).join('\n');
  const badFile = path.join(dir, 'bad.csv');
  writeFileSync(badFile, fill({ KT15: '"1,739.5"' }));
  const goodFile = path.join(dir, 'good.csv');
  writeFileSync(goodFile, fill({ KT15: '"1.234,5"' }));
  assert.match(readFileSync(goodFile, 'utf8'), /KT15,[^\n]*"1\.234,5"/);

  const before = await (await env.api('admin')).send('GET', '/api/values?indicator=KT15&unit=01837&period=202207')
    .catch((e) => (e.status === 404 ? null : Promise.reject(e)));
  assert.equal(before, null, 'no July value yet');

  await page.locator('input[name="file"]').setInputFiles(badFile);
  await page.locator('#import-dry').click();
  const err = page.locator('#import-result .error-box');
  await err.waitFor();
  assert.match(await err.innerText(), /Có 1 lỗi/);
  const row = page.locator('#import-result tr[data-cell]');
  assert.match(await row.getAttribute('data-cell'), /^E\d+$/);
  assert.match(await row.innerText(), /cách viết số không rõ/);
  assert.ok(await page.locator('#import-apply').isDisabled(), 'no apply after a failed dry run');

  // tourism revenue far above July's retail sales breaks the demo's warning rule: refused
  // until a comment explains it (kept with the value)
  await page.locator('input[name="file"]').setInputFiles(goodFile);
  await page.locator('#import-dry').click();
  await page.locator('#import-result tr[data-cell]', { hasText: 'KT15_KT01' }).waitFor();
  assert.ok(await page.locator('#import-apply').isDisabled(), 'no apply while the warning is not explained');
  await page.locator('input[name="comment"]').fill('Tuần lễ văn hóa du lịch');
  await page.locator('#import-dry').click();
  const ok = page.locator('#import-result .import-result.ok');
  await ok.waitFor();
  assert.match(await ok.innerText(), /Chạy thử: không có lỗi\. Nếu nhập thật sẽ có 1 số liệu mới/);
  const api = await env.api('admin');
  await assert.rejects(api.get('/api/values?indicator=KT15&unit=01837&period=202207'), /404/, 'a dry run writes nothing');
  assert.ok(!(await page.locator('#import-apply').isDisabled()));
  await page.locator('#import-apply').click();
  await page.locator('#import-result .import-result.ok', { hasText: 'Đã nhập: 1 số liệu mới' }).waitFor();
  const v = await api.get('/api/values?indicator=KT15&unit=01837&period=202207');
  assert.equal(v.value, 1234.5);
  assert.equal(v.by, 'songcau');
  assert.equal(v.comment, 'Tuần lễ văn hóa du lịch');
});

test('another ward cannot have Sông Cầu\'s report: the unit is not offered and the server refuses', async () => {
  const page = await env.page();
  page.allowErrors.push(/status of 403/);
  await login(page, 'ward2', '#/reports?unit=01837&period=202206');
  await page.locator('#report-docx').waitFor();
  const offered = await page.locator('select[name="unit"] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, ['01840']);
  assert.equal(await page.locator('select[name="unit"]').inputValue(), '01840');
  const res = await page.request.get('/api/report?unit=01837&period=202206&format=docx');
  assert.equal(res.status(), 403);
});
