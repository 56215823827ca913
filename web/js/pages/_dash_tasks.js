// pages/_dash_tasks.js - the dashboard's tasks section (<section id="dash-tasks">):
// the open tasks of the dashboard's unit (it assigned them, leads them or
// coordinates them), overdue first, with counts and a link to the tasks page.
// Called once by dashboard.js after it renders; reads GET /api/tasks?open=true
// (only what the user may see) and keeps the tasks touching the unit.
// Not for: the tasks page itself (tasks.js) or any status rule.
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, append, clear, errorBox } from '../ui.js';
import { hashFor } from '../app.js';
import { ensureTasksCss, taskTable } from './_tasks_util.js';

addStrings({
  vi: {
    'dt.title': 'Nhiệm vụ đang mở của đơn vị', 'dt.counts': '{open} nhiệm vụ đang mở, {over} quá hạn.',
    'dt.none': 'Đơn vị không có nhiệm vụ nào đang mở.', 'dt.all': 'Xem mọi nhiệm vụ', 'dt.more': 'Chỉ hiện {n} nhiệm vụ đầu.',
  },
  en: {
    'dt.title': 'Open tasks of the unit', 'dt.counts': '{open} open tasks, {over} overdue.',
    'dt.none': 'The unit has no open tasks.', 'dt.all': 'All tasks', 'dt.more': 'Only the first {n} tasks are shown.',
  },
});

const SHOWN = 10;

/**
 * Fills section with the open and overdue tasks of unit (code). ctx is the
 * dashboard's page context (rows open #/task). Errors are shown in the section.
 */
export async function renderDashTasks(section, { unit, ctx }) {
  if (!section) return;
  ensureTasksCss();
  section.classList.add('dash-tasks-box');
  let items;
  try {
    items = await api.all('/api/tasks', { open: 'true' });
  } catch (e) {
    append(clear(section), el('h2', null, t('dt.title')), errorBox(e));
    return;
  }
  if (ctx?.stale && ctx.stale()) return;
  const mine = items.filter((k) => k.owner_unit === unit || k.lead_unit === unit || (k.coord_units || []).includes(unit));
  const over = mine.filter((k) => k.status === 'overdue');
  append(clear(section),
    el('h2', { id: 'dash-tasks-h' }, t('dt.title')),
    el('p', { id: 'dash-tasks-counts' }, t('dt.counts', { open: mine.length, over: over.length }), ' ',
      el('a', { href: hashFor('tasks') }, t('dt.all'))),
    mine.length ? taskTable({ tasks: mine.slice(0, SHOWN), me: ctx?.me, ctx }) : el('p', null, t('dt.none')),
    mine.length > SHOWN ? el('p', { class: 'hint' }, t('dt.more', { n: SHOWN })) : null);
  section.setAttribute('aria-labelledby', 'dash-tasks-h');
}
