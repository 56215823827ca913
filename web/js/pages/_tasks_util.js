// pages/_tasks_util.js - what the meetings, tasks and reports pages (and the
// dashboard's tasks section) share: their strings, task status badges (colour and
// label), meeting kinds, the catalogue of names (units, agencies, indicators) used
// to label codes, "my role" in a task (lead or coordinating), the deadline text,
// the task table, a period picker (month, quarter, 6 and 9 months, year), labelled
// selects and multi-selects named like the API's fields, reading a file as base64,
// and loading css/tasks.css.
// Not for: deciding who may do what (the server does; pages show its 403) or any
// status rule (the server computes status; pages only show it).
import { api } from '../api.js';
import { t, addStrings, lang, nameOf } from '../i18n.js';
import { el, table, field, unitName } from '../ui.js';
import { periodLabel, date, pad2, num } from '../fmt.js';
import { hashFor } from '../app.js';
import { selectField as formSelect } from './_forms.js';

addStrings({
  vi: {
    'ts.done_on_time': 'Hoàn thành đúng hạn', 'ts.done_late': 'Hoàn thành quá hạn',
    'ts.in_progress': 'Đang thực hiện trong hạn', 'ts.overdue': 'Quá hạn chưa hoàn thành', 'ts.cancelled': 'Đã hủy',
    'mk.monthly': 'Giao ban tháng', 'mk.quarterly': 'Họp sơ kết quý', 'mk.council': 'Kỳ họp Hội đồng nhân dân',
    'mk.visit': 'Làm việc với đoàn công tác cấp trên', 'mk.thematic': 'Họp chuyên đề',
    'prio.normal': 'Thường', 'prio.high': 'Quan trọng', 'prio.urgent': 'Khẩn',
    'trole.lead': 'chủ trì', 'trole.coord': 'phối hợp',
    'tk.col.content': 'Nội dung', 'tk.col.status': 'Tình trạng', 'tk.col.lead': 'Chủ trì', 'tk.col.role': 'Vai trò',
    'tk.col.due': 'Thời hạn', 'tk.col.percent': 'Tiến độ', 'tk.col.coord': 'Phối hợp',
    'tk.days_late': 'quá {n} ngày', 'tk.days_left': 'còn {n} ngày', 'tk.due_today': 'hạn hôm nay',
    'tk.extended': 'đã gia hạn', 'tk.none': 'Không có nhiệm vụ nào.',
    'pp.kind': 'Loại kỳ', 'pp.month': 'Tháng', 'pp.quarter': 'Quý', 'pp.S1': '6 tháng đầu năm', 'pp.N9': '9 tháng đầu năm',
    'pp.year': 'Năm', 'pp.which_month': 'Tháng', 'pp.which_quarter': 'Quý', 'pp.period': 'Kỳ',
    'tu.any': '(tất cả)', 'tu.none': '(không có)', 'tu.multi_hint': 'Giữ Ctrl (hoặc Cmd) để chọn nhiều.',
  },
  en: {
    'ts.done_on_time': 'Done on time', 'ts.done_late': 'Done late',
    'ts.in_progress': 'In progress', 'ts.overdue': 'Overdue', 'ts.cancelled': 'Cancelled',
    'mk.monthly': 'Monthly briefing', 'mk.quarterly': 'Quarterly review', 'mk.council': 'Council session',
    'mk.visit': 'Working visit from above', 'mk.thematic': 'Thematic meeting',
    'prio.normal': 'Normal', 'prio.high': 'High', 'prio.urgent': 'Urgent',
    'trole.lead': 'lead', 'trole.coord': 'coordinating',
    'tk.col.content': 'Task', 'tk.col.status': 'Status', 'tk.col.lead': 'Lead', 'tk.col.role': 'Role',
    'tk.col.due': 'Deadline', 'tk.col.percent': 'Progress', 'tk.col.coord': 'Coordinating',
    'tk.days_late': '{n} days late', 'tk.days_left': '{n} days left', 'tk.due_today': 'due today',
    'tk.extended': 'extended', 'tk.none': 'No tasks.',
    'pp.kind': 'Period type', 'pp.month': 'Month', 'pp.quarter': 'Quarter', 'pp.S1': 'First 6 months', 'pp.N9': 'First 9 months',
    'pp.year': 'Year', 'pp.which_month': 'Month', 'pp.which_quarter': 'Quarter', 'pp.period': 'Period',
    'tu.any': '(all)', 'tu.none': '(none)', 'tu.multi_hint': 'Hold Ctrl (or Cmd) to pick several.',
  },
});

