// pages/meeting.js - one meeting (#/meeting?id=N) and the meeting form
// (#/meeting?new=1, or ?id=N&edit=1): the agenda first (open and overdue tasks
// that earlier meetings of the same kind of the same unit gave, GET .../agenda),
// the meeting's facts (kind, date and time, unit, chair, attendees, units
// attending, period and indicators reviewed, conclusions), the tasks given at it,
// the "add task" form, the conclusions notice (printable HTML in a new tab, text
// download, and the text shown in the page), edit and delete (leaders and
// administrators; the server checks the unit and refuses what is not theirs).
// Not for: the list of meetings (meetings.js) or a task's own page (task.js).
import { api, apiError } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, append, clear, errorBox, loading, field, toast, unitName } from '../ui.js';
import { date } from '../fmt.js';
import { hashFor } from '../app.js';
import { ensureTasksCss, loadCatalog, taskTable, selectField, multiField, selectedValues, partyName, indicatorName,
  unitOptions, agencyOptions, indicatorOptions, periodPicker, MEETING_KINDS, PRIORITIES, ASSIGN_ROLES,
  isoDate, meetingKindLabel, meetingPeriodLabel } from './_tasks_util.js';
import { defaultPeriod } from './_fallback.js';
import { submitting } from './_forms.js';

