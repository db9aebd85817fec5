// The DaemonSet controller (upstream's DaemonSetsController): each sync claims the DaemonSet's pods
// and revisions, settles the current revision, then either fixes placement (planManage) or, with
// placement right and nothing in flight, advances a rolling update (planRollingUpdate); it prunes
// history and writes status. Expectations keep a stale cache from creating or deleting twice.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { ControllerRevision, DaemonSet, DaemonSetStatus } from '../../api/types/apps-v1.js';
import type { Node, Pod } from '../../api/types/core-v1.js';
import { DAEMONSETS, NODES, PODS, isNotFound, splitMetaNamespaceKey, type EventRecorder, type SharedInformer } from '../../client/index.js';
import { claimObjects } from '../claim-objects.js';
import { CONTROLLERREVISIONS, RevisionHistory } from '../history/index.js';
import { newControllerRef, podKey } from '../pod-util.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from '../replicaset/replica-controller.js';
import { slowStartBatch } from '../replicaset/pod-control.js';
import { Controller, ControllerExpectations, errorMessage, type ControllerContext, type Logger, type ReconcileResult } from '../runtime/index.js';
import { updateStatusRetryingConflictOnce } from '../status-writer.js';
import { newDaemonPod } from './daemon-pods.js';
import { targetNodeName } from './eligibility.js';
import { FailedPodBackoff } from './failed-pod-backoff.js';
import { registerDaemonSetHandlers } from './handlers.js';
import { cleanupHistory, constructHistory } from './history.js';
import { planManage, planRollingUpdate, type DaemonPlan } from './plan.js';
import { computeDaemonSetStatus, daemonStatusChanged, nextAvailableInMs } from './status.js';

const TARGET = { kind: 'DaemonSet', apiVersion: 'apps/v1' } as const;

