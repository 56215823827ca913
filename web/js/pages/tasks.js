// pages/tasks.js - "my unit's tasks" (#/tasks?unit=&role=&status=&within=&q=): the
// tasks the user may see (GET /api/tasks: as lead, as coordinator, or as the
// assigning government), overdue first, with status colour and label, filters by
// unit and role, status and "due within N days" (server side), an accent-free
// search (in the page), all kept in the URL; and the statistics per lead unit for
// a unit and period (GET /api/tasks/stats: counts and % done on time).
// Not for: one task's detail or forms (task.js), meetings (meetings.js), or any
// status rule (the server computes status on its "today").
import { api } from '../api.js';
import { t, addStrings, lang } from '../i18n.js';
import { el, append, clear, table, errorBox, loading, searchBox, unitName } from '../ui.js';
import { periodLabel, date } from '../fmt.js';
import { matches } from '../search.js';
import { hashFor } from '../app.js';
import { ensureTasksCss, loadCatalog, taskTable, selectField, TASK_STATUSES, periodPicker, roleOf }
  from './_tasks_util.js';
import { defaultUnit } from './_fallback.js';

addStrings({
  vi: {
    'tasks.title': 'Nhiệm vụ', 'tasks.intro': 'Nhiệm vụ của đơn vị bạn (chủ trì và phối hợp), quá hạn trước. Tình trạng tính đến ngày {today}.',
    'tasks.unit': 'Đơn vị', 'tasks.all_units': 'Mọi đơn vị tôi được xem', 'tasks.role': 'Vai trò',
    'tasks.role_any': 'Chủ trì và phối hợp', 'tasks.role_lead': 'Chủ trì', 'tasks.role_coord': 'Phối hợp',
    'tasks.status': 'Tình trạng', 'tasks.status_any': 'Mọi tình trạng', 'tasks.within': 'Đến hạn trong',
    'tasks.within_any': 'Không giới hạn', 'tasks.within_n': '{n} ngày tới', 'tasks.search': 'Tìm nhiệm vụ',
    'tasks.search_ph': 'ví dụ: thu ngan sach, song cau', 'tasks.summary': '{n} nhiệm vụ, {over} quá hạn',
    'tasks.list': 'Danh sách nhiệm vụ', 'tasks.stats': 'Thống kê theo đơn vị chủ trì',
    'tasks.stats_intro': 'Nhiệm vụ do {unit} giao hoặc do đơn vị trực thuộc chủ trì, tính đến ngày {asof}.',
    'tasks.stats_unit': 'Đơn vị', 'tasks.stats_period': 'Kỳ thống kê',
    'st.col.lead': 'Đơn vị chủ trì', 'st.col.total': 'Tổng số', 'st.col.on_time': 'Đúng hạn', 'st.col.late': 'Quá hạn đã xong',
    'st.col.in_progress': 'Đang làm trong hạn', 'st.col.overdue': 'Quá hạn chưa xong', 'st.col.pct': '% đúng hạn',
    'st.total_row': 'Tổng cộng', 'st.none': 'Không có nhiệm vụ nào trong kỳ này.',
    'tasks.meetings_link': 'Cuộc họp', 'tasks.none_match': 'Không có nhiệm vụ nào khớp bộ lọc.',
  },
  en: {
    'tasks.title': 'Tasks', 'tasks.intro': 'Tasks of your unit (lead and coordinating), overdue first. Status as of {today}.',
    'tasks.unit': 'Unit', 'tasks.all_units': 'All units I may see', 'tasks.role': 'Role',
    'tasks.role_any': 'Lead and coordinating', 'tasks.role_lead': 'Lead', 'tasks.role_coord': 'Coordinating',
    'tasks.status': 'Status', 'tasks.status_any': 'Any status', 'tasks.within': 'Due within',
    'tasks.within_any': 'Any time', 'tasks.within_n': 'next {n} days', 'tasks.search': 'Find a task',
    'tasks.search_ph': 'e.g. thu ngan sach, song cau', 'tasks.summary': '{n} tasks, {over} overdue',
    'tasks.list': 'Task list', 'tasks.stats': 'Statistics per lead unit',
    'tasks.stats_intro': 'Tasks assigned by {unit} or led by its units, as of {asof}.',
    'tasks.stats_unit': 'Unit', 'tasks.stats_period': 'Period',
    'st.col.lead': 'Lead unit', 'st.col.total': 'Total', 'st.col.on_time': 'On time', 'st.col.late': 'Done late',
    'st.col.in_progress': 'In progress', 'st.col.overdue': 'Overdue', 'st.col.pct': '% on time',
    'st.total_row': 'Total', 'st.none': 'No tasks in this period.',
    'tasks.meetings_link': 'Meetings', 'tasks.none_match': 'No task matches the filters.',
  },
});

