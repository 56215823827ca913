// modules.test.mjs - the browser-free shared modules, run by node directly:
// fmt.js (Vietnamese numbers, percents, changes, dates, period labels; parsing with
// exactly the server's rules, checked against `chitieu` itself on the same inputs)
// and search.js (accent-free search over both tone-mark placements and Unicode forms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fmt from '../../web/js/fmt.js';
import { fold, matches } from '../../web/js/search.js';
import { BIN } from './lib.mjs';

test('numbers, percents and changes are written the Vietnamese way', () => {
  assert.equal(fmt.num(1739.5, 1), '1.739,5');
  assert.equal(fmt.num(24252.92, 2), '24.252,92');
  assert.equal(fmt.num(315000, 0), '315.000');
  assert.equal(fmt.num(1234567.891, 2), '1.234.567,89');
  assert.equal(fmt.num(0.125, 2), '0,13');
  assert.equal(fmt.num(-2.5, 1), '-2,5');
  assert.equal(fmt.num(2, 2, true), '2,00');
  assert.equal(fmt.num(null, 2), '');
  assert.equal(fmt.pct(50.58), '50,58%');
  assert.equal(fmt.change(4.85), '+4,85%');
  assert.equal(fmt.change(-0.25), '-0,25%');
  assert.equal(fmt.change(0), '0%');
});

test('dates and period labels', () => {
  assert.equal(fmt.date('2022-06-30'), '30/06/2022');
  assert.equal(fmt.date('2026-02-05'), '05/02/2026');
  assert.equal(fmt.periodLabel('202206'), 'tháng 6/2022');
  assert.equal(fmt.periodLabel('2022Q2'), 'quý II/2022');
  assert.equal(fmt.periodLabel('2022S1'), '6 tháng đầu năm 2022');
  assert.equal(fmt.periodLabel('2022N9'), '9 tháng đầu năm 2022');
  assert.equal(fmt.periodLabel('2022'), 'năm 2022');
  assert.equal(fmt.periodLabel('202206', 'en'), 'June 2022');
});

const CASES = ['1.739,5', '1739,5', '315.000', '1739.5', '0.250', '12.5', '1.739', '1.234.567', '-2,5', '+3',
  ' 42 ', '0,1234', '0,12340', '1,739.5', '1,234,567', '01.234', '1.2345.6', 'abc', '', '1,2,3', '.5', '5.',
  '0,12345', '90.000.000.000.000', '90.000.000.000.001', '1.23', '123.4567', '1234.567', '0.001'];

test('parseNumText accepts and refuses what the server does', () => {
  assert.equal(fmt.parseNumText('1.739,5'), '1739.5');
  assert.equal(fmt.parseNumText('315.000'), '315000');
  assert.equal(fmt.parseNumText('1739.5'), '1739.5');
  assert.equal(fmt.parseNumText('0.250'), '0.25');
  assert.throws(() => fmt.parseNumText('1,739.5'), /không rõ.*1\.739,5/);
  assert.throws(() => fmt.parseNumText('1,234,567'), fmt.NumError);
  assert.throws(() => fmt.parseNumText(''), /thiếu số/);
  assert.equal(fmt.tryParseNum('abc').ok, false);
  assert.equal(fmt.tryParseNum('1.739,5').value, 1739.5);
});

test('parseNumText agrees with chitieu value set on every case', { skip: !existsSync(BIN) && 'no chitieu binary' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chitieu-fmt-'));
  const db = path.join(dir, 't.db');
  try {
    execFileSync(BIN, ['--db', db, 'demo', '--quiet'], { stdio: 'ignore' });
    // the parsers are compared, not the bounds: KT01 may take any amount here (negative ones too)
    execFileSync(BIN, ['--db', db, 'indicator', 'update', 'KT01', '--min', '-90.000.000.000.000'], { stdio: 'ignore' });
    for (const c of CASES) {
      const js = fmt.tryParseNum(c);
      let server;
      try {
        execFileSync(BIN, ['--db', db, 'value', 'set', '--indicator', 'KT01', '--unit', '01837', '--period', '202001',
          '--value', c], { stdio: 'pipe', env: { ...process.env, CHITIEU_USER: 't', NO_COLOR: '1' } });
        const out = execFileSync(BIN, ['--db', db, 'value', 'get', '--indicator', 'KT01', '--unit', '01837',
          '--period', '202001'], { stdio: 'pipe' }).toString();
        server = { ok: true, shown: out.split('\t')[0] };
      } catch (e) {
        server = { ok: false, msg: String(e.stderr) };
      }
      assert.equal(js.ok, server.ok, `"${c}": page says ${js.ok ? js.text : js.error}; chitieu says ${server.ok ? 'ok' : server.msg}`);
      if (js.ok) assert.equal(fmt.num(js.value, 4), server.shown, `"${c}": same amount`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('search ignores accents, case, tone-mark placement and Unicode form', () => {
  assert.equal(fold('Bắc Kạn'), 'bac kan');
  assert.equal(fold('Đức Xuân'), 'duc xuan');
  assert.ok(matches('bac kan', 'thành phố Bắc Kạn'));
  assert.ok(matches('hoa', 'Xuất Hóa'));            // precomposed ó (NFC)
  assert.ok(matches('hoa', 'Xuất Hoá'));            // tone on the a
  assert.ok(matches('hoa', 'Xuất Ho\u0301a'));      // decomposed (NFD)
  assert.ok(matches('Hóa', 'Xuất Hoá'));
  assert.ok(matches('BAN LE', 'Tổng mức bán lẻ hàng hóa'));
  assert.ok(matches('', 'anything'));
  assert.ok(!matches('bac giang', 'Bắc Kạn'));
  assert.ok(matches('kt01', ['Tổng mức bán lẻ', 'KT01']));
});
