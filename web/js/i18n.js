// i18n.js - the two languages of the web pages (Vietnamese by default, English
// selectable): t(key, vars) looks a key up in the current language, falling back
// to Vietnamese, then to the key; each page module registers its own strings with
// addStrings({vi: {...}, en: {...}}). The choice is kept in localStorage and
// written to <html lang>.
// Not for: number and date formats (fmt.js: Vietnamese in both languages).

const STORE_KEY = 'chitieu.lang';
const strings = { vi: {}, en: {} };
const listeners = [];

function stored() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return v === 'en' || v === 'vi' ? v : 'vi';
  } catch {
    return 'vi';
  }
}

let current = stored();

/** The current language code: 'vi' or 'en'. */
export function lang() {
  return current;
}

/** Sets the language ('vi' or 'en'), remembers it, updates <html lang>, tells listeners. */
export function setLang(l) {
  current = l === 'en' ? 'en' : 'vi';
  try {
    localStorage.setItem(STORE_KEY, current);
  } catch { /* private mode: the choice lasts for this page only */ }
  document.documentElement.lang = current;
  for (const f of listeners) f(current);
}

/** Calls f(lang) after every language change. */
export function onLangChange(f) {
  listeners.push(f);
}

/** Adds strings: addStrings({vi: {key: 'text {n}'}, en: {key: 'text {n}'}}). Later keys win. */
export function addStrings(tables) {
  for (const l of Object.keys(tables)) {
    strings[l] = strings[l] || {};
    Object.assign(strings[l], tables[l]);
  }
}

/**
 * The text of key in the current language with {name} placeholders replaced from
 * vars; falls back to Vietnamese, then to the key itself (so a missing string shows).
 */
export function t(key, vars) {
  let s = strings[current]?.[key] ?? strings.vi[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Picks the name of an object in the current language: name_en in English when present. */
export function nameOf(obj) {
  if (!obj) return '';
  return current === 'en' && obj.name_en ? obj.name_en : obj.name;
}

if (typeof document !== 'undefined') document.documentElement.lang = current;
