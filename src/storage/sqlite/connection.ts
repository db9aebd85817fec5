// Opens a connection to a k8ts SQLite database with the settings every connection needs.
import Database from 'better-sqlite3';

export function openConnection(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
