// pages/entry.js - data entry for one unit and one period
// (#/entry?unit=01837&period=202206; quarters "2022Q2", halves "2022S1" and years
// "2022" too): the indicators of that frequency the server lets this user enter,
// in a grid with the unit of measure, last year's same period and the previous
// period as references, the value typed the Vietnamese way ("1.739,5", parsed by
// fmt.js as the server parses it), an estimate/final toggle and a reason. Before
// saving, values far (more than +-50 %) from last year's or the neighbouring
// periods are listed for the user to confirm. Save sends the changed rows to
// POST /api/dataValueSets (all or nothing; the server's per-row errors land on
// their fields); rows with a reason go through PUT /api/values after a dry run of
// all of them, so the reason reaches the audit. "Submit" marks every value final.
// A save refused by a warning rule between indicators (conflicts on the field
// "comment") asks for a comment and sends again with it (?comment=, kept with the
// values the rule names); an error rule's refusal lands on its row like any other.
// A closed period (GET /api/locks) is read-only with its reason and deadlines.
// Enter and the arrow keys move between cells.
// Who may enter what is the server's answer: a dry run of the grid on load tells
// which rows it refuses (another agency's indicator, a unit out of scope), and a
// 403 is shown as it comes.
// Without a network (docs/web.md): a save keeps the changed values on the phone
// (offline.js, IndexedDB), each row marked "chờ gửi" until the server has it;
// a value the server changed meanwhile shows both figures, and the officer
// keeps theirs or takes the server's. The page opens from the service worker's
// cache when offline.
// Not for: computing figures (GET /api/eval) or the dashboard.
import { api } from '../api.js';
import { t, addStrings, lang, nameOf } from '../i18n.js';
import { el, clear, errorBox, loading, field, toast, unitName } from '../ui.js';
import { num, change as fmtChange, tryParseNum, periodLabel, date, epoch } from '../fmt.js';
import { periodType, periodParts, periodCode, periodShift, frequencyOf, farWarnings,
  rowsToSave, postKeepBody, bulkMessage } from './_entry_util.js';
import { usualMonth, defaultPeriod } from './_fallback.js';
import { submitting } from './_forms.js';
import { renderChildStates } from './_child_states.js';
import { items as queuedItems, enqueue, drop as dropQueued, keepMine, sync, onQueueChange } from '../offline.js';

