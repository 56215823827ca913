// pages/reporting.js - who has reported (#/reporting?unit=&year=): the unit's
// children by month from GET /api/completeness, each cell marked (all on time,
// all but late, partly, nothing and due, nothing yet, owes nothing) with its
// counts in words, linked to that child's entry page for the month; a last row
// with each month's "all, on time" count; above the table the report's sentence
// for the last month already due. Year and unit kept in the URL.
// Not for: deciding what is owed or late (the server does, core/completeness.c).
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, append, clear, errorBox, loading, unitPicker, yearPicker, unitName } from '../ui.js';
import { date, monthCode } from '../fmt.js';
import { hashFor } from '../app.js';
import { defaultUnit } from './_fallback.js';

addStrings({
  vi: {
    'rep.title': 'Tình hình gửi số liệu', 'rep.intro': 'Các đơn vị trực thuộc {unit}, năm {year}, xét đến ngày {today}.',
    'rep.col.unit': 'Đơn vị', 'rep.month': 'T{m}', 'rep.month_full': 'Tháng {m}', 'rep.total': 'Đủ, đúng hạn',
    'rep.all': 'đủ {n}/{n}, đúng hạn', 'rep.all_late': 'đủ {n}/{n} nhưng muộn', 'rep.partly': 'mới nhập {e}/{n}',
    'rep.nothing_due': 'chưa nhập (0/{n}), đã quá hạn', 'rep.nothing': 'chưa nhập (0/{n}), chưa đến hạn',
    'rep.not_owed': 'không phải gửi', 'rep.deadline': 'hạn {d}',
    'rep.sentence': '{ok}/{n} đơn vị gửi đủ số liệu tháng {m}/{y} đúng hạn.',
    'rep.missing': 'Chưa đủ hoặc muộn: {units}.',
    'rep.legend': 'Ký hiệu: ✓ đủ, đúng hạn; ! đủ nhưng muộn; ½ mới nhập một phần; ✗ chưa nhập, đã quá hạn; … chưa đến hạn; · không phải gửi.',
    'rep.rule': 'Một đơn vị phải gửi các chỉ tiêu đã báo cáo trong năm hoặc năm trước, hoặc có kế hoạch năm; muộn là nhập sau hạn báo cáo của kỳ.',
    'appr.submitted': 'đã nộp', 'appr.approved': 'đã duyệt', 'appr.returned': 'bị trả lại', 'appr.accepted': 'đã chấp nhận',
    'appr.accept_due': 'đã duyệt, chờ cấp trên chấp nhận',
    'rep.appr_legend': 'Chữ nhỏ dưới ký hiệu: trạng thái duyệt (N đã nộp, D đã duyệt, D? đã duyệt nhưng còn chờ chấp nhận, T bị trả lại, C đã chấp nhận).',
  },
  en: {
    'rep.title': 'Who has reported', 'rep.intro': 'The units under {unit}, year {year}, as of {today}.',
    'rep.col.unit': 'Unit', 'rep.month': 'M{m}', 'rep.month_full': 'Month {m}', 'rep.total': 'All, on time',
    'rep.all': 'all {n}/{n}, on time', 'rep.all_late': 'all {n}/{n}, late', 'rep.partly': '{e}/{n} entered',
    'rep.nothing_due': 'nothing (0/{n}), past the deadline', 'rep.nothing': 'nothing yet (0/{n}), not due',
    'rep.not_owed': 'owes nothing', 'rep.deadline': 'due {d}',
    'rep.sentence': '{ok}/{n} units sent all their figures for {m}/{y} on time.',
    'rep.missing': 'Missing or late: {units}.',
    'rep.legend': 'Marks: ✓ all, on time; ! all, late; ½ partly; ✗ nothing, past the deadline; … not due yet; · owes nothing.',
    'rep.rule': 'A unit owes the indicators it reported in the year or the year before, or holds a target of; late means entered after the period\'s deadline.',
    'appr.submitted': 'submitted', 'appr.approved': 'approved', 'appr.returned': 'returned', 'appr.accepted': 'accepted',
    'appr.accept_due': 'approved, awaiting acceptance',
    'rep.appr_legend': 'Small letter under a mark: approval (N submitted, D approved, D? approved and awaiting acceptance, T returned, C accepted).',
  },
});

/** The mark and the words of one cell. */
function cellText(c) {
  const n = c.owed;
  switch (c.state) {
    case 'all': return c.late ? ['!', t('rep.all_late', { n })] : ['✓', t('rep.all', { n })];
    case 'partly': return ['½', t('rep.partly', { e: c.entered, n })];
    case 'nothing': return c.due ? ['✗', t('rep.nothing_due', { n })] : ['…', t('rep.nothing', { n })];
    default: return ['·', t('rep.not_owed')];
  }
}

