// A node with the aggregates of the pods on it (upstream's NodeInfo): requested resources (actual and
// non-zero), host ports in use, pods with affinity, image sizes. Kept incrementally as pods come and go.
import type { Labels } from '../../api/meta/labels.js';
import type { Node, Taint } from '../../api/types/core-v1.js';
import { HostPortInfo } from './host-ports.js';
import { EMPTY_LABELS, type PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

export class NodeInfo {
  node: Readonly<Node> | undefined;
  labels: Labels = EMPTY_LABELS;
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  allocatable = new Resource();
  /** Image name → size in bytes, from node.status.images. */
  imageSizes: ReadonlyMap<string, number> = new Map();

  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested = new Resource();
  nonZeroRequested = new Resource();
  usedPorts = new HostPortInfo();
  /** Bumped on every change, so readers can tell whether a derived value is stale. */
  generation = 0;

  constructor(readonly name: string) {}

  setNode(node: Readonly<Node>): void {
    this.node = node;
    this.labels = node.metadata?.labels ?? EMPTY_LABELS;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = Resource.from(node.status?.allocatable);
    const images = new Map<string, number>();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) images.set(n, img.sizeBytes ?? 0);
    this.imageSizes = images;
    this.generation++;
  }

  clearNode(): void {
    this.node = undefined;
    this.generation++;
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.requested.add(pi.requests);
    this.nonZeroRequested.add(pi.nonZeroRequests);
    for (const p of pi.hostPorts) this.usedPorts.add(p);
    this.generation++;
  }

  /** Removes the pod with pi's key; false when it is not on this node. */
  removePod(pi: PodInfo): boolean {
    const i = indexOfKey(this.pods, pi.key);
    if (i < 0) return false;
    const old = this.pods[i]!;
    swapRemove(this.pods, i);
    const a = indexOfKey(this.podsWithAffinity, pi.key);
    if (a >= 0) swapRemove(this.podsWithAffinity, a);
    const r = indexOfKey(this.podsWithRequiredAntiAffinity, pi.key);
    if (r >= 0) swapRemove(this.podsWithRequiredAntiAffinity, r);
    this.requested.add(old.requests, -1);
    this.nonZeroRequested.add(old.nonZeroRequests, -1);
    for (const p of old.hostPorts) this.usedPorts.remove(p);
    this.generation++;
    return true;
  }

  hasPod(key: string): boolean {
    return indexOfKey(this.pods, key) >= 0;
  }

  /** A copy whose pod lists and aggregates can be changed without touching this one (preemption dry runs). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.imageSizes = this.imageSizes;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.usedPorts = this.usedPorts.clone();
    c.generation = this.generation;
    return c;
  }
}

function indexOfKey(list: readonly PodInfo[], key: string): number {
  for (let i = 0; i < list.length; i++) if (list[i]!.key === key) return i;
  return -1;
}

function swapRemove<T>(list: T[], i: number): void {
  const last = list.length - 1;
  if (i !== last) list[i] = list[last]!;
  list.pop();
}
