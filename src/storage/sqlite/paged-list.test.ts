// Paginated lists on SQLite: every page's remaining count stays exact when it comes from the
// previous page (by subtraction) while writes land between pages, a page asked for twice answers
// the same, and a database made with the older log index opens with the new indexes.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSqliteStorage } from './sqlite-storage.js';

const key = (i: number) => `/registry/pods/ns/p-${String(i).padStart(3, '0')}`;

describe('sqlite paginated list', () => {
  it('keeps remaining exact across pages at one revision while the range changes', async () => {
    const s = openSqliteStorage({ path: ':memory:' });
    try {
      for (let i = 0; i < 50; i++) await s.create(key(i), Buffer.from(String(i)));
      await s.create('/registry/pods0', Buffer.from('outside the prefix'));
      const first = await s.list('/registry/pods/', { limit: 7 });
      assert.deepEqual([first.items.length, first.more, first.remaining], [7, true, 43]);
      const at = first.revision;
      let last = first.items.at(-1)!.key;
      let seen = 7;
      for (let page = 1; ; page++) {
        // Writes after the first page: the pages that follow still show the revision `at`.
        await s.delete(key(49 - page));
        await s.create(`${key(page)}-new`, Buffer.from('new'));
        const r = await s.list('/registry/pods/', { limit: 7, afterKey: last, revision: at });
        assert.equal(r.revision, at);
        seen += r.items.length;
        assert.equal(r.remaining, 50 - seen, `page ${page}`);
        if (page === 2) {
          const again = await s.list('/registry/pods/', { limit: 7, afterKey: last, revision: at });
          assert.deepEqual([again.items.map((x) => x.key), again.remaining], [r.items.map((x) => x.key), r.remaining], 'a retried page answers the same');
        }
        if (!r.more) break;
        last = r.items.at(-1)!.key;
      }
      assert.equal(seen, 50);
      const now = await s.list('/registry/pods/', { limit: 10 });
      assert.equal(now.remaining, 50 - 10, 'now: as many deleted as created, counted at the current revision');
    } finally {
      await s.close();
    }
  });

  it('opens a database made with the older log index and answers reads at an older revision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sqlite-'));
    const path = join(dir, 'state.db');
    try {
      const a = openSqliteStorage({ path });
      const made = await a.create(key(1), Buffer.from('1'));
      await a.create(key(2), Buffer.from('2'));
      await a.close();
      const db = new Database(path);
      db.exec('DROP INDEX IF EXISTS log_key_rev_type; DROP INDEX IF EXISTS kv_key; CREATE INDEX log_key_rev ON log(key, rev);');
      db.close();
      const b = openSqliteStorage({ path });
      await b.update(key(1), Buffer.from('1b'), made.modRevision);
      const old = await b.list('/registry/pods/', { revision: made.modRevision + 1, limit: 1 });
      assert.deepEqual([old.items.map((x) => x.value.toString()), old.remaining], [['1'], 1]);
      await b.close();
      const check = new Database(path, { readonly: true });
      const indexes = check.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
      check.close();
      assert.deepEqual(indexes.map((i) => i.name), ['kv_key', 'log_key_rev_type']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
