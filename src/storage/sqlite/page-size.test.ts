// A new database file uses 16 KiB pages, so pod-sized values stay inline in their b-tree page
// (no overflow page each); a file made with SQLite's default 4 KiB pages still opens and reads.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { PAGE_SIZE } from './connection.js';
import { openSqliteStorage } from './sqlite-storage.js';

const podSized = (i: number) => Buffer.from(JSON.stringify({ kind: 'Pod', metadata: { name: `p-${i}` }, pad: 'x'.repeat(1500) }));

function overflowPages(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM dbstat WHERE name = ? AND pagetype = 'overflow'").get(table) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('sqlite page size', () => {
  it('makes new files with 16 KiB pages and keeps 1.5 KB values inline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sqlite-page-'));
    const path = join(dir, 'state.db');
    try {
      const s = openSqliteStorage({ path });
      for (let i = 0; i < 200; i++) await s.create(`/registry/pods/ns/p-${i}`, podSized(i));
      const list = await s.list('/registry/pods/ns/');
      assert.equal(list.items.length, 200);
      await s.close();
      const db = new Database(path, { readonly: true });
      assert.equal(db.pragma('page_size', { simple: true }), PAGE_SIZE);
      db.close();
      assert.equal(overflowPages(path, 'kv'), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a file made with 4 KiB pages as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sqlite-page-'));
    const path = join(dir, 'state.db');
    try {
      const old = new Database(path);
      old.pragma('page_size = 4096');
      old.pragma('journal_mode = WAL');
      old.close();
      const s = openSqliteStorage({ path });
      for (let i = 0; i < 50; i++) await s.create(`/registry/pods/ns/p-${i}`, podSized(i));
      await s.close();
      const again = openSqliteStorage({ path });
      const list = await again.list('/registry/pods/ns/');
      assert.equal(list.items.length, 50);
      const seven = list.items.find((kv) => kv.key === '/registry/pods/ns/p-7');
      assert.deepEqual(JSON.parse(seven!.value.toString('utf8')).metadata, { name: 'p-7' });
      await again.close();
      const db = new Database(path, { readonly: true });
      assert.equal(db.pragma('page_size', { simple: true }), 4096);
      db.close();
      // The smaller pages are why the default was changed: such values overflow there.
      assert.ok(overflowPages(path, 'kv') >= 50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
