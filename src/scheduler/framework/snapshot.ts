// The scheduler's view of the cluster: every node's NodeInfo, kept incrementally as nodes and pods
// change. A scheduling cycle runs synchronously, so it reads this directly; derived lists (all nodes
// in zone round-robin order, nodes with affinity pods) are rebuilt only when they went stale.
import type { Node } from '../../api/types/core-v1.js';
import { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export interface NodeInfoLister {
  /** Nodes in zone round-robin order (upstream's node tree), so that sampling spreads over zones. */
  list(): readonly NodeInfo[];
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  numNodes(): number;
  /** How many nodes hold the image (for ImageLocality's spread factor). */
  imageNumNodes(image: string): number;
  /** How many distinct image names the nodes report. */
  numImages(): number;
  /**
   * The position after the last change (a node or a pod on it added, changed or removed), for
   * readers that keep sums over every node up to date with changesSince.
   */
  changeSeq?(): number;
  /** The nodes changed since position seq (repeats possible), or undefined when that is no longer known. */
  changesSince?(seq: number): readonly NodeInfo[] | undefined;
}

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';

export function zoneKey(node: Readonly<Node>): string {
  const l = node.metadata?.labels ?? {};
  const zone = l[ZONE] ?? l[BETA_ZONE] ?? '';
  const region = l[REGION] ?? l[BETA_REGION] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export class ClusterSnapshot implements NodeInfoLister {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly zones = new Map<string, string>();
  private readonly images = new Map<string, number>();
  private ordered: NodeInfo[] | undefined;
  private withAffinity: NodeInfo[] | undefined;
  private withAntiAffinity: NodeInfo[] | undefined;
  private nodeCount = 0;
  /** Changed nodes in order; changeLog[i] is change number logBase + i. */
  private changeLog: NodeInfo[] = [];
  private logBase = 0;

  /** A snapshot of the given nodes with the given (bound) pods on them. */
  static of(nodes: readonly Readonly<Node>[], pods: readonly PodInfo[] = []): ClusterSnapshot {
    const s = new ClusterSnapshot();
    for (const n of nodes) s.setNode(n);
    for (const p of pods) s.addPod(p, p.pod.spec?.nodeName ?? '');
    return s;
  }

  private infoFor(name: string): NodeInfo {
    let ni = this.infos.get(name);
    if (!ni) this.infos.set(name, (ni = new NodeInfo(name)));
    return ni;
  }

  /** Adds or updates a node. */
  setNode(node: Readonly<Node>): NodeInfo {
    const name = node.metadata?.name ?? '';
    const ni = this.infoFor(name);
    const had = ni.node !== undefined;
    if (had) this.countImages(ni, -1);
    ni.setNode(node);
    this.changed(ni);
    this.countImages(ni, 1);
    const zone = zoneKey(node);
    if (!had) this.nodeCount++;
    if (!had || this.zones.get(name) !== zone) {
      this.zones.set(name, zone);
      this.ordered = undefined;
      this.withAffinity = undefined;
      this.withAntiAffinity = undefined;
    }
    return ni;
  }

  removeNode(name: string): void {
    const ni = this.infos.get(name);
    if (!ni?.node) return;
    this.countImages(ni, -1);
    ni.clearNode();
    this.changed(ni);
    this.nodeCount--;
    this.zones.delete(name);
    // Pods still bound to a deleted node stay accounted until they are deleted (as upstream's cache does).
    if (ni.pods.length === 0) this.infos.delete(name);
    this.ordered = undefined;
    this.withAffinity = undefined;
    this.withAntiAffinity = undefined;
  }

  addPod(pi: PodInfo, nodeName: string): void {
    const ni = this.infoFor(nodeName);
    ni.addPod(pi);
    this.changed(ni);
    if (pi.hasAffinity) this.withAffinity = undefined;
    if (pi.hasRequiredAntiAffinity) this.withAntiAffinity = undefined;
  }

  removePod(pi: PodInfo, nodeName: string): boolean {
    const ni = this.infos.get(nodeName);
    if (!ni || !ni.removePod(pi)) return false;
    this.changed(ni);
    if (pi.hasAffinity) this.withAffinity = undefined;
    if (pi.hasRequiredAntiAffinity) this.withAntiAffinity = undefined;
    if (!ni.node && ni.pods.length === 0) this.infos.delete(nodeName);
    return true;
  }

  private changed(ni: NodeInfo): void {
    this.changeLog.push(ni);
    // Keep about four changes per node; a reader further behind than that counts everything again.
    if (this.changeLog.length > 4 * Math.max(this.nodeCount, 1024)) {
      const drop = this.changeLog.length >> 1;
      this.changeLog = this.changeLog.slice(drop);
      this.logBase += drop;
    }
  }

  changeSeq(): number {
    return this.logBase + this.changeLog.length;
  }

  changesSince(seq: number): readonly NodeInfo[] | undefined {
    if (seq < this.logBase || seq > this.changeSeq()) return undefined;
    return this.changeLog.slice(seq - this.logBase);
  }

  private countImages(ni: NodeInfo, sign: number): void {
    for (const name of ni.imageSizes.keys()) {
      const n = (this.images.get(name) ?? 0) + sign;
      if (n > 0) this.images.set(name, n);
      else this.images.delete(name);
    }
  }

  list(): readonly NodeInfo[] {
    if (!this.ordered) this.ordered = this.buildOrder();
    return this.ordered;
  }

  private buildOrder(): NodeInfo[] {
    const byZone = new Map<string, NodeInfo[]>();
    for (const ni of this.infos.values()) {
      if (!ni.node) continue;
      const z = this.zones.get(ni.name) ?? '';
      let list = byZone.get(z);
      if (!list) byZone.set(z, (list = []));
      list.push(ni);
    }
    const zones = [...byZone.values()];
    const out: NodeInfo[] = [];
    for (let i = 0, more = true; more; i++) {
      more = false;
      for (const z of zones) {
        if (i < z.length) {
          out.push(z[i]!);
          more = true;
        }
      }
    }
    return out;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    if (!this.withAffinity) this.withAffinity = this.list().filter((ni) => ni.podsWithAffinity.length > 0);
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    if (!this.withAntiAffinity) this.withAntiAffinity = this.list().filter((ni) => ni.podsWithRequiredAntiAffinity.length > 0);
    return this.withAntiAffinity;
  }

  get(name: string): NodeInfo | undefined {
    const ni = this.infos.get(name);
    return ni?.node ? ni : undefined;
  }

  numNodes(): number {
    return this.nodeCount;
  }

  imageNumNodes(image: string): number {
    return this.images.get(image) ?? 0;
  }

  numImages(): number {
    return this.images.size;
  }
}
