// One pod at a time (upstream's scheduleOne): a synchronous scheduling cycle on the cache, then an
// asynchronous binding cycle, so the next pod is scheduled while the binding is being written.
// Failures write the PodScheduled=False condition and a FailedScheduling event and requeue the pod.
import { setImmediate as yieldToIO } from 'node:timers/promises';
import type { Pod } from '../api/types/core-v1.js';
import type { EventRecorder, Lister } from '../client/index.js';
import type { ApiCalls } from './api-calls.js';
import type { SchedulerCache } from './cache/scheduler-cache.js';
import type { CycleState } from './framework/cycle-state.js';
import { FitError } from './framework/diagnosis.js';
import { ActionType } from './framework/events.js';
import { PodInfo } from './framework/pod-info.js';
import type { QueuedPodInfo } from './framework/queued-pod-info.js';
import type { Framework } from './framework/runtime.js';
import { isSuccess } from './framework/status.js';
import type { Logger } from './logger.js';
import type { Nominator } from './queue/nominator.js';
import { queueKey, type SchedulingQueue } from './queue/scheduling-queue.js';
import { SchedulingError, type SchedulingAlgorithm } from './schedule-pod.js';

export interface SchedulingLoopDeps {
  readonly framework: Framework;
  readonly algorithm: SchedulingAlgorithm;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly nominator: Nominator;
  readonly api: ApiCalls;
  readonly recorder: EventRecorder;
  readonly pods: Lister<Pod>;
  readonly logger: Logger;
  /** Bindings written at once; scheduling waits when this many are in flight (default 128). */
  readonly maxInFlightBindings?: number;
  /** Record a Normal "Scheduled" event per binding, as upstream (default true). */
  readonly recordScheduledEvents?: boolean;
}

export interface SchedulingStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
}

const MESSAGE_LIMIT = 1024;

/** Upstream cuts messages written to conditions and events at 1 KiB. */
export function truncateMessage(m: string): string {
  if (m.length <= MESSAGE_LIMIT) return m;
  const suffix = ' ...';
  return m.slice(0, MESSAGE_LIMIT - suffix.length) + suffix;
}

export class SchedulingLoop {
  readonly stats: SchedulingStats = { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0 };
  private readonly bindings = new Set<Promise<void>>();
  /** Status writes of failed attempts in flight (awaited when the loop stops). */
  private readonly statusWrites = new Set<Promise<void>>();
  private readonly maxBindings: number;

  constructor(private readonly d: SchedulingLoopDeps) {
    this.maxBindings = d.maxInFlightBindings ?? 128;
  }

  /** Schedules pods until signal aborts; then waits for bindings in flight. */
  async run(signal: AbortSignal): Promise<void> {
    let lastYield = performance.now();
    try {
      while (!signal.aborted) {
        while (this.bindings.size >= this.maxBindings) await Promise.race(this.bindings);
        const qpi = await this.d.queue.pop(signal);
        if (!qpi) break;
        await this.scheduleOne(qpi, signal);
        // Keep the event loop turning (informer events, binding responses) during long bursts.
        if (performance.now() - lastYield > 10) {
          await yieldToIO();
          lastYield = performance.now();
        }
      }
    } finally {
      await Promise.allSettled([...this.bindings]);
      await Promise.allSettled([...this.statusWrites]);
    }
  }

  /** Resolves when every binding started so far has finished. */
  async idle(): Promise<void> {
    while (this.bindings.size) await Promise.allSettled([...this.bindings]);
  }

