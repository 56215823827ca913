// app.js - the app shell: hash router (#/<page>?k=v loads ./pages/<page>.js and
// calls its render(root, ctx)), who is logged in (GET /api/me), the header (user
// name, units, the notices' bell with the unread count, language switch, log out)
// and the navigation by role.
// ctx = {params (URLSearchParams), me (GET /api/me answer), go(page, params), page,
// openHash(hash), stale() (true once another page has started rendering),
// refreshBell() (reads the unread count again)}.
// Not for: any page's content. Hiding a nav link is convenience only: the server
// refuses what a role may not do.
import { api, setCsrf, onUnauthorized } from './api.js';
import { t, addStrings, setLang, lang, onLangChange } from './i18n.js';
import { el, append, clear, errorBox, unitName } from './ui.js';
// offline.js (the queue of values typed offline, the service worker) is imported beside the first
// page, not before it: one module file less before the phone's first paint (issue #17)
const offline = import('./offline.js');
const withOffline = (f) => offline.then(f);

addStrings({
  vi: {
    'app.title': 'Chỉ tiêu kinh tế - xã hội', 'app.brand': 'Chỉ tiêu', 'app.skip': 'Bỏ qua, đến nội dung chính',
    'app.nav': 'Chức năng', 'app.logout': 'Đăng xuất', 'app.switch_lang': 'English',
    'app.switch_lang_label': 'Switch to English',
    'app.not_found': 'Không có trang "{page}".', 'app.back_home': 'Về trang tổng quan',
    'app.load_failed': 'Không tải được trang "{page}": {msg}',
    'app.units': 'Đơn vị: {units}', 'app.enter': 'nhập', 'app.view': 'xem',
    'nav.dashboard': 'Tổng quan', 'nav.due': 'Việc cần nhập', 'nav.entry': 'Nhập số liệu',
    'nav.plans': 'Kế hoạch', 'nav.catalog': 'Danh mục', 'nav.users': 'Người dùng',
    'nav.meetings': 'Cuộc họp', 'nav.tasks': 'Nhiệm vụ', 'nav.reports': 'Báo cáo',
    'nav.reporting': 'Gửi số liệu', 'nav.term': 'Nhiệm kỳ',
    'app.bell': 'Thông báo', 'app.bell_unread': 'Thông báo: {n} chưa đọc', 'nav.notify': 'Gửi thông báo',
    'nav.extract': 'Đọc báo cáo',
  },
  en: {
    'app.title': 'Socio-economic targets', 'app.brand': 'Targets', 'app.skip': 'Skip to main content',
    'app.nav': 'Main menu', 'app.logout': 'Log out', 'app.switch_lang': 'Tiếng Việt',
    'app.switch_lang_label': 'Chuyển sang tiếng Việt',
    'app.not_found': 'There is no page "{page}".', 'app.back_home': 'Back to the dashboard',
    'app.load_failed': 'Could not load page "{page}": {msg}',
    'app.units': 'Units: {units}', 'app.enter': 'entry', 'app.view': 'view',
    'nav.dashboard': 'Dashboard', 'nav.due': 'Due', 'nav.entry': 'Data entry',
    'nav.plans': 'Plans', 'nav.catalog': 'Catalogue', 'nav.users': 'Users',
    'nav.meetings': 'Meetings', 'nav.tasks': 'Tasks', 'nav.reports': 'Reports',
    'nav.reporting': 'Who reported', 'nav.term': 'Term targets',
    'app.bell': 'Notices', 'app.bell_unread': 'Notices: {n} unread', 'nav.notify': 'Notifications',
    'nav.extract': 'Read a report',
  },
});

/**
 * The navigation: page, and the roles that see its link (null: every role).
 * Later pages add a row here. Pages not listed still open by URL.
 */
export const NAV = [
  { page: 'dashboard', roles: null },
  { page: 'due', roles: ['admin', 'leader', 'department', 'ward'] },
  { page: 'entry', roles: ['admin', 'department', 'ward'] },
  // reading a report (issue #19): wards open it by URL (#/extract); one more link would push a
  // ward's header on a phone past its budget (tests/browser/newcomer.test.mjs)
  { page: 'extract', roles: ['admin', 'department'] },
  { page: 'reporting', roles: ['admin', 'leader', 'department', 'viewer'] },
  { page: 'term', roles: ['admin', 'leader', 'viewer'] },
  { page: 'plans', roles: ['admin', 'leader'] },
  { page: 'catalog', roles: ['admin'] },
  { page: 'users', roles: ['admin'] },
  { page: 'notify', roles: ['admin'] },
  { page: 'meetings', roles: null },
  { page: 'tasks', roles: null },
  { page: 'reports', roles: null },
];

/** Pages that open without logging in. */
const PUBLIC_PAGES = new Set(['login']);