export async function render(root, ctx) {
  ensureTasksCss();
  const p = ctx.params;
  const unit = p.get('unit') || '';
  const role = p.get('role') || '';
  const status = p.get('status') || '';
  const within = p.get('within') || '';
  let q = p.get('q') || '';
  const state = { unit, role, status, within, q, sunit: p.get('sunit') || '', speriod: p.get('speriod') || '' };
  const reload = (ch) => ctx.go('tasks', { ...state, q, ...ch });
  const h1 = el('h1', null, t('tasks.title'));
  const body = el('div');
  append(root, h1, body);
  loading(body);
  let cat;
  let ans;
  try {
    cat = await loadCatalog(ctx.me);
    const query = { status, due_within: within };
    if (unit) Object.assign(query, { unit, role });
    ans = await api.get('/api/tasks', { ...query, limit: 1000 });
  } catch (e) {
    clear(body).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;

  const tools = el('div', { class: 'toolbar no-print', role: 'search' },
    selectField(t('tasks.unit'), 'unit', [{ value: '', label: t('tasks.all_units') },
      ...cat.unitList.map((u) => ({ value: u.code, label: unitName(u) }))], unit, { onchange: (ev) => reload({ unit: ev.target.value }) }),
    selectField(t('tasks.role'), 'role', [{ value: '', label: t('tasks.role_any') }, { value: 'lead', label: t('tasks.role_lead') },
      { value: 'coord', label: t('tasks.role_coord') }], role, { onchange: (ev) => reload({ role: ev.target.value }) }),
    selectField(t('tasks.status'), 'status', [{ value: '', label: t('tasks.status_any') },
      ...TASK_STATUSES.map((s) => ({ value: s, label: t('ts.' + s) }))], status, { onchange: (ev) => reload({ status: ev.target.value }) }),
    selectField(t('tasks.within'), 'within', [{ value: '', label: t('tasks.within_any') },
      ...[7, 14, 30, 60, 90].map((n) => ({ value: String(n), label: t('tasks.within_n', { n }) }))], within,
      { onchange: (ev) => reload({ within: ev.target.value }) }),
    searchBox({ value: q, label: t('tasks.search'), placeholder: t('tasks.search_ph'), onInput: (v) => { q = v; show(); } }));

  const sum = el('p', { class: 'summary', id: 'tasks-summary', 'aria-live': 'polite' });
  const listBox = el('div', { id: 'tasks-list' });
  const items = ans.items || [];
  function show() {
    // role without a unit: the user's own part in each task (the server needs a unit for role)
    const rank = (k) => { const i = TASK_STATUSES.indexOf(k.status); return i < 0 ? 9 : i; };
    const rows = items.filter((k) => (unit || !role || roleOf(k, ctx.me) === role)
      && matches(q, [k.content, k.lead_name, k.lead, ...(k.coord_units || []), ...(k.coord_agencies || []), k.due_text, String(k.id)]))
      .map((k, i) => [k, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([k]) => k); // stable
    sum.textContent = t('tasks.summary', { n: rows.length, over: rows.filter((k) => k.status === 'overdue').length });
    append(clear(listBox), taskTable({ tasks: rows, me: ctx.me, ctx, caption: t('tasks.list'),
      empty: items.length ? t('tasks.none_match') : null }));
    const h = hashFor('tasks', { ...state, q });
    if (window.location.hash !== h) history.replaceState(null, '', h);
  }

  const statsBox = el('section', { id: 'tasks-stats', 'aria-labelledby': 'tasks-stats-h' });
  append(clear(body),
    el('p', null, t('tasks.intro', { today: date(ans.today) }),
      ' ', el('a', { href: hashFor('meetings') }, t('tasks.meetings_link'))),
    tools, sum, listBox, statsBox);
  show();
  await renderStats(statsBox, ctx, cat, state, ans.today);
}

/** The statistics section: a unit and a period, then GET /api/tasks/stats. */
async function renderStats(box, ctx, cat, state, todayIso) {
  const units = cat.unitList;
  if (!units.length) return;
  const sunit = state.sunit && units.some((u) => u.code === state.sunit) ? state.sunit : defaultUnit(ctx.me, units);
  const speriod = state.speriod || String((todayIso || '').slice(0, 4) || new Date().getFullYear());
  const go = (ch) => ctx.go('tasks', { ...state, sunit, speriod, ...ch });
  const out = el('div', { id: 'tasks-stats-table' });
  append(clear(box), el('h2', { id: 'tasks-stats-h' }, t('tasks.stats')),
    el('div', { class: 'toolbar no-print' },
      selectField(t('tasks.stats_unit'), 'sunit', units.map((u) => ({ value: u.code, label: unitName(u) })), sunit,
        { onchange: (ev) => go({ sunit: ev.target.value }) }),
      periodPicker({ value: speriod, name: 'speriod', label: t('tasks.stats_period'), onChange: (c) => go({ speriod: c }) })),
    out);
  loading(out);
  let st;
  try {
    st = await api.get('/api/tasks/stats', { unit: sunit, period: speriod });
  } catch (e) {
    clear(out).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const cols = [
    { label: t('st.col.lead'), sticky: true, render: (r) => r.name || r.code },
    { label: t('st.col.total'), num: true, key: 'total' },
    { label: t('st.col.on_time'), num: true, key: 'done_on_time' },
    { label: t('st.col.late'), num: true, key: 'done_late' },
    { label: t('st.col.in_progress'), num: true, key: 'in_progress' },
    { label: t('st.col.overdue'), num: true, key: 'overdue' },
    { label: t('st.col.pct'), num: true, render: (r) => r.pct_on_time_text || '–' },
  ];
  const rows = [...(st.items || [])];
  const unitObj = cat.units.get(sunit);
  const plabel = lang() === 'vi' && st.period_label ? st.period_label : periodLabel(st.period, lang());
  append(clear(out),
    el('p', null, t('tasks.stats_intro', { unit: unitObj ? unitName(unitObj) : sunit, asof: date(st.as_of) })),
    table({ columns: cols, rows: st.summary && rows.length ? [...rows, { ...st.summary, name: t('st.total_row'), total_row: true }] : rows,
      caption: `${t('tasks.stats')} – ${plabel}`, empty: t('st.none'),
      rowAttrs: (r) => ({ class: r.total_row ? 'stats-sum' : null, 'data-code': r.code || 'total' }) }));
}

