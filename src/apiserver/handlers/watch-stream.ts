// Streams a watch as newline-delimited JSON events with headers flushed at once, optional
// bookmarks, and an end after timeoutSeconds (or the server's default window).
import { apiVersionOf } from '../../api/resource-info.js';
import { buildFilter } from '../registry/filter.js';
import type { ResourceStore } from '../registry/store.js';
import { startWatch, type ActiveWatch } from '../registry/watch.js';
import type { RequestContext } from './context.js';
import { newBadRequest } from '../../api/errors.js';
import type { ServerResponse } from 'node:http';
import { tableRequestOfCtx, watchTableEncoder } from '../table/respond.js';

const DEFAULT_TIMEOUT_S = 1800;

const PREFIX: Record<string, Buffer> = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":'),
};
const SUFFIX = Buffer.from('}\n');
const CRLF = Buffer.from('\r\n');

/**
 * One event as one HTTP chunk, written straight to the socket: the response's headers are
 * already sent (chunked), so the chunk framing is ours, and the stream layers of the response
 * object are skipped on this hot path (one write per watcher per event).
 */
function writeChunk(res: ServerResponse, prefix: Buffer, json: Buffer): void {
  const len = prefix.length + json.length + SUFFIX.length;
  const frame = Buffer.allocUnsafe(len + 12);
  let at = frame.write(len.toString(16), 0, 'latin1');
  at += CRLF.copy(frame, at);
  at += prefix.copy(frame, at);
  at += json.copy(frame, at);
  at += SUFFIX.copy(frame, at);
  at += CRLF.copy(frame, at);
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.write(frame.subarray(0, at));
}

/** Whether events may bypass the response object: a body is allowed and the response is open. */
function canWriteChunks(res: ServerResponse): boolean {
  return res.req.method !== 'HEAD' && res.headersSent && !res.writableEnded;
}

export async function handleWatch(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const q = ctx.query;
  const filter = buildFilter(store.strategy, q.get('labelSelector'), q.get('fieldSelector'));
  const timeoutParam = q.get('timeoutSeconds');
  if (timeoutParam !== null && timeoutParam !== '' && !/^\d+$/.test(timeoutParam)) {
    throw newBadRequest(`invalid timeoutSeconds: ${JSON.stringify(timeoutParam)}`);
  }
  const timeoutS = timeoutParam ? Number(timeoutParam) : DEFAULT_TIMEOUT_S * (1 + Math.random());
  const bookmarks = q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1';
  const res = ctx.res;
  const table = tableRequestOfCtx(ctx);
  const asTable = table ? watchTableEncoder(store, table) : undefined;

  let ended = false;
  const current: { watch?: ActiveWatch } = {};
  const timers: NodeJS.Timeout[] = [];
  const end = () => {
    if (ended) return;
    ended = true;
    current.watch?.cancel();
    for (const t of timers) clearTimeout(t);
    ctx.signal.removeEventListener('abort', end);
    if (!res.writableEnded) res.end();
  };
  res.on('close', end);
  ctx.signal.addEventListener('abort', end, { once: true });

  const writeHeadOnce = () => {
    if (res.headersSent) return;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
  };

  const active = await startWatch(
    store,
    { namespace: ns, filter, resourceVersion: q.get('resourceVersion') ?? undefined },
    {
      event(type, raw, obj) {
        if (ended) return;
        const json = asTable ? asTable(raw, obj) : raw;
        writeHeadOnce();
        if (canWriteChunks(res)) writeChunk(res, PREFIX[type]!, json);
        else res.write(Buffer.concat([PREFIX[type]!, json, SUFFIX]));
      },
      error(err) {
        if (ended) return;
        writeHeadOnce();
        res.write(JSON.stringify({ type: 'ERROR', object: err.toStatus() }) + '\n');
        end();
      },
    },
  );
  current.watch = active;
  if (ended) {
    active.cancel();
    return;
  }
  ctx.status = 200;
  writeHeadOnce();
  timers.push(setTimeout(end, timeoutS * 1000));
  if (bookmarks) {
    const kind = store.info.kind;
    const apiVersion = apiVersionOf(store.info);
    const tick = () => {
      if (ended) return;
      const rv = String(active.lastRevision());
      res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion, metadata: { resourceVersion: rv } } }) + '\n');
    };
    timers.push(setInterval(tick, ctx.bookmarkIntervalMs));
  }
}
