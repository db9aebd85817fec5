// The SQLite layout: `kv` holds the current value of every key, `log` every change with its
// revision (the history behind watches and reads at an older revision), `meta` the counters
// that must outlive compaction.
export const SCHEMA_VERSION = 1;

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  create_rev INTEGER NOT NULL,
  mod_rev INTEGER NOT NULL,
  value BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  type INTEGER NOT NULL,
  create_rev INTEGER NOT NULL,
  prev_rev INTEGER,
  value BLOB NOT NULL
);
-- (key, rev, type) answers reads at an older revision from the index alone; key-only kv_key lets
-- counts skip the values (a WITHOUT ROWID table keeps them inline with the key).
CREATE INDEX IF NOT EXISTS log_key_rev_type ON log(key, rev, type);
DROP INDEX IF EXISTS log_key_rev;
CREATE INDEX IF NOT EXISTS kv_key ON kv(key);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** log.type values. */
export const LOG_CREATE = 0;
export const LOG_UPDATE = 1;
export const LOG_DELETE = 2;
