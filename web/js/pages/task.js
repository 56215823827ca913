// pages/task.js - one task (#/task?id=N): content, status (colour and label), lead
// and coordinating units, who assigned it and at which meeting, deadline (date or
// period label, extended or not), linked indicators (links to #/indicator), the
// progress reports with their attachments (download links), the history
// (extensions and cancellations with their reasons); and the forms: progress
// report (POST /progress; only the lead may, the server decides and its 403 is
// shown), extend with a reason, cancel with a reason, reopen (the assigner's).
// Not for: lists (tasks.js), assigning a task (meeting.js) or any status rule.
import { api } from '../api.js';
import { t, addStrings, lang } from '../i18n.js';
import { el, append, clear, errorBox, loading, field, toast } from '../ui.js';
import { date, epoch } from '../fmt.js';
import { hashFor } from '../app.js';
import { ensureTasksCss, loadCatalog, taskBadge, partyName, indicatorName, dueLabel, daysText, roleOf, roleTag,
  percentCell, fileBase64 } from './_tasks_util.js';
import { submitting } from './_forms.js';

addStrings({
  vi: {
    'task.title': 'Nhiệm vụ số {id}', 'task.back': '← Danh sách nhiệm vụ', 'task.content': 'Nội dung',
    'task.lead': 'Đơn vị chủ trì', 'task.coord': 'Đơn vị phối hợp', 'task.assigned': 'Giao việc',
    'task.assigned_text': '{by}, ngày {on}', 'task.meeting': 'Tại cuộc họp', 'task.meeting_n': 'cuộc họp số {id}',
    'task.direct': 'giao trực tiếp ({unit})', 'task.due': 'Thời hạn', 'task.due_original': 'hạn ban đầu {d}',
    'task.priority': 'Mức độ', 'task.percent': 'Tiến độ', 'task.done_on': 'Ngày hoàn thành',
    'task.indicators': 'Chỉ tiêu liên quan', 'task.your_role': 'Đơn vị bạn',
    'task.progress': 'Báo cáo tiến độ ({n})', 'task.no_progress': 'Chưa có báo cáo tiến độ nào.',
    'task.history': 'Lịch sử ({n})', 'task.attachment': 'Tệp đính kèm: {name} ({size})',
    'task.done_mark': 'báo hoàn thành', 'task.by_at': '{by}, {at}',
    'task.old_new': 'từ {old} đến {new}',
    'task.f.progress': 'Báo cáo tiến độ', 'task.f.progress_note': 'Chỉ đơn vị chủ trì được báo cáo; máy chủ kiểm tra.',
    'task.f.text': 'Nội dung báo cáo', 'task.f.percent': 'Tỷ lệ hoàn thành (%)', 'task.f.date': 'Ngày báo cáo',
    'task.f.date_hint': 'Để trống: hôm nay.', 'task.f.done': 'Đã hoàn thành nhiệm vụ', 'task.f.file': 'Tệp đính kèm (tối đa 4 MB)',
    'task.f.send': 'Gửi báo cáo', 'task.f.sent': 'Đã ghi báo cáo tiến độ.',
    'task.f.extend': 'Gia hạn', 'task.f.new_due': 'Thời hạn mới', 'task.f.due_hint': 'Ngày (31/08/2022) hoặc kỳ (202208, 2022Q3, 2022).',
    'task.f.reason': 'Lý do', 'task.f.extend_btn': 'Gia hạn', 'task.f.extended': 'Đã gia hạn nhiệm vụ.',
    'task.f.cancel': 'Hủy nhiệm vụ', 'task.f.cancel_btn': 'Hủy nhiệm vụ', 'task.f.cancelled': 'Đã hủy nhiệm vụ.',
    'task.f.reopen': 'Mở lại nhiệm vụ', 'task.f.reopen_btn': 'Mở lại', 'task.f.reopened': 'Đã mở lại nhiệm vụ.',
    'task.f.assigner_note': 'Chỉ người giao việc ({by}) hoặc quản trị viên được gia hạn, hủy hay mở lại.',
    'task.f.too_big': 'Tệp "{name}" quá lớn: tối đa 4 MB.', 'task.closed': 'Nhiệm vụ đã đóng ({state}): không nhận báo cáo tiến độ.',
  },
  en: {
    'task.title': 'Task {id}', 'task.back': '← Task list', 'task.content': 'Content',
    'task.lead': 'Lead unit', 'task.coord': 'Coordinating', 'task.assigned': 'Assigned',
    'task.assigned_text': '{by}, on {on}', 'task.meeting': 'At meeting', 'task.meeting_n': 'meeting {id}',
    'task.direct': 'directly ({unit})', 'task.due': 'Deadline', 'task.due_original': 'originally {d}',
    'task.priority': 'Priority', 'task.percent': 'Progress', 'task.done_on': 'Done on',
    'task.indicators': 'Linked indicators', 'task.your_role': 'Your unit',
    'task.progress': 'Progress reports ({n})', 'task.no_progress': 'No progress reports yet.',
    'task.history': 'History ({n})', 'task.attachment': 'Attachment: {name} ({size})',
    'task.done_mark': 'reported done', 'task.by_at': '{by}, {at}',
    'task.old_new': 'from {old} to {new}',
    'task.f.progress': 'Report progress', 'task.f.progress_note': 'Only the lead unit may report; the server checks.',
    'task.f.text': 'Report', 'task.f.percent': 'Percent done', 'task.f.date': 'Date of the report',
    'task.f.date_hint': 'Empty: today.', 'task.f.done': 'The task is done', 'task.f.file': 'Attachment (at most 4 MB)',
    'task.f.send': 'Send report', 'task.f.sent': 'Progress report saved.',
    'task.f.extend': 'Extend', 'task.f.new_due': 'New deadline', 'task.f.due_hint': 'A date (31/08/2022) or a period (202208, 2022Q3, 2022).',
    'task.f.reason': 'Reason', 'task.f.extend_btn': 'Extend', 'task.f.extended': 'Task extended.',
    'task.f.cancel': 'Cancel the task', 'task.f.cancel_btn': 'Cancel the task', 'task.f.cancelled': 'Task cancelled.',
    'task.f.reopen': 'Reopen the task', 'task.f.reopen_btn': 'Reopen', 'task.f.reopened': 'Task reopened.',
    'task.f.assigner_note': 'Only the assigner ({by}) or an administrator may extend, cancel or reopen.',
    'ev.created': 'Assigned', 'ev.edited': 'Edited', 'ev.extended': 'Extended', 'ev.cancelled': 'Cancelled',
    'ev.progress': 'Progress report', 'ev.done': 'Done', 'ev.reopened': 'Reopened',
    'task.f.too_big': 'File "{name}" is too large: 4 MB at most.', 'task.closed': 'The task is closed ({state}): no more progress reports.',
  },
});

