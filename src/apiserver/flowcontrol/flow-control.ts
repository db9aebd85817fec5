// API Priority and Fairness: classifies each request into a flow and priority level, runs it when
// its level has a seat, queues it fairly otherwise, and rejects it (429) when its queue is full,
// when it waited too long, or at once for a level whose limit response is Reject.
import { newTooManyRequests, StatusError } from '../../api/errors.js';
import type { UserInfo } from '../auth/authenticator.js';
import type { RequestInfo } from '../request-info.js';
import { bootstrapFlowSchemas, bootstrapPriorityLevels } from './bootstrap-config.js';
import { classify, sortFlowSchemas, type Classification } from './classifier.js';
import { FairQueues } from './fair-queues.js';
import { FlowControlMetrics, type RejectReason } from './flow-control-metrics.js';
import { computeSeatLimits, maySeat, type SeatLimits } from './seat-limits.js';
import { dealHand, flowHash } from './shuffle-shard.js';
import type { FlowSchemaConfig, PriorityLevelConfig } from './types.js';

export interface FlowControlOptions {
  /** The server's seats (upstream: max-requests-inflight + max-mutating-requests-inflight). */
  readonly totalSeats: number;
  /** Longest wait in a queue before a 429 (upstream: a quarter of the 60 s request timeout). */
  readonly queueWaitMs?: number;
  readonly flowSchemas?: readonly FlowSchemaConfig[];
  readonly priorityLevels?: readonly PriorityLevelConfig[];
}

/** A request admitted by flow control; release() when it finishes. */
export interface Ticket {
  readonly flowSchemaUid: string;
  readonly priorityLevelUid: string;
  release(): void;
}

const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);
const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const REJECTED_MESSAGE = 'Too many requests, please try again later.';

/** Watches and streams hold no seat: they are classified (headers are set) but not limited. */
export function isLongRunning(info: RequestInfo): boolean {
  return info.verb === 'watch' || info.verb === 'proxy' || (info.resourceRequest && LONG_RUNNING_SUBRESOURCES.has(info.subresource));
}

interface Waiter {
  readonly fs: FlowSchemaConfig;
  readonly mutating: boolean;
  start(queue: number): void;
  fail(reason: RejectReason): void;
}

interface Level {
  config: PriorityLevelConfig;
  limits: SeatLimits | undefined;
  queues: FairQueues<Waiter> | undefined;
  handSize: number;
  executing: number;
}

const queuingOf = (c: PriorityLevelConfig) => (c.spec.limited?.limitResponse.type === 'Queue' ? c.spec.limited.limitResponse.queuing : undefined);
const sameQueuing = (a: PriorityLevelConfig, b: PriorityLevelConfig) => JSON.stringify(queuingOf(a) ?? null) === JSON.stringify(queuingOf(b) ?? null);

export class FlowControl {
  private schemas: FlowSchemaConfig[] = [];
  private levels = new Map<string, Level>();
  private limited: Level[] = [];
  private fallback!: Level;
  private readonly queueWaitMs: number;
  readonly metrics: FlowControlMetrics;

  constructor(private readonly opts: FlowControlOptions) {
    this.queueWaitMs = opts.queueWaitMs ?? 15_000;
    this.metrics = new FlowControlMetrics();
    this.configure(opts.flowSchemas ?? bootstrapFlowSchemas(), opts.priorityLevels ?? bootstrapPriorityLevels());
  }

  /**
   * Applies a new configuration (e.g. the stored objects changed). Levels that stay keep their
   * executing requests and, when their queue settings are unchanged, their queues; requests waiting
   * in a removed level or in queues whose settings changed are answered 429.
   */
  configure(flowSchemas: readonly FlowSchemaConfig[], priorityLevels: readonly PriorityLevelConfig[]): void {
    const limits = computeSeatLimits(priorityLevels, this.opts.totalSeats);
    const levels = new Map<string, Level>();
    const orphaned: Waiter[] = [];
    for (const config of priorityLevels) {
      const queuing = queuingOf(config);
      const old = this.levels.get(config.name);
      const keepQueues = old !== undefined && sameQueuing(old.config, config);
      if (old && !keepQueues && old.queues) orphaned.push(...old.queues.waitingItems());
      const level: Level = old ?? { config, limits: undefined, queues: undefined, handSize: 0, executing: 0 };
      level.config = config;
      level.limits = limits.get(config.name);
      if (!keepQueues) level.queues = queuing ? new FairQueues<Waiter>(queuing.queues, queuing.queueLengthLimit) : undefined;
      level.handSize = queuing?.handSize ?? 0;
      levels.set(config.name, level);
    }
    for (const [name, old] of this.levels) if (!levels.has(name) && old.queues) orphaned.push(...old.queues.waitingItems());
    const limited = [...levels.values()].filter((l) => l.limits);
    const catchAll = levels.get('catch-all') ?? limited[0];
    if (!catchAll || flowSchemas.length === 0) throw new Error('flow control needs a Limited priority level and a FlowSchema');
    this.schemas = sortFlowSchemas(flowSchemas);
    this.levels = levels;
    this.limited = limited;
    this.fallback = catchAll;
    this.metrics.setLimits(limits);
    for (const w of orphaned) w.fail('cancelled');
    this.dispatchWaiting();
  }

