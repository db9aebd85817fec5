// ControllerRevisions, the history StatefulSets and DaemonSets keep (upstream's controller/history):
// each revision stores a strategic merge patch that restores the pod template, a revision number,
// and a name "<parent>-<hash>" whose hash covers the patch plus the parent's collision count.
import type { ControllerRevision } from '../../api/types/apps-v1.js';
import type { PodTemplateSpec } from '../../api/types/core-v1.js';
import type { OwnerReference } from '../../api/types/meta-v1.js';
import { parseApiTime, resourceRef, type KubeObject } from '../../client/index.js';
import { canonicalJson, safeEncode } from '../deployment/hash.js';

export const CONTROLLERREVISIONS = resourceRef<ControllerRevision>({ group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true });

/** The label a revision carries with its hash (upstream's ControllerRevisionHashLabel). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** Names are at most 253 characters; the parent part is cut so that "-<hash>" always fits. */
const MAX_PREFIX = 223;

/** The data of a revision: a patch replacing spec.template (what kubectl rollout undo applies). */
export function templatePatch(template: Readonly<PodTemplateSpec> | undefined): Record<string, unknown> {
  return { spec: { template: { ...(structuredClone(template ?? {}) as Record<string, unknown>), $patch: 'replace' } } };
}

/** 32-bit FNV-1 (upstream hashes revision data with hash/fnv.New32). */
export function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= b;
  }
  return h >>> 0;
}

/** The hash of a revision's data and the collision count, in upstream's safe alphabet. */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  const enc = new TextEncoder();
  let h = fnv32(enc.encode(canonicalJson(data)));
  if (collisionCount !== undefined && collisionCount !== null) h = fnv32(enc.encode(String(collisionCount)), h);
  return safeEncode(String(h));
}

export const revisionName = (prefix: string, hash: string): string => `${prefix.length > MAX_PREFIX ? prefix.slice(0, MAX_PREFIX) : prefix}-${hash}`;

export interface NewRevisionInput {
  readonly parent: Readonly<KubeObject>;
  readonly ownerRef: OwnerReference;
  readonly templateLabels: Readonly<Record<string, string>> | undefined;
  readonly data: Record<string, unknown>;
  readonly revision: number;
  /** Name and hash label; computed from data and collisionCount when absent. */
  readonly hash?: string;
  readonly collisionCount?: number;
  /** Extra labels (a DaemonSet adds controller-revision-hash). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/** A revision object ready to create (upstream's NewControllerRevision; annotations are the parent's). */
export function newControllerRevision(i: NewRevisionInput): ControllerRevision {
  const hash = i.hash ?? hashRevisionData(i.data, i.collisionCount);
  const labels: Record<string, string> = { ...(i.templateLabels ?? {}), ...(i.extraLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash };
  const annotations = i.parent.metadata?.annotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(i.parent.metadata!.name!, hash),
      namespace: i.parent.metadata?.namespace,
      labels,
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [i.ownerRef],
    },
    data: i.data,
    revision: i.revision,
  };
}

/** Same stored template (upstream compares the raw data). */
export const equalRevision = (a: Readonly<ControllerRevision>, b: Readonly<ControllerRevision>): boolean => canonicalJson(a.data) === canonicalJson(b.data);

export const findEqualRevisions = <T extends Readonly<ControllerRevision>>(revisions: readonly T[], needle: Readonly<ControllerRevision>): T[] =>
  revisions.filter((r) => equalRevision(r, needle));

/** Oldest first: by revision number, then creation time, then name (upstream's SortControllerRevisions). */
export function sortRevisions<T extends Readonly<ControllerRevision>>(revisions: readonly T[]): T[] {
  return [...revisions].sort((a, b) => {
    const d = (a.revision ?? 0) - (b.revision ?? 0);
    if (d !== 0) return d;
    const ta = parseApiTime(a.metadata?.creationTimestamp);
    const tb = parseApiTime(b.metadata?.creationTimestamp);
    if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
    return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
  });
}

/** One more than the highest revision number (1 for none). */
export const nextRevision = (revisions: readonly Readonly<ControllerRevision>[]): number => Math.max(0, ...revisions.map((r) => r.revision ?? 0)) + 1;

/**
 * The revisions to delete so that at most limit remain besides the live ones (those in use by the
 * current or update revision or by a pod), oldest first (upstream's truncateHistory/cleanupHistory).
 */
export function revisionsToPrune(revisions: readonly Readonly<ControllerRevision>[], live: ReadonlySet<string>, limit: number): Readonly<ControllerRevision>[] {
  const nonLive = sortRevisions(revisions.filter((r) => !live.has(r.metadata?.name ?? '')));
  const excess = nonLive.length - Math.max(0, limit);
  return excess > 0 ? nonLive.slice(0, excess) : [];
}
