// Objects every cluster has from its first start: the system namespaces, the `kubernetes`
// Service with its Endpoints pointing at the API server, and (as k3s ships it) the default
// `local-path` StorageClass and the two system PriorityClasses, each created when absent and left
// alone once it exists.
import { isStatusError } from '../api/errors.js';
import type { KObj } from '../api/resource-info.js';
import type { ApiRegistry } from './api-registry.js';
import { bootstrapFlowSchemaObjects, bootstrapPriorityLevelObjects } from './flowcontrol/bootstrap-objects.js';
import { reconcileKubernetesEndpointSlice } from './kubernetes-endpointslice.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

export interface BootstrapOptions {
  /** The address clients inside the cluster reach the API server at. */
  readonly advertiseAddress: string;
  readonly port: number;
  /** The first IP of the service network. */
  readonly serviceIp: string;
}

/** Creates obj in the resource's store unless an object of its name exists (then leaves it alone). */
async function ensure(registry: ApiRegistry, group: string, resource: string, namespace: string, obj: KObj): Promise<void> {
  const store = registry.lookup(group, 'v1', resource);
  if (!store) return;
  const name = String((obj.metadata as { name: string }).name);
  if (await store.deps.storage.get(store.key(namespace, name))) return;
  try {
    await store.create(namespace, structuredClone(obj));
  } catch (e) {
    if (!isStatusError(e, 'AlreadyExists')) throw e;
  }
}

/** The default StorageClass k3s installs (served by the local-path provisioner controller). */
export const LOCAL_PATH_STORAGE_CLASS: KObj = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'rancher.io/local-path',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

/** The priority classes every cluster has (upstream's scheduling bootstrap), for critical add-ons. */
export const SYSTEM_PRIORITY_CLASSES: readonly KObj[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    description: 'For pods a node cannot do without (e.g. its network or storage agents); they stay on their node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    description: 'For pods the cluster cannot do without (e.g. DNS); they may be rescheduled to another node.',
  },
];

/**
 * The objects that do not depend on the serving port: the default StorageClass, the system
 * PriorityClasses, the flow-control configuration and the system namespaces. They are
 * independent of each other, so they are created concurrently: on a first start the store's
 * group commit then makes them durable in a few commits rather than one commit per object. The
 * control plane writes them while it waits for its serving certificate.
 */
export async function bootstrapClusterObjects(registry: ApiRegistry): Promise<void> {
  await Promise.all([
    ensure(registry, 'storage.k8s.io', 'storageclasses', '', LOCAL_PATH_STORAGE_CLASS),
    ...SYSTEM_PRIORITY_CLASSES.map((pc) => ensure(registry, 'scheduling.k8s.io', 'priorityclasses', '', pc)),
    ...bootstrapPriorityLevelObjects().map((pl) => ensure(registry, 'flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', '', pl)),
    ...bootstrapFlowSchemaObjects().map((fs) => ensure(registry, 'flowcontrol.apiserver.k8s.io', 'flowschemas', '', fs)),
    ...SYSTEM_NAMESPACES.map((name) => ensure(registry, '', 'namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
  ]);
}

/** The `kubernetes` Service, Endpoints and EndpointSlice in default, once the serving port is known. */
export async function bootstrapKubernetesService(registry: ApiRegistry, opts: BootstrapOptions): Promise<void> {
  await Promise.all([
    ensure(registry, '', 'services', 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: opts.serviceIp,
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.port }],
        sessionAffinity: 'None',
      },
    }),
    reconcileKubernetesEndpointSlice(registry, opts),
    reconcileKubernetesEndpoints(registry, opts),
  ]);
}

/**
 * The `kubernetes` Endpoints: the API server's advertised address and port. Like upstream's
 * endpoint reconciler, this writes the store directly: the advertised address may be a loopback
 * address, which Endpoints validation refuses for user-written objects.
 */
async function reconcileKubernetesEndpoints(registry: ApiRegistry, opts: BootstrapOptions): Promise<void> {
  const endpoints = registry.lookup('', 'v1', 'endpoints')!;
  const subsets = [{ addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }] }];
  const key = endpoints.key('default', 'kubernetes');
  const storage = endpoints.deps.storage;
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await storage.get(key);
    if (!cur) {
      const obj = endpoints.prepareCreate('default', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [],
      });
      obj.subsets = subsets;
      try {
        await storage.create(key, endpoints.encode(obj));
        return;
      } catch {
        continue;
      }
    }
    const obj = endpoints.decodeKv(cur);
    if (JSON.stringify(obj.subsets) === JSON.stringify(subsets)) return;
    obj.subsets = subsets;
    try {
      await storage.update(key, endpoints.encode(obj), cur.modRevision);
      return;
    } catch {
      continue;
    }
  }
}
