// spark.js - a small trend line (sparkline) as inline SVG built through the DOM
// (no chart library, no inline style: the Content-Security-Policy allows SVG
// elements and their presentation attributes): sparkline(values, opts) draws the
// numbers in order, a gap where one is null, a dot on the last figure, and an
// optional dashed reference line (e.g. the 100% of a plan).
// Not for: charts with axes, legends or tooltips (charts.js loads Chart.js for those).
const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * An <svg role="img"> of width × height (default 96 × 28) with the line of values
 * (numbers or null). opts.label is its accessible name; opts.ref a value drawn
 * as a dashed line when it lies within reach (at most twice the largest value);
 * opts.className the class of the svg. Fewer than two numbers: a lone dot.
 */
export function sparkline(values, opts = {}) {
  const w = opts.width || 96;
  const h = opts.height || 28;
  const pad = 3;
  const svg = svgEl('svg', { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img', class: opts.className || 'spark',
    'aria-label': opts.label || '', focusable: 'false' });
  if (opts.label) svg.appendChild(svgEl('title', {})).textContent = opts.label;
  const nums = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (!nums.length) return svg;
  let lo = Math.min(...nums, 0);
  let hi = Math.max(...nums);
  const useRef = typeof opts.ref === 'number' && opts.ref <= 2 * Math.max(hi, 1) && opts.ref >= lo;
  if (useRef) hi = Math.max(hi, opts.ref);
  if (hi === lo) hi = lo + 1;
  const n = Math.max(values.length, 2);
  const x = (i) => pad + (i * (w - 2 * pad)) / (n - 1);
  const y = (v) => h - pad - ((v - lo) * (h - 2 * pad)) / (hi - lo);
  if (useRef)
    svg.appendChild(svgEl('line', { x1: pad, x2: w - pad, y1: y(opts.ref), y2: y(opts.ref), class: 'spark-ref',
      stroke: '#8a8f98', 'stroke-width': 1, 'stroke-dasharray': '3 2' }));
  let d = '';
  let pen = false;
  let last = -1;
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
    pen = true;
    last = i;
  });
  svg.appendChild(svgEl('path', { d: d.trim(), fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8,
    'stroke-linejoin': 'round', 'stroke-linecap': 'round', class: 'spark-line' }));
  svg.appendChild(svgEl('circle', { cx: x(last).toFixed(1), cy: y(values[last]).toFixed(1), r: 2.4, fill: 'currentColor' }));
  return svg;
}
