// Lists with selectors, limit/continue and resourceVersion semantics. Items are returned as
// ready-to-send JSON bytes (revision spliced in), parsed only when a selector needs them.
import { newBadRequest, newExpired, newTooLargeResourceVersion, StatusError } from '../../api/errors.js';
import type { KObj } from '../../api/resource-info.js';
import { isStorageError } from '../../storage/errors.js';
import type { KeyValue, ScanItem, Storage } from '../../storage/interface.js';
import type { ResourceStore } from './store.js';
import { scanRange } from '../../storage/scan.js';
import { ListBodyWriter } from './list-body.js';
import { storedLabels } from './stored-labels.js';

export interface ObjectFilter {
  /** True when there is nothing to filter on. */
  readonly empty: boolean;
  matches(obj: KObj): boolean;
  /** For a filter on labels only: matches given just the object's labels. */
  readonly matchesLabels?: (labels: Record<string, string>) => boolean;
  /** When the filter pins metadata.name, the name (lets the store read one key). */
  readonly exactName?: string;
}

export interface ListQuery {
  readonly namespace: string;
  readonly filter: ObjectFilter;
  readonly limit?: number;
  readonly continueToken?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  /** Write the items straight into one response body (ListPage.body) instead of ListPage.items. */
  readonly intoBody?: boolean;
}

export interface ListPage {
  /** Each item's JSON, as chunks to write in order. */
  readonly items: Buffer[][];
  /** The items' JSON written into one body, when the query asked for it (items is then empty). */
  readonly body?: ListBodyWriter;
  /** Parsed items when the filter needed them (index-aligned with items) or undefined. */
  readonly objects?: KObj[];
  readonly resourceVersion: string;
  readonly continueToken?: string;
  readonly remainingItemCount?: number;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

const TOO_OLD_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64url');
}

export function decodeContinue(token: string, prefix: string): { rv: number; afterKey: string } {
  let t: ContinueToken;
  try {
    t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw newBadRequest('continue key is not valid: illegal base64 data or JSON');
  }
  if (!t || t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string' || t.rv <= 0) {
    throw newBadRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (t.start.includes('..') || t.start.startsWith('/')) throw newBadRequest('continue key is not valid: key is not relative');
  return { rv: t.rv, afterKey: prefix + t.start };
}

export function parseResourceVersion(rv: string | undefined, what = 'resourceVersion'): number {
  if (rv === undefined || rv === '') return 0;
  if (!/^\d+$/.test(rv)) throw newBadRequest(`invalid ${what}: ${JSON.stringify(rv)}`);
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) throw newBadRequest(`invalid ${what}: ${JSON.stringify(rv)}`);
  return n;
}

export async function listObjects(store: ResourceStore, q: ListQuery): Promise<ListPage> {
  const storage = store.deps.storage;
  const prefix = store.listPrefix(q.namespace);
  // Past a billion the limit means "everything" (the store takes 32-bit-safe integers).
  const limit = q.limit && q.limit > 0 && q.limit < 1e9 ? Math.floor(q.limit) : 0;
  let revision = 0;
  let afterKey: string | undefined;
  if (q.continueToken) {
    if (q.resourceVersion) throw newBadRequest('specifying resource version is not allowed when using continue');
    const c = decodeContinue(q.continueToken, prefix);
    revision = c.rv;
    afterKey = c.afterKey;
  } else {
    const wanted = parseResourceVersion(q.resourceVersion);
    if (q.resourceVersionMatch === 'Exact') {
      if (!wanted) throw newBadRequest('resourceVersionMatch "Exact" requires a non-zero resourceVersion');
      revision = wanted;
    }
    // A list at (or not older than) a revision the store has not reached waits for it a while.
    await waitForRevision(storage, wanted);
  }

  // A name pinned by the field selector reads one key.
  if (q.filter.exactName !== undefined && !afterKey && !revision) {
    return listOne(store, q, prefix);
  }

  const items: Buffer[][] = [];
  // A label-only selector reads each item's labels from its stored bytes; converted kinds are
  // decoded whole, as their stored form is not what the client sees.
  const byLabels = store.strategy.conversion ? undefined : q.filter.matchesLabels;
  const objects: KObj[] | undefined = q.filter.empty || byLabels || q.intoBody ? undefined : [];
  let visited = 0;
  let matched = 0;
  let lastKey = afterKey;
  // A backend that scans in chunks counts cheaply; the count sizes the body (see ListBodyWriter).
  const keys = q.intoBody && storage.scan ? await storage.count(prefix) : 0;
  const expectItems = () => Math.min(limit || Infinity, Math.ceil((keys * matched) / Math.max(visited, 1)));
  const body = q.intoBody ? new ListBodyWriter(expectItems, store.listBuffers) : undefined;
  // Kinds converted by a webhook collect the stored objects and convert them in one call at the end.
  const pending: KObj[] | undefined = store.externalConversion ? [] : undefined;
  const emit = pending ? (kv: ScanItem, decoded?: KObj) => void pending.push(decoded ?? store.decodeKv(kv)) : emitter(store, items, body);
  const visit = (kv: ScanItem): boolean => {
    visited++;
    lastKey = kv.key;
    let decoded: KObj | undefined;
    if (byLabels) {
      const labels = storedLabels(kv.value);
      if (labels === undefined ? !q.filter.matches(store.decodeKv(kv)) : !byLabels(labels)) return false;
    } else if (!q.filter.empty) {
      decoded = store.decodeKv(kv);
      if (!q.filter.matches(decoded)) return false;
      objects?.push(decoded);
    }
    emit(kv, decoded);
    matched++;
    return limit > 0 && matched === limit;
  };
  // Without a filter a page is exactly `limit` keys; with one, more are read at a time.
  const chunk = limit ? (q.filter.empty ? limit : Math.max(limit, 64)) : 0;
  let end;
  try {
    end = await scanRange(storage, prefix, { revision, afterKey, chunk }, visit);
  } catch (e) {
    if (isStorageError(e, 'Compacted')) {
      if (q.continueToken) throw expiredContinue(store, q.namespace);
      throw newExpired(`too old resource version: ${revision} (${e.compactedRevision ?? 0})`);
    }
    throw e;
  }
  const served = pending ? await addServed(store, pending, items, body) : undefined;
  const out: { -readonly [K in keyof ListPage]: ListPage[K] } = { items, objects: served && objects ? served : objects, body, resourceVersion: String(end.revision) };
  if (end.more && lastKey) {
    out.continueToken = encodeContinue(end.revision, lastKey.slice(prefix.length));
    // With a selector the count of remaining matches is unknown, as upstream.
    if (q.filter.empty) out.remainingItemCount = end.remaining;
  }
  return out;
}

