// What a set of simulated nodes looks like and how fast its pods move, with upstream-like
// defaults and parsers for the CLI's label and taint lists.
import type { Taint } from '../api/types/core-v1.js';
import type { Clock } from '../client/index.js';
import type { KubeletEndpointOptions } from './kubelet-server/endpoint-options.js';

export interface SimNodesOptions {
  /** How many nodes. */
  readonly count: number;
  /** Node names are prefix + index (default "sim-node-"). */
  readonly prefix?: string;
  /** First index (default 0): several processes can share a prefix with disjoint ranges. */
  readonly startIndex?: number;
  /** Capacity (and allocatable) per node. */
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: number;
  readonly ephemeralStorage?: string;
  /** Extra resources, e.g. { "example.com/gpu": "4" }. */
  readonly extendedResources?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** Sets node.kubernetes.io/instance-type. */
  readonly instanceType?: string;
  /** Spreads nodes over this many zones (topology.kubernetes.io/zone=zone-<i mod zones>). */
  readonly zones?: number;
  /** From seeing a pod bound to a node until its containers run (default 1000 ms). */
  readonly startDelayMs?: number;
  /** How long pods with restartPolicy Never/OnFailure run before they succeed (default 10 000 ms; 0: forever). */
  readonly runTimeMs?: number;
  /** First crash-loop back-off (default 10 000 ms, doubling to 300 000 as the kubelet's). */
  readonly crashBackoffMs?: number;
  /** Node lease renewal period (default 10 000 ms, as the kubelet's). */
  readonly leaseRenewIntervalMs?: number;
  /** Lease duration written on each node lease (default 40 s). */
  readonly leaseDurationSeconds?: number;
  /** Period of the full node status report (default 300 000 ms: upstream's report frequency when nothing changed). */
  readonly statusUpdateIntervalMs?: number;
  /** Writes in flight at once (default 32); lease renewals have their own bound, heartbeatConcurrency. */
  readonly concurrency?: number;
  /**
   * Every this many ms, report the nodes' and their running pods' usage to metrics.k8s.io
   * (PodMetrics, NodeMetrics), as metrics-server would (default 0: never). See metrics-reporter.ts.
   */
  readonly metricsIntervalMs?: number;
  /** Where per-node pod CIDRs are carved from (default 10.128.0.0/9). */
  readonly podCidr?: string;
  /** Where node InternalIPs come from (default 172.16.0.0/12). */
  readonly nodeCidr?: string;
  /**
   * Enables exec on the nodes' kubelet endpoint: commands run as local processes of this host
   * in EXEC_DIR/{namespace}/{pod}/{container} (kubectl cp works there). Unset: exec is refused.
   */
  readonly execDir?: string;
  /** Enables port-forward: a forwarded pod port P is dialled at this host, port P. Unset: refused. */
  readonly portForwardHost?: string;
  /**
   * Serve a kubelet endpoint (logs, exec, attach, port-forward) for all these nodes; they
   * advertise its address as their InternalIP and its port. Unset: none (nodes report 10250).
   */
  readonly kubelet?: KubeletEndpointOptions;
  readonly clock?: Clock;
  readonly onError?: (err: unknown, what: string) => void;
}

export type ResolvedOptions = Required<Omit<SimNodesOptions, 'instanceType' | 'clock' | 'onError' | 'zones' | 'execDir' | 'portForwardHost' | 'kubelet'>> &
  Pick<SimNodesOptions, 'instanceType' | 'zones' | 'execDir' | 'portForwardHost' | 'kubelet'> & { readonly clock: Clock; readonly onError: (err: unknown, what: string) => void };

export class SimNodesOptionError extends Error {
  override readonly name = 'SimNodesOptionError';
  readonly code = 'SIM_NODES_OPTION';
}

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** "k=v,k2=v2" */
export function parseLabelList(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new SimNodesOptionError(`label "${part}" is not key=value`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

/** "k=v:Effect,k:Effect" (kubectl taint syntax). */
export function parseTaintList(s: string): Taint[] {
  const out: Taint[] = [];
  for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
    const c = part.lastIndexOf(':');
    if (c <= 0) throw new SimNodesOptionError(`taint "${part}" is not key[=value]:Effect`);
    const effect = part.slice(c + 1);
    if (!TAINT_EFFECTS.has(effect)) throw new SimNodesOptionError(`taint "${part}": effect must be NoSchedule, PreferNoSchedule or NoExecute`);
    const kv = part.slice(0, c);
    const e = kv.indexOf('=');
    const key = e < 0 ? kv : kv.slice(0, e);
    if (!key) throw new SimNodesOptionError(`taint "${part}" has no key`);
    out.push(e < 0 ? { key, effect } : { key, value: kv.slice(e + 1), effect });
  }
  return out;
}

export function resolveOptions(o: SimNodesOptions, clock: Clock): ResolvedOptions {
  if (!Number.isInteger(o.count) || o.count < 0) throw new SimNodesOptionError(`count must be a whole number >= 0, not ${o.count}`);
  const pods = o.pods ?? 110;
  if (!Number.isInteger(pods) || pods < 1) throw new SimNodesOptionError(`pods must be a whole number >= 1, not ${pods}`);
  return {
    count: o.count,
    prefix: o.prefix ?? 'sim-node-',
    startIndex: o.startIndex ?? 0,
    cpu: o.cpu ?? '32',
    memory: o.memory ?? '256Gi',
    pods,
    ephemeralStorage: o.ephemeralStorage ?? '100Gi',
    extendedResources: o.extendedResources ?? {},
    labels: o.labels ?? {},
    taints: o.taints ?? [],
    instanceType: o.instanceType,
    zones: o.zones,
    startDelayMs: o.startDelayMs ?? 1000,
    runTimeMs: o.runTimeMs ?? 10_000,
    crashBackoffMs: o.crashBackoffMs ?? 10_000,
    leaseRenewIntervalMs: o.leaseRenewIntervalMs ?? 10_000,
    leaseDurationSeconds: o.leaseDurationSeconds ?? 40,
    statusUpdateIntervalMs: o.statusUpdateIntervalMs ?? 300_000,
    concurrency: o.concurrency ?? 32,
    metricsIntervalMs: o.metricsIntervalMs ?? 0,
    podCidr: o.podCidr ?? '10.128.0.0/9',
    nodeCidr: o.nodeCidr ?? '172.16.0.0/12',
    execDir: o.execDir,
    portForwardHost: o.portForwardHost,
    kubelet: o.kubelet,
    clock,
    onError: o.onError ?? (() => {}),
  };
}

/**
 * Lease renewals in flight at most. Each kubelet renews its lease on its own, so the simulated
 * nodes' renewals are not held to `concurrency`: there is room to renew every lease each interval
 * while a renewal takes up to 1 s (5,000 nodes every 10 s: 500), and never less than `concurrency`.
 * With 32, a loaded API server answering in 200 ms renewed 5,000 leases about every 60 s, and the
 * node lifecycle controller marked nodes NotReady.
 */
export function heartbeatConcurrency(nodeCount: number, o: Pick<ResolvedOptions, 'concurrency' | 'leaseRenewIntervalMs'>): number {
  return Math.max(o.concurrency, Math.ceil((nodeCount * 1000) / o.leaseRenewIntervalMs));
}
