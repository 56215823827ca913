// pages/reports.js - reports and Excel in and out (#/reports?unit=&period=): choose
// a unit and a period (month, quarter, 6 months, 9 months, year) and download the
// situation report (GET /api/report?format=docx|pdf|xlsx|html|text|md; HTML opens in a
// new tab for printing); download the entry template of the unit and period (GET
// /api/sheet/template, values or targets, xlsx or CSV); upload a filled template:
// a dry run first (POST /api/sheet/import?dryRun=true) shows what would change and
// the server's errors naming sheet and cell, then the same file is applied; a
// comment given goes with it (?comment=: kept with values that break a warning
// rule between indicators, which the server otherwise refuses).
// Not for: writing the report or reading sheets (the server does both) or deciding
// who may import (the server checks scope and locks; its refusal is shown).
import { t, addStrings, lang } from '../i18n.js';
import { el, append, clear, table, errorBox, loading, field, toast, unitName } from '../ui.js';
import { periodLabel } from '../fmt.js';
import { hashFor } from '../app.js';
import { ensureTasksCss, loadCatalog, selectField, periodPicker } from './_tasks_util.js';
import { monthWithTargets, defaultUnit, defaultPeriod } from './_fallback.js';
import { postFile, XLSX_TYPE } from './_upload.js';

