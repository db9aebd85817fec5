// What the binder says and does for a claim no existing volume can serve: hand it to the class's
// provisioner (annotating the claim so the provisioner knows it is its turn), or report why it waits.
import type { PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { StorageClass } from '../../api/types/storage-v1.js';
import type { EventType } from '../../client/index.js';
import { ANN_STORAGE_PROVISIONER, NO_PROVISIONER } from './annotations.js';

export interface PendingOutcome {
  readonly event?: { readonly type: EventType; readonly reason: string; readonly message: string };
  /** The provisioner to name on the claim (volume.kubernetes.io/storage-provisioner). */
  readonly annotate?: string;
}

export function pendingClaimOutcome(claim: Readonly<PersistentVolumeClaim>, className: string, sc: Readonly<StorageClass> | undefined): PendingOutcome {
  if (!className) return { event: { type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' } };
  if (!sc) return { event: { type: 'Warning', reason: 'ProvisioningFailed', message: `storageclass.storage.k8s.io "${className}" not found` } };
  const provisioner = sc.provisioner ?? '';
  if (!provisioner || provisioner === NO_PROVISIONER) {
    return { event: { type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' } };
  }
  const message =
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. ` +
    'If volume creation is delayed, please verify that the provisioner is running and correctly registered.';
  const annotated = claim.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] === provisioner;
  return { event: { type: 'Normal', reason: 'ExternalProvisioning', message }, annotate: annotated ? undefined : provisioner };
}

/** The ClaimLost message for a bound claim whose volume is gone (or was never named). */
export function claimLost(_claim: Readonly<PersistentVolumeClaim>, volumeName: string | undefined): string {
  return volumeName ? 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' : 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!';
}
