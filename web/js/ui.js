// ui.js - small DOM helpers shared by the pages: el() builds elements and never
// parses HTML (data always goes in as text), a table builder with keyboard-openable
// rows, status badges (colour and a text label), a toast and an error box that
// points at the field the server named, and unit, month and year pickers.
// Not for: page logic, API calls (api.js) or number formats (fmt.js).
import { t, addStrings, lang } from './i18n.js';
import { fold } from './search.js';
import { periodLabel, monthNameEn } from './fmt.js';

addStrings({
  vi: {
    'status.exceeded': 'Vượt', 'status.met': 'Đạt', 'status.on_track': 'Đúng tiến độ',
    'status.behind': 'Chậm tiến độ', 'status.not_met': 'Không đạt', 'status.no_data': 'Chưa có số liệu',
    'status.not_due': 'Chưa đến kỳ', 'status.no_target': 'Không có kế hoạch', 'status.incomplete': 'Chưa đủ số liệu',
    'ui.close': 'Đóng', 'ui.loading': 'Đang tải…', 'ui.unit': 'Đơn vị', 'ui.month': 'Tháng', 'ui.year': 'Năm',
    'ui.error': 'Lỗi', 'ui.field': 'Trường: {f}', 'ui.empty': 'Không có dòng nào.',
    'ui.month_n': 'Tháng {n}', 'ui.unit_search': 'Tìm đơn vị', 'ui.unit_search_ph': 'tìm đơn vị, ví dụ: bac kan',
    'ui.unit_search_count': '{n} đơn vị khớp',
    'sector.economy': 'Kinh tế', 'sector.social': 'Văn hóa - Xã hội', 'sector.environment': 'Tài nguyên - Môi trường',
    'sector.defence': 'Quốc phòng - An ninh', 'sector.government': 'Xây dựng chính quyền',
  },
  en: {
    'status.exceeded': 'Exceeded', 'status.met': 'Met', 'status.on_track': 'On track',
    'status.behind': 'Behind', 'status.not_met': 'Not met', 'status.no_data': 'No data',
    'status.not_due': 'Not due yet', 'status.no_target': 'No target', 'status.incomplete': 'Incomplete',
    'ui.close': 'Close', 'ui.loading': 'Loading…', 'ui.unit': 'Unit', 'ui.month': 'Month', 'ui.year': 'Year',
    'ui.error': 'Error', 'ui.field': 'Field: {f}', 'ui.empty': 'No rows.',
    'ui.month_n': '{name}', 'ui.unit_search': 'Find a unit', 'ui.unit_search_ph': 'find a unit, e.g. bac kan',
    'ui.unit_search_count': '{n} units match',
    'sector.economy': 'Economy', 'sector.social': 'Culture and society', 'sector.environment': 'Resources and environment',
    'sector.defence': 'Defence and security', 'sector.government': 'Building the government',
  },
});

/** The status codes of /api/eval in display order (docs/eval-json.md). */
export const STATUSES = ['exceeded', 'met', 'on_track', 'behind', 'not_met', 'incomplete', 'no_data',
  'not_due', 'no_target'];

/** The indicator sectors of /api/indicators and /api/eval, in display order. */
export const SECTORS = ['economy', 'social', 'environment', 'defence', 'government'];

/** The label of a sector code in the current language. */
export function sectorLabel(code) {
  return t('sector.' + code);
}

/**
 * Creates an element. attrs: class, text (textContent), dataset via "data-*",
 * "aria-*" and other attributes as attributes, on<Event> functions as listeners,
 * value/checked/disabled/hidden/selected as properties; null/undefined/false skip.
 * children: strings and numbers become text nodes, nodes are appended, arrays are
 * flattened, null/undefined/false are skipped. Never uses innerHTML.
 */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') e.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2).toLowerCase(), v);
    else if (['value', 'checked', 'disabled', 'hidden', 'selected', 'readOnly', 'required'].includes(k)) e[k] = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

