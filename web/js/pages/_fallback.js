// pages/_fallback.js - the month a page opens on when the URL names none: the
// usual month (last month, or the unit's last month when it ended) unless the
// unit has no targets in that month's year (a year not yet planned, a unit merged
// away, demo data that ends earlier); then the December of the latest of the three
// years before that has targets. Used by the dashboard and the reports page.
// Not for: months the user chose (always kept) or any figure (GET /api/eval).
import { api } from '../api.js';
import { monthCode } from '../fmt.js';

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
