// _child_states.js - each subordinate unit's approval state of a month (issue
// #13: the level above sees its children's states on its dashboard and entry
// pages), read from GET /api/approval/children; each unit a link to its entry
// page. Nothing is shown for a unit without subordinate units, for a period
// that is not a month, or for a user who may not read the unit.
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
 * Each subordinate unit's approval state of the month (GET /api/approval/children:
 * two statements however many units): the level above sees who is waiting for it.
 * Left empty when the unit has no subordinate unit or the period is not a month.
 */
export async function renderChildStates(box, unit, period, stale) {
  if (!/^\d{6}$/.test(period)) return;
  const y = Number(period.slice(0, 4)), m = Number(period.slice(4));
  let ans;
  try {
    ans = await api.get('/api/approval/children', { unit, period });
  } catch {
    return; // not a reader of the unit: nothing shown
  }
  if (stale() || !ans.children?.length) return;
  const rows = ans.children;
  append(box,
    el('h2', { id: 'appr-h' }, t('child.appr_title', { m, y })),
    el('p', { id: 'dash-appr-count' }, t('child.appr_count', { n: ans.final, m: rows.length })),
    el('ul', { class: 'appr-list' }, rows.map((c) => {
      const st = c.state || 'draft';
      return el('li', { 'data-unit': c.code, 'data-approval': st, 'data-final': String(!!c.final) },
        el('a', { href: hashFor('entry', { unit: c.code, period }) }, c.name), ': ',
        el('span', { class: `appr-state appr-${st}` }, t(c.accept_due ? 'child.appr.accept_due' : 'child.appr.' + st)));
    })));
}
