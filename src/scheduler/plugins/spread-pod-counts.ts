// How many pods on a node a spreading constraint selects, remembered per node until the node's pods
// change (NodeInfo.generation). Scoring spreads over zones counts the matching pods of every node in
// the cluster for every pod it places: with the counts kept, a cycle recounts only the nodes that
// changed since the previous pod with the same selector (a Deployment's pods, one after another),
// so the cost per pod grows with the nodes, not with every pod in the cluster.
import type { NodeInfo } from '../framework/node-info.js';
import { countMatchingPods, type SpreadConstraint } from './topology-spread-constraints.js';

/** Distinct selectors remembered at most (the least recently added are forgotten first). */
const MAX_SELECTORS = 256;

interface Counted {
  readonly generation: number;
  readonly count: number;
}

export class SpreadPodCounts {
  private readonly bySelector = new Map<string, WeakMap<NodeInfo, Counted>>();

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
