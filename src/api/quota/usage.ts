// What an object counts against a ResourceQuota (upstream's quota evaluators), shared by the
// ResourceQuota controller (status.used) and the API server's ResourceQuota admission: object
// counts (pods, services, ..., count/<resource>.<group>), pod compute requests and limits,
// service node ports and load balancers, claim storage. Pure.
import { addQuantity, compareQuantity, formatQuantity, parseQuantity, quantityOf, ZERO_QUANTITY, type Quantity } from '../kinds/core/quantity.js';

type Obj = Record<string, any>;
export type Usage = Map<string, Quantity>;

/** Core resources that also have a short quota name ("pods" besides "count/pods"). */
const LEGACY_COUNTS = new Set(['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas']);
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

export const maxQuantity = (a: Quantity, b: Quantity): Quantity => (compareQuantity(a, b) >= 0 ? a : b);

export function addTo(u: Usage, key: string, q: Quantity): void {
  u.set(key, addQuantity(u.get(key) ?? ZERO_QUANTITY, q));
}

export function addUsage(a: Usage, b: Usage): Usage {
  const out: Usage = new Map(a);
  for (const [k, v] of b) addTo(out, k, v);
  return out;
}

/** The quota name that counts objects of a resource: "count/pods", "count/deployments.apps". */
export const countKey = (resource: string, group: string): string => (group ? `count/${resource}.${group}` : `count/${resource}`);

/** Whether a pod still counts (upstream's QuotaV1Pod): not finished, and not past its deletion deadline. */
export function podCounts(pod: Obj, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const del = pod.metadata?.deletionTimestamp;
  if (del) {
    const grace = Number(pod.metadata?.deletionGracePeriodSeconds ?? 0);
    if (Date.parse(del) + grace * 1000 < now) return false;
  }
  return true;
}

/** A container list's summed (or, for init containers, largest) requests/limits of one kind. */
function containerTotals(containers: unknown, kind: 'requests' | 'limits', combine: (a: Quantity, b: Quantity) => Quantity): Usage {
  const u: Usage = new Map();
  for (const c of Array.isArray(containers) ? (containers as Obj[]) : []) {
    const list = (c?.resources?.[kind] ?? {}) as Obj;
    for (const [name, raw] of Object.entries(list)) {
      const q = parseQuantity(raw);
      if (!q) continue;
      u.set(name, combine(u.get(name) ?? ZERO_QUANTITY, q));
    }
  }
  return u;
}

/** The pod's effective requests or limits: max(sum of containers, largest init container) plus overhead. */
function podResources(pod: Obj, kind: 'requests' | 'limits'): Usage {
  const sum = containerTotals(pod.spec?.containers, kind, addQuantity);
  const init = containerTotals(pod.spec?.initContainers, kind, maxQuantity);
  for (const [k, v] of init) sum.set(k, maxQuantity(sum.get(k) ?? ZERO_QUANTITY, v));
  for (const [k, raw] of Object.entries((pod.spec?.overhead ?? {}) as Obj)) {
    const q = parseQuantity(raw);
    if (q && sum.has(k)) addTo(sum, k, q);
  }
  return sum;
}

export function podUsage(pod: Obj, now: number): Usage {
  const u: Usage = new Map();
  if (!podCounts(pod, now)) return u;
  u.set('pods', quantityOf(1));
  u.set('count/pods', quantityOf(1));
  for (const [k, q] of podResources(pod, 'requests')) {
    u.set(`requests.${k}`, q);
    if (COMPUTE.includes(k)) u.set(k, q);
  }
  for (const [k, q] of podResources(pod, 'limits')) if (COMPUTE.includes(k)) u.set(`limits.${k}`, q);
  return u;
}

function serviceUsage(svc: Obj): Usage {
  const u: Usage = new Map([['services', quantityOf(1)], ['count/services', quantityOf(1)]]);
  const type = svc.spec?.type ?? 'ClusterIP';
  const ports = Array.isArray(svc.spec?.ports) ? (svc.spec.ports as Obj[]) : [];
  if (type === 'NodePort' || type === 'LoadBalancer') u.set('services.nodeports', quantityOf(ports.length));
  else u.set('services.nodeports', quantityOf(0));
  u.set('services.loadbalancers', quantityOf(type === 'LoadBalancer' ? 1 : 0));
  return u;
}

function claimUsage(pvc: Obj): Usage {
  const u: Usage = new Map([['persistentvolumeclaims', quantityOf(1)], ['count/persistentvolumeclaims', quantityOf(1)]]);
  const storage = parseQuantity(pvc.spec?.resources?.requests?.storage) ?? ZERO_QUANTITY;
  u.set('requests.storage', storage);
  const cls = pvc.spec?.storageClassName;
  if (cls) {
    u.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, quantityOf(1));
    u.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, storage);
  }
  return u;
}

/** Everything one object of group/resource counts against a quota. */
export function objectUsage(group: string, resource: string, obj: Obj, now: number): Usage {
  if (group === '' && resource === 'pods') return podUsage(obj, now);
  if (group === '' && resource === 'services') return serviceUsage(obj);
  if (group === '' && resource === 'persistentvolumeclaims') return claimUsage(obj);
  const u: Usage = new Map([[countKey(resource, group), quantityOf(1)]]);
  if (group === '' && LEGACY_COUNTS.has(resource)) u.set(resource, quantityOf(1));
  return u;
}

