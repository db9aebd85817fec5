// Loaded into a `k8ts server` with `node --import` by bench/watch-fanout.mjs --timeline: records,
// on the wall clock shared with the client (performance.timeOrigin + now), the steps of a write
// reaching its watchers — each HTTP request's start and finish, each batch posted to the store's
// writer thread and its reply, each watch-hub publish (start, end, watchers) — and every GC.
// On SIGUSR2 it writes the records as JSON to $K8TS_FANOUT_TIMELINE and starts afresh.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const out = process.env.K8TS_FANOUT_TIMELINE;
const origin = performance.timeOrigin;
const clock = () => origin + performance.now();
const GC_KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const fresh = () => ({ requests: [], posted: [], replies: [], publishes: [], gc: [] });
let rec = fresh();
const started = new WeakMap();

subscribe('http.server.request.start', ({ request }) => started.set(request, clock()));
subscribe('http.server.response.finish', ({ request }) => {
  rec.requests.push({ method: request.method, url: request.url, start: started.get(request), finish: clock() });
});
subscribe('k8ts:watch-hub:publish', (m) => {
  rec.publishes.push({ start: origin + m.start, end: origin + m.end, watchers: m.watchers, events: m.events });
});

// The store's writer thread: when a batch is handed over and when its reply is taken up.
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (msg, ...rest) {
  if (msg && msg.type === 'write') rec.posted.push({ id: msg.id, at: clock() });
  return post.call(this, msg, ...rest);
};
const on = Worker.prototype.on;
Worker.prototype.on = function (name, fn) {
  if (name !== 'message') return on.call(this, name, fn);
  return on.call(this, name, function (m) {
    rec.replies.push({ id: m?.id, at: clock() });
    return fn.call(this, m);
  });
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    rec.gc.push({ kind: GC_KINDS[e.detail?.kind ?? e.kind] ?? String(e.detail?.kind), start: origin + e.startTime, ms: e.duration });
  }
}).observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  if (out) writeFileSync(out, JSON.stringify(rec));
  rec = fresh();
});
