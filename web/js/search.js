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
 * True when the folded query occurs in one of texts (a string or an array of
 * strings, joined by spaces), accent- and case-insensitively: "ban le" finds
 * "bán lẻ", "bac kan" finds "Bắc Kạn". An empty query matches everything.
 */
export function matches(query, texts) {
  const q = fold(query);
  if (!q) return true;
  return fold(Array.isArray(texts) ? texts.filter((x) => x !== null && x !== undefined).join(' ') : texts).includes(q);
}
