// pages/_dash_phone.js - what the dashboard leads with (issue #17, "the briefing on
// a phone"): the targets not met, behind or at risk of missing the plan first, each a
// card with its figure, % of plan, status and a small trend line (GET /api/eval/trend:
// the % of plan month by month since January, drawn by spark.js); and the status
// groups of the summary cards, which filter the list. The cards are shown on
// phones only (app.css, .phone-only): the desktop keeps its table.
// Not for: computing a figure or a status (the server does), the table (dashboard.js).
import { api } from '../api.js';
import { t, addStrings, nameOf } from '../i18n.js';
import { el, append, clear, evalBadge } from '../ui.js';
import { num, pct, chance } from '../fmt.js';
import { hashFor } from '../app.js';

addStrings({
  vi: {
    'dphone.title': 'Cần chú ý', 'dphone.none': 'Không có chỉ tiêu nào không đạt, chậm hoặc có nguy cơ không đạt.',
    'dphone.cum': 'Lũy kế', 'dphone.pct': '% KH', 'dphone.risk': 'nguy cơ không đạt: khả năng đạt {p}',
    'dphone.trend': 'Diễn biến % kế hoạch từ tháng 1: {list}', 'dphone.more': 'Xem cả {n} chỉ tiêu cần chú ý',
  },
  en: {
    'dphone.title': 'Needs attention', 'dphone.none': 'No target is missed, behind or at risk.',
    'dphone.cum': 'Cumulative', 'dphone.pct': '% of target', 'dphone.risk': 'at risk: {p} likely to meet',
    'dphone.trend': '% of target month by month since January: {list}', 'dphone.more': 'Show all {n} targets needing attention',
  },
});

/** The statuses behind each summary card (its data-card), as GET /api/eval's summary counts them. */
export const CARD_GROUPS = {
  met: ['exceeded', 'met', 'on_track'],
  not_met: ['not_met', 'behind'],
  no_data: ['no_data'],
  incomplete: ['incomplete'],
  not_due: ['not_due'],
};

const RANK = { not_met: 0, behind: 1 };

/**
 * The rows that need attention, worst first: not met, then behind, then at risk
 * (atRisk(r): the forecast gives under even odds), each group by % of plan, lowest first.
 */
export function attentionRows(indicators, atRisk) {
  const rank = (r) => (r.status in RANK ? RANK[r.status] : 2);
  const p = (r) => (typeof r.percent_of_target === 'number' ? r.percent_of_target : Infinity);
  return indicators.filter((r) => r.status in RANK || atRisk(r))
    .sort((a, b) => rank(a) - rank(b) || p(a) - p(b) || a.code.localeCompare(b.code));
}

const SHOWN = 8; // cards shown before "show all"

/** The section of attention cards (#dash-attention); trend lines come later (loadTrends). */
export function attentionSection(rows, { unit, period, atRisk }) {
  const card = (r) => el('li', { class: `att-card att-${r.status}`, 'data-code': r.code, 'data-status': r.status },
    el('a', { class: 'att-name', href: hashFor('indicator', { code: r.code, unit, period }) }, nameOf(r)),
    el('div', { class: 'att-figs' },
      el('span', { class: 'att-fig' }, el('span', { class: 'att-label' }, t('dphone.cum')), ' ',
        el('strong', null, num(r.cumulative, r.decimals) || '–'), r.unit ? el('span', { class: 'uom' }, ' ' + r.unit) : null),
      el('span', { class: 'att-pct' }, el('span', { class: 'att-label' }, t('dphone.pct')), ' ',
        el('strong', null, pct(r.percent_of_target) || '–'))),
    el('div', { class: 'att-foot' }, evalBadge(r), el('span', { class: 'spark-box', 'data-code': r.code })),
    atRisk(r) ? el('small', { class: 'att-risk' }, t('dphone.risk', { p: chance(r.forecast.probability) })) : null);
  const list = el('ul', { class: 'att-list' }, rows.slice(0, SHOWN).map(card));
  const more = rows.length > SHOWN ? el('button', { type: 'button', class: 'secondary att-more', onclick: () => {
    append(list, rows.slice(SHOWN).map(card));
    more.remove();
    list.dispatchEvent(new CustomEvent('att-more', { bubbles: true }));
  } }, t('dphone.more', { n: rows.length })) : null;
  return el('section', { class: 'attention phone-only', id: 'dash-attention', 'aria-labelledby': 'att-h' },
    el('h2', { id: 'att-h' }, t('dphone.title'), ' ', el('span', { class: 'code' }, `(${rows.length})`)),
    rows.length ? [list, more] : el('p', { class: 'note' }, t('dphone.none')));
}

/**
 * Draws the trend lines of box's cards from one GET /api/eval/trend (the % of plan
 * of each month; the cumulative figure where there is no plan). Resolves to the
 * trend answer (null when stale or failed: the cards stay without a line).
 */
export async function loadTrends(box, unit, period, stale) {
  let tr;
  try {
    tr = await api.get('/api/eval/trend', { unit, period });
  } catch {
    return null;
  }
  // spark.js is imported with the trend's answer: off the first paint's module files (issue #17)
  const { sparkline } = await import('../spark.js');
  if (stale()) return null;
  const by = new Map(tr.indicators.map((i) => [i.code, i]));
  const draw = () => {
    for (const slot of box.querySelectorAll('.spark-box[data-code]')) {
      if (slot.firstChild) continue;
      const s = by.get(slot.dataset.code);
      if (!s) continue;
      const usePct = s.percent.some((v) => v !== null);
      const vals = usePct ? s.percent : s.cumulative;
      const list = vals.map((v, i) => `${tr.months[i]}: ${v === null ? '–' : usePct ? pct(v) : num(v)}`).join('; ');
      append(clear(slot), sparkline(vals, { ref: usePct ? 100 : undefined, label: t('dphone.trend', { list }) }));
    }
  };
  draw();
  box.addEventListener('att-more', draw);
  return tr;
}
