// webcalls.mjs - finds the API calls of the web pages (web/js/**/*.js) and writes them as a
// TypeScript file typed against the client openapi-typescript generates from /api/openapi.json,
// so that `tsc --noEmit` fails when a page calls a path or method the API does not describe,
// sends a query parameter or a JSON body field the route does not take, or leaves out a
// required body field. Read by openapi.test.mjs.
//
// What is read: api.get(PATH, {query}), api.all(PATH, {query}), api.send(METHOD, PATH, BODY,
// {query}), where PATH is a string or template literal ('/api/tasks/' + id too) and BODY an
// object literal or a name bound to one in the same file (`const b = {...}`, plus `b.key = `
// assignments; `...b` spreads are merged). Any other string starting with /api/ must be a
// path of the API. A body or query built some other way (a spread of an unknown object, a
// computed key) is checked for the keys that can be seen, as a Partial.
// Not for: the values' types (they are form strings and numbers: checked by the server).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The .js files under dir, sorted. */
export function jsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsFiles(p));
    else if (name.endsWith('.js')) out.push(p);
  }
  return out;
}

/** The index just past the literal or bracketed group starting at src[i]. */
function skip(src, i) {
  const open = src[i];
  if (open === "'" || open === '"') {
    for (i++; i < src.length && src[i] !== open; i++) if (src[i] === '\\') i++;
    return i + 1;
  }
  if (open === '`') {
    for (i++; i < src.length && src[i] !== '`'; i++) {
      if (src[i] === '\\') i++;
      else if (src[i] === '$' && src[i + 1] === '{') i = skip(src, i + 1) - 1;
    }
    return i + 1;
  }
  const close = { '(': ')', '[': ']', '{': '}' }[open];
  for (i++; i < src.length && src[i] !== close; ) {
    if ("'\"`([{".includes(src[i])) i = skip(src, i);
    else if (src[i] === '/' && src[i + 1] === '/') i = src.indexOf('\n', i);
    else i++;
  }
  return i + 1;
}

/** The top-level comma-separated pieces of src[from, to), trimmed. */
function split(src, from, to) {
  const parts = [];
  let start = from;
  for (let i = from; i < to; ) {
    if ("'\"`([{".includes(src[i])) i = skip(src, i);
    else if (src[i] === ',') {
      parts.push(src.slice(start, i).trim());
      start = ++i;
    } else i++;
  }
  const last = src.slice(start, to).trim();
  if (last) parts.push(last);
  return parts;
}

