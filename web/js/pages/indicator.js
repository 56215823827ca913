// pages/indicator.js - the detail of one indicator for one unit and month
// (#/indicator?code=KT01&unit=058&period=202206): a line chart of this year's
// cumulative figure against last year's and against the path to the annual target,
// month by month, with the year-end forecast's projected path after the last
// actual and its 80% band (GET /api/eval's `forecast`); a bar chart of the
// subordinate units (wards) side by side; the
// same figures as tables (the charts' text alternative); the audit history of the
// month's value and of the year's targets.
// Not for: computing figures (GET /api/eval for each month and each ward does).
import { api } from '../api.js';
import { t, addStrings, lang, nameOf } from '../i18n.js';
import { el, append, clear, table, badge, evalBadge, errorBox, loading, unitPicker, monthPicker, unitName, sectorLabel } from '../ui.js';
import { num, pct, change, periodLabel, monthCode, epoch, chance } from '../fmt.js';
import { drawChart, COLORS } from '../charts.js';
import { hashFor } from '../app.js';
import { monthWithTargets, defaultUnit, defaultPeriod } from './_fallback.js';

addStrings({
  vi: {
    'ind.back': '← Tổng quan', 'ind.missing': 'Thiếu mã chỉ tiêu (?code=…).',
    'ind.meta': '{sector} · đơn vị tính: {uom} · {kind}', 'ind.kind.flow': 'cộng dồn theo tháng',
    'ind.kind.level': 'số hiện có (lấy số mới nhất)', 'ind.kind.ratio': 'tỷ lệ (tử số / mẫu số)', 'ind.kind.count': 'đếm',
    'ind.now': 'Kỳ {period}', 'ind.cumulative': 'Lũy kế', 'ind.target': 'Kế hoạch năm', 'ind.percent': '% KH',
    'ind.change': 'So cùng kỳ', 'ind.status': 'Tình trạng', 'ind.source.own': 'phấn đấu', 'ind.source.assigned': 'tỉnh giao',
    'ind.assigned': 'tỉnh giao {v}',
    'ind.chart_year': 'Lũy kế theo tháng: năm nay, năm trước và đường đến kế hoạch',
    'ind.chart_year_alt': 'Biểu đồ đường; số liệu có trong bảng "Số liệu theo tháng" bên dưới.',
    'ind.this_year': 'Năm {y}', 'ind.last_year': 'Năm {y}', 'ind.path': 'Đường đến kế hoạch {y}',
    'ind.chart_units': 'Các đơn vị trực thuộc, {period}',
    'ind.chart_units_alt': 'Biểu đồ cột; số liệu có trong bảng "Các đơn vị trực thuộc" bên dưới.',
    'ind.units_cum': 'Lũy kế', 'ind.units_target': 'Kế hoạch năm',
    'ind.table_months': 'Số liệu theo tháng', 'ind.col.month': 'Tháng', 'ind.col.value': 'Trong tháng',
    'ind.col.cum': 'Lũy kế {y}', 'ind.col.prev': 'Trong tháng {y}', 'ind.col.prevcum': 'Lũy kế {y}',
    'ind.col.path': 'Đường kế hoạch', 'ind.col.status': 'Tình trạng',
    'ind.table_units': 'Các đơn vị trực thuộc', 'ind.col.unit': 'Đơn vị', 'ind.col.target': 'Kế hoạch năm',
    'ind.col.percent': '% KH', 'ind.col.change': 'So cùng kỳ', 'ind.no_children': 'Đơn vị này không có đơn vị trực thuộc.',
    'ind.history': 'Lịch sử thay đổi', 'ind.h_values': 'Số liệu {period} của {unit}', 'ind.h_targets': 'Kế hoạch năm {y} của {unit}',
    'ind.col.when': 'Thời điểm', 'ind.col.by': 'Người sửa', 'ind.col.old': 'Cũ', 'ind.col.new': 'Mới', 'ind.col.reason': 'Lý do',
    'ind.col.source': 'Nguồn', 'ind.h_approval': 'Các bước duyệt số liệu của tháng', 'ind.appr.draft': 'đang nhập', 'ind.appr.submitted': 'đã nộp',
    'ind.appr.approved': 'đã duyệt', 'ind.appr.returned': 'bị trả lại', 'ind.appr.accepted': 'đã chấp nhận',
    'ind.no_history': 'Chưa có thay đổi nào.', 'ind.estimate': '(ước)',
    'ind.deleted': '(đã xóa)', 'ind.no_chart': 'Không vẽ được biểu đồ: {msg}. Số liệu vẫn có trong bảng.',
    'ind.not_in_eval': 'Chỉ tiêu {code} không có trong kết quả đánh giá của đơn vị này.',
    'ind.forecast': 'Dự báo cả năm', 'ind.fc_line': 'Dự báo {y}', 'ind.fc_low': 'Cận dưới 80%', 'ind.fc_high': 'Cận trên 80%',
    'ind.fc_detail': 'khoảng 80%: {lo} – {hi}; khả năng hoàn thành kế hoạch {p}', 'ind.col.forecast': 'Dự báo (khoảng 80%)',
  },
  en: {
    'ind.back': '← Dashboard', 'ind.missing': 'No indicator code (?code=…).',
    'ind.meta': '{sector} · unit of measure: {uom} · {kind}', 'ind.kind.flow': 'summed over the months',
    'ind.kind.level': 'level (latest value)', 'ind.kind.ratio': 'ratio (numerator / denominator)', 'ind.kind.count': 'count',
    'ind.now': 'Period {period}', 'ind.cumulative': 'Cumulative', 'ind.target': 'Annual target', 'ind.percent': '% of target',
    'ind.change': 'vs last year', 'ind.status': 'Status', 'ind.source.own': 'own', 'ind.source.assigned': 'assigned',
    'ind.assigned': 'assigned {v}',
    'ind.chart_year': 'Cumulative by month: this year, last year and the path to the target',
    'ind.chart_year_alt': 'Line chart; the figures are in the table "Figures by month" below.',
    'ind.this_year': 'Year {y}', 'ind.last_year': 'Year {y}', 'ind.path': 'Path to the {y} target',
    'ind.chart_units': 'Subordinate units, {period}',
    'ind.chart_units_alt': 'Bar chart; the figures are in the table "Subordinate units" below.',
    'ind.units_cum': 'Cumulative', 'ind.units_target': 'Annual target',
    'ind.table_months': 'Figures by month', 'ind.col.month': 'Month', 'ind.col.value': 'Month value',
    'ind.col.cum': 'Cumulative {y}', 'ind.col.prev': 'Month {y}', 'ind.col.prevcum': 'Cumulative {y}',
    'ind.col.path': 'Target path', 'ind.col.status': 'Status',
    'ind.table_units': 'Subordinate units', 'ind.col.unit': 'Unit', 'ind.col.target': 'Annual target',
    'ind.col.percent': '% of target', 'ind.col.change': 'vs last year', 'ind.no_children': 'This unit has no subordinate units.',
    'ind.history': 'Change history', 'ind.h_values': 'Value of {period} for {unit}', 'ind.h_targets': 'Targets {y} for {unit}',
    'ind.col.when': 'When', 'ind.col.by': 'By', 'ind.col.old': 'Old', 'ind.col.new': 'New', 'ind.col.reason': 'Reason',
    'ind.col.source': 'Source', 'ind.h_approval': 'Approval steps of the month', 'ind.appr.draft': 'being entered', 'ind.appr.submitted': 'submitted',
    'ind.appr.approved': 'approved', 'ind.appr.returned': 'returned', 'ind.appr.accepted': 'accepted',
    'ind.no_history': 'No changes yet.', 'ind.estimate': '(est.)',
    'ind.forecast': 'Year forecast', 'ind.fc_line': 'Forecast {y}', 'ind.fc_low': '80% low', 'ind.fc_high': '80% high',
    'ind.fc_detail': '80% interval: {lo} – {hi}; chance of meeting the plan {p}', 'ind.col.forecast': 'Forecast (80%)',
    'ind.deleted': '(deleted)', 'ind.no_chart': 'The chart could not be drawn: {msg}. The figures are in the table.',
    'ind.not_in_eval': 'Indicator {code} is not in this unit\'s evaluation.',
  },
});

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthShort = (m) => (lang() === 'en' ? MONTHS_EN[m - 1] : `T${m}`);