  /**
   * Waits for a seat for the request; rejects with a 429 StatusError when it cannot have one.
   * `signal` aborts the wait (the client went away); as a function it is called only when the
   * request has to queue, so a request seated at once makes no signal.
   */
  admit(info: RequestInfo, user: UserInfo, signal?: AbortSignal | (() => AbortSignal)): Promise<Ticket> {
    const cls = classify(this.schemas, user, info);
    const level = (cls && this.levels.get(cls.priorityLevel)) ?? this.fallback;
    const fs = cls?.flowSchema ?? this.schemas[this.schemas.length - 1]!;
    const mutating = MUTATING.has(info.verb);
    const ids = { flowSchemaUid: fs.uid, priorityLevelUid: level.config.uid };
    if (!level.limits || isLongRunning(info)) {
      this.metrics.dispatched(level.config.name, fs.name, mutating, false);
      const release = () => this.metrics.finished(level.config.name, fs.name, mutating, false);
      return Promise.resolve({ flowSchemaUid: ids.flowSchemaUid, priorityLevelUid: ids.priorityLevelUid, release });
    }
    if ((level.queues?.length ?? 0) === 0 && this.maySeat(level)) return Promise.resolve(this.seat(level, fs, mutating, undefined, ids));
    if (!level.queues) return this.reject(level, fs, 'concurrency-limit', ids);
    return this.enqueue(level, fs, cls, mutating, ids, typeof signal === 'function' ? signal() : signal);
  }

  private enqueue(level: Level, fs: FlowSchemaConfig, cls: Classification | undefined, mutating: boolean, ids: TicketIds, signal?: AbortSignal): Promise<Ticket> {
    const queues = level.queues!;
    return new Promise<Ticket>((resolve, reject) => {
      const wait: { queue: number; timer?: NodeJS.Timeout } = { queue: -1 };
      const cleanup = () => {
        clearTimeout(wait.timer);
        signal?.removeEventListener('abort', onAbort);
        this.metrics.dequeued(level.config.name, fs.name);
      };
      const waiter: Waiter = {
        fs,
        mutating,
        start: (q) => {
          cleanup();
          resolve(this.seat(level, fs, mutating, q, ids));
        },
        fail: (reason) => {
          if (!queues.remove(wait.queue, waiter)) return;
          cleanup();
          this.metrics.rejected(level.config.name, fs.name, reason);
          reject(tooManyRequests(ids));
        },
      };
      const onAbort = () => waiter.fail('cancelled');
      const hand = dealHand(flowHash(fs.name, cls?.distinguisher ?? ''), this.queueCount(level), level.handSize);
      const q = queues.enqueue(hand, waiter);
      if (q === undefined) {
        this.metrics.rejected(level.config.name, fs.name, 'queue-full');
        reject(tooManyRequests(ids));
        return;
      }
      wait.queue = q;
      this.metrics.enqueued(level.config.name, fs.name);
      wait.timer = setTimeout(() => waiter.fail('time-out'), this.queueWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private seat(level: Level, fs: FlowSchemaConfig, mutating: boolean, queue: number | undefined, ids: TicketIds): Ticket {
    level.executing++;
    this.metrics.dispatched(level.config.name, fs.name, mutating, true);
    const queues = level.queues;
    let released = false;
    return {
      flowSchemaUid: ids.flowSchemaUid,
      priorityLevelUid: ids.priorityLevelUid,
      release: () => {
        if (released) return;
        released = true;
        level.executing--;
        if (queue !== undefined) queues?.finished(queue);
        this.metrics.finished(level.config.name, fs.name, mutating, true);
        this.dispatchWaiting();
      },
    };
  }

  /** Hands freed seats to waiting requests: levels below their nominal share first, then borrowers. */
  private dispatchWaiting(): void {
    for (const belowNominalOnly of [true, false]) {
      for (const level of this.limited) {
        const queues = level.queues;
        if (!queues) continue;
        while (queues.length > 0 && this.maySeat(level) && (!belowNominalOnly || level.executing < level.limits!.nominal)) {
          const next = queues.dispatch();
          if (!next) break;
          next.item.start(next.queue);
        }
      }
    }
  }

  private maySeat(level: Level): boolean {
    return maySeat({ limits: level.limits!, executing: level.executing }, this.limited.map((l) => ({ limits: l.limits!, executing: l.executing })), this.opts.totalSeats);
  }

  private queueCount(level: Level): number {
    return level.config.spec.limited?.limitResponse.queuing?.queues ?? 1;
  }

  private reject(level: Level, fs: FlowSchemaConfig, reason: RejectReason, ids: TicketIds): Promise<Ticket> {
    this.metrics.rejected(level.config.name, fs.name, reason);
    return Promise.reject(tooManyRequests(ids));
  }
}

type TicketIds = Omit<Ticket, 'release'>;
const REJECTED_IDS = new WeakMap<StatusError, TicketIds>();

function tooManyRequests(ids: TicketIds): StatusError {
  const e = newTooManyRequests(REJECTED_MESSAGE, 1);
  REJECTED_IDS.set(e, ids);
  return e;
}

/** The schema and level a rejected request was classified into (its response names them too). */
export function rejectedIds(e: unknown): TicketIds | undefined {
  return e instanceof StatusError ? REJECTED_IDS.get(e) : undefined;
}
