// fmt.js - Vietnamese formats for the web pages: numbers ("1.739,5"), percents
// ("50,58%"), changes ("+4,85%"), dates (dd/mm/yyyy) and period labels
// ("tháng 6/2022", "quý II/2022"); parsing numbers exactly as the server's
// vn_parse_num (src/core/vnfmt.c) does, so a page refuses what the server refuses.
// Not for: translating words (i18n.js) or talking to the server (api.js).
// English mode keeps the Vietnamese number format on purpose (docs/web.md).

const MAX_DECIMALS = 4; // num_t is fixed point x10^4
const MAX_INT = 90000000000000; // NUM_MAX / NUM_SCALE in core/vnfmt.h

/** Error thrown by parseNum; message is Vietnamese, names the input. */
export class NumError extends Error {}

function groupThousands(intDigits) {
  let out = '';
  for (let i = 0; i < intDigits.length; i++) {
    if (i > 0 && (intDigits.length - i) % 3 === 0) out += '.';
    out += intDigits[i];
  }
  return out;
}

/**
 * Formats a number the Vietnamese way with `decimals` places (rounded half away
 * from zero); trailing zeros of the fraction are dropped unless keepZeros.
 * null/undefined/NaN give '' (a missing figure is never shown as 0).
 */
export function num(v, decimals = 2, keepZeros = false) {
  if (v === null || v === undefined || v === '' || Number.isNaN(Number(v))) return '';
  let x = Number(v);
  const neg = x < 0;
  x = Math.abs(x);
  const f = 10 ** decimals;
  let s = (Math.round(x * f + 1e-9) / f).toFixed(decimals);
  let [ip, fp = ''] = s.split('.');
  if (!keepZeros) fp = fp.replace(/0+$/, '');
  const body = groupThousands(ip) + (fp ? ',' + fp : '');
  return (neg && body !== '0' ? '-' : '') + body;
}

/** "50,58%" (2 decimals, trailing zeros dropped); '' for null. */
export function pct(v, decimals = 2) {
  const s = num(v, decimals);
  return s === '' ? '' : s + '%';
}

/** "+4,85%", "-1,2%", "0%"; '' for null. */
export function change(v, decimals = 2) {
  const s = num(v, decimals);
  if (s === '') return '';
  return (Number(v) > 0 && s !== '0' ? '+' : '') + s + '%';
}

/** Pads a count to two digits as administrative writing does: 6 -> "06". */
/** A probability 0..1 as a whole percent ("56%"); never 100% or 0% for what is only very likely or unlikely. */
export function chance(p) {
  if (p === null || p === undefined) return '';
  if (p >= 0.995 && p < 1) return '>99%';
  if (p < 0.005 && p > 0) return '<1%';
  return `${Math.round(p * 100)}%`;
}

export function pad2(n) {
  return String(n).padStart(2, '0');
}

/** "2022-06-30" (or a Date) -> "30/06/2022"; '' for empty; other text unchanged. */
export function date(v) {
  if (!v) return '';
  if (v instanceof Date) return `${pad2(v.getDate())}/${pad2(v.getMonth() + 1)}/${v.getFullYear()}`;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(v);
}

