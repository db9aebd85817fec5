// Loaded into a `k8ts server` with `node --import` by bench/get-after-list.mjs: records, on the
// wall clock shared with the client (performance.timeOrigin + now), when each HTTP request
// started and finished, every GC (kind, duration), and how late a 5 ms interval fired. On
// SIGUSR2 it writes the records as JSON to $K8TS_TIMELINE_OUT and starts a fresh record.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const out = process.env.K8TS_TIMELINE_OUT;
const clock = () => performance.timeOrigin + performance.now();
const GC_KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
let rec = { requests: [], gc: [], late: [] };
const started = new WeakMap();

subscribe('http.server.request.start', ({ request }) => started.set(request, clock()));
subscribe('http.server.response.finish', ({ request }) => {
  const r = { url: request.url, start: started.get(request), finish: clock() };
  // After a list, the heap spaces' use (MB): what the list left for the GC.
  if (process.env.K8TS_TIMELINE_HEAP && !request.url.includes('/pods/p-')) {
    r.heap = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name.replace('_space', ''), Math.round(s.space_used_size / 1e5) / 10]));
    r.external_mb = Math.round(process.memoryUsage().external / 1e5) / 10;
  }
  rec.requests.push(r);
});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    rec.gc.push({ kind: GC_KINDS[e.detail?.kind ?? e.kind] ?? String(e.detail?.kind), start: performance.timeOrigin + e.startTime, ms: e.duration });
  }
}).observe({ entryTypes: ['gc'] });

const PERIOD = 5;
let expected = performance.now() + PERIOD;
setInterval(() => {
  const now = performance.now();
  if (now - expected > 1) rec.late.push({ at: performance.timeOrigin + now, ms: now - expected });
  expected = now + PERIOD;
}, PERIOD).unref();

process.on('SIGUSR2', () => {
  if (out) writeFileSync(out, JSON.stringify(rec));
  rec = { requests: [], gc: [], late: [] };
});