export async function render(root, ctx) {
  loading(root);
  const units = await api.all('/api/units');
  const params = ctx.params;
  const unit = params.get('unit') || defaultUnit(ctx.me, units);
  const yearParam = /^\d{4}$/.test(params.get('year') || '') ? params.get('year') : '';
  let ans;
  try {
    ans = await api.get('/api/completeness', yearParam ? { unit, year: yearParam } : { unit });
  } catch (e) {
    if (ctx.stale()) return;
    clear(root).append(el('h1', null, t('rep.title')), errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const year = ans.year;
  const reload = (ch) => ctx.go('reporting', { unit, year, ...ch });
  const unitObj = units.find((u) => u.code === unit);
  const tools = el('div', { class: 'toolbar no-print' },
    unitPicker({ units, value: unit, onChange: (u) => reload({ unit: u }) }),
    yearPicker({ value: year, onChange: (y) => reload({ year: y }) }));

  // the report's sentence for the last month already due
  let last = 0;
  for (const u of ans.units) u.cells.forEach((c) => { if (c.state !== 'not_owed' && c.due) last = Math.max(last, c.month); });
  const sentence = el('p', { class: 'summary', id: 'rep-sentence' });
  if (last) {
    const m = ans.months[last - 1];
    sentence.append(t('rep.sentence', { ok: m.on_time, n: m.owing, m: last, y: year }));
    const missing = ans.units.filter((u) => { const c = u.cells[last - 1]; return c.state !== 'not_owed' && (c.state !== 'all' || c.late); });
    if (missing.length) sentence.append(' ', t('rep.missing', { units: missing.map((u) => u.name).join(', ') }));
  }

  const head = el('tr', null, el('th', { scope: 'col', class: 'sticky' }, t('rep.col.unit')),
    ans.months.map((m) => el('th', { scope: 'col', title: t('rep.month_full', { m: m.month }) }, t('rep.month', { m: m.month }))));
  const body = el('tbody', null, ans.units.map((u) => el('tr', { 'data-code': u.code },
    el('th', { scope: 'row', class: 'sticky' }, u.name, ' ', el('span', { class: 'code' }, u.code)),
    u.cells.map((c) => {
      const [mark, words] = cellText(c);
      const appr = c.approval && c.approval !== 'draft' ? c.approval : null;
      const label = `${u.name}, ${t('rep.month_full', { m: c.month })}: ${words}` + (c.deadline ? ` (${t('rep.deadline', { d: date(c.deadline) })})` : '')
        + (appr ? `; ${t(c.accept_due ? 'appr.accept_due' : 'appr.' + appr)}` : '');
      const cls = ['rep-cell', `rep-${c.state}`, c.late && 'rep-late'].filter(Boolean).join(' ');
      const letter = c.accept_due ? 'D?' : { submitted: 'N', approved: 'D', returned: 'T', accepted: 'C' }[appr];
      return el('td', { class: cls, 'data-state': c.state, 'data-approval': c.approval || 'draft', title: label },
        c.state === 'not_owed' ? el('span', { 'aria-label': label }, mark)
          : el('a', { href: hashFor('entry', { unit: u.code, period: monthCode(year, c.month) }), 'aria-label': label }, mark,
            letter ? el('sup', { class: 'rep-appr', 'aria-hidden': 'true' }, letter) : null));
    }))));
  const foot = el('tfoot', null, el('tr', null, el('th', { scope: 'row', class: 'sticky' }, t('rep.total')),
    ans.months.map((m) => el('td', { 'data-month': m.month }, m.owing ? `${m.on_time}/${m.owing}` : ''))));
  const tableBox = el('div', { class: 'table-wrap' },
    el('table', { class: 'data rep-table', id: 'rep-table' }, el('thead', null, head), body, foot));
  append(clear(root), el('h1', null, t('rep.title')), tools,
    el('p', null, t('rep.intro', { unit: unitObj ? unitName(unitObj) : unit, year, today: date(ans.today) })),
    sentence, tableBox, el('p', { class: 'hint' }, t('rep.legend')), el('p', { class: 'hint' }, t('rep.appr_legend')),
    el('p', { class: 'hint' }, t('rep.rule')));
  const h = hashFor('reporting', { unit, year });
  if (window.location.hash !== h) history.replaceState(null, '', h);
}
