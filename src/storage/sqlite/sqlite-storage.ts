// The embedded default store: one SQLite file in WAL mode. Writes queued in the same turn of
// the event loop are committed together in one transaction (group commit) and acknowledged
// only after that commit is durable (synchronous=FULL); watchers are fed from the committed
// batch, so there is exactly one event stream and no polling.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  KeyValue,
  ListOptions,
  ListResult,
  Storage,
  StorageEvent,
  StorageStats,
  Watch,
  WatchOptions,
} from '../interface.js';
import { compacted, conflict, keyExists, keyNotFound, prefixEnd, StorageError, unavailable } from '../errors.js';
import { WatchHub } from '../watch-hub.js';
import { LOG_CREATE, LOG_DELETE, LOG_UPDATE } from './schema.js';
import { prepareStatements, type KvRow, type LogRow, type Statements } from './statements.js';

type WriteOp =
  | { kind: 'create'; key: string; value: Buffer; done: Settle<KeyValue> }
  | { kind: 'update'; key: string; value: Buffer; expected: number; done: Settle<KeyValue> }
  | { kind: 'delete'; key: string; expected?: number; done: Settle<{ revision: number; prev: KeyValue }> };

interface Settle<T> {
  resolve(v: T): void;
  reject(e: unknown): void;
}

export interface SqliteStorageOptions {
  /** A file path, or ':memory:' for a real in-memory database (tests). */
  readonly path: string;
  /** Events per history read when a watcher catches up (default 10,000). */
  readonly historyBatch?: number;
}

const kvOf = (r: KvRow): KeyValue => ({ key: r.key, value: r.value, createRevision: r.create_rev, modRevision: r.mod_rev });

export class SqliteStorage implements Storage {
  readonly capabilities = { backend: 'sqlite', shared: false } as const;
  private readonly db: Database.Database;
  private readonly st: Statements;
  private readonly hub = new WatchHub();
  private rev: number;
  private compactRev: number;
  private queue: WriteOp[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly historyBatch: number;

  constructor(opts: SqliteStorageOptions) {
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
    this.db = new Database(opts.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.st = prepareStatements(this.db);
    this.compactRev = this.st.getMeta.get('compact')?.value ?? 0;
    this.rev = Math.max(this.st.maxRev.get()?.r ?? 0, this.st.getMeta.get('rev')?.value ?? 0);
    this.historyBatch = opts.historyBatch ?? 10_000;
  }

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    return this.compactRev;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    const r = this.st.getKv.get(key);
    return r ? kvOf(r) : undefined;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const end = prefixEnd(prefix);
    const after = opts.afterKey ?? '';
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const want = limit > 0 ? limit + 1 : -1;
    const at = opts.revision && opts.revision > 0 && opts.revision < this.rev ? opts.revision : 0;
    if (at && at < this.compactRev) throw compacted(at, this.compactRev);
    let items: KeyValue[];
    if (at) {
      items = this.st.listAt
        .all(prefix, after, end, at, at, want)
        .map((r: LogRow) => ({ key: r.key, value: r.value, createRevision: r.create_rev, modRevision: r.rev }));
    } else {
      items = this.st.listCurrent.all(prefix, after, end, want).map(kvOf);
    }
    const revision = at || this.rev;
    if (limit < 0 || items.length <= limit) return { items, revision, more: false, remaining: 0 };
    items.length = limit;
    const lastKey = items[limit - 1]!.key;
    const remaining = at
      ? this.st.countAt.get(prefix, lastKey, end, at, at)!.n
      : this.st.countCurrent.get(prefix, lastKey, end)!.n;
    return { items, revision, more: true, remaining };
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    return this.st.countCurrent.get(prefix, '', prefixEnd(prefix))!.n;
  }

  create(key: string, value: Buffer): Promise<KeyValue> {
    return this.enqueue<KeyValue>((done) => ({ kind: 'create', key, value, done }));
  }

  update(key: string, value: Buffer, expectedRevision: number): Promise<KeyValue> {
    return this.enqueue<KeyValue>((done) => ({ kind: 'update', key, value, expected: expectedRevision, done }));
  }

  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    return this.enqueue((done) => ({ kind: 'delete', key, expected: expectedRevision, done }));
  }

