// The TTL-after-finished controller (upstream's ttlafterfinished): a Job with
// spec.ttlSecondsAfterFinished is deleted that long after it finished (its Complete or Failed
// condition's transition time). Before deleting it re-reads the job from the API server, so a
// TTL changed since the cache saw it is honoured, and deletes with a uid precondition and
// cascading (foreground, as upstream) so the job's pods go with it.
import type { Job } from '../../api/types/batch-v1.js';
import { JOBS, isNotFound, parseApiTime, splitMetaNamespaceKey, type Clock, type SharedInformer } from '../../client/index.js';
import { Controller, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';

/** Longer waits are cut to a day (timers cannot wait more than 2^31 ms; a sync recomputes anyway). */
const MAX_REQUEUE_MS = 24 * 3600_000;

export type PropagationPolicy = 'Foreground' | 'Background';

export interface TtlAfterFinishedOptions {
  /** How the job's dependents are deleted (default Foreground, as upstream). */
  readonly propagationPolicy?: PropagationPolicy;
}

/** When the job finished (NaN while it has not). */
export function jobFinishTime(job: Readonly<Job>): number {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c ? parseApiTime(c.lastTransitionTime) : NaN;
}

/** ms until the job expires (<= 0: now), or undefined when it has no TTL or has not finished. */
export function timeLeft(job: Readonly<Job>, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata?.deletionTimestamp) return undefined;
  const finished = jobFinishTime(job);
  if (!Number.isFinite(finished)) return undefined;
  return finished + ttl * 1000 - now;
}

export class TtlAfterFinishedController implements Runnable {
  readonly name = 'ttl-after-finished';
  readonly controller: Controller;
  private readonly jobs: SharedInformer<Job>;
  private readonly clock: Clock;
  private readonly policy: PropagationPolicy;

  constructor(private readonly ctx: ControllerContext, o: TtlAfterFinishedOptions = {}) {
    this.clock = ctx.clock;
    this.policy = o.propagationPolicy ?? 'Foreground';
    this.jobs = ctx.informers.forResource(JOBS);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('ttl-after-finished'), clock: ctx.clock, logger: ctx.logger });
    const consider = (j: Readonly<Job>) => {
      if (timeLeft(j, this.clock.now()) !== undefined) this.controller.enqueue(j);
    };
    this.jobs.addEventHandler({ onAdd: consider, onUpdate: (_o, j) => consider(j) });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.jobs.lister.get(name, namespace);
    if (!cached) return;
    const left = timeLeft(cached, this.clock.now());
    if (left === undefined) return;
    if (left > 0) return { requeueAfterMs: Math.min(left, MAX_REQUEUE_MS) };
    const client = this.ctx.client.resource(JOBS, namespace);
    let fresh: Job;
    try {
      fresh = await client.get(name, { signal });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const freshLeft = timeLeft(fresh, this.clock.now());
    if (freshLeft === undefined) return;
    if (freshLeft > 0) return { requeueAfterMs: Math.min(freshLeft, MAX_REQUEUE_MS) };
    try {
      await client.delete(name, { propagationPolicy: this.policy, preconditions: { uid: fresh.metadata?.uid }, signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export const newTtlAfterFinishedController =
  (o: TtlAfterFinishedOptions = {}) =>
  (ctx: ControllerContext): Runnable =>
    new TtlAfterFinishedController(ctx, o);
