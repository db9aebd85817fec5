// The CronJob controller (upstream's cronjob controller v2): per CronJob key, reconcile
// status.active with the jobs it owns, start the job of a missed start time (honouring suspend,
// startingDeadlineSeconds and concurrencyPolicy Allow/Forbid/Replace), delete finished jobs
// beyond the history limits, write status, and requeue for the next start time.
import type { CronJob, CronJobStatus, Job } from '../../api/types/batch-v1.js';
import { CRONJOBS, JOBS, apiTime, isAlreadyExists, isNotFound, parseApiTime, splitMetaNamespaceKey, type Clock, type EventRecorder, type SharedInformer } from '../../client/index.js';
import { controllerRefOf } from '../pod-util.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from '../replicaset/replica-controller.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { BATCH_V1, CRONJOB_KIND, finishedType, jobFromTemplate, jobNameFor, jobReference } from './cronjob-util.js';
import { historyToDelete } from './history.js';
import { decideSchedule } from './schedule-decision.js';
import { localTimeZone } from './zone.js';

export interface CronJobControllerOptions {
  /** The zone of schedules without a timeZone (default: this process's). */
  readonly localTimeZone?: string;
}

const TARGET = { kind: CRONJOB_KIND, apiVersion: BATCH_V1 };

export class CronJobController implements Runnable {
  readonly name = 'cronjob';
  readonly controller: Controller;
  private readonly cronJobs: SharedInformer<CronJob>;
  private readonly jobs: SharedInformer<Job>;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly zone: string;

