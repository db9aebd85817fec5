// Streams a watch as newline-delimited JSON events with headers flushed at once, optional
// bookmarks, and an end after timeoutSeconds (or the server's default window).
import { apiVersionOf } from '../../api/resource-info.js';
import { buildFilter } from '../registry/filter.js';
import type { ResourceStore } from '../registry/store.js';
import { startWatch, type ActiveWatch } from '../registry/watch.js';
import type { RequestContext } from './context.js';
import { newBadRequest } from '../../api/errors.js';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tableRequestOfCtx, watchTableEncoder } from '../table/respond.js';

const DEFAULT_TIMEOUT_S = 1800;

const PREFIX: Record<string, Buffer> = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":'),
};
const SUFFIX = Buffer.from('}\n');
const CRLF = Buffer.from('\r\n');

/** One event as one HTTP chunk: size line, the event's JSON, CRLF (headers went out chunked). */
function frameOf(prefix: Buffer, json: Buffer): Buffer {
  const len = prefix.length + json.length + SUFFIX.length;
  const size = len.toString(16);
  const frame = Buffer.allocUnsafeSlow(size.length + 2 + len + 2);
  let at = frame.write(size, 0, 'latin1');
  at += CRLF.copy(frame, at);
  at += prefix.copy(frame, at);
  at += json.copy(frame, at);
  at += SUFFIX.copy(frame, at);
  CRLF.copy(frame, at);
  return frame;
}

/**
 * Whether events may bypass the response object: a body is allowed, the response is open, and it
 * owns its connection. A response to a request that arrived on a keep-alive connection before the
 * server saw the previous response there finish (or a pipelined one) has no socket yet: the
 * response object keeps what is written to it and sends it once the connection is handed over,
 * while a direct write would be lost (and the events after it, which the client resumes past).
 */
function canWriteChunks(res: ServerResponse): boolean {
  if (res.req.method === 'HEAD' || !res.headersSent || res.writableEnded) return false;
  const socket = res.socket as (ServerResponse['socket'] & { _httpMessage?: unknown }) | null;
  return !!socket && socket._httpMessage === res && socket.writable;
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

  // The connection, once this response owns it: from then on every event is framed here and
  // written straight to it, skipping the response object's stream layers on the fan-out's hot path
  // (one write per watcher per event). It stays this response's until the watch ends.
  let direct: Socket | undefined;
  const active = await startWatch(
    store,
    { namespace: ns, filter, resourceVersion: q.get('resourceVersion') ?? undefined },
    {
      event(type, raw, obj, _revision, shared) {
        if (ended) return;
        if (!direct) {
          writeHeadOnce();
          if (canWriteChunks(res)) direct = res.socket!;
          else return void res.write(Buffer.concat([PREFIX[type]!, asTable ? asTable(raw, obj) : raw, SUFFIX]));
        }
        // A connection that is ending or destroyed takes no more events; its close ends the watch.
        if (!direct.writable) return;
        // The frame of a plain-JSON event is shared by every watcher that sends it, written as is.
        if (asTable || !shared) direct.write(frameOf(PREFIX[type]!, asTable ? asTable(raw, obj) : raw));
        else direct.write((shared[type] ??= frameOf(PREFIX[type]!, raw)));
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
  // A HEAD watch can carry no events, so it ends with its headers (upstream's ends at its first
  // event, which it cannot write); kept open, it would hold its keep-alive connection, and every
  // request queued behind it there, until the timeout.
  if (res.req.method === 'HEAD') return end();
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
