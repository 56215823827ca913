// pages/plans.js - the annual (and term) targets of a unit
// (#/plans?unit=058&year=2022): the list from GET /api/targets with the
// indicator, source (assigned by the province / the unit's own), kind and figure;
// for administrators, editing one target (PUT /api/targets, numbers typed the
// Vietnamese way) and importing a CSV of targets through POST /api/targets/bulk:
// a dry run first shows what would change (old -> new) and the rows the server
// refuses (row, field, message), and only then "Apply" writes all of it or nothing.
// Not for: evaluating targets (the dashboard) or deciding who may change them (the
// server refuses non-administrators whatever this page shows).
import { api } from '../api.js';
import { t, addStrings, lang, nameOf } from '../i18n.js';
import { el, clear, errorBox, loading, field, toast, table, unitName } from '../ui.js';
import { num, tryParseNum, today } from '../fmt.js';
import { matches } from '../search.js';
import { postKeepBody, bulkMessage } from './_entry_util.js';
import { defaultUnit } from './_fallback.js';
import { textField, selectField, codeOptions, formBox, val, TARGET_KINDS, TERM_TARGET_KINDS, TARGET_SOURCES } from './_forms.js';

addStrings({
  vi: {
    'plans.title': 'Kế hoạch (chỉ tiêu kế hoạch năm)', 'plans.of': '{unit} – năm {year}',
    'plans.col.indicator': 'Chỉ tiêu', 'plans.col.source': 'Nguồn', 'plans.col.kind': 'Loại',
    'plans.col.value': 'Kế hoạch', 'plans.col.years': 'Năm', 'plans.col.note': 'Ghi chú', 'plans.col.actions': 'Thao tác',
    'plans.edit': 'Sửa', 'plans.edit_label': 'Sửa kế hoạch {name}', 'plans.add': 'Thêm chỉ tiêu kế hoạch',
    'plans.form_edit': 'Sửa kế hoạch: {name}', 'plans.form_add': 'Thêm chỉ tiêu kế hoạch năm {year}',
    'plans.f.indicator': 'Chỉ tiêu', 'plans.f.source': 'Nguồn', 'plans.f.kind': 'Loại kế hoạch',
    'plans.f.value': 'Giá trị kế hoạch', 'plans.f.baseline': 'Mức xuất phát (cho "giảm còn")',
    'plans.f.total': 'Tổng Y (cho "đạt X trên Y")', 'plans.f.note': 'Ghi chú (căn cứ: nghị quyết, quyết định)',
    'plans.f.value_hint': 'Kiểu Việt Nam: 1.739,5', 'plans.saved': 'Đã lưu kế hoạch {name}: {result}.',
    'plans.result.inserted': 'thêm mới', 'plans.result.updated': 'đã sửa', 'plans.result.unchanged': 'không thay đổi',
    'plans.search': 'Tìm chỉ tiêu', 'plans.none': 'Đơn vị chưa có chỉ tiêu kế hoạch năm {year}.',
    'plans.import': 'Nhập kế hoạch từ tệp CSV', 'plans.import_help': 'Dòng đầu là tiêu đề: chi_tieu;don_vi;nam;nguon;loai;gia_tri;ghi_chu '
      + '(hoặc indicator,unit,year,source,kind,value,note). Số viết kiểu Việt Nam. Dấu phân cách "," hoặc ";".',
    'plans.csv': 'Nội dung CSV', 'plans.file': 'Hoặc chọn tệp CSV', 'plans.template': 'Lấy kế hoạch hiện tại làm mẫu',
    'plans.dry': 'Kiểm tra (chạy thử)', 'plans.apply': 'Áp dụng', 'plans.apply_hint': 'Chạy thử trước; chỉ áp dụng được khi không có dòng lỗi.',
    'plans.preview': 'Kết quả chạy thử: thêm {a}, sửa {u}, không đổi {s} (chưa ghi gì).',
    'plans.applied': 'Đã nhập: thêm {a}, sửa {u}, không đổi {s}.',
    'plans.refused': 'Không nhập gì cả: {n} dòng lỗi.', 'plans.col.row': 'Dòng', 'plans.col.field': 'Trường',
    'plans.col.message': 'Lỗi', 'plans.col.change': 'Thay đổi', 'plans.col.unit': 'Đơn vị',
    'plans.new': 'mới', 'plans.changes': 'Các thay đổi', 'plans.errors': 'Các dòng lỗi',
    'plans.stale': 'Nội dung đã đổi sau lần chạy thử: hãy kiểm tra lại.',
  },
  en: {
    'plans.title': 'Plans (annual targets)', 'plans.of': '{unit} – year {year}',
    'plans.col.indicator': 'Indicator', 'plans.col.source': 'Source', 'plans.col.kind': 'Kind',
    'plans.col.value': 'Target', 'plans.col.years': 'Years', 'plans.col.note': 'Note', 'plans.col.actions': 'Actions',
    'plans.edit': 'Edit', 'plans.edit_label': 'Edit the target of {name}', 'plans.add': 'Add a target',
    'plans.form_edit': 'Edit target: {name}', 'plans.form_add': 'Add a target for {year}',
    'plans.f.indicator': 'Indicator', 'plans.f.source': 'Source', 'plans.f.kind': 'Target kind',
    'plans.f.value': 'Target value', 'plans.f.baseline': 'Baseline (for "reduce to")',
    'plans.f.total': 'Total Y (for "X of Y")', 'plans.f.note': 'Note (resolution, decision)',
    'plans.f.value_hint': 'Vietnamese format: 1.739,5', 'plans.saved': 'Saved the target of {name}: {result}.',
    'plans.result.inserted': 'added', 'plans.result.updated': 'changed', 'plans.result.unchanged': 'unchanged',
    'plans.search': 'Find an indicator', 'plans.none': 'The unit has no targets for {year}.',
    'plans.import': 'Import targets from a CSV file', 'plans.import_help': 'First line is the header: chi_tieu;don_vi;nam;nguon;loai;gia_tri;ghi_chu '
      + '(or indicator,unit,year,source,kind,value,note). Vietnamese numbers. Separator "," or ";".',
    'plans.csv': 'CSV content', 'plans.file': 'Or choose a CSV file', 'plans.template': 'Start from the current plan',
    'plans.dry': 'Check (dry run)', 'plans.apply': 'Apply', 'plans.apply_hint': 'Dry run first; apply only works without bad rows.',
    'plans.preview': 'Dry run: {a} new, {u} changed, {s} unchanged (nothing written).',
    'plans.applied': 'Imported: {a} new, {u} changed, {s} unchanged.',
    'plans.refused': 'Nothing imported: {n} bad rows.', 'plans.col.row': 'Row', 'plans.col.field': 'Field',
    'plans.col.message': 'Error', 'plans.col.change': 'Change', 'plans.col.unit': 'Unit',
    'plans.new': 'new', 'plans.changes': 'Changes', 'plans.errors': 'Bad rows',
    'plans.stale': 'The content changed after the dry run: check it again.',
  },
});

