// Prometheus gauges and counters of flow control, named as upstream's: requests executing and
// waiting by priority level and flow schema, nominal seats, rejections by reason, and the
// in-flight totals by read-only/mutating kind.
import type { SeatLimits } from './seat-limits.js';

export type RejectReason = 'queue-full' | 'time-out' | 'concurrency-limit' | 'cancelled';

const key = (level: string, schema: string) => `priority_level="${level}",flow_schema="${schema}"`;

export class FlowControlMetrics {
  private readonly executing = new Map<string, number>();
  private readonly waiting = new Map<string, number>();
  private readonly rejections = new Map<string, number>();
  private readonly inflight = { readOnly: 0, mutating: 0 };

  private limits: ReadonlyMap<string, SeatLimits> = new Map();

  setLimits(limits: ReadonlyMap<string, SeatLimits>): void {
    this.limits = limits;
  }

  dispatched(level: string, schema: string, mutating: boolean, seated: boolean): void {
    if (seated) this.bump(this.executing, key(level, schema), 1);
    this.inflight[mutating ? 'mutating' : 'readOnly']++;
  }

  finished(level: string, schema: string, mutating: boolean, seated: boolean): void {
    if (seated) this.bump(this.executing, key(level, schema), -1);
    this.inflight[mutating ? 'mutating' : 'readOnly']--;
  }

  enqueued(level: string, schema: string): void {
    this.bump(this.waiting, key(level, schema), 1);
  }

  dequeued(level: string, schema: string): void {
    this.bump(this.waiting, key(level, schema), -1);
  }

  rejected(level: string, schema: string, reason: RejectReason): void {
    this.bump(this.rejections, `${key(level, schema)},reason="${reason}"`, 1);
  }

  /** Requests holding a seat at `level` now (for tests and the benchmark). */
  executingAt(level: string): number {
    let n = 0;
    for (const [k, v] of this.executing) if (k.startsWith(`priority_level="${level}",`)) n += v;
    return n;
  }

  /** Requests waiting in `level`'s queues now. */
  waitingAt(level: string): number {
    let n = 0;
    for (const [k, v] of this.waiting) if (k.startsWith(`priority_level="${level}",`)) n += v;
    return n;
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP apiserver_current_inflight_requests Requests being served, by read-only or mutating kind (watches and streams included).');
    out.push('# TYPE apiserver_current_inflight_requests gauge');
    out.push(`apiserver_current_inflight_requests{request_kind="readOnly"} ${this.inflight.readOnly}`);
    out.push(`apiserver_current_inflight_requests{request_kind="mutating"} ${this.inflight.mutating}`);
    out.push('# HELP apiserver_flowcontrol_current_executing_requests Requests holding a seat, by priority level and flow schema.');
    out.push('# TYPE apiserver_flowcontrol_current_executing_requests gauge');
    for (const [k, v] of this.executing) out.push(`apiserver_flowcontrol_current_executing_requests{${k}} ${v}`);
    out.push('# HELP apiserver_flowcontrol_current_inqueue_requests Requests waiting in a queue, by priority level and flow schema.');
    out.push('# TYPE apiserver_flowcontrol_current_inqueue_requests gauge');
    for (const [k, v] of this.waiting) out.push(`apiserver_flowcontrol_current_inqueue_requests{${k}} ${v}`);
    out.push('# HELP apiserver_flowcontrol_nominal_limit_seats Nominal seats of each Limited priority level.');
    out.push('# TYPE apiserver_flowcontrol_nominal_limit_seats gauge');
    for (const [level, l] of this.limits) out.push(`apiserver_flowcontrol_nominal_limit_seats{priority_level="${level}"} ${l.nominal}`);
    out.push('# HELP apiserver_flowcontrol_rejected_requests_total Requests answered 429, by priority level, flow schema and reason.');
    out.push('# TYPE apiserver_flowcontrol_rejected_requests_total counter');
    for (const [k, v] of this.rejections) out.push(`apiserver_flowcontrol_rejected_requests_total{${k}} ${v}`);
    return out.join('\n') + '\n';
  }

  private bump(m: Map<string, number>, k: string, d: number): void {
    m.set(k, Math.max(0, (m.get(k) ?? 0) + d));
  }
}
