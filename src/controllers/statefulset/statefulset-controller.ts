// The StatefulSet controller (upstream's StatefulSetController): each sync claims the set's pods and
// revisions, works out the current and update revisions, carries out planStatefulSet's actions,
// applies the claim retention policy on scale-down, writes status, and prunes old revisions.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from '../../api/types/apps-v1.js';
import type { PersistentVolumeClaim, Pod } from '../../api/types/core-v1.js';
import { PERSISTENTVOLUMECLAIMS, PODS, STATEFULSETS, splitMetaNamespaceKey, type SharedInformer } from '../../client/index.js';
import { claimObjects } from '../claim-objects.js';
import { CONTROLLERREVISIONS, RevisionHistory, revisionsToPrune } from '../history/index.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from '../replicaset/replica-controller.js';
import { Controller, errorMessage, type ControllerContext, type Logger, type ReconcileResult } from '../runtime/index.js';
import { updateStatusRetryingConflictOnce } from '../status-writer.js';
import { registerStatefulSetHandlers } from './handlers.js';
import { applyClaimRetention } from './claim-retention.js';
import { claimsFor, isMemberOf, newStatefulSetPod, podRevision, setControllerRef } from './identity.js';
import { planStatefulSet, type StatefulSetAction } from './plan.js';
import { revisionTemplate, statefulSetRevisions, type SetRevisions } from './revisions.js';
import { StatefulPodControl } from './stateful-pod-control.js';
import { computeStatus, statusChanged } from './status.js';

