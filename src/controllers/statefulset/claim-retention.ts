// persistentVolumeClaimRetentionPolicy (upstream's StatefulSetAutoDeletePVC): with whenDeleted
// Delete the set's claims carry an ownerReference to the set, so the garbage collector removes them
// with it (Retain removes that reference again); with whenScaled Delete the claims of ordinals
// scaled away are deleted once their pod is gone.
import type { StatefulSet } from '../../api/types/apps-v1.js';
import type { PersistentVolumeClaim, Pod } from '../../api/types/core-v1.js';
import type { OwnerReference } from '../../api/types/meta-v1.js';
import { PERSISTENTVOLUMECLAIMS, type Client, type Lister } from '../../client/index.js';
import { ignoreNotFound } from '../ignore-not-found.js';
import { claimName, inOrdinalRange, parentAndOrdinal } from './identity.js';
import type { StatefulPodControl } from './stateful-pod-control.js';

/** The ownerReference a claim gets under whenDeleted Delete. */
export const claimOwnerRef = (set: Readonly<StatefulSet>): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata!.name!, uid: set.metadata!.uid!, blockOwnerDeletion: true });

/** The claims of set's volumeClaimTemplates that exist, with the ordinal each belongs to. */
export function setClaims(set: Readonly<StatefulSet>, claims: Lister<PersistentVolumeClaim>): { claim: Readonly<PersistentVolumeClaim>; ordinal: number }[] {
  const templates = (set.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '').filter(Boolean);
  const out: { claim: Readonly<PersistentVolumeClaim>; ordinal: number }[] = [];
  for (const claim of claims.listNamespace(set.metadata?.namespace ?? '')) {
    const cname = claim.metadata?.name ?? '';
    for (const t of templates) {
      if (!cname.startsWith(`${t}-`)) continue;
      const { parent, ordinal } = parentAndOrdinal(cname.slice(t.length + 1));
      if (parent === set.metadata?.name && ordinal >= 0 && claimName(t, set, ordinal) === cname) {
        out.push({ claim, ordinal });
        break;
      }
    }
  }
  return out;
}

export async function applyClaimRetention(
  client: Client,
  control: StatefulPodControl,
  set: Readonly<StatefulSet>,
  claims: Lister<PersistentVolumeClaim>,
  pods: readonly Readonly<Pod>[],
  signal: AbortSignal,
): Promise<void> {
  if (set.metadata?.deletionTimestamp) return;
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
  const podNames = new Set(pods.map((p) => p.metadata?.name));
  const api = client.resource(PERSISTENTVOLUMECLAIMS, set.metadata?.namespace);
  for (const { claim, ordinal } of setClaims(set, claims)) {
    if (claim.metadata?.deletionTimestamp) continue;
    if (policy?.whenScaled === 'Delete' && !inOrdinalRange(set, ordinal) && !podNames.has(`${set.metadata?.name}-${ordinal}`)) {
      await control.deleteClaim(set, claim, signal);
      continue;
    }
    const owned = claim.metadata?.ownerReferences?.some((r) => r.uid === set.metadata?.uid) ?? false;
    const want = policy?.whenDeleted === 'Delete';
    if (want && !owned) await ignoreNotFound(api.patch(claim.metadata!.name!, { metadata: { ownerReferences: [claimOwnerRef(set)] } }, 'strategic', { signal }));
    if (!want && owned) await ignoreNotFound(api.patch(claim.metadata!.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid: set.metadata!.uid }] } }, 'strategic', { signal }));
  }
}
