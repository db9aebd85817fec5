// A controller: informer handlers enqueue "namespace/name" keys; N workers take keys off one
// rate-limited work queue and reconcile them (a key is never reconciled by two workers at once).
// Success forgets the key's back-off, an error re-adds it rate-limited, done() always runs.
import { RateLimitingWorkQueue, defaultControllerRateLimiter, metaNamespaceKey, realClock, type Clock, type KubeObject, type RateLimiter } from '../../client/index.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';

/** What a reconcile asks for besides success: a later look at the same key. */
export interface ReconcileResult {
  readonly requeueAfterMs?: number;
}

export type ReconcileFunc = (key: string, signal: AbortSignal) => Promise<ReconcileResult | void>;

/** An error that retrying cannot fix: logged, the key is forgotten. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  readonly code = 'Terminal';
}

/** Something the manager starts after the caches have synced. */
export interface Runnable {
  readonly name: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface ControllerOptions {
  readonly name: string;
  readonly reconcile: ReconcileFunc;
  readonly workers?: number;
  readonly clock?: Clock;
  readonly rateLimiter?: RateLimiter<string>;
  readonly logger?: Logger;
}

export class Controller implements Runnable {
  readonly name: string;
  readonly queue: RateLimitingWorkQueue<string>;
  private readonly workers: number;
  private readonly log: Logger;
  /** Reconciles done (tests, metrics). */
  syncs = 0;

  constructor(private readonly opts: ControllerOptions) {
    this.name = opts.name;
    const clock = opts.clock ?? realClock;
    this.queue = new RateLimitingWorkQueue<string>({ clock, rateLimiter: opts.rateLimiter ?? defaultControllerRateLimiter<string>(clock) });
    this.workers = Math.max(1, opts.workers ?? 5);
    this.log = opts.logger ?? silentLogger;
  }

  enqueue(obj: Readonly<KubeObject>): void {
    this.queue.add(metaNamespaceKey(obj));
  }

  enqueueKey(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  enqueueRateLimited(key: string): void {
    this.queue.addRateLimited(key);
  }

  /** Runs the workers until signal aborts, then waits for the keys in flight. */
  async run(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const stop = () => this.queue.shutDown();
    signal.addEventListener('abort', stop, { once: true });
    const workers = Array.from({ length: this.workers }, () => this.worker(signal));
    await Promise.all(workers);
  }

  private async worker(signal: AbortSignal): Promise<void> {
    while (await this.processNextWorkItem(signal));
  }

  /** One key: false once the queue is shut down. */
  async processNextWorkItem(signal: AbortSignal): Promise<boolean> {
    const key = await this.queue.get();
    if (key === undefined) return false;
    try {
      const r = await this.opts.reconcile(key, signal);
      this.queue.forget(key);
      if (r?.requeueAfterMs !== undefined && r.requeueAfterMs >= 0) this.queue.addAfter(key, r.requeueAfterMs);
    } catch (e) {
      if (e instanceof TerminalError) {
        this.queue.forget(key);
        this.log.error({ controller: this.name, key, err: e.message }, 'reconcile failed (not retried)');
      } else if (!signal.aborted) {
        this.queue.addRateLimited(key);
        this.log.warn({ controller: this.name, key, err: errorMessage(e) }, 'reconcile failed; retrying');
      }
    } finally {
      this.syncs++;
      this.queue.done(key);
    }
    return true;
  }
}
