// PersistentVolume and PersistentVolumeClaim details beyond the common spec fields: data
// sources, status and resizing, volume attribute classes, node affinity.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const ATTRIBUTES_CLASS = 'The VolumeAttributesClass (driver-specific settings such as IOPS) the volume uses; changing it asks the driver to modify the volume.';
const ACCESS_MODES = 'How the volume may be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.';

export const persistentVolumeDescriptions: Descriptions = {
  [`${C}PersistentVolumeClaimSpec`]: {
    dataSource:
      'Fill the new volume from an existing object in the same namespace: a VolumeSnapshot, another PersistentVolumeClaim, or a populator\'s object. Copied to dataSourceRef when that is empty.',
    dataSourceRef:
      'Like dataSource, but any object of a non-core group may be named (handled by a volume populator), and with namespace set, one in another namespace. When both are set without a namespace, they must be equal.',
    volumeAttributesClassName: ATTRIBUTES_CLASS,
  },
  [`${C}PersistentVolumeClaimStatus`]: {
    '': 'The current state of a claim.',
    phase: 'Pending (not bound yet), Bound (bound to a volume) or Lost (its volume has disappeared).',
    accessModes: `The access modes of the bound volume. ${ACCESS_MODES}`,
    capacity: 'The size of the bound volume, as capacity.storage.',
    conditions: 'The claim\'s conditions, for example while it is being resized.',
    allocatedResources: 'The storage allocated to the claim, which can be more than requested while a resize is in progress. Quota is counted against the larger of the two.',
    allocatedResourceStatuses:
      'The state of a resize for each resource: ControllerResizeInProgress, ControllerResizeInfeasible, NodeResizePending, NodeResizeInProgress or NodeResizeInfeasible. Absent when no resize is going on.',
    currentVolumeAttributesClassName: 'The VolumeAttributesClass the volume currently has; empty when none.',
    modifyVolumeStatus: 'The state of a change to volumeAttributesClassName; unset when there is none going on.',
  },
  [`${C}ModifyVolumeStatus`]: {
    '': 'Progress of a change of a claim\'s VolumeAttributesClass.',
    targetVolumeAttributesClassName: 'The class the volume is being moved to.',
    status: 'Pending (waiting, for example for the class to exist), InProgress or Infeasible (the driver refused; fix the class to retry).',
  },
  [`${C}PersistentVolumeSpec`]: {
    volumeAttributesClassName: ATTRIBUTES_CLASS,
  },
  [`${C}PersistentVolumeStatus`]: {
    '': 'The current state of a persistent volume.',
    phase: 'Pending (not yet usable), Available (free for a claim), Bound (to a claim), Released (its claim was deleted, the volume not yet reclaimed) or Failed (automatic reclaim failed).',
    reason: 'A short CamelCase word for why the volume is in its phase.',
    message: 'A human-readable note on why the volume is in its phase.',
    lastPhaseTransitionTime: 'When the phase last changed; reset to now whenever the phase is set.',
  },
  [`${C}VolumeNodeAffinity`]: {
    '': 'The nodes from which a persistent volume can be used; pods using it are scheduled onto those nodes.',
    required: 'The nodes that can reach the volume.',
  },
  [`${C}VolumeResourceRequirements`]: {
    '': 'The storage a claim asks for.',
    requests: 'The least storage the volume must have, as storage (for example 10Gi). Defaults to limits when only those are given.',
    limits: 'The most storage the volume may have, as storage.',
  },
};