  async scheduleOne(qpi: QueuedPodInfo, signal?: AbortSignal): Promise<void> {
    const { framework: fwk, cache, queue } = this.d;
    const pi = qpi.podInfo;
    const qkey = queueKey(pi);
    if (pi.pod.metadata?.deletionTimestamp || cache.has(pi.key) || queue.deletedInFlight(qkey)) {
      queue.done(qkey);
      return;
    }
    this.stats.attempts++;
    const state = fwk.newCycleState();
    const cycle = queue.schedulingCycle;
    let out: ReturnType<SchedulingAlgorithm['schedulePod']>;
    try {
      out = this.d.algorithm.schedulePod(fwk, state, pi, cache.snapshot);
    } catch (e) {
      out = { error: new SchedulingError(e instanceof Error ? e.message : String(e)) };
    }
    if ('error' in out) {
      await this.onScheduleFailure(qpi, state, out.error, cycle, signal);
      return;
    }
    const host = out.result.suggestedHost;
    const assumed = cache.assumePod(pi, host);
    this.d.nominator.remove(pi.key);
    const reserved = fwk.runReservePluginsReserve(state, assumed, host);
    if (!isSuccess(reserved)) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      cache.forgetPod(pi.key);
      this.handleFailure(qpi, 'SchedulerError', reserved!.message(), undefined, cycle);
      return;
    }
    const p = this.bindingCycle(state, qpi, assumed, host, cycle, signal).finally(() => this.bindings.delete(p));
    this.bindings.add(p);
  }

  private async onScheduleFailure(qpi: QueuedPodInfo, state: CycleState, err: FitError | SchedulingError, cycle: number, signal?: AbortSignal): Promise<void> {
    const fwk = this.d.framework;
    if (!(err instanceof FitError)) {
      this.stats.errors++;
      qpi.unschedulablePlugins = new Set();
      this.d.logger.error({ pod: queueKey(qpi.podInfo), err: err.message }, 'scheduler: error scheduling pod; retrying');
      this.handleFailure(qpi, 'SchedulerError', err.message, undefined, cycle);
      return;
    }
    this.stats.unschedulable++;
    qpi.unschedulablePlugins = new Set(err.diagnosis.unschedulablePlugins);
    let nominated: string | undefined;
    if (fwk.postFilterPlugins.length > 0) {
      const r = await fwk.runPostFilterPlugins(state, qpi.podInfo, err.diagnosis.nodeToStatus, signal);
      err.diagnosis.postFilterMsg = r.status.message();
      if (r.status.code === 'Error') this.d.logger.error({ pod: queueKey(qpi.podInfo), err: r.status.message() }, 'scheduler: PostFilter failed');
      nominated = r.result?.nominatedNodeName;
    }
    this.handleFailure(qpi, 'Unschedulable', err.message, nominated, cycle);
  }

  /** Requeues the pod (if it still waits for a node), and reports why it is not scheduled. */
  private handleFailure(qpi: QueuedPodInfo, reason: string, message: string, nominated: string | undefined, cycle: number): void {
    const pi = qpi.podInfo;
    const qkey = queueKey(pi);
    const latest = this.d.pods.get(pi.name, pi.namespace);
    if (!latest || latest.metadata?.uid !== pi.pod.metadata?.uid) {
      this.d.queue.done(qkey);
      return;
    }
    if (latest.spec?.nodeName) {
      this.d.queue.done(qkey);
      return;
    }
    if (latest.metadata?.resourceVersion !== pi.pod.metadata?.resourceVersion) qpi.podInfo = new PodInfo(latest);
    this.d.queue.addUnschedulableIfNotPresent(qpi, cycle);
    if (nominated !== undefined) this.d.nominator.nominate(qpi.podInfo, nominated);
    const msg = truncateMessage(message);
    this.d.recorder.event(latest, 'Warning', 'FailedScheduling', msg, { kind: 'Pod', apiVersion: 'v1' });
    const write = this.d.api
      .updatePodScheduledCondition(latest, reason, msg, nominated)
      .catch((e: unknown) => {
        this.d.logger.warn({ pod: qkey, err: e instanceof Error ? e.message : String(e) }, 'scheduler: could not update pod status');
      })
      .finally(() => this.statusWrites.delete(write));
    this.statusWrites.add(write);
  }

  private async bindingCycle(state: CycleState, qpi: QueuedPodInfo, assumed: PodInfo, host: string, cycle: number, signal?: AbortSignal): Promise<void> {
    const { framework: fwk, cache, queue } = this.d;
    const pre = await fwk.runPreBindPlugins(state, assumed, host, signal);
    const status = isSuccess(pre) ? await fwk.runBindPlugins(state, assumed, host, signal) : pre;
    if (isSuccess(status)) {
      cache.finishBinding(assumed.key);
      queue.done(queueKey(assumed));
      this.stats.scheduled++;
      if (this.d.recordScheduledEvents ?? true) {
        this.d.recorder.event(assumed.pod, 'Normal', 'Scheduled', `Successfully assigned ${assumed.namespace}/${assumed.name} to ${host}`, { kind: 'Pod', apiVersion: 'v1' });
      }
      return;
    }
    this.stats.errors++;
    fwk.runReservePluginsUnreserve(state, assumed, host);
    if (cache.isAssumed(assumed.key)) cache.forgetPod(assumed.key);
    queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actions: ActionType.Delete }, (q) => q.podInfo.key !== assumed.key);
    qpi.unschedulablePlugins = new Set();
    this.handleFailure(qpi, 'SchedulerError', status!.message(), undefined, cycle);
  }
}
