// pages/_forms.js - small form helpers of the plans, catalogue and users pages:
// labelled inputs and selects named like the API's JSON fields (so ui.errorBox
// can point at the field the server names), a form box with submit/cancel that
// shows the server's error inside it (its submit wiring, submitting(), serves the
// task, meeting and entry forms too), the "shown once" secret box, and the
// Vietnamese labels of the catalogue's codes (target kinds, indicator kinds...).
// Not for: the shared widgets of every page (ui.js) or any API call.
import { t, addStrings } from '../i18n.js';
import { el, clear, errorBox, field } from '../ui.js';

addStrings({
  vi: {
    'form.save': 'Lưu', 'form.cancel': 'Hủy', 'form.saving': 'Đang lưu…', 'form.none': '(không có)',
    'tkind.at_least': 'Đạt tối thiểu', 'tkind.at_most': 'Không vượt quá', 'tkind.reduce_to': 'Giảm còn',
    'tkind.change_pct': 'Tăng/giảm % so năm trước', 'tkind.x_of_y': 'Đạt X trên Y',
    'tkind.growth_avg': 'Tăng bình quân %/năm (nhiệm kỳ)', 'tkind.points_per_year': 'Tăng/giảm bình quân điểm %/năm (nhiệm kỳ)',
    'tkind.term_total': 'Tổng cả nhiệm kỳ',
    'tsource.assigned': 'Tỉnh giao', 'tsource.own': 'Phấn đấu',
    'ikind.flow': 'Lưu lượng (cộng dồn theo kỳ)', 'ikind.level': 'Mức (số cuối kỳ)', 'ikind.ratio': 'Tỷ lệ (tử số/mẫu số)',
    'ikind.count': 'Số đếm',
    'dir.higher': 'Càng cao càng tốt', 'dir.lower': 'Càng thấp càng tốt',
    'rollup.sum': 'Cộng các đơn vị', 'rollup.ratio': 'Tính lại từ tử số và mẫu số', 'rollup.wavg': 'Bình quân gia quyền',
    'rollup.none': 'Không tổng hợp',
    'freq.month': 'Tháng', 'freq.quarter': 'Quý', 'freq.half': '6 tháng', 'freq.year': 'Năm',
    'role.admin': 'Quản trị', 'role.leader': 'Lãnh đạo', 'role.department': 'Cán bộ phòng ban',
    'role.ward': 'Cán bộ xã, phường', 'role.viewer': 'Chỉ xem',
    'utype.nation': 'Quốc gia', 'utype.province': 'Tỉnh', 'utype.central_city': 'Thành phố trực thuộc trung ương',
    'utype.city': 'Thành phố', 'utype.town': 'Thị xã', 'utype.district': 'Huyện', 'utype.urban_district': 'Quận',
    'utype.ward': 'Phường', 'utype.commune': 'Xã', 'utype.townlet': 'Thị trấn', 'utype.special_zone': 'Đặc khu',
    'once.title': 'Chỉ hiện MỘT lần', 'once.copy': 'Hãy ghi lại và trao cho người dùng; sau khi rời trang sẽ không xem lại được.',
  },
  en: {
    'form.save': 'Save', 'form.cancel': 'Cancel', 'form.saving': 'Saving…', 'form.none': '(none)',
    'tkind.at_least': 'At least', 'tkind.at_most': 'At most', 'tkind.reduce_to': 'Reduce to',
    'tkind.change_pct': 'Change % on last year', 'tkind.x_of_y': 'X of Y',
    'tkind.growth_avg': 'Average growth %/year (term)', 'tkind.points_per_year': 'Points a year (term)',
    'tkind.term_total': 'Total over the term',
    'tsource.assigned': 'Assigned', 'tsource.own': 'Own',
    'ikind.flow': 'Flow (summed over periods)', 'ikind.level': 'Level (end of period)', 'ikind.ratio': 'Ratio (numerator/denominator)',
    'ikind.count': 'Count',
    'dir.higher': 'Higher is better', 'dir.lower': 'Lower is better',
    'rollup.sum': 'Sum of units', 'rollup.ratio': 'Recomputed from numerator and denominator', 'rollup.wavg': 'Weighted average',
    'rollup.none': 'No roll-up',
    'freq.month': 'Month', 'freq.quarter': 'Quarter', 'freq.half': 'Half year', 'freq.year': 'Year',
    'role.admin': 'Administrator', 'role.leader': 'Leader', 'role.department': 'Department officer',
    'role.ward': 'Ward/commune officer', 'role.viewer': 'Viewer',
    'utype.nation': 'Nation', 'utype.province': 'Province', 'utype.central_city': 'Centrally-run city',
    'utype.city': 'City', 'utype.town': 'Town', 'utype.district': 'District', 'utype.urban_district': 'Urban district',
    'utype.ward': 'Ward', 'utype.commune': 'Commune', 'utype.townlet': 'Township', 'utype.special_zone': 'Special zone',
    'once.title': 'Shown ONCE only', 'once.copy': 'Write it down and give it to the user; it cannot be shown again.',
  },
});

