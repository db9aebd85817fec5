import type BetterSqlite3 from 'better-sqlite3';
import { CREATE_SCHEMA } from './schema.js';

export interface KvRow {
  key: string;
  create_rev: number;
  mod_rev: number;
  value: Buffer;
}

/** A kv row (or a log row at a revision) with its value read as text. */
export interface KvTextRow {
  key: string;
  create_rev: number;
  mod_rev: number;
  value: string;
}

export interface LogRow {
  rev: number;
  key: string;
  type: number;
  create_rev: number;
  prev_rev: number | null;
  value: Buffer;
  prev_value: Buffer | null;
}

/** A read of the keys in [from, end) (from excluded with `>`) as they were at a revision. */
const atRevision = (select: string, from: '>=' | '>', tail: string) =>
  `${select} FROM log l
   WHERE l.key ${from} ? AND l.key < ? AND l.rev <= ? AND l.type != 2
     AND NOT EXISTS (SELECT 1 FROM log n WHERE n.key = l.key AND n.rev > l.rev AND n.rev <= ?)
   ${tail}`;

/** Every SQL statement the SQLite backend runs, prepared once per connection. */
export function prepareStatements(db: BetterSqlite3.Database) {
  db.exec(CREATE_SCHEMA);
  return {
    getKv: db.prepare<[string], KvRow>('SELECT key, create_rev, mod_rev, value FROM kv WHERE key = ?'),
    insertKv: db.prepare<[string, number, number, Buffer]>('INSERT INTO kv (key, create_rev, mod_rev, value) VALUES (?, ?, ?, ?)'),
    updateKv: db.prepare<[number, Buffer, string]>('UPDATE kv SET mod_rev = ?, value = ? WHERE key = ?'),
    deleteKv: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    insertLog: db.prepare<[number, string, number, number, number | null, Buffer]>(
      'INSERT INTO log (rev, key, type, create_rev, prev_rev, value) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // Each range read has two forms, from the prefix (inclusive) or after a key (exclusive): SQLite
    // can seek to only one lower bound, and with both as parameters it would scan from the prefix.
    listCurrent: db.prepare<[string, string, number], KvRow>('SELECT key, create_rev, mod_rev, value FROM kv WHERE key >= ? AND key < ? ORDER BY key LIMIT ?'),
    listCurrentAfter: db.prepare<[string, string, number], KvRow>('SELECT key, create_rev, mod_rev, value FROM kv WHERE key > ? AND key < ? ORDER BY key LIMIT ?'),
    // The same range reads with the value as text (the stored bytes, not converted), for scans.
    scanCurrent: db.prepare<[string, string, number], KvTextRow>('SELECT key, create_rev, mod_rev, CAST(value AS TEXT) AS value FROM kv WHERE key >= ? AND key < ? ORDER BY key LIMIT ?'),
    scanCurrentAfter: db.prepare<[string, string, number], KvTextRow>('SELECT key, create_rev, mod_rev, CAST(value AS TEXT) AS value FROM kv WHERE key > ? AND key < ? ORDER BY key LIMIT ?'),
    scanAt: db.prepare<[string, string, number, number, number], KvTextRow>(atRevision('SELECT l.key, l.create_rev, l.rev AS mod_rev, CAST(l.value AS TEXT) AS value', '>=', 'ORDER BY l.key LIMIT ?')),
    scanAtAfter: db.prepare<[string, string, number, number, number], KvTextRow>(atRevision('SELECT l.key, l.create_rev, l.rev AS mod_rev, CAST(l.value AS TEXT) AS value', '>', 'ORDER BY l.key LIMIT ?')),
    logValue: db.prepare<[number], { value: Buffer }>('SELECT value FROM log WHERE rev = ?'),
    countCurrent: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM kv WHERE key >= ? AND key < ?'),
    countCurrentAfter: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM kv WHERE key > ? AND key < ?'),
    listAt: db.prepare<[string, string, number, number, number], LogRow>(atRevision('SELECT l.key, l.create_rev, l.rev, l.value', '>=', 'ORDER BY l.key LIMIT ?')),
    listAtAfter: db.prepare<[string, string, number, number, number], LogRow>(atRevision('SELECT l.key, l.create_rev, l.rev, l.value', '>', 'ORDER BY l.key LIMIT ?')),
    countAt: db.prepare<[string, string, number, number], { n: number }>(atRevision('SELECT count(*) AS n', '>=', '')),
    countAtAfter: db.prepare<[string, string, number, number], { n: number }>(atRevision('SELECT count(*) AS n', '>', '')),
    history: db.prepare<[number, string, string, number], LogRow>(
      `SELECT l.rev, l.key, l.type, l.create_rev, l.prev_rev, l.value, p.value AS prev_value
       FROM log l LEFT JOIN log p ON p.rev = l.prev_rev
       WHERE l.rev > ? AND l.key >= ? AND l.key < ? ORDER BY l.rev LIMIT ?`,
    ),
    maxRev: db.prepare<[], { r: number | null }>('SELECT max(rev) AS r FROM log'),
    getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
    setMeta: db.prepare<[string, number]>('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    compact: db.prepare<{ c: number }>(
      `DELETE FROM log WHERE rev <= @c AND (type = 2 OR EXISTS
         (SELECT 1 FROM log n WHERE n.key = log.key AND n.rev > log.rev AND n.rev <= @c))`,
    ),
    // The key count from the key-only index, and the database's size (pages in use and free, as
    // etcd's dbSize counts allocated space), so a scrape stays cheap at 150,000 objects.
    stats: db.prepare<[], { n: number; b: number | null }>(
      'SELECT (SELECT count(*) FROM kv) AS n, (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()) AS b',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
