// Prometheus text metrics: request counts and latencies by verb/resource/scope/code (with
// upstream's names, labels and buckets, including the SLI latency that leaves out the time a
// request waited for flow control), open watches, and store sizes.
import type { Storage } from '../storage/interface.js';
import type { RequestLabels } from './request-labels.js';

/** Upstream's bucket boundaries (seconds) for apiserver_request_duration_seconds and the SLI histogram. */
export const REQUEST_LATENCY_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** One finished request: its labels, HTTP code, whole duration, and the part spent waiting for a flow-control seat. */
export interface RequestObservation {
  readonly labels: RequestLabels;
  readonly code: number;
  readonly seconds: number;
  readonly queuedSeconds: number;
  /** Watches and streams: counted, but their latency is not observed (as upstream). */
  readonly longRunning: boolean;
}

const NEEDS_ESCAPE = /[\\"\n]/;
/** A label value in the text format: backslash, quote and newline escaped (most values have none). */
const esc = (v: string) => (NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v);

const newHistogram = (): Histogram => ({ counts: REQUEST_LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 });

function observe(into: Map<string, Histogram>, key: string, seconds: number): void {
  let h = into.get(key);
  if (!h) into.set(key, (h = newHistogram()));
  for (let i = 0; i < REQUEST_LATENCY_BUCKETS.length; i++) if (seconds <= REQUEST_LATENCY_BUCKETS[i]!) h.counts[i]!++;
  h.sum += seconds;
  h.count++;
}

function renderHistogram(out: string[], name: string, help: string, series: Map<string, Histogram>): void {
  out.push(`# HELP ${name} ${help}`);
  out.push(`# TYPE ${name} histogram`);
  for (const [k, h] of series) {
    REQUEST_LATENCY_BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${k},le="${b}"} ${h.counts[i]}`));
    out.push(`${name}_bucket{${k},le="+Inf"} ${h.count}`);
    out.push(`${name}_sum{${k}} ${h.sum}`);
    out.push(`${name}_count{${k}} ${h.count}`);
  }
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly sliLatency = new Map<string, Histogram>();
  private readonly watches = new Map<string, number>();

  constructor(private readonly storage?: Storage) {}

  observeRequest(o: RequestObservation): void {
    const l = o.labels;
    const common = `group="${esc(l.group)}",version="${esc(l.version)}",resource="${esc(l.resource)}",subresource="${esc(l.subresource)}",scope="${l.scope}",component="apiserver"`;
    const withDryRun = `verb="${esc(l.verb)}",dry_run="${esc(l.dryRun)}",${common}`;
    const rk = `${withDryRun},code="${o.code}"`;
    this.requests.set(rk, (this.requests.get(rk) ?? 0) + 1);
    if (o.longRunning) return;
    observe(this.latency, withDryRun, o.seconds);
    observe(this.sliLatency, `verb="${esc(l.verb)}",${common}`, Math.max(0, o.seconds - o.queuedSeconds));
  }

  watchStarted(resource: string): void {
    this.watches.set(resource, (this.watches.get(resource) ?? 0) + 1);
  }

  watchEnded(resource: string): void {
    this.watches.set(resource, Math.max(0, (this.watches.get(resource) ?? 0) - 1));
  }

  async render(): Promise<string> {
    const out: string[] = [];
    out.push('# HELP apiserver_request_total Requests served, by verb, dry run, group, version, resource, subresource, scope and HTTP code.');
    out.push('# TYPE apiserver_request_total counter');
    for (const [k, v] of this.requests) out.push(`apiserver_request_total{${k}} ${v}`);
    renderHistogram(out, 'apiserver_request_duration_seconds', 'Response latency by verb, dry run, group, version, resource, subresource and scope (watches excluded).', this.latency);
    renderHistogram(out, 'apiserver_request_sli_duration_seconds', 'Response latency without the time spent waiting for a flow-control seat, by verb, group, version, resource, subresource and scope (watches excluded).', this.sliLatency);
    out.push('# HELP apiserver_registered_watchers Open watch requests, by resource.');
    out.push('# TYPE apiserver_registered_watchers gauge');
    for (const [k, v] of this.watches) out.push(`apiserver_registered_watchers{resource="${esc(k)}"} ${v}`);
    if (this.storage) {
      const s = await this.storage.stats();
      out.push('# HELP apiserver_storage_objects Objects in the store.');
      out.push('# TYPE apiserver_storage_objects gauge');
      out.push(`apiserver_storage_objects ${s.keys}`);
      out.push('# HELP apiserver_storage_size_bytes Size of the store database in bytes (allocated, as etcd reports its dbSize).');
      out.push('# TYPE apiserver_storage_size_bytes gauge');
      out.push(`apiserver_storage_size_bytes ${s.bytes}`);
      out.push('# HELP etcd_current_revision The store revision.');
      out.push('# TYPE etcd_current_revision gauge');
      out.push(`etcd_current_revision ${await this.storage.currentRevision()}`);
    }
    const mem = process.memoryUsage();
    out.push('# HELP process_resident_memory_bytes Resident memory size in bytes.');
    out.push('# TYPE process_resident_memory_bytes gauge');
    out.push(`process_resident_memory_bytes ${mem.rss}`);
    return out.join('\n') + '\n';
  }
}
