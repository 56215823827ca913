// _child_states.js - each subordinate unit's approval state of a month (issue
// #13: the level above sees its children's states on its dashboard and entry
// pages), read from GET /api/completeness (the reporting page's table); each
// unit a link to its entry page. Nothing is shown for a unit without
// subordinate units, for a period that is not a month, or for a user who
// may not read the table.
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, append } from '../ui.js';
import { hashFor } from '../app.js';

addStrings({
  vi: {
    'child.appr_title': 'Duyệt số liệu tháng {m}/{y} của đơn vị trực thuộc',
    'child.appr_count': '{n}/{m} đơn vị đã được duyệt.',
    'child.appr.draft': 'đang nhập', 'child.appr.submitted': 'đã nộp, chờ duyệt', 'child.appr.approved': 'đã duyệt',
    'child.appr.returned': 'bị trả lại', 'child.appr.accepted': 'đã chấp nhận',
    'child.appr.accept_due': 'đã duyệt, chờ cấp trên chấp nhận',
  },
  en: {
    'child.appr_title': 'Approval of {m}/{y} figures of the subordinate units',
    'child.appr_count': '{n} of {m} units approved.',
    'child.appr.draft': 'being entered', 'child.appr.submitted': 'submitted, awaiting approval', 'child.appr.approved': 'approved',
    'child.appr.returned': 'returned', 'child.appr.accepted': 'accepted',
    'child.appr.accept_due': 'approved, awaiting acceptance',
  },
});

/**
 * Each subordinate unit's approval state of the month (from GET /api/completeness,
 * the reporting page's table): the level above sees who is waiting for it.
 * Left empty when the unit has no subordinate unit or the month is not one.
 */
export async function renderChildStates(box, unit, period, stale) {
  if (!/^\d{6}$/.test(period)) return;
  const y = Number(period.slice(0, 4)), m = Number(period.slice(4));
  let ans;
  try {
    ans = await api.get('/api/completeness', { unit, year: String(y) });
  } catch {
    return; // not a reader of the table: nothing shown
  }
  if (stale() || !ans.units?.length) return;
  const rows = ans.units.map((u) => ({ u, c: u.cells[m - 1] })).filter((x) => x.c && x.c.state !== 'not_owed');
  if (!rows.length) return;
  // final: approved, and accepted where the configuration asks for it (GET /api/approval/config)
  const ok = rows.filter((x) => x.c.final ?? (x.c.approval === 'approved' || x.c.approval === 'accepted')).length;
  append(box,
    el('h2', { id: 'appr-h' }, t('child.appr_title', { m, y })),
    el('p', { id: 'dash-appr-count' }, t('child.appr_count', { n: ok, m: rows.length })),
    el('ul', { class: 'appr-list' }, rows.map((x) => {
      const st = x.c.approval || 'draft';
      return el('li', { 'data-unit': x.u.code, 'data-approval': st, 'data-final': String(!!x.c.final) },
        el('a', { href: hashFor('entry', { unit: x.u.code, period }) }, x.u.name), ': ',
        el('span', { class: `appr-state appr-${st}` }, t(x.c.accept_due ? 'child.appr.accept_due' : 'child.appr.' + st)));
    })));
}

