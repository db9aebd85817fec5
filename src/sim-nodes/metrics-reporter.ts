// What metrics-server would report for the simulated nodes: every interval, a PodMetrics for each
// pod running on them and a NodeMetrics for each node, written to metrics.k8s.io/v1beta1 (served
// by the definitions in manifests/metrics-api.yaml), so that `kubectl top` and the HPA have
// numbers to read. While that API is not served nothing is written; it is looked for again at the
// next interval, so applying the definitions later is enough.
import { addQuantity, formatQuantity, parseQuantity, ZERO_QUANTITY, type Quantity } from '../api/kinds/core/quantity.js';
import { METRICS_GROUP, METRICS_VERSION, type NodeMetrics, type PodMetrics } from '../api/metrics/index.js';
import type { Container, Pod } from '../api/types/core-v1.js';
import { apiTime, isAlreadyExists, isConflict, isNotFound, NODE_METRICS, POD_METRICS, wait, type Client, type Clock, type KubeObject, type ResourceClient } from '../client/index.js';
import { CPU_USAGE_ANNOTATION, MEMORY_USAGE_ANNOTATION } from './annotations.js';

type PodMetricsObject = PodMetrics & KubeObject;
type NodeMetricsObject = NodeMetrics & KubeObject;

const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
/** What a container that declares nothing uses: an idle process. */
const IDLE_MEMORY = '1Mi';

export interface MetricsReporterOptions {
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly onError: (err: unknown, what: string) => void;
}

/** A container's usage: its pod's usage annotations, else its requests, else 0 CPU and 1Mi. */
export function containerUsage(pod: Readonly<Pod>, c: Readonly<Container>): { cpu: string; memory: string } {
  const a = pod.metadata?.annotations ?? {};
  const requests = c.resources?.requests ?? {};
  const pick = (annotated: string | undefined, requested: string | undefined, fallback: string) =>
    [annotated, requested].find((v) => v !== undefined && parseQuantity(v) !== undefined) ?? fallback;
  return { cpu: pick(a[CPU_USAGE_ANNOTATION], requests.cpu, '0'), memory: pick(a[MEMORY_USAGE_ANNOTATION], requests.memory, IDLE_MEMORY) };
}

/** The PodMetrics metrics-server would write for a pod: its running containers' usage. */
export function podMetricsFor(pod: Readonly<Pod>, timestamp: number, windowSeconds: number): PodMetricsObject | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return undefined;
  const running = new Set((pod.status.containerStatuses ?? []).filter((s) => s.state?.running).map((s) => s.name));
  const containers = (pod.spec?.containers ?? []).filter((c) => running.has(c.name));
  if (!containers.length) return undefined;
  return {
    apiVersion: API_VERSION,
    kind: 'PodMetrics',
    metadata: { name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, labels: { ...(pod.metadata?.labels ?? {}) } },
    timestamp: apiTime(timestamp),
    window: `${windowSeconds}s`,
    containers: containers.map((c) => ({ name: c.name, usage: containerUsage(pod, c) })),
  };
}

/** Sums each resource of the pods' containers ("cpu", "memory"). */
export function sumUsage(pods: readonly PodMetrics[]): Record<string, string> {
  const total = new Map<string, Quantity>([
    ['cpu', ZERO_QUANTITY],
    ['memory', ZERO_QUANTITY],
  ]);
  for (const p of pods)
    for (const c of p.containers ?? [])
      for (const [k, v] of Object.entries(c.usage ?? {})) {
        const q = parseQuantity(v);
        if (q) total.set(k, addQuantity(total.get(k) ?? ZERO_QUANTITY, q));
      }
  return Object.fromEntries([...total].map(([k, q]) => [k, formatQuantity(q)]));
}

export class MetricsReporter {
  private readonly nodes: ResourceClient<NodeMetricsObject>;
  /**
   * The resourceVersion each object written got ("namespace/name", "/name" for nodes), so the next
   * write is one update; its namespaced keys are the PodMetrics to delete once their pod stops.
   */
  private readonly versions = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly runningPods: () => readonly Readonly<Pod>[],
    private readonly nodeNames: ReadonlySet<string>,
    private readonly o: MetricsReporterOptions,
  ) {
    this.nodes = client.resource(NODE_METRICS);
  }

  /** Reports every interval until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    do {
      try {
        await this.report(signal);
      } catch (e) {
        if (!signal.aborted) this.o.onError(e, 'metrics report');
      }
    } while (await wait(this.o.clock, this.o.intervalMs, signal));
  }

  /** One report: the pods' and nodes' usage now (false when the metrics API is not served). */
  async report(signal?: AbortSignal): Promise<boolean> {
    if (!(await this.served(signal))) return false;
    const now = this.o.clock.now();
    const windowSeconds = Math.max(1, Math.round(this.o.intervalMs / 1000));
    const byNode = new Map<string, PodMetricsObject[]>([...this.nodeNames].map((n) => [n, []]));
    for (const pod of this.runningPods()) {
      const list = byNode.get(pod.spec?.nodeName ?? '');
      const m = list && podMetricsFor(pod, now, windowSeconds);
      if (m) list.push(m);
    }
    const reported = new Set<string>();
    for (const list of byNode.values())
      for (const m of list) {
        await this.put(this.client.resource(POD_METRICS, m.metadata!.namespace), m, signal);
        reported.add(`${m.metadata!.namespace}/${m.metadata!.name}`);
      }
    for (const key of [...this.versions.keys()]) {
      const [ns, name] = key.split('/') as [string, string];
      if (!ns || reported.has(key)) continue;
      await this.client.resource(POD_METRICS, ns).delete(name, { signal }).catch((e: unknown) => {
        if (!isNotFound(e)) throw e;
      });
      this.versions.delete(key);
    }
    for (const [node, list] of byNode) {
      const m: NodeMetricsObject = { apiVersion: API_VERSION, kind: 'NodeMetrics', metadata: { name: node }, timestamp: apiTime(now), window: `${windowSeconds}s`, usage: sumUsage(list) };
      await this.put(this.nodes, m, signal);
    }
    return true;
  }

  /** Whether metrics.k8s.io serves NodeMetrics (its definitions may be applied at any time). */
  private async served(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.nodes.list({ limit: 1, signal });
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Replaces the object written last time, or creates it (or replaces whatever is stored under its name). */
  private async put<T extends KubeObject>(api: ResourceClient<T>, obj: T, signal?: AbortSignal): Promise<void> {
    const key = `${obj.metadata!.namespace ?? ''}/${obj.metadata!.name}`;
    const withVersion = (rv: string | undefined) => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: rv } });
    const known = this.versions.get(key);
    let written: T | undefined;
    if (known) written = await api.update(withVersion(known), { signal }).catch((e: unknown) => (isConflict(e) || isNotFound(e) ? undefined : Promise.reject(e)));
    if (!written) written = await api.create(obj, { signal }).catch((e: unknown) => (isAlreadyExists(e) ? undefined : Promise.reject(e)));
    for (let attempt = 0; !written; attempt++) {
      const cur = await api.get(obj.metadata!.name!, { signal });
      written = await api.update(withVersion(cur.metadata?.resourceVersion), { signal }).catch((e: unknown) => (isConflict(e) && attempt < 2 ? undefined : Promise.reject(e)));
    }
    this.versions.set(key, written.metadata!.resourceVersion!);
  }
}