addStrings({
  vi: {
    'entry.title': 'Nhập số liệu', 'entry.of': '{unit} – {period}',
    'entry.period_type': 'Loại kỳ', 'entry.type.month': 'Tháng', 'entry.type.quarter': 'Quý',
    'entry.type.half': '6 tháng', 'entry.type.year': 'Năm', 'entry.index': 'Kỳ', 'entry.year': 'Năm',
    'entry.period': 'Kỳ báo cáo', 'entry.half.1': '6 tháng đầu năm', 'entry.half.2': '6 tháng cuối năm',
    'entry.col.indicator': 'Chỉ tiêu', 'entry.col.uom': 'Đơn vị tính', 'entry.col.last_year': 'Cùng kỳ năm trước',
    'entry.col.previous': 'Kỳ trước', 'entry.col.value': 'Số liệu kỳ này', 'entry.col.estimate': 'Ước tính',
    'entry.col.reason': 'Lý do sửa',
    'entry.value_label': 'Số liệu {period} – {name}', 'entry.estimate_label': 'Ước tính – {name}',
    'entry.reason_label': 'Lý do sửa – {name}', 'entry.estimate_short': 'ước',
    'entry.save': 'Lưu', 'entry.submit': 'Nộp số chính thức', 'entry.saving': 'Đang lưu…',
    'entry.hint': 'Gõ số kiểu Việt Nam: 1.739,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân). '
      + 'Enter hoặc mũi tên lên/xuống để chuyển ô.',
    'entry.none': 'Không có chỉ tiêu nào nhập theo {type} cho đơn vị này.',
    'entry.hidden': '{n} chỉ tiêu khác của đơn vị không thuộc quyền nhập của bạn.',
    'entry.show_hidden': 'Hiện cả các chỉ tiêu này (chỉ xem)',
    'entry.refused_row': 'Không được nhập: {msg}',
    'entry.closed': 'Kỳ {period} đã khóa sổ, chỉ xem được.', 'entry.closed_due': 'Hạn báo cáo: {due}; hạn khóa: {deadline}.',
    'entry.reopened': 'Kỳ này được mở lại đến {until} ({reason}).',
    'entry.reopen': 'Mở lại kỳ này để nhập', 'entry.reopen_until': 'Mở đến ngày', 'entry.reopen_until_hint': 'dd/mm/yyyy; để trống: 7 ngày kể từ hôm nay.',
    'entry.reopen_reason': 'Lý do mở lại', 'entry.reopen_btn': 'Mở lại kỳ', 'entry.reopen_done': 'Đã mở lại kỳ {period} cho {unit}.',
    'entry.reopen_note': 'Mở lại cho đơn vị này và các đơn vị trực thuộc; được ghi lại.',
    'entry.close': 'Khóa sổ kỳ này', 'entry.close_reason': 'Lý do khóa sổ', 'entry.close_btn': 'Khóa sổ kỳ',
    'entry.close_note': 'Khóa cho đơn vị này và các đơn vị trực thuộc, kể cả trước hạn báo cáo; mở lại bằng "Mở lại kỳ"; được ghi lại.',
    'entry.close_done': 'Đã khóa sổ kỳ {period} cho {unit}.',
    'entry.appr.state': 'Trạng thái duyệt: {state}.', 'entry.appr.by': '{by}, {at}', 'entry.appr.comment': 'Ý kiến: {comment}',
    'entry.appr.submit': 'Nộp lên cấp trên', 'entry.appr.approve': 'Duyệt', 'entry.appr.return': 'Trả lại',
    'entry.appr.accept': 'Chấp nhận', 'entry.appr.reason': 'Lý do trả lại', 'entry.appr.done': 'Số liệu {period}: {state}.',
    'entry.appr.locked': 'Số liệu đã nộp hoặc đã duyệt: không sửa được cho đến khi cấp trên trả lại.',
    'entry.appr.part': 'Phần của cơ quan {agency}.', 'entry.appr.unit': 'Cả đơn vị: {state}.',
    'entry.refused': 'Bạn không được nhập số liệu cho đơn vị này.',
    'entry.no_change': 'Không có số liệu nào thay đổi.',
    'entry.saved': 'Đã lưu {n} số liệu (thêm {a}, sửa {u}).', 'entry.submitted': 'Đã nộp {n} số liệu chính thức.',
    'entry.not_saved': 'Chưa lưu gì cả: {n} dòng bị máy chủ từ chối. Sửa các ô được đánh dấu rồi lưu lại.',
    'entry.partial_saved': 'Đã lưu {n} dòng; dòng {name} bị từ chối: {msg}',
    'entry.invalid': 'Có {n} ô chưa đúng định dạng số. Sửa các ô được đánh dấu trước khi lưu.',
    'entry.rule_title': 'Số liệu vi phạm quy tắc cảnh báo',
    'entry.outlier_title': 'Số liệu vừa lưu khác xa thường lệ — kiểm tra lại',
    'entry.rule_intro': 'Nếu số liệu đúng, ghi chú giải thích; ghi chú được lưu cùng số liệu và cấp trên đọc được.',
    'entry.rule_comment': 'Ghi chú giải thích', 'entry.rule_confirm': 'Lưu với ghi chú',
    'entry.warn_title': 'Kiểm tra trước khi lưu',
    'entry.warn_intro': 'Các số liệu sau chênh lệch nhiều so với số tham chiếu. Bạn có chắc chắn?',
    'entry.warn.last_year': 'so với cùng kỳ năm trước ({against}): {change}',
    'entry.warn.previous': 'so với kỳ trước ({against}): {change}',
    'entry.warn.next': 'so với kỳ sau ({against}): {change}',
    'entry.warn_confirm': 'Vẫn lưu', 'entry.warn_cancel': 'Sửa lại',
    'entry.far': 'Chênh lệch lớn', 'entry.from_zero': 'từ 0',
    'entry.submit_confirm': 'Nộp {n} số liệu là số chính thức (bỏ dấu "ước")?',
    'entry.rolled_up': 'Tổng hợp từ đơn vị trực thuộc: {v}',
    'entry.aggregated': 'Tổng hợp từ đơn vị trực thuộc: {v} (không nhập ở đây: số liệu do các đơn vị trực thuộc nhập)',
    'entry.comment_needed': 'Nếu số liệu đúng, lưu lại và ghi giải thích khi được hỏi (giữ làm ghi chú kèm số liệu).',
    'entry.own_beside': 'Số riêng của đơn vị: {v} – không dùng để đánh giá',
    'entry.own_remove': 'Xóa số riêng', 'entry.own_removed': 'Đã xóa số riêng của {name}',
    'entry.own_remove_reason': 'xóa số riêng của đơn vị (số tổng hợp từ đơn vị trực thuộc được dùng)',
    'entry.pending': 'chờ gửi', 'entry.queued': 'Không có mạng: {n} số liệu được giữ trên máy (chờ gửi), tự gửi khi có mạng.',
    'entry.queue_sent': 'Đã gửi {n} số liệu chờ gửi lên máy chủ.',
    'entry.conflict': 'Xung đột: trong lúc bạn không có mạng, {by} đã sửa số này trên máy chủ thành {theirs} ({at}); bạn nhập {mine}.',
    'entry.conflict_gone': 'Xung đột: số này đã bị xóa trên máy chủ trong lúc bạn không có mạng; bạn nhập {mine}.',
    'entry.keep_mine': 'Giữ số của tôi ({mine})', 'entry.take_theirs': 'Lấy số trên máy chủ ({theirs})',
    'entry.queue_refused': 'Máy chủ không nhận số chờ gửi {mine}: {msg}', 'entry.queue_drop': 'Bỏ số chờ gửi này',
  },
  en: {
    'entry.title': 'Data entry', 'entry.of': '{unit} – {period}',
    'entry.period_type': 'Period type', 'entry.type.month': 'Month', 'entry.type.quarter': 'Quarter',
    'entry.type.half': 'Half year', 'entry.type.year': 'Year', 'entry.index': 'Period', 'entry.year': 'Year',
    'entry.period': 'Reporting period', 'entry.half.1': 'First half', 'entry.half.2': 'Second half',
    'entry.col.indicator': 'Indicator', 'entry.col.uom': 'Unit of measure', 'entry.col.last_year': 'Same period last year',
    'entry.col.previous': 'Previous period', 'entry.col.value': 'This period', 'entry.col.estimate': 'Estimate',
    'entry.col.reason': 'Reason for change',
    'entry.value_label': 'Value for {period} – {name}', 'entry.estimate_label': 'Estimate – {name}',
    'entry.reason_label': 'Reason for change – {name}', 'entry.estimate_short': 'est.',
    'entry.save': 'Save', 'entry.submit': 'Submit as final', 'entry.saving': 'Saving…',
    'entry.hint': 'Numbers in Vietnamese format: 1.739,5 (dot for thousands, comma for decimals). '
      + 'Enter or the up/down arrows move between cells.',
    'entry.none': 'No indicator of this unit is entered per {type}.',
    'entry.hidden': '{n} other indicators of the unit are not yours to enter.',
    'entry.show_hidden': 'Show them too (read only)',
    'entry.refused_row': 'Not yours to enter: {msg}',
    'entry.closed': 'The period {period} is closed: read only.', 'entry.closed_due': 'Report due: {due}; closed after: {deadline}.',
    'entry.reopened': 'This period is reopened until {until} ({reason}).',
    'entry.reopen': 'Reopen this period for entry', 'entry.reopen_until': 'Open until', 'entry.reopen_until_hint': 'dd/mm/yyyy; empty: 7 days from today.',
    'entry.reopen_reason': 'Reason', 'entry.reopen_btn': 'Reopen the period', 'entry.reopen_done': 'The period {period} is reopened for {unit}.',
    'entry.reopen_note': 'Reopens this unit and its subordinate units; recorded.',
    'entry.close': 'Close this period', 'entry.close_reason': 'Reason', 'entry.close_btn': 'Close the period',
    'entry.close_note': 'Closes this unit and its subordinate units, even before the due date; reopen with "Reopen the period"; recorded.',
    'entry.close_done': 'The period {period} is closed for {unit}.',
    'entry.appr.state': 'Approval: {state}.', 'entry.appr.by': '{by}, {at}', 'entry.appr.comment': 'Comment: {comment}',
    'entry.appr.submit': 'Submit to the level above', 'entry.appr.approve': 'Approve', 'entry.appr.return': 'Return',
    'entry.appr.accept': 'Accept', 'entry.appr.reason': 'Reason for returning', 'entry.appr.done': 'Figures of {period}: {state}.',
    'entry.appr.locked': 'Submitted or approved figures: read-only until the level above returns them.',
    'entry.appr.part': 'The part of agency {agency}.', 'entry.appr.unit': 'The whole unit: {state}.',
    'entry.refused': 'You may not enter data for this unit.',
    'entry.no_change': 'Nothing has changed.',
    'entry.saved': 'Saved {n} values ({a} new, {u} changed).', 'entry.submitted': 'Submitted {n} final values.',
    'entry.not_saved': 'Nothing was saved: the server refused {n} rows. Correct the marked cells and save again.',
    'entry.partial_saved': 'Saved {n} rows; the row {name} was refused: {msg}',
    'entry.invalid': '{n} cells are not valid numbers. Correct the marked cells before saving.',
    'entry.rule_title': 'Values breaking a warning rule',
    'entry.outlier_title': 'Values just saved are far from the usual — check them',
    'entry.rule_intro': 'If the figures are right, explain them; the comment is kept with the values and read above.',
    'entry.rule_comment': 'Comment', 'entry.rule_confirm': 'Save with the comment',
    'entry.warn_title': 'Check before saving',
    'entry.warn_intro': 'These values differ a lot from their references. Are you sure?',
    'entry.warn.last_year': 'against the same period last year ({against}): {change}',
    'entry.warn.previous': 'against the previous period ({against}): {change}',
    'entry.warn.next': 'against the next period ({against}): {change}',
    'entry.warn_confirm': 'Save anyway', 'entry.warn_cancel': 'Go back',
    'entry.far': 'Large difference', 'entry.from_zero': 'from 0',
    'entry.submit_confirm': 'Submit {n} values as final (no longer estimates)?',
    'entry.rolled_up': 'Rolled up from subordinate units: {v}',
    'entry.aggregated': 'Sum of the subordinate units: {v} (not entered here: the subordinate units enter it)',
    'entry.comment_needed': 'If the figure is right, save again and explain it when asked (kept as a comment with the value).',
    'entry.own_beside': 'The unit\'s own figure: {v} – not used in the evaluation',
    'entry.own_remove': 'Remove own figure', 'entry.own_removed': 'Removed the own figure of {name}',
    'entry.own_remove_reason': 'own figure of the unit removed (the sum of the subordinate units is used)',
    'entry.pending': 'waiting to be sent', 'entry.queued': 'No network: {n} values kept on this device (waiting), sent when the network returns.',
    'entry.queue_sent': 'Sent {n} waiting values to the server.',
    'entry.conflict': 'Conflict: while you were offline, {by} changed this value on the server to {theirs} ({at}); you typed {mine}.',
    'entry.conflict_gone': 'Conflict: this value was deleted on the server while you were offline; you typed {mine}.',
    'entry.keep_mine': 'Keep mine ({mine})', 'entry.take_theirs': 'Take the server\'s ({theirs})',
    'entry.queue_refused': 'The server refused the waiting value {mine}: {msg}', 'entry.queue_drop': 'Drop this waiting value',
  },
});

