// The garbage collector's dependency graph (upstream's GraphBuilder's uidToNode): one node per
// object of every watched resource, keyed by UID, with its ownerReferences, and the reverse
// index owner UID → dependents. It is fed by informer events and read by the collector.
import type { OwnerReference } from '../../api/types/meta-v1.js';
import type { KubeObject, ResourceRef } from '../../client/index.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** An ownerReference that names its owner's UID (references without one are ignored). */
export type OwnerRef = Readonly<OwnerReference> & { readonly uid: string; readonly name: string; readonly kind: string; readonly apiVersion: string };

export interface GraphNode {
  readonly uid: string;
  readonly ref: ResourceRef;
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion: string;
  readonly owners: readonly OwnerRef[];
  readonly finalizers: readonly string[];
  readonly deleting: boolean;
}

export const isDeletingDependents = (n: GraphNode): boolean => n.deleting && n.finalizers.includes(FOREGROUND_FINALIZER);
export const isOrphaning = (n: GraphNode): boolean => n.deleting && n.finalizers.includes(ORPHAN_FINALIZER);

export function nodeOf(obj: Readonly<KubeObject>, ref: ResourceRef): GraphNode | undefined {
  const m = obj.metadata;
  if (!m?.uid || !m.name) return undefined;
  return {
    uid: m.uid,
    ref,
    namespace: m.namespace ?? '',
    name: m.name,
    resourceVersion: m.resourceVersion ?? '',
    owners: (m.ownerReferences ?? []).filter((o): o is OwnerRef => !!o.uid && !!o.name && !!o.kind && !!o.apiVersion),
    finalizers: m.finalizers ?? [],
    deleting: !!m.deletionTimestamp,
  };
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependentsByOwner = new Map<string, Set<string>>();

  get size(): number {
    return this.nodes.size;
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Adds or replaces a node; returns the owner UIDs it had before (empty for a new node). */
  upsert(node: GraphNode): string[] {
    const old = this.nodes.get(node.uid);
    const before = old ? old.owners.map((o) => o.uid) : [];
    for (const uid of before) this.unlink(uid, node.uid);
    this.nodes.set(node.uid, node);
    for (const o of node.owners) {
      let s = this.dependentsByOwner.get(o.uid);
      if (!s) this.dependentsByOwner.set(o.uid, (s = new Set()));
      s.add(node.uid);
    }
    return before;
  }

  /** Removes a node (its entry as a dependent; its own dependents keep pointing at its UID). */
  remove(uid: string): GraphNode | undefined {
    const old = this.nodes.get(uid);
    if (!old) return undefined;
    for (const o of old.owners) this.unlink(o.uid, uid);
    this.nodes.delete(uid);
    return old;
  }

  /** The nodes whose ownerReferences name ownerUid. */
  dependents(ownerUid: string): GraphNode[] {
    const s = this.dependentsByOwner.get(ownerUid);
    if (!s) return [];
    const out: GraphNode[] = [];
    for (const uid of s) {
      const n = this.nodes.get(uid);
      if (n) out.push(n);
    }
    return out;
  }

  /** Whether any node in the graph names ownerUid (without listing them). */
  hasDependents(ownerUid: string): boolean {
    const s = this.dependentsByOwner.get(ownerUid);
    if (!s) return false;
    for (const uid of s) if (this.nodes.has(uid)) return true;
    return false;
  }

  /** Dependents whose reference to ownerUid has blockOwnerDeletion: they hold a foreground deletion. */
  blockingDependents(ownerUid: string): GraphNode[] {
    return this.dependents(ownerUid).filter((d) => d.owners.some((o) => o.uid === ownerUid && o.blockOwnerDeletion === true));
  }

  private unlink(ownerUid: string, dependentUid: string): void {
    const s = this.dependentsByOwner.get(ownerUid);
    if (!s) return;
    s.delete(dependentUid);
    if (s.size === 0) this.dependentsByOwner.delete(ownerUid);
  }
}
