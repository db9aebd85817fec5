// Pod: defaults, initial status, graceful deletion and selectable fields.
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';

type Obj = Record<string, any>;

function imagePullPolicyFor(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const tail = image.slice(lastSlash + 1);
  if (tail.includes('@')) return 'IfNotPresent';
  const colon = tail.indexOf(':');
  if (colon < 0) return 'Always';
  return tail.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Obj): void {
  if (!c || typeof c !== 'object') return;
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.imagePullPolicy ??= imagePullPolicyFor(c.image);
  c.resources ??= {};
  if (Array.isArray(c.ports)) for (const p of c.ports) if (p && typeof p === 'object') p.protocol ??= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!probe || typeof probe !== 'object') continue;
    probe.timeoutSeconds ??= 1;
    probe.periodSeconds ??= 10;
    probe.successThreshold ??= 1;
    probe.failureThreshold ??= 3;
    if (probe.httpGet && typeof probe.httpGet === 'object') {
      probe.httpGet.path ??= '/';
      probe.httpGet.scheme ??= 'HTTP';
    }
  }
}

/** Pod spec defaults, shared by pod templates (Deployments, Jobs, ...). */
export function defaultPodSpec(spec: Obj | undefined): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const list of [spec.containers, spec.initContainers]) if (Array.isArray(list)) list.forEach(defaultContainer);
  if (Array.isArray(spec.volumes)) {
    for (const v of spec.volumes) {
      if (!v || typeof v !== 'object') continue;
      if (v.configMap && typeof v.configMap === 'object') v.configMap.defaultMode ??= 420;
      if (v.secret && typeof v.secret === 'object') v.secret.defaultMode ??= 420;
      if (v.projected && typeof v.projected === 'object') v.projected.defaultMode ??= 420;
      if (v.downwardAPI && typeof v.downwardAPI === 'object') v.downwardAPI.defaultMode ??= 420;
      if (v.hostPath && typeof v.hostPath === 'object') v.hostPath.type ??= '';
      if (v.emptyDir === null) v.emptyDir = {};
    }
  }
}

/** Upstream's QoS class: Guaranteed, Burstable or BestEffort. */
export function qosClassOf(spec: Obj | undefined): string {
  const containers: Obj[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].filter((c) => c && typeof c === 'object');
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const podStrategy: StrategyOverrides = {
  prepareForCreate(obj: KObj) {
    const spec = obj.spec as Obj | undefined;
    obj.status = { phase: 'Pending', qosClass: qosClassOf(spec) };
  },
  defaults(obj: KObj) {
    const spec = obj.spec as Obj | undefined;
    defaultPodSpec(spec);
    if (spec && typeof spec === 'object') {
      spec.enableServiceLinks ??= true;
      spec.priority ??= 0;
      spec.preemptionPolicy ??= 'PreemptLowerPriority';
      if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount;
    }
  },
  selectableFields(obj: KObj) {
    const spec = (obj.spec ?? {}) as Obj;
    const status = (obj.status ?? {}) as Obj;
    return {
      'spec.nodeName': String(spec.nodeName ?? ''),
      'spec.restartPolicy': String(spec.restartPolicy ?? ''),
      'spec.schedulerName': String(spec.schedulerName ?? ''),
      'spec.serviceAccountName': String(spec.serviceAccountName ?? ''),
      'spec.hostNetwork': String(spec.hostNetwork ?? false),
      'status.phase': String(status.phase ?? ''),
      'status.podIP': String(status.podIP ?? ''),
      'status.nominatedNodeName': String(status.nominatedNodeName ?? ''),
    };
  },
  gracefulDeleteSeconds(obj: KObj, requested: number | undefined) {
    const spec = (obj.spec ?? {}) as Obj;
    const phase = (obj.status as Obj | undefined)?.phase;
    // Pods that never reached a node, or that have finished, go at once.
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    if (requested !== undefined) return requested;
    const g = spec.terminationGracePeriodSeconds;
    return typeof g === 'number' && g >= 0 ? g : 30;
  },
};