  constructor(private readonly ctx: ControllerContext, o: CronJobControllerOptions = {}) {
    this.clock = ctx.clock;
    this.zone = o.localTimeZone ?? localTimeZone();
    this.recorder = ctx.recorder('cronjob-controller');
    this.cronJobs = ctx.informers.forResource(CRONJOBS);
    this.jobs = ctx.informers.forResource(JOBS, { indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex } });
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('cronjob'), clock: ctx.clock, logger: ctx.logger });
    this.cronJobs.addEventHandler({ onAdd: (c) => this.controller.enqueue(c), onUpdate: (_o, c) => this.controller.enqueue(c) });
    const onJob = (j: Readonly<Job>) => {
      const ref = controllerRefOf(j);
      if (ref?.kind === CRONJOB_KIND) this.controller.enqueueKey(`${j.metadata?.namespace ?? ''}/${ref.name ?? ''}`);
    };
    this.jobs.addEventHandler({ onAdd: onJob, onUpdate: (_o, j) => onJob(j), onDelete: onJob });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.cronJobs.lister.get(name, namespace);
    if (!cached) return;
    let cj = cached;
    const jobs = this.jobs.indexer.byIndex(CONTROLLER_UID_INDEX, cj.metadata?.uid ?? '').filter((j) => controllerRefOf(j)?.kind === CRONJOB_KIND);
    const status: CronJobStatus = structuredClone(cj.status ?? {});
    cj = await this.reconcileActive(cj, jobs, status, signal);
    let requeue: number | undefined;
    if (!cj.metadata?.deletionTimestamp && !cj.spec?.suspend) requeue = await this.maybeStart(cj, status, signal);
    await this.cleanupHistory(cj, jobs, signal);
    await this.writeStatus(cj, status, signal);
    if (requeue !== undefined) return { requeueAfterMs: requeue };
  }

  /** Brings status.active in line with the owned jobs (upstream's first half of syncCronJob). */
  private async reconcileActive(cj: Readonly<CronJob>, jobs: readonly Readonly<Job>[], status: CronJobStatus, signal: AbortSignal): Promise<Readonly<CronJob>> {
    let current = cj;
    const inActive = (uid?: string) => (status.active ?? []).some((r) => r.uid === uid);
    for (const j of jobs) {
      const finished = finishedType(j);
      if (!inActive(j.metadata?.uid) && !finished) {
        const fresh = await this.fresh(cj, signal);
        if (fresh?.status?.active?.some((r) => r.uid === j.metadata?.uid)) {
          current = fresh;
          status.active = structuredClone(fresh.status!.active!);
          status.lastScheduleTime = fresh.status?.lastScheduleTime;
          continue;
        }
        this.recorder.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata?.name}`, TARGET);
      } else if (inActive(j.metadata?.uid) && finished) {
        status.active = (status.active ?? []).filter((r) => r.uid !== j.metadata?.uid);
        this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata?.name}, condition: ${finished}`, TARGET);
      }
      if (finished === 'Complete' && j.status?.completionTime) {
        const t = parseApiTime(j.status.completionTime);
        if (!(parseApiTime(status.lastSuccessfulTime) >= t)) status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    const owned = new Set(jobs.map((j) => j.metadata?.uid));
    for (const ref of [...(status.active ?? [])]) {
      if (owned.has(ref.uid)) continue;
      let gone = false;
      try {
        const j = await this.ctx.client.resource(JOBS, cj.metadata?.namespace).get(ref.name ?? '', { signal });
        gone = j.metadata?.uid !== ref.uid;
      } catch (e) {
        if (!isNotFound(e)) throw e;
        gone = true;
      }
      if (gone) {
        this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, TARGET);
        status.active = (status.active ?? []).filter((r) => r.uid !== ref.uid);
      }
    }
    return current;
  }

  /** Starts the job of a missed start time if policy allows; returns the requeue delay. */
  private async maybeStart(cj: Readonly<CronJob>, status: CronJobStatus, signal: AbortSignal): Promise<number | undefined> {
    const d = decideSchedule({ ...cj, status }, this.clock.now(), this.zone);
    for (const e of d.events) this.recorder.event(cj, e.type, e.reason, e.message, TARGET);
    if (d.scheduledTime === undefined) return d.requeueAfterMs;
    const name = jobNameFor(cj, d.scheduledTime);
    const active = status.active ?? [];
    if (active.some((r) => r.name === name) || parseApiTime(status.lastScheduleTime) === d.scheduledTime) return d.requeueAfterMs;
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', TARGET);
      return d.requeueAfterMs;
    }
    if (policy === 'Replace') {
      for (const ref of [...active]) {
        await this.deleteJob(cj, ref.name ?? '', signal);
        status.active = (status.active ?? []).filter((r) => r.uid !== ref.uid);
      }
    }
    const jobs = this.ctx.client.resource(JOBS, cj.metadata?.namespace);
    let job: Job;
    try {
      job = await jobs.create(jobFromTemplate(cj, d.scheduledTime), { signal });
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata?.name}`, TARGET);
    } catch (e) {
      if (!isAlreadyExists(e)) {
        this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${e instanceof Error ? e.message : String(e)}`, TARGET);
        throw e;
      }
      // Created by an earlier sync whose status write was lost: adopt it into status if it is ours.
      job = await jobs.get(name, { signal });
      if (controllerRefOf(job)?.uid !== cj.metadata?.uid) return d.requeueAfterMs;
    }
    if (!finishedType(job) && !(status.active ?? []).some((r) => r.uid === job.metadata?.uid)) status.active = [...(status.active ?? []), jobReference(job)];
    status.lastScheduleTime = apiTime(d.scheduledTime);
    return d.requeueAfterMs;
  }

  private async deleteJob(cj: Readonly<CronJob>, name: string, signal: AbortSignal): Promise<void> {
    try {
      await this.ctx.client.resource(JOBS, cj.metadata?.namespace).delete(name, { propagationPolicy: 'Background', signal });
      this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`, TARGET);
    } catch (e) {
      if (isNotFound(e)) return;
      this.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${e instanceof Error ? e.message : String(e)}`, TARGET);
      throw e;
    }
  }

  private async cleanupHistory(cj: Readonly<CronJob>, jobs: readonly Readonly<Job>[], signal: AbortSignal): Promise<void> {
    for (const j of historyToDelete(cj, jobs)) await this.deleteJob(cj, j.metadata?.name ?? '', signal);
  }

  private async fresh(cj: Readonly<CronJob>, signal: AbortSignal): Promise<CronJob | undefined> {
    try {
      const f = await this.ctx.client.resource(CRONJOBS, cj.metadata?.namespace).get(cj.metadata!.name!, { signal });
      return f.metadata?.uid === cj.metadata?.uid ? f : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async writeStatus(cj: Readonly<CronJob>, status: CronJobStatus, signal: AbortSignal): Promise<void> {
    if (!status.active?.length) delete status.active;
    if (JSON.stringify(cj.status ?? {}) === JSON.stringify(status)) return;
    try {
      await this.ctx.client.resource(CRONJOBS, cj.metadata?.namespace).updateStatus({ ...structuredClone(cj), status } as CronJob, { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export const newCronJobController =
  (o: CronJobControllerOptions = {}) =>
  (ctx: ControllerContext): Runnable =>
    new CronJobController(ctx, o);
