// boot.js - the first requests of a page load, started as soon as this small module
// arrives, before the app's modules (issue #17: the phone dashboard's first paint on a
// slow network, each round trip ~150 ms): GET /api/me, and, for the dashboard opened
// without a month (all figures, not only approved ones), GET /api/eval?period=default of the unit the dashboard will show
// (the URL's, asked beside /api/me, else the account's first scope once /api/me answers: dashboard.js's rule). app.js and
// dashboard.js take the answers (window.__chitieuBoot, taken once) or ask again.
// No imports on purpose. Not for: errors or retries (the app's own calls handle them).
const get = (u) => fetch(u, { priority: 'high', credentials: 'same-origin', headers: { Accept: 'application/json' } })
  .then(async (r) => ({ ok: r.ok, status: r.status, body: r.ok ? await r.json() : null }), () => null);
const m = /^#\/([a-z][a-z0-9_-]*)?(?:\?(.*))?$/.exec(window.location.hash || '#/');
const page = m ? m[1] || 'dashboard' : '';
const params = new URLSearchParams(m ? m[2] || '' : '');
const boot = { me: get('/api/me'), eval: null };
if (page === 'dashboard' && !/^\d{6}$/.test(params.get('period') || '') && params.get('approved') !== '1') {
  const ask = (unit) => get('/api/eval?' + new URLSearchParams({ unit, period: 'default' }));
  // a unit in the URL: asked beside /api/me (a round trip less); else the account's first scope
  const unit = params.get('unit');
  boot.eval = unit ? ask(unit) : boot.me.then((a) => {
    const first = a?.body?.scopes?.[0]?.unit;
    return a?.ok && first ? ask(first) : null;
  });
}
window.__chitieuBoot = boot;
