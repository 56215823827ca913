// pages/catalog.js - the catalogue for administrators (#/catalog?tab=indicators|units|agencies|rules):
// indicators (list with accent-insensitive search over code and both names; an
// add/edit form with every field of POST/PUT /api/indicators labelled), the unit
// tree (indented by level, validity dates; add/edit with parent and dates), the
// agencies (add, rename) and the rules between indicators (left expression,
// operator, right expression, importance: add, edit, remove; /api/rules), with the
// catalogue workbook: a download link (GET /api/sheet/catalog) and, for administrators,
// an upload with a dry run first, then the same file applied (POST /api/sheet/catalog),
// the server's errors shown by cell. Every save goes to the server, whose error names the
// field that is then marked in the form.
// Not for: targets (plans.js) or users (users.js). Other roles may open it read
// only; the server refuses their writes.
import { api } from '../api.js';
import { t, addStrings, nameOf } from '../i18n.js';
import { el, clear, loading, toast, table, searchBox, unitDepths, errorBox, field, SECTORS, sectorLabel } from '../ui.js';
import { date, num } from '../fmt.js';
import { matches } from '../search.js';
import { hashFor } from '../app.js';
import { textField, selectField, codeOptions, formBox, val, IND_KINDS, DIRECTIONS, ROLLUPS, FREQS, UNIT_TYPES } from './_forms.js';
import { postFile, XLSX_TYPE } from './_upload.js';

