// Leader election over a coordination.k8s.io/v1 Lease (client-go's leaderelection with a
// LeaseLock): acquire when the lease is free or expired, renew every retry period, give up
// leadership when renewals fail for renewDeadline. Writes are guarded by resourceVersion.
import type { Lease } from '../api/types/coordination-v1.js';
import { realClock, wait, type Clock } from './clock.js';
import type { Client } from './client.js';
import { isAlreadyExists, isConflict, isNotFound } from './errors.js';
import { LEASES } from './resources.js';
import { apiMicroTime, parseApiTime } from './time-format.js';
import { newStopController } from './stop-signal.js';

export interface LeaderCallbacks {
  /** Leadership acquired; signal aborts when it is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Leadership lost or given up (called only after onStartedLeading). */
  onStoppedLeading?(): void;
  /** Another (or this) identity was observed as leader. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  readonly client: Client;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly callbacks: LeaderCallbacks;
  /** How long a lease stays valid without renewal (default 15 000). */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps retrying a renewal before it gives up (default 10 000). */
  readonly renewDeadlineMs?: number;
  /** Time between attempts (default 2 000). */
  readonly retryPeriodMs?: number;
  /** Clear the holder when stopped, so another candidate can take over at once (default true). */
  readonly releaseOnCancel?: boolean;
  readonly clock?: Clock;
  readonly onError?: (err: unknown) => void;
  /**
   * A renewal attempt took longer than the retry period, or its wait before it overran by as
   * much: under load this tells whether the API server (slow calls) or this process (late
   * timers, a busy event loop) is eating the renew deadline.
   */
  readonly onSlowRenewal?: (timing: RenewalTiming) => void;
}

export interface RenewalTiming {
  /** The attempt's get and update of the Lease, together. */
  readonly tookMs: number;
  /** How much later than asked the wait before the attempt ended. */
  readonly timerLateMs: number;
  readonly renewed: boolean;
}

const JITTER = 1.2;

export class LeaderElector {
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed: Lease | undefined;
  private observedAt = 0;
  private reportedLeader = '';
  private leading = false;
  /** How late the last retry-period wait ended (reported with the next attempt). */
  private timerLateMs = 0;

