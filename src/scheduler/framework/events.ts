// Cluster events that can make an unschedulable pod schedulable (upstream's ClusterEvent). Plugins
// register the events that can change their verdict; the queue moves a pod back only when an event
// one of its rejecting plugins registered for happens.

export type EventResource = 'Pod' | 'AssignedPod' | 'Node' | 'Namespace' | 'PodDisruptionBudget' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass' | 'WildCard';

export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  UpdatePodScaleDown: 256,
  UpdatePodTolerations: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  /** Any other update. */
  UpdateOther: 2048,
} as const;

export const UPDATE = 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048;
export const ALL = 1 | 2 | UPDATE;

export interface ClusterEvent {
  readonly resource: EventResource;
  /** A mask of ActionType bits. */
  readonly actions: number;
  readonly label?: string;
}

/** Whether a registered event covers an event that happened. */
export function eventMatches(registered: ClusterEvent, happened: ClusterEvent): boolean {
  if (registered.resource !== 'WildCard' && registered.resource !== happened.resource) return false;
  return (registered.actions & happened.actions) !== 0;
}

export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = { resource: 'WildCard', actions: ALL, label: 'UnschedulableTimeout' };
export const FORCE_ACTIVATE: ClusterEvent = { resource: 'WildCard', actions: ALL, label: 'ForceActivate' };
