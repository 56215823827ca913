// pages/dashboard.js - the dashboard of one unit for one month
// (#/dashboard?unit=058&period=202206): every indicator grouped by sector with the
// month's value, cumulative since January, annual target, % of target, change on
// the same period last year and status (colour and label); "N of M targets met";
// filters by sector, agency, status and an accent-insensitive search (kept in the
// URL without reloading); the lagging wards; a row opens the indicator detail
// (click, Enter or Space); the year-end forecast of each row with a target
// (projected value and probability of meeting the plan, GET /api/eval's `forecast`)
// and a filter "có nguy cơ không đạt" (probability under 50%); the summary cards
// are filters (a toggle button each: aria-pressed, `&card=` in the URL). On a phone
// (issue #17, _dash_phone.js, app.css) it leads with the targets needing attention
// as cards with a trend line, then the lagging wards by name, and every table row
// is a stacked card (no sideways swipe). A placeholder <section id="dash-tasks">
// is left for the tasks page to fill.
// Not for: computing any figure (GET /api/eval does; this page only shows it).
import { api } from '../api.js';
import { t, addStrings, lang, nameOf } from '../i18n.js';
import { el, append, clear, table, evalBadge, errorBox, loading, unitPicker, monthPicker, field, searchBox,
  STATUSES, SECTORS, sectorLabel, unitName } from '../ui.js';
import { num, pct, change, periodLabel, chance } from '../fmt.js';
import { matches } from '../search.js';
import { hashFor } from '../app.js';
// _fallback.js and _child_states.js are imported when needed: off the phone's first paint (issue #17)
const fallback = () => import('./_fallback.js');
import { CARD_GROUPS, attentionRows, attentionSection, loadTrends } from './_dash_phone.js';

