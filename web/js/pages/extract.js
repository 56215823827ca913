// pages/extract.js - figures read from a narrative report (#/extract, issue #19):
// a unit and a year, then a pasted passage or an uploaded .docx/.txt sent to
// POST /api/extract; the proposals as a table where a person accepts, corrects
// (value, period, unit) or drops each one, the sentence shown with the figure
// marked; "Nhập" sends the reviewed rows to POST /api/extract/import (a dry run
// first if asked) and shows its notes and conflicts. The import button stays
// disabled until every row has a decision: nothing is written without review.
// Not for: reading the report or deciding what is imported (the server does).
import { api } from '../api.js';
import { postFileJson } from './_upload.js';
import { t, addStrings } from '../i18n.js';
import { el, append, clear, table, errorBox, loading, field, unitPicker, toast } from '../ui.js';
import { num, parseNum, NumError } from '../fmt.js';

addStrings({
  vi: {
    'ex.title': 'Đọc số liệu từ báo cáo',
    'ex.intro': 'Dán một đoạn báo cáo hoặc chọn tệp .docx/.txt; chitieu đề xuất các số liệu, bạn nhận, sửa hoặc bỏ từng số trước khi nhập.',
    'ex.unit': 'Đơn vị của báo cáo', 'ex.year': 'Năm (khi văn bản không nói)', 'ex.text': 'Đoạn báo cáo',
    'ex.file': 'hoặc tệp báo cáo (.docx, .txt)', 'ex.read': 'Đọc số liệu', 'ex.none': 'Không tìm thấy số liệu nào của các chỉ tiêu trong danh mục.',
    'ex.col.decision': 'Quyết định', 'ex.col.indicator': 'Chỉ tiêu', 'ex.col.unit': 'Đơn vị', 'ex.col.period': 'Kỳ',
    'ex.col.measure': 'Loại', 'ex.col.value': 'Số liệu', 'ex.col.conf': 'Tin cậy', 'ex.col.text': 'Câu trong báo cáo',
    'ex.undecided': '— chưa rà soát —', 'ex.accept': 'Nhận', 'ex.drop': 'Bỏ', 'ex.approx': '(ước)',
    'ex.all_accept': 'Nhận tất cả', 'ex.all_drop': 'Bỏ tất cả', 'ex.dry': 'Chạy thử (không ghi gì)',
    'ex.import': 'Nhập các số liệu đã nhận', 'ex.left': 'Còn {n} dòng chưa rà soát.',
    'ex.done': 'Đã nhập: {i} thêm mới, {u} cập nhật, {g} chỉ tiêu kế hoạch, {s} không nhập.',
    'ex.dry_done': 'Chạy thử: {i} thêm mới, {u} cập nhật, {g} chỉ tiêu kế hoạch, {s} không nhập. Chưa ghi gì.',
    'ex.refused': 'Không nhập gì: {msg}', 'ex.need_text': 'Dán đoạn báo cáo hoặc chọn một tệp.',
    'ex.m.value': 'giá trị kỳ', 'ex.m.cumulative': 'lũy kế', 'ex.m.percent_of_plan': '% kế hoạch',
    'ex.m.change_on_last_year': 'so cùng kỳ', 'ex.m.target': 'chỉ tiêu', 'ex.m.achieved_of_target': 'đạt/chỉ tiêu',
    'ex.m.targets_not_met': 'chỉ tiêu không đạt',
  },
  en: {
    'ex.title': 'Figures from a report',
    'ex.intro': 'Paste a passage of a report or choose a .docx/.txt file; chitieu proposes the figures, you accept, correct or drop each before importing.',
    'ex.unit': "The report's unit", 'ex.year': 'Year (when the text does not say)', 'ex.text': 'Passage',
    'ex.file': 'or a report file (.docx, .txt)', 'ex.read': 'Read figures', 'ex.none': 'No figure of a catalogue indicator was found.',
    'ex.col.decision': 'Decision', 'ex.col.indicator': 'Indicator', 'ex.col.unit': 'Unit', 'ex.col.period': 'Period',
    'ex.col.measure': 'Measure', 'ex.col.value': 'Figure', 'ex.col.conf': 'Confidence', 'ex.col.text': 'Sentence',
    'ex.undecided': '— not reviewed —', 'ex.accept': 'Accept', 'ex.drop': 'Drop', 'ex.approx': '(approx.)',
    'ex.all_accept': 'Accept all', 'ex.all_drop': 'Drop all', 'ex.dry': 'Dry run (write nothing)',
    'ex.import': 'Import the accepted figures', 'ex.left': '{n} rows not reviewed yet.',
    'ex.done': 'Imported: {i} new, {u} updated, {g} targets, {s} not imported.',
    'ex.dry_done': 'Dry run: {i} new, {u} updated, {g} targets, {s} not imported. Nothing written.',
    'ex.refused': 'Nothing imported: {msg}', 'ex.need_text': 'Paste a passage or choose a file.',
    'ex.m.value': 'period value', 'ex.m.cumulative': 'cumulative', 'ex.m.percent_of_plan': '% of plan',
    'ex.m.change_on_last_year': 'on last year', 'ex.m.target': 'target', 'ex.m.achieved_of_target': 'achieved/target',
    'ex.m.targets_not_met': 'targets not met',
  },
});