/** How long a read waits for a resourceVersion the store has not reached, as upstream's watch cache. */
const FUTURE_REVISION_WAIT_MS = 3000;
const FUTURE_REVISION_POLL_MS = 25;

/** Resolves once the store's revision is at least `wanted` (0: at once); 504 after the wait. */
async function waitForRevision(storage: Storage, wanted: number): Promise<void> {
  if (!wanted) return;
  let current = await storage.currentRevision();
  const deadline = Date.now() + FUTURE_REVISION_WAIT_MS;
  while (current < wanted) {
    if (Date.now() >= deadline) throw newTooLargeResourceVersion(wanted, current);
    await new Promise((r) => setTimeout(r, FUTURE_REVISION_POLL_MS));
    current = await storage.currentRevision();
  }
}

async function listOne(store: ResourceStore, q: ListQuery, prefix: string): Promise<ListPage> {
  const storage = store.deps.storage;
  const rev = await storage.currentRevision();
  const items: Buffer[][] = [];
  const objects: KObj[] = [];
  const body = q.intoBody ? new ListBodyWriter() : undefined;
  const emit = emitter(store, items, body);
  const name = q.filter.exactName!;
  const pending: KObj[] | undefined = store.externalConversion ? [] : undefined;
  const consider = (kv: KeyValue | undefined) => {
    if (!kv) return;
    const obj = store.decodeKv(kv);
    if (!q.filter.matches(obj)) return;
    if (pending) return void pending.push(obj);
    if (!body) objects.push(obj);
    emit(kv);
  };
  if (!store.info.namespaced || q.namespace) {
    consider(await storage.get(store.key(q.namespace, name)));
  } else {
    const all = await storage.list(prefix, { revision: rev });
    for (const kv of all.items) if (kv.key.endsWith(`/${name}`)) consider(kv);
  }
  if (pending) objects.push(...(await addServed(store, pending, items, body)));
  return { items, objects: body ? undefined : objects, body, resourceVersion: String(rev) };
}

/** The matching stored objects converted to the store's version (one call), added to the body or the items. */
async function addServed(store: ResourceStore, stored: KObj[], items: Buffer[][], body: ListBodyWriter | undefined): Promise<KObj[]> {
  const served = await store.served(stored);
  for (const obj of served) {
    const json = Buffer.from(JSON.stringify(obj));
    if (body) body.addJson(json);
    else items.push([json]);
  }
  return served;
}

/** Where a matching item's JSON goes: the body being written, or the page's items. */
function emitter(store: ResourceStore, items: Buffer[][], body: ListBodyWriter | undefined): (kv: ScanItem) => void {
  if (!body) return (kv) => void items.push(store.jsonChunks(typeof kv.value === 'string' ? Buffer.from(kv.value) : kv.value, kv.modRevision));
  if (store.strategy.conversion) return (kv) => body.addJson(Buffer.from(JSON.stringify(store.decode(kv.value, kv.modRevision))));
  return (kv) => body.addStored(kv.value, kv.modRevision);
}

function expiredContinue(store: ResourceStore, namespace: string): StatusError {
  void store;
  void namespace;
  return newExpired(TOO_OLD_CONTINUE);
}