/** Task status codes of the API (core/task.c), overdue first as the lists show them. */
export const TASK_STATUSES = ['overdue', 'in_progress', 'done_late', 'done_on_time', 'cancelled'];
/** Meeting kinds of the API. */
export const MEETING_KINDS = ['monthly', 'quarterly', 'council', 'visit', 'thematic'];
/** Task priorities of the API. */
export const PRIORITIES = ['normal', 'high', 'urgent'];
/** Roles that may hold meetings and assign tasks (the server checks the unit too). */
export const ASSIGN_ROLES = ['admin', 'leader'];

/** Adds <link rel=stylesheet href="css/tasks.css"> once (CSP allows 'self' styles). */
export function ensureTasksCss() {
  if (document.getElementById('tasks-css')) return;
  document.head.appendChild(el('link', { rel: 'stylesheet', href: 'css/tasks.css', id: 'tasks-css' }));
}

/** A task status badge: colour class ts-<status> and the text label. */
export function taskBadge(status, label) {
  const s = TASK_STATUSES.includes(status) ? status : 'in_progress';
  return el('span', { class: `badge ts-${s}`, 'data-status': s },
    lang() === 'vi' && label ? label : t('ts.' + s));
}

/** A meeting's kind in the current language: the server's label in Vietnamese, ours in English. */
export function meetingKindLabel(m) {
  return lang() === 'vi' ? m.kind_label : t('mk.' + m.kind);
}

/** The period a meeting reviews, in the current language ('' for none). */
export function meetingPeriodLabel(m) {
  if (!m.period) return '';
  return lang() === 'vi' && m.period_label ? m.period_label : periodLabel(m.period, lang());
}

let catalogCache = null;
let catalogKey = '';

/**
 * Names for codes: {units: Map code->unit, agencies: Map, indicators: Map,
 * unitList (visible units, parent first), agencyList, indicatorList}. Loaded once
 * per logged-in user; a failed part stays empty (codes are then shown as codes).
 */
export async function loadCatalog(me) {
  const key = me?.user?.login || '';
  if (catalogCache && catalogKey === key) return catalogCache;
  catalogKey = key;
  catalogCache = (async () => {
    const safe = (p) => p.catch(() => []);
    const [units, agencies, indicators] = await Promise.all([
      safe(api.all('/api/units')), safe(api.all('/api/agencies')), safe(api.all('/api/indicators'))]);
    return {
      unitList: units, agencyList: agencies, indicatorList: indicators,
      units: new Map(units.map((u) => [u.code, u])),
      agencies: new Map(agencies.map((a) => [a.code, a])),
      indicators: new Map(indicators.map((i) => [i.code, i])),
    };
  })();
  return catalogCache;
}

/** "phường Sông Cầu" for a unit code, the agency's name for an agency code, else the code. */
export function partyName(code, cat) {
  if (!code) return '';
  const u = cat?.units.get(code);
  if (u) return unitName(u);
  const a = cat?.agencies.get(code);
  return a ? nameOf(a) : code;
}

/** The indicator's name (current language) or its code. */
export function indicatorName(code, cat) {
  const i = cat?.indicators.get(code);
  return i ? nameOf(i) : code;
}

/** The unit codes of the user's scopes. */
export function myUnits(me) {
  return (me?.scopes || []).map((s) => s.unit);
}

/**
 * The user's part in a task: 'lead' (their unit or agency leads it), 'coord'
 * (coordinates), or null (they see it as assigner or through a parent unit).
 */
export function roleOf(task, me) {
  const units = myUnits(me);
  const agency = me?.user?.agency || '';
  if ((task.lead_unit && units.includes(task.lead_unit)) || (agency && task.lead_agency === agency)) return 'lead';
  if ((task.coord_units || []).some((c) => units.includes(c)) || (agency && (task.coord_agencies || []).includes(agency)))
    return 'coord';
  return null;
}

/** A small tag "chủ trì" / "phối hợp" (null when no role). */
export function roleTag(role) {
  return role ? el('span', { class: `role-tag ${role}` }, t('trole.' + role)) : null;
}

