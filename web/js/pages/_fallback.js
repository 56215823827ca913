// pages/_fallback.js - the unit and the month a page opens on when the URL names
// none: the first unit of the user's scopes, and the server's default month for
// it (defaultPeriod: GET /api/period/default, core/period_default.c: the latest
// month with data or still open for entry, never a locked empty one) unless the
// unit has no targets in that month's year (a year not yet planned); then the
// December of the latest of the three years before that has targets. Used by
// the dashboard, indicator, entry, reports and meeting pages: the rule lives
// on the server, in one place.
// Not for: units and months the user chose (always kept) or any figure (GET /api/eval).
import { api } from '../api.js';
import { monthCode, today } from '../fmt.js';

/** The unit a user starts on: the first of their scopes that the unit list holds, else the first unit ('' for none). */
export function defaultUnit(me, units) {
  for (const s of me?.scopes || []) if (units.some((u) => u.code === s.unit)) return s.unit;
  return units[0]?.code || '';
}

/**
 * The month usually being reported, "yyyymm": the month before today, or the
 * unit's last month when the unit (from /api/units: valid_to) ended before, e.g.
 * a ward merged in 2025.
 */
export function usualMonth(unitObj) {
  const d = today();
  let p = d.month === 1 ? monthCode(d.year - 1, 12) : monthCode(d.year, d.month - 1);
  const end = /^(\d{4})-(\d{2})/.exec(unitObj?.valid_to || '');
  if (end && end[1] + end[2] < p) p = end[1] + end[2];
  return p;
}

/**
 * The month a page opens on for unitCode, "yyyymm": the server's answer
 * (GET /api/period/default), or usualMonth(unitObj) when it cannot be had
 * (no unit, no right to view it, the network). stale() as monthWithTargets.
 */
export async function defaultPeriod(unitCode, unitObj, stale = () => false) {
  if (!unitCode) return usualMonth(unitObj);
  try {
    const d = await api.get('/api/period/default', { unit: unitCode });
    if (stale()) return null;
    if (/^\d{6}$/.test(d.period || '')) return d.period;
  } catch {
    // the page names the failure when it asks for its own data
  }
  return stale() ? null : usualMonth(unitObj);
}

/**
 * Resolves to {period, ev, fellBack}: ev is GET /api/eval of the chosen month
 * (null when even the first one failed; error then holds the failure), fellBack
 * the year that had no targets (null when the usual month is kept). stale() is
 * asked after every answer; when it turns true the result is null.
 */
export async function monthWithTargets(unit, period, stale = () => false) {
  let ev;
  try {
    ev = await api.get('/api/eval', { unit, period });
  } catch (error) {
    return stale() ? null : { period, ev: null, error, fellBack: null };
  }
  if (stale()) return null;
  if (ev.summary.with_target > 0) return { period, ev, fellBack: null };
  const y0 = Number(String(period).slice(0, 4));
  for (let y = y0 - 1; y >= y0 - 3; y--) {
    let alt;
    try {
      alt = await api.get('/api/eval', { unit, period: monthCode(y, 12) });
    } catch {
      break; // the unit did not exist then, or may not be viewed: keep the usual month
    }
    if (stale()) return null;
    if (alt.summary.with_target > 0) return { period: monthCode(y, 12), ev: alt, fellBack: y0 };
  }
  return { period, ev, fellBack: null };
}
