// Watches over a resource: an optional initial state, then storage events turned into
// ADDED/MODIFIED/DELETED for the watcher's filter. Each event's JSON is built once and shared
// by every watcher that sends it unchanged, and so is each framed form a sink makes of it.
import { newExpired, StatusError } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import { isStorageError } from '../../storage/errors.js';
import type { StorageEvent } from '../../storage/interface.js';
import { metaOf } from './object-meta.js';
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

  if (store.externalConversion) return startConvertedWatch(store, q, sink, rv);
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
      if (!cancelled) sink.error(watchEndError(err, rv));
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

function watchEndError(err: Error & { compactedRevision?: number }, rv: number): StatusError {
  if (isStorageError(err, 'Compacted')) return newExpired(`too old resource version: ${rv} (${err.compactedRevision ?? 0})`);
  return new StatusError(500, 'InternalError', `watch ended: ${err.message}`);
}

/** The event type a watcher with `filter` sees for `ev`, given the decoded object (and the previous one). */
function eventType(ev: StorageEvent, filter: ObjectFilter, obj: KObj, prev: KObj | undefined): WatchEventType | undefined {
  const curMatch = filter.empty || filter.matches(obj);
  const prevMatch = prev === undefined || filter.empty ? curMatch : filter.matches(prev);
  if (ev.type === 'create') return curMatch ? 'ADDED' : undefined;
  if (ev.type === 'delete') return curMatch ? 'DELETED' : undefined;
  if (curMatch && prevMatch) return 'MODIFIED';
  if (curMatch) return 'ADDED';
  if (prevMatch) return 'DELETED';
  return undefined;
}

/**
 * A watch of a kind whose versions convert through a webhook: events are filtered on their stored
 * form (a conversion keeps the identity and, unless the webhook changed them, the labels), and
 * each one that is sent is converted first, one call per event shared by the store's watchers.
 * Events go out in order; a failed conversion ends the watch with its error.
 */
async function startConvertedWatch(store: ResourceStore, q: WatchQuery, sink: WatchSink, rv: number): Promise<ActiveWatch> {
  const storage = store.deps.storage;
  const prefix = store.listPrefix(q.namespace);
  let cancelled = false;
  // Called only from the event queue, which runs after the watch below exists.
  const fail = (err: StatusError) => {
    if (cancelled) return;
    cancelled = true;
    watch.cancel();
    sink.error(err);
  };
  let sent = rv;
  if (rv === 0) {
    const page = await storage.list(prefix);
    const stored = page.items.map((kv) => store.decodeKv(kv)).filter((obj) => q.filter.empty || q.filter.matches(obj));
    for (const obj of await store.served(stored)) sink.event('ADDED', Buffer.from(JSON.stringify(obj)), obj, Number(metaOf(obj).resourceVersion));
    sent = page.revision;
  }
  const memo = store.convertedEvents;
  const send = async (ev: StorageEvent) => {
    const obj = store.decode(ev.value, ev.revision);
    const prev = !q.filter.empty && ev.type === 'update' && ev.prevValue ? store.decode(ev.prevValue, ev.revision) : undefined;
    const type = eventType(ev, q.filter, obj, prev);
    if (type) {
      let converted = memo.get(ev);
      if (!converted) memo.set(ev, (converted = store.served([obj]).then(([o]) => ({ obj: o!, bytes: Buffer.from(JSON.stringify(o)) }))));
      const out = await converted;
      if (cancelled) return;
      sink.event(type, out.bytes, out.obj, ev.revision);
    }
    sent = ev.revision;
  };
  let queue: Promise<void> = Promise.resolve();
  const asStatus = (e: unknown) => (e instanceof StatusError ? e : new StatusError(500, 'InternalError', (e as Error).message));
  const watch = storage.watch({
    prefix,
    afterRevision: sent,
    onEvents: (events) => {
      for (const ev of events) queue = queue.then(() => (cancelled ? undefined : send(ev))).catch((e) => fail(asStatus(e)));
    },
    onError: (err) => {
      queue = queue.then(() => fail(watchEndError(err, rv)));
    },
  });
  return {
    cancel: () => {
      cancelled = true;
      watch.cancel();
    },
    // Bookmarks name only events already sent, so a watch resumed from one misses none.
    lastRevision: () => sent,
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
  if (ev.type === 'update' && ev.prevValue) c.prev ??= store.decode(ev.prevValue, ev.revision);
  const type = eventType(ev, filter, c.obj, ev.type === 'update' && ev.prevValue ? c.prev : undefined);
  if (!type) return;
  c.bytes ??= store.json(ev.value, ev.revision);
  sink.event(type, c.bytes, c.obj, ev.revision, (c.frames ??= {}));
}