  constructor(private readonly cfg: LeaderElectionConfig) {
    this.clock = cfg.clock ?? realClock;
    this.leaseDurationMs = cfg.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = cfg.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = cfg.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new RangeError('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER * this.retryPeriodMs) throw new RangeError('renewDeadline must be greater than retryPeriod*1.2');
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder last seen on the lease ("" when none). */
  getLeader(): string {
    return this.observed?.spec?.holderIdentity ?? '';
  }

  /**
   * Campaigns until leader, leads until leadership is lost or signal aborts, then returns.
   * Run it in a loop to campaign again after a loss.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) return;
    const leadership = newStopController();
    const stop = () => leadership.abort();
    signal.addEventListener('abort', stop, { once: true });
    this.leading = true;
    let leaderRun: Promise<void> = Promise.resolve();
    try {
      leaderRun = Promise.resolve()
        .then(() => this.cfg.callbacks.onStartedLeading(leadership.signal))
        .catch((e) => this.cfg.onError?.(e));
      await this.renewLoop(leadership.signal);
    } finally {
      signal.removeEventListener('abort', stop);
      leadership.abort();
      this.leading = false;
      if (this.cfg.releaseOnCancel ?? true) await this.release();
      this.cfg.callbacks.onStoppedLeading?.();
      await leaderRun;
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(signal)) return true;
      await wait(this.clock, this.retryPeriodMs * (1 + Math.random() * (JITTER - 1)), signal);
    }
    return false;
  }

  /** Renews every retry period; returns when a renewal could not succeed within renewDeadline. */
  private async renewLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const deadline = this.clock.now() + this.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted && this.clock.now() < deadline) {
        const attempt = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, deadline - this.clock.now()))]);
        const started = this.clock.now();
        renewed = await this.tryAcquireOrRenew(attempt);
        this.reportTiming(this.clock.now() - started, renewed);
        if (renewed) break;
        if (this.heldByOther()) return;
        await this.pause(signal);
      }
      if (!renewed) return;
      await this.pause(signal);
    }
  }

  /** Waits one retry period and notes how late the timer fired. */
  private async pause(signal: AbortSignal): Promise<void> {
    const asked = this.clock.now() + this.retryPeriodMs;
    await wait(this.clock, this.retryPeriodMs, signal);
    this.timerLateMs = Math.max(0, this.clock.now() - asked);
  }

  private reportTiming(tookMs: number, renewed: boolean): void {
    const late = this.timerLateMs;
    this.timerLateMs = 0;
    if (tookMs <= this.retryPeriodMs && late <= this.retryPeriodMs) return;
    try {
      this.cfg.onSlowRenewal?.({ tookMs, timerLateMs: late, renewed });
    } catch (e) {
      this.cfg.onError?.(e);
    }
  }

  private heldByOther(): boolean {
    const h = this.observed?.spec?.holderIdentity ?? '';
    return h !== '' && h !== this.cfg.identity && this.observedAt + this.leaseDurationMs > this.clock.now();
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const leases = this.cfg.client.resource(LEASES, this.cfg.namespace);
    const now = this.clock.now();
    const spec = {
      holderIdentity: this.cfg.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: apiMicroTime(now),
      renewTime: apiMicroTime(now),
      leaseTransitions: 0,
    };
    try {
      let current: Lease;
      try {
        current = await leases.get(this.cfg.name, { signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        const created = await leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.cfg.name, namespace: this.cfg.namespace }, spec }, { signal });
        this.observe(created);
        return true;
      }
      this.observe(current);
      const old = current.spec ?? {};
      const mine = old.holderIdentity === this.cfg.identity;
      if (!mine && this.heldByOther()) return false;
      if (mine) {
        spec.acquireTime = old.acquireTime ?? spec.acquireTime;
        spec.leaseTransitions = old.leaseTransitions ?? 0;
      } else {
        spec.leaseTransitions = (old.leaseTransitions ?? 0) + 1;
      }
      const updated = await leases.update({ ...current, spec: { ...old, ...spec } }, { signal });
      this.observe(updated);
      return true;
    } catch (e) {
      if (!isConflict(e) && !isAlreadyExists(e) && !signal.aborted) this.cfg.onError?.(e);
      return false;
    }
  }

  private observe(lease: Lease): void {
    const prev = this.observed?.spec;
    const next = lease.spec;
    if (!prev || prev.holderIdentity !== next?.holderIdentity || prev.renewTime !== next?.renewTime || this.observed?.metadata?.resourceVersion !== lease.metadata?.resourceVersion) {
      this.observedAt = this.clock.now();
    }
    this.observed = lease;
    const holder = next?.holderIdentity ?? '';
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      try {
        this.cfg.callbacks.onNewLeader?.(holder);
      } catch (e) {
        this.cfg.onError?.(e);
      }
    }
  }

  /**
   * Gives the lease up (holder cleared) if this identity still holds it. The lease is read again
   * first, as upstream's release does: a renewal cut short by the stop may still have been
   * written, and the resourceVersion observed before it would make the release a Conflict.
   */
  private async release(): Promise<void> {
    if (!this.observed || this.observed.spec?.holderIdentity !== this.cfg.identity) return;
    const now = this.clock.now();
    const leases = this.cfg.client.resource(LEASES, this.cfg.namespace);
    try {
      const signal = AbortSignal.timeout(this.renewDeadlineMs);
      const lease = await leases.get(this.cfg.name, { signal });
      if (lease.spec?.holderIdentity !== this.cfg.identity) return;
      const updated = await leases.update({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: apiMicroTime(now), acquireTime: apiMicroTime(now) },
      }, { signal });
      this.observe(updated);
    } catch (e) {
      this.cfg.onError?.(e);
    }
  }
}

/** How long ago (ms) the lease was last renewed, by its own timestamps. */
export const leaseAgeMs = (lease: Lease, now: number): number => now - parseApiTime(lease.spec?.renewTime);

/** How a component (scheduler, controller manager) campaigns for its Lease. */
export interface LeaderElectionOptions {
  /**
   * The client the elector renews through (default: the component's own). Upstream gives leader
   * election a client of its own, so a burst of the component's other calls cannot hold up a
   * renewal on the client side.
   */
  readonly client?: Client;
  readonly namespace?: string;
  readonly name?: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** Stop with LeaderElectionLostError when leadership is lost (the standalone command exits); default: campaign again. */
  readonly exitOnLoss?: boolean;
}

/** Leadership was lost and the component was told to stop then (as upstream's components exit). */
export class LeaderElectionLostError extends Error {
  override readonly name = 'LeaderElectionLostError';
  readonly code = 'LeaderElectionLost';
}
