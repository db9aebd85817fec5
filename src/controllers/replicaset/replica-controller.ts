// The ReplicaSet and ReplicationController controllers (one implementation, two kinds; upstream's
// ReplicaSetController): keep exactly spec.replicas active pods from the template, adopt matching
// orphans and release pods that stop matching, and report status. Each sync re-reads the caches;
// expectations stop a second round of creates/deletes before the first one is observed.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import type { Pod } from '../../api/types/core-v1.js';
import {
  PODS, isConflict, isNotFound, splitMetaNamespaceKey,
  type EventRecorder, type SharedInformer, type Clock,
} from '../../client/index.js';
import { controllerRefOf, isPodActive, newControllerRef, podKey } from '../pod-util.js';
import { Controller, ControllerExpectations, errorMessage, type ControllerContext, type Logger, type ReconcileResult } from '../runtime/index.js';
import { registerHandlers } from './handlers.js';
import type { ReplicaKind, ReplicaOwner } from './kind.js';
import { ApiPodControl, podFromTemplate, slowStartBatch, type PodControl } from './pod-control.js';
import { podsToDelete } from './ranking.js';
import { calculateStatus, statusChanged, type ReplicaStatus } from './status.js';

/** Upstream's BurstReplicas: creates or deletes per sync at most. */
export const BURST_REPLICAS = 500;
export const CONTROLLER_UID_INDEX = 'controllerUID';

export const controllerUidIndex = (o: Readonly<{ metadata?: { ownerReferences?: Array<{ controller?: boolean; uid?: string }> } }>): string[] => {
  const uid = o.metadata?.ownerReferences?.find((r) => r.controller === true)?.uid;
  return uid ? [uid] : [];
};

/** Pods without a controller, by namespace: the only pods besides its own that a sync may adopt. */
export const ORPHAN_NAMESPACE_INDEX = 'orphanNamespace';
export const orphanNamespaceIndex = (o: Readonly<Pod>): string[] => (controllerRefOf(o) ? [] : [o.metadata?.namespace ?? '']);

export interface ReplicaControllerOptions {
  readonly podControl?: PodControl;
  readonly burstReplicas?: number;
}

export class ReplicaController {
  readonly controller: Controller;
  readonly expectations: ControllerExpectations;
  private readonly owners: SharedInformer<ReplicaOwner>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly burst: number;