addStrings({
  vi: {
    'rep.title': 'Báo cáo và biểu Excel', 'rep.choose': 'Đơn vị và kỳ báo cáo', 'rep.unit': 'Đơn vị', 'rep.period': 'Kỳ báo cáo',
    'rep.report': 'Báo cáo tình hình kinh tế - xã hội', 'rep.report_of': 'Báo cáo của {unit}, {period}.',
    'rep.docx': 'Tải Word (.docx)', 'rep.pdf': 'Tải PDF (.pdf)', 'rep.xlsx': 'Tải Excel (.xlsx)', 'rep.html': 'Bản in (mở tab mới)',
    'rep.text': 'Tải văn bản (.txt)', 'rep.md': 'Tải Markdown (.md)',
    'rep.options': 'Thông tin văn bản (không bắt buộc)', 'rep.number': 'Số, ký hiệu', 'rep.number_hint': 'ví dụ: 125/BC-UBND',
    'rep.place': 'Địa danh', 'rep.place_hint': 'ví dụ: Bắc Kạn', 'rep.date': 'Ngày ban hành',
    'rep.template': 'Biểu nhập số liệu', 'rep.template_intro': 'Biểu Excel có sẵn các chỉ tiêu của đơn vị, đơn vị tính và số liệu cùng kỳ năm trước để tham khảo.',
    'rep.kind': 'Loại biểu', 'rep.kind_values': 'Số liệu thực hiện', 'rep.kind_targets': 'Chỉ tiêu kế hoạch (quản trị viên)',
    'rep.format': 'Định dạng', 'rep.tpl_download': 'Tải biểu',
    'rep.fallback': 'Đơn vị này chưa có chỉ tiêu kế hoạch năm {year}; đang chọn {period}, tháng gần nhất có kế hoạch.',
    'rep.import': 'Nhập biểu đã điền', 'rep.import_intro': 'Bước 1: chạy thử để xem những gì sẽ thay đổi và các lỗi. Bước 2: nhập thật (tất cả hoặc không gì cả).',
    'rep.file': 'Tệp biểu (.xlsx hoặc .csv)', 'rep.dry': 'Chạy thử', 'rep.apply': 'Nhập thật',
    'rep.comment': 'Ghi chú (khi số liệu vi phạm quy tắc cảnh báo)',
    'rep.comment_hint': 'Giải thích vì sao số liệu đúng; ghi chú được lưu cùng các số liệu mà quy tắc nêu.',
    'rep.no_file': 'Chọn tệp biểu trước.', 'rep.dry_ok': 'Chạy thử: không có lỗi. Nếu nhập thật sẽ có {imported} số liệu mới, {updated} số liệu sửa, {ignored} không đổi (trang tính "{sheet}", {rows} dòng).',
    'rep.applied': 'Đã nhập: {imported} số liệu mới, {updated} số liệu sửa, {ignored} không đổi.',
    'rep.errors': 'Có {n} lỗi; không có gì được ghi. Sửa tệp rồi chạy thử lại.',
    'rep.col.row': 'Dòng', 'rep.col.cell': 'Ô', 'rep.col.object': 'Đối tượng', 'rep.col.reason': 'Lý do',
    'rep.apply_note': 'Nút "Nhập thật" mở khi lần chạy thử gần nhất với chính tệp này không có lỗi.',
    'rep.no_units': 'Tài khoản chưa được giao đơn vị nào để xem.',
  },
  en: {
    'rep.title': 'Reports and Excel sheets', 'rep.choose': 'Unit and period', 'rep.unit': 'Unit', 'rep.period': 'Period',
    'rep.report': 'Socio-economic situation report', 'rep.report_of': 'Report of {unit}, {period}.',
    'rep.docx': 'Download Word (.docx)', 'rep.pdf': 'Download PDF (.pdf)', 'rep.xlsx': 'Download Excel (.xlsx)', 'rep.html': 'Printable (new tab)',
    'rep.text': 'Download text (.txt)', 'rep.md': 'Download Markdown (.md)',
    'rep.options': 'Document details (optional)', 'rep.number': 'Number and symbol', 'rep.number_hint': 'e.g. 125/BC-UBND',
    'rep.place': 'Place', 'rep.place_hint': 'e.g. Bắc Kạn', 'rep.date': 'Date issued',
    'rep.template': 'Entry template', 'rep.template_intro': 'An Excel sheet with the unit\'s indicators, units of measure and last year\'s figures for reference.',
    'rep.kind': 'Sheet', 'rep.kind_values': 'Actual values', 'rep.kind_targets': 'Targets (administrators)',
    'rep.format': 'Format', 'rep.tpl_download': 'Download template',
    'rep.fallback': 'This unit has no targets for {year} yet; {period}, the latest month with targets, is chosen.',
    'rep.import': 'Upload a filled template', 'rep.import_intro': 'Step 1: a dry run shows what would change and any errors. Step 2: apply (all or nothing).',
    'rep.file': 'Sheet file (.xlsx or .csv)', 'rep.dry': 'Dry run', 'rep.apply': 'Apply',
    'rep.comment': 'Comment (when values break a warning rule)',
    'rep.comment_hint': 'Why the figures are right; kept with the values the rule names.',
    'rep.no_file': 'Choose a file first.', 'rep.dry_ok': 'Dry run: no errors. Applying would add {imported} values, change {updated}, leave {ignored} unchanged (sheet "{sheet}", {rows} rows).',
    'rep.applied': 'Imported: {imported} new, {updated} changed, {ignored} unchanged.',
    'rep.errors': '{n} errors; nothing was written. Fix the file and run the dry run again.',
    'rep.col.row': 'Row', 'rep.col.cell': 'Cell', 'rep.col.object': 'Object', 'rep.col.reason': 'Reason',
    'rep.apply_note': '"Apply" opens once the last dry run of this very file had no errors.',
    'rep.no_units': 'This account has no units to view.',
  },
});