export class DaemonSetController {
  readonly controller: Controller;
  readonly expectations: ControllerExpectations;
  private readonly daemonSets: SharedInformer<DaemonSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer<Node>;
  private readonly revisions: SharedInformer<ControllerRevision>;
  private readonly history: RevisionHistory;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly failedBackoff = new FailedPodBackoff();

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.logger;
    this.recorder = ctx.recorder('daemonset-controller');
    this.expectations = new ControllerExpectations({ clock: ctx.clock });
    this.daemonSets = ctx.informers.forResource(DAEMONSETS);
    this.pods = ctx.informers.forResource(PODS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.nodes = ctx.informers.forResource(NODES);
    this.revisions = ctx.informers.forResource(CONTROLLERREVISIONS);
    this.history = new RevisionHistory(ctx.client);
    this.controller = new Controller({ name: 'daemonset', reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('daemonset'), clock: ctx.clock, logger: ctx.logger });
    registerDaemonSetHandlers({ controller: this.controller, expectations: this.expectations, daemonSets: this.daemonSets, pods: this.pods, nodes: this.nodes });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.daemonSets.lister.get(name, namespace);
    if (!cached) {
      this.expectations.deleteExpectations(key);
      this.failedBackoff.forget(`${key}/`);
      return;
    }
    const ds = structuredClone(cached) as DaemonSet;
    let selector: LabelSelectorMatcher;
    try {
      selector = labelSelectorFromObject(ds.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]);
    } catch (e) {
      this.log.warn({ key, err: errorMessage(e) }, 'invalid selector; not syncing');
      return;
    }
    if (selector.empty()) {
      this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', TARGET);
      return;
    }
    const pods = await this.claimPods(ds, selector, signal);
    const claimedRevs = await this.history.claim(ds, selector, newControllerRef(ds, 'apps/v1', 'DaemonSet'), this.revisions.lister, signal);
    if (ds.metadata?.deletionTimestamp) return;
    const h = await constructHistory(this.history, ds, claimedRevs, signal);
    const nodes = this.nodes.lister.list();
    const now = this.ctx.clock.now();
    const input = { ds, nodes, pods, hash: h.hash, now, failedBackoffMs: (node: string) => this.failedBackoff.remaining(`${key}/${node}`, now) };
    let error: unknown;
    let retryAfterMs: number | undefined;
    if (this.expectations.satisfiedExpectations(key)) {
      try {
        const manage = planManage(input);
        retryAfterMs = manage.retryAfterMs;
        for (const p of manage.failed) this.failedBackoff.next(`${key}/${p.spec?.nodeName ?? targetNodeName(p) ?? ''}`, now);
        const acted = await this.syncNodes(key, ds, manage, h.hash, signal);
        if (!acted) await this.syncNodes(key, ds, planRollingUpdate(input), h.hash, signal);
      } catch (e) {
        error = e;
      }
      await cleanupHistory(this.history, ds, h, pods, signal);
    }
    const status = computeDaemonSetStatus({ ...input, collisionCount: h.collisionCount });
    await this.writeStatus(ds, status, signal);
    if (error !== undefined) throw error;
    const after = [nextAvailableInMs(ds, status), retryAfterMs].filter((x): x is number => x !== undefined);
    if (after.length) return { requeueAfterMs: Math.min(...after) };
  }

  /** Deletes, or else creates, what plan asks for; false when it asks for nothing. */
  private async syncNodes(key: string, ds: Readonly<DaemonSet>, plan: DaemonPlan, hash: string, signal: AbortSignal): Promise<boolean> {
    const ns = ds.metadata?.namespace ?? '';
    if (plan.delete.length) {
      for (const p of plan.failed) {
        this.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${ns}/${p.metadata?.name} on node ${p.spec?.nodeName ?? ''}, will try to kill it`, TARGET);
      }
      this.expectations.expectDeletions(key, plan.delete.map(podKey));
      const force = new Set(plan.force ?? []);
      const results = await Promise.allSettled(plan.delete.map((p) => this.deletePod(key, ds, p, force.has(p), signal)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return true;
    }
    if (!plan.createOn.length) return false;
    const queue = [...plan.createOn];
    this.expectations.expectCreations(key, queue.length);
    const { successes, error } = await slowStartBatch(queue.length, 1, async () => {
      const node = queue.shift()!;
      try {
        const created = await this.ctx.client.resource(PODS, ns).create(newDaemonPod(ds, node, hash), { signal });
        this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`, TARGET);
      } catch (e) {
        this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`, TARGET);
        throw e;
      }
    });
    const skipped = plan.createOn.length - successes;
    if (skipped > 0) this.expectations.lowerExpectations(key, skipped);
    if (error !== undefined) throw error;
    return true;
  }

  private async deletePod(key: string, ds: Readonly<DaemonSet>, pod: Readonly<Pod>, force: boolean, signal: AbortSignal): Promise<void> {
    try {
      await this.ctx.client.resource(PODS, pod.metadata?.namespace).delete(pod.metadata!.name!, { signal, ...(force ? { gracePeriodSeconds: 0 } : {}) });
      this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`, TARGET);
    } catch (e) {
      this.expectations.deletionObserved(key, podKey(pod));
      if (isNotFound(e)) return;
      this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`, TARGET);
      throw e;
    }
  }

  /** Adopts matching orphans, releases owned pods that stop matching (upstream's ClaimPods). */
  private claimPods(ds: Readonly<DaemonSet>, selector: LabelSelectorMatcher, signal: AbortSignal): Promise<Readonly<Pod>[]> {
    const ns = ds.metadata?.namespace ?? '';
    const matches = (pod: Readonly<Pod>) => selector.matches(pod.metadata?.labels);
    return claimObjects(this.ctx.client.resource(PODS, ns), ds, this.pods.lister.listNamespace(ns), matches, newControllerRef(ds, 'apps/v1', 'DaemonSet'), signal);
  }

  private async writeStatus(ds: Readonly<DaemonSet>, status: DaemonSetStatus, signal: AbortSignal): Promise<void> {
    if (!daemonStatusChanged(ds.status, status)) return;
    await updateStatusRetryingConflictOnce(this.ctx.client.resource(DAEMONSETS, ds.metadata?.namespace), ds, status, signal);
  }
}

export const newDaemonSetController = (ctx: ControllerContext) => {
  const c = new DaemonSetController(ctx);
  return { name: 'daemonset', run: (s: AbortSignal) => c.run(s) };
};