/** The deadline as the server words it in Vietnamese ("tháng 7/2022 (31/07/2022)"), in English a label and date. */
export function dueLabel(task) {
  if (lang() === 'vi' && task.due_text) return task.due_text;
  if (task.due_period) return `${periodLabel(task.due_period, lang())} (${date(task.due)})`;
  return date(task.due);
}

/** "quá 5 ngày" / "còn 3 ngày" for an open task; '' otherwise. */
export function daysText(task) {
  if (task.state !== 'open' || task.days_left === null || task.days_left === undefined) return '';
  // counts in the Vietnamese format too: "quá 1.605 ngày"
  if (task.days_left < 0) return t('tk.days_late', { n: num(-task.days_left, 0) });
  if (task.days_left === 0) return t('tk.due_today');
  return t('tk.days_left', { n: num(task.days_left, 0) });
}

/** A progress bar (decorative) and the percent as text. */
export function percentCell(p) {
  const n = Math.max(0, Math.min(100, Number(p) || 0));
  return [el('span', { class: 'progress-bar', 'aria-hidden': 'true' },
    el('span', { class: `pct-${Math.round(n / 10) * 10}` })), `${n}%`];
}

/**
 * A table of tasks: content (a link to #/task?id=), status badge, lead, the user's
 * role, deadline with days left or late, progress. Rows open the task detail.
 * opts: {tasks, me, cat, ctx, caption, empty, columns: extra columns appended}.
 */
export function taskTable({ tasks, me, ctx, caption, empty, extra = [] }) {
  const columns = [
    { label: t('tk.col.content'), sticky: true, render: (k) => [
      el('a', { href: hashFor('task', { id: k.id }), class: 'task-content', tabindex: '-1' }, k.content),
      el('span', { class: 'task-meta' }, `#${k.id}`, k.priority && k.priority !== 'normal' ? ` · ${t('prio.' + k.priority)}` : '')] },
    { label: t('tk.col.status'), render: (k) => taskBadge(k.status, k.status_label) },
    { label: t('tk.col.lead'), render: (k) => k.lead_name || k.lead },
    tasks.some((k) => roleOf(k, me)) ? { label: t('tk.col.role'), render: (k) => roleTag(roleOf(k, me)) } : null,
    { label: t('tk.col.due'), render: (k) => [dueLabel(k),
      el('span', { class: ['task-meta', k.status === 'overdue' && 'late-text'] }, daysText(k), k.extended ? ` · ${t('tk.extended')}` : '')] },
    { label: t('tk.col.percent'), num: true, render: (k) => percentCell(k.percent) },
    ...extra,
  ].filter(Boolean);
  const wrap = table({
    columns, rows: tasks, caption, empty: empty || t('tk.none'),
    onOpen: ctx ? (k) => ctx.go('task', { id: k.id }) : null,
    rowAttrs: (k) => ({ 'data-id': String(k.id), 'data-status': k.status, class: k.status === 'overdue' ? 'task-overdue' : null }),
  });
  wrap.classList.add('task-table'); // one card per task on phones (tasks.css)
  return wrap;
}

/** A labelled <select name=name> of [{value, label}] with value selected (_forms.js's, with option objects). */
export function selectField(label, name, options, value, attrs = {}, hint) {
  return formSelect(label, name, options.map((o) => [o.value, o.label]), value, { attrs, hint });
}

/** A labelled <select multiple name=name> of [{value, label}] with values selected. */
export function multiField(label, name, options, values = []) {
  const sel = el('select', { name, multiple: true, size: String(Math.min(8, Math.max(3, options.length))) },
    options.map((o) => el('option', { value: o.value, selected: values.includes(o.value) }, o.label)));
  return field(label, sel, t('tu.multi_hint'));
}

/** The selected values of a <select multiple>. */
export function selectedValues(sel) {
  return sel ? [...sel.selectedOptions].map((o) => o.value) : [];
}

/** Options for the units of the catalogue (indented under their parent). */
export function unitOptions(cat) {
  return cat.unitList.map((u) => ({ value: u.code, label: `${unitName(u)} (${u.code})` }));
}

/** Options for the agencies of the catalogue. */
export function agencyOptions(cat) {
  return cat.agencyList.map((a) => ({ value: a.code, label: `${nameOf(a)} (${a.code})` }));
}

