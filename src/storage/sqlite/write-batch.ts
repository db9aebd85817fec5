// One batch of writes applied in one SQLite transaction: the logic shared by the in-process
// writer (':memory:' databases) and the writer thread (files). Values travel packed in one
// buffer so a batch crosses a thread boundary as a single copy.
import type BetterSqlite3 from 'better-sqlite3';
import { LOG_CREATE, LOG_DELETE, LOG_UPDATE } from './schema.js';
import type { Statements } from './statements.js';

export type WriteOpKind = 'create' | 'update' | 'delete';

/** One write; `start`/`end` locate its value in the batch's packed buffer. */
export interface WriteOpWire {
  readonly kind: WriteOpKind;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly expected?: number;
}

export interface WriteBatchWire {
  readonly ops: readonly WriteOpWire[];
  readonly values: Uint8Array;
}

/** What the key held before the write (updates, deletes, and failed preconditions). */
export interface PriorWire {
  readonly createRevision: number;
  readonly modRevision: number;
  readonly value: Uint8Array;
}

export type WriteResultWire =
  | { readonly ok: true; readonly revision: number; readonly createRevision: number; readonly prior?: PriorWire }
  | { readonly ok: false; readonly code: 'KeyExists' | 'NotFound' | 'Conflict'; readonly current?: PriorWire };

export interface BatchOutcome {
  readonly results: WriteResultWire[];
  /** The store's revision after the batch. */
  readonly revision: number;
}

/** Pack values so the batch is one buffer: a single copy when posted to another thread. */
export function packBatch(ops: ReadonlyArray<{ kind: WriteOpKind; key: string; value?: Buffer; expected?: number }>): WriteBatchWire {
  let size = 0;
  for (const op of ops) size += op.value?.length ?? 0;
  const values = new Uint8Array(size);
  let at = 0;
  const wire: WriteOpWire[] = ops.map((op) => {
    const start = at;
    if (op.value) {
      values.set(op.value, at);
      at += op.value.length;
    }
    return { kind: op.kind, key: op.key, start, end: at, ...(op.expected !== undefined ? { expected: op.expected } : {}) };
  });
  return { ops: wire, values };
}

/** Applies batches on one connection; owns the revision counter for that connection. */
export class BatchApplier {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly st: Statements,
    private rev: number,
  ) {}

  get revision(): number {
    return this.rev;
  }

  /** Apply every op in one transaction; a failed precondition fails that op only. */
  apply(batch: WriteBatchWire): BatchOutcome {
    const startRev = this.rev;
    const results: WriteResultWire[] = [];
    const values = Buffer.from(batch.values.buffer, batch.values.byteOffset, batch.values.byteLength);
    try {
      this.db.transaction(() => {
        for (const op of batch.ops) results.push(this.applyOne(op, values.subarray(op.start, op.end)));
      })();
    } catch (e) {
      this.rev = startRev;
      throw e;
    }
    return { results, revision: this.rev };
  }

  /** Drop history at or below `target` (never above the current revision). */
  compact(target: number): number {
    const c = Math.min(target, this.rev);
    this.db.transaction(() => {
      this.st.compact.run({ c });
      this.st.setMeta.run('compact', c);
      this.st.setMeta.run('rev', this.rev);
    })();
    return c;
  }

  private applyOne(op: WriteOpWire, value: Buffer): WriteResultWire {
    const cur = this.st.getKv.get(op.key);
    if (op.kind === 'create') {
      if (cur) return { ok: false, code: 'KeyExists' };
      const rev = ++this.rev;
      this.st.insertKv.run(op.key, rev, rev, value);
      this.st.insertLog.run(rev, op.key, LOG_CREATE, rev, null, value);
      return { ok: true, revision: rev, createRevision: rev };
    }
    if (!cur) return { ok: false, code: 'NotFound' };
    const prior: PriorWire = { createRevision: cur.create_rev, modRevision: cur.mod_rev, value: cur.value };
    if (op.expected !== undefined && cur.mod_rev !== op.expected) return { ok: false, code: 'Conflict', current: prior };
    const rev = ++this.rev;
    if (op.kind === 'update') {
      this.st.updateKv.run(rev, value, op.key);
      this.st.insertLog.run(rev, op.key, LOG_UPDATE, cur.create_rev, cur.mod_rev, value);
    } else {
      this.st.deleteKv.run(op.key);
      this.st.insertLog.run(rev, op.key, LOG_DELETE, cur.create_rev, cur.mod_rev, cur.value);
    }
    return { ok: true, revision: rev, createRevision: cur.create_rev, prior };
  }
}
