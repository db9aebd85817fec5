// The scheduler's cache of nodes and bound pods, fed by informers, plus "assumed" pods: a pod counts
// on its node from the moment the scheduler picks the node (before the binding is written), and is
// forgotten again if binding fails (upstream's scheduler cache).
import type { Node, Pod } from '../../api/types/core-v1.js';
import { PodInfo } from '../framework/pod-info.js';
import { ClusterSnapshot } from '../framework/snapshot.js';

interface PodState {
  pi: PodInfo;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

/** A cache operation that does not match the cache's state (a bug in the caller). */
export class CacheError extends Error {
  override readonly name = 'CacheError';
  readonly code = 'CacheInconsistent';
}

export class SchedulerCache {
  readonly snapshot = new ClusterSnapshot();
  private readonly pods = new Map<string, PodState>();

  get podCount(): number {
    return this.pods.size;
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed ?? false;
  }

  /** Whether the pod (by PodInfo key) is bound or assumed. */
  has(key: string): boolean {
    return this.pods.has(key);
  }

  nodeOf(key: string): string | undefined {
    return this.pods.get(key)?.nodeName;
  }

  /** Counts pi on nodeName until the binding is confirmed (addPod) or forgotten. */
  assumePod(pi: PodInfo, nodeName: string): PodInfo {
    if (this.pods.has(pi.key)) throw new CacheError(`pod ${pi.namespace}/${pi.name} is in the cache, so can't be assumed`);
    const assumed = pi.withNodeName(nodeName);
    this.pods.set(pi.key, { pi: assumed, nodeName, assumed: true, bindingFinished: false });
    this.snapshot.addPod(assumed, nodeName);
    return assumed;
  }

  finishBinding(key: string): void {
    const s = this.pods.get(key);
    if (s?.assumed) s.bindingFinished = true;
  }

  /** Drops an assumed pod whose binding failed. */
  forgetPod(key: string): void {
    const s = this.pods.get(key);
    if (!s) return;
    if (!s.assumed) throw new CacheError(`pod ${s.pi.namespace}/${s.pi.name} is bound, only assumed pods can be forgotten`);
    this.snapshot.removePod(s.pi, s.nodeName);
    this.pods.delete(key);
  }

  /** A bound pod seen by the informer; confirms an assumed one. Returns the replaced and the new PodInfo. */
  addPod(pod: Readonly<Pod>): [PodInfo | undefined, PodInfo] {
    const pi = new PodInfo(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const s = this.pods.get(pi.key);
    if (s) this.snapshot.removePod(s.pi, s.nodeName);
    this.pods.set(pi.key, { pi, nodeName, assumed: false, bindingFinished: true });
    this.snapshot.addPod(pi, nodeName);
    return [s?.pi, pi];
  }

  updatePod(_oldPod: Readonly<Pod>, newPod: Readonly<Pod>): [PodInfo | undefined, PodInfo] {
    return this.addPod(newPod);
  }

  removePod(pod: Readonly<Pod>): void {
    const key = new PodInfo(pod).key;
    const s = this.pods.get(key);
    if (!s) return;
    this.snapshot.removePod(s.pi, s.nodeName);
    this.pods.delete(key);
  }

  addNode(node: Readonly<Node>): void {
    this.snapshot.setNode(node);
  }

  updateNode(_old: Readonly<Node>, node: Readonly<Node>): void {
    this.snapshot.setNode(node);
  }

  removeNode(node: Readonly<Node>): void {
    this.snapshot.removeNode(node.metadata?.name ?? '');
  }
}
