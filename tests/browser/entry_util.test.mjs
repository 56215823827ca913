// entry_util.test.mjs - the DOM-free helpers of the entry and plans pages
// (web/js/pages/_entry_util.js), run by node directly: period codes and shifts
// across year ends, the far-from-reference warnings, and which rows a save or a
// submit sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodType, periodShift, sameLastYear, frequencyOf, farWarnings, rowsToSave }
  from '../../web/js/pages/_entry_util.js';

test('period types and shifts across the year end', () => {
  assert.equal(periodType('202206'), 'month');
  assert.equal(periodType('202213'), null);
  assert.equal(periodType('2022Q4'), 'quarter');
  assert.equal(periodType('2022S2'), 'half');
  assert.equal(periodType('2022N9'), 'nine_months');
  assert.equal(periodType('2022'), 'year');
  assert.equal(periodShift('202201', -1), '202112');
  assert.equal(periodShift('202212', 1), '202301');
  assert.equal(periodShift('2022Q1', -1), '2021Q4');
  assert.equal(periodShift('2022S2', 1), '2023S1');
  assert.equal(periodShift('2022', -1), '2021');
  assert.equal(periodShift('2022N9', 1), null);
  assert.equal(sameLastYear('2022Q2'), '2021Q2');
  assert.equal(frequencyOf('month'), 'month');
  assert.equal(frequencyOf('nine_months'), null);
});

test('far-from-reference warnings: more than +-50 %, zero references, missing ones', () => {
  assert.deepEqual(farWarnings(60, { last_year: 42.3 }), []);
  const w = farWarnings(1234.5, { last_year: 42.3, previous: 41.5, next: null });
  assert.deepEqual(w.map((x) => x.ref), ['last_year', 'previous']);
  assert.ok(Math.abs(w[0].change - 2818.44) < 0.01);
  assert.deepEqual(farWarnings(10, { last_year: 25 }).map((x) => x.ref), ['last_year'], '-60 % warns too');
  assert.deepEqual(farWarnings(12.5, { last_year: 25 }), [], 'exactly -50 % does not');
  assert.equal(farWarnings(3, { last_year: 0 })[0].change, Infinity);
  assert.deepEqual(farWarnings(0, { last_year: 0 }), []);
  assert.deepEqual(farWarnings(null, { last_year: 10 }), []);
});

test('rows to save: changed values and flags only; submit makes every value final', () => {
  const rows = [
    { code: 'A', value: 5, orig: 5, estimate: false, origEstimate: false, editable: true },
    { code: 'B', value: 6, orig: 5, estimate: false, origEstimate: false, editable: true, reason: ' sửa ' },
    { code: 'C', value: 5, orig: 5, estimate: false, origEstimate: true, editable: true },
    { code: 'D', value: 7, orig: null, estimate: true, origEstimate: false, editable: true },
    { code: 'E', value: null, orig: null, estimate: false, origEstimate: false, editable: true },
    { code: 'F', value: 9, orig: 1, estimate: false, origEstimate: false, editable: false },
  ];
  assert.deepEqual(rowsToSave(rows).map((r) => r.code), ['B', 'C', 'D']);
  assert.equal(rowsToSave(rows).find((r) => r.code === 'B').reason, 'sửa');
  const sub = rowsToSave(rows, true);
  assert.deepEqual(sub.map((r) => r.code), ['B', 'C', 'D']);
  assert.ok(sub.every((r) => r.estimate === false));
  const estimateKept = [{ code: 'G', value: 2, orig: 2, estimate: true, origEstimate: true, editable: true }];
  assert.deepEqual(rowsToSave(estimateKept), []);
  assert.deepEqual(rowsToSave(estimateKept, true).map((r) => r.code), ['G'], 'submit finalises an unchanged estimate');
});
