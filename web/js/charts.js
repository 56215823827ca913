// charts.js - loads Chart.js (web/node_modules/chart.js/dist/chart.umd.js, installed
// by `npm ci --prefix web` and served by chitieu itself: no CDN) once, on demand,
// and gives pages a Vietnamese-formatted chart with animations off.
// Not for: the figures (pages take them from the API) or the text alternative
// (each chart's page shows the same figures in a table).
import { num } from './fmt.js';

const SRC = '/node_modules/chart.js/dist/chart.umd.js';
let loading = null;

/** Resolves to window.Chart, loading the script the first time; rejects when it is missing. */
export function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading)
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = SRC;
      s.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error('Chart.js did not load')));
      s.onerror = () => { loading = null; reject(new Error(`cannot load ${SRC} (run: npm ci --prefix web)`)); };
      document.head.appendChild(s);
    });
  return loading;
}

/** Colours of the series, distinguishable in greyscale too (with dashes). */
export const COLORS = { current: '#0b4f9c', previous: '#8a8a8a', target: '#b3261e', extra: '#1d7a33' };

/**
 * Draws a chart on canvas: type 'line' or 'bar', labels, datasets (Chart.js
 * datasets), decimals for ticks and tooltips. Returns the Chart instance.
 */
export async function drawChart(canvas, { type, labels, datasets, decimals = 2, yTitle }) {
  const Chart = await loadChart();
  return new Chart(canvas, {
    type,
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: type === 'bar', ticks: { callback: (v) => num(v, decimals) },
          title: yTitle ? { display: true, text: yTitle } : undefined },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${num(c.parsed.y, decimals)}` } },
      },
    },
  });
}