const COLS = ['value', 'estimate', 'reason'];

/** A period picker: type, index and year selects; onChange(code). */
function periodPicker(value, onChange) {
  const p = periodParts(value) || periodParts(usualMonth(null));
  const type = p.type === 'nine_months' ? 'year' : p.type;
  const indexOptions = (ty) => {
    if (ty === 'month') return Array.from({ length: 12 }, (_, i) => [i + 1, lang() === 'en' ? `M${i + 1}` : `Tháng ${i + 1}`]);
    if (ty === 'quarter') return [1, 2, 3, 4].map((q) => [q, ['I', 'II', 'III', 'IV'][q - 1]]);
    if (ty === 'half') return [[1, t('entry.half.1')], [2, t('entry.half.2')]];
    return [];
  };
  const fire = () => {
    const ty = tsel.value;
    const idx = indexOptions(ty).length ? Number(isel.value) || 1 : 1;
    onChange(periodCode(ty, Number(ysel.value), Math.min(idx, indexOptions(ty).length || 1)));
  };
  const tsel = el('select', { name: 'period_type', 'aria-label': t('entry.period_type'), onchange: fire },
    ['month', 'quarter', 'half', 'year'].map((ty) => el('option', { value: ty, selected: ty === type }, t('entry.type.' + ty))));
  const opts = indexOptions(type);
  const isel = el('select', { name: 'period_index', 'aria-label': t('entry.index'), onchange: fire, hidden: !opts.length },
    opts.map(([v, label]) => el('option', { value: String(v), selected: v === p.index }, label)));
  const years = [];
  for (let y = p.year - 6; y <= p.year + 1; y++) years.push(y);
  const ysel = el('select', { name: 'period_year', 'aria-label': t('entry.year'), onchange: fire },
    years.map((y) => el('option', { value: String(y), selected: y === p.year }, String(y))));
  return el('fieldset', { class: 'field period-picker' }, el('legend', null, t('entry.period')), tsel, isel, ysel);
}

/** "kỳ tháng 6/2022 đã khóa" -> "Kỳ tháng 6/2022 đã khóa." (a server message shown as a sentence). */
function sentence(msg) {
  const s = String(msg || '').trim();
  if (!s) return '';
  return s[0].toLocaleUpperCase('vi') + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}

/** First day "yyyy-mm-dd" of a period code (month, quarter, half, nine months, year); null if unknown. */
function periodStart(code) {
  const p = periodParts(code);
  if (!p) return null;
  const month = p.type === 'month' ? p.index : p.type === 'quarter' ? 3 * p.index - 2 : p.type === 'half' ? 6 * p.index - 5 : 1;
  return `${p.year}-${String(month).padStart(2, '0')}-01`;
}

/** The administrator's "reopen this period" form under a closed period's note. */
function reopenForm(ctx, unitCode, period, unitLabel, plabel) {
  const errs = el('div');
  const form = el('form', { class: 'form-box no-print', id: 'entry-reopen', novalidate: true },
    el('h2', null, t('entry.reopen')),
    el('div', { class: 'form-grid' },
      field(t('entry.reopen_reason'), el('input', { type: 'text', name: 'reason', required: true, autocomplete: 'off' })),
      field(t('entry.reopen_until'), el('input', { type: 'text', name: 'until', autocomplete: 'off', inputmode: 'numeric',
        placeholder: 'dd/mm/yyyy' }), t('entry.reopen_until_hint'))),
    el('p', { class: 'hint' }, t('entry.reopen_note')),
    errs,
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'primary' }, t('entry.reopen_btn'))));
  return submitting(form, errs, async () => {
    const until = form.elements.until.value.trim();
    await api.send('POST', '/api/locks/reopen', { unit: unitCode, period, reason: form.elements.reason.value.trim(),
      ...(until ? { until } : {}) });
    toast(t('entry.reopen_done', { period: plabel, unit: unitLabel }));
    ctx.go('entry', { unit: unitCode, period });
  });
}

/** The administrator's "close this period" form at the foot of an open period's page (folded). */
function closeForm(ctx, unitCode, period, unitLabel, plabel) {
  const errs = el('div');
  const form = el('form', { class: 'form-box', novalidate: true },
    el('div', { class: 'form-grid' },
      field(t('entry.close_reason'), el('input', { type: 'text', name: 'reason', required: true, autocomplete: 'off' }))),
    el('p', { class: 'hint' }, t('entry.close_note')),
    errs,
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'secondary' }, t('entry.close_btn'))));
  submitting(form, errs, async () => {
    await api.send('POST', '/api/locks/close', { unit: unitCode, period, reason: form.elements.reason.value.trim() });
    toast(t('entry.close_done', { period: plabel, unit: unitLabel }));
    ctx.go('entry', { unit: unitCode, period });
  });
  return el('details', { class: 'no-print', id: 'entry-close' }, el('summary', null, t('entry.close')), form);
}

/**
 * The month's approval (GET /api/approval): its state, who and when, and the steps
 * the user's role may take in it (the server decides: a refusal shows its message here).
 * For an agency's part (ap.agency, a department at the unit it reports for) the steps are
 * the part's, and the whole unit's state is shown beside it once it is locked.
 */
