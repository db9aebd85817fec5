// What one DaemonSet sync does, as pure decisions over the cached nodes and pods (upstream's manage
// and rollingUpdate): a pod on every node that should run one, none elsewhere, failed pods replaced,
// extra pods on a node removed; then, with nothing else to do, old pods replaced within maxUnavailable
// (delete, then create) or maxSurge (create, then delete the old pod once the new one is available).
import type { DaemonSet } from '../../api/types/apps-v1.js';
import type { Node, Pod } from '../../api/types/core-v1.js';
import { parseApiTime } from '../../client/index.js';
import { scaledValue } from '../deployment/util.js';
import { isPodAvailable, isPodReady } from '../pod-util.js';
import { nodeShouldRunDaemonPod, targetNodeName, type ShouldRun } from './eligibility.js';

export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export interface DaemonPlan {
  /** Nodes that get a new pod. */
  readonly createOn: string[];
  readonly delete: Readonly<Pod>[];
  /** Failed pods among delete (for the FailedDaemonPod event). */
  readonly failed: Readonly<Pod>[];
  /** Among delete: pods bound to a node that no longer exists, deleted at once (no kubelet will finish them). */
  readonly force?: Readonly<Pod>[];
  /** A failed pod waits for its back-off to pass; look again after this long. */
  readonly retryAfterMs?: number;
}

export interface DaemonPlanInput {
  readonly ds: Readonly<DaemonSet>;
  readonly nodes: readonly Readonly<Node>[];
  /** The pods the DaemonSet controls. */
  readonly pods: readonly Readonly<Pod>[];
  /** The current revision's hash. */
  readonly hash: string;
  readonly now: number;
  /** How long replacing a failed pod on node must still wait (0 or absent: not at all). */
  readonly failedBackoffMs?: (node: string) => number;
}

export interface NodeView extends ShouldRun {
  readonly name: string;
  /** Its daemon pods, oldest first. */
  readonly pods: Readonly<Pod>[];
}

const byAge = (a: Readonly<Pod>, b: Readonly<Pod>): number => {
  const d = parseApiTime(a.metadata?.creationTimestamp) - parseApiTime(b.metadata?.creationTimestamp);
  return d || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
};

/** One view per node (sorted by name), plus the pods whose node is unknown or gone. */
export function nodeViews(i: Pick<DaemonPlanInput, 'ds' | 'nodes' | 'pods'>): { views: NodeView[]; orphaned: Readonly<Pod>[] } {
  const byNode = new Map<string, Readonly<Pod>[]>();
  const orphaned: Readonly<Pod>[] = [];
  const names = new Set(i.nodes.map((n) => n.metadata?.name ?? ''));
  for (const p of i.pods) {
    const n = targetNodeName(p);
    if (n === undefined || !names.has(n)) {
      orphaned.push(p);
      continue;
    }
    let list = byNode.get(n);
    if (!list) byNode.set(n, (list = []));
    list.push(p);
  }
  const views = [...i.nodes]
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .map((node) => ({ name: node.metadata?.name ?? '', pods: (byNode.get(node.metadata?.name ?? '') ?? []).sort(byAge), ...nodeShouldRunDaemonPod(node, i.ds) }));
  return { views, orphaned };
}

/** Upstream's IsPodUpdated: the pod carries the revision hash, or the template generation. */
export function isPodUpdated(pod: Readonly<Pod>, hash: string, ds: Readonly<DaemonSet>): boolean {
  const gen = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  const labels = pod.metadata?.labels ?? {};
  return (!!hash && labels[DAEMONSET_HASH_LABEL] === hash) || (gen !== undefined && labels[TEMPLATE_GENERATION_LABEL] === gen);
}

