// Watches over a resource: an optional initial state, then storage events turned into
// ADDED/MODIFIED/DELETED for the watcher's filter. Each event's JSON is built once and shared
// by every watcher that sends it unchanged, and so is each framed form a sink makes of it.
import { newExpired, StatusError } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import { isStorageError } from '../../storage/errors.js';
import type { StorageEvent } from '../../storage/interface.js';
import type { ObjectFilter } from './list.js';
import { parseResourceVersion } from './list.js';
import type { ResourceStore } from './store.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * Bytes made from one event that every watcher sending it the same way can reuse, keyed by the
 * sink's name for its encoding (e.g. the event type of a plain JSON stream).
 */
export type SharedFrames = Record<string, Buffer>;

export interface WatchSink {
  /**
   * One event; `json` is the object's JSON text, `obj` the parsed object when available. `shared`
   * (absent for the initial state) is the same object for every watcher of this event.
   */
  event(type: WatchEventType, json: Buffer, obj: KObj | undefined, revision: number, shared?: SharedFrames): void;
  /** The watch cannot go on (e.g. 410 Expired); the stream should end after it. */
  error(err: StatusError): void;
}

export interface WatchQuery {
  readonly namespace: string;
  readonly filter: ObjectFilter;
  readonly resourceVersion?: string;
}

export interface ActiveWatch {
  cancel(): void;
  /** The revision of the last event sent (for bookmarks). */
  lastRevision(): number;
}

/** What watchers of one resource share about a storage event: decoded, encoded and framed forms. */
export interface WatchEventMemo {
  bytes?: Buffer;
  obj?: KObj;
  prev?: KObj;
  frames?: SharedFrames;
}
type EventCache = WatchEventMemo;

/** Per-store memo of decoded/encoded events, shared by all watchers of that store. */
const memoOf = (store: ResourceStore): WeakMap<StorageEvent, EventCache> => store.eventMemo;

export async function startWatch(store: ResourceStore, q: WatchQuery, sink: WatchSink): Promise<ActiveWatch> {
  const storage = store.deps.storage;
  const prefix = store.listPrefix(q.namespace);
  const rv = parseResourceVersion(q.resourceVersion);
  let last = rv;
  let cancelled = false;

  if (rv === 0) {
    // No resourceVersion (or "0"): synthetic ADDED events for the current state first.
    const page = await storage.list(prefix);
    for (const kv of page.items) {
      if (q.filter.empty) {
        sink.event('ADDED', store.json(kv.value, kv.modRevision), undefined, kv.modRevision);
      } else {
        const obj = store.decode(kv.value, kv.modRevision);
        if (q.filter.matches(obj)) sink.event('ADDED', Buffer.from(JSON.stringify(obj)), obj, kv.modRevision);
      }
    }
    last = page.revision;
  }
  const memo = memoOf(store);
  const w = storage.watch({
    prefix,
    afterRevision: last,
    onEvents: (events) => {
      for (const ev of events) {
        if (cancelled) return;
        last = ev.revision;
        deliver(store, ev, q.filter, memo, sink);
      }
    },
    onError: (err) => {
      if (cancelled) return;
      if (isStorageError(err, 'Compacted')) {
        sink.error(newExpired(`too old resource version: ${rv} (${err.compactedRevision ?? 0})`));
      } else {
        sink.error(new StatusError(500, 'InternalError', `watch ended: ${err.message}`));
      }
    },
  });
  return {
    cancel: () => {
      cancelled = true;
      w.cancel();
    },
    lastRevision: () => last,
  };
}

function deliver(store: ResourceStore, ev: StorageEvent, filter: ObjectFilter, memo: WeakMap<StorageEvent, EventCache>, sink: WatchSink): void {
  let c = memo.get(ev);
  if (!c) memo.set(ev, (c = {}));
  const natural: WatchEventType = ev.type === 'create' ? 'ADDED' : ev.type === 'update' ? 'MODIFIED' : 'DELETED';
  if (filter.empty) {
    c.bytes ??= store.json(ev.value, ev.revision);
    sink.event(natural, c.bytes, c.obj, ev.revision, (c.frames ??= {}));
    return;
  }
  c.obj ??= store.decode(ev.value, ev.revision);
  const curMatch = filter.matches(c.obj);
  let prevMatch = curMatch;
  if (ev.type === 'update' && ev.prevValue) {
    c.prev ??= store.decode(ev.prevValue, ev.revision);
    prevMatch = filter.matches(c.prev);
  }
  let type: WatchEventType | undefined;
  if (ev.type === 'create') type = curMatch ? 'ADDED' : undefined;
  else if (ev.type === 'delete') type = curMatch ? 'DELETED' : undefined;
  else if (curMatch && prevMatch) type = 'MODIFIED';
  else if (curMatch) type = 'ADDED';
  else if (prevMatch) type = 'DELETED';
  if (!type) return;
  c.bytes ??= store.json(ev.value, ev.revision);
  sink.event(type, c.bytes, c.obj, ev.revision, (c.frames ??= {}));
}
