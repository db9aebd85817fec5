// Hand-built Nodes and Pods, and a framework over a real ClusterSnapshot, for the scheduler's pure
// unit tests (no server). Not used outside tests.
import type { Labels } from '../../api/meta/labels.js';
import type { Container, Node, Pod, Taint } from '../../api/types/core-v1.js';
import type { PodDisruptionBudget } from '../../api/types/policy-v1.js';
import type { ReplicaSet, StatefulSet } from '../../api/types/apps-v1.js';
import type { ReplicationController, Service } from '../../api/types/core-v1.js';
import { Indexer, Lister, NAMESPACE_INDEX, namespaceIndexFunc, type KubeObject } from '../../client/index.js';
import type { ClusterApi, Handle, NamespaceLister } from '../framework/interfaces.js';
import { InformerWorkloads } from '../workloads.js';
import { PodInfo } from '../framework/pod-info.js';
import { Framework, type Profile } from '../framework/runtime.js';
import { ClusterSnapshot } from '../framework/snapshot.js';
import { defaultProfile, inTreeRegistry } from '../plugins/registry.js';
import { Nominator } from '../queue/nominator.js';
import { SchedulingAlgorithm } from '../schedule-pod.js';
import { seededRandom } from '../../api/testing/seeded-random.js';

export { seededRandom };

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  extended?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable: Record<string, string> = {
    cpu: o.cpu ?? '4',
    memory: o.memory ?? '8Gi',
    pods: o.pods ?? '110',
    'ephemeral-storage': o.ephemeralStorage ?? '100Gi',
    ...(o.extended ?? {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable, capacity: allocatable, images: o.images },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  nodeName?: string;
  priority?: number;
  spec?: Pod['spec'];
  startTime?: string;
  nominatedNodeName?: string;
  deletionTimestamp?: string;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = { ...(o.requests ?? {}) };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const containers = o.containers ?? [{ name: 'c', image: 'busybox', resources: Object.keys(requests).length ? { requests } : {} }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${o.namespace ?? 'default'}-${name}`,
      labels: o.labels,
      deletionTimestamp: o.deletionTimestamp,
    },
    spec: {
      schedulerName: 'default-scheduler',
      priority: o.priority,
      ...(o.spec ?? {}),
      containers,
      initContainers: o.initContainers,
      nodeName: o.nodeName,
    },
    status: { phase: 'Pending', startTime: o.startTime, nominatedNodeName: o.nominatedNodeName },
  };
}

export const podInfo = (name: string, o: PodOptions = {}) => new PodInfo(makePod(name, o));

export class StaticNamespaces implements NamespaceLister {
  constructor(private readonly ns: Record<string, Labels> = {}) {}
  labels(name: string): Labels | undefined {
    return this.ns[name] ?? (name === 'default' ? {} : undefined);
  }
  matching(matches: (labels: Labels) => boolean): string[] {
    return Object.keys(this.ns).filter((n) => matches(this.ns[n]!));
  }
}

/** The API is not reachable from pure unit tests; plugins that need it are tested in test/integration. */
export const NO_API: ClusterApi = {
  bind: () => Promise.reject(new Error('no API server in unit tests')),
  preemptPod: () => Promise.reject(new Error('no API server in unit tests')),
  clearNominatedNodeName: () => Promise.reject(new Error('no API server in unit tests')),
};


export interface TestCluster {
  readonly snapshot: ClusterSnapshot;
  readonly framework: Framework;
  readonly handle: Handle;
  readonly nominator: Nominator;
  readonly algorithm: SchedulingAlgorithm;
  /** Adds a bound pod to the snapshot. */
  bind(pod: Pod | PodInfo, nodeName?: string): PodInfo;
}

/** A lister over the given objects (a real client Indexer, filled by hand instead of by a watch). */
export function listerOf<T extends KubeObject>(objs: readonly T[] = []): Lister<T> {
  const idx = new Indexer<T>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  for (const o of objs) idx.upsert(o);
  return new Lister(idx);
}

export interface TestWorkloads {
  services?: Service[];
  replicationControllers?: ReplicationController[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
}

export interface TestClusterOptions {
  readonly workloads?: TestWorkloads;
  readonly profile?: Profile;
  readonly namespaces?: Record<string, Labels>;
  readonly pdbs?: PodDisruptionBudget[];
  readonly random?: () => number;
}

export function testCluster(nodes: Node[], pods: Pod[] = [], o: TestClusterOptions = {}): TestCluster {
  const snapshot = ClusterSnapshot.of(nodes);
  const nominator = new Nominator();
  const random = o.random ?? seededRandom();
  const framework = new Framework(inTreeRegistry(), o.profile ?? defaultProfile(), {
    snapshot: () => snapshot,
    namespaces: new StaticNamespaces(o.namespaces),
    pdbs: { list: () => o.pdbs ?? [] },
    workloads: new InformerWorkloads({
      services: listerOf(o.workloads?.services),
      replicationControllers: listerOf(o.workloads?.replicationControllers),
      replicaSets: listerOf(o.workloads?.replicaSets),
      statefulSets: listerOf(o.workloads?.statefulSets),
    }),
    nominator,
    api: NO_API,
    random,
  });
  const bind = (p: Pod | PodInfo, nodeName?: string) => {
    const pi = p instanceof PodInfo ? p : new PodInfo(p);
    snapshot.addPod(pi, nodeName ?? pi.pod.spec?.nodeName ?? '');
    return pi;
  };
  for (const p of pods) bind(p);
  return { snapshot, framework, handle: framework.handle, nominator, algorithm: new SchedulingAlgorithm({ random }), bind };
}
