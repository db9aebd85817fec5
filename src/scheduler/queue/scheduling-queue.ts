// The scheduling queue (upstream's PriorityQueue): activeQ ordered by the QueueSort plugin, backoffQ
// ordered by back-off expiry, and the unschedulable pool, from which cluster events move pods back
// when a plugin that rejected them registered for the event.
import type { Clock } from '../../client/index.js';
import { eventMatches, UNSCHEDULABLE_TIMEOUT, type ClusterEvent } from '../framework/events.js';
import type { PodInfo } from '../framework/pod-info.js';
import { newQueuedPodInfo, type QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { StatusOrSuccess } from '../framework/status.js';
import { backoffDuration, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { KeyedHeap } from './heap.js';
import type { Nominator } from './nominator.js';
import { isPodUpdated } from './pod-updates.js';

export interface SchedulingQueueOptions {
  readonly less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  readonly clock: Clock;
  readonly nominator: Nominator;
  /** PreEnqueue plugins (scheduling gates); a non-null status keeps the pod out of activeQ. */
  readonly preEnqueue?: (pi: PodInfo) => StatusOrSuccess;
  /** Events each plugin registered (undefined: every event). */
  readonly pluginEvents?: ReadonlyMap<string, readonly ClusterEvent[] | undefined>;
  readonly backoff?: BackoffPolicy;
  /** Pods stuck this long in the unschedulable pool are retried anyway (default 5 minutes). */
  readonly maxInUnschedulableMs?: number;
  /** How often that is checked (default 30 s). */
  readonly unschedulableFlushIntervalMs?: number;
}

export const queueKey = (pi: PodInfo): string => `${pi.namespace}/${pi.name}`;

/** Whether a rejected pod may fit after an event the given plugins care about. */
function matches(qpi: QueuedPodInfo, interested: Set<string> | 'all'): boolean {
  if (interested === 'all' || qpi.unschedulablePlugins.size === 0) return true;
  for (const p of qpi.unschedulablePlugins) if (interested.has(p)) return true;
  return false;
}

export class SchedulingQueue {
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and not yet done: updates and deletes that arrive meanwhile are remembered here. */
  private readonly inFlight = new Map<string, { qpi: QueuedPodInfo; updated: boolean; deleted: boolean }>();
  private readonly backoff: BackoffPolicy;
  private waiters: Array<() => void> = [];
  private cancelBackoffTimer: (() => void) | undefined;
  private backoffTimerAt = Infinity;
  private cancelFlushTimer: (() => void) | undefined;
  private closed = false;
  /** Incremented on every pop. */
  schedulingCycle = 0;
  /** The cycle in which the last move request happened. */
  private moveRequestCycle = -1;
  private readonly interestCache = new Map<string, Set<string>>();

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.activeQ = new KeyedHeap((q) => queueKey(q.podInfo), opts.less);
    this.backoffQ = new KeyedHeap((q) => queueKey(q.podInfo), (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic retry of pods left too long in the unschedulable pool. */
  start(): void {
    const interval = this.opts.unschedulableFlushIntervalMs ?? 30_000;
    const tick = () => {
      this.flushUnschedulableLeftover();
      if (!this.closed) this.cancelFlushTimer = this.opts.clock.after(interval, tick);
    };
    this.cancelFlushTimer = this.opts.clock.after(interval, tick);
  }

  close(): void {
    this.closed = true;
    this.cancelBackoffTimer?.();
    this.cancelFlushTimer?.();
    for (const w of this.waiters.splice(0)) w();
  }

  get lengths(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  /** Where the pod is: 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined. */
  whereIs(key: string): string | undefined {
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    if (this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }

  /** A new pending pod. */
  add(pi: PodInfo): void {
    const key = queueKey(pi);
    if (this.whereIs(key) !== undefined) return this.update(undefined, pi);
    this.opts.nominator.nominate(pi, pi.pod.status?.nominatedNodeName ?? '');
    this.moveToActiveQ(newQueuedPodInfo(pi, this.opts.clock.now()));
  }

  update(oldPi: PodInfo | undefined, newPi: PodInfo): void {
    const key = queueKey(newPi);
    this.opts.nominator.nominate(newPi, newPi.pod.status?.nominatedNodeName ?? '');
    const active = this.activeQ.get(key);
    if (active) {
      active.podInfo = newPi;
      this.activeQ.addOrUpdate(active);
      return;
    }
    const backingOff = this.backoffQ.get(key);
    if (backingOff) {
      backingOff.podInfo = newPi;
      this.backoffQ.addOrUpdate(backingOff);
      return;
    }
    const flight = this.inFlight.get(key);
    if (flight) {
      if (!oldPi || isPodUpdated(flight.qpi.podInfo.pod, newPi.pod)) flight.updated = true;
      flight.qpi.podInfo = newPi;
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      const changed = isPodUpdated(parked.podInfo.pod, newPi.pod);
      parked.podInfo = newPi;
      if (!changed) return;
      this.unschedulable.delete(key);
      if (this.isBackingOff(parked)) this.addToBackoffQ(parked);
      else this.moveToActiveQ(parked);
      return;
    }
    this.moveToActiveQ(newQueuedPodInfo(newPi, this.opts.clock.now()));
  }

  delete(pi: PodInfo): void {
    const key = queueKey(pi);
    this.opts.nominator.remove(pi.key);
    this.activeQ.delete(key);
    if (this.backoffQ.delete(key)) this.armBackoffTimer();
    this.unschedulable.delete(key);
    const flight = this.inFlight.get(key);
    if (flight) flight.deleted = true;
  }

  /** The next pod to schedule; waits until there is one. Undefined once the queue is closed or signal aborts. */
  async pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    while (this.activeQ.size === 0) {
      if (this.closed || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        this.waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    const qpi = this.activeQ.pop()!;
    qpi.attempts++;
    qpi.initialAttemptTimestamp ??= this.opts.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(queueKey(qpi.podInfo), { qpi, updated: false, deleted: false });
    return qpi;
  }

  /** The pod's attempt is over (bound, or handed back through addUnschedulableIfNotPresent). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** Whether the pod was deleted while being scheduled. */
  deletedInFlight(key: string): boolean {
    return this.inFlight.get(key)?.deleted ?? false;
  }

  /**
   * Hands back a pod that could not be scheduled. It waits in the unschedulable pool for a relevant
   * event, or goes to backoffQ when an event already happened during its cycle or nothing specific
   * rejected it (an error).
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = queueKey(qpi.podInfo);
    const flight = this.inFlight.get(key);
    this.inFlight.delete(key);
    if (flight?.deleted) return;
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    qpi.timestamp = this.opts.clock.now();
    if (this.moveRequestCycle >= podSchedulingCycle || qpi.unschedulablePlugins.size === 0 || flight?.updated) this.addToBackoffQ(qpi);
    else this.unschedulable.set(key, qpi);
  }

  /** A cluster event happened: pods it may help leave the unschedulable pool. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, preCheck?: (qpi: QueuedPodInfo) => boolean): void {
    this.moveRequestCycle = this.schedulingCycle;
    if (this.unschedulable.size === 0) return;
    const interested = this.pluginsInterestedIn(event);
    if (interested !== 'all' && interested.size === 0) return;
    const moving: [string, QueuedPodInfo][] = [];
    for (const entry of this.unschedulable) {
      const qpi = entry[1];
      if (qpi.gated || !matches(qpi, interested)) continue;
      if (preCheck && !preCheck(qpi)) continue;
      moving.push(entry);
    }
    for (const [key, qpi] of moving) {
      this.unschedulable.delete(key);
      if (this.isBackingOff(qpi)) this.addToBackoffQ(qpi);
      else this.moveToActiveQ(qpi);
    }
  }

  /** The plugins whose registered events cover this one ('all' for wildcard events). */
  private pluginsInterestedIn(event: ClusterEvent): Set<string> | 'all' {
    if (event.resource === 'WildCard') return 'all';
    const key = `${event.resource}/${event.actions}`;
    let set = this.interestCache.get(key);
    if (!set) {
      set = new Set();
      for (const [plugin, events] of this.opts.pluginEvents ?? []) {
        if (!events || events.some((e) => eventMatches(e, event))) set.add(plugin);
      }
      this.interestCache.set(key, set);
    }
    return set;
  }

  private backoffExpiry(qpi: QueuedPodInfo): number {
    return qpi.timestamp + backoffDuration(qpi.attempts, this.backoff);
  }

  private isBackingOff(qpi: QueuedPodInfo): boolean {
    if (qpi.gated || qpi.attempts === 0) return false;
    return this.backoffExpiry(qpi) > this.opts.clock.now();
  }

  private moveToActiveQ(qpi: QueuedPodInfo): boolean {
    const key = queueKey(qpi.podInfo);
    const gate = this.opts.preEnqueue?.(qpi.podInfo) ?? null;
    if (gate !== null && gate.code !== 'Success') {
      qpi.gated = true;
      qpi.unschedulablePlugins = new Set(gate.plugin ? [gate.plugin] : []);
      this.unschedulable.set(key, qpi);
      return false;
    }
    qpi.gated = false;
    this.unschedulable.delete(key);
    if (this.backoffQ.delete(key)) this.armBackoffTimer();
    this.activeQ.addOrUpdate(qpi);
    for (const w of this.waiters.splice(0)) w();
    return true;
  }

  private addToBackoffQ(qpi: QueuedPodInfo): void {
    if (!this.isBackingOff(qpi)) {
      this.moveToActiveQ(qpi);
      return;
    }
    this.backoffQ.addOrUpdate(qpi);
    this.armBackoffTimer();
  }

  private armBackoffTimer(): void {
    const head = this.backoffQ.peek();
    const at = head ? this.backoffExpiry(head) : Infinity;
    if (at === this.backoffTimerAt || this.closed) return;
    this.cancelBackoffTimer?.();
    this.cancelBackoffTimer = undefined;
    this.backoffTimerAt = at;
    if (at === Infinity) return;
    this.cancelBackoffTimer = this.opts.clock.after(at - this.opts.clock.now(), () => {
      this.backoffTimerAt = Infinity;
      this.cancelBackoffTimer = undefined;
      this.flushBackoffQCompleted();
    });
  }

  /** Moves every pod whose back-off has expired to activeQ. */
  flushBackoffQCompleted(): void {
    const now = this.opts.clock.now();
    for (let head = this.backoffQ.peek(); head && this.backoffExpiry(head) <= now; head = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.moveToActiveQ(head);
    }
    this.armBackoffTimer();
  }

  /** Retries pods that have waited in the unschedulable pool longer than maxInUnschedulableMs. */
  flushUnschedulableLeftover(): void {
    const limit = this.opts.maxInUnschedulableMs ?? 5 * 60_000;
    const now = this.opts.clock.now();
    const stale = new Set<string>();
    for (const [key, qpi] of this.unschedulable) if (!qpi.gated && now - qpi.timestamp > limit) stale.add(key);
    if (stale.size) this.moveAllToActiveOrBackoffQueue(UNSCHEDULABLE_TIMEOUT, (q) => stale.has(queueKey(q.podInfo)));
  }
}
