// The SQLite writer thread: owns the store's writing connection once it has taken over from the
// store's own (see ThreadBatchWriter), commits each batch in one durable transaction (WAL,
// synchronous=FULL) and replies with the results.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection.js';
import { prepareStatements } from './statements.js';
import { BatchApplier } from './write-batch.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './writer-protocol.js';

const data = workerData as WriterThreadData;
const db: Database.Database = openConnection(data.path);
const statements = prepareStatements(db);
const port = parentPort!;
let applier: BatchApplier | undefined;

port.on('message', (req: WriterRequest) => {
  if (req.type === 'start') {
    applier = new BatchApplier(db, statements, req.revision);
    return;
  }
  let reply: WriterReply;
  try {
    if (req.type === 'close') {
      db.close();
      reply = { id: req.id, ok: true, value: null };
    } else if (!applier) throw new Error(`sqlite writer thread got "${req.type}" before "start"`);
    else if (req.type === 'write') reply = { id: req.id, ok: true, value: applier.apply(req.batch) };
    else reply = { id: req.id, ok: true, value: applier.compact(req.target) };
  } catch (e) {
    reply = { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies WriterReply);