addStrings({
  vi: {
    'mtg.back': '← Danh sách cuộc họp', 'mtg.new_title': 'Tạo cuộc họp', 'mtg.edit_title': 'Sửa cuộc họp',
    'mtg.kind': 'Loại cuộc họp', 'mtg.title': 'Tên cuộc họp', 'mtg.date': 'Ngày họp', 'mtg.time': 'Giờ họp',
    'mtg.unit': 'Đơn vị tổ chức', 'mtg.chair': 'Người chủ trì', 'mtg.attendees': 'Thành phần dự họp',
    'mtg.units': 'Các đơn vị dự họp', 'mtg.period': 'Kỳ xem xét', 'mtg.has_period': 'Cuộc họp xem xét số liệu một kỳ',
    'mtg.indicators': 'Chỉ tiêu xem xét', 'mtg.conclusions': 'Kết luận của người chủ trì', 'mtg.notice_no': 'Số thông báo',
    'mtg.notice_no_hint': 'ví dụ: 125/TB-UBND', 'mtg.save': 'Lưu cuộc họp', 'mtg.saved': 'Đã lưu cuộc họp.',
    'mtg.cancel': 'Thôi', 'mtg.edit': 'Sửa cuộc họp', 'mtg.delete': 'Xóa cuộc họp', 'mtg.deleted': 'Đã xóa cuộc họp.',
    'mtg.delete_confirm': 'Xóa cuộc họp "{title}"?', 'mtg.delete_note': 'Chỉ xóa được cuộc họp chưa giao nhiệm vụ nào.',
    'mtg.agenda': 'Việc còn tồn từ các cuộc họp trước ({open} còn mở, {over} quá hạn)',
    'mtg.agenda_none': 'Không còn nhiệm vụ nào mở từ các cuộc họp cùng loại trước đó.',
    'mtg.agenda_from': 'Từ cuộc họp', 'mtg.tasks': 'Nhiệm vụ giao tại cuộc họp ({n})', 'mtg.no_tasks': 'Cuộc họp chưa giao nhiệm vụ nào.',
    'mtg.add_task': 'Giao nhiệm vụ', 'mtg.t.content': 'Nội dung nhiệm vụ', 'mtg.t.lead': 'Đơn vị chủ trì',
    'mtg.t.lead_units': 'Xã, phường', 'mtg.t.lead_agencies': 'Phòng, ban', 'mtg.t.coord_units': 'Đơn vị phối hợp (xã, phường)',
    'mtg.t.coord_agencies': 'Cơ quan phối hợp (phòng, ban)', 'mtg.t.due': 'Thời hạn',
    'mtg.t.due_hint': 'Ngày (31/07/2022) hoặc kỳ: 202207 (hết tháng 7/2022), 2022Q3, 2022.',
    'mtg.t.priority': 'Mức độ', 'mtg.t.indicators': 'Chỉ tiêu liên quan', 'mtg.t.save': 'Giao nhiệm vụ',
    'mtg.t.saved': 'Đã giao nhiệm vụ số {id}.',
    'mtg.notice': 'Thông báo kết luận', 'mtg.notice_print': 'Bản in (mở tab mới)', 'mtg.notice_pdf': 'Tải PDF (.pdf)', 'mtg.notice_docx': 'Tải Word (.docx)', 'mtg.notice_txt': 'Tải bản văn bản (.txt)',
    'mtg.notice_md': 'Tải bản Markdown (.md)', 'mtg.notice_show': 'Xem nội dung thông báo',
    'mtg.f.kind': 'Loại', 'mtg.f.when': 'Thời gian', 'mtg.f.unit': 'Đơn vị tổ chức', 'mtg.f.chair': 'Chủ trì',
    'mtg.f.attendees': 'Thành phần', 'mtg.f.units': 'Đơn vị dự họp', 'mtg.f.period': 'Kỳ xem xét',
    'mtg.f.indicators': 'Chỉ tiêu xem xét', 'mtg.f.conclusions': 'Kết luận', 'mtg.f.notice_no': 'Số thông báo',
    'mtg.f.created': 'Người tạo',
  },
  en: {
    'mtg.back': '← Meetings', 'mtg.new_title': 'New meeting', 'mtg.edit_title': 'Edit meeting',
    'mtg.kind': 'Kind', 'mtg.title': 'Title', 'mtg.date': 'Date', 'mtg.time': 'Time',
    'mtg.unit': 'Holding unit', 'mtg.chair': 'Chaired by', 'mtg.attendees': 'Attendees',
    'mtg.units': 'Units attending', 'mtg.period': 'Period reviewed', 'mtg.has_period': 'The meeting reviews a period\'s figures',
    'mtg.indicators': 'Indicators reviewed', 'mtg.conclusions': 'Conclusions of the chair', 'mtg.notice_no': 'Notice number',
    'mtg.notice_no_hint': 'e.g. 125/TB-UBND', 'mtg.save': 'Save the meeting', 'mtg.saved': 'Meeting saved.',
    'mtg.cancel': 'Cancel', 'mtg.edit': 'Edit the meeting', 'mtg.delete': 'Delete the meeting', 'mtg.deleted': 'Meeting deleted.',
    'mtg.delete_confirm': 'Delete the meeting "{title}"?', 'mtg.delete_note': 'Only a meeting without tasks can be deleted.',
    'mtg.agenda': 'Still open from earlier meetings ({open} open, {over} overdue)',
    'mtg.agenda_none': 'No task from earlier meetings of this kind is still open.',
    'mtg.agenda_from': 'From meeting', 'mtg.tasks': 'Tasks given at this meeting ({n})', 'mtg.no_tasks': 'No tasks given at this meeting yet.',
    'mtg.add_task': 'Assign a task', 'mtg.t.content': 'Task', 'mtg.t.lead': 'Lead',
    'mtg.t.lead_units': 'Wards and communes', 'mtg.t.lead_agencies': 'Departments', 'mtg.t.coord_units': 'Coordinating units',
    'mtg.t.coord_agencies': 'Coordinating departments', 'mtg.t.due': 'Deadline',
    'mtg.t.due_hint': 'A date (31/07/2022) or a period: 202207 (end of July 2022), 2022Q3, 2022.',
    'mtg.t.priority': 'Priority', 'mtg.t.indicators': 'Linked indicators', 'mtg.t.save': 'Assign',
    'mtg.t.saved': 'Task {id} assigned.',
    'mtg.notice': 'Conclusions notice', 'mtg.notice_print': 'Printable (new tab)', 'mtg.notice_pdf': 'Download PDF (.pdf)', 'mtg.notice_docx': 'Download Word (.docx)', 'mtg.notice_txt': 'Download as text (.txt)',
    'mtg.notice_md': 'Download as Markdown (.md)', 'mtg.notice_show': 'Show the notice text',
    'mtg.f.kind': 'Kind', 'mtg.f.when': 'When', 'mtg.f.unit': 'Holding unit', 'mtg.f.chair': 'Chair',
    'mtg.f.attendees': 'Attendees', 'mtg.f.units': 'Units attending', 'mtg.f.period': 'Period reviewed',
    'mtg.f.indicators': 'Indicators reviewed', 'mtg.f.conclusions': 'Conclusions', 'mtg.f.notice_no': 'Notice number',
    'mtg.f.created': 'Created by',
  },
});

/** Text of a non-JSON GET (the notice): same-origin cookie; ApiError from a JSON error. */
async function getText(path) {
  const res = await fetch(path, { credentials: 'same-origin' });
  const text = await res.text();
  if (res.ok) return text;
  let data = null;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  throw apiError(res.status, data);
}

