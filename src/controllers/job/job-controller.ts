// The Job controller (upstream's job controller): runs a job's pods to completion. Each sync
// plans from the caches (job-plan.ts), creates or deletes pods under expectations, records
// finished pods in status.uncountedTerminatedPods before it removes their job-tracking
// finalizer, then moves them into succeeded/failed; a status write that conflicts is never
// re-applied to a fresh object (the next sync recomputes), so no pod is counted twice or lost.
import type { Job, JobStatus } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import { JOBS, PODS, isNotFound, splitMetaNamespaceKey, type Clock, type EventRecorder, type SharedInformer } from '../../client/index.js';
import { controllerRefOf, podKey } from '../pod-util.js';
import { ApiPodControl, slowStartBatch, type PodControl } from '../replicaset/pod-control.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from '../replicaset/replica-controller.js';
import { Controller, ControllerExpectations, errorMessage, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_MAX_MS, type BackoffConfig } from './backoff.js';
import { registerJobHandlers } from './handlers.js';
import { flushUncounted } from './flush-uncounted.js';
import { planJob, type PlanEvent } from './job-plan.js';
import { JOB_API_VERSION, JOB_KIND, jobPod } from './job-pods.js';
import { JOB_CONTROLLER_NAME, JOB_TRACKING_FINALIZER, finishedCondition, hasTrackingFinalizer } from './job-util.js';
import { sameStatus } from './status-compare.js';

export interface JobControllerOptions {
  /** Pod failure back-off (default 10 s doubling to 6 min). */
  readonly backoff?: Partial<BackoffConfig>;
  /** Creates or deletes per sync at most (default 500). */
  readonly burst?: number;
  readonly podControl?: PodControl;
}

const TARGET = { kind: JOB_KIND, apiVersion: JOB_API_VERSION };

export class JobController implements Runnable {
  readonly name = 'job';
  readonly controller: Controller;
  /** Orphaned pods still holding the job-tracking finalizer (upstream's orphan queue). */
  readonly orphans: Controller;
  readonly expectations: ControllerExpectations;
  private readonly released = new Set<string>();
  private readonly jobs: SharedInformer<Job>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly clock: Clock;
  private readonly backoff: BackoffConfig;
  private readonly burst: number;

