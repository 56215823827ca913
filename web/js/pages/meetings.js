// pages/meetings.js - the meetings list (#/meetings?unit=&kind=&from=&to=): meetings
// of the units the user may see (GET /api/meetings, newest first) with filters by
// unit, kind and dates kept in the URL, each row opening #/meeting?id=; a "new
// meeting" link for leaders and administrators (the server checks the unit).
// Not for: one meeting, its tasks or its forms (meeting.js).
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, append, clear, table, errorBox, loading, field, unitName } from '../ui.js';
import { date } from '../fmt.js';
import { hashFor } from '../app.js';
import { ensureTasksCss, loadCatalog, selectField, MEETING_KINDS, ASSIGN_ROLES, meetingKindLabel, meetingPeriodLabel }
  from './_tasks_util.js';

addStrings({
  vi: {
    'mtgs.title': 'Cuộc họp', 'mtgs.new': 'Tạo cuộc họp mới', 'mtgs.unit': 'Đơn vị tổ chức', 'mtgs.all_units': 'Mọi đơn vị',
    'mtgs.kind': 'Loại cuộc họp', 'mtgs.all_kinds': 'Mọi loại', 'mtgs.from': 'Từ ngày', 'mtgs.to': 'Đến ngày',
    'mtgs.col.date': 'Ngày họp', 'mtgs.col.title': 'Tên cuộc họp', 'mtgs.col.kind': 'Loại', 'mtgs.col.unit': 'Đơn vị',
    'mtgs.col.period': 'Kỳ xem xét', 'mtgs.none': 'Chưa có cuộc họp nào.', 'mtgs.count': '{n} cuộc họp',
    'mtgs.caption': 'Các cuộc họp, mới nhất trước', 'mtgs.tasks_link': 'Nhiệm vụ của đơn vị tôi',
  },
  en: {
    'mtgs.title': 'Meetings', 'mtgs.new': 'New meeting', 'mtgs.unit': 'Holding unit', 'mtgs.all_units': 'All units',
    'mtgs.kind': 'Kind', 'mtgs.all_kinds': 'All kinds', 'mtgs.from': 'From', 'mtgs.to': 'To',
    'mtgs.col.date': 'Date', 'mtgs.col.title': 'Title', 'mtgs.col.kind': 'Kind', 'mtgs.col.unit': 'Unit',
    'mtgs.col.period': 'Period reviewed', 'mtgs.none': 'No meetings yet.', 'mtgs.count': '{n} meetings',
    'mtgs.caption': 'Meetings, newest first', 'mtgs.tasks_link': 'My unit\'s tasks',
  },
});

export async function render(root, ctx) {
  ensureTasksCss();
  const p = ctx.params;
  const state = { unit: p.get('unit') || '', kind: p.get('kind') || '', from: p.get('from') || '', to: p.get('to') || '' };
  const reload = (ch) => ctx.go('meetings', { ...state, ...ch });
  const canCreate = ASSIGN_ROLES.includes(ctx.me?.role);
  const body = el('div');
  append(root, el('h1', null, t('mtgs.title')),
    el('p', { class: 'no-print' },
      canCreate ? [el('a', { href: hashFor('meeting', { new: 1 }), class: 'button', id: 'meeting-new' }, t('mtgs.new')), ' '] : null,
      el('a', { href: hashFor('tasks') }, t('mtgs.tasks_link'))),
    body);
  loading(body);
  let cat;
  let items;
  try {
    cat = await loadCatalog(ctx.me);
    items = await api.all('/api/meetings', state);
  } catch (e) {
    clear(body).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const dateInput = (name, label) => field(label, el('input', { type: 'date', name, value: state[name],
    onchange: (ev) => reload({ [name]: ev.target.value }) }));
  const tools = el('div', { class: 'toolbar no-print' },
    selectField(t('mtgs.unit'), 'unit', [{ value: '', label: t('mtgs.all_units') },
      ...cat.unitList.map((u) => ({ value: u.code, label: unitName(u) }))], state.unit, { onchange: (ev) => reload({ unit: ev.target.value }) }),
    selectField(t('mtgs.kind'), 'kind', [{ value: '', label: t('mtgs.all_kinds') },
      ...MEETING_KINDS.map((k) => ({ value: k, label: t('mk.' + k) }))], state.kind, { onchange: (ev) => reload({ kind: ev.target.value }) }),
    dateInput('from', t('mtgs.from')), dateInput('to', t('mtgs.to')));
  const columns = [
    { label: t('mtgs.col.title'), sticky: true, render: (m) => el('a', { href: hashFor('meeting', { id: m.id }), tabindex: '-1' }, m.title) },
    { label: t('mtgs.col.date'), render: (m) => `${date(m.date)}${m.time ? ' ' + m.time : ''}` },
    { label: t('mtgs.col.kind'), render: meetingKindLabel },
    { label: t('mtgs.col.unit'), render: (m) => m.unit_name || m.unit },
    { label: t('mtgs.col.period'), render: meetingPeriodLabel },
  ];
  append(clear(body), tools, el('p', { class: 'summary', id: 'meetings-count' }, t('mtgs.count', { n: items.length })),
    table({ columns, rows: items, caption: t('mtgs.caption'), empty: t('mtgs.none'),
      onOpen: (m) => ctx.go('meeting', { id: m.id }), rowAttrs: (m) => ({ 'data-id': String(m.id) }) }));
}
