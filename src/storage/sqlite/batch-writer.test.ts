// The file writer commits inline until its thread is ready, then hands over without losing or
// repeating a revision; every commit, either side of the hand-over, is in the file afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { ThreadBatchWriter } from './batch-writer.js';
import { openConnection } from './connection.js';
import { prepareStatements } from './statements.js';
import { packBatch } from './write-batch.js';

const batchOf = (...keys: string[]) => packBatch(keys.map((key) => ({ kind: 'create' as const, key, value: Buffer.from(`v-${key}`) })));

it('commits on the caller connection until the thread is ready, then on the thread, continuing the revisions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-writer-'));
  const path = join(dir, 'state.db');
  try {
    const db = openConnection(path);
    const st = prepareStatements(db);
    const writer = new ThreadBatchWriter(db, st, path, 0);
    assert.equal(writer.committingInline, true);
    const first = await writer.write(batchOf('/a', '/b'));
    assert.deepEqual(first.results.map((r) => r.ok && r.revision), [1, 2]);
    assert.equal(first.revision, 2);
    await writer.threadCommitting();
    assert.equal(writer.committingInline, false);
    const second = await writer.write(batchOf('/c'));
    assert.deepEqual(second.results.map((r) => r.ok && r.revision), [3]);
    // The thread sees what was committed inline: a create of an existing key fails there.
    const again = await writer.write(batchOf('/a'));
    assert.deepEqual(again.results.map((r) => r.ok || r.code), ['KeyExists']);
    assert.equal(await writer.compact(2), 2);
    await writer.close();
    db.close();

    const reopened = openConnection(path);
    const rows = reopened.prepare('SELECT key, CAST(value AS TEXT) AS value FROM kv ORDER BY key').all();
    assert.deepEqual(rows, [
      { key: '/a', value: 'v-/a' },
      { key: '/b', value: 'v-/b' },
      { key: '/c', value: 'v-/c' },
    ]);
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('closes cleanly before the thread is ready', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-writer-'));
  const path = join(dir, 'state.db');
  try {
    const db = openConnection(path);
    const writer = new ThreadBatchWriter(db, prepareStatements(db), path, 0);
    await writer.write(batchOf('/a'));
    await writer.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