function approvalBox(ctx, unitCode, period, ap, me, plabel) {
  const errs = el('div');
  const box = el('div', { class: 'note approval no-print', id: 'entry-approval', role: 'status', 'data-state': ap.state,
    'data-agency': ap.agency || '' },
    ap.agency ? [t('entry.appr.part', { agency: ap.agency }), ' '] : null,
    el('strong', null, t('entry.appr.state', { state: ap.label })),
    ap.by ? [' ', t('entry.appr.by', { by: ap.by, at: epoch(ap.at) })] : null,
    ap.comment ? [' ', t('entry.appr.comment', { comment: ap.comment })] : null,
    ap.unit_state?.locked ? [' ', el('span', { id: 'entry-approval-unit' }, t('entry.appr.unit', { state: ap.unit_state.label }))] : null);
  const step = async (action, comment, btn) => {
    clear(errs);
    btn.disabled = true;
    try {
      const ans = await api.send('POST', `/api/approval/${action}`,
        { unit: unitCode, period, ...(ap.agency ? { agency: ap.agency } : {}), ...(comment ? { comment } : {}) });
      toast(t('entry.appr.done', { period: plabel, state: ans.label }));
      ctx.go('entry', { unit: unitCode, period });
    } catch (e) {
      errs.append(errorBox(e));
      btn.disabled = false;
    }
  };
  const button = (action, onclick) => el('button', { type: 'button', class: 'secondary', name: `approval_${action}`,
    onclick: (ev) => onclick(ev.currentTarget) }, t(`entry.appr.${action}`));
  const actions = el('div', { class: 'form-actions' });
  const role = me?.role;
  // a ward submits the whole unit, a department its agency's part (auth_can_submit)
  const submits = role === 'admin' || (role === 'ward' && !ap.agency) || (role === 'department' && !!ap.agency);
  if (submits && (ap.state === 'draft' || ap.state === 'returned'))
    actions.append(button('submit', (b) => step('submit', '', b)));
  if (['admin', 'leader', 'department'].includes(role)) {
    if (ap.state === 'submitted') actions.append(button('approve', (b) => step('approve', '', b)));
    if (ap.state === 'approved') actions.append(button('accept', (b) => step('accept', '', b)));
    if (ap.state === 'submitted' || ap.state === 'approved') {
      const reason = el('input', { type: 'text', name: 'approval_reason', autocomplete: 'off', 'aria-label': t('entry.appr.reason'),
        placeholder: t('entry.appr.reason') });
      actions.append(reason, button('return', (b) => step('return', reason.value.trim(), b)));
    }
  }
  if (actions.childNodes.length) box.append(actions);
  box.append(errs);
  return box;
}

/** GET that resolves to null instead of failing (references that may not exist). */
async function maybe(promise) {
  try {
    return await promise;
  } catch {
    return null;
  }
}

