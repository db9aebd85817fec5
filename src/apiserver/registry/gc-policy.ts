// Garbage-collection finalizers a delete call leaves on an object (upstream's
// deletionFinalizersForGarbageCollection): an explicit orphanDependents or propagationPolicy
// wins, then a GC finalizer the object already carries, then the kind's default policy. Two
// served kinds keep their pre-GC default of orphaning dependents: v1 ReplicationController and
// batch/v1 Job; every other kind deletes dependents in the background (no finalizer).
import type { ResourceInfo } from '../../api/resource-info.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export type GarbageCollectionPolicy = 'OrphanDependents' | 'DeleteDependents';

export interface PropagationOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
}

/** The default policy for deletes that name none (upstream: the strategy's DefaultGarbageCollectionPolicy). */
export function defaultGarbageCollectionPolicy(info: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): GarbageCollectionPolicy {
  if (info.group === '' && info.version === 'v1' && info.resource === 'replicationcontrollers') return 'OrphanDependents';
  if (info.group === 'batch' && info.version === 'v1' && info.resource === 'jobs') return 'OrphanDependents';
  return 'DeleteDependents';
}

function shouldOrphan(finalizers: readonly string[], o: PropagationOptions, def: GarbageCollectionPolicy): boolean {
  if (o.orphanDependents !== undefined) return o.orphanDependents;
  if (o.propagationPolicy) return o.propagationPolicy === 'Orphan';
  if (finalizers.includes(ORPHAN_FINALIZER)) return true;
  if (finalizers.includes(FOREGROUND_FINALIZER)) return false;
  return def === 'OrphanDependents';
}

function shouldDeleteInForeground(finalizers: readonly string[], o: PropagationOptions): boolean {
  if (o.orphanDependents !== undefined) return false;
  if (o.propagationPolicy) return o.propagationPolicy === 'Foreground';
  return finalizers.includes(FOREGROUND_FINALIZER);
}

/** The object's finalizers after a delete call with these options. */
export function finalizersAfterDelete(current: readonly string[], o: PropagationOptions, def: GarbageCollectionPolicy): string[] {
  const next = current.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (shouldOrphan(current, o, def)) next.push(ORPHAN_FINALIZER);
  if (shouldDeleteInForeground(current, o)) next.push(FOREGROUND_FINALIZER);
  const same = next.length === current.length && next.every((f) => current.includes(f));
  return same ? [...current] : next;
}

/** Upstream's warning when a batch/v1 Job delete leaves the policy to the kind's orphaning default. */
export const JOB_DELETE_WARNING =
  'child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning';

/** Warnings for a delete (or deletecollection) call with these options. */
export function deleteWarnings(info: Pick<ResourceInfo, 'group' | 'version' | 'resource'>, o: PropagationOptions): string[] {
  const jobs = info.group === 'batch' && info.version === 'v1' && info.resource === 'jobs';
  return jobs && o.propagationPolicy === undefined && o.orphanDependents === undefined ? [JOB_DELETE_WARNING] : [];
}