/**
 * The period of an indicator's own frequency that holds month m of year: the month
 * itself, its quarter ("2022Q2"), half ("2022S1") or the year ("2022").
 */
export function ownPeriod(frequency, year, m) {
  if (frequency === 'quarter') return `${year}Q${Math.ceil(m / 3)}`;
  if (frequency === 'half') return `${year}S${m <= 6 ? 1 : 2}`;
  if (frequency === 'year') return String(year);
  return monthCode(year, m);
}

/** The row of indicator code in an /api/eval answer, or null. */
function rowOf(ev, code) {
  return ev?.indicators?.find((i) => i.code === code) || null;
}

/** False when the unit (from /api/units: valid_from, valid_to) had ended or not begun in month "yyyymm". */
export function existsIn(u, month) {
  const first = `${month.slice(0, 4)}-${month.slice(4, 6)}-01`;
  const last = `${month.slice(0, 4)}-${month.slice(4, 6)}-31`; // compared as text: after every day of the month
  return !(u?.valid_to && first > u.valid_to) && !(u?.valid_from && last < u.valid_from);
}

/** GET /api/eval, null when the server refuses (unit not valid then, period in the future...). */
async function evalOrNull(unit, period) {
  try {
    return await api.get('/api/eval', { unit, period });
  } catch (e) {
    if (e.status === 401) throw e;
    return null;
  }
}