addStrings({
  vi: {
    'cat.title': 'Danh mục', 'cat.tab.indicators': 'Chỉ tiêu', 'cat.tab.units': 'Đơn vị hành chính', 'cat.tab.agencies': 'Cơ quan',
    'cat.search': 'Tìm chỉ tiêu (không cần dấu)', 'cat.search_ph': 'ví dụ: ho ngheo, xuat hoa',
    'cat.shown': 'Đang hiện {n}/{m}.', 'cat.edit': 'Sửa', 'cat.edit_label': 'Sửa {name}',
    'cat.add_ind': 'Thêm chỉ tiêu', 'cat.add_unit': 'Thêm đơn vị', 'cat.add_agency': 'Thêm cơ quan',
    'cat.col.code': 'Mã', 'cat.col.name': 'Tên', 'cat.col.uom': 'Đơn vị tính', 'cat.col.sector': 'Lĩnh vực',
    'cat.col.kind': 'Loại', 'cat.col.freq': 'Kỳ nhập', 'cat.col.agency': 'Cơ quan', 'cat.col.actions': 'Thao tác',
    'cat.col.type': 'Cấp', 'cat.col.valid': 'Hiệu lực', 'cat.col.parent': 'Trực thuộc',
    'cat.f.code': 'Mã (chữ không dấu, số, . _ -)', 'cat.f.name': 'Tên tiếng Việt', 'cat.f.name_en': 'Tên tiếng Anh',
    'cat.f.uom': 'Đơn vị tính', 'cat.f.uom_scale': 'Hệ số đơn vị (10^n)', 'cat.f.decimals': 'Số chữ số thập phân',
    'cat.f.sector': 'Lĩnh vực', 'cat.f.kind': 'Loại chỉ tiêu', 'cat.f.direction': 'Chiều đánh giá',
    'cat.f.rollup': 'Cách tổng hợp lên cấp trên', 'cat.f.frequency': 'Kỳ nhập số liệu', 'cat.f.agency': 'Cơ quan phụ trách',
    'cat.f.numerator': 'Tử số (chỉ tiêu tỷ lệ)', 'cat.f.denominator': 'Mẫu số (chỉ tiêu tỷ lệ)',
    'cat.f.ratio_scale': 'Hệ số tỷ lệ (100 = phần trăm)', 'cat.f.weight': 'Trọng số (bình quân gia quyền)',
    'cat.f.sort_order': 'Thứ tự trong báo cáo',
    'cat.f.value_type': 'Giá trị nhận', 'vtype.number': 'Số', 'vtype.whole': 'Số nguyên', 'vtype.percent': 'Phần trăm (0-100)',
    'cat.f.min': 'Giá trị nhỏ nhất', 'cat.f.max': 'Giá trị lớn nhất',
    'cat.min_hint': 'Để trống: không âm (trừ chỉ tiêu tỷ lệ). Ghi số âm nếu chỉ tiêu nhận giá trị âm.',
    'cat.max_hint': 'Để trống: không giới hạn.',
    'cat.f.type': 'Cấp hành chính', 'cat.f.parent': 'Đơn vị cấp trên', 'cat.f.valid_from': 'Hiệu lực từ ngày',
    'cat.f.valid_to': 'Hiệu lực đến ngày', 'cat.f.agency_name': 'Tên cơ quan',
    'cat.form_ind_new': 'Thêm chỉ tiêu', 'cat.form_ind_edit': 'Sửa chỉ tiêu {code}',
    'cat.form_unit_new': 'Thêm đơn vị hành chính', 'cat.form_unit_edit': 'Sửa đơn vị {code}',
    'cat.form_ag_new': 'Thêm cơ quan', 'cat.form_ag_edit': 'Sửa cơ quan {code}',
    'cat.saved': 'Đã lưu {code}.', 'cat.from': 'từ {d}', 'cat.to': 'đến {d}', 'cat.always': 'không thời hạn',
    'cat.code_fixed': 'Mã không đổi được',
    'cat.tab.rules': 'Quy tắc kiểm tra', 'cat.add_rule': 'Thêm quy tắc', 'cat.col.rule': 'Quy tắc',
    'cat.col.importance': 'Mức độ', 'cat.form_rule_new': 'Thêm quy tắc kiểm tra', 'cat.form_rule_edit': 'Sửa quy tắc {code}',
    'cat.f.rule_name': 'Tên (quy tắc đòi gì)', 'cat.f.left': 'Vế trái', 'cat.f.op': 'Phép so sánh', 'cat.f.right': 'Vế phải',
    'cat.f.importance': 'Mức độ', 'imp.error': 'Lỗi: từ chối số liệu', 'imp.warning': 'Cảnh báo: cần ghi chú',
    'cat.expr_hint': 'Mã chỉ tiêu, số (dấu phẩy thập phân), + - * / và ngoặc; ví dụ: QSQD + QSCA + QSKD. '
      + 'Các chỉ tiêu cùng kỳ báo cáo; thiếu số liệu của một chỉ tiêu thì quy tắc bỏ qua.',
    'cat.remove': 'Xóa', 'cat.remove_label': 'Xóa {name}', 'cat.removed': 'Đã xóa {code}.',
    'cat.rules_intro': 'Quy tắc giữa các chỉ tiêu của cùng một đơn vị, cùng một kỳ (như quy tắc kiểm tra của DHIS2): '
      + 'số liệu vi phạm quy tắc lỗi bị từ chối; vi phạm quy tắc cảnh báo thì cần ghi chú giải thích, ghi chú lưu cùng số liệu.',
    'cat.wb': 'Biểu danh mục (Excel)', 'cat.wb_download': 'Tải biểu danh mục', 'cat.wb_csv': 'Tải dạng CSV',
    'cat.wb_intro': 'Sheet "Quy tắc kiểm tra" có mọi quy tắc, sheet "Chỉ tiêu" có mã các chỉ tiêu để tra. Sửa hoặc thêm dòng rồi nhập lại.',
    'cat.wb_file': 'Tệp biểu danh mục (.xlsx hoặc .csv)', 'cat.wb_replace': 'Xóa các quy tắc không có trong biểu',
    'cat.wb_dry': 'Chạy thử', 'cat.wb_apply': 'Nhập thật', 'cat.wb_no_file': 'Chọn tệp biểu danh mục trước.',
    'cat.wb_dry_ok': 'Chạy thử: không có lỗi. Nếu nhập thật sẽ thêm {imported}, sửa {updated}, xóa {deleted} quy tắc; {ignored} không đổi.',
    'cat.wb_applied': 'Đã nhập biểu danh mục: thêm {imported}, sửa {updated}, xóa {deleted} quy tắc; {ignored} không đổi.',
    'cat.wb_errors': 'Có {n} lỗi; không quy tắc nào được ghi. Sửa tệp rồi chạy thử lại.',
    'cat.wb_note': 'Nút "Nhập thật" mở khi lần chạy thử gần nhất với chính tệp này không có lỗi.',
    'cat.wb_act.added': 'thêm', 'cat.wb_act.updated': 'sửa', 'cat.wb_act.removed': 'xóa',
    'cat.col.row': 'Dòng', 'cat.col.cell': 'Ô', 'cat.col.reason': 'Lý do',
  },
  en: {
    'cat.title': 'Catalogue', 'cat.tab.indicators': 'Indicators', 'cat.tab.units': 'Administrative units', 'cat.tab.agencies': 'Agencies',
    'cat.search': 'Find an indicator (accents optional)', 'cat.search_ph': 'e.g. ho ngheo, poverty',
    'cat.shown': 'Showing {n} of {m}.', 'cat.edit': 'Edit', 'cat.edit_label': 'Edit {name}',
    'cat.add_ind': 'Add an indicator', 'cat.add_unit': 'Add a unit', 'cat.add_agency': 'Add an agency',
    'cat.col.code': 'Code', 'cat.col.name': 'Name', 'cat.col.uom': 'Unit of measure', 'cat.col.sector': 'Sector',
    'cat.col.kind': 'Kind', 'cat.col.freq': 'Frequency', 'cat.col.agency': 'Agency', 'cat.col.actions': 'Actions',
    'cat.col.type': 'Level', 'cat.col.valid': 'Valid', 'cat.col.parent': 'Parent',
    'cat.f.code': 'Code (letters without accents, digits, . _ -)', 'cat.f.name': 'Vietnamese name', 'cat.f.name_en': 'English name',
    'cat.f.uom': 'Unit of measure', 'cat.f.uom_scale': 'Unit scale (10^n)', 'cat.f.decimals': 'Decimals',
    'cat.f.sector': 'Sector', 'cat.f.kind': 'Indicator kind', 'cat.f.direction': 'Direction',
    'cat.f.rollup': 'Roll-up to the parent unit', 'cat.f.frequency': 'Entry frequency', 'cat.f.agency': 'Owning agency',
    'cat.f.numerator': 'Numerator (ratio indicators)', 'cat.f.denominator': 'Denominator (ratio indicators)',
    'cat.f.ratio_scale': 'Ratio scale (100 = percent)', 'cat.f.weight': 'Weight (weighted average)',
    'cat.f.sort_order': 'Order in reports',
    'cat.f.value_type': 'Values', 'vtype.number': 'Number', 'vtype.whole': 'Whole number', 'vtype.percent': 'Percentage (0-100)',
    'cat.f.min': 'Minimum', 'cat.f.max': 'Maximum',
    'cat.min_hint': 'Empty: not negative (except ratios). A negative number lets values go below zero.',
    'cat.max_hint': 'Empty: no limit.',
    'cat.f.type': 'Administrative level', 'cat.f.parent': 'Parent unit', 'cat.f.valid_from': 'Valid from',
    'cat.f.valid_to': 'Valid until', 'cat.f.agency_name': 'Agency name',
    'cat.form_ind_new': 'Add an indicator', 'cat.form_ind_edit': 'Edit indicator {code}',
    'cat.form_unit_new': 'Add an administrative unit', 'cat.form_unit_edit': 'Edit unit {code}',
    'cat.form_ag_new': 'Add an agency', 'cat.form_ag_edit': 'Edit agency {code}',
    'cat.saved': 'Saved {code}.', 'cat.from': 'from {d}', 'cat.to': 'until {d}', 'cat.always': 'no limit',
    'cat.code_fixed': 'The code cannot change',
    'cat.tab.rules': 'Validation rules', 'cat.add_rule': 'Add a rule', 'cat.col.rule': 'Rule',
    'cat.col.importance': 'Importance', 'cat.form_rule_new': 'Add a validation rule', 'cat.form_rule_edit': 'Edit rule {code}',
    'cat.f.rule_name': 'Name (what the rule asks)', 'cat.f.left': 'Left side', 'cat.f.op': 'Operator', 'cat.f.right': 'Right side',
    'cat.f.importance': 'Importance', 'imp.error': 'Error: the value is refused', 'imp.warning': 'Warning: a comment is needed',
    'cat.expr_hint': 'Indicator codes, numbers (decimal comma), + - * / and parentheses; e.g. QSQD + QSCA + QSKD. '
      + 'Indicators of one frequency; a rule with a value missing is skipped.',
    'cat.remove': 'Remove', 'cat.remove_label': 'Remove {name}', 'cat.removed': 'Removed {code}.',
    'cat.rules_intro': 'Rules between indicators of one unit and one period (as DHIS2 validation rules): '
      + 'a value breaking an error rule is refused; breaking a warning rule needs a comment, kept with the value.',
    'cat.wb': 'Catalogue workbook (Excel)', 'cat.wb_download': 'Download the catalogue workbook', 'cat.wb_csv': 'Download as CSV',
    'cat.wb_intro': 'The sheet "Quy tắc kiểm tra" holds every rule, the sheet "Chỉ tiêu" the indicator codes for reference. Edit or add rows, then upload it.',
    'cat.wb_file': 'Catalogue workbook (.xlsx or .csv)', 'cat.wb_replace': 'Remove the rules the workbook leaves out',
    'cat.wb_dry': 'Dry run', 'cat.wb_apply': 'Apply', 'cat.wb_no_file': 'Choose the catalogue workbook first.',
    'cat.wb_dry_ok': 'Dry run: no errors. Applying would add {imported}, change {updated}, remove {deleted} rules; {ignored} unchanged.',
    'cat.wb_applied': 'Catalogue imported: {imported} added, {updated} changed, {deleted} removed; {ignored} unchanged.',
    'cat.wb_errors': '{n} errors; no rule was written. Fix the file and run the dry run again.',
    'cat.wb_note': '"Apply" opens once the last dry run of this very file had no errors.',
    'cat.wb_act.added': 'add', 'cat.wb_act.updated': 'change', 'cat.wb_act.removed': 'remove',
    'cat.col.row': 'Row', 'cat.col.cell': 'Cell', 'cat.col.reason': 'Reason',
  },
});

