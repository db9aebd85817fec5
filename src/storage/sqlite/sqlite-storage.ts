// The embedded default store: one SQLite file in WAL mode. Writes are committed by a writer
// thread in batches (group commit: whatever arrives while a commit is in flight forms the next
// one) and acknowledged only once durable (synchronous=FULL); the event loop never waits for
// fsync. Reads use this thread's own connection and read the revision in the same snapshot as
// the data. Watchers are fed from each committed batch: one event stream, no polling.
import type Database from 'better-sqlite3';
import type {
  KeyValue,
  ListOptions,
  ListResult,
  ScanOptions,
  ScanResult,
  ScanVisitor,
  Storage,
  StorageEvent,
  StorageStats,
  Watch,
  WatchOptions,
} from '../interface.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { compacted, conflict, keyExists, keyNotFound, prefixEnd, unavailable } from '../errors.js';
import { WatchHub } from '../watch-hub.js';
import { InlineBatchWriter, ThreadBatchWriter, type BatchWriter } from './batch-writer.js';
import { openConnection } from './connection.js';
import { LOG_CREATE, LOG_UPDATE } from './schema.js';
import { RemainingCounts } from './remaining-counts.js';
import { scanInSnapshot } from './range-scan.js';
import { prepareStatements, type KvRow, type LogRow, type Statements } from './statements.js';
import { packBatch, type PriorWire, type WriteOpKind, type WriteResultWire } from './write-batch.js';

interface PendingWrite {
  readonly kind: WriteOpKind;
  readonly key: string;
  readonly value?: Buffer;
  readonly expected?: number;
  readonly resolve: (v: any) => void;
  readonly reject: (e: unknown) => void;
}

/** The revisions a read saw, taken in the same snapshot as its data. */
interface Snapshot {
  readonly revision: number;
  readonly compacted: number;
}

export interface SqliteStorageOptions {
  /** A file path, or ':memory:' for a real in-memory database (tests). */
  readonly path: string;
  /** Events per history read when a watcher catches up (default 10,000). */
  readonly historyBatch?: number;
}

const kvOf = (r: KvRow): KeyValue => ({ key: r.key, value: r.value, createRevision: r.create_rev, modRevision: r.mod_rev });
const buf = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
const priorKv = (key: string, p: PriorWire): KeyValue => ({ key, value: buf(p.value), createRevision: p.createRevision, modRevision: p.modRevision });

export class SqliteStorage implements Storage {
  readonly capabilities = { backend: 'sqlite', shared: false } as const;
  private readonly db: Database.Database;
  private readonly st: Statements;
  private readonly writer: BatchWriter;
  private readonly hub = new WatchHub();
  private readonly remainingCounts = new RemainingCounts();
  /** The revision of the latest acknowledged write. */
  private rev: number;
  private compactRev: number;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private inFlight = false;
  private closed = false;
  private readonly historyBatch: number;

  constructor(opts: SqliteStorageOptions) {
    const memory = opts.path === ':memory:';
    if (!memory) mkdirSync(dirname(opts.path), { recursive: true });
    this.db = openConnection(opts.path);
    this.st = prepareStatements(this.db);
    const snap = this.snapshot();
    this.rev = snap.revision;
    this.compactRev = snap.compacted;
    this.writer = memory ? new InlineBatchWriter(this.db, this.st, this.rev) : new ThreadBatchWriter(this.db, this.st, opts.path, this.rev);
    this.historyBatch = opts.historyBatch ?? 10_000;
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.snapshot().revision;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.snapshot().compacted;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    const r = this.st.getKv.get(key);
    return r ? kvOf(r) : undefined;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    return this.db.transaction(() => this.listIn(this.snapshot(), prefix, opts))();
  }

  async scan(prefix: string, opts: ScanOptions, visit: ScanVisitor): Promise<ScanResult> {
    this.assertOpen();
    return this.db.transaction(() => scanInSnapshot(this.st, this.snapshot(), this.remainingCounts, prefix, opts, visit))();
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    return this.st.countCurrent.get(prefix, prefixEnd(prefix))!.n;
  }

  create(key: string, value: Buffer): Promise<KeyValue> {
    return this.enqueue('create', key, value);
  }