const rollingUpdate = (ds: Readonly<DaemonSet>) => (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' ? ds.spec?.updateStrategy?.rollingUpdate : undefined;

/** maxSurge and maxUnavailable as pod counts of desired (both rounded up; 1 unavailable when both are 0). */
export function updateBudget(ds: Readonly<DaemonSet>, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = rollingUpdate(ds);
  const maxSurge = scaledValue(ru?.maxSurge ?? 0, desired, true);
  let maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** Upstream's AllowsSurge: a rolling update whose maxSurge is not zero. */
export const allowsSurge = (ds: Readonly<DaemonSet>): boolean => rollingUpdate(ds) !== undefined && scaledValue(rollingUpdate(ds)?.maxSurge ?? 0, 1, true) > 0;

/** The pods to keep on a node with more than one running: the oldest, or with surge a new and an old one while the new one is not available. */
function excessPods(running: readonly Readonly<Pod>[], i: DaemonPlanInput): Readonly<Pod>[] {
  if (running.length <= 1) return [];
  if (!allowsSurge(i.ds)) return running.slice(1);
  const out: Readonly<Pod>[] = [];
  let oldestNew: Readonly<Pod> | undefined;
  let oldestOld: Readonly<Pod> | undefined;
  for (const p of running) {
    if (isPodUpdated(p, i.hash, i.ds)) {
      if (!oldestNew) oldestNew = p;
      else out.push(p);
    } else if (!oldestOld) oldestOld = p;
    else out.push(p);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, i.ds.spec?.minReadySeconds ?? 0, i.now))) out.push(oldestOld);
  return out;
}

export function planManage(i: DaemonPlanInput): DaemonPlan {
  const { views, orphaned } = nodeViews(i);
  const plan: DaemonPlan = { createOn: [], delete: [], failed: [] };
  let retryAfterMs: number | undefined;
  for (const v of views) {
    if (v.shouldRun && v.pods.length === 0) {
      plan.createOn.push(v.name);
    } else if (v.shouldContinueRunning) {
      const running: Readonly<Pod>[] = [];
      for (const p of v.pods) {
        if (p.metadata?.deletionTimestamp) continue;
        if (p.status?.phase === 'Failed') {
          const wait = i.failedBackoffMs?.(v.name) ?? 0;
          if (wait > 0) {
            retryAfterMs = Math.min(retryAfterMs ?? wait, wait);
            continue;
          }
          plan.delete.push(p);
          plan.failed.push(p);
        } else if (p.status?.phase === 'Succeeded') plan.delete.push(p);
        else running.push(p);
      }
      plan.delete.push(...excessPods(running, i));
    } else {
      for (const p of v.pods) if (!p.metadata?.deletionTimestamp) plan.delete.push(p);
    }
  }
  const force: Readonly<Pod>[] = [];
  for (const p of orphaned) {
    if (p.spec?.nodeName) force.push(p);
    if (p.spec?.nodeName || !p.metadata?.deletionTimestamp) plan.delete.push(p);
  }
  return { ...plan, ...(force.length ? { force } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** The new and the old pod on a node; ok false when there are two of either. */
function updatedPodsOnNode(pods: readonly Readonly<Pod>[], i: DaemonPlanInput): { newPod?: Readonly<Pod>; oldPod?: Readonly<Pod>; ok: boolean } {
  let newPod: Readonly<Pod> | undefined;
  let oldPod: Readonly<Pod> | undefined;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(p, i.hash, i.ds)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

export function planRollingUpdate(i: DaemonPlanInput): DaemonPlan {
  const plan: DaemonPlan = { createOn: [], delete: [], failed: [] };
  if (!rollingUpdate(i.ds)) return plan;
  const views = nodeViews(i).views.filter((v) => v.shouldRun);
  const { maxSurge, maxUnavailable } = updateBudget(i.ds, views.length);
  const minReady = i.ds.spec?.minReadySeconds ?? 0;
  const available = (p: Readonly<Pod>) => isPodAvailable(p, minReady, i.now);
  if (maxSurge === 0) {
    let unavailable = 0;
    const candidates: Readonly<Pod>[] = [];
    for (const v of views) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(v.pods, i);
      if (!ok || (!newPod && !oldPod) || (newPod && oldPod)) unavailable++;
      else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (!available(oldPod!)) {
        plan.delete.push(oldPod!);
        unavailable++;
      } else if (unavailable < maxUnavailable) candidates.push(oldPod!);
    }
    plan.delete.push(...candidates.slice(0, Math.max(0, maxUnavailable - unavailable)));
    return plan;
  }
  let surged = 0;
  const candidates: string[] = [];
  for (const v of views) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(v.pods, i);
    if (!ok) {
      surged++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) plan.createOn.push(v.name);
      else if (surged < maxSurge) candidates.push(v.name);
      continue;
    }
    if (!available(newPod)) surged++;
    else plan.delete.push(oldPod);
  }
  plan.createOn.push(...candidates.slice(0, Math.max(0, maxSurge - surged)));
  return plan;
}