const TABS = ['indicators', 'units', 'agencies', 'rules'];
const OPS = ['<=', '<', '==', '!=', '>=', '>'];

/** An integer field value or undefined when empty (the server checks the range). */
function intOf(form, name) {
  const s = val(form, name);
  if (s === '') return undefined;
  const n = Number(s);
  if (!Number.isInteger(n)) throw Object.assign(new Error(t('cat.f.' + name) + ': ' + s), { field: name });
  return n;
}

export async function render(root, ctx) {
  const tab = TABS.includes(ctx.params.get('tab')) ? ctx.params.get('tab') : 'indicators';
  root.append(el('h1', null, t('cat.title')),
    el('nav', { class: 'tabs', 'aria-label': t('cat.title') }, TABS.map((k) =>
      el('a', { href: hashFor('catalog', { tab: k }), 'aria-current': k === tab ? 'page' : null }, t('cat.tab.' + k)))));
  const body = el('div');
  root.append(body);
  loading(body);
  const [indicators, agencies, units, rules] = await Promise.all([
    api.all('/api/indicators'), api.all('/api/agencies'), api.all('/api/units'),
    tab === 'rules' ? api.get('/api/rules').then((r) => r.items) : Promise.resolve([])]);
  if (ctx.stale()) return;
  clear(body);
  const formSlot = el('div');
  const listBox = el('div');
  const reload = () => ctx.go('catalog', { tab, q: ctx.params.get('q') });
  if (tab === 'indicators') indicatorTab();
  else if (tab === 'units') unitTab();
  else if (tab === 'rules') ruleTab();
  else agencyTab();

  function addButton(label, name, onclick) {
    return el('p', { class: 'no-print' }, el('button', { type: 'button', class: 'secondary', name, onclick }, label));
  }
  function editButton(name, label, onclick) {
    return el('button', { type: 'button', class: 'secondary', name, 'aria-label': t('cat.edit_label', { name: label }), onclick }, t('cat.edit'));
  }
  function show(form) {
    clear(formSlot).append(form);
    form.querySelector('input:not([disabled]), select')?.focus();
    form.scrollIntoView({ block: 'nearest' });
  }

  // ---- indicators ----------------------------------------------------------
  function indicatorTab() {
    let q = ctx.params.get('q') || '';
    const agencyName = new Map(agencies.map((a) => [a.code, a.name]));
    body.append(
      searchBox({ label: t('cat.search'), value: q, placeholder: t('cat.search_ph'), onInput: (s) => { q = s; draw(); } }),
      addButton(t('cat.add_ind'), 'add_indicator', () => show(indForm(null))), formSlot, listBox);
    function draw() {
      const rows = indicators.filter((i) => matches(q, [i.code, i.name, i.name_en, i.uom]));
      clear(listBox).append(el('p', { class: 'hint', 'aria-live': 'polite' }, t('cat.shown', { n: rows.length, m: indicators.length })),
        table({ stack: true,
          columns: [
            { key: 'code', label: t('cat.col.code'), render: (i) => el('span', { class: 'code' }, i.code) },
            { key: 'name', label: t('cat.col.name'), sticky: true, render: (i) => nameOf(i) },
            { key: 'uom', label: t('cat.col.uom') },
            { key: 'sector', label: t('cat.col.sector'), render: (i) => sectorLabel(i.sector) },
            { key: 'kind', label: t('cat.col.kind'), render: (i) => t('ikind.' + i.kind) },
            { key: 'frequency', label: t('cat.col.freq'), render: (i) => t('freq.' + i.frequency) },
            { key: 'agency', label: t('cat.col.agency'), render: (i) => (i.agency ? agencyName.get(i.agency) || i.agency : '') },
            { key: 'actions', label: t('cat.col.actions'), class: 'actions',
              render: (i) => editButton(`edit_${i.code}`, nameOf(i), () => show(indForm(i))) },
          ],
          rows, rowAttrs: (i) => ({ 'data-code': i.code }),
        }));
    }
    draw();
  }

  function indForm(ind) {
    const indOpts = indicators.filter((i) => !ind || i.code !== ind.code).map((i) => [i.code, `${i.code} – ${i.name}`]);
    const fields = [
      textField(t('cat.f.code'), 'code', ind?.code || '', ind ? { readOnly: true, disabled: true } : { required: true, maxlength: '31' },
        ind ? t('cat.code_fixed') : null),
      textField(t('cat.f.name'), 'name', ind?.name || '', { required: true }),
      textField(t('cat.f.name_en'), 'name_en', ind?.name_en || ''),
      textField(t('cat.f.uom'), 'uom', ind?.uom || '', { required: true }),
      textField(t('cat.f.uom_scale'), 'uom_scale', ind ? String(ind.uom_scale) : '0', { inputmode: 'numeric' }),
      textField(t('cat.f.decimals'), 'decimals', ind ? String(ind.decimals) : '0', { inputmode: 'numeric' }),
      selectField(t('cat.f.sector'), 'sector', SECTORS.map((s) => [s, sectorLabel(s)]), ind?.sector || 'economy'),
      selectField(t('cat.f.kind'), 'kind', codeOptions(IND_KINDS, 'ikind.'), ind?.kind || 'flow'),
      selectField(t('cat.f.direction'), 'direction', codeOptions(DIRECTIONS, 'dir.'), ind?.direction || 'higher'),
      selectField(t('cat.f.rollup'), 'rollup', codeOptions(ROLLUPS, 'rollup.'), ind?.rollup || 'sum'),
      selectField(t('cat.f.frequency'), 'frequency', codeOptions(FREQS, 'freq.'), ind?.frequency || 'month'),
      selectField(t('cat.f.agency'), 'agency', agencies.map((a) => [a.code, `${a.name} (${a.code})`]), ind?.agency || '', { blank: true }),
      selectField(t('cat.f.numerator'), 'numerator', indOpts, ind?.numerator || '', { blank: true }),
      selectField(t('cat.f.denominator'), 'denominator', indOpts, ind?.denominator || '', { blank: true }),
      textField(t('cat.f.ratio_scale'), 'ratio_scale', ind?.ratio_scale ? String(ind.ratio_scale) : '100', { inputmode: 'numeric' }),
      selectField(t('cat.f.weight'), 'weight', indOpts, ind?.weight || '', { blank: true }),
      textField(t('cat.f.sort_order'), 'sort_order', ind ? String(ind.sort_order) : '0', { inputmode: 'numeric' }),
      selectField(t('cat.f.value_type'), 'value_type', ['number', 'whole', 'percent'].map((v) => [v, t('vtype.' + v)]),
        ind?.value_type || 'number'),
      textField(t('cat.f.min'), 'min', ind?.min === null || ind?.min === undefined ? '' : num(ind.min, 4), { inputmode: 'decimal' },
        t('cat.min_hint')),
      textField(t('cat.f.max'), 'max', ind?.max === null || ind?.max === undefined ? '' : num(ind.max, 4), { inputmode: 'decimal' },
        t('cat.max_hint')),
    ];
    return formBox({
      title: ind ? t('cat.form_ind_edit', { code: ind.code }) : t('cat.form_ind_new'), fields, cls: 'indicator-form',
      onCancel: () => clear(formSlot),
      onSubmit: async (f) => {
        const b = {};
        for (const k of ['name', 'name_en', 'uom', 'sector', 'kind', 'direction', 'rollup', 'frequency', 'agency', 'numerator', 'denominator', 'weight'])
          b[k] = val(f, k);
        for (const k of ['uom_scale', 'decimals', 'sort_order']) b[k] = intOf(f, k);
        if (b.kind === 'ratio') b.ratio_scale = intOf(f, 'ratio_scale');
        b.value_type = val(f, 'value_type');
        // a bound in Vietnamese form goes as it is typed (the server reads it); empty removes it
        for (const k of ['min', 'max']) b[k] = val(f, k).trim() === '' ? null : val(f, k).trim();
        let ans;
        if (ind) ans = await api.send('PUT', `/api/indicators/${encodeURIComponent(ind.code)}`, b);
        else ans = await api.send('POST', '/api/indicators', { code: val(f, 'code'), ...b });
        toast(t('cat.saved', { code: ans.code }));
        reload();
      },
    });
  }

  // ---- units ------------------------------------------------------------------
  function unitTab() {
    const depth = unitDepths(units);
    body.append(addButton(t('cat.add_unit'), 'add_unit', () => show(unitForm(null))), formSlot, listBox);
    const byCode = new Map(units.map((u) => [u.code, u]));
    const validity = (u) => (!u.valid_from && !u.valid_to ? t('cat.always')
      : [u.valid_from && t('cat.from', { d: date(u.valid_from) }), u.valid_to && t('cat.to', { d: date(u.valid_to) })].filter(Boolean).join(' '));
    listBox.append(table({ stack: true,
      columns: [
        { key: 'name', label: t('cat.col.name'), sticky: true,
          render: (u) => el('span', { class: `depth-${depth.get(u.code) || 0}` }, '\u00a0\u00a0\u00a0'.repeat(depth.get(u.code) || 0) + u.name) },
        { key: 'code', label: t('cat.col.code'), render: (u) => el('span', { class: 'code' }, u.code) },
        { key: 'type', label: t('cat.col.type'), render: (u) => t('utype.' + u.type) },
        { key: 'parent', label: t('cat.col.parent'), render: (u) => (u.parent ? byCode.get(u.parent)?.name || u.parent : '') },
        { key: 'valid', label: t('cat.col.valid'), render: validity },
        { key: 'actions', label: t('cat.col.actions'), class: 'actions',
          render: (u) => editButton(`edit_${u.code}`, u.name, () => show(unitForm(u))) },
      ],
      rows: units, rowAttrs: (u) => ({ 'data-code': u.code }),
    }));
  }

  function unitForm(u) {
    const depth = unitDepths(units);
    const parents = units.filter((p) => !u || p.code !== u.code)
      .map((p) => [p.code, '\u00a0\u00a0'.repeat(depth.get(p.code) || 0) + `${p.name} (${p.code})`]);
    const fields = [
      textField(t('cat.f.code'), 'code', u?.code || '', u ? { readOnly: true, disabled: true } : { required: true, maxlength: '31' },
        u ? t('cat.code_fixed') : null),
      textField(t('cat.f.name'), 'name', u?.name || '', { required: true }),
      selectField(t('cat.f.type'), 'type', codeOptions(UNIT_TYPES, 'utype.'), u?.type || 'ward'),
      selectField(t('cat.f.parent'), 'parent', parents, u?.parent || '', { blank: true }),
      textField(t('cat.f.valid_from'), 'valid_from', u?.valid_from || '', { type: 'date' }),
      textField(t('cat.f.valid_to'), 'valid_to', u?.valid_to || '', { type: 'date' }),
    ];
    return formBox({
      title: u ? t('cat.form_unit_edit', { code: u.code }) : t('cat.form_unit_new'), fields, cls: 'unit-form',
      onCancel: () => clear(formSlot),
      onSubmit: async (f) => {
        const b = { name: val(f, 'name'), type: val(f, 'type'), parent: val(f, 'parent'),
          valid_from: val(f, 'valid_from'), valid_to: val(f, 'valid_to') };
        const ans = u ? await api.send('PUT', `/api/units/${encodeURIComponent(u.code)}`, b)
          : await api.send('POST', '/api/units', { code: val(f, 'code'), ...b });
        toast(t('cat.saved', { code: ans.code }));
        reload();
      },
    });
  }

  // ---- agencies ------------------------------------------------------------------
  function agencyTab() {
    body.append(addButton(t('cat.add_agency'), 'add_agency', () => show(agencyForm(null))), formSlot, listBox);
    listBox.append(table({ stack: true,
      columns: [
        { key: 'code', label: t('cat.col.code'), render: (a) => el('span', { class: 'code' }, a.code) },
        { key: 'name', label: t('cat.col.name'), sticky: true },
        { key: 'actions', label: t('cat.col.actions'), class: 'actions',
          render: (a) => editButton(`edit_${a.code}`, a.name, () => show(agencyForm(a))) },
      ],
      rows: agencies, rowAttrs: (a) => ({ 'data-code': a.code }),
    }));
  }

  function agencyForm(a) {
    return formBox({
      title: a ? t('cat.form_ag_edit', { code: a.code }) : t('cat.form_ag_new'), cls: 'agency-form',
      fields: [
        textField(t('cat.f.code'), 'code', a?.code || '', a ? { readOnly: true, disabled: true } : { required: true, maxlength: '31' }),
        textField(t('cat.f.agency_name'), 'name', a?.name || '', { required: true }),
      ],
      onCancel: () => clear(formSlot),
      onSubmit: async (f) => {
        const ans = a ? await api.send('PUT', `/api/agencies/${encodeURIComponent(a.code)}`, { name: val(f, 'name') })
          : await api.send('POST', '/api/agencies', { code: val(f, 'code'), name: val(f, 'name') });
        toast(t('cat.saved', { code: ans.code }));
        reload();
      },
    });
  }

  // ---- rules between indicators --------------------------------------------------
  function ruleTab() {
    body.append(el('p', { class: 'hint' }, t('cat.rules_intro')),
      addButton(t('cat.add_rule'), 'add_rule', () => show(ruleForm(null))), formSlot, listBox, workbookBox());
    listBox.append(table({ stack: true,
      columns: [
        { key: 'code', label: t('cat.col.code'), render: (r) => el('span', { class: 'code' }, r.code) },
        { key: 'name', label: t('cat.col.name'), sticky: true },
        { key: 'rule', label: t('cat.col.rule'), render: (r) => el('code', null, `${r.left} ${r.op} ${r.right}`) },
        { key: 'importance', label: t('cat.col.importance'), render: (r) => r.importance_label },
        { key: 'actions', label: t('cat.col.actions'), class: 'actions',
          render: (r) => el('span', null, editButton(`edit_${r.code}`, r.name, () => show(ruleForm(r))), ' ',
            el('button', { type: 'button', class: 'secondary', name: `remove_${r.code}`,
              'aria-label': t('cat.remove_label', { name: r.name }), onclick: () => removeRule(r) }, t('cat.remove'))) },
      ],
      rows: rules, rowAttrs: (r) => ({ 'data-code': r.code }),
    }));
  }

  // the catalogue workbook: download for everyone; upload (dry run, then apply the same file) for administrators
  function workbookBox() {
    const box = el('section', { class: 'panel', id: 'catalog-workbook', 'aria-labelledby': 'cat-wb-h' },
      el('h2', { id: 'cat-wb-h' }, t('cat.wb')), el('p', null, t('cat.wb_intro')),
      el('div', { class: 'downloads' },
        el('a', { href: '/api/sheet/catalog', id: 'catalog-download', download: 'bieu-danh-muc.xlsx', class: 'button' },
          t('cat.wb_download')), ' ',
        el('a', { href: '/api/sheet/catalog?format=csv', id: 'catalog-download-csv', download: 'bieu-danh-muc.csv' },
          t('cat.wb_csv'))));
    if (ctx.me?.role !== 'admin') return box;
    const fileIn = el('input', { type: 'file', name: 'catalog_file', accept: '.xlsx,.csv,' + XLSX_TYPE + ',text/csv' });
    const replace = el('input', { type: 'checkbox', name: 'replace' });
    const dryBtn = el('button', { type: 'button', class: 'secondary', id: 'catalog-dry' }, t('cat.wb_dry'));
    const applyBtn = el('button', { type: 'button', class: 'primary', id: 'catalog-apply', disabled: true }, t('cat.wb_apply'));
    const result = el('div', { id: 'catalog-result', 'aria-live': 'polite' });
    let checked = null; // the File (and replace) whose last dry run was clean
    const reset = () => { checked = null; applyBtn.disabled = true; };
    fileIn.addEventListener('change', () => { reset(); clear(result); });
    replace.addEventListener('change', reset);
    async function run(dryRun) {
      const file = fileIn.files?.[0];
      clear(result);
      if (!file) {
        result.append(errorBox(new Error(t('cat.wb_no_file'))));
        return;
      }
      dryBtn.disabled = true;
      applyBtn.disabled = true;
      try {
        const ans = await postFile(`/api/sheet/catalog?dryRun=${dryRun}&replace=${replace.checked}`, file, ctx.me?.csrf);
        const c = ans.importCount || {};
        const vars = { imported: c.imported ?? 0, updated: c.updated ?? 0, ignored: c.ignored ?? 0, deleted: c.deleted ?? 0 };
        if (ans.status === 'SUCCESS' && !(ans.conflicts || []).length) {
          result.append(el('p', { class: 'import-result ok', role: 'status' }, t(dryRun ? 'cat.wb_dry_ok' : 'cat.wb_applied', vars)),
            el('ul', { class: 'catalog-changes' }, (ans.changes || []).map((k) =>
              el('li', { 'data-code': k.code, 'data-action': k.action }, t('cat.wb_act.' + k.action), ' ', el('code', null, k.code)))));
          if (dryRun) checked = { file, replace: replace.checked };
          else {
            checked = null;
            toast(t('cat.wb_applied', vars));
            reload();
          }
        } else {
          checked = null;
          const conflicts = ans.conflicts || [];
          result.append(el('div', { class: 'error-box', role: 'alert' }, t('cat.wb_errors', { n: conflicts.length })),
            table({ stack: true, columns: [
              { label: t('cat.col.row'), num: true, key: 'row' },
              { label: t('cat.col.cell'), render: (r) => [ans.sheet ? `${ans.sheet}!` : '', r.field || ''] },
              { label: t('cat.col.code'), key: 'object' },
              { label: t('cat.col.reason'), key: 'value' },
            ], rows: conflicts, rowAttrs: (r) => ({ 'data-cell': r.field || '' }) }));
        }
      } catch (e) {
        checked = null;
        result.append(errorBox(e));
      } finally {
        dryBtn.disabled = false;
        applyBtn.disabled = !(checked && checked.file === fileIn.files?.[0] && checked.replace === replace.checked);
      }
    }
    dryBtn.addEventListener('click', () => run(true));
    applyBtn.addEventListener('click', () => run(false));
    box.append(field(t('cat.wb_file'), fileIn),
      el('p', null, el('label', { class: 'inline', id: 'catalog-replace' }, replace, ' ', t('cat.wb_replace'))),
      el('div', { class: 'form-actions' }, dryBtn, applyBtn), el('p', { class: 'hint' }, t('cat.wb_note')), result);
    return box;
  }

  async function removeRule(r) {
    try {
      await api.send('DELETE', `/api/rules/${encodeURIComponent(r.code)}`);
      toast(t('cat.removed', { code: r.code }));
      reload();
    } catch (e) {
      clear(formSlot);
      formSlot.append(errorBox(e));
    }
  }

  function ruleForm(r) {
    return formBox({
      title: r ? t('cat.form_rule_edit', { code: r.code }) : t('cat.form_rule_new'), cls: 'rule-form',
      fields: [
        textField(t('cat.f.code'), 'code', r?.code || '', r ? { readOnly: true, disabled: true } : { required: true, maxlength: '31' }),
        textField(t('cat.f.rule_name'), 'name', r?.name || '', { required: true }),
        textField(t('cat.f.left'), 'left', r?.left || '', { required: true }, t('cat.expr_hint')),
        selectField(t('cat.f.op'), 'op', OPS.map((o) => [o, o]), r?.op || '<='),
        textField(t('cat.f.right'), 'right', r?.right || '', { required: true }),
        selectField(t('cat.f.importance'), 'importance', codeOptions(['error', 'warning'], 'imp.'), r?.importance || 'error'),
      ],
      onCancel: () => clear(formSlot),
      onSubmit: async (f) => {
        const b = { name: val(f, 'name'), left: val(f, 'left'), op: val(f, 'op'), right: val(f, 'right'),
          importance: val(f, 'importance') };
        const ans = r ? await api.send('PUT', `/api/rules/${encodeURIComponent(r.code)}`, b)
          : await api.send('POST', '/api/rules', { code: val(f, 'code'), ...b });
        toast(t('cat.saved', { code: ans.code }));
        reload();
      },
    });
  }
}