/** Submits form with onSubmit(form); shows the server's error inside the form (pointing at its field). */
function wire(form, onSubmit) {
  const errBox = el('div', { class: 'form-error' });
  form.append(errBox);
  return submitting(form, errBox, onSubmit);
}

export async function render(root, ctx) {
  ensureTasksCss();
  const id = ctx.params.get('id');
  const body = el('div');
  append(root, el('p', { class: 'no-print' }, el('a', { href: hashFor('meetings') }, t('mtg.back'))), body);
  loading(body);
  let cat;
  let m = null;
  try {
    cat = await loadCatalog(ctx.me);
    if (id) m = await api.get(`/api/meetings/${encodeURIComponent(id)}`);
  } catch (e) {
    clear(body).append(el('h1', null, t('mtgs.title')), errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  if (!m || ctx.params.get('edit')) {
    // a new meeting's month: the server's default for the first unit (never a locked empty one)
    const p0 = m ? null : await defaultPeriod(cat.unitList[0]?.code, cat.unitList[0], ctx.stale);
    if (ctx.stale()) return;
    return meetingForm(clear(body), ctx, cat, m, p0);
  }
  return meetingView(clear(body), ctx, cat, m);
}

/** The create / edit form; POST /api/meetings or PUT /api/meetings/{id}. */
function meetingForm(box, ctx, cat, m, defaultMonth) {
  const units = cat.unitList;
  const firstUnit = units[0];
  const period0 = m?.period || defaultMonth || '';
  const y0 = Number(String(period0).slice(0, 4)) || new Date().getFullYear();
  const yNow = new Date().getFullYear();
  const pp = periodPicker({ value: period0, name: 'period', label: t('mtg.period'),
    years: [Math.min(y0, yNow) - 6, Math.max(y0, yNow) + 1] });
  const hasPeriod = el('input', { type: 'checkbox', name: 'has_period', checked: m ? Boolean(m.period) : true });
  const form = el('form', { id: 'meeting-form', class: 'tform-grid', novalidate: true },
    selectField(t('mtg.kind'), 'kind', MEETING_KINDS.map((k) => ({ value: k, label: t('mk.' + k) })), m?.kind || 'monthly'),
    selectField(t('mtg.unit'), 'unit', unitOptions(cat), m?.unit || firstUnit?.code),
    el('div', { class: 'wide' }, field(t('mtg.title'), el('input', { type: 'text', name: 'title', value: m?.title || '', required: true }))),
    field(t('mtg.date'), el('input', { type: 'date', name: 'date', value: m?.date || isoDate(), required: true })),
    field(t('mtg.time'), el('input', { type: 'time', name: 'time', value: m?.time || '' })),
    field(t('mtg.chair'), el('input', { type: 'text', name: 'chair', value: m?.chair || '' })),
    field(t('mtg.notice_no'), el('input', { type: 'text', name: 'notice_no', value: m?.notice_no || '' }), t('mtg.notice_no_hint')),
    el('div', { class: 'wide' }, field(t('mtg.attendees'), el('textarea', { name: 'attendees', rows: '2', value: m?.attendees || '' }))),
    multiField(t('mtg.units'), 'units', unitOptions(cat), m?.units || []),
    multiField(t('mtg.indicators'), 'indicators', indicatorOptions(cat), m?.indicators || []),
    el('div', { class: 'wide' }, el('label', { class: 'inline' }, hasPeriod, ' ', t('mtg.has_period')), pp),
    el('div', { class: 'wide' }, field(t('mtg.conclusions'), el('textarea', { name: 'conclusions', rows: '5', value: m?.conclusions || '' }))),
    el('div', { class: 'form-actions wide' }, el('button', { type: 'submit', class: 'primary' }, t('mtg.save')),
      el('a', { href: m ? hashFor('meeting', { id: m.id }) : hashFor('meetings') }, t('mtg.cancel'))));
  const sync = () => { pp.hidden = !hasPeriod.checked; };
  hasPeriod.addEventListener('change', sync);
  sync();
  wire(form, async (f) => {
    const e = f.elements;
    const data = {
      kind: e.kind.value, title: e.title.value, date: e.date.value, time: e.time.value, unit: e.unit.value,
      chair: e.chair.value, attendees: e.attendees.value, units: selectedValues(e.units),
      period: hasPeriod.checked ? pp.code() : '', indicators: selectedValues(e.indicators),
      conclusions: e.conclusions.value, notice_no: e.notice_no.value,
    };
    const saved = m ? await api.send('PUT', `/api/meetings/${m.id}`, data) : await api.send('POST', '/api/meetings', data);
    toast(t('mtg.saved'));
    ctx.go('meeting', { id: saved.id });
  });
  append(box, el('h1', null, m ? t('mtg.edit_title') : t('mtg.new_title')), form);
}

/** The meeting's page: agenda, facts, tasks, add-task form, notice, edit/delete. */
async function meetingView(box, ctx, cat, m) {
  const canEdit = ASSIGN_ROLES.includes(ctx.me?.role);
  const kindLabel = meetingKindLabel(m);
  const plabel = meetingPeriodLabel(m);
  const indUnit = m.unit;
  const facts = [
    [t('mtg.f.kind'), kindLabel],
    [t('mtg.f.when'), `${date(m.date)}${m.time ? ', ' + m.time : ''}`],
    [t('mtg.f.unit'), m.unit_name || m.unit],
    m.chair ? [t('mtg.f.chair'), m.chair] : null,
    m.attendees ? [t('mtg.f.attendees'), m.attendees] : null,
    (m.units || []).length ? [t('mtg.f.units'), m.units.map((c) => partyName(c, cat)).join('; ')] : null,
    plabel ? [t('mtg.f.period'), plabel] : null,
    (m.indicators || []).length ? [t('mtg.f.indicators'), m.indicators.map((c, i) => [i ? ', ' : '',
      el('a', { href: hashFor('indicator', { code: c, unit: indUnit, period: /^\d{6}$/.test(m.period || '') ? m.period : null }) },
        indicatorName(c, cat))])] : null,
    m.notice_no ? [t('mtg.f.notice_no'), m.notice_no] : null,
    [t('mtg.f.conclusions'), m.conclusions || '–'],
    [t('mtg.f.created'), m.created_by],
  ].filter(Boolean);

  const agendaBox = el('section', { id: 'meeting-agenda', class: 'panel agenda', 'aria-labelledby': 'meeting-agenda-h' });
  const tasks = m.tasks || [];
  const parts = [
    el('h1', { id: 'meeting-title' }, m.title),
    agendaBox,
    el('dl', { class: 'facts', id: 'meeting-facts' }, facts.map(([a, b]) => [el('dt', null, a), el('dd', null, b)])),
    el('section', { id: 'meeting-tasks', 'aria-labelledby': 'meeting-tasks-h' },
      el('h2', { id: 'meeting-tasks-h' }, t('mtg.tasks', { n: tasks.length })),
      taskTable({ tasks, me: ctx.me, ctx, empty: t('mtg.no_tasks') })),
  ];
  if (canEdit) parts.push(addTaskForm(ctx, cat, m));
  parts.push(noticeBox(m));
  if (canEdit) {
    const del = el('button', { type: 'button', class: 'secondary', id: 'meeting-delete', disabled: tasks.length > 0 }, t('mtg.delete'));
    const errs = el('div');
    del.addEventListener('click', async () => {
      if (!window.confirm(t('mtg.delete_confirm', { title: m.title }))) return;
      clear(errs);
      try {
        await api.send('DELETE', `/api/meetings/${m.id}`);
        toast(t('mtg.deleted'));
        ctx.go('meetings');
      } catch (e) {
        errs.append(errorBox(e));
      }
    });
    parts.push(el('div', { class: 'form-actions no-print' },
      el('a', { href: hashFor('meeting', { id: m.id, edit: 1 }), class: 'button', id: 'meeting-edit' }, t('mtg.edit')), del,
      tasks.length ? el('span', { class: 'hint' }, t('mtg.delete_note')) : null), errs);
  }
  append(box, parts);
  loading(agendaBox);
  try {
    const ag = await api.get(`/api/meetings/${m.id}/agenda`);
    if (ctx.stale()) return;
    const items = ag.items || [];
    append(clear(agendaBox), el('h2', { id: 'meeting-agenda-h' }, t('mtg.agenda', { open: ag.open ?? items.length, over: ag.overdue ?? 0 })),
      items.length ? taskTable({ tasks: items, me: ctx.me, ctx,
        extra: [{ label: t('mtg.agenda_from'), render: (k) => (k.from_meeting
          ? el('a', { href: hashFor('meeting', { id: k.from_meeting.id }) }, `${k.from_meeting.title} (${date(k.from_meeting.date)})`) : '') }] })
        : el('p', null, t('mtg.agenda_none')));
  } catch (e) {
    clear(agendaBox).append(errorBox(e));
  }
}

/** The "assign a task" form of a meeting: POST /api/tasks {meeting, ...}. */
function addTaskForm(ctx, cat, m) {
  const wards = cat.unitList.filter((u) => u.code !== m.unit);
  const leadSel = el('select', { name: 'lead_unit', required: true },
    el('optgroup', { label: t('mtg.t.lead_units') }, wards.map((u) => el('option', { value: 'u:' + u.code }, `${unitName(u)} (${u.code})`))),
    el('optgroup', { label: t('mtg.t.lead_agencies') }, cat.agencyList.map((a) => el('option', { value: 'a:' + a.code }, `${a.name} (${a.code})`))));
  const form = el('form', { id: 'task-add-form', class: 'tform-grid', novalidate: true },
    el('div', { class: 'wide' }, field(t('mtg.t.content'), el('textarea', { name: 'content', rows: '3', required: true }))),
    field(t('mtg.t.lead'), leadSel),
    field(t('mtg.t.due'), el('input', { type: 'text', name: 'due', required: true, autocomplete: 'off', placeholder: '31/07/2022' }), t('mtg.t.due_hint')),
    multiField(t('mtg.t.coord_units'), 'coord_units', wards.map((u) => ({ value: u.code, label: `${unitName(u)} (${u.code})` })), []),
    multiField(t('mtg.t.coord_agencies'), 'coord_agencies', agencyOptions(cat), []),
    selectField(t('mtg.t.priority'), 'priority', PRIORITIES.map((p) => ({ value: p, label: t('prio.' + p) })), 'normal'),
    multiField(t('mtg.t.indicators'), 'indicators', indicatorOptions(cat), m.indicators || []),
    el('div', { class: 'form-actions wide' }, el('button', { type: 'submit', class: 'primary' }, t('mtg.t.save'))));
  wire(form, async (f) => {
    const e = f.elements;
    const lead = e.lead_unit.value;
    const data = {
      meeting: m.id, content: e.content.value, due: e.due.value.trim(), priority: e.priority.value,
      coord_units: selectedValues(e.coord_units), coord_agencies: selectedValues(e.coord_agencies),
      indicators: selectedValues(e.indicators),
    };
    if (lead.startsWith('a:')) data.lead_agency = lead.slice(2);
    else data.lead_unit = lead.slice(2);
    const k = await api.send('POST', '/api/tasks', data);
    toast(t('mtg.t.saved', { id: k.id }));
    ctx.go('meeting', { id: m.id });
  });
  return el('section', { class: 'panel no-print', id: 'meeting-add-task', 'aria-labelledby': 'meeting-add-task-h' },
    el('h2', { id: 'meeting-add-task-h' }, t('mtg.add_task')), form);
}

/** Links to the notice (printable HTML, text, Markdown) and its text, loaded when opened. */
function noticeBox(m) {
  const base = `/api/meetings/${m.id}/notice`;
  const slug = `thong-bao-ket-luan-${m.id}`;
  const pre = el('pre', { class: 'notice', id: 'meeting-notice-text' });
  const details = el('details', { id: 'meeting-notice-details' }, el('summary', null, t('mtg.notice_show')), pre);
  details.addEventListener('toggle', async () => {
    if (!details.open || pre.dataset.loaded) return;
    pre.textContent = t('ui.loading');
    try {
      pre.textContent = await getText(`${base}?format=text`);
      pre.dataset.loaded = '1';
    } catch (e) {
      pre.replaceWith(errorBox(e));
    }
  });
  return el('section', { id: 'meeting-notice', 'aria-labelledby': 'meeting-notice-h' },
    el('h2', { id: 'meeting-notice-h' }, t('mtg.notice')),
    el('div', { class: 'downloads no-print' },
      el('a', { href: `${base}?format=html`, target: '_blank', rel: 'noopener', class: 'button', id: 'notice-html' }, t('mtg.notice_print')),
      el('a', { href: `${base}?format=pdf`, download: `${slug}.pdf`, class: 'button', id: 'notice-pdf' }, t('mtg.notice_pdf')),
      el('a', { href: `${base}?format=docx`, download: `${slug}.docx`, class: 'button', id: 'notice-docx' }, t('mtg.notice_docx')),
      el('a', { href: `${base}?format=text`, download: `${slug}.txt`, class: 'button', id: 'notice-text' }, t('mtg.notice_txt')),
      el('a', { href: `${base}?format=markdown`, download: `${slug}.md`, class: 'button', id: 'notice-md' }, t('mtg.notice_md'))),
    details);
}