addStrings({
  vi: {
    'dash.title': 'Tổng quan chỉ tiêu', 'dash.of': '{unit}, {period}',
    'dash.met': '{n}/{m} chỉ tiêu đạt', 'dash.met_long': '{n} trên {m} chỉ tiêu có kế hoạch đạt hoặc đúng tiến độ',
    'dash.not_met': 'không đạt hoặc chậm', 'dash.no_data': 'chưa có số liệu', 'dash.incomplete': 'chưa đủ số liệu',
    'dash.not_due': 'chưa đến kỳ', 'dash.summary': 'Tổng hợp',
    'dash.sector': 'Lĩnh vực', 'dash.agency': 'Cơ quan', 'dash.status': 'Tình trạng', 'dash.all': 'Tất cả',
    'dash.search': 'Tìm chỉ tiêu', 'dash.search_ph': 'ví dụ: ban le, thu ngan sach',
    'dash.col.indicator': 'Chỉ tiêu', 'dash.col.value': 'Trong tháng', 'dash.col.cumulative': 'Lũy kế',
    'dash.col.target': 'Kế hoạch năm', 'dash.col.percent': '% KH', 'dash.col.change': 'So cùng kỳ',
    'dash.col.status': 'Tình trạng', 'dash.shown': 'Đang hiện {n}/{m} chỉ tiêu. Nhấn vào một dòng (hoặc Enter) để xem chi tiết.',
    'dash.lagging': 'Đơn vị chậm', 'dash.lagging_none': 'Không có đơn vị trực thuộc nào chậm trong kỳ này.',
    'dash.lagging_row': '{unit}: {n} chỉ tiêu', 'dash.tasks': 'Nhiệm vụ', 'dash.estimate': 'ước',
    'dash.partial': 'thiếu số liệu', 'dash.none': 'Không có chỉ tiêu nào khớp bộ lọc.',
    'dash.other_own': 'số riêng của đơn vị: {v} (chênh lệch {gap}), không dùng để đánh giá',
    'dash.other_agg': 'tổng hợp từ {n} đơn vị trực thuộc: {v} (chênh lệch {gap})',
    'dash.approved_only': 'Chỉ số liệu đã duyệt',
    'dash.approved_note': 'Chỉ tính số liệu các tháng đã được cấp trên duyệt hoặc chấp nhận; tháng chưa duyệt coi như chưa báo cáo.',
    'dash.no_units': 'Tài khoản chưa được giao đơn vị nào để xem.',
    'dash.empty_period': 'Đơn vị này chưa có chỉ tiêu kế hoạch nào cho năm {year}: hãy chọn tháng khác.', 'dash.open': 'Mở chi tiết {name}',
    'dash.fallback': 'Đơn vị này chưa có chỉ tiêu kế hoạch năm {year}; đang hiện {period}, tháng gần nhất có kế hoạch.',
    'dash.col.forecast': 'Dự báo cả năm', 'dash.fc_p': 'khả năng đạt {p}', 'dash.fc_little': 'chưa đủ số liệu để dự báo',
    'dash.at_risk': 'Có nguy cơ không đạt', 'dash.at_risk_title': 'Chỉ các chỉ tiêu mà dự báo cho khả năng hoàn thành kế hoạch năm dưới 50%',
    'dash.card_title': 'Chỉ hiện các chỉ tiêu này (nhấn lần nữa để hiện tất cả)',
  },
  en: {
    'dash.title': 'Targets dashboard', 'dash.of': '{unit}, {period}',
    'dash.met': '{n} of {m} targets met', 'dash.met_long': '{n} of {m} targets met or on track',
    'dash.not_met': 'not met or behind', 'dash.no_data': 'no data', 'dash.incomplete': 'incomplete',
    'dash.not_due': 'not due yet', 'dash.summary': 'Summary',
    'dash.sector': 'Sector', 'dash.agency': 'Agency', 'dash.status': 'Status', 'dash.all': 'All',
    'dash.search': 'Find an indicator', 'dash.search_ph': 'e.g. ban le, retail',
    'dash.col.indicator': 'Indicator', 'dash.col.value': 'Month', 'dash.col.cumulative': 'Cumulative',
    'dash.col.target': 'Annual target', 'dash.col.percent': '% of target', 'dash.col.change': 'vs last year',
    'dash.col.status': 'Status', 'dash.shown': 'Showing {n} of {m} indicators. Click a row (or press Enter) for its detail.',
    'dash.lagging': 'Lagging units', 'dash.lagging_none': 'No subordinate unit is lagging in this period.',
    'dash.lagging_row': '{unit}: {n} indicators', 'dash.tasks': 'Tasks', 'dash.estimate': 'est.',
    'dash.partial': 'partial', 'dash.none': 'No indicator matches the filters.',
    'dash.other_own': 'the unit\'s own figure: {v} (gap {gap}), not used in the evaluation',
    'dash.other_agg': 'sum of {n} subordinate units: {v} (gap {gap})',
    'dash.approved_only': 'Approved figures only',
    'dash.approved_note': 'Only the months approved or accepted by the level above count; the others are treated as not reported.',
    'dash.no_units': 'This account has no units to view.',
    'dash.empty_period': 'This unit has no targets for {year}: choose another month.', 'dash.open': 'Open the detail of {name}',
    'dash.fallback': 'This unit has no targets for {year} yet; showing {period}, the latest month with targets.',
    'dash.col.forecast': 'Year forecast', 'dash.fc_p': '{p} likely to meet', 'dash.fc_little': 'too little data to forecast',
    'dash.at_risk': 'At risk of missing', 'dash.at_risk_title': 'Only the indicators whose forecast gives under 50% to meet the annual target',
    'dash.card_title': 'Show only these indicators (press again to show all)',
  },
});

/**
 * The figure not used beside the one used (core/source.h): the unit's own
 * figure where the row is aggregated from its units, or their sum where the
 * row is the unit's own; with the gap (other minus used). null when none.
 */
export function otherFigure(r) {
  if (r.other_cumulative === null || r.other_cumulative === undefined) return null;
  const gapV = r.cumulative === null || r.cumulative === undefined ? null : r.other_cumulative - r.cumulative;
  const gap = gapV === null ? '–' : (gapV > 0 ? '+' : '') + num(gapV, r.decimals);
  const key = r.source === 'aggregated' ? 'dash.other_own' : 'dash.other_agg';
  return el('small', { class: 'other-figure', 'data-source': r.source },
    t(key, { v: num(r.other_cumulative, r.decimals), gap, n: r.other_parts }));
}