/** Appends children to parent with el()'s rules; returns parent. */
export function append(parent, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** Removes every child of node; returns node. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A status badge: coloured, with the text label (never colour alone). */
export function badge(status, label) {
  const s = status || 'no_data';
  return el('span', { class: `badge st-${s}`, 'data-status': s }, label || t('status.' + s));
}

/** The badge of an /api/eval row's status: the server's label in Vietnamese, ours in English. */
export function evalBadge(row) {
  return badge(row.status, lang() === 'vi' && row.status_label ? row.status_label : undefined);
}

/** The label of a status code in the current language. */
export function statusLabel(status) {
  return t('status.' + status);
}

/**
 * A table. opts: columns [{key, label, render(row) -> node|string, num (right
 * aligned), class, sticky (first column kept in view on phones)}], rows, caption,
 * onOpen(row) (rows become focusable: click, Enter or Space opens), rowAttrs(row),
 * empty (text when no rows). Returns the wrapper <div class="table-wrap">.
 */
export function table(opts) {
  const { columns, rows, caption, onOpen, rowAttrs, empty } = opts;
  const thead = el('thead', null, el('tr', null, columns.map((c) =>
    el('th', { scope: 'col', class: [c.num && 'num', c.sticky && 'sticky', c.class] }, c.label))));
  const tbody = el('tbody');
  for (const r of rows) {
    const attrs = { ...(rowAttrs ? rowAttrs(r) : {}) };
    if (onOpen) {
      attrs.tabindex = '0';
      attrs.class = [attrs.class, 'openable'].filter(Boolean).join(' ');
      attrs.onclick = (ev) => { if (!ev.target.closest('a,button,input,select')) onOpen(r); };
      attrs.onkeydown = (ev) => {
        if ((ev.key === 'Enter' || ev.key === ' ') && ev.target === ev.currentTarget) {
          ev.preventDefault();
          onOpen(r);
        }
      };
    }
    tbody.appendChild(el('tr', attrs, columns.map((c, i) => {
      const v = c.render ? c.render(r) : r[c.key];
      const cellTag = i === 0 ? 'th' : 'td';
      return el(cellTag, { class: [c.num && 'num', c.sticky && 'sticky', c.class], scope: i === 0 ? 'row' : null,
        'data-label': c.label }, v === '' ? null : v); // an empty cell has no child (CSS :empty)
    })));
  }
  if (!rows.length)
    tbody.appendChild(el('tr', null, el('td', { colspan: String(columns.length), class: 'empty' }, empty || t('ui.empty'))));
  // stack: on a phone each row is a card of label: value lines (app.css, .stack-phone)
  return el('div', { class: ['table-wrap', opts.stack && 'stack-phone'] },
    el('table', { class: 'data' }, caption ? el('caption', null, caption) : null, thead, tbody));
}

let toastBox = null;
/** Shows a short message at the bottom of the screen for a few seconds (kind: 'ok' or 'error'). */
export function toast(message, kind = 'ok') {
  if (!toastBox) {
    toastBox = document.getElementById('toasts') || document.body.appendChild(el('div', { id: 'toasts' }));
    toastBox.setAttribute('aria-live', 'polite');
  }
  const n = el('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  toastBox.appendChild(n);
  setTimeout(() => n.remove(), kind === 'error' ? 8000 : 4000);
  return n;
}

/**
 * An error box (role=alert) for err (an ApiError or Error). When the server named
 * a field and form holds an element named like it, that element gets
 * aria-invalid and aria-describedby pointing at the box, and receives focus.
 * Returns the box; put it where the user looks.
 */
export function errorBox(err, form) {
  const id = 'err-' + Math.random().toString(36).slice(2, 9);
  const box = el('div', { class: 'error-box', role: 'alert', id },
    el('strong', null, t('ui.error') + ': '), err?.message || String(err));
  if (err?.field) {
    const input = form?.querySelector(`[name="${CSS.escape(err.field)}"]`);
    // the field by the label the user sees ("Lý do mở lại"), the server's name only when the form has none
    const label = input?.labels?.[0]?.textContent?.trim() || input?.getAttribute('aria-label') || err.field;
    box.appendChild(el('span', { class: 'error-field' }, ' (' + t('ui.field', { f: label }) + ')'));
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id);
      setTimeout(() => input.focus(), 0);
    }
  }
  return box;
}

/** Replaces node's content with a loading line. */
export function loading(node) {
  return clear(node).appendChild(el('p', { class: 'loading', role: 'status' }, t('ui.loading')));
}

/** A labelled field: <label>text <control></label> with an optional hint under it. */
export function field(label, control, hint) {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  const parts = [el('label', { for: id }, label), control];
  if (hint) {
    const hid = id + '-hint';
    control.setAttribute('aria-describedby', hid);
    parts.push(el('small', { id: hid, class: 'hint' }, hint));
  }
  return el('div', { class: 'field' }, parts);
}

/**
 * A unit picker: a labelled <select name="unit"> of units ({code, name,
 * type_label, parent}) with children indented under their parent; onChange(code).
 * With more than `searchFrom` units a search box (name="unit_q") above it narrows
 * the options accent-insensitively ("bac kan" keeps every "Bắc Kạn").
 */
