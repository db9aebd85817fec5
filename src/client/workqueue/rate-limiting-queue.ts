// A delaying queue whose retries back off per item (client-go's RateLimitingInterface).
import { realClock, type Clock } from '../clock.js';
import { DelayingWorkQueue, type DelayingQueue } from './delaying-queue.js';
import type { QueueItem } from './queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface RateLimitingQueue<T extends QueueItem> extends DelayingQueue<T> {
  /** Adds item after the limiter's delay for it (one more failure). */
  addRateLimited(item: T): void;
  /** Clears item's back-off (call after it was processed successfully). */
  forget(item: T): void;
  numRequeues(item: T): number;
}

export interface RateLimitingQueueOptions<T> {
  readonly clock?: Clock;
  readonly rateLimiter?: RateLimiter<T>;
}

export class RateLimitingWorkQueue<T extends QueueItem> extends DelayingWorkQueue<T> implements RateLimitingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(opts: RateLimitingQueueOptions<T> = {}) {
    super(opts.clock ?? realClock);
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
  }

  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