  update(key: string, value: Buffer, expectedRevision: number): Promise<KeyValue> {
    return this.enqueue('update', key, value, expectedRevision);
  }

  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    return this.enqueue('delete', key, undefined, expectedRevision);
  }

  watch(opts: WatchOptions): Watch {
    if (this.closed) return this.hub.fail(opts, unavailable('storage is closed'));
    // History and the floor come from one snapshot, so events committed meanwhile are neither
    // lost nor sent twice: the hub skips published events at or below the floor.
    const { error, backlog, floor } = this.db.transaction(() => {
      const snap = this.snapshot();
      if (opts.afterRevision < snap.compacted) return { error: compacted(opts.afterRevision, snap.compacted), backlog: [], floor: 0 };
      const events = opts.afterRevision < snap.revision ? this.readHistory(opts.prefix, opts.afterRevision) : [];
      return { error: undefined, backlog: events, floor: Math.max(snap.revision, this.rev) };
    })();
    if (error) return this.hub.fail(opts, error);
    return this.hub.subscribe(opts, backlog, floor);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (Math.min(revision, this.rev) <= this.compactRev) return;
    this.compactRev = Math.max(this.compactRev, await this.writer.compact(revision));
  }

  /** Starts the writer thread if no write has yet; resolves once commits run on it (at once for an in-memory database, which has none). */
  async writerThreadCommitting(): Promise<void> {
    if (this.writer instanceof ThreadBatchWriter) await this.writer.threadCommitting();
  }

  async stats(): Promise<StorageStats> {
    this.assertOpen();
    const r = this.st.stats.get()!;
    return { keys: r.n, bytes: r.b ?? 0 };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.drain();
    this.closed = true;
    this.hub.closeAll(unavailable('storage is closed'));
    await this.writer.close();
    this.db.close();
  }

  /** The number of active watchers (for metrics). */
  get watcherCount(): number {
    return this.hub.size;
  }

  /** The store's revision and compacted revision as this connection sees them now. */
  private snapshot(): Snapshot {
    const logMax = this.st.maxRev.get()?.r ?? 0;
    const metaRev = this.st.getMeta.get('rev')?.value ?? 0;
    return { revision: Math.max(logMax, metaRev), compacted: this.st.getMeta.get('compact')?.value ?? 0 };
  }

  private listIn(snap: Snapshot, prefix: string, opts: ListOptions): ListResult {
    const end = prefixEnd(prefix);
    // The range starts at the prefix, or just after afterKey when that is further on.
    const after = opts.afterKey !== undefined && opts.afterKey >= prefix;
    const from = after ? opts.afterKey! : prefix;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const want = limit > 0 ? limit + 1 : -1;
    const at = opts.revision && opts.revision > 0 && opts.revision < snap.revision ? opts.revision : 0;
    if (at && at < snap.compacted) throw compacted(at, snap.compacted);
    const st = this.st;
    let items: KeyValue[];
    if (at) {
      items = (after ? st.listAtAfter : st.listAt)
        .all(from, end, at, at, want)
        .map((r: LogRow) => ({ key: r.key, value: r.value, createRevision: r.create_rev, modRevision: r.rev }));
    } else {
      items = (after ? st.listCurrentAfter : st.listCurrent).all(from, end, want).map(kvOf);
    }
    const revision = at || snap.revision;
    if (limit < 0 || items.length <= limit) return { items, revision, more: false, remaining: 0 };
    items.length = limit;
    const lastKey = items[limit - 1]!.key;
    const known = after ? this.remainingCounts.take(prefix, revision, from) : undefined;
    const remaining =
      known !== undefined ? known - limit : at ? st.countAtAfter.get(lastKey, end, at, at)!.n : st.countCurrentAfter.get(lastKey, end)!.n;
    this.remainingCounts.record(prefix, revision, lastKey, remaining);
    return { items, revision, more: true, remaining };
  }

  private readHistory(prefix: string, after: number): StorageEvent[] {
    const out: StorageEvent[] = [];
    const end = prefixEnd(prefix);
    let from = after;
    for (;;) {
      const rows = this.st.history.all(from, prefix, end, this.historyBatch);
      for (const r of rows) out.push(eventOf(r));
      if (rows.length < this.historyBatch) return out;
      from = rows[rows.length - 1]!.rev;
    }
  }

  private enqueue<T>(kind: WriteOpKind, key: string, value: Buffer | undefined, expected?: number): Promise<T> {
    if (this.closed) return Promise.reject(unavailable('storage is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ kind, key, value, expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Flush at the end of this turn, unless a commit is in flight: its completion flushes. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length || this.flushScheduled || this.inFlight) await new Promise((r) => setImmediate(r));
  }

  private flush(): void {
    const ops = this.queue;
    if (ops.length === 0) return;
    this.queue = [];
    this.inFlight = true;
    this.writer.write(packBatch(ops)).then(
      (outcome) => {
        this.rev = Math.max(this.rev, outcome.revision);
        const events: StorageEvent[] = [];
        ops.forEach((op, i) => this.settle(op, outcome.results[i]!, events));
        this.hub.publish(events);
        this.afterCommit();
      },
      (e: unknown) => {
        for (const op of ops) op.reject(e);
        this.afterCommit();
      },
    );
  }

  private afterCommit(): void {
    this.inFlight = false;
    if (this.queue.length) this.scheduleFlush();
  }

  /** Resolve or reject one write from its result, and record its watch event. */
  private settle(op: PendingWrite, r: WriteResultWire, events: StorageEvent[]): void {
    const key = op.key;
    if (!r.ok) {
      if (r.code === 'KeyExists') op.reject(keyExists(key));
      else if (r.code === 'NotFound') op.reject(keyNotFound(key));
      else op.reject(conflict(key, r.current ? priorKv(key, r.current) : undefined));
      return;
    }
    const revision = r.revision;
    if (op.kind === 'create') {
      events.push({ type: 'create', key, value: op.value!, revision, createRevision: revision });
      op.resolve({ key, value: op.value!, createRevision: revision, modRevision: revision } satisfies KeyValue);
      return;
    }
    const prev = priorKv(key, r.prior!);
    if (op.kind === 'update') {
      events.push({ type: 'update', key, value: op.value!, prevValue: prev.value, revision, createRevision: r.createRevision });
      op.resolve({ key, value: op.value!, createRevision: r.createRevision, modRevision: revision } satisfies KeyValue);
      return;
    }
    events.push({ type: 'delete', key, value: prev.value, prevValue: prev.value, revision, createRevision: r.createRevision });
    op.resolve({ revision, prev });
  }

  private assertOpen(): void {
    if (this.closed) throw unavailable('storage is closed');
  }
}

function eventOf(r: LogRow): StorageEvent {
  const type = r.type === LOG_CREATE ? 'create' : r.type === LOG_UPDATE ? 'update' : 'delete';
  const ev: StorageEvent = {
    type,
    key: r.key,
    value: r.value,
    revision: r.rev,
    createRevision: r.create_rev,
    ...(type === 'delete' ? { prevValue: r.value } : r.prev_value ? { prevValue: r.prev_value } : {}),
  };
  return ev;
}

export function openSqliteStorage(opts: SqliteStorageOptions): SqliteStorage {
  return new SqliteStorage(opts);
}