/** The sentence with the figure (code points start..end) marked. */
function sentence(p) {
  const cps = [...p.text];
  return el('span', null, cps.slice(0, p.start).join(''), el('mark', null, cps.slice(p.start, p.end).join('')),
    cps.slice(p.end).join(''));
}

/** POSTs the reviewed rows; resolves to the import's answer, also when it lists conflicts (403/409). */
async function importRows(path, body) {
  try {
    return await api.send('POST', path, body);
  } catch (e) {
    if (Array.isArray(e.data?.conflicts)) return e.data;
    throw e;
  }
}

function review(out, props, fileName) {
  clear(out);
  if (!props.length) {
    out.append(el('p', { class: 'empty' }, t('ex.none')));
    return;
  }
  const rows = props.map((p, i) => ({ ...p, i, decision: '' }));
  const left = el('p', { class: 'hint', role: 'status' });
  const dry = el('input', { type: 'checkbox', name: 'dry' });
  const go = el('button', { type: 'button', class: 'primary', name: 'import' }, t('ex.import'));
  const result = el('div');
  const update = () => {
    const n = rows.filter((r) => !r.decision).length;
    left.textContent = n ? t('ex.left', { n }) : '';
    go.disabled = n > 0;
  };
  const selects = [];
  const columns = [
    { label: t('ex.col.decision'), sticky: true, render: (r) => {
      const s = el('select', { name: `decision-${r.i}`, 'aria-label': `${t('ex.col.decision')} ${r.i + 1}`,
        onchange: () => { r.decision = s.value; update(); } },
      el('option', { value: '' }, t('ex.undecided')), el('option', { value: 'accept' }, t('ex.accept')),
      el('option', { value: 'drop' }, t('ex.drop')));
      selects.push([s, r]);
      return s;
    } },
    { label: t('ex.col.indicator'), render: (r) => el('span', { class: 'code' }, r.indicator) },
    { label: t('ex.col.unit'), render: (r) => el('input', { name: `unit-${r.i}`, value: r.unit, size: 6,
      oninput: (ev) => { r.unit = ev.target.value.trim(); } }) },
    { label: t('ex.col.period'), render: (r) => el('input', { name: `period-${r.i}`, value: r.period, size: 7,
      oninput: (ev) => { r.period = ev.target.value.trim(); } }) },
    { label: t('ex.col.measure'), render: (r) => t('ex.m.' + r.measure) },
    { label: t('ex.col.value'), num: true, render: (r) => [el('input', { name: `value-${r.i}`, value: num(r.value, 4),
      size: 9, inputmode: 'decimal', oninput: (ev) => { r.valueText = ev.target.value; } }),
    r.target != null ? ' / ' + num(r.target, 4) : '', r.approx ? ' ' + t('ex.approx') : ''] },
    { label: t('ex.col.conf'), num: true, render: (r) => num(r.confidence, 2) },
    { label: t('ex.col.text'), render: sentence },
  ];
  const all = (d) => { for (const [s, r] of selects) { s.value = d; r.decision = d; } update(); };
  go.onclick = async () => {
    clear(result);
    let body;
    try {
      body = { file: fileName, rows: rows.map((r) => {
        const o = { decision: r.decision, indicator: r.indicator, unit: r.unit, period: r.period, measure: r.measure,
          value: r.valueText != null ? parseNum(r.valueText) : r.value, approx: r.approx };
        if (r.target != null) o.target = r.target;
        return o;
      }) };
    } catch (e) {
      if (e instanceof NumError) { result.append(errorBox(e)); return; }
      throw e;
    }
    go.disabled = true;
    try {
      const ans = await importRows('/api/extract/import' + (dry.checked ? '?dryRun=true' : ''), body);
      if (ans.status === 'ERROR') {
        result.append(errorBox({ message: t('ex.refused', { msg: ans.description }) }),
          el('ul', null, ans.conflicts.map((c) => el('li', null, `${c.field}: ${c.value}`))));
      } else {
        const msg = t(ans.dryRun ? 'ex.dry_done' : 'ex.done', { i: ans.importCount.imported,
          u: ans.importCount.updated, g: ans.targets, s: ans.skipped });
        result.append(el('p', { class: 'ok', role: 'status' }, msg), el('ul', null, ans.notes.map((n) => el('li', null, n))));
        if (!ans.dryRun) toast(msg);
      }
    } catch (e) {
      result.append(errorBox(e));
    } finally {
      update();
    }
  };
  append(out,
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => all('accept') }, t('ex.all_accept')),
      el('button', { type: 'button', onclick: () => all('drop') }, t('ex.all_drop'))),
    table({ columns, rows }),
    left, el('label', null, dry, ' ', t('ex.dry')), ' ', go, result);
  update();
}