/**
 * The target path at month m: for flow indicators the annual target times the
 * expected share by then (expected_percent, 100 at the year end); otherwise the target.
 */
export function pathAt(row, m) {
  if (!row || row.target === null || row.target === undefined) return null;
  if (row.kind !== 'flow') return row.target;
  if (row.expected_percent !== null && row.expected_percent !== undefined)
    return (row.target * row.expected_percent) / 100;
  return m === 12 ? row.target : null;
}

function historyValues(items, dec) {
  const cell = (has, v, est) => (v === null || v === undefined ? t('ind.deleted') : `${num(v, dec)}${est ? ' ' + t('ind.estimate') : ''}`);
  return table({
    columns: [
      { label: t('ind.col.when'), render: (h) => epoch(h.at) },
      { label: t('ind.col.by'), render: (h) => h.by },
      { label: t('ind.col.old'), num: true, render: (h) => (h.old === null ? '—' : cell(true, h.old, h.old_estimate)) },
      { label: t('ind.col.new'), num: true, render: (h) => cell(true, h.new, h.new_estimate) },
      { label: t('ind.col.reason'), render: (h) => h.reason || '' },
    ],
    rows: items, empty: t('ind.no_history'),
  });
}

function historyTargets(items, dec) {
  const show = (x) => (x ? `${num(x.value, dec)}${x.note ? ' — ' + x.note : ''}` : '—');
  return table({
    columns: [
      { label: t('ind.col.when'), render: (h) => epoch(h.at) },
      { label: t('ind.col.by'), render: (h) => h.by },
      { label: t('ind.col.source'), render: (h) => t('ind.source.' + h.source) },
      { label: t('ind.col.old'), render: (h) => show(h.old) },
      { label: t('ind.col.new'), render: (h) => (h.new ? show(h.new) : t('ind.deleted')) },
    ],
    rows: items, empty: t('ind.no_history'),
  });
}

function chartBox(id, title, alt, tableId) {
  const canvas = el('canvas', { id, role: 'img', 'aria-label': `${title}. ${alt}`, 'aria-describedby': tableId });
  return { box: el('figure', { class: 'chart-fig' }, el('figcaption', null, title), el('div', { class: 'chart-box' }, canvas)), canvas };
}

