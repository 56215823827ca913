// api.js - the one way the pages talk to chitieu's JSON API: api.get(path, query)
// and api.send(method, path, body), same-origin cookies, the X-CSRF-Token header on
// writes, and ApiError {status, code, field, message} built from the server's JSON
// error ({"error": {"code", "message", "field"}}).
// Not for: deciding what a user may do (the server does) or formatting (fmt.js).

let csrf = '';

/** Remembers the CSRF token (from POST /api/login or GET /api/me). */
export function setCsrf(token) {
  csrf = token || '';
}

/** An API failure: HTTP status, error code, the field the server named (or null), message. */
export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/**
 * The ApiError of a failed answer with HTTP status: code, message and field from the
 * server's JSON error (data = the parsed body, {"error": {...}}), or "http_<status>"
 * when the body held none. For the pages' own fetch calls (files, text) too.
 */
export function apiError(status, data) {
  const e = data?.error || {};
  return new ApiError(status, e.code || 'http_' + status, e.message || `HTTP ${status}`, e.field || null);
}

/** Handlers called with the ApiError when the session is gone (401 on a non-login call). */
const unauthorizedHandlers = [];
export function onUnauthorized(f) {
  unauthorizedHandlers.push(f);
}

function url(path, query) {
  const u = new URL(path, window.location.origin);
  if (query)
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  return u.pathname + u.search;
}

async function answer(res, path) {
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.ok) return data ?? {};
  const err = apiError(res.status, data);
  err.data = data; // the whole answer (a 409 of PUT /api/values carries the stored value as "current")
  err.retryAfter = res.headers.get('Retry-After');
  if (res.status === 401 && path !== '/api/login') for (const f of unauthorizedHandlers) f(err);
  throw err;
}

async function call(method, path, query, body, extraHeaders) {
  const headers = { Accept: 'application/json', ...(extraHeaders || {}) };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) {
      if (typeof body === 'string') {
        init.body = body;
      } else {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
  }
  let res;
  try {
    res = await fetch(url(path, query), init);
  } catch (e) {
    throw new ApiError(0, 'network', 'không kết nối được máy chủ: ' + e.message);
  }
  return answer(res, path);
}

export const api = {
  /** GET path with query {k: v} (empty values left out); resolves to the parsed JSON. */
  get(path, query) {
    return call('GET', path, query);
  },
  /** method (POST/PUT/DELETE) path with a JSON body (object) or raw text; adds X-CSRF-Token. */
  send(method, path, body, query, headers) {
    return call(method, path, query, body, headers);
  },
  /**
   * Every item of a paged list (GET path with limit/offset, answer {items, total}),
   * fetched page by page.
   */
  async all(path, query = {}) {
    const items = [];
    for (let offset = 0; ; ) {
      const page = await call('GET', path, { ...query, limit: 500, offset });
      items.push(...(page.items || []));
      offset += (page.items || []).length;
      if (!page.items?.length || offset >= (page.total ?? 0)) return items;
    }
  },
};

export default api;
