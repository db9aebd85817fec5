// Where a SQLite store's writes are committed. A file database commits on its own thread, so
// the event loop never waits for fsync and writes arriving during a commit form the next batch
// (group commit); an in-memory database, which only its own connection can see, commits inline.
import type BetterSqlite3 from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { BatchApplier, type BatchOutcome, type WriteBatchWire } from './write-batch.js';
import type { Statements } from './statements.js';
import type { WriterReply, WriterRequest } from './writer-protocol.js';

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

/** Commits on a worker thread with its own connection to the same database file. */
export class ThreadBatchWriter implements BatchWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  private failure?: Error;

  constructor(path: string, revision: number) {
    this.worker = new Worker(new URL('./writer-thread.js', import.meta.url), { workerData: { path, revision } });
    this.worker.on('message', (m: WriterReply) => {
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
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`sqlite writer thread exited (code ${code})`)));
  }

  write(batch: WriteBatchWire): Promise<BatchOutcome> {
    return this.call({ type: 'write', id: 0, batch });
  }

  compact(target: number): Promise<number> {
    return this.call({ type: 'compact', id: 0, target });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.call({ type: 'close', id: 0 });
    await this.worker.terminate();
  }

  private call<T>(req: WriterRequest): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }
}