export async function render(root, ctx) {
  root.append(el('h1', null, t('ex.title')), el('p', null, t('ex.intro')));
  const body = el('div');
  root.append(body);
  loading(body);
  const units = await api.all('/api/units');
  if (ctx.stale()) return;
  let unit = ctx.params.get('unit') || units[0]?.code || '';
  const year = el('input', { name: 'year', type: 'number', min: 1990, max: 2100, value: new Date().getFullYear() });
  const text = el('textarea', { name: 'text', rows: 8, cols: 80 });
  const file = el('input', { type: 'file', name: 'file', accept: '.docx,.txt' });
  const out = el('div', { class: 'extract-out' });
  const form = el('form', { class: 'stack' },
    unitPicker({ units, value: unit, onChange: (c) => { unit = c; }, label: t('ex.unit') }),
    field(t('ex.year'), year), field(t('ex.text'), text), field(t('ex.file'), file),
    el('button', { type: 'submit', class: 'primary', name: 'read' }, t('ex.read')));
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    clear(out);
    const f = file.files?.[0];
    if (!f && !text.value.trim()) { out.append(errorBox({ message: t('ex.need_text') })); return; }
    loading(out);
    const query = { unit, year: year.value };
    try {
      const props = f
        ? await postFileJson('/api/extract?' + new URLSearchParams(query), f, ctx.me.csrf)
        : await api.send('POST', '/api/extract', text.value, query, { 'Content-Type': 'text/plain; charset=utf-8' });
      if (ctx.stale()) return;
      review(out, props, f ? f.name : t('ex.text'));
    } catch (e) {
      clear(out).append(errorBox(e, form));
    }
  };
  clear(body).append(form, out);
}
