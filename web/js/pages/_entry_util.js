// pages/_entry_util.js - helpers of the data-entry and plans pages that need no
// DOM (so node --test can check them): period codes (type, shifting by a period,
// the indicator frequency that matches), the "far from the reference" warnings
// shown before saving, the estimate/final plan of a save, and a POST whose answer
// body is kept even when the status is 4xx (the bulk routes answer 409 with a
// summary of the bad rows, which api.js would turn into a bare ApiError).
// Not for: formatting (fmt.js), drawing (ui.js) or deciding what a user may enter
// (the server does; the pages only show its answer).

/** The type of a period code: 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | null. */
export function periodType(code) {
  const s = String(code || '');
  if (/^\d{4}(0[1-9]|1[0-2])$/.test(s)) return 'month';
  if (/^\d{4}Q[1-4]$/.test(s)) return 'quarter';
  if (/^\d{4}S[12]$/.test(s)) return 'half';
  if (/^\d{4}N9$/.test(s)) return 'nine_months';
  if (/^\d{4}$/.test(s)) return 'year';
  return null;
}

/** The indicator frequency (/api/indicators "frequency") entered for a period type. */
export function frequencyOf(type) {
  return { month: 'month', quarter: 'quarter', half: 'half', year: 'year' }[type] || null;
}

/** {year, index} of a period code (index: month, quarter, half; 1 for a year). */
export function periodParts(code) {
  const s = String(code || '');
  const year = Number(s.slice(0, 4));
  const type = periodType(s);
  if (!type) return null;
  const index = type === 'month' ? Number(s.slice(4, 6)) : type === 'quarter' || type === 'half' ? Number(s[5]) : 1;
  return { type, year, index };
}

/** The code of a period from its parts. */
export function periodCode(type, year, index) {
  if (type === 'month') return `${year}${String(index).padStart(2, '0')}`;
  if (type === 'quarter') return `${year}Q${index}`;
  if (type === 'half') return `${year}S${index}`;
  if (type === 'nine_months') return `${year}N9`;
  return String(year);
}

/** The period delta periods away of the same type ("202201", -1 -> "202112"); null for nine months. */
export function periodShift(code, delta) {
  const p = periodParts(code);
  if (!p || p.type === 'nine_months') return null;
  const per = { month: 12, quarter: 4, half: 2, year: 1 }[p.type];
  const k = p.year * per + (p.index - 1) + delta;
  return periodCode(p.type, Math.floor(k / per), (k % per) + 1);
}

/** The same period of the year before ("202206" -> "202106"). */
export function sameLastYear(code) {
  const p = periodParts(code);
  return p ? periodCode(p.type, p.year - 1, p.index) : null;
}

/**
 * Warnings for a value far from its references: refs is {last_year, previous,
 * next} (numbers or null); threshold 0.5 means more than +-50 %. Returns
 * [{ref: 'last_year'|'previous'|'next', against, change}] where change is the
 * relative difference in percent (e.g. 120 for +120 %). A reference of 0 warns
 * when the value is not 0 (change Infinity); a missing value warns of nothing.
 */
export function farWarnings(value, refs, threshold = 0.5) {
  const out = [];
  if (value === null || value === undefined || Number.isNaN(value)) return out;
  for (const ref of ['last_year', 'previous', 'next']) {
    const a = refs?.[ref];
    if (a === null || a === undefined || Number.isNaN(Number(a))) continue;
    const against = Number(a);
    if (against === 0) {
      if (value !== 0) out.push({ ref, against, change: Infinity });
      continue;
    }
    const change = ((value - against) / Math.abs(against)) * 100;
    if (Math.abs(change) > threshold * 100) out.push({ ref, against, change });
  }
  return out;
}

/**
 * The rows a save sends. rows: [{code, value (number|null), estimate (bool),
 * orig (number|null), origEstimate (bool), reason, editable}]. submit: every
 * row with a value becomes final (estimate false), changed or not. Returns
 * [{code, value, estimate, reason}] for the rows that change something.
 */
export function rowsToSave(rows, submit = false) {
  const out = [];
  for (const r of rows) {
    if (!r.editable || r.value === null || r.value === undefined) continue;
    const estimate = submit ? false : !!r.estimate;
    const changed = r.orig === null || r.orig === undefined || Number(r.orig) !== Number(r.value)
      || !!r.origEstimate !== estimate;
    if (changed) out.push({ code: r.code, value: r.value, estimate, reason: (r.reason || '').trim() });
  }
  return out;
}

/**
 * POSTs body (object as JSON, or text with contentType) to path with the CSRF
 * token; resolves to {status, body} whatever the status (body parsed JSON or
 * null). Rejects only when the server cannot be reached.
 */
export async function postKeepBody(path, body, csrf, contentType) {
  const headers = { Accept: 'application/json', 'X-CSRF-Token': csrf || '' };
  let data = body;
  if (typeof body !== 'string') {
    data = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  } else {
    headers['Content-Type'] = contentType || 'text/csv';
  }
  const res = await fetch(path, { method: 'POST', headers, body: data, credentials: 'same-origin' });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed };
}

/**
 * The message of a bulk answer that is not a summary (a JSON error) or of a
 * summary's first conflict; '' when neither.
 */
export function bulkMessage(answer) {
  const b = answer?.body;
  if (b?.error?.message) return b.error.message;
  if (b?.conflicts?.length) return b.conflicts[0].value || '';
  if (b?.description) return b.description;
  return '';
}
