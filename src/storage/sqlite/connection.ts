// Opens a connection to a k8ts SQLite database with the settings every connection needs.
import Database from 'better-sqlite3';

/**
 * Page size of a new database file (an existing file keeps the size it was made with). With
 * SQLite's default 4 KiB pages, a `kv` row (WITHOUT ROWID) longer than about 1 KB spills into an
 * overflow page, so every pod took a page of its own and a list read twice the pages it needed;
 * 16 KiB pages keep rows up to about 4 KB inline.
 */
export const PAGE_SIZE = 16384;

export function openConnection(path: string): Database.Database {
  const db = new Database(path);
  // Must come before the first write (journal_mode = WAL writes the header).
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