/** True when the row's year-end forecast gives it under even odds of meeting its target. */
export function atRisk(r) {
  const f = r.forecast;
  return !!f && f.status === 'ok' && f.probability !== null && f.probability < 0.5;
}

/** The forecast cell: the projected year (with its 80% interval as a tooltip) and the chance of meeting the plan. */
export function forecastCell(r) {
  const f = r.forecast;
  if (!f) return '';
  if (f.status === 'too_little_data') return el('small', { class: 'note', title: f.reason || '' }, t('dash.fc_little'));
  if (f.status !== 'ok') return '';
  return el('span', { class: atRisk(r) ? 'forecast at-risk' : 'forecast', 'data-probability': String(f.probability),
    title: `80%: ${num(f.low80, r.decimals)} – ${num(f.high80, r.decimals)}` },
  num(f.value, r.decimals), el('br'), el('small', null, t('dash.fc_p', { p: chance(f.probability) })));
}

/** Lagging child units over all indicators: [{code, name, items: [{code, name, status, percent}]}], most first. */
export function laggingUnits(indicators) {
  const by = new Map();
  for (const ind of indicators)
    for (const lu of ind.lagging_units || []) {
      if (!by.has(lu.code)) by.set(lu.code, { code: lu.code, name: lu.name, items: [] });
      by.get(lu.code).items.push({ code: ind.code, name: nameOf(ind), status: lu.status, percent: lu.percent_of_target });
    }
  return [...by.values()].sort((a, b) => b.items.length - a.items.length || a.name.localeCompare(b.name, 'vi'));
}

/**
 * GET /api/eval?unit=&period=default, from js/boot.js when it asked for that unit
 * already (taken once), else asked now; null on failure (the page asks again).
 */
function bootEval(unit, approvedQ) {
  const boot = window.__chitieuBoot;
  const pre = boot?.eval || null;
  if (boot) boot.eval = null;
  const ask = () => api.get('/api/eval', { unit, period: 'default', ...approvedQ }).catch(() => null);
  if (!pre || approvedQ.approved) return ask(); // boot.js asks for all figures only
  return pre.then((a) => (a?.ok && a.body?.unit?.code === unit ? a.body : ask()));
}