export async function render(root, ctx) {
  ensureTasksCss();
  const body = el('div');
  append(root, el('h1', null, t('rep.title')), body);
  loading(body);
  let cat;
  try {
    cat = await loadCatalog(ctx.me);
  } catch (e) {
    clear(body).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const units = cat.unitList;
  if (!units.length) {
    clear(body).append(el('p', { class: 'note' }, t('rep.no_units')));
    return;
  }
  const state = { unit: ctx.params.get('unit') || defaultUnit(ctx.me, units), period: ctx.params.get('period') || '' };
  if (!cat.units.has(state.unit)) state.unit = units[0].code;
  let fellBack = null;
  if (!state.period) {
    // the server's default month, unless its year has no targets for the unit: then the latest December with some
    const p0 = await defaultPeriod(state.unit, cat.units.get(state.unit), ctx.stale);
    if (!p0) return;
    const got = await monthWithTargets(state.unit, p0, ctx.stale);
    if (!got) return;
    state.period = got.period;
    fellBack = got.fellBack;
  }

  const pp = periodPicker({ value: state.period, name: 'period', label: t('rep.period'), onChange: (c) => { state.period = c; update(); } });
  const unitSel = selectField(t('rep.unit'), 'unit', units.map((u) => ({ value: u.code, label: unitName(u) })), state.unit,
    { onchange: (ev) => { state.unit = ev.target.value; update(); } });
  const number = el('input', { type: 'text', name: 'number', oninput: () => update() });
  const place = el('input', { type: 'text', name: 'place', oninput: () => update() });
  const issued = el('input', { type: 'date', name: 'date', onchange: () => update() });
  const of = el('p', { id: 'report-of', 'aria-live': 'polite' });
  const link = (id, label, attrs) => el('a', { id, class: 'button', ...attrs }, label);
  const aDocx = link('report-docx', t('rep.docx'));
  const aPdf = link('report-pdf', t('rep.pdf'));
  const aXlsx = link('report-xlsx', t('rep.xlsx'));
  const aHtml = link('report-html', t('rep.html'), { target: '_blank', rel: 'noopener' });
  const aText = link('report-text', t('rep.text'));
  const aMd = link('report-md', t('rep.md'));

  const kindSel = selectField(t('rep.kind'), 'kind', [{ value: 'values', label: t('rep.kind_values') },
    { value: 'targets', label: t('rep.kind_targets') }], 'values', { onchange: () => update() });
  const fmtSel = selectField(t('rep.format'), 'format', [{ value: 'xlsx', label: 'Excel (.xlsx)' }, { value: 'csv', label: 'CSV' }],
    'xlsx', { onchange: () => update() });
  const aTpl = link('template-download', t('rep.tpl_download'));

  function update() {
    const q = (extra) => new URLSearchParams(Object.entries({ unit: state.unit, period: state.period, ...extra })
      .filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
    const doc = { number: number.value.trim(), place: place.value.trim(), date: issued.value };
    const base = `${state.unit}-${state.period}`;
    aDocx.href = `/api/report?${q({ format: 'docx', ...doc })}`;
    aDocx.setAttribute('download', `bao-cao-${base}.docx`);
    aPdf.href = `/api/report?${q({ format: 'pdf', ...doc })}`;
    aPdf.setAttribute('download', `bao-cao-${base}.pdf`);
    aXlsx.href = `/api/report?${q({ format: 'xlsx', ...doc })}`;
    aXlsx.setAttribute('download', `bao-cao-${base}.xlsx`);
    aHtml.href = `/api/report?${q({ format: 'html', ...doc })}`;
    aText.href = `/api/report?${q({ format: 'text', ...doc })}`;
    aText.setAttribute('download', `bao-cao-${base}.txt`);
    aMd.href = `/api/report?${q({ format: 'md', ...doc })}`;
    aMd.setAttribute('download', `bao-cao-${base}.md`);
    const kind = kindSel.querySelector('select').value;
    const fmt = fmtSel.querySelector('select').value;
    aTpl.href = `/api/sheet/template?${q({ kind, format: fmt })}`;
    aTpl.setAttribute('download', `bieu-${kind === 'targets' ? 'ke-hoach' : 'so-lieu'}-${base}.${fmt}`);
    const u = cat.units.get(state.unit);
    of.textContent = t('rep.report_of', { unit: u ? unitName(u) : state.unit, period: periodLabel(state.period, lang()) });
    const h = hashFor('reports', state);
    if (window.location.hash !== h) history.replaceState(null, '', h);
  }

  // ---- import: dry run, then apply the same file ----
  const fileIn = el('input', { type: 'file', name: 'file', accept: '.xlsx,.csv,' + XLSX_TYPE + ',text/csv' });
  const impKind = selectField(t('rep.kind'), 'import_kind', [{ value: 'values', label: t('rep.kind_values') },
    { value: 'targets', label: t('rep.kind_targets') }], 'values');
  const commentIn = el('input', { type: 'text', name: 'comment', maxlength: 255, autocomplete: 'off' });
  const dryBtn = el('button', { type: 'button', class: 'secondary', id: 'import-dry' }, t('rep.dry'));
  const applyBtn = el('button', { type: 'button', class: 'primary', id: 'import-apply', disabled: true }, t('rep.apply'));
  const result = el('div', { id: 'import-result', 'aria-live': 'polite' });
  let checked = null; // the File whose last dry run was clean
  const reset = () => { checked = null; applyBtn.disabled = true; };
  fileIn.addEventListener('change', () => { reset(); clear(result); });
  commentIn.addEventListener('input', reset);
  impKind.querySelector('select').addEventListener('change', reset);

  async function run(dryRun) {
    const file = fileIn.files?.[0];
    clear(result);
    if (!file) {
      result.append(errorBox(new Error(t('rep.no_file'))));
      return;
    }
    const kind = impKind.querySelector('select').value;
    dryBtn.disabled = true;
    applyBtn.disabled = true;
    try {
      const q = new URLSearchParams({ dryRun: String(dryRun), kind });
      if (commentIn.value.trim()) q.set('comment', commentIn.value.trim());
      const ans = await postFile(`/api/sheet/import?${q}`, file, ctx.me?.csrf);
      const c = ans.importCount || {};
      const vars = { imported: c.imported ?? 0, updated: c.updated ?? 0, ignored: c.ignored ?? 0, sheet: ans.sheet || '', rows: ans.rows ?? '' };
      if (ans.status === 'SUCCESS' && !(ans.conflicts || []).length) {
        result.append(el('p', { class: 'import-result ok', role: 'status' }, t(dryRun ? 'rep.dry_ok' : 'rep.applied', vars)));
        if (dryRun) checked = file;
        else { checked = null; toast(t('rep.applied', vars)); }
      } else {
        checked = null;
        const conflicts = ans.conflicts || [];
        result.append(el('div', { class: 'error-box', role: 'alert' }, t('rep.errors', { n: conflicts.length })),
          table({ columns: [
            { label: t('rep.col.row'), num: true, key: 'row' },
            { label: t('rep.col.cell'), render: (r) => [ans.sheet ? `${ans.sheet}!` : '', r.field || ''] },
            { label: t('rep.col.object'), key: 'object' },
            { label: t('rep.col.reason'), key: 'value' },
          ], rows: conflicts, rowAttrs: (r) => ({ 'data-cell': r.field || '' }) }));
      }
    } catch (e) {
      checked = null;
      result.append(errorBox(e));
    } finally {
      dryBtn.disabled = false;
      applyBtn.disabled = !(checked && checked === fileIn.files?.[0]);
    }
  }
  dryBtn.addEventListener('click', () => run(true));
  applyBtn.addEventListener('click', () => run(false));

  append(clear(body),
    el('section', { class: 'panel', 'aria-labelledby': 'rep-choose-h' }, el('h2', { id: 'rep-choose-h' }, t('rep.choose')),
      el('div', { class: 'toolbar' }, unitSel, pp),
      fellBack ? el('p', { class: 'note', id: 'report-fallback', role: 'status' },
        t('rep.fallback', { year: fellBack, period: periodLabel(state.period, lang()) })) : null),
    el('section', { class: 'panel', id: 'report-section', 'aria-labelledby': 'rep-report-h' },
      el('h2', { id: 'rep-report-h' }, t('rep.report')), of,
      el('details', null, el('summary', null, t('rep.options')),
        el('div', { class: 'tform-grid' }, field(t('rep.number'), number, t('rep.number_hint')),
          field(t('rep.place'), place, t('rep.place_hint')), field(t('rep.date'), issued))),
      el('div', { class: 'downloads' }, aDocx, aPdf, aXlsx, aHtml, aText, aMd)),
    el('section', { class: 'panel', id: 'template-section', 'aria-labelledby': 'rep-tpl-h' },
      el('h2', { id: 'rep-tpl-h' }, t('rep.template')), el('p', null, t('rep.template_intro')),
      el('div', { class: 'toolbar' }, kindSel, fmtSel), el('div', { class: 'downloads' }, aTpl)),
    el('section', { class: 'panel', id: 'import-section', 'aria-labelledby': 'rep-imp-h' },
      el('h2', { id: 'rep-imp-h' }, t('rep.import')), el('p', null, t('rep.import_intro')),
      el('div', { class: 'tform-grid' }, field(t('rep.file'), fileIn), impKind,
        field(t('rep.comment'), commentIn, t('rep.comment_hint'))),
      el('div', { class: 'form-actions' }, dryBtn, applyBtn), el('p', { class: 'hint' }, t('rep.apply_note')), result));
  update();
}
