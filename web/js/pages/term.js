// pages/term.js - the term targets of a unit (#/term?unit=058&term=2021-2025):
// each target of the Party Congress's resolution against its path (the
// baseline of the year before the term, the latest full-year figure, the path's
// figure that year, progress, what each remaining year must achieve, on the
// path or behind) and the count on and off the path, from GET /api/eval/term.
// A row opens the indicator's detail. Unit and term kept in the URL.
// Not for: computing anything (core/term.c does; docs/internals/eval.md, "Term targets").
import { api } from '../api.js';
import { t, addStrings, nameOf, lang } from '../i18n.js';
import { el, append, clear, table, badge, errorBox, loading, unitPicker, field, unitName } from '../ui.js';
import { num, pct } from '../fmt.js';
import { hashFor } from '../app.js';
import { defaultUnit } from './_fallback.js';

addStrings({
  vi: {
    'term.title': 'Chỉ tiêu Nghị quyết nhiệm kỳ', 'term.term': 'Nhiệm kỳ',
    'term.of': '{unit}, nhiệm kỳ {term}', 'term.data_to': 'Số liệu đến hết năm {y}; lộ trình tính từ năm gốc {b}.',
    'term.summary': '{n}/{m} chỉ tiêu đúng lộ trình; {k} chỉ tiêu chậm so với lộ trình',
    'term.summary_no_data': '; {k} chỉ tiêu chưa đủ số liệu để đánh giá', 'term.none': 'Đơn vị này chưa có chỉ tiêu nhiệm kỳ {term}.',
    'term.col.indicator': 'Chỉ tiêu', 'term.col.target': 'Mục tiêu', 'term.col.baseline': 'Năm gốc',
    'term.col.latest': 'Thực hiện', 'term.col.path': 'Lộ trình', 'term.col.progress': 'Tiến độ',
    'term.col.required': 'Mỗi năm còn lại cần', 'term.col.status': 'Tình trạng', 'term.total': 'tổng {v}',
    'term.per_year': '/năm', 'term.points': ' điểm/năm', 'term.done': 'đã đạt',
  },
  en: {
    'term.title': 'Term targets', 'term.term': 'Term',
    'term.of': '{unit}, term {term}', 'term.data_to': 'Figures to the end of {y}; the path starts from the baseline year {b}.',
    'term.summary': '{n} of {m} targets on their path; {k} behind',
    'term.summary_no_data': '; {k} without enough data', 'term.none': 'This unit has no targets for the term {term}.',
    'term.col.indicator': 'Indicator', 'term.col.target': 'Target', 'term.col.baseline': 'Baseline',
    'term.col.latest': 'Latest', 'term.col.path': 'Path', 'term.col.progress': 'Progress',
    'term.col.required': 'Each remaining year', 'term.col.status': 'Status', 'term.total': 'total {v}',
    'term.per_year': '/year', 'term.points': ' points/year', 'term.done': 'reached',
    'term.st.on_path': 'On its path', 'term.st.behind': 'Behind its path', 'term.st.met': 'Met', 'term.st.not_met': 'Not met',
    'term.st.no_baseline': 'No baseline figure', 'term.st.no_data': 'No data', 'term.st.not_started': 'Term not started',
    'term.st.not_applicable': 'Cannot be added up (level, ratio)',
  },
});

/** The term containing year y: five-year terms 2021-2025, 2026-2030, ... */
export function termOf(y) {
  const start = 2021 + 5 * Math.floor((y - 2021) / 5);
  return `${start}-${start + 4}`;
}

/** The colour of a term status, among the evaluation's. */
const STATUS_CLASS = { on_path: 'on_track', behind: 'behind', met: 'met', not_met: 'not_met' };

/** A change a year as the resolution says it: "+10,00%/năm", "-0,25 điểm/năm", "+1,5/năm". */
export function rate(r, x) {
  if (x === null || x === undefined) return '';
  const sign = x > 0 ? '+' : '';
  if (r.form === 'growth') return `${sign}${num(x, 2)}%${t('term.per_year')}`;
  const d = Math.max(r.decimals, 2);
  return `${sign}${num(x, d)}${r.unit === '%' && r.form !== 'total' ? t('term.points') : t('term.per_year')}`;
}

