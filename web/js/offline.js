// offline.js - entry without a network: the service worker's registration
// (/sw.js?v=<web build id>), the queue of values typed offline (IndexedDB
// "chitieu-offline", plain API), their sending when the network returns, and
// the bar in the header that says how many wait ("chờ gửi"), clash with a
// change made on the server meanwhile, or need a new login.
// Each queued value: {id (its order), user, key, indicator, unit, period,
// value, estimate, reason, expected: {value|null, estimate, at?} (what the
// officer saw), state: 'pending' | 'conflict' | 'refused', current (the
// server's value of a conflict), message, field}. Sending is in order, one
// PUT /api/values each with "expected": 200 takes it off the queue; 409 on
// "expected" makes it a conflict the officer resolves (keep mine: sent again
// against the server's value; take theirs: dropped); another refusal is
// kept with its message; 401 stops and waits for a login; a CSRF refusal
// reads the token again (GET /api/me) once; no network stops and retries.
// Only the logged-in user's values are shown or sent.
// Not for: the entry grid (pages/entry.js) or caching answers (sw.js).
import { api, setCsrf } from './api.js';
import { t, addStrings } from './i18n.js';
import { el, clear } from './ui.js';

// the bar's and the conflict box's styles come with this module (off the phone's first paint, issue #17)
if (!document.querySelector('link[href="css/offline.css"]'))
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: 'css/offline.css' }));

addStrings({
  vi: {
    'off.pending': '{n} số liệu chờ gửi', 'off.conflicts': '{n} số liệu xung đột cần xử lý',
    'off.refused': '{n} số liệu bị máy chủ từ chối', 'off.offline': 'Đang không có mạng',
    'off.login': 'Phiên đăng nhập đã hết: đăng nhập lại để gửi các số liệu chờ gửi.',
    'off.open': 'Xem', 'off.sending': 'Đang gửi…',
  },
  en: {
    'off.pending': '{n} values waiting to be sent', 'off.conflicts': '{n} values in conflict to resolve',
    'off.refused': '{n} values refused by the server', 'off.offline': 'No network',
    'off.login': 'The session has expired: log in again to send the waiting values.',
    'off.open': 'Open', 'off.sending': 'Sending…',
  },
});

const DB_NAME = 'chitieu-offline';
const STORE = 'queue';
/** How often the queue is tried again while values wait and the browser says it is online (ms). */
const RETRY_EVERY = 20000;

let user = '';
let needLogin = false;
let sending = null;
let dbp = null;
const listeners = new Set();