  constructor(private readonly ctx: ControllerContext, o: JobControllerOptions = {}) {
    this.clock = ctx.clock;
    this.backoff = { baseMs: o.backoff?.baseMs ?? DEFAULT_BACKOFF_BASE_MS, maxMs: o.backoff?.maxMs ?? DEFAULT_BACKOFF_MAX_MS };
    this.burst = o.burst ?? 500;
    this.podControl = o.podControl ?? new ApiPodControl(ctx.client);
    this.recorder = ctx.recorder('job-controller');
    this.expectations = new ControllerExpectations({ clock: ctx.clock });
    this.jobs = ctx.informers.forResource(JOBS);
    this.pods = ctx.informers.forResource(PODS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('job'), clock: ctx.clock, logger: ctx.logger });
    this.orphans = new Controller({ name: 'job-orphan-pods', reconcile: (k, s) => this.syncOrphan(k, s), workers: 1, clock: ctx.clock, logger: ctx.logger });
    registerJobHandlers({ controller: this.controller, orphans: this.orphans, expectations: this.expectations, released: this.released, jobs: this.jobs, pods: this.pods });
  }

  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.controller.run(signal), this.orphans.run(signal)]);
  }

  /** A pod with the finalizer that no existing Job controls loses the finalizer. */
  async syncOrphan(key: string, signal: AbortSignal): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister.get(name, namespace);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerRefOf(pod);
    if (ref?.kind === JOB_KIND && this.jobs.lister.get(ref.name ?? '', namespace)?.metadata?.uid === ref.uid) return;
    await this.release([pod], signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const job = this.jobs.lister.get(name, namespace);
    if (!job) {
      this.expectations.deleteExpectations(key);
      return this.releaseOrphans(namespace, name, signal);
    }
    const managedBy = job.spec?.managedBy;
    if (managedBy && managedBy !== JOB_CONTROLLER_NAME) return;
    const pods = this.pods.indexer.byIndex(CONTROLLER_UID_INDEX, job.metadata?.uid ?? '').filter((p) => controllerRefOf(p)?.kind === JOB_KIND);
    if (finishedCondition(job) || job.metadata?.deletionTimestamp) {
      await this.release(pods.filter(hasTrackingFinalizer), signal);
      return;
    }
    const now = this.clock.now();
    const plan = planJob({ job, pods, now, released: this.released, backoff: this.backoff, mayManage: this.expectations.satisfiedExpectations(key), burst: this.burst });
    const deleted = await this.deletePods(key, job, plan.deletePods, signal);
    const created = await this.createPods(key, job, plan.create, plan.indexFailureCounts, signal);
    const status: JobStatus = { ...plan.status, active: (plan.status.active ?? 0) + created.count - deleted, terminating: (plan.status.terminating ?? 0) + deleted };
    const current = await this.writeStatus(job, status, signal);
    await this.release(plan.releaseFinalizers, signal);
    const flushed = flushUncounted(current, pods, this.released, this.clock.now());
    await this.writeStatus(current, flushed.status, signal);
    this.emit(job, [...plan.events, ...flushed.events]);
    if (created.error !== undefined) throw created.error;
    if (plan.requeueAfterMs !== undefined) return { requeueAfterMs: plan.requeueAfterMs };
  }

  private emit(job: Readonly<Job>, events: readonly PlanEvent[]): void {
    for (const e of events) this.recorder.event(job, e.type, e.reason, e.message, TARGET);
  }

  /** Writes status when it differs; a conflict propagates (the sync is retried from the cache). */
  private async writeStatus(job: Readonly<Job>, status: JobStatus, signal: AbortSignal): Promise<Job> {
    if (sameStatus(job.status, status)) return job as Job;
    const next = { ...structuredClone(job), status } as Job;
    return this.ctx.client.resource(JOBS, job.metadata?.namespace).updateStatus(next, { signal });
  }

  private async deletePods(key: string, job: Readonly<Job>, victims: readonly Readonly<Pod>[], signal: AbortSignal): Promise<number> {
    if (!victims.length) return 0;
    const ns = job.metadata?.namespace ?? '';
    this.expectations.expectDeletions(key, victims.map(podKey));
    const results = await Promise.allSettled(
      victims.map(async (pod) => {
        try {
          await this.podControl.deletePod(ns, pod.metadata!.name!, signal);
          this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`, TARGET);
        } catch (e) {
          this.expectations.deletionObserved(key, podKey(pod));
          if (isNotFound(e)) return;
          this.recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`, TARGET);
          throw e;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return victims.length;
  }

  private async createPods(key: string, job: Readonly<Job>, indexes: readonly (number | undefined)[], failures: ReadonlyMap<number, number> | undefined, signal: AbortSignal): Promise<{ count: number; error?: unknown }> {
    if (!indexes.length) return { count: 0 };
    const ns = job.metadata?.namespace ?? '';
    this.expectations.expectCreations(key, indexes.length);
    const queue = [...indexes];
    const { successes, error } = await slowStartBatch(indexes.length, 1, async () => {
      const ix = queue.shift();
      const pod = jobPod(job, ix, failures && ix !== undefined ? (failures.get(ix) ?? 0) : undefined);
      try {
        const created = await this.podControl.createPod(ns, pod, signal);
        this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`, TARGET);
      } catch (e) {
        this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`, TARGET);
        throw e;
      }
    });
    if (successes < indexes.length) this.expectations.lowerExpectations(key, indexes.length - successes);
    return { count: successes, error };
  }

  /** Removes the job-tracking finalizer; each pod released (or gone) is remembered. */
  private async release(pods: readonly Readonly<Pod>[], signal: AbortSignal): Promise<void> {
    const results = await Promise.allSettled(
      pods.map(async (p) => {
        const uid = p.metadata?.uid ?? '';
        if (this.released.has(uid)) return;
        try {
          await this.ctx.client
            .resource(PODS, p.metadata?.namespace)
            .patch(p.metadata!.name!, { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } }, 'strategic', { signal });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        this.released.add(uid);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Pods of a deleted job keep no job-tracking finalizer (upstream's orphan pod handling). */
  private async releaseOrphans(namespace: string, name: string, signal: AbortSignal): Promise<void> {
    const orphans = this.pods.lister.listNamespace(namespace).filter((p) => {
      const ref = controllerRefOf(p);
      return ref?.kind === JOB_KIND && ref.name === name && hasTrackingFinalizer(p) && this.jobs.lister.get(name, namespace)?.metadata?.uid !== ref.uid;
    });
    await this.release(orphans, signal);
  }
}

export const newJobController =
  (o: JobControllerOptions = {}) =>
  (ctx: ControllerContext): Runnable =>
    new JobController(ctx, o);