export async function render(root, ctx) {
  loading(root);
  const params = ctx.params;
  const fromUrl = /^\d{6}$/.test(params.get('period') || '');
  // the likely unit's evaluation of its default month (GET /api/eval?period=default: the month
  // GET /api/period/default gives) is asked beside the lists: on a slow network, two round trips less
  const guess = params.get('unit') || ctx.me?.scopes?.[0]?.unit || '';
  const approvedQ0 = params.get('approved') === '1' ? { approved: '1' } : {};
  // the lists (the unit picker, the agency filter) are asked now but not waited for when the
  // guessed evaluation will do: the summary and attention cards need only /api/eval's answer
  // (issue #17: the phone's first paint on a slow network); the pickers follow when they arrive
  const listsP = Promise.all([api.all('/api/units'), api.all('/api/indicators'), api.all('/api/agencies')]);
  listsP.catch(() => {}); // awaited below, or after the first paint
  const guessEval = fromUrl || !guess ? null : await bootEval(guess, approvedQ0);
  if (ctx.stale()) return;
  const early = !!(guessEval && guessEval.unit?.code === guess && guessEval.summary?.with_target > 0);
  let units = [];
  let indicators = [];
  let agencies = [];
  if (!early) {
    [units, indicators, agencies] = await listsP;
    if (ctx.stale()) return;
    if (!units.length) {
      clear(root).append(el('h1', null, t('dash.title')), el('p', { class: 'note' }, t('dash.no_units')));
      return;
    }
  }
  // a unit named in the URL is used as it is: the server says when it may not be viewed
  const unit = early ? guess : params.get('unit') || (await fallback()).defaultUnit(ctx.me, units);
  const guessed = !fromUrl && unit === guess && guessEval ? guessEval : null;
  let period = fromUrl ? params.get('period')
    : guessed ? guessed.period.code : await (await fallback()).defaultPeriod(unit, units.find((u) => u.code === unit), ctx.stale);
  if (!period) return;
  // DHIS2's "hide unapproved data": only the months approved by the level above (GET /api/eval?approved=1)
  const approvedOnly = params.get('approved') === '1';
  const approvedQ = approvedOnly ? { approved: '1' } : {};
  // The evaluation comes first: without a period in the URL, a year without targets
  // falls back to the latest December with targets (_fallback.js) instead of an empty page.
  let ev = null;
  let evError = null;
  let fellBack = null;
  if (fromUrl) {
    try {
      ev = await api.get('/api/eval', { unit, period, ...approvedQ });
    } catch (e) {
      evError = e;
    }
    if (ctx.stale()) return;
  } else {
    const got = guessed && guessed.summary.with_target > 0 ? { period, ev: guessed, fellBack: null, approved: true }
      : await (await fallback()).monthWithTargets(unit, period, ctx.stale);
    if (!got) return;
    ({ period, ev } = got);
    evError = got.error || null;
    fellBack = got.fellBack ? { year: got.fellBack } : null;
    if (approvedOnly && !evError && !got.approved) {
      try {
        ev = await api.get('/api/eval', { unit, period, ...approvedQ });
      } catch (e) {
        evError = e;
      }
      if (ctx.stale()) return;
    }
  }
  const filters = { sector: params.get('sector') || '', agency: params.get('agency') || '',
    status: params.get('status') || '', q: params.get('q') || '', risk: params.get('risk') === '1' ? '1' : '',
    card: CARD_GROUPS[params.get('card')] ? params.get('card') : '' };
  const reload = (changes) => ctx.go('dashboard', { unit, period, ...filters, ...approvedQ, ...changes });

  const approvedBox = el('input', { type: 'checkbox', name: 'approved_only', checked: approvedOnly,
    onchange: () => reload({ approved: approvedBox.checked ? '1' : '' }) });
  const makeHead = () => el('div', { class: 'toolbar no-print' },
    unitPicker({ units: units.length ? units : [unitObj0], value: unit, onChange: (u) => reload({ unit: u }) }),
    monthPicker({ value: period, onChange: (p) => reload({ period: p }) }),
    el('label', { class: 'inline', id: 'dash-approved-only' }, approvedBox, ' ', t('dash.approved_only')));
  const unitObj0 = ev?.unit || { code: unit, name: unit };
  let head = makeHead();
  const body = el('div');
  clear(root).append(el('h1', null, t('dash.title')), head, body);
  if (evError) {
    body.append(errorBox(evError));
    return;
  }
  let agencyOf = new Map(indicators.map((i) => [i.code, i.agency]));
  let agencyName = new Map(agencies.map((a) => [a.code, a.name]));
  const s = ev.summary;
  const unitObj = units.find((u) => u.code === ev.unit.code) || ev.unit;
  const plabel = lang() === 'vi' ? ev.period.label : periodLabel(ev.period.code, 'en');

  // the summary cards filter the list: a toggle button each (Enter and Space by nature)
  const cardButtons = [];
  const sumCard = (key, attrs, ...content) => {
    const b = el('button', { type: 'button', class: ['card', 'filter-card', attrs.class], id: attrs.id || null,
      'data-card': key, 'aria-pressed': 'false', title: t('dash.card_title'),
      'data-met': attrs['data-met'] ?? null, 'data-with-target': attrs['data-with-target'] ?? null,
      onclick: () => { filters.card = filters.card === key ? '' : key; apply(); } }, ...content);
    cardButtons.push(b);
    return b;
  };
  const sumCards = el('section', { class: 'summary-cards', 'aria-label': t('dash.summary') },
    sumCard('met', { class: 'main-count', id: 'dash-count', 'data-met': String(s.met), 'data-with-target': String(s.with_target) },
      el('span', { class: 'big' }, `${s.met}/${s.with_target}`),
      el('span', null, t('dash.met_long', { n: s.met, m: s.with_target }))),
    sumCard('not_met', {}, el('span', { class: 'big' }, String(s.not_met)), t('dash.not_met')),
    sumCard('no_data', {}, el('span', { class: 'big' }, String(s.no_data)), t('dash.no_data')),
    s.incomplete ? sumCard('incomplete', {}, el('span', { class: 'big' }, String(s.incomplete)), t('dash.incomplete')) : null,
    sumCard('not_due', {}, el('span', { class: 'big' }, String(s.not_due)), t('dash.not_due')));

  // filters (made again when the lists arrive after the first paint)
  const makeFilterBar = () => {
    const usedAgencies = [...new Set(ev.indicators.map((i) => agencyOf.get(i.code)).filter(Boolean))]
      .sort((a, b) => (agencyName.get(a) || a).localeCompare(agencyName.get(b) || b, 'vi'));
    const usedStatuses = STATUSES.filter((st) => ev.indicators.some((i) => i.status === st));
    const mkSelect = (name, label, options, value) => {
      const sel = el('select', { name, onchange: () => { filters[name] = sel.value; apply(); } },
        el('option', { value: '' }, t('dash.all')),
        options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
      return field(label, sel);
    };
    return el('div', { class: 'toolbar filters no-print', role: 'search' },
      mkSelect('sector', t('dash.sector'), SECTORS.map((x) => [x, sectorLabel(x)]), filters.sector),
      mkSelect('agency', t('dash.agency'), usedAgencies.map((a) => [a, agencyName.get(a) || a]), filters.agency),
      mkSelect('status', t('dash.status'), usedStatuses.map((x) => [x, t('status.' + x)]), filters.status),
      searchBox({ value: filters.q, label: t('dash.search'), placeholder: t('dash.search_ph'),
        onInput: (v) => { filters.q = v; apply(); } }),
      el('label', { class: 'inline', id: 'dash-at-risk', title: t('dash.at_risk_title') },
        el('input', { type: 'checkbox', name: 'risk', checked: filters.risk === '1',
          onchange: (ev2) => { filters.risk = ev2.target.checked ? '1' : ''; apply(); } }), ' ', t('dash.at_risk')));
  };
  let filterBar = makeFilterBar();
  const shown = el('p', { class: 'shown no-print', 'aria-live': 'polite', id: 'dash-shown' });
  const tableBox = el('div', { id: 'dash-table' });

  const open = (row) => ctx.go('indicator', { code: row.code, unit, period });
  const columns = [
    { label: t('dash.col.indicator'), sticky: true, render: (r) => [
      el('a', { href: hashFor('indicator', { code: r.code, unit, period }), tabindex: '-1', class: 'ind-name' }, nameOf(r)),
      // the unit of measure in the text font: monospace fonts mangle Vietnamese letters ("đồng")
      ' ', el('span', { class: 'code' }, r.code), r.unit ? el('span', { class: 'uom' }, ` · ${r.unit}`) : null] },
    { label: t('dash.col.value'), num: true, render: (r) => num(r.value, r.decimals) },
    { label: t('dash.col.cumulative'), num: true, render: (r) => [num(r.cumulative, r.decimals),
      r.estimate ? el('small', null, ' (' + t('dash.estimate') + ')') : null,
      r.partial ? el('small', null, ' (' + t('dash.partial') + ')') : null, otherFigure(r)] },
    { label: t('dash.col.target'), num: true, render: (r) => num(r.target, r.decimals) },
    { label: t('dash.col.percent'), num: true, class: 'col-pct', render: (r) => pct(r.percent_of_target) },
    { label: t('dash.col.change'), num: true, render: (r) => change(r.change_on_last_year) },
    { label: t('dash.col.status'), class: 'col-status', render: evalBadge },
    { label: t('dash.col.forecast'), num: true, render: forecastCell },
  ];

  function apply() {
    const rows = ev.indicators.filter((r) =>
      (!filters.sector || r.sector === filters.sector)
      && (!filters.agency || agencyOf.get(r.code) === filters.agency)
      && (!filters.status || r.status === filters.status)
      && (!filters.risk || atRisk(r))
      && (!filters.card || CARD_GROUPS[filters.card].includes(r.status))
      && matches(filters.q, [r.name, r.name_en, r.code]));
    const groups = [];
    for (const sec of SECTORS) {
      const g = rows.filter((r) => r.sector === sec);
      if (g.length) groups.push([sec, g]);
    }
    const other = rows.filter((r) => !SECTORS.includes(r.sector));
    if (other.length) groups.push(['', other]);
    append(clear(tableBox), groups.length ? groups.map(([sec, g]) => el('section', { class: 'sector', 'data-sector': sec },
      el('h2', null, sec ? sectorLabel(sec) : '—', ' ', el('span', { class: 'code' }, `(${g.length})`)),
      table({ columns, rows: g, onOpen: open, caption: null, stack: true,
        rowAttrs: (r) => ({ 'data-code': r.code, 'data-status': r.status, title: t('dash.open', { name: nameOf(r) }) }) })))
      : el('p', { class: 'note' }, t('dash.none')));
    shown.textContent = t('dash.shown', { n: rows.length, m: ev.indicators.length });
    for (const b of cardButtons) b.setAttribute('aria-pressed', String(b.dataset.card === filters.card));
    // keep the filters in the URL without reloading the page
    const h = hashFor('dashboard', { unit, period, ...filters, ...approvedQ });
    if (window.location.hash !== h) history.replaceState(null, '', h);
  }

  const lag = laggingUnits(ev.indicators);
  const lagBox = el('section', { class: 'lagging dash-lag', id: 'dash-lagging', 'aria-labelledby': 'lag-h' },
    el('h2', { id: 'lag-h' }, t('dash.lagging')),
    lag.length ? el('ul', null, lag.map((u) => el('li', null,
      el('a', { href: hashFor('dashboard', { unit: u.code, period }) }, t('dash.lagging_row', { unit: u.name, n: u.items.length })),
      ': ', u.items.map((i, k) => [k ? ', ' : '', el('a', { href: hashFor('indicator', { code: i.code, unit, period }),
        'data-code': i.code }, i.name),
        ` (${i.percent === null || i.percent === undefined ? t('status.' + i.status) : pct(i.percent)})`]))))
      : el('p', null, t('dash.lagging_none')));

  const attRows = attentionRows(ev.indicators, atRisk);
  const attBox = attentionSection(attRows, { unit, period, atRisk });
  for (const x of [filterBar, shown, tableBox]) x.classList.add('dash-rest');
  body.classList.add('dash-body');
  append(clear(body),
    el('p', { class: 'subtitle', id: 'dash-subtitle' }, t('dash.of', { unit: unitName(unitObj), period: plabel })),
    fellBack ? el('p', { class: 'note', id: 'dash-fallback', role: 'status' },
      t('dash.fallback', { year: fellBack.year, period: plabel })) : null,
    s.with_target === 0 ? el('p', { class: 'note', id: 'dash-empty' }, t('dash.empty_period', { year: ev.period.year })) : null,
    approvedOnly ? el('p', { class: 'note', id: 'dash-approved-note', role: 'status' }, t('dash.approved_note')) : null,
    sumCards, attBox, filterBar, shown, tableBox, lagBox,
    el('section', { id: 'dash-approval', class: 'dash-rest', 'aria-labelledby': 'appr-h' }),
    el('section', { id: 'dash-tasks', class: 'dash-rest', 'aria-label': t('dash.tasks') }));
  // the list of indicators (81 rows, below the cards) is built after the cards' first paint:
  // on a slow phone its DOM costs more than a frame (issue #17)
  const firstTable = new Promise((ok) => requestAnimationFrame(() => setTimeout(() => {
    if (!ctx.stale()) apply();
    ok();
  }, 0)));
  if (early) {
    listsP.then(([u, i, a]) => {
      if (ctx.stale()) return;
      units = u;
      indicators = i;
      agencies = a;
      agencyOf = new Map(indicators.map((x) => [x.code, x.agency]));
      agencyName = new Map(agencies.map((x) => [x.code, x.name]));
      const h2 = makeHead();
      head.replaceWith(h2);
      head = h2;
      const f2 = makeFilterBar();
      f2.classList.add('dash-rest');
      filterBar.replaceWith(f2);
      filterBar = f2;
    }).catch(console.error);
  }
  if (attRows.length) loadTrends(attBox, unit, period, ctx.stale).catch(console.error);
  import('./_child_states.js').then((m) => m.renderChildStates(body.querySelector('#dash-approval'), unit, period, ctx.stale))
    .catch(console.error);
  import('./_dash_tasks.js').then((m) => m.renderDashTasks(body.querySelector('#dash-tasks'), { unit, ctx })).catch(console.error);
  await firstTable; // the page is whole when render() ends
}
