// What the SQLite writer thread's hand-off adds to one durable write, as apibench's watch phase
// issues them (one create at a time): the same single-create batches committed (1) through
// SqliteStorage, i.e. posted to the writer thread, committed there and answered back, and (2) by
// the same batch applier inline on this thread (the transaction and its WAL fsync only). Each
// on its own fresh database file under the temp dir, after a few warm-up writes, with a pause
// between writes so each starts from an idle process as in the benchmark.
// Usage: node bench/sqlite-commit-handoff.mjs [--writes 200] [--pause-ms 3]   (after a build)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, machine, pct, sleep } from './lib/cluster-client.mjs';
import { SqliteStorage } from '../dist/src/storage/sqlite/sqlite-storage.js';
import { openConnection } from '../dist/src/storage/sqlite/connection.js';
import { prepareStatements } from '../dist/src/storage/sqlite/statements.js';
import { BatchApplier, packBatch } from '../dist/src/storage/sqlite/write-batch.js';

const N = Number(arg('writes', '200'));
const pause = Number(arg('pause-ms', '3'));
const value = Buffer.from(JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'fan', uid: 'fd7c6663-bd9c-4473-b905-6afa7f1ca111' } }));
const dir = mkdtempSync(join(tmpdir(), 'k8ts-commit-'));
const summary = (xs) => ({ p50: +pct(xs, 0.5).toFixed(3), p90: +pct(xs, 0.9).toFixed(3), max: +Math.max(...xs).toFixed(3) });
try {
  const storage = new SqliteStorage({ path: join(dir, 'thread.db') });
  for (let i = 0; i < 20; i++) await storage.create(`/registry/configmaps/warm/${i}`, value);
  const thread = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await storage.create(`/registry/configmaps/fan/${i}`, value);
    thread.push(performance.now() - t);
    await sleep(pause);
  }
  await storage.close();

  const db = openConnection(join(dir, 'inline.db'));
  const applier = new BatchApplier(db, prepareStatements(db), 0);
  for (let i = 0; i < 20; i++) applier.apply(packBatch([{ kind: 'create', key: `/registry/configmaps/warm/${i}`, value }]));
  const inline = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    applier.apply(packBatch([{ kind: 'create', key: `/registry/configmaps/fan/${i}`, value }]));
    inline.push(performance.now() - t);
    await sleep(pause);
  }
  db.close();
  console.log(JSON.stringify({ machine, writes: N, through_writer_thread_ms: summary(thread), inline_commit_ms: summary(inline) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
