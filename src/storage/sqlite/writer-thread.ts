// The SQLite writer thread: owns the only writing connection to a database file, commits each
// batch in one durable transaction (WAL, synchronous=FULL) and replies with the results.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection.js';
import { prepareStatements } from './statements.js';
import { BatchApplier } from './write-batch.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './writer-protocol.js';

const data = workerData as WriterThreadData;
const db: Database.Database = openConnection(data.path);
const applier = new BatchApplier(db, prepareStatements(db), data.revision);
const port = parentPort!;

port.on('message', (req: WriterRequest) => {
  let reply: WriterReply;
  try {
    if (req.type === 'write') reply = { id: req.id, ok: true, value: applier.apply(req.batch) };
    else if (req.type === 'compact') reply = { id: req.id, ok: true, value: applier.compact(req.target) };
    else {
      db.close();
      reply = { id: req.id, ok: true, value: null };
    }
  } catch (e) {
    reply = { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