let me = null;
let renderSeq = 0;
/** Names of the units of the user's scopes ("phường Sông Cầu"), for the header only. */
const scopeNames = new Map();

/** The logged-in user (GET /api/me answer) or null. */
export function currentUser() {
  return me;
}

/** Parses location.hash "#/page?k=v" into {page, params}. */
export function parseHash(hash = window.location.hash) {
  const h = hash.replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const page = (q < 0 ? h : h.slice(0, q)) || '';
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  return { page, params };
}

/** The hash for page and params (object or URLSearchParams; empty values left out). */
export function hashFor(page, params) {
  const p = new URLSearchParams();
  if (params)
    for (const [k, v] of params instanceof URLSearchParams ? params.entries() : Object.entries(params))
      if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const qs = p.toString();
  return `#/${page}${qs ? '?' + qs : ''}`;
}

/** Navigates to page with params; renders again when the hash does not change. */
export function go(page, params) {
  const h = hashFor(page, params);
  if (window.location.hash === h) route();
  else window.location.hash = h;
}

/** Navigates to a full hash ("#/page?k=v"); renders again when it is the current one. */
export function openHash(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

let namesPending = false; // the header's unit names are still to be read (after the first page)

/** Loads the logged-in user; null when not logged in. */
export async function loadMe() {
  try {
    // js/boot.js asked already (taken once: later calls ask the server)
    const boot = window.__chitieuBoot;
    const pre = boot?.me ? await boot.me : null;
    if (boot) boot.me = null;
    me = pre?.ok ? pre.body : await api.get('/api/me');
    setCsrf(me.csrf);
    namesPending = true; // the units' names follow in the header, after the page (route())
  } catch (e) {
    if (e.status !== 401) throw e;
    me = null;
  }
  renderShell();
  if (me) {
    const login = me.user?.login || '';
    withOffline((m) => { m.setUser(login); m.registerWorker(); }) // sends the values typed offline, once logged in
      .catch(console.error);
  }
  return me;
}

/**
 * Looks up the names of the scope units (a few GET /api/units/{code}, in parallel):
 * the header says "phường Sông Cầu", not "01837". A unit that cannot be read keeps its code.
 */
async function loadScopeNames() {
  const codes = [...new Set((me?.scopes || []).map((s) => s.unit))].filter((c) => !scopeNames.has(c)).slice(0, 8);
  await Promise.all(codes.map(async (c) => {
    try {
      const u = await api.get('/api/units/' + encodeURIComponent(c));
      scopeNames.set(c, unitName(u) || c);
    } catch { /* shown as its code */ }
  }));
}

/** Sets the logged-in user after a login answer and loads the full /api/me. */
export async function loggedIn(loginAnswer) {
  setCsrf(loginAnswer?.csrf);
  await withOffline((m) => m.clearApiCache()); // answers kept offline are of the last session's user
  return loadMe();
}

/** How often the bell asks for the unread count while a user is logged in (ms). */
const BELL_EVERY = 60000;
let bellTimer = null;
let bellUnread = 0;

/** Shows n unread notices on the bell (the number hidden at 0; the label says it for screen readers). */
function showBell(n) {
  bellUnread = n;
  const count = document.getElementById('bell-count');
  const bell = document.getElementById('bell');
  if (!count || !bell) return;
  count.textContent = n > 99 ? '99+' : String(n);
  count.hidden = n === 0;
  document.getElementById('bell-label').textContent = n ? t('app.bell_unread', { n }) : t('app.bell');
  bell.setAttribute('title', n ? t('app.bell_unread', { n }) : t('app.bell'));
}

/** Reads the unread count (GET /api/notices?limit=1) and shows it; silent on failure. */
export async function refreshBell() {
  if (!me) return;
  try {
    const ans = await api.get('/api/notices', { limit: 1 });
    showBell(ans.unread || 0);
  } catch { /* the bell keeps its last count */ }
}

function renderShell() {
  document.title = t('app.title');
  document.getElementById('brand-name').textContent = t('app.brand');
  document.getElementById('skip').textContent = t('app.skip');
  const langBtn = document.getElementById('lang');
  langBtn.textContent = t('app.switch_lang');
  langBtn.setAttribute('lang', lang() === 'vi' ? 'en' : 'vi');
  langBtn.setAttribute('aria-label', t('app.switch_lang_label'));
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  const out = document.getElementById('logout');
  out.textContent = t('app.logout');
  nav.setAttribute('aria-label', t('app.nav'));
  const bell = document.getElementById('bell');
  if (!me) {
    who.hidden = true;
    nav.hidden = true;
    out.hidden = true;
    bell.hidden = true;
    clearInterval(bellTimer);
    bellTimer = null;
    return;
  }
  bell.hidden = false;
  if (parseHash().page === 'notices') bell.setAttribute('aria-current', 'page');
  else bell.removeAttribute('aria-current');
  showBell(bellUnread);
  if (!bellTimer) {
    bellTimer = setInterval(refreshBell, BELL_EVERY);
    refreshBell();
  }
  // the units by name once read (after the first page): never a flash of codes before
  const scopes = namesPending ? [] : (me.scopes || []).map((s) => `${scopeNames.get(s.unit) || s.unit} (${t(s.kind === 'enter' ? 'app.enter' : 'app.view')})`);
  append(clear(who), 
    el('span', { class: 'who-name', id: 'who-name' }, me.user?.name || me.user?.login),
    el('span', { class: 'who-role' }, ' · ' + (me.user?.role_label || me.role)),
    scopes.length ? el('span', { class: 'who-units', id: 'who-units' }, ' · ' + t('app.units', { units: scopes.join(', ') })) : null);
  who.hidden = false;
  out.hidden = false;
  const current = parseHash().page || 'dashboard';
  append(clear(document.getElementById('nav-list')), NAV
    .filter((n) => !n.roles || n.roles.includes(me.role))
    .map((n) => el('li', null, el('a', {
      href: hashFor(n.page), 'aria-current': n.page === current ? 'page' : null,
    }, t('nav.' + n.page)))));
  nav.hidden = false;
}

function notFound(root, page) {
  clear(root).append(
    el('h1', null, t('app.not_found', { page })),
    el('p', null, el('a', { href: hashFor('dashboard') }, t('app.back_home'))));
}

/** Renders the page the hash names (the login page when not logged in). */
export async function route() {
  const seq = ++renderSeq;
  let { page, params } = parseHash();
  if (!me && !PUBLIC_PAGES.has(page)) {
    const next = page ? window.location.hash : '';
    page = 'login';
    params = new URLSearchParams(next ? { next } : {});
  } else if (!page || (me && page === 'login')) {
    page = 'dashboard';
  }
  renderShell();
  // after the page has its data (a slow network: the page first): the bell's count, the header's unit names
  const after = () => {
    if (seq !== renderSeq || !me) return;
    if (page !== 'notices') refreshBell(); // a new notice shows at the next page, not only each minute
    if (namesPending) {
      loadScopeNames().then(() => { namesPending = false; if (me) renderShell(); }, () => {});
    }
  };
  const main = document.getElementById('app');
  const prev = main.firstElementChild;
  const focusName = prev?.dataset.page === page && prev.contains(document.activeElement)
    ? document.activeElement.getAttribute('name') : null;
  const root = el('div', { class: `page page-${page}`, 'data-page': page });
  main.replaceChildren(root);
  if (!/^[a-z][a-z0-9_-]{0,40}$/.test(page)) return notFound(root, page);
  let mod;
  try {
    mod = await import(`./pages/${page}.js`);
  } catch (e) {
    if (seq !== renderSeq) return;
    console.error(e);
    return notFound(root, page);
  }
  if (seq !== renderSeq) return;
  const ctx = { params, me, go, openHash, page, seq, stale: () => seq !== renderSeq, refreshShell: renderShell, loggedIn,
    refreshBell };
  try {
    await mod.render(root, ctx);
    after();
    if (focusName && seq === renderSeq) root.querySelector(`[name="${CSS.escape(focusName)}"]`)?.focus();
  } catch (e) {
    after();
    if (seq !== renderSeq) return;
    console.error(e);
    if (e.status === 401) return;
    root.append(errorBox({ message: t('app.load_failed', { page, msg: e.message }) }));
  }
}

function start() {
  document.getElementById('lang').addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await api.send('POST', '/api/logout');
    } catch { /* the session may be gone already */ }
    me = null;
    setCsrf('');
    await withOffline((m) => { m.loggedOut(); return m.clearApiCache(); }).catch(console.error);
    go('login');
  });
  document.getElementById('skip').addEventListener('click', (ev) => {
    ev.preventDefault(); // the hash belongs to the router
    document.getElementById('app').focus();
  });
  onLangChange(() => route());
  withOffline((m) => m.startOffline()).catch(console.error);
  onUnauthorized(() => {
    if (!me) return;
    withOffline((m) => m.sessionLost()).catch(console.error); // values typed offline stay queued for the next login
    me = null;
    route();
  });
  window.addEventListener('hashchange', () => {
    route().then(() => {
      const h1 = document.querySelector('#app h1');
      if (h1 && !document.activeElement?.closest('#app')) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
      }
    });
  });
  // the page's module loads while /api/me is asked (a slow network: one round trip less)
  const first = parseHash().page || 'dashboard';
  if (/^[a-z][a-z0-9_-]{0,40}$/.test(first)) import(`./pages/${first}.js`).catch(() => {});
  loadMe().then(route, (e) => {
    document.getElementById('app').replaceChildren(errorBox(e));
  });
}

start();