export const TARGET_KINDS = ['at_least', 'at_most', 'reduce_to', 'change_pct', 'x_of_y'];
/** A term's target may also take the forms of a term (core/term.h): refused on a year's. */
export const TERM_TARGET_KINDS = [...TARGET_KINDS, 'growth_avg', 'points_per_year', 'term_total'];
export const TARGET_SOURCES = ['assigned', 'own'];
export const IND_KINDS = ['flow', 'level', 'ratio', 'count'];
export const DIRECTIONS = ['higher', 'lower'];
export const ROLLUPS = ['sum', 'ratio', 'wavg', 'none'];
export const FREQS = ['month', 'quarter', 'half', 'year'];
export const ROLES = ['admin', 'leader', 'department', 'ward', 'viewer'];
export const UNIT_TYPES = ['nation', 'province', 'central_city', 'city', 'town', 'district', 'urban_district', 'ward',
  'commune', 'townlet', 'special_zone'];

/** A labelled text input named name (the API field); attrs add to the input. */
export function textField(label, name, value, attrs = {}, hint) {
  const input = el('input', { type: 'text', name, value: value ?? '', autocomplete: 'off', ...attrs });
  return field(label, input, hint);
}

/** A labelled select named name; options [[value, label]]; blank adds a first empty option. */
export function selectField(label, name, options, value, { blank = false, hint, attrs = {} } = {}) {
  const sel = el('select', { name, ...attrs },
    blank ? el('option', { value: '' }, t('form.none')) : null,
    options.map(([v, l]) => el('option', { value: v, selected: String(v) === String(value ?? '') }, l)));
  return field(label, sel, hint);
}

/** Options of a code list with labels from i18n keys prefix + code. */
export function codeOptions(codes, prefix) {
  return codes.map((c) => [c, t(prefix + c)]);
}

/**
 * A form in a box: title, the field nodes, a submit button and a cancel button.
 * onSubmit(form) may throw an ApiError: it is shown in the box and the field the
 * server named is marked. Returns the box element.
 */
export function formBox({ title, fields, onSubmit, onCancel, submitLabel, cls }) {
  const msg = el('div', { 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary' }, submitLabel || t('form.save'));
  const form = el('form', { class: 'form-box ' + (cls || ''), novalidate: true },
    title ? el('h2', null, title) : null, el('div', { class: 'form-grid' }, fields), msg,
    el('div', { class: 'form-actions' }, submit,
      onCancel ? el('button', { type: 'button', class: 'secondary', onclick: onCancel }, t('form.cancel')) : null));
  return submitting(form, msg, onSubmit);
}

/**
 * Makes form submit through onSubmit(form): the previous error and field marks are
 * cleared and the submit buttons disabled while it runs; when it throws (an
 * ApiError, or an Error with a field), errorBox shows it in errSlot and marks the
 * field it names. Returns form.
 */
export function submitting(form, errSlot, onSubmit) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(errSlot);
    form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
    const buttons = [...form.querySelectorAll('button[type="submit"]')];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await onSubmit(form);
    } catch (e) {
      errSlot.append(errorBox(e, form));
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  return form;
}

/** The value of form's control named name ('' when absent), trimmed. */
export function val(form, name) {
  const c = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!c) return '';
  if (c.type === 'checkbox') return c.checked;
  return String(c.value ?? '').trim();
}

/** A box with a secret the server gives once (a generated password). */
export function onceBox(label, secret) {
  return el('div', { class: 'once', role: 'status' },
    el('strong', null, t('once.title') + ' – ' + label + ': '), el('code', { class: 'secret' }, secret),
    el('p', null, t('once.copy')));
}

/** "01837, 058" -> ["01837", "058"] (commas, semicolons or spaces). */
export function codeList(s) {
  return String(s || '').split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
}
