// search.js - accent-insensitive search for Vietnamese text: fold() makes a key
// (lowercase, NFD, combining marks removed, đ -> d), so "bac kan" finds "Bắc Kạn"
// and "hoa" finds both "Hóa" and "Hoá" (two tone-mark placements, two Unicode forms).
// Not for: sorting (use localeCompare with 'vi') or server-side search (src/util/text).

/** The search key of s: lowercase, without accents and tone marks, đ as d, spaces collapsed. */
export function fold(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * True when every word of query occurs in one of texts (a string or an array of
 * strings), accent-insensitively. An empty query matches everything.
 */
export function matches(query, texts) {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(Array.isArray(texts) ? texts.join(' ') : texts);
  return words.every((w) => hay.includes(w));
}