/** The resource (group, plural) whose objects a quota resource name is computed from, or undefined. */
export function resourceForQuotaName(name: string): { group: string; resource: string } | undefined {
  if (name.startsWith('count/')) {
    const rest = name.slice('count/'.length);
    const i = rest.indexOf('.');
    return i < 0 ? { group: '', resource: rest } : { group: rest.slice(i + 1), resource: rest.slice(0, i) };
  }
  if (LEGACY_COUNTS.has(name)) return { group: '', resource: name };
  if (name.startsWith('services.')) return { group: '', resource: 'services' };
  if (name === 'requests.storage' || name.includes('.storageclass.storage.k8s.io/')) return { group: '', resource: 'persistentvolumeclaims' };
  if (COMPUTE.includes(name) || name.startsWith('requests.') || name.startsWith('limits.')) return { group: '', resource: 'pods' };
  return undefined;
}

/** "limits.cpu=1,pods=2" (sorted), as upstream prints resource lists in quota errors. */
export const printUsage = (u: Usage): string => [...u.keys()].sort().map((k) => `${k}=${formatQuantity(u.get(k)!)}`).join(',');

/** A resource list as a Usage (unparseable values are skipped). */
export function usageOf(list: unknown): Usage {
  const u: Usage = new Map();
  if (!list || typeof list !== 'object') return u;
  for (const [k, raw] of Object.entries(list as Obj)) {
    const q = parseQuantity(raw);
    if (q) u.set(k, q);
  }
  return u;
}

export function toResourceList(u: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...u.keys()].sort()) out[k] = formatQuantity(u.get(k)!);
  return out;
}

/** The quota resources that a pod's containers must declare (upstream's pod Constraints), by container. */
export function missingPodResources(pod: Obj, hard: Usage): string | undefined {
  const required = [...hard.keys()].filter((k) => /^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.test(k) || k === 'cpu' || k === 'memory' || k === 'ephemeral-storage').sort();
  if (!required.length) return undefined;
  const missing: string[] = [];
  for (const r of required) {
    const [kind, name] = r.includes('.') ? (r.split('.') as ['requests' | 'limits', string]) : (['requests', r] as const);
    const lacking: string[] = [];
    for (const c of [...((pod.spec?.initContainers ?? []) as Obj[]), ...((pod.spec?.containers ?? []) as Obj[])]) {
      if (c?.resources?.[kind]?.[name] === undefined) lacking.push(String(c?.name ?? ''));
    }
    if (lacking.length) missing.push(`${r} for: ${lacking.join(',')}`);
  }
  return missing.length ? `must specify ${missing.join('; ')}` : undefined;
}

/** A pod's QoS is BestEffort when no container asks for or limits cpu or memory. */
function isBestEffort(pod: Obj): boolean {
  for (const c of [...((pod.spec?.initContainers ?? []) as Obj[]), ...((pod.spec?.containers ?? []) as Obj[])]) {
    for (const kind of ['requests', 'limits']) {
      const list = (c?.resources?.[kind] ?? {}) as Obj;
      if ('cpu' in list || 'memory' in list) return false;
    }
  }
  return true;
}

function podMatchesScope(pod: Obj, scope: string, sel?: { operator?: string; values?: string[] }): boolean {
  switch (scope) {
    case 'Terminating':
      return pod.spec?.activeDeadlineSeconds !== undefined && pod.spec?.activeDeadlineSeconds !== null;
    case 'NotTerminating':
      return pod.spec?.activeDeadlineSeconds === undefined || pod.spec?.activeDeadlineSeconds === null;
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      const pc = pod.spec?.priorityClassName as string | undefined;
      const op = sel?.operator ?? 'Exists';
      if (op === 'Exists') return !!pc;
      if (op === 'DoesNotExist') return !pc;
      const inValues = !!pc && (sel?.values ?? []).includes(pc);
      return op === 'In' ? inValues : !inValues;
    }
    case 'CrossNamespacePodAffinity': {
      const terms = [pod.spec?.affinity?.podAffinity, pod.spec?.affinity?.podAntiAffinity].flatMap((a: Obj | undefined) => [
        ...((a?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as Obj[]),
        ...((a?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Obj[]).map((w) => w?.podAffinityTerm ?? {}),
      ]);
      return terms.some((t: Obj) => (Array.isArray(t?.namespaces) && t.namespaces.length > 0) || t?.namespaceSelector !== undefined);
    }
    default:
      return false;
  }
}

/**
 * Whether an object falls under a quota's scopes (spec.scopes and spec.scopeSelector, all of
 * which must match). Scoped quotas only ever track pods.
 */
export function quotaMatches(quota: Obj, group: string, resource: string, obj: Obj): boolean {
  const scopes = (Array.isArray(quota.spec?.scopes) ? quota.spec.scopes : []) as string[];
  const exprs = (Array.isArray(quota.spec?.scopeSelector?.matchExpressions) ? quota.spec.scopeSelector.matchExpressions : []) as Obj[];
  if (!scopes.length && !exprs.length) return true;
  if (group !== '' || resource !== 'pods') return false;
  return scopes.every((s) => podMatchesScope(obj, s)) && exprs.every((e) => podMatchesScope(obj, String(e?.scopeName ?? ''), { operator: e?.operator, values: e?.values }));
}
