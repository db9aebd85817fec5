// One small interface per extension point (upstream's kube-scheduler framework). A plugin implements
// only the points it needs; the runtime finds them by shape (see implementsX guards below).
import type { Labels } from '../../api/meta/labels.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/core-v1.js';
import type { PodDisruptionBudget } from '../../api/types/policy-v1.js';
import type { StorageClass } from '../../api/types/storage-v1.js';
import type { CycleState } from './cycle-state.js';
import type { NodeToStatus } from './diagnosis.js';
import type { ClusterEvent } from './events.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import type { NodeInfoLister } from './snapshot.js';
import type { Status, StatusOrSuccess } from './status.js';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** PreFilter may narrow the nodes worth filtering (e.g. a DaemonSet pod's node affinity by name). */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}

  /** Intersection; undefined stands for "all nodes". */
  static merge(a: PreFilterResult | undefined, b: PreFilterResult | undefined): PreFilterResult | undefined {
    if (!a) return b;
    if (!b) return a;
    return new PreFilterResult(new Set([...a.nodeNames].filter((n) => b.nodeNames.has(n))));
  }
}

export interface PreFilterExtensions {
  /** Updates the PreFilter state as if podToAdd ran on nodeInfo (preemption and nominated pods). */
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusOrSuccess | PreFilterResult;
  readonly preFilterExtensions?: PreFilterExtensions;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess;
}

export interface PostFilterResult {
  /** The node the pod is nominated to; '' clears a nomination. */
  readonly nominatedNodeName: string;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, filteredNodeStatus: NodeToStatus, signal?: AbortSignal): Promise<{ result?: PostFilterResult; status: Status | null }>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusOrSuccess;
}

export interface ScorePlugin extends Plugin {
  /** A score for the node; NormalizeScore (or the plugin itself) keeps it within 0..100. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  /** Rescales the scores of all nodes in place (upstream's ScoreExtensions.NormalizeScore). */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): StatusOrSuccess;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** PreBind: work that must be done before the pod is bound (e.g. its volumes), in the binding cycle. */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<StatusOrSuccess>;
}

export interface BindPlugin extends Plugin {
  /** Skip means "not mine, ask the next binder". */
  bind(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<StatusOrSuccess>;
}

/** PreEnqueue: whether a pod may enter the active queue at all (scheduling gates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): StatusOrSuccess;
}

export interface EnqueueExtensions {
  /** The cluster events after which a pod this plugin rejected may fit. */
  eventsToRegister(): readonly ClusterEvent[];
}

export interface NamespaceLister {
  /** The labels of a namespace, or undefined when it is not known. */
  labels(name: string): Labels | undefined;
  /** Names of the namespaces whose labels match. */
  matching(matches: (labels: Labels) => boolean): string[];
}

/** Selects pods by labels; what system default spreading derives from a pod's services and controller. */
export interface PodSelector {
  matches(labels: Labels): boolean;
  /** The same for selectors that select the same pods (lets plugins remember what they counted). */
  readonly key?: string;
}

/** The services and controllers a pod belongs to (upstream's DefaultSelector inputs). */
export interface WorkloadLister {
  /** The labels shared by the pod's Services and its ReplicationController/ReplicaSet/StatefulSet; undefined when none. */
  defaultSelector(pod: PodInfo): PodSelector | undefined;
}

/** The storage objects a pod's volumes refer to (the VolumeBinding plugin's view of the cluster). */
export interface VolumeLister {
  claim(namespace: string, name: string): Readonly<PersistentVolumeClaim> | undefined;
  volume(name: string): Readonly<PersistentVolume> | undefined;
  storageClass(name: string): Readonly<StorageClass> | undefined;
}

export interface PdbLister {
  list(): readonly Readonly<PodDisruptionBudget>[];
}

/** Keeps track of pods nominated to nodes by preemption (upstream's PodNominator). */
export interface PodNominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** What the runtime offers plugins that call back into it (preemption). */
export interface FilterRunner {
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): StatusOrSuccess;
}

/** The API calls plugins make (binding, preemption), kept behind one seam. */
export interface ClusterApi {
  bind(namespace: string, name: string, uid: string | undefined, nodeName: string, signal?: AbortSignal): Promise<void>;
  /** Adds the DisruptionTarget condition and deletes the victim; resolves when both are done (NotFound is success). */
  preemptPod(victim: PodInfo, preemptor: PodInfo, nodeName: string, signal?: AbortSignal): Promise<void>;
  /** Sets volume.kubernetes.io/selected-node on a claim waiting for its first consumer (absent: no volume binding). */
  selectNodeForClaim?(namespace: string, name: string, nodeName: string, signal?: AbortSignal): Promise<void>;
  /** Clears status.nominatedNodeName of the given pods. */
  clearNominatedNodeName(pods: readonly PodInfo[], signal?: AbortSignal): Promise<void>;
}

/** Everything a plugin factory may use. Fields are read when plugins run, not at construction. */
export interface Handle {
  snapshot(): NodeInfoLister;
  readonly namespaces: NamespaceLister;
  readonly pdbs: PdbLister;
  /** Absent: pods' PersistentVolumeClaims are not looked at. */
  readonly volumes?: VolumeLister;
  /** Absent: no system default spreading. */
  readonly workloads?: WorkloadLister;
  readonly nominator: PodNominator;
  readonly runner: FilterRunner;
  readonly api: ClusterApi;
  /** A uniform random number in [0, 1); injected so tests are deterministic. */
  random(): number;
  /** The profile's scheduler name. */
  readonly schedulerName: string;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

const has = (p: Plugin, m: string) => typeof (p as unknown as Record<string, unknown>)[m] === 'function';
export const isQueueSort = (p: Plugin): p is QueueSortPlugin => has(p, 'less');
export const isPreEnqueue = (p: Plugin): p is PreEnqueuePlugin => has(p, 'preEnqueue');
export const isPreFilter = (p: Plugin): p is PreFilterPlugin => has(p, 'preFilter');
export const isFilter = (p: Plugin): p is FilterPlugin => has(p, 'filter');
export const isPostFilter = (p: Plugin): p is PostFilterPlugin => has(p, 'postFilter');
export const isPreScore = (p: Plugin): p is PreScorePlugin => has(p, 'preScore');
export const isScore = (p: Plugin): p is ScorePlugin => has(p, 'score');
export const isReserve = (p: Plugin): p is ReservePlugin => has(p, 'reserve');
export const isPreBind = (p: Plugin): p is PreBindPlugin => has(p, 'preBind');
export const isBind = (p: Plugin): p is BindPlugin => has(p, 'bind');
export const hasEvents = (p: Plugin): p is Plugin & EnqueueExtensions => has(p, 'eventsToRegister');