export function unitPicker({ units, value, onChange, label, name = 'unit', searchFrom = 8 }) {
  const depth = unitDepths(units);
  const sel = el('select', { name, onchange: () => onChange && onChange(sel.value) },
    units.map((u) => el('option', { value: u.code, selected: u.code === value, 'data-key': fold(`${unitName(u)} ${u.code}`) },
      '\u00a0\u00a0'.repeat(depth.get(u.code) || 0) + unitName(u))));
  if (value && !units.some((u) => u.code === value)) // a unit from the URL the list lacks: shown as its code
    sel.prepend(el('option', { value, selected: true, 'data-key': fold(value) }, value));
  const f = field(label || t('ui.unit'), sel);
  if (units.length <= searchFrom) return f;
  const q = el('input', { type: 'search', name: `${name}_q`, autocomplete: 'off', placeholder: t('ui.unit_search_ph'),
    'aria-label': t('ui.unit_search'),
    oninput: () => {
      const words = fold(q.value);
      let shown = 0;
      for (const o of sel.options) {
        o.hidden = o.value !== sel.value && !o.dataset.key.includes(words);
        if (!o.hidden) shown++;
      }
      count.textContent = t('ui.unit_search_count', { n: shown });
    } });
  const count = el('small', { class: 'hint', 'aria-live': 'polite' });
  f.insertBefore(q, sel);
  f.appendChild(count);
  f.classList.add('unit-picker');
  return f;
}

/** "phường Sông Cầu" style name of a unit from /api/units. */
export function unitName(u) {
  if (!u) return '';
  return u.type_label ? `${u.type_label} ${u.name}` : u.name;
}

/** Depth of each unit within the list (roots of the list at 0). */
export function unitDepths(units) {
  const by = new Map(units.map((u) => [u.code, u]));
  const depth = new Map();
  const d = (u, guard = 0) => {
    if (depth.has(u.code)) return depth.get(u.code);
    const p = by.get(u.parent);
    const v = p && guard < 20 ? d(p, guard + 1) + 1 : 0;
    depth.set(u.code, v);
    return v;
  };
  units.forEach((u) => d(u));
  return depth;
}

/**
 * A month picker: two labelled selects (month, year) for a code "yyyymm";
 * onChange(code). years: [from, to] (default value's year - 5 .. + 1).
 */
export function monthPicker({ value, onChange, years, label }) {
  const y0 = Number(String(value).slice(0, 4)) || new Date().getFullYear();
  const m0 = Number(String(value).slice(4, 6)) || 1;
  const [from, to] = years || [y0 - 5, y0 + 1];
  const fire = () => onChange && onChange(`${ysel.value}${String(msel.value).padStart(2, '0')}`);
  const msel = el('select', { name: 'month', 'aria-label': t('ui.month'), onchange: fire },
    Array.from({ length: 12 }, (_, i) => el('option', { value: String(i + 1), selected: i + 1 === m0 },
      lang() === 'en' ? monthNameEn(i + 1) : `Tháng ${i + 1}`)));
  const ysel = el('select', { name: 'year', 'aria-label': t('ui.year'), onchange: fire },
    Array.from({ length: to - from + 1 }, (_, i) => el('option', { value: String(from + i), selected: from + i === y0 },
      String(from + i))));
  return el('fieldset', { class: 'field month-picker' },
    el('legend', null, label || t('ui.month')), msel, ysel,
    el('span', { class: 'sr-only', 'aria-live': 'polite' }, periodLabel(value, lang())));
}

/** A labelled year select (name="year"); onChange(year as number). */
export function yearPicker({ value, onChange, years, label }) {
  const y0 = Number(value) || new Date().getFullYear();
  const [from, to] = years || [y0 - 5, y0 + 1];
  const sel = el('select', { name: 'year', onchange: () => onChange && onChange(Number(sel.value)) },
    Array.from({ length: to - from + 1 }, (_, i) => el('option', { value: String(from + i), selected: from + i === y0 },
      String(from + i))));
  return field(label || t('ui.year'), sel);
}

/** A labelled search box (type=search, name="q") that calls onInput(text) as the user types. */
export function searchBox({ value = '', onInput, label, placeholder }) {
  const input = el('input', { type: 'search', name: 'q', value, placeholder, autocomplete: 'off',
    oninput: () => onInput && onInput(input.value) });
  return field(label, input);
}

/** Sorts objects by a text key the Vietnamese way, accents ignored first. */
export function sortByName(items, key = 'name') {
  return [...items].sort((a, b) => fold(a[key]).localeCompare(fold(b[key]), 'vi') || String(a[key]).localeCompare(String(b[key]), 'vi'));
}
