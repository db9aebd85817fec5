// Pods nominated to nodes by preemption (status.nominatedNodeName), so that other pods' filters
// count them as if they were already there (upstream's nominator).
import type { PodNominator } from '../framework/interfaces.js';
import type { PodInfo } from '../framework/pod-info.js';

export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records (or moves, or with '' clears) the nomination of a pod. */
  nominate(pi: PodInfo, nodeName: string): void {
    this.remove(pi.key);
    if (!nodeName) return;
    let list = this.byNode.get(nodeName);
    if (!list) this.byNode.set(nodeName, (list = []));
    list.push(pi);
    this.nodeOf.set(pi.key, nodeName);
  }

  remove(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  nominatedNodeOf(key: string): string | undefined {
    return this.nodeOf.get(key);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return EMPTY;
    return this.byNode.get(nodeName) ?? EMPTY;
  }
}

const EMPTY: readonly PodInfo[] = Object.freeze([]);
