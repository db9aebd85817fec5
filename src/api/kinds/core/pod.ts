// Pod: upstream defaults (SetDefaults_Pod, SetDefaults_PodSpec and everything nested), initial
// status, validation of create, update and status updates, graceful deletion and selectable fields.
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';
import { defaultContainer } from './container-validation.js';
import { validatePodEphemeralContainersUpdate } from './ephemeral-containers-update.js';
import { validatePod, validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './pod-spec-validation.js';
import { compareQuantity, parseQuantity, quantitySign, ZERO_QUANTITY, type Quantity } from './quantity.js';
import { defaultResourceList } from './resources.js';
import { arr, isCreate, isObj, obj, str, type Obj } from './util.js';
import { defaultVolume } from './volume-validation.js';

/**
 * PodSpec defaults, shared by pod templates (Deployments, Jobs, ...): SetDefaults_PodSpec plus the
 * defaults of containers, volumes and probes, and the v1 mirror of serviceAccountName.
 */
export function defaultPodSpec(spec: unknown): void {
  if (!isObj(spec)) return;
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  for (const f of ['initContainers', 'containers', 'ephemeralContainers']) arr(spec[f]).forEach(defaultContainer);
  arr(spec.volumes).forEach(defaultVolume);
  defaultResourceList(spec.overhead);
  // v1 keeps the deprecated serviceAccount field in step with serviceAccountName.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

/** PodTemplateSpec defaults (the template's spec; template metadata has none). */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  if (isObj(template.spec)) defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: everything of a PodSpec plus the pod-only defaults. */
export function defaultPod(pod: KObj): void {
  const spec = pod.spec;
  if (!isObj(spec)) return;
  defaultPodSpec(spec);
  // Requests default to limits (pods only, not templates).
  for (const f of ['containers', 'initContainers']) {
    for (const c of arr(spec[f])) {
      if (!isObj(c) || !isObj(c.resources) || !isObj(c.resources.limits)) continue;
      const requests = isObj(c.resources.requests) ? c.resources.requests : (c.resources.requests = {});
      for (const [k, v] of Object.entries(c.resources.limits)) if (!(k in requests)) requests[k] = v;
    }
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) {
    for (const f of ['containers', 'initContainers']) {
      for (const c of arr(spec[f])) for (const p of arr(obj(c).ports)) if (isObj(p) && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
  // What the ServiceAccount admission plugin fills in before validation. (spec.priority and
  // preemptionPolicy come from the Priority admission plugin: src/apiserver/admission/priority.ts.)
  if (!isMirrorPod(pod)) {
    spec.serviceAccountName ||= 'default';
    spec.serviceAccount = spec.serviceAccountName;
  }
}

const isMirrorPod = (pod: KObj) => 'kubernetes.io/config.mirror' in obj(obj(pod.metadata).annotations);

/** Upstream's QoS class of a pod: Guaranteed, Burstable or BestEffort (cpu and memory only). */
export function qosClassOf(spec: unknown): string {
  const s = obj(spec);
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  const add = (m: Map<string, Quantity>, name: string, q: Quantity) => {
    const prev = m.get(name);
    m.set(name, prev ? sumQuantity(prev, q) : q);
  };
  let guaranteed = true;
  for (const raw of [...arr(s.containers), ...arr(s.initContainers)]) {
    const res = obj(obj(raw).resources);
    for (const [name, v] of Object.entries(obj(res.requests))) {
      const q = parseQuantity(v);
      if ((name === 'cpu' || name === 'memory') && q && quantitySign(q) > 0) add(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, v] of Object.entries(obj(res.limits))) {
      const q = parseQuantity(v);
      if ((name === 'cpu' || name === 'memory') && q && quantitySign(q) > 0) {
        found.add(name);
        add(limits, name, q);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function sumQuantity(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exp, b.exp);
  const m = a.mantissa * 10n ** BigInt(a.exp - e) + b.mantissa * 10n ** BigInt(b.exp - e);
  return m === 0n ? ZERO_QUANTITY : { mantissa: m, exp: e, format: a.format };
}

export const podStrategy: StrategyOverrides = {
  prepareForCreate(obj_: KObj) {
    // Pod-level resources (PodLevelResources) are off by default in 1.33: the field is dropped.
    if (isObj(obj_.spec)) delete obj_.spec.resources;
    // The registry defaulted the pod before this (the QoS class needs requests defaulted to limits).
    const spec = obj(obj_.spec);
    const status: Obj = { phase: 'Pending', qosClass: qosClassOf(spec) };
    if (arr(spec.schedulingGates).length > 0) {
      status.conditions = [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: null,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ];
    }
    obj_.status = status;
  },
  prepareForUpdate(obj_: KObj, old: KObj) {
    if (isObj(obj_.spec) && !isObj(obj(old.spec).resources)) delete obj_.spec.resources;
  },
  defaults(obj_: KObj) {
    defaultPod(obj_);
  },
  validate(obj_: KObj) {
    return isCreate(obj_) ? validatePodCreate(obj_) : validatePod(obj_);
  },
  validateUpdate(obj_: KObj, old: KObj) {
    return validatePodUpdate(obj_, old);
  },
  validateStatusUpdate(obj_: KObj, old: KObj) {
    return validatePodStatusUpdate(obj_, old);
  },
  validateEphemeralContainersUpdate(obj_: KObj, old: KObj) {
    return validatePodEphemeralContainersUpdate(obj_, old);
  },
  selectableFields(obj_: KObj) {
    const spec = obj(obj_.spec);
    const status = obj(obj_.status);
    return {
      'spec.nodeName': str(spec.nodeName),
      'spec.restartPolicy': str(spec.restartPolicy),
      'spec.schedulerName': str(spec.schedulerName),
      'spec.serviceAccountName': str(spec.serviceAccountName),
      'spec.hostNetwork': String(spec.hostNetwork === true),
      'status.phase': str(status.phase),
      'status.podIP': str(status.podIP),
      'status.nominatedNodeName': str(status.nominatedNodeName),
    };
  },
  gracefulDeleteSeconds(obj_: KObj, requested: number | undefined) {
    const spec = obj(obj_.spec);
    const phase = obj(obj_.status).phase;
    // Pods that never reached a node, or that have finished, go at once.
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    if (requested !== undefined) return requested;
    const g = spec.terminationGracePeriodSeconds;
    return typeof g === 'number' && g >= 0 ? g : 30;
  },
};