  constructor(private readonly kind: ReplicaKind, private readonly ctx: ControllerContext, o: ReplicaControllerOptions = {}) {
    this.clock = ctx.clock;
    this.log = ctx.logger;
    this.burst = o.burstReplicas ?? BURST_REPLICAS;
    this.podControl = o.podControl ?? new ApiPodControl(ctx.client);
    this.recorder = ctx.recorder(kind.component);
    this.expectations = new ControllerExpectations({ clock: ctx.clock });
    this.owners = ctx.informers.forResource(kind.ref, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.pods = ctx.informers.forResource(PODS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex, [ORPHAN_NAMESPACE_INDEX]: orphanNamespaceIndex } });
    this.controller = new Controller({
      name: kind.controllerName,
      reconcile: (key, signal) => this.sync(key, signal),
      workers: ctx.workers(kind.controllerName),
      clock: ctx.clock,
      logger: ctx.logger,
    });
    registerHandlers({ kind, controller: this.controller, expectations: this.expectations, owners: this.owners, pods: this.pods });
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const owner = this.owners.lister.get(name, namespace);
    if (!owner) {
      this.expectations.deleteExpectations(key);
      return;
    }
    let selector: LabelSelectorMatcher;
    try {
      selector = this.kind.selectorOf(owner);
    } catch (e) {
      this.log.warn({ key, err: errorMessage(e) }, 'invalid selector; not syncing');
      return;
    }
    const needsSync = this.expectations.satisfiedExpectations(key);
    const active = this.candidatePods(owner);
    const filtered = await this.claimPods(owner, selector, active, signal);
    let manageError: { message: string; scaleUp: boolean } | undefined;
    if (needsSync && !owner.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(key, owner, filtered, signal);
      } catch (e) {
        manageError = { message: errorMessage(e), scaleUp: filtered.length < (owner.spec?.replicas ?? 1) };
      }
    }
    const minReady = owner.spec?.minReadySeconds ?? 0;
    const status = calculateStatus({
      pods: filtered,
      templateLabels: owner.spec?.template?.metadata?.labels,
      minReadySeconds: minReady,
      generation: owner.metadata?.generation ?? 0,
      previous: owner.status,
      manageError,
      now: this.clock.now(),
    });
    await this.updateStatus(owner, status, signal);
    if (manageError) throw new Error(manageError.message);
    if (minReady > 0 && status.readyReplicas === (owner.spec?.replicas ?? 1) && status.availableReplicas !== status.readyReplicas) {
      return { requeueAfterMs: minReady * 1000 };
    }
  }

  /**
   * The active pods a sync looks at: those the owner controls and the namespace's orphans (pods of
   * other controllers are never claimed), from indexes rather than every pod of the namespace.
   */
  private candidatePods(owner: Readonly<ReplicaOwner>): Readonly<Pod>[] {
    const ns = owner.metadata?.namespace ?? '';
    const idx = this.pods.indexer;
    const out: Readonly<Pod>[] = [];
    for (const p of idx.byIndex(CONTROLLER_UID_INDEX, owner.metadata?.uid ?? '')) if (p.metadata?.namespace === ns && isPodActive(p)) out.push(p);
    for (const p of idx.byIndex(ORPHAN_NAMESPACE_INDEX, ns)) if (isPodActive(p)) out.push(p);
    return out;
  }

  /** Adopts matching orphans and releases owned pods that no longer match; returns the pods it controls. */
  private async claimPods(owner: Readonly<ReplicaOwner>, selector: LabelSelectorMatcher, pods: readonly Readonly<Pod>[], signal: AbortSignal): Promise<Readonly<Pod>[]> {
    const uid = owner.metadata?.uid;
    const ns = owner.metadata?.namespace ?? '';
    const deleting = !!owner.metadata?.deletionTimestamp;
    const claimed: Readonly<Pod>[] = [];
    let canAdopt: boolean | undefined;
    const matches = (p: Readonly<Pod>) => !selector.empty() && selector.matches(p.metadata?.labels);
    for (const pod of pods) {
      const ref = controllerRefOf(pod);
      if (ref) {
        if (ref.uid !== uid) continue;
        if (matches(pod)) claimed.push(pod);
        else if (!deleting) await this.podControl.releasePod(ns, pod.metadata!.name!, uid!, signal);
        continue;
      }
      if (deleting || !matches(pod) || pod.metadata?.deletionTimestamp) continue;
      canAdopt ??= await this.freshOwnerIs(owner, signal);
      if (!canAdopt) continue;
      try {
        await this.podControl.adoptPod(ns, pod.metadata!.name!, newControllerRef(owner, this.kind.apiVersion, this.kind.kind), signal);
        claimed.push(pod);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return claimed;
  }

  /** Upstream's adoption recheck: the live object (not the cache) is still this one and not being deleted. */
  private async freshOwnerIs(owner: Readonly<ReplicaOwner>, signal: AbortSignal): Promise<boolean> {
    try {
      const fresh = await this.ctx.client.resource(this.kind.ref, owner.metadata?.namespace).get(owner.metadata!.name!, { signal });
      return fresh.metadata?.uid === owner.metadata?.uid && !fresh.metadata?.deletionTimestamp;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  private async manageReplicas(key: string, owner: Readonly<ReplicaOwner>, filtered: readonly Readonly<Pod>[], signal: AbortSignal): Promise<void> {
    const want = owner.spec?.replicas ?? 1;
    const diff = filtered.length - want;
    if (diff < 0) return this.createPods(key, owner, Math.min(-diff, this.burst), signal);
    if (diff > 0) return this.deletePods(key, owner, filtered, Math.min(diff, this.burst), signal);
  }

  private async createPods(key: string, owner: Readonly<ReplicaOwner>, count: number, signal: AbortSignal): Promise<void> {
    const ns = owner.metadata?.namespace ?? '';
    const ref = newControllerRef(owner, this.kind.apiVersion, this.kind.kind);
    this.expectations.expectCreations(key, count);
    const { successes, error } = await slowStartBatch(count, 1, async () => {
      const pod = podFromTemplate(owner.spec?.template, ns, owner.metadata!.name!, ref);
      try {
        const created = await this.podControl.createPod(ns, pod, signal);
        this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`, { kind: this.kind.kind, apiVersion: this.kind.apiVersion });
      } catch (e) {
        this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`, { kind: this.kind.kind, apiVersion: this.kind.apiVersion });
        throw e;
      }
    });
    const skipped = count - successes;
    if (skipped > 0) this.expectations.lowerExpectations(key, skipped);
    if (error !== undefined) throw error;
  }

  private async deletePods(key: string, owner: Readonly<ReplicaOwner>, filtered: readonly Readonly<Pod>[], count: number, signal: AbortSignal): Promise<void> {
    const ns = owner.metadata?.namespace ?? '';
    const victims = podsToDelete(filtered, this.relatedPods(owner), count, this.clock.now());
    this.expectations.expectDeletions(key, victims.map(podKey));
    const results = await Promise.allSettled(
      victims.map(async (pod) => {
        try {
          await this.podControl.deletePod(ns, pod.metadata!.name!, signal);
          this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`, { kind: this.kind.kind, apiVersion: this.kind.apiVersion });
        } catch (e) {
          this.expectations.deletionObserved(key, podKey(pod));
          if (isNotFound(e)) return;
          this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`, { kind: this.kind.kind, apiVersion: this.kind.apiVersion });
          throw e;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Active pods of every object of this kind that shares owner's controller (its siblings in a Deployment). */
  private relatedPods(owner: Readonly<ReplicaOwner>): Readonly<Pod>[] {
    const parent = controllerRefOf(owner)?.uid;
    const siblings = parent ? this.owners.indexer.byIndex(CONTROLLER_UID_INDEX, parent) : [owner];
    const out: Readonly<Pod>[] = [];
    for (const s of siblings) for (const p of this.pods.indexer.byIndex(CONTROLLER_UID_INDEX, s.metadata?.uid ?? '')) if (isPodActive(p)) out.push(p);
    return out;
  }

  private async updateStatus(owner: Readonly<ReplicaOwner>, status: ReplicaStatus, signal: AbortSignal): Promise<void> {
    if (!statusChanged(owner.status, status)) return;
    const client = this.ctx.client.resource(this.kind.ref, owner.metadata?.namespace);
    let current: ReplicaOwner = structuredClone(owner) as ReplicaOwner;
    for (let attempt = 0; ; attempt++) {
      current.status = { ...(current.status ?? {}), ...status };
      if (!status.conditions) delete current.status.conditions;
      try {
        await client.updateStatus(current, { signal });
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 1) throw e;
        current = await client.get(owner.metadata!.name!, { signal });
        if (current.metadata?.uid !== owner.metadata?.uid) return;
      }
    }
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }
}

export function newReplicaController(kind: ReplicaKind) {
  return (ctx: ControllerContext) => {
    const c = new ReplicaController(kind, ctx);
    return { name: kind.controllerName, run: (s: AbortSignal) => c.run(s) };
  };
}
