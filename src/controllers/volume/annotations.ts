// The annotations, labels and names the volume controllers (binder, provisioner) and the scheduler
// agree on, as upstream spells them.
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';

/** On a claim: the binder finished binding it (both sides written). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** On a claim or a volume: the binder (not the user) chose the other side. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** On a volume: the provisioner that created it (and that deletes it). */
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
/** On a claim: the provisioner expected to create its volume (and the legacy beta spelling). */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** On a claim: the node the scheduler picked for its first consumer (WaitForFirstConsumer). */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The storage class before spec.storageClassName existed. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** On a StorageClass: the class claims without one get. */
export const ANN_DEFAULT_STORAGE_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_DEFAULT_STORAGE_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

export const BINDING_WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer';
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** The class a claim asks for ("" is "no class"). */
export function claimClass(claim: Readonly<PersistentVolumeClaim>): string {
  return claim.spec?.storageClassName ?? claim.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? '';
}

/** The class a volume belongs to ("" is "no class"). */
export function volumeClass(pv: Readonly<PersistentVolume>): string {
  return pv.spec?.storageClassName ?? pv.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? '';
}

export const claimKey = (namespace: string | undefined, name: string | undefined): string => `${namespace ?? ''}/${name ?? ''}`;