const ATTACH_MAX = 4 * 1024 * 1024;

function size(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** A form panel: heading, fields, a submit button; onSubmit(form) resolves to a toast message. */
function formPanel({ id, title, note, fields, button, onSubmit, ctx, open = true }) {
  const errBox = el('div', { class: 'form-error' });
  const btn = el('button', { type: 'submit', class: 'primary' }, button);
  const form = el('form', { id, class: 'task-form', novalidate: true }, fields, errBox, el('div', { class: 'form-actions' }, btn));
  submitting(form, errBox, async () => {
    toast(await onSubmit(form));
    ctx.go('task', { id: ctx.params.get('id') });
  });
  const inner = [note ? el('p', { class: 'hint' }, note) : null, form];
  if (open) return el('section', { class: 'panel no-print', 'aria-labelledby': id + '-h' }, el('h2', { id: id + '-h' }, title), inner);
  return el('details', { class: 'panel no-print' }, el('summary', null, title), inner);
}

export async function render(root, ctx) {
  ensureTasksCss();
  const id = ctx.params.get('id') || '';
  const back = el('p', { class: 'no-print' }, el('a', { href: hashFor('tasks') }, t('task.back')));
  const h1 = el('h1', null, t('task.title', { id }));
  const body = el('div');
  append(root, back, h1, body);
  loading(body);
  let k;
  let cat;
  try {
    [k, cat] = await Promise.all([api.get(`/api/tasks/${encodeURIComponent(id)}`), loadCatalog(ctx.me)]);
  } catch (e) {
    clear(body).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const me = ctx.me;
  const role = roleOf(k, me);
  const indUnit = k.lead_unit || k.owner_unit;
  const facts = [
    [t('task.content'), el('span', { class: 'task-content', id: 'task-content' }, k.content)],
    [t('tk.col.status'), [taskBadge(k.status, k.status_label), ' ', el('span', { class: 'task-meta' }, daysText(k))]],
    [t('task.lead'), [k.lead_name || partyName(k.lead, cat), ' ', el('span', { class: 'code' }, k.lead)]],
    [t('task.coord'), [...(k.coord_units || []), ...(k.coord_agencies || [])].map((c) => partyName(c, cat)).join('; ') || '–'],
    role ? [t('task.your_role'), roleTag(role)] : null,
    [t('task.assigned'), t('task.assigned_text', { by: k.assigned_by, on: date(k.assigned_on) })],
    [t('task.meeting'), k.meeting ? el('a', { href: hashFor('meeting', { id: k.meeting }) }, t('task.meeting_n', { id: k.meeting }))
      : t('task.direct', { unit: partyName(k.owner_unit, cat) })],
    [t('task.due'), [el('span', { id: 'task-due' }, dueLabel(k)),
      k.extended ? el('span', { class: 'task-meta' }, t('task.due_original', { d: date(k.due_original) })) : null]],
    [t('task.priority'), t('prio.' + k.priority)],
    [t('task.percent'), percentCell(k.percent)],
    k.done_on ? [t('task.done_on'), date(k.done_on)] : null,
    [t('task.indicators'), (k.indicators || []).length
      ? (k.indicators || []).map((c, i) => [i ? ', ' : '', el('a', { href: hashFor('indicator', { code: c, unit: indUnit }) }, indicatorName(c, cat))])
      : '–'],
  ].filter(Boolean);
  const dl = el('dl', { class: 'facts', id: 'task-facts' }, facts.map(([a, b]) => [el('dt', null, a), el('dd', null, b)]));

  const progress = k.progress || [];
  const progBox = el('section', { id: 'task-progress', 'aria-labelledby': 'task-progress-h' },
    el('h2', { id: 'task-progress-h' }, t('task.progress', { n: progress.length })),
    progress.length ? el('ol', { class: 'timeline' }, progress.map((p) => el('li', { class: 'progress', 'data-id': String(p.id) },
      el('span', { class: 'when' }, `${date(p.date)} · ${p.percent}%`, p.done ? ` · ${t('task.done_mark')}` : '',
        ' · ', t('task.by_at', { by: p.by, at: epoch(p.at) })),
      el('span', { class: 'reason' }, p.text),
      p.attachment ? el('a', { href: p.attachment.url, download: p.attachment.name, class: 'attachment' },
        t('task.attachment', { name: p.attachment.name, size: size(p.attachment.size) })) : null)))
      : el('p', null, t('task.no_progress')));

  const history = k.history || [];
  const histBox = el('section', { id: 'task-history', 'aria-labelledby': 'task-history-h' },
    el('h2', { id: 'task-history-h' }, t('task.history', { n: history.length })),
    el('ol', { class: 'timeline' }, history.map((h) => el('li', { class: h.kind, 'data-kind': h.kind },
      el('span', { class: 'when' }, t('task.by_at', { by: h.by, at: epoch(h.at) })),
      el('strong', null, lang() === 'vi' ? h.label : t('ev.' + h.kind)),
      h.kind === 'extended' ? ' ' + t('task.old_new', { old: date(h.old_due), new: date(h.new_due) }) : '',
      h.kind === 'progress' && h.percent !== undefined ? ` (${h.percent}%)` : '',
      h.kind === 'done' && h.date ? ` (${date(h.date)})` : '',
      h.reason ? el('span', { class: 'reason' }, h.reason) : null))));

  const forms = [];
  const isAssigner = me?.role === 'admin' || me?.user?.login === k.assigned_by;
  if (k.state === 'open') {
    forms.push(formPanel({
      id: 'progress-form', title: t('task.f.progress'), note: t('task.f.progress_note'), ctx, open: role === 'lead' || me?.role === 'admin',
      button: t('task.f.send'),
      fields: el('div', { class: 'tform-grid' },
        el('div', { class: 'wide' }, field(t('task.f.text'), el('textarea', { name: 'text', required: true, rows: '3' }))),
        field(t('task.f.percent'), el('input', { type: 'number', name: 'percent', min: '0', max: '100', step: '1', value: String(k.percent || 0), required: true })),
        field(t('task.f.date'), el('input', { type: 'date', name: 'date' }), t('task.f.date_hint')),
        el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'done' }), ' ', t('task.f.done')),
        field(t('task.f.file'), el('input', { type: 'file', name: 'attachment' }))),
      onSubmit: async (form) => {
        const f = form.elements;
        const body = { text: f.text.value, percent: Number(f.percent.value), done: f.done.checked };
        if (body.done) body.percent = 100;
        if (f.date.value) body.date = f.date.value;
        const file = f.attachment.files?.[0];
        if (file) {
          if (file.size > ATTACH_MAX) throw new Error(t('task.f.too_big', { name: file.name }));
          Object.assign(body, { attachment_name: file.name, attachment_type: file.type || 'application/octet-stream',
            attachment_base64: await fileBase64(file) });
        }
        await api.send('POST', `/api/tasks/${k.id}/progress`, body);
        return t('task.f.sent');
      },
    }));
  } else {
    forms.push(el('p', { class: 'note' }, t('task.closed', { state: k.status_label || k.state })));
  }
  if (isAssigner && k.state === 'open') {
    forms.push(formPanel({
      id: 'extend-form', title: t('task.f.extend'), ctx, open: false, button: t('task.f.extend_btn'),
      fields: el('div', { class: 'tform-grid' },
        field(t('task.f.new_due'), el('input', { type: 'text', name: 'due', required: true, autocomplete: 'off' }), t('task.f.due_hint')),
        el('div', { class: 'wide' }, field(t('task.f.reason'), el('textarea', { name: 'reason', required: true, rows: '2' })))),
      onSubmit: async (form) => {
        await api.send('POST', `/api/tasks/${k.id}/extend`, { due: form.elements.due.value.trim(), reason: form.elements.reason.value });
        return t('task.f.extended');
      },
    }));
    forms.push(formPanel({
      id: 'cancel-form', title: t('task.f.cancel'), ctx, open: false, button: t('task.f.cancel_btn'),
      fields: field(t('task.f.reason'), el('textarea', { name: 'reason', required: true, rows: '2' })),
      onSubmit: async (form) => {
        await api.send('POST', `/api/tasks/${k.id}/cancel`, { reason: form.elements.reason.value });
        return t('task.f.cancelled');
      },
    }));
  }
  if (isAssigner && k.state === 'done') {
    forms.push(formPanel({
      id: 'reopen-form', title: t('task.f.reopen'), ctx, open: false, button: t('task.f.reopen_btn'),
      fields: field(t('task.f.reason'), el('textarea', { name: 'reason', required: true, rows: '2' })),
      onSubmit: async (form) => {
        await api.send('POST', `/api/tasks/${k.id}/reopen`, { reason: form.elements.reason.value });
        return t('task.f.reopened');
      },
    }));
  }
  if (!isAssigner && k.state !== 'cancelled')
    forms.push(el('p', { class: 'hint no-print' }, t('task.f.assigner_note', { by: k.assigned_by })));

  append(clear(body), dl, progBox, forms, histBox);
}
