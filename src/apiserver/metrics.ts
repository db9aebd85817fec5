// Prometheus text metrics: request counts and latencies by verb/resource/code, open watches,
// and store sizes.
import type { Storage } from '../storage/interface.js';

const BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly watches = new Map<string, number>();

  constructor(private readonly storage?: Storage) {}

  observeRequest(verb: string, resource: string, subresource: string, code: number, seconds: number): void {
    const rk = `verb="${esc(verb.toUpperCase())}",resource="${esc(resource)}",subresource="${esc(subresource)}",code="${code}"`;
    this.requests.set(rk, (this.requests.get(rk) ?? 0) + 1);
    if (verb === 'watch') return;
    const lk = `verb="${esc(verb.toUpperCase())}",resource="${esc(resource)}",subresource="${esc(subresource)}"`;
    let h = this.latency.get(lk);
    if (!h) this.latency.set(lk, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  watchStarted(resource: string): void {
    this.watches.set(resource, (this.watches.get(resource) ?? 0) + 1);
  }

  watchEnded(resource: string): void {
    this.watches.set(resource, Math.max(0, (this.watches.get(resource) ?? 0) - 1));
  }

  async render(): Promise<string> {
    const out: string[] = [];
    out.push('# HELP apiserver_request_total Requests served, by verb, resource, subresource and HTTP code.');
    out.push('# TYPE apiserver_request_total counter');
    for (const [k, v] of this.requests) out.push(`apiserver_request_total{${k}} ${v}`);
    out.push('# HELP apiserver_request_duration_seconds Request latency (watches excluded).');
    out.push('# TYPE apiserver_request_duration_seconds histogram');
    for (const [k, h] of this.latency) {
      BUCKETS.forEach((b, i) => out.push(`apiserver_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`));
      out.push(`apiserver_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      out.push(`apiserver_request_duration_seconds_sum{${k}} ${h.sum}`);
      out.push(`apiserver_request_duration_seconds_count{${k}} ${h.count}`);
    }
    out.push('# HELP apiserver_registered_watchers Open watch requests, by resource.');
    out.push('# TYPE apiserver_registered_watchers gauge');
    for (const [k, v] of this.watches) out.push(`apiserver_registered_watchers{resource="${esc(k)}"} ${v}`);
    if (this.storage) {
      const s = await this.storage.stats();
      out.push('# HELP apiserver_storage_objects Objects in the store.');
      out.push('# TYPE apiserver_storage_objects gauge');
      out.push(`apiserver_storage_objects ${s.keys}`);
      out.push('# HELP apiserver_storage_size_bytes Bytes of object data in the store.');
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
