// Where a SQLite store's writes are committed. A file database commits on its own thread (once
// that thread has started), so the event loop never waits for fsync and writes arriving during a
// commit form the next batch (group commit); an in-memory database, which only its own
// connection can see, commits inline.
import type BetterSqlite3 from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { BatchApplier, type BatchOutcome, type WriteBatchWire } from './write-batch.js';
import type { Statements } from './statements.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './writer-protocol.js';

export interface BatchWriter {
  /** Commit the batch durably; resolves with each op's result. Rejects if the commit failed. */
  write(batch: WriteBatchWire): Promise<BatchOutcome>;
  /** Compact history to `target` (bounded by the current revision); resolves with the revision used. */
  compact(target: number): Promise<number>;
  close(): Promise<void>;
}

/** Commits on the caller's connection, synchronously (for ':memory:' databases). */
export class InlineBatchWriter implements BatchWriter {
  private readonly applier: BatchApplier;

  constructor(db: BetterSqlite3.Database, st: Statements, revision: number) {
    this.applier = new BatchApplier(db, st, revision);
  }

  async write(batch: WriteBatchWire): Promise<BatchOutcome> {
    return this.applier.apply(batch);
  }

  async compact(target: number): Promise<number> {
    return this.applier.compact(target);
  }

  async close(): Promise<void> {}
}

/**
 * Commits on a worker thread with its own connection to the same database file. The thread is
 * started by the first write (a store only read from never starts one), and until it has opened
 * its connection (a Node worker takes tens of milliseconds to boot, more while the rest of the
 * server is loading) batches are committed inline on the store's connection, as durably; then
 * the thread takes over from the revision reached. Only one connection writes at a time: an
 * inline commit is synchronous, so none is under way when the hand-over happens, and every
 * request to the thread is posted after its `start`.
 */
export class ThreadBatchWriter implements BatchWriter {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  private failure?: Error;
  /** Commits on the caller's connection until the thread is ready; undefined after the hand-over. */
  private inline?: BatchApplier;
  private handedOver!: () => void;
  private readonly handOver = new Promise<void>((resolve) => (this.handedOver = resolve));

  constructor(
    db: BetterSqlite3.Database,
    st: Statements,
    private readonly path: string,
    revision: number,
  ) {
    this.inline = new BatchApplier(db, st, revision);
  }

  /** Starts the thread if need be; resolves once it commits (never rejects: a failed thread fails the writes instead). */
  threadCommitting(): Promise<void> {
    this.thread();
    return this.handOver;
  }

  /** Whether commits still run on the caller's connection (the thread is not ready yet). */
  get committingInline(): boolean {
    return this.inline !== undefined && !this.failure;
  }

  async write(batch: WriteBatchWire): Promise<BatchOutcome> {
    const worker = this.thread();
    if (this.committingInline) return this.inline!.apply(batch);
    return this.call(worker, { type: 'write', id: 0, batch });
  }

  async compact(target: number): Promise<number> {
    const worker = this.thread();
    if (this.committingInline) return this.inline!.compact(target);
    return this.call(worker, { type: 'compact', id: 0, target });
  }

  async close(): Promise<void> {
    this.inline = undefined;
    const worker = this.worker;
    if (this.failure || !worker) return;
    await this.call(worker, { type: 'close', id: 0 });
    await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./writer-thread.js', import.meta.url), { workerData: { path: this.path } satisfies WriterThreadData });
    this.worker = worker;
    worker.on('message', (m: WriterReply) => {
      if (m.type === 'ready') {
        if (!this.inline) return;
        worker.postMessage({ type: 'start', revision: this.inline.revision } satisfies WriterRequest);
        this.inline = undefined;
        this.handedOver();
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`sqlite writer thread exited (code ${code})`)));
    return worker;
  }

  private call<T>(worker: Worker, req: WriterRequest & { readonly id: number }): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  }
}
