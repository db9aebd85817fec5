// Where the HPA reads metrics from, behind one interface so a metrics-server (or custom metrics
// adapters) can replace the source. The implementation here reads the resource metrics API,
// metrics.k8s.io/v1beta1 PodMetrics, through the API server, as upstream's REST metrics client does.
import type { PodMetrics } from '../../api/metrics/index.js';
import { parseApiTime, POD_METRICS, type Client } from '../../client/index.js';
import type { PodMetric, PodMetricsInfo } from './replica-calculator.js';
import { milliValue } from './quantities.js';

export type MetricsResult = { readonly ok: true; readonly metrics: PodMetricsInfo; readonly timestamp: number } | { readonly ok: false; readonly error: string };

export interface MetricsClient {
  /** Per-pod usage of resource (milli-units) for the pods selector picks in namespace; container narrows to one container. */
  getResourceMetric(resource: string, namespace: string, selector: string, container: string | undefined, signal: AbortSignal): Promise<MetricsResult>;
}

/** Go's time.ParseDuration for the simple forms metrics carry ("30s", "1m0s", "500ms"). */
export function parseWindowMs(w: string | undefined): number {
  if (!w) return 0;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  for (const m of w.matchAll(/([0-9.]+)(h|ms|m|s|us|µs|ns)/g)) total += Number(m[1]) * (units[m[2]!] ?? 0);
  return total;
}

export class ResourceMetricsApiClient implements MetricsClient {
  constructor(private readonly client: Client) {}

  async getResourceMetric(resource: string, namespace: string, selector: string, container: string | undefined, signal: AbortSignal): Promise<MetricsResult> {
    let items: PodMetrics[];
    try {
      items = (await this.client.resource(POD_METRICS, namespace).list({ labelSelector: selector, signal })).items;
    } catch (e) {
      return { ok: false, error: `unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (items.length === 0) return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
    const out = new Map<string, PodMetric>();
    for (const m of items) {
      let value = 0;
      let missing = false;
      for (const c of m.containers ?? []) {
        if (container && c.name !== container) continue;
        const q = c.usage?.[resource];
        if (q === undefined) {
          missing = true;
          break;
        }
        value += milliValue(q);
      }
      if (container && !(m.containers ?? []).some((c) => c.name === container)) missing = true;
      if (!missing) out.set(m.metadata?.name ?? '', { timestamp: parseApiTime(m.timestamp), windowMs: parseWindowMs(m.window), value });
    }
    if (out.size === 0) return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
    const first = items[0]!;
    return { ok: true, metrics: out, timestamp: parseApiTime(first.timestamp) };
  }
}