export async function render(root, ctx) {
  const code = ctx.params.get('code') || '';
  if (!code) {
    root.append(el('h1', null, t('ind.back')), errorBox({ message: t('ind.missing') }));
    return;
  }
  loading(root);
  const [ind, units] = await Promise.all([api.get(`/api/indicators/${encodeURIComponent(code)}`), api.all('/api/units')]);
  // a unit named in the URL is used as it is: the server says when it may not be viewed
  const unit = ctx.params.get('unit') || defaultUnit(ctx.me, units);
  let period = /^\d{6}$/.test(ctx.params.get('period') || '') ? ctx.params.get('period') : null;
  const unitObj = units.find((u) => u.code === unit);
  let selected = null; // GET /api/eval of the month, when the fallback has read it already
  let evError = null;
  if (!period) {
    // the server's default month, or the latest December with targets when its year has none (_fallback.js);
    // the URL gets the month in place: no second load of the page, no history entry that sends Back forward again
    const p0 = await defaultPeriod(unit, unitObj, ctx.stale);
    if (!p0) return;
    const got = await monthWithTargets(unit, p0, ctx.stale);
    if (!got) return;
    ({ period, ev: selected } = got);
    evError = got.error || null;
    history.replaceState(null, '', hashFor('indicator', { code, unit, period }));
  }
  const dec = ind.decimals ?? 2;
  const back = el('p', { class: 'no-print' }, el('a', { href: hashFor('dashboard', { unit, period }) }, t('ind.back')));
  const head = el('div', { class: 'toolbar no-print' },
    unitPicker({ units, value: unit, onChange: (u) => ctx.go('indicator', { code, unit: u, period }) }),
    monthPicker({ value: period, onChange: (p) => ctx.go('indicator', { code, unit, period: p }) }));
  const body = el('div');
  append(clear(root), back, el('h1', null, nameOf(ind), ' ', el('span', { class: 'code' }, ind.code)),
    el('p', { class: 'subtitle' }, t('ind.meta', { sector: sectorLabel(ind.sector), uom: ind.uom, kind: t('ind.kind.' + ind.kind) })),
    head, body);
  if (evError) {
    body.append(errorBox(evError));
    return;
  }
  loading(body);
  const year = Number(period.slice(0, 4));
  const selMonth = Number(period.slice(4, 6));
  // only months and wards the unit list says existed: no refused request (409) for a merged unit's later months
  const children = units.filter((u) => u.parent === unit && existsIn(u, period));
  const valuePeriod = ownPeriod(ind.frequency, year, selMonth); // values are stored at the indicator's frequency

  try {
    selected ??= await api.get('/api/eval', { unit, period });
  } catch (e) {
    if (!ctx.stale()) clear(body).append(errorBox(e));
    return;
  }
  const [months, childEvals, vh, th] = await Promise.all([
    Promise.all(Array.from({ length: 12 }, (_, i) => (i + 1 === selMonth ? selected
      : existsIn(unitObj, monthCode(year, i + 1)) ? evalOrNull(unit, monthCode(year, i + 1)) : null))),
    Promise.all(children.map((c) => evalOrNull(c.code, period))),
    api.get('/api/values/history', { indicator: code, unit, period: valuePeriod }).catch((e) => ({ error: e })),
    api.get('/api/targets/history', { indicator: code, unit, year }).catch((e) => ({ error: e })),
  ]);
  if (ctx.stale()) return;
  const rows = months.map((ev) => rowOf(ev, code));
  const cur = rows[selMonth - 1];
  const plabel = periodLabel(period, lang());
  // the year-end forecast from the selected month: its path after it (cumulative for a flow)
  const fc = cur?.forecast || null;
  const fcAt = (m) => (fc && fc.status === 'ok' ? (fc.path || []).find((p) => p.month === m) || null : null);

  // key figures of the selected month
  const facts = cur ? el('section', { class: 'summary-cards', id: 'ind-facts', 'aria-label': t('ind.now', { period: plabel }) },
    el('div', { class: 'card' }, t('ind.now', { period: plabel }), el('span', { class: 'big' }, num(cur.value, dec) || '—')),
    el('div', { class: 'card' }, t('ind.cumulative'), el('span', { class: 'big', id: 'ind-cumulative' }, num(cur.cumulative, dec) || '—')),
    el('div', { class: 'card' }, t('ind.target'), el('span', { class: 'big' }, num(cur.target, dec) || '—'),
      cur.target_source ? el('small', null, t('ind.source.' + cur.target_source)) : null,
      cur.assigned_target !== null && cur.assigned_target !== undefined && cur.target_source === 'own'
        ? el('small', null, ' · ' + t('ind.assigned', { v: num(cur.assigned_target, dec) })) : null),
    el('div', { class: 'card' }, t('ind.percent'), el('span', { class: 'big' }, pct(cur.percent_of_target) || '—')),
    el('div', { class: 'card' }, t('ind.change'), el('span', { class: 'big' }, change(cur.change_on_last_year) || '—')),
    el('div', { class: 'card' }, t('ind.status'), el('span', { class: 'big' }, evalBadge(cur))),
    fc && fc.status === 'ok' ? el('div', { class: 'card', id: 'ind-forecast' }, t('ind.forecast'),
      el('span', { class: 'big' }, num(fc.value, dec)),
      el('small', null, t('ind.fc_detail', { lo: num(fc.low80, dec), hi: num(fc.high80, dec), p: chance(fc.probability) })))
      : fc && fc.status === 'too_little_data' ? el('div', { class: 'card', id: 'ind-forecast' }, t('ind.forecast'),
        el('small', null, fc.reason || '')) : null)
    : el('p', { class: 'note' }, t('ind.not_in_eval', { code }));

  // month table (text alternative of the line chart)
  const monthRows = rows.map((r, i) => ({ m: i + 1, r }));
  const monthTable = table({
    caption: t('ind.table_months'),
    columns: [
      { label: t('ind.col.month'), render: (x) => periodLabel(monthCode(year, x.m), lang()) },
      { label: t('ind.col.value'), num: true, render: (x) => (x.m <= selMonth ? num(x.r?.value, dec) : '') },
      { label: t('ind.col.cum', { y: year }), num: true, render: (x) => (x.m <= selMonth ? num(x.r?.cumulative, dec) : '') },
      { label: t('ind.col.prev', { y: year - 1 }), num: true, render: (x) => num(x.r?.previous_value, dec) },
      { label: t('ind.col.prevcum', { y: year - 1 }), num: true, render: (x) => num(x.r?.previous_cumulative, dec) },
      { label: t('ind.col.path'), num: true, render: (x) => num(pathAt(x.r, x.m), dec) },
      { label: t('ind.col.status'), render: (x) => (x.m <= selMonth && x.r ? evalBadge(x.r) : '') },
      { label: t('ind.col.forecast'), num: true, render: (x) => {
        const p = fcAt(x.m);
        return p ? `${num(p.value, dec)} (${num(p.low80, dec)} – ${num(p.high80, dec)})` : '';
      } },
    ],
    rows: monthRows,
    rowAttrs: (x) => ({ class: x.m === selMonth ? 'current' : null, 'aria-current': x.m === selMonth ? 'true' : null }),
  });
  monthTable.id = 'ind-months';

  // subordinate units (text alternative of the bar chart)
  const unitRows = children.map((c, i) => ({ u: c, r: rowOf(childEvals[i], code) }));
  const unitTable = children.length ? table({
    caption: t('ind.table_units'),
    columns: [
      { label: t('ind.col.unit'), sticky: true, render: (x) => el('a', { href: hashFor('indicator', { code, unit: x.u.code, period }) }, unitName(x.u)) },
      { label: t('ind.col.value'), num: true, render: (x) => num(x.r?.value, dec) },
      { label: t('ind.units_cum'), num: true, render: (x) => num(x.r?.cumulative, dec) },
      { label: t('ind.col.target'), num: true, render: (x) => num(x.r?.target, dec) },
      { label: t('ind.col.percent'), num: true, render: (x) => pct(x.r?.percent_of_target) },
      { label: t('ind.col.change'), num: true, render: (x) => change(x.r?.change_on_last_year) },
      { label: t('ind.col.status'), render: (x) => (x.r ? evalBadge(x.r) : badge('no_data')) },
    ],
    rows: unitRows,
  }) : el('p', { class: 'note' }, t('ind.no_children'));
  unitTable.id = 'ind-units';

  const c1 = chartBox('chart-year', t('ind.chart_year'), t('ind.chart_year_alt'), 'ind-months');
  const unitsHaveFigures = unitRows.some((x) => x.r && (x.r.cumulative !== null || x.r.target !== null));
  const c2 = children.length && unitsHaveFigures ? chartBox('chart-units', t('ind.chart_units', { period: plabel }), t('ind.chart_units_alt'), 'ind-units') : null;
  const histBox = el('section', { id: 'ind-history', 'aria-labelledby': 'hist-h' },
    el('h2', { id: 'hist-h' }, t('ind.history')),
    el('h3', null, t('ind.h_values', { period: periodLabel(valuePeriod, lang()), unit: unitName(unitObj) })),
    vh.error ? errorBox(vh.error) : historyValues(vh.items || [], dec),
    // the month's approval steps, kept beside the value's changes (core/approval.h)
    vh.approval?.length ? [el('h3', null, t('ind.h_approval')), el('ul', { id: 'ind-approval' }, vh.approval.map((a) =>
      el('li', null, `${epoch(a.at)} ${a.by}: ${t('ind.appr.' + a.from)} → ${t('ind.appr.' + a.to)}${a.comment ? ' (' + a.comment + ')' : ''}`)))] : null,
    el('h3', null, t('ind.h_targets', { y: year, unit: unitName(unitObj) })),
    th.error ? errorBox(th.error) : historyTargets(th.items || [], dec));

  append(clear(body), facts, el('div', { class: 'charts' }, c1.box, c2?.box), monthTable, unitTable, histBox);

  const labels = Array.from({ length: 12 }, (_, i) => monthShort(i + 1));
  try {
    await drawChart(c1.canvas, {
      type: 'line', labels, decimals: dec,
      datasets: [
        { label: t('ind.this_year', { y: year }), data: rows.map((r, i) => (i < selMonth ? r?.cumulative ?? null : null)),
          borderColor: COLORS.current, backgroundColor: COLORS.current, borderWidth: 3, spanGaps: false },
        { label: t('ind.last_year', { y: year - 1 }), data: rows.map((r) => r?.previous_cumulative ?? null),
          borderColor: COLORS.previous, backgroundColor: COLORS.previous, borderDash: [6, 4], borderWidth: 2 },
        { label: t('ind.path', { y: year }), data: rows.map((r, i) => pathAt(r, i + 1)),
          borderColor: COLORS.target, backgroundColor: COLORS.target, borderDash: [2, 3], borderWidth: 2, pointStyle: 'rectRot' },
        // the forecast's path from the last actual, and its 80% band (filled between low and high)
        ...(fc && fc.status === 'ok' ? [
          { label: t('ind.fc_line', { y: year }), borderColor: COLORS.extra, backgroundColor: COLORS.extra, borderDash: [4, 4],
            borderWidth: 2, data: labels.map((_, i) => (i + 1 === selMonth ? cur.cumulative ?? null : fcAt(i + 1)?.value ?? null)) },
          { label: t('ind.fc_low'), borderColor: 'rgba(29,122,51,0.35)', backgroundColor: 'rgba(29,122,51,0.15)', borderWidth: 1,
            pointRadius: 0, fill: false, data: labels.map((_, i) => (i + 1 === selMonth ? cur.cumulative ?? null : fcAt(i + 1)?.low80 ?? null)) },
          { label: t('ind.fc_high'), borderColor: 'rgba(29,122,51,0.35)', backgroundColor: 'rgba(29,122,51,0.15)', borderWidth: 1,
            pointRadius: 0, fill: '-1', data: labels.map((_, i) => (i + 1 === selMonth ? cur.cumulative ?? null : fcAt(i + 1)?.high80 ?? null)) },
        ] : []),
      ],
    });
    if (c2)
      await drawChart(c2.canvas, {
        type: 'bar', labels: unitRows.map((x) => x.u.name), decimals: dec,
        datasets: [
          { label: t('ind.units_cum'), data: unitRows.map((x) => x.r?.cumulative ?? null), backgroundColor: COLORS.current },
          { label: t('ind.units_target'), data: unitRows.map((x) => x.r?.target ?? null), backgroundColor: COLORS.previous },
        ],
      });
  } catch (e) {
    if (!ctx.stale()) c1.box.after(el('p', { class: 'note' }, t('ind.no_chart', { msg: e.message })));
  }
}
