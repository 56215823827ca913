// pages/due.js - "what is due" for the logged-in user (#/due): the entries still
// missing (unit x indicator x period, from GET /api/due), late ones first with how
// many days late and whether entry is still open, then those due soon; each with a
// link to the data-entry page of its unit and period; a search box and a window
// choice (days ahead, months back) kept in the URL.
// Accounts without an enter scope (leaders, viewers, an administrator with view
// scopes only) get instead the units under their view scope that still owe figures
// (GET /api/completeness: months past their deadline, nothing or part entered), with
// a link to the whole table (#/reporting); a note when they have no view scope.
// Not for: deciding what is due (the server does) or entering values (entry page).
import { api } from '../api.js';
import { t, addStrings, lang } from '../i18n.js';
import { el, append, clear, table, errorBox, loading, field, searchBox } from '../ui.js';
import { date, periodLabel, monthCode } from '../fmt.js';
import { matches } from '../search.js';
import { hashFor } from '../app.js';

addStrings({
  vi: {
    'due.title': 'Việc cần nhập số liệu', 'due.intro': 'Các số liệu bạn phụ trách còn thiếu, tính đến ngày {today}.',
    'due.late': 'Quá hạn ({n})', 'due.soon': 'Sắp đến hạn ({n})', 'due.none_late': 'Không có số liệu nào quá hạn.',
    'due.none_soon': 'Không có số liệu nào sắp đến hạn.', 'due.nothing': 'Tài khoản này không có quyền nhập số liệu (không được giao đơn vị để nhập) nên không có việc cần nhập.',
    'due.col.unit': 'Đơn vị', 'due.col.indicator': 'Chỉ tiêu', 'due.col.period': 'Kỳ', 'due.col.deadline': 'Hạn',
    'due.col.when': 'Còn / quá', 'due.col.action': 'Nhập', 'due.days_late': 'quá {n} ngày', 'due.days_left': 'còn {n} ngày',
    'due.today': 'hôm nay', 'due.enter': 'Nhập số liệu', 'due.closed': 'Đã khóa – đề nghị quản trị mở lại',
    'due.days': 'Sắp đến hạn trong', 'due.days_n': '{n} ngày', 'due.months': 'Quá hạn tính từ', 'due.months_n': '{n} tháng trước',
    'due.search': 'Lọc theo chỉ tiêu, đơn vị', 'due.truncated': 'Chỉ hiện {n} dòng đầu; thu hẹp khoảng thời gian để xem hết.',
    'due.summary': '{late} quá hạn, {soon} sắp đến hạn',
    'due.owing_title': 'Đơn vị còn nợ số liệu ({n})', 'due.owing_intro': 'Các đơn vị trực thuộc {unit} chưa gửi đủ số liệu đã quá hạn, năm {year}, tính đến ngày {today}.',
    'due.owing_none': 'Không đơn vị nào còn nợ số liệu đã quá hạn.', 'due.owing_table': 'Xem bảng gửi số liệu cả năm',
    'due.col.state': 'Tình hình', 'due.nothing_of': 'chưa nhập (0/{n})', 'due.partly_of': 'mới nhập {e}/{n}',
  },
  en: {
    'due.title': 'Entries due', 'due.intro': 'The figures you are responsible for that are still missing, as of {today}.',
    'due.late': 'Late ({n})', 'due.soon': 'Due soon ({n})', 'due.none_late': 'Nothing is late.',
    'due.none_soon': 'Nothing is due soon.', 'due.nothing': 'This account may not enter figures (no units to enter for), so nothing is due.',
    'due.col.unit': 'Unit', 'due.col.indicator': 'Indicator', 'due.col.period': 'Period', 'due.col.deadline': 'Deadline',
    'due.col.when': 'Left / late', 'due.col.action': 'Enter', 'due.days_late': '{n} days late', 'due.days_left': '{n} days left',
    'due.today': 'today', 'due.enter': 'Enter figures', 'due.closed': 'Closed – ask an administrator to reopen',
    'due.days': 'Due within', 'due.days_n': '{n} days', 'due.months': 'Late since', 'due.months_n': '{n} months ago',
    'due.search': 'Filter by indicator or unit', 'due.truncated': 'Only the first {n} rows are shown; narrow the window to see all.',
    'due.summary': '{late} late, {soon} due soon',
    'due.owing_title': 'Units still owing figures ({n})', 'due.owing_intro': 'The units under {unit} that have not sent all their figures past the deadline, year {year}, as of {today}.',
    'due.owing_none': 'No unit owes figures past their deadline.', 'due.owing_table': 'See the whole year\'s table',
    'due.col.state': 'State', 'due.nothing_of': 'nothing (0/{n})', 'due.partly_of': '{e}/{n} entered',
  },
});

const ENTRY_ROLES = ['admin', 'department', 'ward'];