/** An object literal's text -> {keys: Set, spreads: [names], unknown: bool}. */
function objectKeys(text) {
  const r = { keys: new Set(), spreads: [], unknown: false };
  for (const p of split(text, 1, text.length - 1)) {
    let m;
    if ((m = /^\.\.\.\s*([A-Za-z_$][\w$]*)\s*$/.exec(p))) r.spreads.push(m[1]);
    else if (p.startsWith('...') || p.startsWith('[')) r.unknown = true;
    else if ((m = /^(?:'([^']+)'|"([^"]+)"|([A-Za-z_$][\w$]*))\s*(?::|$)/.exec(p))) r.keys.add(m[1] || m[2] || m[3]);
    else r.unknown = true;
  }
  return r;
}

/** The keys of the object bound to name before position at (nearest `const|let name = {`), or null. */
function boundKeys(src, name, at) {
  const re = new RegExp(`(?:const|let|var)\\s+${name.replace('$', '\\$')}\\s*=\\s*\\{`, 'g');
  let m, last = null;
  while ((m = re.exec(src)) && m.index < at) last = m;
  if (!last) return null;
  const start = last.index + last[0].length - 1;
  const end = skip(src, start);
  const r = objectKeys(src.slice(start, end));
  const asg = new RegExp(`\\b${name.replace('$', '\\$')}\\.([A-Za-z_$][\\w$]*)\\s*=[^=]`, 'g');
  asg.lastIndex = end;
  while ((m = asg.exec(src)) && m.index < at) r.keys.add(m[1]);
  if (new RegExp(`\\b${name.replace('$', '\\$')}\\[`).test(src.slice(end, at))) r.unknown = true;
  return r;
}

/** Resolves spreads of names bound in the file; what cannot be resolved makes the object unknown. */
function resolve(src, obj, at) {
  for (const s of obj.spreads) {
    const b = boundKeys(src, s, at);
    if (!b) obj.unknown = true;
    else {
      for (const k of b.keys) obj.keys.add(k);
      obj.unknown ||= b.unknown || b.spreads.length > 0;
    }
  }
  obj.spreads = [];
  return obj;
}

/** A path argument's text -> {segments: [literal or null for a parameter], query: Set} or null. */
function pathOf(text) {
  let t = text.trim(), s;
  let m;
  if ((m = /^(['"])(\/api\/[^'"]*)\1$/.exec(t))) s = m[2];
  else if ((m = /^`(\/api\/[^`]*)`$/.exec(t))) s = m[1].replace(/\$\{[^}]*\}/g, '\u0000');
  else if ((m = /^(['"])(\/api\/[^'"]*)\1\s*\+/.exec(t))) s = m[2] + '\u0000';
  else return null;
  const [p, q] = s.split('?');
  const query = new Set();
  for (const kv of (q || '').split('&')) if (kv && !kv.startsWith('\u0000')) query.add(kv.split('=')[0]);
  const segments = p.split('/').slice(1).map((seg) => (seg.includes('\u0000') ? null : seg));
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return { segments, query };
}

/**
 * The API paths (keys of the document's paths) that segments name: the one whose {parameters}
 * stand where the call has expressions, else every path a computed segment may be
 * ('/api/approval/${action}': submit, approve, ...), else the path as written (unknown to tsc).
 */
function match(segments, docPaths, method) {
  const paths = Object.keys(docPaths);
  const split = paths.map((p) => [p, p.split('/').slice(1)]).filter(([, ps]) => ps.length === segments.length);
  for (const [p, ps] of split)
    if (ps.every((x, i) => (segments[i] === null ? x.startsWith('{') : x === segments[i] || x.startsWith('{')))) return [p];
  const any = split.filter(([p, ps]) => ps.every((x, i) => segments[i] === null || x === segments[i]) &&
    (!method || docPaths[p][method.toLowerCase()])).map(([p]) => p);
  return any.length ? any : ['/' + segments.map((x) => (x === null ? '{?}' : x)).join('/')];
}

/**
 * Every API call of the files: [{where, method, path, query: obj|null, body: obj|null}].
 * paths: the OpenAPI document's paths object (to name a templated path).
 */
export function findCalls(files, paths, root) {
  const calls = [];
  for (const file of files) {
    const src = readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    const line = (i) => src.slice(0, i).split('\n').length;
    const seen = new Set();
    const re = /\bapi\.(get|all|send)\(/g;
    let m;
    while ((m = re.exec(src))) {
      const open = m.index + m[0].length - 1;
      const args = split(src, open + 1, skip(src, open) - 1);
      let method = 'GET', rest = args;
      if (m[1] === 'send') {
        const mm = /^['"](GET|PUT|POST|DELETE)['"]$/.exec(args[0] || '');
        if (!mm) continue;
        method = mm[1];
        rest = args.slice(1);
      }
      const p = pathOf(rest[0] || '');
      if (!p) continue;
      seen.add(open);
      const asObj = (t) => {
        if (!t) return null;
        if (t.startsWith('{')) return resolve(src, objectKeys(t), m.index);
        if (/^[A-Za-z_$][\w$]*$/.test(t) && t !== 'undefined') {
          const b = boundKeys(src, t, m.index);
          return b ? resolve(src, b, m.index) : null;
        }
        return null;
      };
      let query = m[1] === 'send' ? asObj(rest[2]) : asObj(rest[1]);
      if (m[1] === 'all') query = { keys: new Set([...(query?.keys || []), 'limit', 'offset']), spreads: [], unknown: !!query?.unknown };
      if (p.query.size) query = { keys: new Set([...(query?.keys || []), ...p.query]), spreads: [], unknown: !!query?.unknown };
      const body = m[1] === 'send' ? asObj(rest[1]) : null;
      for (const one of match(p.segments, paths, method)) calls.push({ where: `${rel}:${line(m.index)}`, method, path: one, query, body });
    }
    // any other /api/ path named in the file: it must exist
    const lit = /(['"`])(\/api\/[^'"`]*?)\1/g;
    while ((m = lit.exec(src))) {
      const before = src.slice(Math.max(0, m.index - 40), m.index);
      if (/api\.(get|all)\($|api\.send\(\s*['"][A-Z]+['"],\s*$/.test(before)) continue;
      const p = pathOf(m[0]);
      if (!p || /\/$/.test(m[2])) continue; // a prefix ('/api/units/' + code): read above when it is a call
      for (const one of match(p.segments, paths))
        calls.push({ where: `${rel}:${line(m.index)}`, method: null, path: one, query: null, body: null });
    }
  }
  return calls;
}

function tsKeys(obj) {
  return '{ ' + [...obj.keys].map((k) => `${JSON.stringify(k)}: x`).join(', ') + ' }';
}

/** The TypeScript file checking calls against the generated client (module './api'). */
export function callsToTs(calls) {
  const out = [
    '// Generated by tests/browser/webcalls.mjs from web/js: each API call of the pages, typed',
    '// against the client openapi-typescript generated from /api/openapi.json.',
    "import type { paths } from './api';",
    "type M = 'get' | 'put' | 'post' | 'delete';",
    'type Has<P extends keyof paths, K extends M> = [paths[P][K]] extends [undefined] ? false : true;',
    'type Op<P extends keyof paths, K extends M> = NonNullable<paths[P][K]>;',
    'type Q<P extends keyof paths, K extends M> = Op<P, K> extends { parameters: { query?: infer T } } ? NonNullable<T> : never;',
    "type B<P extends keyof paths, K extends M> = Op<P, K> extends { requestBody: { content: { 'application/json': infer J } } } ? J",
    "  : Op<P, K> extends { requestBody?: { content: { 'application/json': infer J } } } ? J : never;",
    'type Path<P extends keyof paths> = P;',
    'declare const x: any;',
  ];
  calls.forEach((c, i) => {
    const P = JSON.stringify(c.path);
    out.push(`// ${c.where}${c.method ? ' ' + c.method : ''} ${c.path}`);
    if (!c.method) {
      out.push(`export type p${i} = Path<${P}>;`);
      return;
    }
    const K = `'${c.method.toLowerCase()}'`;
    out.push(`export const h${i}: Has<${P}, ${K}> = true;`);
    if (c.query && c.query.keys.size) out.push(`export const q${i}: Partial<Q<${P}, ${K}>> = ${tsKeys(c.query)};`);
    if (c.body) {
      const t = c.body.unknown ? `Partial<B<${P}, ${K}>>` : `B<${P}, ${K}>`;
      out.push(`export const b${i}: ${t} = ${tsKeys(c.body)};`);
    }
  });
  return out.join('\n') + '\n';
}
