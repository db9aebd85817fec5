// Claiming the objects a controller owns (upstream's ControllerRefManager.ClaimObject), with no
// adoption recheck of the live parent: shared by the DaemonSet and StatefulSet pod claims and the
// ControllerRevision claim. Owner references change through strategic-merge patches.
import type { OwnerReference } from '../api/types/meta-v1.js';
import { isNotFound, type KubeObject, type ResourceClient } from '../client/index.js';
import { ignoreNotFound } from './ignore-not-found.js';
import { controllerRefOf } from './pod-util.js';

/**
 * The candidates parent ends up controlling: those it controls that still match are kept, those
 * that stop matching are released (unless parent is being deleted), and matching orphans not
 * being deleted are adopted with ref (unless parent is being deleted). An object that disappears
 * meanwhile is skipped. Objects other controllers own are left alone.
 */
export async function claimObjects<T extends KubeObject>(
  api: ResourceClient<T>,
  parent: Readonly<KubeObject>,
  candidates: readonly Readonly<T>[],
  matches: (o: Readonly<T>) => boolean,
  ref: OwnerReference,
  signal: AbortSignal,
): Promise<Readonly<T>[]> {
  const deleting = !!parent.metadata?.deletionTimestamp;
  const out: Readonly<T>[] = [];
  for (const o of candidates) {
    const owner = controllerRefOf(o);
    const matched = matches(o);
    if (owner) {
      if (owner.uid !== parent.metadata?.uid) continue;
      if (matched) out.push(o);
      else if (!deleting) await ignoreNotFound(api.patch(o.metadata!.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid: parent.metadata!.uid }] } }, 'strategic', { signal }));
      continue;
    }
    if (!matched || deleting || o.metadata?.deletionTimestamp) continue;
    try {
      out.push(await api.patch(o.metadata!.name!, { metadata: { ownerReferences: [ref] } }, 'strategic', { signal }));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return out;
}