function openDb() {
  if (!dbp) {
    dbp = new Promise((resolve, reject) => {
      const r = indexedDB.open(DB_NAME, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    dbp.catch(() => { dbp = null; });
  }
  return dbp;
}

/** Runs f(store) in one transaction; resolves to f's result once it has committed. */
async function inStore(mode, f) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    let out;
    Promise.resolve(f(tx.objectStore(STORE))).then((v) => { out = v; }, reject);
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function req(r) {
  return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}

/** Every queued value (all users), in order. */
async function all() {
  return inStore('readonly', (s) => req(s.getAll()));
}

/** The logged-in user's queued values, in order; filter {unit, period} optional. */
export async function items(filter = {}) {
  if (!user) return [];
  return (await all()).filter((x) => x.user === user && (!filter.unit || x.unit === filter.unit)
    && (!filter.period || x.period === filter.period));
}

/**
 * Queues values typed without a network: [{indicator, unit, period, value,
 * estimate, reason, expected}]. A value already waiting for the same cell takes
 * the new figure and keeps its place and its expected (what was seen first).
 */
export async function enqueue(list) {
  if (!user) throw new Error('not logged in');
  const waiting = await items();
  await inStore('readwrite', (s) => {
    for (const v of list) {
      const key = `${v.unit}|${v.period}|${v.indicator}`;
      const old = waiting.find((x) => x.key === key);
      const row = { ...v, user, key, state: 'pending', current: null, message: '', field: null, typed: Date.now() };
      if (old) s.put({ ...row, id: old.id, expected: old.state === 'conflict' ? v.expected : old.expected });
      else s.add(row);
    }
  });
  changed();
}

/** Drops one queued value (taking the server's figure, or giving up a refused one). */
export async function drop(id) {
  await inStore('readwrite', (s) => s.delete(id));
  changed();
}

/** Keeps the officer's figure of a conflict: sent again against the server's current value. */
export async function keepMine(id) {
  await inStore('readwrite', async (s) => {
    const x = await req(s.get(id));
    if (!x) return;
    const c = x.current;
    x.expected = c ? { value: c.value, estimate: !!c.estimate, at: c.at } : { value: null };
    x.state = 'pending';
    x.current = null;
    x.message = '';
    s.put(x);
  });
  changed();
  if (sending) await sending; // a run that already tried it: send it in a new one
  return sync();
}

/** Calls f({sent}) after every change of the queue (sent: values the server took, with its answer). */
export function onQueueChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

function changed(info = {}) {
  for (const f of listeners) {
    try {
      f(info);
    } catch (e) {
      console.error(e);
    }
  }
  drawBar();
}

/** True for a failure that says nothing about the value: no network, the server busy. */
function transient(e) {
  return e.status === 0 || e.code === 'offline' || e.status === 503 || e.status === 429 || e.status === 502 || e.status === 504;
}

/** Sends the waiting values in order (one run at a time); resolves to the number sent. */
export function sync() {
  if (!sending) sending = send().finally(() => { sending = null; drawBar(); });
  return sending;
}

async function send() {
  if (!user || !navigator.onLine) return 0;
  let sent = 0;
  let csrfRetried = false;
  let stop = false;
  const tried = new Set();
  drawBar(true);
  // values queued (or kept after a conflict) while this run sends are taken in the same run
  for (;;) {
    const queue = (await items()).filter((x) => x.state === 'pending' && !tried.has(x.id));
    if (!queue.length || stop) break;
    for (let i = 0; i < queue.length && !stop; i++) {
      const x = queue[i];
      tried.add(x.id);
      const r = await sendOne(x, csrfRetried);
      if (r === 'csrf') { csrfRetried = true; tried.delete(x.id); i--; continue; }
      if (r === 'sent') sent++;
      if (r === 'stop') stop = true;
    }
  }
  return sent;
}

/** Sends one queued value: 'sent', 'kept' (a conflict or refusal recorded), 'csrf' (token read again: send again) or 'stop'. */
async function sendOne(x, csrfRetried) {
  try {
    const ans = await api.send('PUT', '/api/values', {
      indicator: x.indicator, unit: x.unit, period: x.period, value: x.value, estimate: !!x.estimate,
      reason: x.reason || undefined, expected: x.expected,
    });
    await inStore('readwrite', async (s) => {
      const now = await req(s.get(x.id));
      if (!now || now.typed === x.typed) return s.delete(x.id);
      // typed again while this one was on its way: the newer figure waits, against what the server has now
      const v = ans.value;
      return s.put({ ...now, expected: v ? { value: v.value, estimate: !!v.estimate, at: v.at } : now.expected });
    });
    needLogin = false;
    changed({ sent: [{ item: x, answer: ans }] });
    return 'sent';
  } catch (e) {
    if (transient(e)) return 'stop';
    if (e.status === 401) {
      needLogin = true; // the values stay; app.js sends them after the next login
      return 'stop';
    }
    if (e.status === 403 && e.code === 'csrf' && !csrfRetried) {
      try {
        const me = await api.get('/api/me');
        setCsrf(me.csrf);
        return 'csrf'; // the same value again with the new token
      } catch {
        return 'stop';
      }
    }
    const conflict = e.status === 409 && e.field === 'expected';
    await inStore('readwrite', (s) => s.put({ ...x, state: conflict ? 'conflict' : 'refused',
      current: conflict ? e.data?.current ?? null : null, message: e.message, field: e.field || null }));
    changed();
    return 'kept';
  }
}

/** The header's bar: what waits, what clashes, and whether a login is needed. */
async function drawBar(busy = false) {
  const top = document.getElementById('top');
  if (!top) return;
  let bar = document.getElementById('offline-bar');
  if (!bar) {
    bar = el('div', { id: 'offline-bar', class: 'offline-bar', role: 'status', 'aria-live': 'polite', hidden: true });
    top.append(bar);
  }
  let mine = [];
  try {
    mine = await items();
  } catch { /* no IndexedDB: nothing to say */ }
  const n = (s) => mine.filter((x) => x.state === s).length;
  const parts = [];
  if (!navigator.onLine) parts.push(t('off.offline'));
  if (n('pending')) parts.push(busy && navigator.onLine ? t('off.sending') + ' ' + t('off.pending', { n: n('pending') })
    : t('off.pending', { n: n('pending') }));
  if (n('conflict')) parts.push(t('off.conflicts', { n: n('conflict') }));
  if (n('refused')) parts.push(t('off.refused', { n: n('refused') }));
  if (needLogin && mine.length) parts.push(t('off.login'));
  clear(bar);
  bar.hidden = !parts.length;
  if (!parts.length) return;
  bar.append(parts.join(' · '));
  const first = mine[0];
  if (first && !needLogin) {
    bar.append(' ', el('a', { href: `#/entry?unit=${encodeURIComponent(first.unit)}&period=${encodeURIComponent(first.period)}` },
      t('off.open')));
  }
}

/**
 * Who is logged in (their login, '' for nobody): their values are shown and
 * sent; a login after an expired session sends what waited.
 */
export function setUser(login) {
  const was = user;
  user = login || (needLogin ? user : '');
  if (login && (login !== was || needLogin)) {
    needLogin = false;
    sync();
  }
  drawBar();
}

/** The user logged out: nothing of theirs is shown until they log in again (their values stay queued). */
export function loggedOut() {
  user = '';
  needLogin = false;
  drawBar();
}

/** The session ended (a 401): the values stay until the same user logs in again. */
export function sessionLost() {
  if (!user) return;
  needLogin = true;
  drawBar();
}

/** Empties the service worker's cache of API answers (at login and logout: one user's answers never reach another). */
export async function clearApiCache() {
  try {
    if (window.caches) await caches.delete('chitieu-api');
  } catch { /* nothing cached */ }
}

/**
 * Registers the service worker, named by the web folder's build id (a new
 * build installs a new worker, whose cache replaces the old one); quietly
 * nothing where the browser has none or the server cannot be asked.
 */
export async function registerWorker() {
  if (!('serviceWorker' in navigator) || !navigator.onLine) return;
  try {
    const h = await api.get('/api/health');
    await navigator.serviceWorker.register('/sw.js?v=' + encodeURIComponent(h.web || 'dev'), { scope: '/' });
  } catch (e) {
    console.warn('service worker:', e.message);
  }
}

/** Starts listening: the network's return sends the queue, and a timer tries again while values wait. */
export function startOffline() {
  window.addEventListener('online', () => { drawBar(); sync(); });
  window.addEventListener('offline', () => drawBar());
  setInterval(async () => {
    if (!user || !navigator.onLine || sending) return;
    try {
      if ((await items()).some((x) => x.state === 'pending')) sync();
    } catch { /* no IndexedDB */ }
  }, RETRY_EVERY);
}
