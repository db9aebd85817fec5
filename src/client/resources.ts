// Resource references: what the client needs to build a path (group, version, plural, scope).
// The type parameter ties a reference to the object type its calls return.
import type { NodeMetrics, PodMetrics } from '../api/metrics/types.js';
import type { ResourceInfo } from '../api/resource-info.js';
import type * as appsv1 from '../api/types/apps-v1.js';
import type * as batchv1 from '../api/types/batch-v1.js';
import type * as certificatesv1 from '../api/types/certificates-v1.js';
import type * as coordinationv1 from '../api/types/coordination-v1.js';
import type * as corev1 from '../api/types/core-v1.js';
import type * as policyv1 from '../api/types/policy-v1.js';
import type * as schedulingv1 from '../api/types/scheduling-v1.js';
import type * as storagev1 from '../api/types/storage-v1.js';
import type { KubeObject } from './types.js';

export interface ResourceRef<T extends KubeObject = KubeObject> {
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. "pods". */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly kind?: string;
  /** Phantom: never set; carries T. */
  readonly __type?: T;
}

/** A reference for any served resource (custom resources included). */
export const resourceRef = <T extends KubeObject = KubeObject>(
  r: Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'namespaced'> & { kind?: string },
): ResourceRef<T> => Object.freeze({ group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced, kind: r.kind });

/** "pods", "deployments.apps", with the version: a stable key per resource. */
export const resourceKey = (r: ResourceRef<any>): string => `${r.resource}.${r.version}.${r.group}`;

const core = <T extends KubeObject>(resource: string, kind: string, namespaced = true) =>
  resourceRef<T>({ group: '', version: 'v1', resource, kind, namespaced });

export const PODS = core<corev1.Pod>('pods', 'Pod');
export const NODES = core<corev1.Node>('nodes', 'Node', false);
export const NAMESPACES = core<corev1.Namespace>('namespaces', 'Namespace', false);
export const SERVICES = core<corev1.Service>('services', 'Service');
export const ENDPOINTS = core<corev1.Endpoints>('endpoints', 'Endpoints');
export const CONFIGMAPS = core<corev1.ConfigMap>('configmaps', 'ConfigMap');
export const SECRETS = core<corev1.Secret>('secrets', 'Secret');
export const EVENTS = core<corev1.Event>('events', 'Event');
export const SERVICEACCOUNTS = core<corev1.ServiceAccount>('serviceaccounts', 'ServiceAccount');
export const REPLICATIONCONTROLLERS = core<corev1.ReplicationController>('replicationcontrollers', 'ReplicationController');
export const PERSISTENTVOLUMES = core<corev1.PersistentVolume>('persistentvolumes', 'PersistentVolume', false);
export const PERSISTENTVOLUMECLAIMS = core<corev1.PersistentVolumeClaim>('persistentvolumeclaims', 'PersistentVolumeClaim');
export const DEPLOYMENTS = resourceRef<appsv1.Deployment>({ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true });
export const REPLICASETS = resourceRef<appsv1.ReplicaSet>({ group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true });
export const STATEFULSETS = resourceRef<appsv1.StatefulSet>({ group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true });
export const DAEMONSETS = resourceRef<appsv1.DaemonSet>({ group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true });
export const JOBS = resourceRef<batchv1.Job>({ group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true });
export const CRONJOBS = resourceRef<batchv1.CronJob>({ group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true });
export const CERTIFICATESIGNINGREQUESTS = resourceRef<certificatesv1.CertificateSigningRequest>({
  group: 'certificates.k8s.io',
  version: 'v1',
  resource: 'certificatesigningrequests',
  kind: 'CertificateSigningRequest',
  namespaced: false,
});
export const LEASES = resourceRef<coordinationv1.Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true });
export const PODDISRUPTIONBUDGETS = resourceRef<policyv1.PodDisruptionBudget>({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true });
export const PRIORITYCLASSES = resourceRef<schedulingv1.PriorityClass>({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false });
export const STORAGECLASSES = resourceRef<storagev1.StorageClass>({ group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass', namespaced: false });
/** The resource metrics API (metrics.k8s.io/v1beta1), served by metrics-server upstream and by manifests/metrics-api.yaml here. */
export const POD_METRICS = resourceRef<PodMetrics & KubeObject>({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', namespaced: true });
export const NODE_METRICS = resourceRef<NodeMetrics & KubeObject>({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', kind: 'NodeMetrics', namespaced: false });

/** The URL path of a collection (namespace "" or absent: across all namespaces / cluster scope). */
export function collectionPath(r: ResourceRef<any>, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) return `${base}/namespaces/${encodeURIComponent(namespace)}/${r.resource}`;
  return `${base}/${r.resource}`;
}

/** The URL path of one object, or of one of its subresources. */
export function objectPath(r: ResourceRef<any>, namespace: string | undefined, name: string, subresource?: string): string {
  const p = `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${p}/${subresource}` : p;
}