export class StatefulSetController {
  readonly controller: Controller;
  private readonly sets: SharedInformer<StatefulSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly claims: SharedInformer<PersistentVolumeClaim>;
  private readonly revisions: SharedInformer<ControllerRevision>;
  private readonly podControl: StatefulPodControl;
  private readonly history: RevisionHistory;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.logger;
    this.sets = ctx.informers.forResource(STATEFULSETS);
    this.pods = ctx.informers.forResource(PODS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.claims = ctx.informers.forResource(PERSISTENTVOLUMECLAIMS);
    this.revisions = ctx.informers.forResource(CONTROLLERREVISIONS);
    this.podControl = new StatefulPodControl(ctx.client, ctx.recorder('statefulset-controller'), this.claims.lister);
    this.history = new RevisionHistory(ctx.client);
    this.controller = new Controller({ name: 'statefulset', reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('statefulset'), clock: ctx.clock, logger: ctx.logger });
    registerStatefulSetHandlers(this.controller, this.sets, this.pods);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.sets.lister.get(name, namespace);
    if (!cached) return;
    const set = structuredClone(cached) as StatefulSet;
    let selector: LabelSelectorMatcher;
    try {
      selector = labelSelectorFromObject(set.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]);
    } catch (e) {
      this.log.warn({ key, err: errorMessage(e) }, 'invalid selector; not syncing');
      return;
    }
    if (selector.empty()) return;
    const ref = setControllerRef(set);
    const claimedRevisions = await this.history.claim(set, selector, ref, this.revisions.lister, signal);
    const pods = await this.claimPods(set, selector, signal);
    // A set being deleted is left to the garbage collector (no new revisions, pods or claims).
    if (set.metadata?.deletionTimestamp) return;
    const revs = await statefulSetRevisions(this.history, set, claimedRevisions, signal);
    const now = this.ctx.clock.now();
    const plan = planStatefulSet({
      set,
      pods,
      currentRevision: revs.current.metadata!.name!,
      updateRevision: revs.update.metadata!.name!,
      claimsMissing: (ord) => [...claimsFor(set, ord).values()].some((c) => !this.claims.lister.get(c.metadata!.name!, namespace)),
      now,
    });
    let error: unknown;
    let updateDeletes = 0;
    try {
      const parallel = set.spec?.podManagementPolicy === 'Parallel';
      for (const a of plan.actions) if (a.kind === 'delete' && a.reason === 'update' && podRevision(a.pod) === revs.current.metadata?.name) updateDeletes++;
      if (parallel) {
        // Parallel: every create and delete at once (upstream's burst), the first error reported.
        const failed = (await Promise.allSettled(plan.actions.map((a) => this.apply(set, revs, a, signal)))).find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      } else {
        for (const a of plan.actions) await this.apply(set, revs, a, signal);
      }
      await applyClaimRetention(this.ctx.client, this.podControl, set, this.claims.lister, pods, signal);
    } catch (e) {
      error = e;
    }
    const status = computeStatus({ set, pods, currentRevision: revs.current.metadata!.name!, updateRevision: revs.update.metadata!.name!, collisionCount: revs.collisionCount, now });
    status.currentReplicas = Math.max(0, (status.currentReplicas ?? 0) - updateDeletes);
    await this.writeStatus(set, status, signal);
    await this.pruneHistory(set, revs, pods, signal);
    if (error !== undefined) throw error;
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (plan.requeueAfterMs !== undefined) return { requeueAfterMs: plan.requeueAfterMs };
    if (minReady > 0 && status.availableReplicas !== status.readyReplicas) return { requeueAfterMs: minReady * 1000 };
  }

  private async apply(set: Readonly<StatefulSet>, revs: SetRevisions, a: StatefulSetAction, signal: AbortSignal): Promise<void> {
    switch (a.kind) {
      case 'create': {
        const rev = a.revision === 'current' ? revs.current : revs.update;
        const pod = newStatefulSetPod(set, revisionTemplate(rev), rev.metadata!.name!, a.ordinal);
        return this.podControl.createPod(set, pod, signal);
      }
      case 'createClaims':
        return this.podControl.createClaims(set, a.ordinal, signal);
      case 'delete':
        if (a.reason === 'failed') {
          this.ctx.recorder('statefulset-controller').event(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata?.namespace}/${set.metadata?.name} is recreating failed Pod ${a.pod.metadata?.name}`, { kind: 'StatefulSet', apiVersion: 'apps/v1' });
        }
        return this.podControl.deletePod(set, a.pod, signal);
      case 'fixIdentity':
        return this.podControl.updatePodLabels(set, a.pod, a.labels, signal);
    }
  }

  /** Adopts matching orphans named like the set's pods, releases owned pods that stop matching. */
  private claimPods(set: Readonly<StatefulSet>, selector: LabelSelectorMatcher, signal: AbortSignal): Promise<Readonly<Pod>[]> {
    const ns = set.metadata?.namespace ?? '';
    const matches = (pod: Readonly<Pod>) => selector.matches(pod.metadata?.labels) && isMemberOf(set, pod);
    return claimObjects(this.ctx.client.resource(PODS, ns), set, this.pods.lister.listNamespace(ns), matches, setControllerRef(set), signal);
  }

  private async writeStatus(set: Readonly<StatefulSet>, status: StatefulSetStatus, signal: AbortSignal): Promise<void> {
    if (!statusChanged(set.status, status)) return;
    await updateStatusRetryingConflictOnce(this.ctx.client.resource(STATEFULSETS, set.metadata?.namespace), set, status, signal);
  }

  /** Keeps revisionHistoryLimit revisions besides the current, the update and those pods use (upstream's truncateHistory). */
  private async pruneHistory(set: Readonly<StatefulSet>, revs: SetRevisions, pods: readonly Readonly<Pod>[], signal: AbortSignal): Promise<void> {
    const live = new Set<string>([revs.current.metadata!.name!, revs.update.metadata!.name!, ...pods.map(podRevision)]);
    for (const r of revisionsToPrune(revs.all, live, set.spec?.revisionHistoryLimit ?? 10)) await this.history.delete(r, signal);
  }
}

export const newStatefulSetController = (ctx: ControllerContext) => {
  const c = new StatefulSetController(ctx);
  return { name: 'statefulset', run: (s: AbortSignal) => c.run(s) };
};