  watch(opts: WatchOptions): Watch {
    if (this.closed) return this.hub.fail(opts, unavailable('storage is closed'));
    if (opts.afterRevision < this.compactRev) return this.hub.fail(opts, compacted(opts.afterRevision, this.compactRev));
    const backlog = opts.afterRevision < this.rev ? this.readHistory(opts.prefix, opts.afterRevision) : [];
    return this.hub.subscribe(opts, backlog, this.rev);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    const target = Math.min(revision, this.rev);
    if (target <= this.compactRev) return;
    this.db.transaction(() => {
      this.st.compact.run({ c: target });
      this.st.setMeta.run('compact', target);
      this.st.setMeta.run('rev', this.rev);
    })();
    this.compactRev = target;
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
    this.db.close();
  }

  /** The number of active watchers (for metrics). */
  get watcherCount(): number {
    return this.hub.size;
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

  private enqueue<T>(make: (done: Settle<T>) => WriteOp): Promise<T> {
    if (this.closed) return Promise.reject(unavailable('storage is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push(make({ resolve, reject } as Settle<T>));
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length || this.flushScheduled) await new Promise((r) => setImmediate(r));
  }

  private flush(): void {
    this.flushScheduled = false;
    const ops = this.queue;
    this.queue = [];
    if (ops.length === 0) return;
    const startRev = this.rev;
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const events: StorageEvent[] = [];
    try {
      this.db.transaction(() => {
        for (const op of ops) {
          try {
            results.push({ ok: true, value: this.apply(op, events) });
          } catch (e) {
            if (!(e instanceof StorageError)) throw e;
            results.push({ ok: false, error: e });
          }
        }
      })();
    } catch (e) {
      this.rev = startRev;
      for (const op of ops) op.done.reject(e);
      return;
    }
    ops.forEach((op, i) => {
      const r = results[i]!;
      if (r.ok) (op.done as Settle<unknown>).resolve(r.value);
      else op.done.reject(r.error);
    });
    this.hub.publish(events);
  }

  /** Apply one write inside the batch transaction; throws StorageError for a failed precondition. */
  private apply(op: WriteOp, events: StorageEvent[]): unknown {
    const cur = this.st.getKv.get(op.key);
    if (op.kind === 'create') {
      if (cur) throw keyExists(op.key);
      const rev = ++this.rev;
      this.st.insertKv.run(op.key, rev, rev, op.value);
      this.st.insertLog.run(rev, op.key, LOG_CREATE, rev, null, op.value);
      events.push({ type: 'create', key: op.key, value: op.value, revision: rev, createRevision: rev });
      return { key: op.key, value: op.value, createRevision: rev, modRevision: rev } satisfies KeyValue;
    }
    if (!cur) throw keyNotFound(op.key);
    if (op.expected !== undefined && cur.mod_rev !== op.expected) throw conflict(op.key, kvOf(cur));
    const rev = ++this.rev;
    if (op.kind === 'update') {
      this.st.updateKv.run(rev, op.value, op.key);
      this.st.insertLog.run(rev, op.key, LOG_UPDATE, cur.create_rev, cur.mod_rev, op.value);
      events.push({ type: 'update', key: op.key, value: op.value, prevValue: cur.value, revision: rev, createRevision: cur.create_rev });
      return { key: op.key, value: op.value, createRevision: cur.create_rev, modRevision: rev } satisfies KeyValue;
    }
    this.st.deleteKv.run(op.key);
    this.st.insertLog.run(rev, op.key, LOG_DELETE, cur.create_rev, cur.mod_rev, cur.value);
    events.push({ type: 'delete', key: op.key, value: cur.value, prevValue: cur.value, revision: rev, createRevision: cur.create_rev });
    return { revision: rev, prev: kvOf(cur) };
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
