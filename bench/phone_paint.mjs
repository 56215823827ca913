// phone_paint.mjs - the phone dashboard's first paint under a throttled "Fast 3G"
// network (issue #17): the real `chitieu serve` on a fresh demo database, Debian's
// chromium through playwright-core (tests/browser's lock file), a 390x844 page of a
// logged-in leader with an empty cache, Chromium's network emulation through the
// CDP session (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up,
// 150 ms latency, DevTools' "Fast 3G" throughput) and 4x CPU slowdown off (the
// machine's own speed). Each run opens #/dashboard?unit=058 (the server picks the
// month) and records: first-contentful-paint (the browser's paint timing: the
// shell), and "dashboard painted": the frame after the summary cards (#dash-count)
// were added, taken from a MutationObserver and requestAnimationFrame in the
// page; bytes and requests. Prints each run and the median; exits 1 when the
// median dashboard paint is 1000 ms or more (PHONE_PAINT_BUDGET_MS overrides).
// Usage: node bench/phone_paint.mjs [RUNS] (bash bench/phone_paint.sh builds first).
// Not for: the tests (tests/browser/phone.test.mjs) or server timings (bench/run.sh http).
import { startServer, launchBrowser, apiAs } from '../tests/browser/lib.mjs';

const RUNS = Number(process.argv[2] || 7);
const BUDGET = Number(process.env.PHONE_PAINT_BUDGET_MS || 1000);
export const FAST3G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8, connectionType: 'cellular3g' };

// runs in the page before any of its scripts: when the summary cards appear, the next frame is their paint
const PROBE = `(() => {
  const mark = () => requestAnimationFrame(() => requestAnimationFrame(() => { window.__dashPaint = performance.now(); }));
  const mo = new MutationObserver(() => { if (document.getElementById('dash-count')) { mo.disconnect(); mark(); } });
  mo.observe(document, { childList: true, subtree: true });
})();`;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const server = await startServer();
const browser = await launchBrowser();
const rows = [];
try {
  const api = await apiAs(server, 'leader');
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, locale: 'vi-VN',
      isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const [name, value] = api.cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST3G);
    let bytes = 0;
    let requests = 0;
    const sent = new Map();
    const log = [];
    cdp.on('Network.requestWillBeSent', (e) => sent.set(e.requestId, { url: e.request.url, t0: e.timestamp }));
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      requests++;
      const q = sent.get(e.requestId);
      if (q) log.push([q.t0, e.timestamp, e.encodedDataLength, q.url.replace(server.url, '')]);
    });
    await page.goto('/#/dashboard?unit=058');
    await page.waitForFunction(() => window.__dashPaint !== undefined, null, { timeout: 60000 });
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      dash: window.__dashPaint,
      period: new URLSearchParams(location.hash.split('?')[1]).get('period'),
    }));
    rows.push({ ...t, bytes, requests });
    console.log(`run ${i + 1}: first-contentful-paint ${t.fcp?.toFixed(0)} ms, dashboard painted ${t.dash.toFixed(0)} ms `
      + `(${t.period}), ${requests} requests, ${(bytes / 1024).toFixed(1)} KiB so far`);
    if (process.env.PHONE_PAINT_WATERFALL) {
      const t00 = Math.min(...log.map((l) => l[0]));
      for (const [a, b, n, u] of log.sort((x, y) => x[0] - y[0]))
        console.log(`  ${((a - t00) * 1000).toFixed(0).padStart(5)} -> ${((b - t00) * 1000).toFixed(0).padStart(5)} ms ${String(n).padStart(6)} B ${u}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const fcp = median(rows.map((r) => r.fcp));
const dash = median(rows.map((r) => r.dash));
console.log(`Fast 3G (${FAST3G.downloadThroughput * 8 / 1e6} Mbit/s down, ${FAST3G.uploadThroughput * 8 / 1e3} kbit/s up, `
  + `${FAST3G.latency} ms latency), 390x844, empty cache, median of ${RUNS}: first-contentful-paint ${fcp.toFixed(0)} ms, `
  + `dashboard painted ${dash.toFixed(0)} ms (budget ${BUDGET} ms)`);
process.exit(dash < BUDGET ? 0 : 1);
