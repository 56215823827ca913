// sw.js - chitieu's service worker: keeps the app shell and a ward's entry
// form working without a network (docs/web.md, "Entry without a network").
// Registered by js/offline.js as /sw.js?v=<build> (the web folder's build id
// from GET /api/health): the shell's files are precached in
// "chitieu-shell-<build>", and the caches of older builds are deleted when
// this one activates. Static files: the network first (at most SHELL_WAIT ms
// when a cached copy exists), the cached copy when it fails or is slow; every
// good answer refreshes the cache. API GETs the entry form reads (API_CACHED):
// the network first, the last good answer ("chitieu-api") when it fails, else
// a JSON 503 {"error": {"code": "offline"}}. Other API calls and every write
// go to the network untouched: values typed offline wait in IndexedDB
// (js/offline.js), never here. The page empties "chitieu-api" at login and
// logout, so one user's answers never reach another.
// Not for: deciding anything (the server does) or queueing writes.

const BUILD = new URL(self.location.href).searchParams.get('v') || 'dev';
const SHELL = 'chitieu-shell-' + BUILD;
const API = 'chitieu-api';
const SHELL_WAIT = 3000;

/** The shell precached at install: the pages a ward officer needs (tests/browser/offline.test.mjs checks their imports are here). */
const SHELL_FILES = [
  '/', '/index.html', '/favicon.svg',
  '/css/app.css', '/css/pages.css', '/css/offline.css',
  '/js/api.js', '/js/app.js', '/js/boot.js', '/js/charts.js', '/js/fmt.js', '/js/i18n.js', '/js/offline.js', '/js/search.js', '/js/spark.js', '/js/ui.js',
  '/js/pages/login.js', '/js/pages/entry.js', '/js/pages/due.js', '/js/pages/dashboard.js',
  '/js/pages/_entry_util.js', '/js/pages/_fallback.js', '/js/pages/_forms.js', '/js/pages/_child_states.js',
  '/js/pages/_dash_tasks.js', '/js/pages/_dash_phone.js', '/js/pages/_tasks_util.js',
];

/** API GETs answered from the last good answer when the network fails (the entry form's reads). */
const API_CACHED = ['/api/me', '/api/period', '/api/units', '/api/eval', '/api/indicators', '/api/locks', '/api/approval', '/api/values'];

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES.map((f) => new Request(f, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('chitieu-shell-') && k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function apiCached(path) {
  return path !== '/api/values/history' && API_CACHED.some((p) => path === p || path.startsWith(p + '/'));
}

/** The network's answer to an API GET (kept when 200), else the last kept one, else a JSON 503. */
async function apiFirst(req) {
  try {
    const res = await fetch(req);
    if (res.status === 200) {
      const copy = res.clone();
      caches.open(API).then((c) => c.put(req, copy)).catch(() => {});
    }
    return res;
  } catch {
    const hit = await caches.open(API).then((c) => c.match(req));
    if (hit) return hit;
    return new Response(JSON.stringify({ error: { code: 'offline', message: 'không có mạng: chưa có bản lưu trên máy của dữ liệu này' } }),
      { status: 503, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  }
}

/** A static file: the network (refreshing the cache), the cached copy when it fails or takes over SHELL_WAIT ms. */
async function shellFirst(ev, req, url) {
  const cache = await caches.open(SHELL);
  const key = req.mode === 'navigate' ? '/' : url.pathname;
  const cached = await cache.match(key);
  const net = fetch(req).then((res) => {
    if (res.status === 200 && res.type === 'basic') {
      const copy = res.clone();
      ev.waitUntil(cache.put(key, copy).catch(() => {}));
    }
    return res;
  });
  if (!cached) return net;
  let timer;
  const slow = new Promise((resolve) => { timer = setTimeout(() => resolve(cached), SHELL_WAIT); });
  try {
    return await Promise.race([net, slow]);
  } catch {
    return cached;
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener('fetch', (ev) => {
  const req = ev.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    if (apiCached(url.pathname)) ev.respondWith(apiFirst(req));
    return;
  }
  if (url.pathname === '/sw.js') return;
  ev.respondWith(shellFirst(ev, req, url));
});
