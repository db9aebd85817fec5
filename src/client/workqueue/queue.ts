// A work queue with upstream's guarantees (client-go workqueue.Type): an item queued several
// times before it is taken is handed out once; an item is never handed to two workers at the
// same time; an item added again while being processed is queued again when done() is called.

/** Anything but undefined and null (get() resolves undefined at shutdown). */
export type QueueItem = string | number | bigint | boolean | symbol | object;

export interface Queue<T extends QueueItem> {
  add(item: T): void;
  /** Items waiting to be handed out. */
  len(): number;
  /** The next item, waiting for one if needed; undefined once the queue is shut down and empty. */
  get(): Promise<T | undefined>;
  /** Marks item finished; if it was added meanwhile it goes back in the queue. */
  done(item: T): void;
  /** Stops accepting items; waiting get() calls resolve undefined once the queue is empty. */
  shutDown(): void;
  /** shutDown, then wait until every item handed out is done(). */
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

export class WorkQueue<T extends QueueItem> implements Queue<T> {
  private queue: T[] = [];
  private head = 0;
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private waiters: Array<(item: T | undefined) => void> = [];
  private drainWaiters: Array<() => void> = [];
  private closing = false;

  add(item: T): void {
    if (this.closing || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.push(item);
  }

  len(): number {
    return this.queue.length - this.head;
  }

  get(): Promise<T | undefined> {
    if (this.len() > 0) return Promise.resolve(this.take());
    if (this.closing) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) this.push(item);
    if (this.processing.size === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  shutDown(): void {
    this.closing = true;
    if (this.len() === 0) for (const w of this.waiters.splice(0)) w(undefined);
  }

  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.closing;
  }

  /** Whether item is being processed (handed out, not yet done). */
  isProcessing(item: T): boolean {
    return this.processing.has(item);
  }

  private push(item: T): void {
    const w = this.waiters.shift();
    if (w) {
      this.dirty.delete(item);
      this.processing.add(item);
      w(item);
      return;
    }
    this.queue.push(item);
  }

  private take(): T {
    const item = this.queue[this.head]!;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(item);
    this.processing.add(item);
    if (this.closing && this.len() === 0) for (const w of this.waiters.splice(0)) w(undefined);
    return item;
  }
}