function targetText(r) {
  const v = r.target.value;
  if (r.form === 'growth' || r.form === 'points') return rate(r, v);
  if (r.form === 'total') return t('term.total', { v: num(v, r.decimals) });
  return num(v, r.decimals);
}

export async function render(root, ctx) {
  loading(root);
  const units = await api.all('/api/units');
  const params = ctx.params;
  const unit = params.get('unit') || defaultUnit(ctx.me, units);
  const thisYear = new Date().getFullYear();
  const term = /^\d{4}-\d{4}$/.test(params.get('term') || '') ? params.get('term') : termOf(thisYear - 1);
  const reload = (ch) => ctx.go('term', { unit, term, ...ch });
  const terms = [...new Set([termOf(thisYear - 6), termOf(thisYear - 1), termOf(thisYear + 4), term])].sort();
  const sel = el('select', { name: 'term', onchange: () => reload({ term: sel.value }) },
    terms.map((x) => el('option', { value: x, selected: x === term }, x)));
  const tools = el('div', { class: 'toolbar no-print' },
    unitPicker({ units, value: unit, onChange: (u) => reload({ unit: u }) }), field(t('term.term'), sel));
  let ans;
  try {
    ans = await api.get('/api/eval/term', { unit, term });
  } catch (e) {
    if (ctx.stale()) return;
    clear(root).append(el('h1', null, t('term.title')), tools, errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const unitObj = units.find((u) => u.code === unit) || ans.unit;
  const s = ans.summary;
  const period = `${Math.min(ans.term.last_year, ans.term.to)}12`;
  const rows = ans.indicators;
  // the latest year with figures (a term over without its last year's figures says so)
  const dataYear = Math.max(0, ...rows.map((r) => r.latest_year || 0));
  const tbl = rows.length ? table({
    columns: [
      { label: t('term.col.indicator'), sticky: true, render: (r) => [
        el('a', { href: hashFor('indicator', { code: r.code, unit, period }), tabindex: '-1' }, nameOf(r)),
        ' ', el('span', { class: 'code' }, r.code), r.unit ? el('span', { class: 'uom' }, ` · ${r.unit}`) : null] },
      { label: t('term.col.target'), num: true, render: targetText },
      { label: t('term.col.baseline'), num: true, render: (r) => (r.baseline === null ? '' : `${num(r.baseline, r.decimals)} (${r.baseline_year})`) },
      { label: t('term.col.latest'), num: true, render: (r) => (r.latest === null ? '' : `${num(r.latest, r.decimals)} (${r.latest_year})`) },
      { label: t('term.col.path'), num: true, render: (r) => num(r.expected, r.decimals) },
      { label: t('term.col.progress'), num: true, render: (r) => pct(r.progress) },
      { label: t('term.col.required'), num: true, render: (r) => (r.required_per_year === 0 ? t('term.done') : rate(r, r.required_per_year)) },
      { label: t('term.col.status'), render: (r) => badge(STATUS_CLASS[r.status] || 'no_data',
        lang() === 'vi' ? r.status_label : t('term.st.' + r.status)) },
    ],
    rows,
    onOpen: (r) => ctx.go('indicator', { code: r.code, unit, period }),
    rowAttrs: (r) => ({ 'data-code': r.code, 'data-status': r.status }),
  }) : el('p', { class: 'note', id: 'term-none' }, t('term.none', { term }));
  if (rows.length) tbl.id = 'term-table';
  const summary = el('p', { class: 'summary', id: 'term-summary' },
    t('term.summary', { n: s.on_path, m: s.targets, k: s.behind }), s.no_data ? t('term.summary_no_data', { k: s.no_data }) : '', '.');
  append(clear(root), el('h1', null, t('term.title')), tools,
    el('p', { class: 'subtitle' }, t('term.of', { unit: unitName(unitObj), term })),
    dataYear ? el('p', { class: 'note' }, t('term.data_to', { y: dataYear, b: ans.term.from - 1 })) : null,
    rows.length ? summary : null, tbl);
  const h = hashFor('term', { unit, term });
  if (window.location.hash !== h) history.replaceState(null, '', h);
}