/** "2022-06-30 08:15:00" or ISO -> "30/06/2022 08:15". */
export function dateTime(v) {
  if (!v) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(String(v));
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : date(v);
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * Vietnamese label of a period code as the server writes it:
 * "202206" -> "tháng 6/2022", "2022Q2" -> "quý II/2022", "2022S1" -> "6 tháng đầu năm 2022",
 * "2022S2" -> "6 tháng cuối năm 2022", "2022N9" -> "9 tháng đầu năm 2022", "2022" -> "năm 2022".
 * With lang 'en': "June 2022"-like English labels. Unknown codes are returned unchanged.
 */
export function periodLabel(code, lang = 'vi') {
  const s = String(code || '');
  let m;
  const en = lang === 'en';
  if ((m = /^(\d{4})(\d{2})$/.exec(s))) {
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return s;
    return en ? `${monthNameEn(mo)} ${m[1]}` : `tháng ${mo}/${m[1]}`;
  }
  if ((m = /^(\d{4})Q([1-4])$/.exec(s))) return en ? `Q${m[2]} ${m[1]}` : `quý ${ROMAN[m[2] - 1]}/${m[1]}`;
  if ((m = /^(\d{4})S([12])$/.exec(s)))
    return en ? `${m[2] === '1' ? 'first' : 'second'} half of ${m[1]}`
      : `6 tháng ${m[2] === '1' ? 'đầu' : 'cuối'} năm ${m[1]}`;
  if ((m = /^(\d{4})N9$/.exec(s))) return en ? `9 months of ${m[1]}` : `9 tháng đầu năm ${m[1]}`;
  if ((m = /^(\d{4})$/.exec(s))) return en ? `year ${m[1]}` : `năm ${m[1]}`;
  return s;
}

/** English month names, 1..12. */
export function monthNameEn(mo) {
  return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'][mo - 1];
}

/** "202206" for year 2022, month 6. */
export function monthCode(year, month) {
  return `${year}${pad2(month)}`;
}

/** Today as {year, month, day} (the browser's clock). */
export function today() {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

// ---- parsing ----------------------------------------------------------------

const isDigit = (c) => c >= '0' && c <= '9';

function validGroups(s, n, sep) {
  let i = 0;
  let g = 0;
  while (i < n && isDigit(s[i])) { i++; g++; }
  if (g < 1 || g > 3) return false;
  if (i < n && s[0] === '0') return false;
  while (i < n) {
    if (s[i] !== sep) return false;
    i++;
    g = 0;
    while (i < n && isDigit(s[i])) { i++; g++; }
    if (g !== 3) return false;
  }
  return true;
}

function ambiguous(q, neg, s) {
  const n = s.length;
  const dot = s.indexOf('.') < 0 ? n : s.indexOf('.');
  const ndots = s.split('.').length - 1;
  if (ndots <= 1 && validGroups(s, dot, ',') && (dot === n || dot + 1 < n)
      && /^\d*$/.test(s.slice(dot + 1))) {
    const hint = (neg ? '-' : '') + s.replace(/[.,]/g, (c) => (c === ',' ? '.' : ','));
    return new NumError(`"${q}": cách viết số không rõ (lẫn dấu phẩy và dấu chấm kiểu tiếng Anh); `
      + `nếu ý là ${hint} thì viết theo kiểu Việt Nam: ${hint} (dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân)`);
  }
  return new NumError(`"${q}": cách viết số không rõ; viết theo kiểu Việt Nam, ví dụ 1.739,5 hoặc `
    + '1739,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân)');
}

function build(q, neg, intPart, frac) {
  const digits = intPart.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 14 || Number(digits) > MAX_INT)
    throw new NumError(`"${q}": số quá lớn (tối đa 90.000.000.000.000)`);
  let f = frac;
  if (f.length > MAX_DECIMALS) {
    if (/[1-9]/.test(f.slice(MAX_DECIMALS)))
      throw new NumError(`"${q}": quá nhiều chữ số thập phân; chỉ giữ được tối đa ${MAX_DECIMALS} chữ số sau dấu phẩy`);
    f = f.slice(0, MAX_DECIMALS);
  }
  f = f.replace(/0+$/, '');
  if (Number(digits) === MAX_INT && f) throw new NumError(`"${q}": số quá lớn (tối đa 90.000.000.000.000)`);
  const canon = (neg && (digits !== '0' || f) ? '-' : '') + digits + (f ? '.' + f : '');
  return canon;
}

/**
 * Parses a number typed the Vietnamese way, with the server's rules: "1.739,5",
 * "1739,5", "315.000" (thousands), "1739.5" and "0.250" (a lone dot that cannot be
 * thousands is a decimal point), "-2,5"; refuses "1,739.5", "1,234,567", "01.234",
 * text, and more than 4 decimals. Returns the canonical machine form ("1739.5"),
 * exact; throws NumError with a Vietnamese message.
 */
export function parseNumText(input) {
  const raw = input === null || input === undefined ? '' : String(input);
  const q = raw.length > 60 ? raw.slice(0, 60) + '...' : raw;
  const s0 = raw.replace(/^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g, '');
  if (s0 === '') throw new NumError(`"${q}": thiếu số (ô trống)`);
  let neg = false;
  let p = s0;
  if (p[0] === '-' || p[0] === '+') { neg = p[0] === '-'; p = p.slice(1); }
  const n = p.length;
  let ndig = 0;
  for (const c of p) {
    if (isDigit(c)) ndig++;
    else if (c !== '.' && c !== ',')
      throw new NumError(`"${q}": không phải là số (chỉ gồm chữ số, dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân, ví dụ 1.739,5)`);
  }
  if (ndig === 0 || !isDigit(p[0]) || !isDigit(p[n - 1]))
    throw new NumError(`"${q}": không phải là số; viết theo kiểu Việt Nam, ví dụ 1.739,5 hoặc 0,25`);
  const ncomma = p.split(',').length - 1;
  const ndots = p.split('.').length - 1;
  if (ncomma > 1) throw ambiguous(q, neg, p);
  if (ncomma === 1) {
    const comma = p.indexOf(',');
    if (p.indexOf('.', comma) >= 0) throw ambiguous(q, neg, p);
    if (ndots > 0 && !validGroups(p, comma, '.')) throw ambiguous(q, neg, p);
    return build(q, neg, p.slice(0, comma), p.slice(comma + 1));
  }
  if (ndots === 0) return build(q, neg, p, '');
  if (ndots === 1) {
    const dot = p.indexOf('.');
    const after = n - dot - 1;
    const couldBeThousands = after === 3 && dot <= 3 && !(dot === 1 && p[0] === '0');
    if (!couldBeThousands) return build(q, neg, p.slice(0, dot), p.slice(dot + 1));
    if (p[0] === '0') throw ambiguous(q, neg, p);
    return build(q, neg, p, '');
  }
  if (!validGroups(p, n, '.')) throw ambiguous(q, neg, p);
  return build(q, neg, p, '');
}

/** Like parseNumText but returns a JS number (may round beyond 15 significant digits). */
export function parseNum(input) {
  return Number(parseNumText(input));
}

/** {ok: true, value, text} or {ok: false, error} without throwing. */
export function tryParseNum(input) {
  try {
    const text = parseNumText(input);
    return { ok: true, value: Number(text), text };
  } catch (e) {
    if (e instanceof NumError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Unix seconds -> "30/06/2022 08:15" in the browser's time zone; '' for null. */
export function epoch(sec) {
  if (sec === null || sec === undefined) return '';
  const d = new Date(Number(sec) * 1000);
  return `${date(d)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}
