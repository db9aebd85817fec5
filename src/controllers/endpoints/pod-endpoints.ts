// What the Endpoints and EndpointSlice controllers both decide per pod (upstream's
// endpointutil): whether a pod belongs behind a service, which port a service port reaches on
// it, its target reference and hostname, and the pods-to-services mapping. Pure functions.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import { selectorFromSet } from '../../api/meta/labels.js';
import { isPodReady, podReadyCondition } from '../../api/pod-conditions.js';
import type { ObjectReference, Pod, Service, ServicePort } from '../../api/types/core-v1.js';
import { parseApiTime } from '../../client/index.js';

/** Annotation on Endpoints and EndpointSlices: when the last change that led to this write happened. */
export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
/** Label on the Endpoints/EndpointSlices of a headless service. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** The selector of a service that gets endpoints managed for it (undefined: none, left alone). */
export function serviceSelector(svc: Readonly<Service>): LabelSelectorMatcher | undefined {
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0 || svc.spec?.type === 'ExternalName') return undefined;
  return selectorFromSet(sel);
}

export const isHeadless = (svc: Readonly<Service>): boolean => svc.spec?.clusterIP === 'None';

/**
 * Upstream's ShouldPodBeInEndpoints: not finished (a pod that can still restart counts), has an
 * IP, and is not being deleted unless terminating pods are wanted.
 */
export function shouldPodBeInEndpoints(pod: Readonly<Pod>, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** The port a service port reaches on pod: a number, or a named container port of the same protocol. */
export function findPort(pod: Readonly<Pod>, sp: Readonly<ServicePort>): number | undefined {
  const target = sp.targetPort ?? sp.port;
  const protocol = sp.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export interface ResolvedPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** Every service port resolved on pod (ports that do not resolve are left out, as upstream). */
export function resolvePorts(svc: Readonly<Service>, pod: Readonly<Pod>): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const r: ResolvedPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) r.name = sp.name;
    if (sp.appProtocol) r.appProtocol = sp.appProtocol;
    out.push(r);
  }
  return out;
}

export const podReference = (pod: Readonly<Pod>): ObjectReference => ({
  kind: 'Pod',
  namespace: pod.metadata?.namespace ?? '',
  name: pod.metadata?.name ?? '',
  uid: pod.metadata?.uid ?? '',
});

/** A pod's DNS hostname behind a headless service whose name is the pod's subdomain. */
export function podHostname(svc: Readonly<Service>, pod: Readonly<Pod>): string | undefined {
  const h = pod.spec?.hostname;
  return h && pod.spec?.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace ? h : undefined;
}

/** Whether a pod counts as ready behind svc (publishNotReadyAddresses makes every pod ready). */
export const podReadyFor = (svc: Readonly<Service>, pod: Readonly<Pod>): boolean => !!svc.spec?.publishNotReadyAddresses || isPodReady(pod);

/**
 * The last-change-trigger-time: the latest moment one of the inputs changed as far as the
 * objects tell (the service's creation, each pod's creation and last Ready transition).
 */
export function lastChangeTriggerTime(svc: Readonly<Service>, pods: readonly Readonly<Pod>[]): number | undefined {
  let t = parseApiTime(svc.metadata?.creationTimestamp);
  for (const p of pods) {
    const ready = podReadyCondition(p);
    for (const s of [p.metadata?.creationTimestamp, ready?.lastTransitionTime]) {
      const v = parseApiTime(s);
      if (Number.isFinite(v) && !(v <= t)) t = v;
    }
  }
  return Number.isFinite(t) ? t : undefined;
}

/** Services in the pod's namespace whose selector matches the pod (as it is, or as it was). */
export function servicesForPod(services: readonly Readonly<Service>[], ...pods: readonly (Readonly<Pod> | undefined)[]): Readonly<Service>[] {
  return services.filter((s) => {
    const sel = serviceSelector(s);
    return !!sel && pods.some((p) => p && p.metadata?.namespace === s.metadata?.namespace && sel.matches(p.metadata?.labels));
  });
}