/** Options for the indicators of the catalogue. */
export function indicatorOptions(cat) {
  return cat.indicatorList.map((i) => ({ value: i.code, label: `${i.code} – ${nameOf(i)}` }));
}

/** The kinds of period the pickers offer (codes as core/period.h writes them). */
export const PERIOD_KINDS = ['month', 'quarter', 'S1', 'N9', 'year'];

/** {kind, year, sub} of a period code ("202206", "2022Q2", "2022S1", "2022N9", "2022"). */
export function splitPeriod(code) {
  const s = String(code || '');
  let m;
  if ((m = /^(\d{4})(\d{2})$/.exec(s))) return { kind: 'month', year: Number(m[1]), sub: Number(m[2]) };
  if ((m = /^(\d{4})Q([1-4])$/.exec(s))) return { kind: 'quarter', year: Number(m[1]), sub: Number(m[2]) };
  if ((m = /^(\d{4})S1$/.exec(s))) return { kind: 'S1', year: Number(m[1]), sub: 1 };
  if ((m = /^(\d{4})N9$/.exec(s))) return { kind: 'N9', year: Number(m[1]), sub: 1 };
  if ((m = /^(\d{4})$/.exec(s))) return { kind: 'year', year: Number(m[1]), sub: 1 };
  return null;
}

/** The period code of {kind, year, sub}. */
export function joinPeriod({ kind, year, sub }) {
  if (kind === 'month') return `${year}${pad2(sub || 1)}`;
  if (kind === 'quarter') return `${year}Q${Math.min(4, Math.max(1, sub || 1))}`;
  if (kind === 'S1' || kind === 'N9') return `${year}${kind}`;
  return String(year);
}

/**
 * A period picker: kind (month, quarter, 6 months, 9 months, year), year and the
 * month or quarter; onChange(code). name prefixes the selects' names
 * ("period_kind", "period_year", "period_sub"). years: [from, to].
 */
export function periodPicker({ value, onChange, label, years, name = 'period' }) {
  const p = splitPeriod(value) || { kind: 'month', year: new Date().getFullYear(), sub: 1 };
  const [from, to] = years || [p.year - 6, p.year + 1];
  const kindSel = el('select', { name: `${name}_kind`, 'aria-label': t('pp.kind') },
    PERIOD_KINDS.map((k) => el('option', { value: k, selected: k === p.kind }, t('pp.' + k))));
  const yearSel = el('select', { name: `${name}_year`, 'aria-label': t('ui.year') },
    Array.from({ length: to - from + 1 }, (_, i) => el('option', { value: String(from + i), selected: from + i === p.year }, String(from + i))));
  const subSel = el('select', { name: `${name}_sub` });
  const live = el('span', { class: 'sr-only', 'aria-live': 'polite' });
  const fillSub = (kind, sub) => {
    const n = kind === 'month' ? 12 : kind === 'quarter' ? 4 : 0;
    subSel.replaceChildren(...Array.from({ length: n }, (_, i) => el('option', { value: String(i + 1), selected: i + 1 === sub },
      kind === 'month' ? (lang() === 'en' ? periodLabel(`2000${pad2(i + 1)}`, 'en').replace(' 2000', '') : `Tháng ${i + 1}`)
        : `${t('pp.quarter')} ${['I', 'II', 'III', 'IV'][i]}`)));
    subSel.hidden = n === 0;
    subSel.setAttribute('aria-label', kind === 'quarter' ? t('pp.which_quarter') : t('pp.which_month'));
  };
  fillSub(p.kind, p.sub);
  const code = () => joinPeriod({ kind: kindSel.value, year: Number(yearSel.value), sub: Number(subSel.value) || 1 });
  const fire = () => {
    live.textContent = periodLabel(code(), lang());
    if (onChange) onChange(code());
  };
  kindSel.addEventListener('change', () => { fillSub(kindSel.value, 1); fire(); });
  yearSel.addEventListener('change', fire);
  subSel.addEventListener('change', fire);
  const box = el('fieldset', { class: 'field period-picker', 'data-name': name },
    el('legend', null, label || t('pp.period')), kindSel, subSel, yearSel, live);
  box.code = code;
  return box;
}

/** Reads a File as base64 (without the data: prefix). */
export function fileBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** "2022-07-15" of a Date in the browser's zone. */
export function isoDate(d = new Date()) {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}