export async function render(root, ctx) {
  const me = ctx.me;
  root.append(el('h1', null, t('entry.title')));
  const body = el('div');
  root.append(body);
  loading(body);

  const units = await api.all('/api/units');
  if (ctx.stale()) return;
  const enterScopes = (me.scopes || []).filter((s) => s.kind === 'enter').map((s) => s.unit);
  const unitCode = ctx.params.get('unit') || enterScopes.find((c) => units.some((u) => u.code === c))
    || units[0]?.code || enterScopes[0] || '';
  const unitObj = units.find((u) => u.code === unitCode) || null;
  // no period in the URL: the server's default month (never a locked empty one; _fallback.js)
  const period = periodType(ctx.params.get('period')) ? ctx.params.get('period')
    : await defaultPeriod(unitObj ? unitCode : enterScopes[0] || '', unitObj, ctx.stale);
  if (!period) return;
  const ptype = periodType(period);
  const plabel = periodLabel(period, lang());

  const toolbar = el('div', { class: 'toolbar no-print' });
  const unitSel = el('select', { name: 'unit', onchange: () => ctx.go('entry', { unit: unitSel.value, period }) },
    (unitObj ? units : [{ code: unitCode, name: unitCode }, ...units]).map((u) =>
      el('option', { value: u.code, selected: u.code === unitCode }, unitName(u) + ` (${u.code})`)));
  toolbar.append(field(t('ui.unit'), unitSel), periodPicker(period, (p) => ctx.go('entry', { unit: unitCode, period: p })));
  clear(body).append(toolbar,
    el('p', { class: 'entry-of' }, t('entry.of', { unit: unitObj ? unitName(unitObj) : unitCode, period: plabel })));
  const content = el('div');
  body.append(content);
  loading(content);

  // The figures of this period and its references; a 403 here is the server's refusal to show the unit.
  let cur;
  try {
    cur = await api.get('/api/eval', { unit: unitCode, period });
  } catch (e) {
    if (ctx.stale()) return;
    clear(content).append(el('div', { class: 'refusal' }, errorBox(e)));
    if (e.status === 403) content.append(el('p', null, t('entry.refused')));
    return;
  }
  const prevCode = periodShift(period, -1);
  // the next period only while the unit still exists then (a merged ward has none: no 409 asked for)
  const nextCode = periodShift(period, 1);
  const nextStart = nextCode ? periodStart(nextCode) : null;
  const askNext = nextCode && !(unitObj?.valid_to && nextStart && nextStart > unitObj.valid_to);
  // a department at a unit it reports for (one of its enter scopes) works on its agency's part
  const myAgency = me.role === 'department' && me.user?.agency && enterScopes.includes(unitCode) ? me.user.agency : '';
  const [prev, next, indicators, lock, approval] = await Promise.all([
    prevCode ? maybe(api.get('/api/eval', { unit: unitCode, period: prevCode })) : null,
    askNext ? maybe(api.get('/api/eval', { unit: unitCode, period: nextCode })) : null,
    api.all('/api/indicators'),
    maybe(api.get('/api/locks', { unit: unitCode, period })),
    ptype === 'month' ? maybe(api.get('/api/approval', { unit: unitCode, period, ...(myAgency ? { agency: myAgency } : {}) })) : null,
  ]);
  // read-only: the month of the whole unit, or of the department's part, is submitted or approved
  const apprLocked = !!(approval?.locked || approval?.unit_state?.locked);
  if (ctx.stale()) return;
  const indBy = new Map(indicators.map((i) => [i.code, i]));
  const byCode = (ev) => new Map((ev?.indicators || []).map((r) => [r.code, r]));
  const prevBy = byCode(prev);
  const nextBy = byCode(next);
  const freq = frequencyOf(ptype);
  const rows = [];
  for (const r of cur.indicators || []) {
    const ind = indBy.get(r.code);
    if (!ind || ind.frequency !== freq) continue;
    rows.push({
      code: r.code, ind, ev: r, name: nameOf(r) || r.name, uom: r.unit, decimals: r.decimals ?? ind.decimals ?? 2,
      lastYear: r.previous_value, previous: prevBy.get(r.code)?.value ?? null, next: nextBy.get(r.code)?.value ?? null,
      orig: r.rolled_up ? null : r.value, origEstimate: r.rolled_up ? false : !!r.estimate,
      // the figure is its units' sum (core/source.h): not typed here; an own figure is shown beside, removable
      aggregated: r.source === 'aggregated', own: null,
      value: null, estimate: false, reason: '', editable: true, refused: null, closedMsg: null,
    });
  }
  // A unit with subordinate units shows their roll-up in /api/eval: its own stored value comes from /api/values.
  await Promise.all(rows.filter((x) => x.ev.rolled_up || x.aggregated).map(async (x) => {
    const v = await maybe(api.get('/api/values', { indicator: x.code, unit: unitCode, period }));
    x.rolledUp = x.ev.value;
    if (v && x.aggregated) {
      x.own = v.value;
    } else if (v) {
      x.orig = v.value;
      x.origEstimate = !!v.estimate;
      x.origAt = v.at; // its time too: what a value typed offline is sent against
    }
  }));
  for (const x of rows) {
    x.value = x.orig;
    x.estimate = x.origEstimate;
  }

  // Which rows the server lets this user write: a dry run of the grid as it stands
  // (not for a closed period: every row is read-only, and the server would answer 409).
  const closed = !!lock?.closed;
  let refusedAll = null;
  if (rows.length && !closed && !apprLocked) {
    const probe = await maybe(postKeepBody('/api/dataValueSets?dryRun=true', {
      dataValues: rows.map((x) => ({ dataElement: x.code, orgUnit: unitCode, period, value: x.orig ?? 0 })),
    }, me.csrf));
    if (ctx.stale()) return;
    if (probe?.body?.conflicts) {
      for (const c of probe.body.conflicts) {
        const x = rows[c.row];
        // the probe's figures are the stored ones and 0 for empty cells: a refusal of a figure
        // (its bounds, a rule between indicators) says nothing of who may write the row
        if (!x || c.field === 'value' || c.field === 'comment') continue;
        x.editable = false;
        if (c.field === 'period') x.closedMsg = closed ? null : c.value;
        else x.refused = c.value;
      }
      // 403: every refusal is about who is asking; when it covers every row, the whole page is refused
      if (probe.status === 403 && rows.every((x) => x.refused)) refusedAll = bulkMessage(probe) || t('entry.refused');
    } else if (probe && probe.status === 403) {
      refusedAll = bulkMessage(probe) || t('entry.refused');
      for (const x of rows) x.editable = false;
    }
  }
  if (closed || apprLocked) for (const x of rows) x.editable = false;
  for (const x of rows) {
    if (!x.aggregated) continue;
    x.canRemove = x.editable && x.own !== null; // the user may write here: may remove the own figure
    x.editable = false;
  }

  // values typed offline and not yet on the server: shown on their rows ("chờ gửi", a conflict, a refusal)
  async function loadQueue() {
    let list = [];
    try {
      list = await queuedItems({ unit: unitCode, period });
    } catch { /* no IndexedDB: nothing waits */ }
    for (const x of rows) {
      const q = list.find((it) => it.indicator === x.code) || null;
      if (q && (!x.q || x.q.value !== q.value || x.q.estimate !== q.estimate)) {
        x.value = Number(q.value);
        x.estimate = !!q.estimate;
        x.text = undefined;
      }
      x.q = q;
    }
  }
  await loadQueue();
  if (ctx.stale()) return;

  clear(content);
  if (lock?.closed) {
    content.append(el('div', { class: 'note lock-closed', role: 'status' },
      el('strong', null, t('entry.closed', { period: plabel })), ' ',
      // the server's reason already names the due date and whom to ask: shown once, as a sentence
      lock.message ? sentence(lock.message) : t('entry.closed_due', { due: date(lock.due), deadline: date(lock.deadline) })));
    // the administrator the message sends people to can reopen here (POST /api/locks/reopen; the server checks)
    if (me.role === 'admin') content.append(reopenForm(ctx, unitCode, period, unitObj ? unitName(unitObj) : unitCode, plabel));
  } else if (lock?.reopened) {
    content.append(el('div', { class: 'note' }, t('entry.reopened', { until: date(lock.reopen?.until), reason: lock.reopen?.reason || '' })));
  }
  // the level above sees its subordinate units' states of the month (nothing for a ward)
  const childStates = el('section', { id: 'entry-child-states', class: 'no-print' });
  content.append(childStates);
  renderChildStates(childStates, unitCode, period, ctx.stale).catch(console.error);
  if (approval) {
    content.append(approvalBox(ctx, unitCode, period, approval, me, plabel));
    if (apprLocked) content.append(el('p', { class: 'hint', id: 'entry-approval-locked' }, t('entry.appr.locked')));
  }
  if (refusedAll) {
    content.append(el('div', { class: 'refusal' }, errorBox({ message: refusedAll }), el('p', null, t('entry.refused'))));
  }
  if (!rows.length) {
    content.append(el('p', null, t('entry.none', { type: t('entry.type.' + (ptype === 'nine_months' ? 'year' : ptype)).toLowerCase() })));
    return;
  }

  const hiddenRows = rows.filter((x) => x.refused && !refusedAll);
  let showHidden = false;
  const gridBox = el('div');
  const summary = el('div', { 'aria-live': 'polite' });
  if (rows.some((x) => x.editable)) content.append(el('p', { class: 'hint', id: 'entry-hint' }, t('entry.hint')));
  if (hiddenRows.length) {
    const cb = el('input', { type: 'checkbox', name: 'show_hidden', onchange: () => { showHidden = cb.checked; draw(); } });
    content.append(el('p', { class: 'entry-hidden' }, t('entry.hidden', { n: hiddenRows.length }), ' ',
      el('label', { class: 'inline' }, cb, ' ', t('entry.show_hidden'))));
  }
  content.append(summary, gridBox);
  const canWrite = rows.some((x) => x.editable);
  const saveBtn = el('button', { type: 'button', class: 'primary', name: 'save', onclick: () => save(false) }, t('entry.save'));
  const submitBtn = el('button', { type: 'button', class: 'secondary', name: 'submit', onclick: () => save(true) }, t('entry.submit'));
  if (canWrite) content.append(el('div', { class: 'entry-actions no-print' }, saveBtn, ' ', submitBtn));
  // an open period: the administrator may close it by hand (POST /api/locks/close; the server checks)
  if (lock && !lock.closed && me.role === 'admin')
    content.append(closeForm(ctx, unitCode, period, unitObj ? unitName(unitObj) : unitCode, plabel));

  let inputs = []; // [rowIndex][col] of the visible editable rows

  function visibleRows() {
    return rows.filter((x) => !x.refused || showHidden || refusedAll);
  }

  /** A queued row's state: "chờ gửi", a conflict with its two ways out, or the server's refusal. */
  function queueNote(x) {
    const q = x.q;
    if (!q) return null;
    const mine = num(Number(q.value), 4);
    if (q.state === 'pending') return el('span', { class: 'offline-pending', 'data-code': x.code }, t('entry.pending'));
    if (q.state === 'conflict') {
      const c = q.current;
      const theirs = c ? num(c.value, 4) : '–';
      return el('div', { class: 'offline-conflict', role: 'alert', 'data-code': x.code },
        c ? t('entry.conflict', { by: c.by || '?', theirs, at: epoch(c.at), mine }) : t('entry.conflict_gone', { mine }),
        el('div', { class: 'dialog-actions' },
          el('button', { type: 'button', class: 'primary', name: `keep_mine_${x.code}`, onclick: () => keepMine(q.id) },
            t('entry.keep_mine', { mine })),
          el('button', { type: 'button', class: 'secondary', name: `take_theirs_${x.code}`, onclick: () => takeTheirs(x) },
            t('entry.take_theirs', { theirs }))));
    }
    return el('div', { class: 'offline-refused', role: 'alert', 'data-code': x.code },
      t('entry.queue_refused', { mine, msg: q.message }), ' ',
      el('button', { type: 'button', class: 'link', name: `queue_drop_${x.code}`, onclick: () => takeTheirs(x) },
        t('entry.queue_drop')));
  }

  /** Drops a row's queued value and shows the server's figure (a conflict's, or the one read before). */
  async function takeTheirs(x) {
    const q = x.q;
    if (!q) return;
    if (q.state === 'conflict') {
      x.orig = q.current ? q.current.value : null;
      x.origEstimate = !!q.current?.estimate;
      x.origAt = q.current?.at;
    }
    x.value = x.orig;
    x.estimate = x.origEstimate;
    x.text = undefined;
    x.q = null;
    await dropQueued(q.id);
  }

  /** Keeps plan's values on the phone (offline.js) until the server can be reached; each with the value this page read. */
  async function queueValues(plan) {
    await enqueue(plan.map((p) => {
      const x = rows.find((r) => r.code === p.code);
      return { indicator: p.code, unit: unitCode, period, value: p.value, estimate: p.estimate, reason: p.reason || '',
        expected: x.orig === null || x.orig === undefined ? { value: null }
          : { value: x.orig, estimate: !!x.origEstimate, ...(x.origAt ? { at: x.origAt } : {}) } };
    }));
    await loadQueue();
    draw();
    summary.append(el('p', { class: 'saved-note offline-note', role: 'status' }, t('entry.queued', { n: plan.length })));
    toast(t('entry.queued', { n: plan.length }));
    if (navigator.onLine) sync();
  }

  // the queue sent a value of this page, or a conflict came back: the rows follow
  const unlisten = onQueueChange(async (info) => {
    if (ctx.stale() || !root.isConnected) { unlisten(); return; }
    let n = 0;
    for (const s of info.sent || []) {
      const x = rows.find((r) => r.code === s.item.indicator && s.item.unit === unitCode && s.item.period === period);
      const v = s.answer?.value;
      if (!x || !v) continue;
      x.orig = v.value;
      x.origEstimate = !!v.estimate;
      x.origAt = v.at;
      n++;
    }
    const before = new Map(rows.map((x) => [x.code, x.q]));
    await loadQueue();
    for (const x of rows) {
      const was = before.get(x.code);
      if (was && !x.q && !n) { x.value = x.orig; x.estimate = x.origEstimate; } // dropped: the server's figure
    }
    draw();
    if (!rows.some((x) => x.q?.state === 'pending')) for (const p of summary.querySelectorAll('.offline-note')) p.remove();
    if (n) summary.append(el('p', { class: 'saved-note', role: 'status' }, t('entry.queue_sent', { n })));
  });

  function refCell(v, x) {
    return v === null || v === undefined ? null : num(v, 4); // stored figures are exact; none: an empty cell (left out on phones)
  }

  function draw() {
    inputs = [];
    const vis = visibleRows();
    const tbody = el('tbody');
    vis.forEach((x) => {
      const errId = `err-${x.code}`;
      const warnId = `warn-${x.code}`;
      const valueInput = el('input', {
        type: 'text', inputmode: 'decimal', name: `value_${x.code}`, autocomplete: 'off', class: 'num-input',
        value: x.value === null ? '' : num(x.value, 4), readOnly: !x.editable, disabled: !x.editable,
        'aria-label': t('entry.value_label', { period: plabel, name: x.name }),
        'aria-describedby': `${errId} ${warnId}`, 'data-code': x.code,
      });
      const estInput = el('input', {
        type: 'checkbox', name: `estimate_${x.code}`, checked: !!x.estimate, disabled: !x.editable,
        'aria-label': t('entry.estimate_label', { name: x.name }),
      });
      const reasonInput = el('input', {
        type: 'text', name: `reason_${x.code}`, value: x.reason, maxlength: '250', disabled: !x.editable,
        'aria-label': t('entry.reason_label', { name: x.name }), class: 'reason-input',
      });
      const errBox = el('small', { id: errId, class: 'cell-error', role: 'alert' }, x.error || '');
      const warnBox = el('small', { id: warnId, class: 'cell-warn' });
      x.dom = { valueInput, estInput, reasonInput, errBox, warnBox };
      if (x.error) valueInput.setAttribute('aria-invalid', 'true');
      valueInput.addEventListener('input', () => { x.text = valueInput.value; validate(x, false); });
      valueInput.addEventListener('blur', () => validate(x, true));
      estInput.addEventListener('change', () => { x.estimate = estInput.checked; });
      reasonInput.addEventListener('input', () => { x.reason = reasonInput.value; });
      if (x.editable) {
        const ri = inputs.length;
        inputs.push([valueInput, estInput, reasonInput]);
        [valueInput, estInput, reasonInput].forEach((inp, ci) => inp.addEventListener('keydown', (ev) => keyMove(ev, ri, ci)));
      }
      const note = x.refused && !refusedAll ? el('small', { class: 'cell-refused' }, t('entry.refused_row', { msg: x.refused }))
        : x.closedMsg ? el('small', { class: 'cell-refused' }, x.closedMsg) : null;
      const rolled = x.aggregated
        ? [el('small', { class: 'hint rolled-up aggregated' }, t('entry.aggregated', { v: x.rolledUp === null ? '–' : num(x.rolledUp, x.decimals) })),
          x.own !== null ? el('small', { class: 'hint own-beside' }, t('entry.own_beside', { v: num(x.own, 4) }), ' ',
            x.canRemove ? el('button', { type: 'button', class: 'link', name: `remove_own_${x.code}`, onclick: () => removeOwn(x) },
              t('entry.own_remove')) : null) : null]
        : x.rolledUp !== undefined && x.rolledUp !== null
          ? el('small', { class: 'hint rolled-up' }, t('entry.rolled_up', { v: num(x.rolledUp, x.decimals) })) : null;
      tbody.append(el('tr', { 'data-code': x.code, class: [!x.editable && 'readonly'] },
        el('th', { scope: 'row', class: 'sticky', 'data-label': t('entry.col.indicator') },
          x.name, ' ', el('span', { class: 'code' }, x.code), note),
        el('td', { 'data-label': t('entry.col.uom') }, x.uom || ''),
        el('td', { class: 'num', 'data-label': t('entry.col.last_year') }, refCell(x.lastYear, x)),
        el('td', { class: 'num', 'data-label': t('entry.col.previous') }, refCell(x.previous, x)),
        el('td', { class: 'value-cell', 'data-label': t('entry.col.value') }, valueInput, errBox, warnBox, rolled, queueNote(x)),
        el('td', { class: 'est-cell', 'data-label': t('entry.col.estimate') },
          el('label', { class: 'inline' }, estInput, ' ', t('entry.estimate_short'))),
        el('td', { 'data-label': t('entry.col.reason') }, reasonInput)));
      if (x.text !== undefined) { valueInput.value = x.text; validate(x, false); }
    });
    const thead = el('thead', null, el('tr', null,
      ['indicator', 'uom', 'last_year', 'previous', 'value', 'estimate', 'reason'].map((c, i) =>
        el('th', { scope: 'col', class: [i === 0 && 'sticky', (c === 'last_year' || c === 'previous') && 'num'] },
          t('entry.col.' + c)))));
    clear(gridBox).append(el('div', { class: 'table-wrap entry-wrap' },
      el('table', { class: 'data entry-grid' },
        el('caption', { class: 'sr-only' }, t('entry.of', { unit: unitObj ? unitName(unitObj) : unitCode, period: plabel })),
        thead, tbody)));
  }

  /** Parses a row's text; marks the field. final: reformat a valid number the Vietnamese way. */
  function validate(x, final) {
    const d = x.dom;
    if (!d) return true;
    const text = d.valueInput.value;
    x.text = text;
    if (text.trim() === '') {
      x.value = x.orig === null ? null : x.orig; // an emptied cell keeps the stored value (deleting is not entry)
      if (x.orig !== null && final) { d.valueInput.value = num(x.orig, 4); x.text = d.valueInput.value; x.value = x.orig; }
      x.error = null;
    } else {
      const r = tryParseNum(text);
      if (!r.ok) {
        x.error = r.error;
        x.value = NaN;
      } else {
        x.error = null;
        x.value = r.value;
        if (final) { d.valueInput.value = num(r.value, 4); x.text = d.valueInput.value; }
      }
    }
    d.errBox.textContent = x.error || '';
    if (x.error) d.valueInput.setAttribute('aria-invalid', 'true');
    else d.valueInput.removeAttribute('aria-invalid');
    const w = x.error || x.value === x.orig ? [] : farWarnings(x.value, { last_year: x.lastYear, previous: x.previous, next: x.next });
    d.warnBox.textContent = w.length ? `${t('entry.far')}: ${w.map((k) => warnText(x, k)).join('; ')}` : '';
    return !x.error;
  }

  function warnText(x, w) {
    const ch = w.change === Infinity ? t('entry.from_zero') : fmtChange(w.change, 1);
    return t('entry.warn.' + w.ref, { against: num(w.against, x.decimals), change: ch });
  }

  function keyMove(ev, ri, ci) {
    const inp = ev.currentTarget;
    const isText = inp.type === 'text';
    let r = ri;
    let c = ci;
    if (ev.key === 'Enter' || ev.key === 'ArrowDown') r++;
    else if (ev.key === 'ArrowUp') r--;
    else if (ev.key === 'ArrowRight' && (!isText || inp.selectionEnd === inp.value.length)) c++;
    else if (ev.key === 'ArrowLeft' && (!isText || inp.selectionStart === 0)) c--;
    else return;
    ev.preventDefault();
    if (ev.key === 'Enter' && r >= inputs.length) { saveBtn.focus(); return; }
    if (r < 0 || r >= inputs.length || c < 0 || c >= COLS.length) return;
    const target = inputs[r][c];
    target.focus();
    if (target.select && target.type === 'text') target.select();
  }

  function confirmDialog(title, intro, items, okText, cancelText) {
    return new Promise((resolve) => {
      const dlg = el('dialog', { class: 'confirm', 'aria-labelledby': 'dlg-title' },
        el('h2', { id: 'dlg-title' }, title), el('p', null, intro),
        items.length ? el('ul', { class: 'warn-list' }, items.map((s) => el('li', null, s))) : null,
        el('div', { class: 'dialog-actions' },
          el('button', { type: 'button', class: 'primary', name: 'confirm', onclick: () => { dlg.close(); resolve(true); } }, okText),
          ' ',
          el('button', { type: 'button', class: 'secondary', name: 'cancel', onclick: () => { dlg.close(); resolve(false); } }, cancelText)));
      dlg.addEventListener('cancel', () => resolve(false));
      dlg.addEventListener('close', () => dlg.remove());
      document.body.append(dlg);
      dlg.showModal();
      dlg.querySelector('button[name="confirm"]').focus();
    });
  }

  /** Asks for the comment a broken warning rule wants; resolves to it, or '' when cancelled. */
  function commentDialog(messages) {
    return new Promise((resolve) => {
      const area = el('textarea', { id: 'rule-comment', name: 'rule_comment', rows: 3, maxlength: 255, required: true });
      const done = (v) => { dlg.close(); resolve(v); };
      const dlg = el('dialog', { class: 'confirm rule-comment', 'aria-labelledby': 'dlg-rule-title' },
        el('h2', { id: 'dlg-rule-title' }, t('entry.rule_title')), el('p', null, t('entry.rule_intro')),
        el('ul', { class: 'warn-list' }, messages.map((s) => el('li', null, s))),
        el('label', { for: 'rule-comment' }, t('entry.rule_comment')), area,
        el('div', { class: 'dialog-actions' },
          el('button', { type: 'button', class: 'primary', name: 'confirm',
            onclick: () => { if (area.value.trim()) done(area.value.trim()); else area.focus(); } }, t('entry.rule_confirm')),
          ' ',
          el('button', { type: 'button', class: 'secondary', name: 'cancel', onclick: () => done('') }, t('entry.warn_cancel'))));
      dlg.addEventListener('cancel', () => resolve(''));
      dlg.addEventListener('close', () => dlg.remove());
      document.body.append(dlg);
      dlg.showModal();
      area.focus();
    });
  }

  async function save(submit) {
    clear(summary);
    for (const x of rows) if (x.dom) validate(x, true);
    const invalid = rows.filter((x) => x.editable && x.error);
    if (invalid.length) {
      summary.append(errorBox({ message: t('entry.invalid', { n: invalid.length }) }));
      invalid[0].dom.valueInput.focus();
      return;
    }
    let plan = rowsToSave(rows, submit);
    if (!plan.length) { toast(t('entry.no_change')); return; }
    const byCode = new Map(rows.map((x) => [x.code, x]));
    const warnings = [];
    for (const p of plan) {
      const x = byCode.get(p.code);
      if (x.value === x.orig) continue;
      for (const w of farWarnings(p.value, { last_year: x.lastYear, previous: x.previous, next: x.next }))
        warnings.push(`${x.name}: ${num(p.value, 4)} – ${warnText(x, w)}`);
    }
    if (warnings.length && !(await confirmDialog(t('entry.warn_title'), t('entry.warn_intro'), warnings,
      t('entry.warn_confirm'), t('entry.warn_cancel')))) return;
    if (submit && !(await confirmDialog(t('entry.submit'), t('entry.submit_confirm', { n: plan.length }), [],
      t('entry.submit'), t('entry.warn_cancel')))) return;
    // no network, or rows that already wait: kept on the phone, sent in order when the network returns
    const toQueue = plan.filter((p) => !navigator.onLine || byCode.get(p.code).q);
    if (toQueue.length) {
      await queueValues(toQueue);
      plan = plan.filter((p) => !toQueue.includes(p));
      if (!plan.length) return;
    }
    saveBtn.disabled = submitBtn.disabled = true;
    saveBtn.textContent = t('entry.saving');
    try {
      const dataValues = plan.map((p) => ({ dataElement: p.code, orgUnit: unitCode, period, value: String(p.value), estimate: p.estimate }));
      const withReason = plan.some((p) => p.reason);
      const post = (comment) => {
        const q = new URLSearchParams();
        if (withReason) q.set('dryRun', 'true');
        if (comment) q.set('comment', comment);
        return postKeepBody(`/api/dataValueSets${q.size ? '?' + q : ''}`, { dataValues }, me.csrf);
      };
      let comment = '';
      let ans = await post('');
      // a broken warning rule between indicators: the server wants a comment kept with the values
      const wants = (ans.body?.conflicts || []).filter((c) => c.field === 'comment');
      if (ans.status === 409 && wants.length && wants.length === ans.body.conflicts.length) {
        comment = await commentDialog(wants.map((c) => c.value));
        if (!comment) return showRefusal(ans, plan);
        ans = await post(comment);
      }
      if (ans.status !== 200 || ans.body?.status !== 'SUCCESS') return showRefusal(ans, plan);
      let a = ans.body.importCount?.imported ?? 0;
      let u = ans.body.importCount?.updated ?? 0;
      if (withReason) {
        // the dry run accepted every row: now one PUT each, so the reason is kept in the audit
        a = 0;
        u = 0;
        let done = 0;
        for (const p of plan) {
          try {
            const r = await api.send('PUT', '/api/values', { indicator: p.code, unit: unitCode, period, value: String(p.value),
              estimate: p.estimate, reason: p.reason || undefined, comment: comment || undefined });
            if (r.result === 'inserted') a++;
            else if (r.result === 'updated') u++;
            done++;
          } catch (e) {
            if (e.status === 0) { await queueValues(plan.slice(done)); return; } // the network went mid-way
            const x = byCode.get(p.code);
            summary.append(errorBox({ message: t('entry.partial_saved', { n: done, name: x.name, msg: e.message }) }));
            return;
          }
        }
      }
      toast(submit ? t('entry.submitted', { n: plan.length }) : t('entry.saved', { n: a + u, a, u }));
      for (const p of plan) {
        const x = byCode.get(p.code);
        x.orig = p.value;
        x.origEstimate = p.estimate;
        x.origAt = undefined; // the time of this write is not known here: not compared
        x.estimate = p.estimate;
        x.reason = '';
        x.text = undefined;
      }
      draw();
      summary.append(el('p', { class: 'saved-note', role: 'status' },
        submit ? t('entry.submitted', { n: plan.length }) : t('entry.saved', { n: a + u, a, u })));
      await showOutliers(plan.map((p) => p.code));
    } catch (e) {
      // the server could not be reached (fetch's TypeError): kept on the phone instead
      if (e.status === 0 || (e instanceof TypeError && (!navigator.onLine || /fetch|network/i.test(e.message))))
        await queueValues(plan);
      else summary.append(errorBox(e));
    } finally {
      saveBtn.disabled = submitBtn.disabled = false;
      saveBtn.textContent = t('entry.save');
    }
  }

  /**
   * The server's outlier warnings (GET /api/validation: far from the unit's own
   * history or from its sibling units, by median and MAD) on the values just
   * saved, each saying why and what range was expected. Nothing when the
   * analysis cannot be read.
   */
  async function showOutliers(codes) {
    let ans;
    try {
      ans = await api.get('/api/validation', { unit: unitCode, period });
    } catch {
      return;
    }
    const mine = new Set(codes);
    const items = (ans.items || []).filter((it) => it.unit === unitCode && mine.has(it.indicator)
      && (it.rule === 'outlier' || it.rule === 'outlier_siblings'));
    if (!items.length) return;
    summary.append(el('div', { class: 'warn-box', id: 'entry-outliers', role: 'status' },
      el('p', null, el('strong', null, t('entry.outlier_title'))),
      el('ul', null, items.map((it) => el('li', { 'data-code': it.indicator, 'data-rule': it.rule }, it.message)))));
  }

  /** The rows of the plan a rule's conflict names ("KT15 = 1.234,5 phải ≤ KT01 = 50,3"). */
  function ruleRows(c, plan) {
    const msg = c.value || '';
    return plan.filter((p) => new RegExp(`(^|[^A-Za-z0-9_.-])${p.code.replace(/[.-]/g, '\\$&')} = `).test(msg));
  }

  /** A conflict of a warning rule between indicators (core/vrule.c): the value stands with a comment. */
  function isRuleWarning(c) {
    return c?.field === 'comment';
  }

  /** Removes the unit's own figure of an aggregated row (DELETE /api/values, audited with a reason). */
  async function removeOwn(x) {
    try {
      await api.send('DELETE', '/api/values', undefined,
        { indicator: x.code, unit: unitCode, period, reason: t('entry.own_remove_reason') });
      x.own = null;
      x.canRemove = false;
      draw();
      toast(t('entry.own_removed', { name: x.name }));
    } catch (e) {
      summary.append(errorBox(e));
    }
  }

  /** The server refused the save: its message, and each bad row's message on its field. */
  function showRefusal(ans, plan) {
    const b = ans.body || {};
    if (b.error) {
      summary.append(errorBox({ message: b.error.message, field: b.error.field }));
      return;
    }
    const conflicts = b.conflicts || [];
    summary.append(errorBox({ message: t('entry.not_saved', { n: conflicts.length || 1 }) + (b.description ? ' ' + b.description : '') }));
    for (const c of conflicts) {
      // a rule between indicators: on every row it names (either side's write may have broken it)
      const named = isRuleWarning(c) || /^vi phạm quy tắc /.test(c.value || '') ? ruleRows(c, plan) : [];
      for (const p of named.length ? named : [plan[c.row]]) {
        const x = p && rows.find((r) => r.code === p.code);
        if (!x?.dom) continue;
        x.dom.errBox.textContent = isRuleWarning(c) ? `${c.value} ${t('entry.comment_needed')}` : c.value;
        x.dom.valueInput.setAttribute('aria-invalid', 'true');
      }
    }
    const first = conflicts.map((c) => plan[c.row] && rows.find((r) => r.code === plan[c.row].code)).find((x) => x?.dom);
    first?.dom.valueInput.focus();
  }

  draw();
}