/** A leader's due list: the units under `unit` that still owe figures past their deadline. */
async function owing(root, ctx, unit) {
  const body = el('div');
  append(root, el('h1', null, t('due.title')), body);
  loading(body);
  let ans;
  try {
    ans = await api.get('/api/completeness', { unit });
  } catch (e) {
    clear(body).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const rows = [];
  for (const u of ans.units)
    for (const c of u.cells)
      if (c.due && (c.state === 'nothing' || c.state === 'partly')) rows.push({ ...c, code: u.code, name: u.name });
  rows.sort((a, b) => a.month - b.month || a.name.localeCompare(b.name, 'vi'));
  const columns = [
    { label: t('due.col.unit'), sticky: true, render: (r) => [r.name, ' ', el('span', { class: 'code' }, r.code)] },
    { label: t('due.col.period'), render: (r) => periodLabel(monthCode(ans.year, r.month), lang()) },
    { label: t('due.col.state'), render: (r) => (r.state === 'nothing' ? t('due.nothing_of', { n: r.owed })
      : t('due.partly_of', { e: r.entered, n: r.owed })) },
    { label: t('due.col.deadline'), render: (r) => date(r.deadline) },
  ];
  append(clear(body), el('p', null, t('due.owing_intro', { unit, year: ans.year, today: date(ans.today) })),
    el('section', { id: 'due-owing', 'aria-labelledby': 'due-owing-h' },
      el('h2', { id: 'due-owing-h' }, t('due.owing_title', { n: rows.length })),
      table({ columns, rows, empty: t('due.owing_none'), rowAttrs: (r) => ({ 'data-key': `${r.code}/${r.month}` }) })),
    el('p', null, el('a', { href: hashFor('reporting', { unit, year: ans.year }) }, t('due.owing_table'))));
}

function whenText(it) {
  if (it.days_left < 0) return t('due.days_late', { n: -it.days_left });
  if (it.days_left === 0) return t('due.today');
  return t('due.days_left', { n: it.days_left });
}

export async function render(root, ctx) {
  const params = ctx.params;
  const days = params.get('days') || '10';
  const months = params.get('months') || '3';
  let q = params.get('q') || '';
  const h1 = el('h1', null, t('due.title'));
  if (!ENTRY_ROLES.includes(ctx.me?.role) || !(ctx.me?.scopes || []).some((s) => s.kind === 'enter')) {
    const view = (ctx.me?.scopes || []).find((s) => s.kind === 'view');
    if (!view) {
      root.append(h1, el('p', { class: 'note' }, t('due.nothing')));
      return;
    }
    await owing(root, ctx, view.unit);
    return;
  }
  const reload = (ch) => ctx.go('due', { days, months, q, ...ch });
  const pick = (name, label, values, cur, text) => {
    const sel = el('select', { name, onchange: () => reload({ [name]: sel.value }) },
      values.map((v) => el('option', { value: String(v), selected: String(v) === cur }, text(v))));
    return field(label, sel);
  };
  const tools = el('div', { class: 'toolbar no-print' },
    pick('days', t('due.days'), [0, 5, 10, 20, 31], days, (n) => t('due.days_n', { n })),
    pick('months', t('due.months'), [0, 1, 3, 6, 12], months, (n) => t('due.months_n', { n })),
    searchBox({ value: q, label: t('due.search'), onInput: (v) => { q = v; show(); } }));
  const body = el('div');
  append(root, h1, tools, body);
  loading(body);
  let ans;
  try {
    ans = await api.get('/api/due', { days, months, limit: 1000 });
  } catch (e) {
    clear(body).append(errorBox(e));
    return;
  }
  if (ctx.stale()) return;

  const indName = (it) => (lang() === 'en' && it.indicator_name_en ? it.indicator_name_en : it.indicator_name);
  const columns = [
    { label: t('due.col.indicator'), sticky: true, render: (it) => [indName(it), ' ', el('span', { class: 'code' }, it.indicator)] },
    { label: t('due.col.unit'), render: (it) => `${it.unit_type_label} ${it.unit_name}` },
    { label: t('due.col.period'), render: (it) => (lang() === 'vi' ? it.label : periodLabel(it.period, 'en')) },
    { label: t('due.col.deadline'), render: (it) => date(it.deadline) },
    { label: t('due.col.when'), render: (it) => el('span', { class: it.late ? 'late-text' : '' }, whenText(it)) },
    { label: t('due.col.action'), render: (it) => (it.open
      ? el('a', { href: hashFor('entry', { unit: it.unit, period: it.period }), class: 'button small' }, t('due.enter'))
      : el('span', { class: 'closed-text' }, t('due.closed'))) },
  ];
  const lateBox = el('section', { id: 'due-late', 'aria-labelledby': 'due-late-h' });
  const soonBox = el('section', { id: 'due-soon', 'aria-labelledby': 'due-soon-h' });
  const sum = el('p', { class: 'summary', id: 'due-summary' });
  function show() {
    const items = ans.items.filter((it) => matches(q, [it.indicator_name, it.indicator_name_en, it.indicator, it.unit_name, it.unit]));
    const late = items.filter((it) => it.late);
    const soon = items.filter((it) => !it.late);
    sum.textContent = t('due.summary', { late: ans.late, soon: ans.due });
    append(clear(lateBox), el('h2', { id: 'due-late-h' }, t('due.late', { n: late.length })),
      table({ columns, rows: late, empty: t('due.none_late'), rowAttrs: (it) => ({ 'data-key': `${it.unit}/${it.indicator}/${it.period}`, class: 'late' }) }));
    append(clear(soonBox), el('h2', { id: 'due-soon-h' }, t('due.soon', { n: soon.length })),
      table({ columns, rows: soon, empty: t('due.none_soon'), rowAttrs: (it) => ({ 'data-key': `${it.unit}/${it.indicator}/${it.period}` }) }));
    const h = hashFor('due', { days, months, q });
    if (window.location.hash !== h) history.replaceState(null, '', h);
  }
  append(clear(body), el('p', null, t('due.intro', { today: date(ans.today) })), sum,
    ans.truncated ? el('p', { class: 'note' }, t('due.truncated', { n: ans.items.length })) : null,
    lateBox, soonBox);
  show();
}
