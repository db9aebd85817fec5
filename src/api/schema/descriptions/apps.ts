// apps/v1 workload specs: Deployment, ReplicaSet, StatefulSet, DaemonSet, and their strategies.
import { conditionFields } from './condition-fields.js';
import type { Descriptions } from './index.js';

const A = 'io.k8s.api.apps.v1.';

const SELECTOR = 'A label query over pods that selects the pods this controller owns. It must match the template\'s labels and cannot be changed after creation.';
const TEMPLATE = 'The pod template new pods are made from.';
const MIN_READY = 'Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.';
const HISTORY = 'How many old revisions to keep for rollback. Defaults to 10.';
const OBSERVED = 'The generation the controller last acted on.';
const COLLISION = 'Bumped when the hash of a new revision collides with an existing ControllerRevision\'s; part of the next hash.';
const NO_BUILTIN_TYPES = 'The aspect the condition describes, in CamelCase. The built-in controller sets no conditions of its own; other tools may.';
const BASIC_CONDITION = ['status', 'reason', 'message', 'lastTransitionTime'] as const;

export const appsDescriptions: Descriptions = {
  [`${A}DeploymentSpec`]: {
    '': 'The desired state of a Deployment.',
    replicas: 'How many pods should run. Defaults to 1.',
    selector: SELECTOR,
    template: `${TEMPLATE} Changing it starts a rollout; its restartPolicy must be Always.`,
    strategy: 'How pods of the old template are replaced by pods of the new one during a rollout.',
    minReadySeconds: MIN_READY,
    revisionHistoryLimit: `How many old ReplicaSets to keep so that a rollout can be undone. Defaults to 10.`,
    paused: 'While true, changes to the template do not start a rollout.',
    progressDeadlineSeconds:
      'Seconds a rollout may go without progress before the Progressing condition turns False with reason ProgressDeadlineExceeded. The rollout itself continues. Defaults to 600.',
  },
  [`${A}DeploymentStrategy`]: {
    '': 'How a Deployment replaces its pods.',
    type: 'RollingUpdate (the default) replaces pods gradually, within the bounds of rollingUpdate; Recreate deletes all old pods before creating new ones.',
    rollingUpdate: 'The bounds of a rolling update. Only used with type RollingUpdate.',
  },
  [`${A}RollingUpdateDeployment`]: {
    '': 'How fast a rolling update may go.',
    maxUnavailable:
      'How many of the desired pods may be unavailable during the update: a number, or a percentage of replicas rounded down. Cannot be 0 when maxSurge is 0. Defaults to 25%.',
    maxSurge:
      'How many pods may exist above the desired count during the update: a number, or a percentage of replicas rounded up. Cannot be 0 when maxUnavailable is 0. Defaults to 25%.',
  },
  [`${A}DeploymentStatus`]: {
    '': 'The most recently observed state of a Deployment.',
    observedGeneration: OBSERVED,
    replicas: 'Pods of every revision that exist.',
    updatedReplicas: 'Pods of the current template.',
    readyReplicas: 'Pods that are ready.',
    availableReplicas: 'Pods that have been ready for at least minReadySeconds.',
    unavailableReplicas: 'Pods still needed to reach the desired available count.',
    terminatingReplicas: 'Pods that are shutting down.',
    conditions: 'The Deployment\'s conditions (Available, Progressing, ReplicaFailure).',
    collisionCount: 'Bumped when the pod template hash collides with an existing ReplicaSet\'s; part of the next hash.',
  },
  [`${A}ReplicaSetSpec`]: {
    '': 'The desired state of a ReplicaSet.',
    replicas: 'How many pods should run. Defaults to 1.',
    selector: SELECTOR,
    template: `${TEMPLATE} Changing it affects only pods created afterwards.`,
    minReadySeconds: MIN_READY,
  },
  [`${A}ReplicaSetStatus`]: {
    '': 'The most recently observed state of a ReplicaSet.',
    replicas: 'Pods that exist.',
    readyReplicas: 'Pods that are ready.',
    availableReplicas: 'Pods that have been ready for at least minReadySeconds.',
    terminatingReplicas: 'Pods that are shutting down (they have a deletionTimestamp) and still exist.',
    fullyLabeledReplicas: 'Pods whose labels match the template\'s.',
    observedGeneration: OBSERVED,
    conditions: 'The ReplicaSet\'s conditions.',
  },
  [`${A}StatefulSetSpec`]: {
    '': 'The desired state of a StatefulSet.',
    replicas: 'How many pods should run. Defaults to 1.',
    selector: SELECTOR,
    template: `${TEMPLATE} Each pod gets a stable name <set>-<ordinal>.`,
    serviceName: 'The headless Service that gives each pod its stable DNS name.',
    volumeClaimTemplates: 'Claims made once for each pod (named <template>-<pod>) and mounted by it; they stay when the pod is replaced.',
    podManagementPolicy: 'OrderedReady (the default) creates and deletes pods one at a time in order; Parallel does all at once.',
    updateStrategy: 'How pods are updated when the template changes.',
    revisionHistoryLimit: HISTORY,
    minReadySeconds: MIN_READY,
    persistentVolumeClaimRetentionPolicy: 'Whether the claims from volumeClaimTemplates are deleted when the set is deleted or scaled down.',
    ordinals: 'The number the first pod\'s ordinal starts at.',
  },
  [`${A}StatefulSetUpdateStrategy`]: {
    '': 'How a StatefulSet updates its pods.',
    type: 'RollingUpdate (the default) replaces pods one at a time from the highest ordinal down; OnDelete only uses the new template when you delete a pod.',
    rollingUpdate: 'Settings of the rolling update.',
  },
  [`${A}RollingUpdateStatefulSetStrategy`]: {
    '': 'Settings of a StatefulSet rolling update.',
    partition: 'Only pods with an ordinal at or above this number are updated. Defaults to 0.',
    maxUnavailable: 'How many pods may be unavailable during the update. Defaults to 1.',
  },
  [`${A}DaemonSetSpec`]: {
    '': 'The desired state of a DaemonSet.',
    selector: SELECTOR,
    template: `${TEMPLATE} One pod runs on each eligible node.`,
    updateStrategy: 'How the daemon pods are replaced when the template changes.',
    minReadySeconds: MIN_READY,
    revisionHistoryLimit: HISTORY,
  },
  [`${A}DaemonSetUpdateStrategy`]: {
    '': 'How a DaemonSet updates its pods.',
    type: 'RollingUpdate (the default) replaces pods node by node; OnDelete only uses the new template when you delete a pod.',
    rollingUpdate: 'Settings of the rolling update.',
  },
  [`${A}RollingUpdateDaemonSet`]: {
    '': 'Settings of a DaemonSet rolling update.',
    maxUnavailable: 'How many nodes\' daemon pods may be unavailable during the update: a number or a percentage. Defaults to 1.',
    maxSurge: 'How many nodes may run an extra, new pod beside the old one during the update: a number or a percentage. Defaults to 0.',
  },
  [`${A}DaemonSetStatus`]: {
    '': 'The most recently observed state of a DaemonSet, counted in nodes.',
    desiredNumberScheduled: 'Nodes that should run the daemon pod.',
    currentNumberScheduled: 'Nodes that should run the daemon pod and run at least one.',
    numberMisscheduled: 'Nodes that run the daemon pod but should not.',
    numberReady: 'Nodes whose daemon pod is running and ready.',
    numberAvailable: 'Nodes whose daemon pod has been ready for at least minReadySeconds.',
    numberUnavailable: 'Nodes that should run the daemon pod but have none available.',
    updatedNumberScheduled: 'Nodes that run a daemon pod of the current template.',
    observedGeneration: OBSERVED,
    collisionCount: COLLISION,
    conditions: 'The DaemonSet\'s conditions.',
  },
  [`${A}StatefulSetStatus`]: {
    '': 'The most recently observed state of a StatefulSet.',
    replicas: 'Pods the controller has created and that still exist.',
    readyReplicas: 'Pods that are ready.',
    availableReplicas: 'Pods that have been ready for at least minReadySeconds.',
    currentReplicas: 'Pods made from the currentRevision template.',
    updatedReplicas: 'Pods made from the updateRevision template.',
    currentRevision: 'The ControllerRevision that pods not updated yet were made from. Becomes updateRevision once a rollout is done.',
    updateRevision: 'The ControllerRevision of the current template, which updated pods are made from.',
    observedGeneration: OBSERVED,
    collisionCount: COLLISION,
    conditions: 'The StatefulSet\'s conditions.',
  },
  [`${A}StatefulSetOrdinals`]: {
    '': 'Where a StatefulSet\'s pod numbering starts.',
    start: 'The ordinal of the first pod; pods are numbered start to start+replicas-1. Defaults to 0.',
  },
  [`${A}StatefulSetPersistentVolumeClaimRetentionPolicy`]: {
    '': 'What happens to the claims made from volumeClaimTemplates when their pods go away for good.',
    whenDeleted: 'When the StatefulSet is deleted: Retain (the default) keeps the claims; Delete deletes them.',
    whenScaled: 'When a scale-down removes pods: Retain (the default) keeps their claims; Delete deletes the claims of the removed ordinals.',
  },
  [`${A}ControllerRevision`]: {
    data: 'The recorded state, as any object. StatefulSets and DaemonSets store a patch that holds the pod template of that revision.',
    revision: 'The revision number, higher for newer revisions of the same owner.',
  },
  [`${A}DeploymentCondition`]: conditionFields(
    'One aspect of a Deployment\'s state.',
    'Available (enough pods are available), Progressing (the rollout is moving, or finished) or ReplicaFailure (pods could not be created).',
    [...BASIC_CONDITION, 'lastUpdateTime'],
  ),
  [`${A}ReplicaSetCondition`]: conditionFields('One aspect of a ReplicaSet\'s state.', 'ReplicaFailure: pods could not be created or deleted (for example, refused by a quota).', BASIC_CONDITION),
  [`${A}StatefulSetCondition`]: conditionFields('One aspect of a StatefulSet\'s state.', NO_BUILTIN_TYPES, BASIC_CONDITION),
  [`${A}DaemonSetCondition`]: conditionFields('One aspect of a DaemonSet\'s state.', NO_BUILTIN_TYPES, BASIC_CONDITION),
};