/** The figure of a target as text: "1.739,5", "206/200", "1,53 (từ 2,1)". */
function figure(tg, decimals) {
  const d = Math.max(decimals ?? 0, 4); // targets are exact figures: never rounded for display
  const v = num(tg.value, d);
  if (tg.kind === 'x_of_y' && tg.total !== null) return `${v}/${num(tg.total, d)}`;
  if (tg.kind === 'reduce_to' && tg.baseline !== null) return `${v} (${lang() === 'en' ? 'from' : 'từ'} ${num(tg.baseline, d)})`;
  if (tg.kind === 'change_pct') return `${Number(tg.value) > 0 ? '+' : ''}${v}%`;
  if (tg.kind === 'growth_avg') return `${Number(tg.value) > 0 ? '+' : ''}${v}%/${lang() === 'en' ? 'year' : 'năm'}`;
  if (tg.kind === 'points_per_year') return `${Number(tg.value) > 0 ? '+' : ''}${v} ${lang() === 'en' ? 'points/year' : 'điểm/năm'}`;
  if (tg.kind === 'term_total') return `${lang() === 'en' ? 'total' : 'tổng'} ${v}`;
  return v;
}

/** A CSV cell (';' separated): quoted when it holds ';', '"' or a line break. */
function csvCell(s) {
  const x = String(s ?? '');
  return /[;"\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}

export async function render(root, ctx) {
  const me = ctx.me;
  const isAdmin = me.role === 'admin';
  root.append(el('h1', null, t('plans.title')));
  const body = el('div');
  root.append(body);
  loading(body);
  const [units, indicators] = await Promise.all([api.all('/api/units'), api.all('/api/indicators')]);
  if (ctx.stale()) return;
  const indBy = new Map(indicators.map((i) => [i.code, i]));
  const unitCode = ctx.params.get('unit') || defaultUnit(me, units);
  const unitObj = units.find((u) => u.code === unitCode);
  const yearFromUrl = Number(ctx.params.get('year'));
  let year = yearFromUrl || today().year;
  if (!yearFromUrl) {
    // not an empty page by default: the unit's last year when it ended (the 2025 mergers),
    // then the latest year, of it and the three before, that holds targets
    const endYear = Number(String(unitObj?.valid_to || '').slice(0, 4));
    if (endYear && endYear < year) year = endYear;
    for (let y = year; y >= year - 3; y--) {
      let page;
      try {
        page = await api.get('/api/targets', { unit: unitCode, year: y, limit: 1 });
      } catch {
        break; // the list below shows the server's answer
      }
      if (page.total > 0) {
        year = y;
        break;
      }
    }
    if (ctx.stale()) return;
  }
  let q = ctx.params.get('q') || '';

  const unitSel = el('select', { name: 'unit', onchange: () => ctx.go('plans', { unit: unitSel.value, year }) },
    units.map((u) => el('option', { value: u.code, selected: u.code === unitCode }, `${unitName(u)} (${u.code})`)));
  const years = [];
  for (let y = year - 6; y <= year + 2; y++) years.push(y);
  const yearSel = el('select', { name: 'year', onchange: () => ctx.go('plans', { unit: unitCode, year: yearSel.value }) },
    years.map((y) => el('option', { value: String(y), selected: y === year }, String(y))));
  const search = el('input', { type: 'search', name: 'q', value: q, autocomplete: 'off', oninput: () => { q = search.value; drawList(); } });
  clear(body).append(
    el('div', { class: 'toolbar no-print' }, field(t('ui.unit'), unitSel), field(t('ui.year'), yearSel), field(t('plans.search'), search)),
    el('p', { class: 'entry-of' }, t('plans.of', { unit: unitObj ? unitName(unitObj) : unitCode, year })));
  const formSlot = el('div');
  const listBox = el('div');
  body.append(formSlot, listBox);
  if (isAdmin)
    body.insertBefore(el('p', { class: 'no-print' }, el('button', { type: 'button', class: 'secondary', name: 'add_target',
      onclick: () => openForm(null) }, t('plans.add'))), formSlot);

  let targets = [];
  async function loadList() {
    loading(listBox);
    try {
      targets = await api.all('/api/targets', { unit: unitCode, year });
    } catch (e) {
      clear(listBox).append(errorBox(e));
      return;
    }
    if (!ctx.stale()) drawList();
  }

  function drawList() {
    const ordered = [...targets].sort((a, b) => (indBy.get(a.indicator)?.sort_order ?? 0) - (indBy.get(b.indicator)?.sort_order ?? 0)
      || a.indicator.localeCompare(b.indicator) || a.source.localeCompare(b.source));
    const rows = ordered.filter((tg) => matches(q, [tg.indicator, indBy.get(tg.indicator)?.name, indBy.get(tg.indicator)?.name_en]));
    const columns = [
      { key: 'indicator', label: t('plans.col.indicator'), sticky: true,
        render: (tg) => [nameOf(indBy.get(tg.indicator)) || tg.indicator, ' ', el('span', { class: 'code' }, tg.indicator)] },
      { key: 'source', label: t('plans.col.source'), render: (tg) => t('tsource.' + tg.source) },
      { key: 'kind', label: t('plans.col.kind'), render: (tg) => t('tkind.' + tg.kind) },
      { key: 'value', label: t('plans.col.value'), num: true,
        render: (tg) => [figure(tg, indBy.get(tg.indicator)?.decimals ?? 2), ' ', el('span', { class: 'hint' }, indBy.get(tg.indicator)?.uom || '')] },
      { key: 'years', label: t('plans.col.years'), render: (tg) => (tg.year_from === tg.year_to ? String(tg.year_from) : `${tg.year_from}–${tg.year_to}`) },
      { key: 'note', label: t('plans.col.note'), render: (tg) => tg.note || '' },
    ];
    if (isAdmin)
      columns.push({ key: 'actions', label: t('plans.col.actions'), class: 'actions', render: (tg) => el('button', {
        type: 'button', class: 'secondary', name: `edit_${tg.indicator}_${tg.source}_${tg.year_from}_${tg.year_to}`,
        'aria-label': t('plans.edit_label', { name: nameOf(indBy.get(tg.indicator)) || tg.indicator }),
        onclick: () => openForm(tg) }, t('plans.edit')) });
    clear(listBox).append(table({ stack: true, columns, rows, empty: t('plans.none', { year }),
      rowAttrs: (tg) => ({ 'data-indicator': tg.indicator, 'data-source': tg.source }) }));
  }

  function openForm(tg) {
    const ind = tg ? indBy.get(tg.indicator) : null;
    const name = tg ? nameOf(ind) || tg.indicator : '';
    const numText = (v) => (v === null || v === undefined ? '' : num(v, 4));
    const fields = [
      tg ? textField(t('plans.f.indicator'), 'indicator', `${name} (${tg.indicator})`, { readOnly: true, disabled: true })
        : selectField(t('plans.f.indicator'), 'indicator', indicators.map((i) => [i.code, `${nameOf(i)} (${i.code})`]), ''),
      selectField(t('plans.f.source'), 'source', codeOptions(TARGET_SOURCES, 'tsource.'), tg?.source || 'assigned',
        { attrs: { disabled: !!tg } }),
      selectField(t('plans.f.kind'), 'kind', codeOptions(tg && tg.year_from !== tg.year_to ? TERM_TARGET_KINDS : TARGET_KINDS, 'tkind.'), tg?.kind || 'at_least'),
      textField(t('plans.f.value'), 'value', numText(tg?.value), { inputmode: 'decimal', required: true }, t('plans.f.value_hint')),
      textField(t('plans.f.baseline'), 'baseline', numText(tg?.baseline), { inputmode: 'decimal' }),
      textField(t('plans.f.total'), 'total', numText(tg?.total), { inputmode: 'decimal' }),
      textField(t('plans.f.note'), 'note', tg?.note || '', { maxlength: '250' }),
    ];
    const form = formBox({
      title: tg ? t('plans.form_edit', { name }) : t('plans.form_add', { year }),
      fields, cls: 'target-form',
      onCancel: () => clear(formSlot),
      onSubmit: async (f) => {
        const bodyObj = {
          indicator: tg ? tg.indicator : val(f, 'indicator'), unit: unitCode, source: tg ? tg.source : val(f, 'source'),
          kind: val(f, 'kind'), note: val(f, 'note'),
        };
        if (tg && tg.year_from !== tg.year_to) { bodyObj.year_from = tg.year_from; bodyObj.year_to = tg.year_to; } else bodyObj.year = tg ? tg.year_from : year;
        for (const k of ['value', 'baseline', 'total']) {
          const s = val(f, k);
          if (s === '') continue;
          const r = tryParseNum(s);
          if (!r.ok) throw Object.assign(new Error(r.error), { field: k });
          bodyObj[k] = s; // the server parses the Vietnamese text itself
        }
        const ans = await api.send('PUT', '/api/targets', bodyObj);
        toast(t('plans.saved', { name: nameOf(indBy.get(bodyObj.indicator)) || bodyObj.indicator, result: t('plans.result.' + ans.result) }));
        clear(formSlot);
        await loadList();
      },
    });
    clear(formSlot).append(form);
    form.querySelector('input:not([disabled]), select:not([disabled])')?.focus();
  }

  if (isAdmin) body.append(importBox());

  function importBox() {
    const area = el('textarea', { name: 'csv', class: 'csv', spellcheck: 'false', rows: '8' });
    const file = el('input', { type: 'file', name: 'file', accept: '.csv,text/csv', onchange: async () => {
      const f = file.files?.[0];
      if (f) { area.value = await f.text(); checked = null; applyBtn.disabled = true; }
    } });
    const out = el('div', { 'aria-live': 'polite', class: 'import-result' });
    let checked = null; // the text that passed the last dry run
    const dryBtn = el('button', { type: 'button', class: 'secondary', name: 'dry_run', onclick: () => run(true) }, t('plans.dry'));
    const applyBtn = el('button', { type: 'button', class: 'primary', name: 'apply', disabled: true, onclick: () => run(false) }, t('plans.apply'));
    const templateBtn = el('button', { type: 'button', class: 'secondary', name: 'template', onclick: () => {
      const lines = ['chi_tieu;don_vi;nam;nguon;loai;gia_tri;muc_xuat_phat;tong;ghi_chu'];
      for (const tg of targets.filter((x) => x.year_from === x.year_to))
        lines.push([tg.indicator, tg.unit, tg.year_from, tg.source, tg.kind, num(tg.value, 4),
          tg.baseline === null ? '' : num(tg.baseline, 4), tg.total === null ? '' : num(tg.total, 4), tg.note].map(csvCell).join(';'));
      area.value = lines.join('\n') + '\n';
      checked = null;
      applyBtn.disabled = true;
    } }, t('plans.template'));
    area.addEventListener('input', () => { if (checked !== null && area.value !== checked) { applyBtn.disabled = true; } });

    async function run(dry) {
      clear(out);
      const text = area.value;
      if (!dry && text !== checked) { out.append(errorBox({ message: t('plans.stale') })); applyBtn.disabled = true; return; }
      dryBtn.disabled = applyBtn.disabled = true;
      let ans;
      try {
        ans = await postKeepBody(`/api/targets/bulk${dry ? '?dryRun=true' : ''}`, text, me.csrf, 'text/csv');
      } catch (e) {
        out.append(errorBox(e));
        dryBtn.disabled = false;
        return;
      }
      dryBtn.disabled = false;
      const b = ans.body || {};
      if (ans.status !== 200 || b.status !== 'SUCCESS') {
        checked = null;
        if (b.error) { out.append(errorBox({ message: b.error.message, field: b.error.field })); return; }
        out.append(errorBox({ message: t('plans.refused', { n: b.bad ?? (b.conflicts || []).length }) + ' ' + bulkMessage(ans) }));
        out.append(el('h3', null, t('plans.errors')), table({ stack: true,
          columns: [
            { key: 'row', label: t('plans.col.row'), num: true },
            { key: 'field', label: t('plans.col.field'), render: (c) => c.field || '' },
            { key: 'object', label: 'Giá trị', render: (c) => c.object || '' },
            { key: 'value', label: t('plans.col.message') },
          ],
          rows: b.conflicts || [], rowAttrs: () => ({ class: 'conflict-row' }),
        }));
        return;
      }
      const c = b.importCount || {};
      const counts = { a: c.imported ?? 0, u: c.updated ?? 0, s: c.ignored ?? 0 };
      if (dry) {
        checked = text;
        applyBtn.disabled = false;
        out.append(el('div', { class: 'preview' }, el('p', { class: 'note', role: 'status' }, t('plans.preview', counts)),
          el('h3', null, t('plans.changes')), table({ stack: true,
            columns: [
              { key: 'indicator', label: t('plans.col.indicator'), sticky: true,
                render: (x) => [nameOf(indBy.get(x.indicator)) || x.indicator, ' ', el('span', { class: 'code' }, x.indicator)] },
              { key: 'unit', label: t('plans.col.unit') },
              { key: 'years', label: t('plans.col.years'), render: (x) => (x.year_from === x.year_to ? String(x.year_from) : `${x.year_from}–${x.year_to}`) },
              { key: 'source', label: t('plans.col.source'), render: (x) => t('tsource.' + x.source) },
              { key: 'change', label: t('plans.col.change'), num: true, render: (x) => {
                const d = indBy.get(x.indicator)?.decimals ?? 2;
                return [x.old ? el('span', { class: 'change-old' }, figure(x.old, d)) : el('span', { class: 'hint' }, t('plans.new')),
                  ' → ', el('span', { class: 'change-new' }, figure(x.new, d))];
              } },
            ],
            rows: b.changes || [], rowAttrs: (x) => ({ 'data-indicator': x.indicator, class: 'change-row' }),
          })));
      } else {
        checked = null;
        applyBtn.disabled = true;
        out.append(el('p', { class: 'saved-note', role: 'status' }, t('plans.applied', counts)));
        toast(t('plans.applied', counts));
        await loadList();
      }
    }

    return el('section', { class: 'form-box no-print', 'aria-labelledby': 'import-h' },
      el('h2', { id: 'import-h' }, t('plans.import')), el('p', { class: 'hint' }, t('plans.import_help')),
      field(t('plans.csv'), area), field(t('plans.file'), file),
      el('div', { class: 'form-actions' }, templateBtn, dryBtn, applyBtn), el('p', { class: 'hint' }, t('plans.apply_hint')), out);
  }

  await loadList();
}
