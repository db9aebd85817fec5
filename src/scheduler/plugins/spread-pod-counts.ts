// How many pods on a node a spreading constraint selects, remembered per node until the node's pods
// change (NodeInfo.generation). Scoring spreads over zones counts the matching pods of every node in
// the cluster for every pod it places: with the counts kept, a cycle recounts only the nodes that
// changed since the previous pod with the same selector (a Deployment's pods, one after another),
// so the cost per pod grows with the nodes, not with every pod in the cluster. The sums per domain
// (zone) over every node are kept too, brought up to date from the snapshot's change log, so a
// cycle reads only the nodes that changed since the selector's previous pod.
import type { NodeInfo } from '../framework/node-info.js';
import type { NodeInfoLister } from '../framework/snapshot.js';
import { countMatchingPods, type SpreadConstraint } from './topology-spread-constraints.js';

/** Distinct selectors remembered at most (the least recently added are forgotten first). */
const MAX_SELECTORS = 256;

interface Counted {
  readonly generation: number;
  readonly count: number;
}

interface DomainSums {
  seq: number;
  readonly sums: Map<string, number>;
  /** What each counted node added: its domain and count. */
  readonly perNode: Map<NodeInfo, { readonly domain: string; readonly count: number }>;
}

export class SpreadPodCounts {
  private readonly bySelector = new Map<string, WeakMap<NodeInfo, Counted>>();
  private readonly domainSums = new Map<string, DomainSums>();

  /**
   * For every value of c.topologyKey, the pods c selects on all the nodes with that value, as
   * counter(c, namespace) counts them; undefined when the lister keeps no change log or the
   * constraint's counts are not remembered (then count node by node); `count` is the cycle's
   * counter(c, namespace) when the caller has one. Every node counts: callers
   * use it only when no inclusion policy leaves nodes out.
   */
  sumsByDomain(c: SpreadConstraint, namespace: string, lister: NodeInfoLister, count = this.counter(c, namespace)): ReadonlyMap<string, number> | undefined {
    if (c.countKey === undefined || c.selectorEmpty || !lister.changeSeq || !lister.changesSince) return undefined;
    const key = `${namespace}\u0000${c.countKey}\u0000${c.topologyKey}`;
    const now = lister.changeSeq();
    let d = this.domainSums.get(key);
    const changes = d ? lister.changesSince(d.seq) : undefined;
    if (!d || !changes) {
      if (this.domainSums.size >= MAX_SELECTORS) this.domainSums.delete(this.domainSums.keys().next().value!);
      d = { seq: now, sums: new Map(), perNode: new Map() };
      for (const ni of lister.list()) add(d, ni, c, count);
      this.domainSums.set(key, d);
      return d.sums;
    }
    for (const ni of new Set(changes)) {
      const before = d.perNode.get(ni);
      if (before) {
        d.perNode.delete(ni);
        d.sums.set(before.domain, d.sums.get(before.domain)! - before.count);
      }
      if (ni.node) add(d, ni, c, count);
    }
    d.seq = now;
    return d.sums;
  }

  /**
   * countMatchingPods(ni.pods, c, namespace) as a function of the node, answered from memory for
   * nodes that have not changed since (take it once per cycle and constraint, call it per node).
   */
  counter(c: SpreadConstraint, namespace: string): (ni: NodeInfo) => number {
    if (c.countKey === undefined || c.selectorEmpty) return (ni) => countMatchingPods(ni.pods, c, namespace);
    const key = `${namespace}\u0000${c.countKey}`;
    let nodes = this.bySelector.get(key);
    if (!nodes) {
      if (this.bySelector.size >= MAX_SELECTORS) this.bySelector.delete(this.bySelector.keys().next().value!);
      this.bySelector.set(key, (nodes = new WeakMap()));
    }
    const known = nodes;
    return (ni) => {
      const k = known.get(ni);
      if (k !== undefined && k.generation === ni.generation) return k.count;
      const count = countMatchingPods(ni.pods, c, namespace);
      known.set(ni, { generation: ni.generation, count });
      return count;
    };
  }
}

function add(d: DomainSums, ni: NodeInfo, c: SpreadConstraint, count: (ni: NodeInfo) => number): void {
  if (!Object.prototype.hasOwnProperty.call(ni.labels, c.topologyKey)) return;
  const domain = ni.labels[c.topologyKey]!;
  const n = count(ni);
  d.perNode.set(ni, { domain, count: n });
  d.sums.set(domain, (d.sums.get(domain) ?? 0) + n);
}
