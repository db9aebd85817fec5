// Runs the storage conformance suite against SQLite: a real database file per test (WAL,
// synchronous=FULL), with its writer thread committing or still starting, and a real in-memory
// database. Also checks the state survives reopening.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runStorageConformance } from '../testing/conformance.js';
import { openSqliteStorage } from './sqlite-storage.js';

/** A store over a new database file; with `threadCommitting`, once its writer thread has taken over. */
async function fileStorage(threadCommitting: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-sqlite-'));
  const storage = openSqliteStorage({ path: join(dir, 'state.db') });
  if (threadCommitting) await storage.writerThreadCommitting();
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('sqlite storage', () => {
  // Once its writer thread has taken over, and from the first moment (commits on the store's own
  // connection until the thread is ready, handed over in the middle of a test).
  runStorageConformance('sqlite (file)', () => fileStorage(true));
  runStorageConformance('sqlite (file, writer thread starting)', () => fileStorage(false));

  runStorageConformance('sqlite (:memory:)', async () => {
    const storage = openSqliteStorage({ path: ':memory:' });
    return { storage, cleanup: () => storage.close() };
  });

  it('keeps keys, revisions and the compacted revision across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sqlite-'));
    const path = join(dir, 'state.db');
    try {
      const a = openSqliteStorage({ path });
      await a.create('/r/a', Buffer.from('1'));
      const b = await a.create('/r/b', Buffer.from('2'));
      await a.delete('/r/a');
      const last = await a.update('/r/b', Buffer.from('3'), b.modRevision);
      await a.compact(last.modRevision);
      await a.close();
      const c = openSqliteStorage({ path });
      assert.equal(await c.currentRevision(), last.modRevision);
      assert.equal(await c.compactedRevision(), last.modRevision);
      assert.equal((await c.get('/r/b'))?.value.toString(), '3');
      assert.equal(await c.get('/r/a'), undefined);
      const next = await c.create('/r/c', Buffer.from('4'));
      assert.equal(next.modRevision, last.modRevision + 1);
      await c.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
