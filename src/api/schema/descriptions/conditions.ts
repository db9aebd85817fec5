// The condition types of core/v1 objects (pods, nodes, namespaces, claims, replication
// controllers, component statuses). They share one shape, so they share most texts.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const STATUS = 'Whether the condition holds: True, False or Unknown.';
const REASON = 'A short CamelCase word for why the condition last changed, for machines to act on.';
const MESSAGE = 'A human-readable explanation of the last change.';
const TRANSITION = 'When status last changed from one value to another (RFC 3339, seconds).';

function condition(what: string, types: string) {
  return {
    '': `One aspect of the state of a ${what}, as a type and whether it holds.`,
    type: `What the condition is about: ${types}.`,
    status: STATUS,
    reason: REASON,
    message: MESSAGE,
    lastTransitionTime: TRANSITION,
  };
}

export const conditionDescriptions: Descriptions = {
  [`${C}PodCondition`]: {
    ...condition('pod', 'PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers, DisruptionTarget, PodResizePending, PodResizeInProgress, or a readiness gate\'s type'),
    lastProbeTime: 'When the condition was last checked.',
    observedGeneration: 'The pod\'s metadata.generation when the condition was last set.',
  },
  [`${C}NodeCondition`]: {
    ...condition('node', 'Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable (node problem detectors may add others)'),
    lastHeartbeatTime: 'When the kubelet last reported this condition, changed or not.',
  },
  [`${C}NamespaceCondition`]: condition(
    'namespace being deleted',
    'NamespaceDeletionDiscoveryFailure, NamespaceDeletionGroupVersionParsingFailure, NamespaceDeletionContentFailure, NamespaceContentRemaining or NamespaceFinalizersRemaining',
  ),
  [`${C}PersistentVolumeClaimCondition`]: {
    ...condition('claim', 'Resizing, FileSystemResizePending, ControllerResizeError, NodeResizeError, ModifyingVolume or ModifyVolumeError'),
    lastProbeTime: 'When the condition was last checked.',
  },
  [`${C}ReplicationControllerCondition`]: condition('replication controller', 'ReplicaFailure, when pods could not be created or deleted'),
  [`${C}ComponentCondition`]: {
    '': 'The health of a control plane component, as the API server saw it.',
    type: 'What the condition is about; only Healthy is used.',
    status: STATUS,
    message: 'What the health check returned.',
    error: 'The error of the health check, if it failed.',
  },
};
