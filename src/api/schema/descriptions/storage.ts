// storage.k8s.io/v1 (CSI drivers and nodes, storage capacity, volume attachments) and
// node.k8s.io/v1 (RuntimeClass). StorageClass is described in cluster.ts.
import type { Descriptions } from './index.js';

const S = 'io.k8s.api.storage.v1.';
const NODE = 'io.k8s.api.node.v1.';

const VOLUME_ERROR = 'The last error of this operation, if it failed; the attacher keeps retrying.';

export const storageDescriptions: Descriptions = {
  [`${S}CSIDriver`]: { '': 'How the cluster works with one CSI volume driver. The object\'s name is the driver\'s name.' },
  [`${S}CSIDriverSpec`]: {
    '': 'The features and requirements of a CSI driver.',
    attachRequired:
      'Whether volumes must be attached to a node (through a VolumeAttachment and the driver\'s ControllerPublishVolume) before they are mounted. Defaults to true. Cannot be changed.',
    podInfoOnMount:
      'Whether the kubelet passes the pod\'s name, namespace, uid and service account to the driver when mounting. Defaults to false.',
    volumeLifecycleModes: 'How the driver\'s volumes may be used: Persistent (through PersistentVolumes, the default) and/or Ephemeral (inline in a pod spec).',
    storageCapacity: 'Whether the scheduler takes the driver\'s CSIStorageCapacity objects into account when placing pods with unbound claims. Defaults to false.',
    fsGroupPolicy:
      'Whether the kubelet changes the owner and permissions of a volume to the pod\'s fsGroup: ReadWriteOnceWithFSType (the default; only for ReadWriteOnce volumes with a file system type), File (always) or None (never).',
    tokenRequests: 'Service account tokens of the pod that the kubelet passes to the driver when mounting, one per audience.',
    requiresRepublish: 'Whether the kubelet calls the driver\'s NodePublishVolume again periodically, for example to hand over renewed tokens. Defaults to false.',
    seLinuxMount: 'Whether the driver supports mounting with an SELinux context option, so that the kubelet need not relabel every file. Defaults to false.',
    nodeAllocatableUpdatePeriodSeconds: 'How often, in seconds (at least 10), the kubelet refreshes the number of volumes this driver can still attach on its node. Unset means no periodic refresh.',
  },
  [`${S}TokenRequest`]: {
    '': 'A service account token a CSI driver wants for the pod whose volume it mounts.',
    audience: 'The audience of the token. Empty means the API server\'s own audiences.',
    expirationSeconds: 'The token\'s lifetime in seconds. Unset uses the TokenRequest default.',
  },
  [`${S}CSINode`]: { '': 'The CSI drivers installed on one node. The object\'s name is the node\'s name, and the node owns it.' },
  [`${S}CSINodeSpec`]: { '': 'The CSI drivers of a node.', drivers: 'One entry per driver registered on the node; empty when none is.' },
  [`${S}CSINodeDriver`]: {
    '': 'One CSI driver on a node.',
    name: 'The driver\'s name, as in its CSIDriver object.',
    nodeID: 'The driver\'s own id for this node, passed back to it when volumes are attached.',
    topologyKeys: 'The node label keys the driver reports topology with, such as topology.kubernetes.io/zone.',
    allocatable: 'How many volumes of this driver the node can take.',
  },
  [`${S}VolumeNodeResources`]: { '': 'Volume limits of a driver on a node.', count: 'The most volumes of this driver that may be used on the node. Unset means no limit.' },
  [`${S}CSIStorageCapacity`]: {
    '': 'How much storage of one class is available in one topology segment, as a CSI driver reports it, for the scheduler.',
    storageClassName: 'The StorageClass the capacity is for. Required; cannot be changed.',
    nodeTopology: 'The nodes from which this storage can be used. Unset means no node can reach it. Cannot be changed.',
    capacity: 'The space available for new volumes. Unset means unknown; 0 means none.',
    maximumVolumeSize: 'The largest volume that can be created, when smaller than capacity. Unset means the same as capacity.',
  },
  [`${S}VolumeAttachment`]: { '': 'A request to attach a volume to a node, or to detach it, handled by the volume\'s CSI attacher. Cluster-scoped.' },
  [`${S}VolumeAttachmentSpec`]: {
    '': 'What to attach and where.',
    attacher: 'The name of the driver that attaches the volume.',
    source: 'The volume.',
    nodeName: 'The node to attach the volume to.',
  },
  [`${S}VolumeAttachmentSource`]: {
    '': 'The volume to attach. Exactly one field is set.',
    persistentVolumeName: 'The name of a PersistentVolume.',
    inlineVolumeSpec: 'The spec of a volume given inline in a pod, migrated from an in-tree plugin to CSI.',
  },
  [`${S}VolumeAttachmentStatus`]: {
    '': 'The state of an attachment, written by the attacher.',
    attached: 'True once the volume is attached and ready to be mounted.',
    attachmentMetadata: 'Data the driver returned from attaching, passed on to the mount step.',
    attachError: VOLUME_ERROR,
    detachError: VOLUME_ERROR,
  },
  [`${S}VolumeError`]: {
    '': 'An error of an attach or detach operation.',
    time: 'When the error happened.',
    message: 'What went wrong. It may be shown to users.',
    errorCode: 'The gRPC status code the driver returned, when there was one.',
  },

  [`${NODE}RuntimeClass`]: {
    '': 'A container runtime configuration that pods choose with runtimeClassName (for example a sandboxed runtime). Cluster-scoped.',
    handler: 'The name the node\'s container runtime knows this configuration by; a lower-case DNS label. Required; cannot be changed.',
    overhead: 'Resources that running a pod with this class costs beyond its containers; added to the pod when it is created.',
    scheduling: 'Constraints that keep pods of this class on nodes that support it. Unset means every node does.',
  },
  [`${NODE}Overhead`]: { '': 'The extra resources of a runtime class.', podFixed: 'A fixed amount per pod, by resource name (such as cpu: 250m).' },
  [`${NODE}Scheduling`]: {
    '': 'Where pods of a runtime class may run.',
    nodeSelector: 'Node labels that pods of this class must run on; merged into each pod\'s nodeSelector (a conflict rejects the pod).',
    tolerations: 'Tolerations added to each pod of this class.',
  },
};
