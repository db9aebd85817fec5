// A typed client for one resource (client-go's typed clients and dynamic client in one):
// get, list, create, update, status, patch, delete, subresources and watch.
import type { Status } from '../api/errors.js';
import { ClientUsageError } from './errors.js';
import { collectionPath, objectPath, type ResourceRef } from './resources.js';
import type { QueryValue, RestClient } from './rest-client.js';
import {
  PATCH_CONTENT_TYPES,
  type CallOptions,
  type DeleteOptions,
  type KubeObject,
  type ListOptions,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  type WatchEvent,
  type WatchOptions,
  type WriteOptions,
} from './types.js';
import { decodeWatchStream } from './watch.js';

export interface GetOptions extends CallOptions {
  resourceVersion?: string;
}

export interface SubresourceOptions extends WriteOptions {
  /** Patch or update a subresource ("status", "scale", ...) instead of the object. */
  subresource?: string;
}

export class ResourceClient<T extends KubeObject> {
  constructor(
    private readonly rest: RestClient,
    readonly ref: ResourceRef<T>,
    /** Namespace of the calls (absent: from each object, or all namespaces for list/watch). */
    readonly ns?: string,
  ) {}

  /** The same client scoped to one namespace. */
  namespace(ns: string): ResourceClient<T> {
    return new ResourceClient(this.rest, this.ref, ns);
  }

  get(name: string, opts: GetOptions = {}): Promise<T> {
    return this.rest.request<T>('GET', this.path(this.nsFor(), name), undefined, { query: { resourceVersion: opts.resourceVersion }, signal: opts.signal });
  }

  list(opts: ListOptions = {}): Promise<ObjectList<T>> {
    const { signal, ...q } = opts;
    return this.rest.request<ObjectList<T>>('GET', collectionPath(this.ref, this.ns), undefined, { query: q, signal }).then(normalizeList);
  }

  /** Lists every page (limit/continue) into one list at the first page's resourceVersion. */
  async listAll(opts: Omit<ListOptions, 'continue'> = {}): Promise<ObjectList<T>> {
    const first = await this.list(opts);
    let cont = first.metadata.continue;
    while (cont) {
      const page = await this.list({ ...opts, resourceVersion: undefined, resourceVersionMatch: undefined, continue: cont });
      for (const it of page.items) first.items.push(it);
      cont = page.metadata.continue;
    }
    delete first.metadata.continue;
    return first;
  }

  create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.rest.request<T>('POST', collectionPath(this.ref, this.nsFor(obj)), obj, { query: writeQuery(opts), signal: opts.signal });
  }

  update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.rest.request<T>('PUT', this.path(this.nsFor(obj), nameOf(obj)), obj, { query: writeQuery(opts), signal: opts.signal });
  }

  updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.rest.request<T>('PUT', this.path(this.nsFor(obj), nameOf(obj), 'status'), obj, { query: writeQuery(opts), signal: opts.signal });
  }

  /** Patches by name; type picks the content type (merge, json, strategic, apply). */
  patch(name: string, patch: unknown, type: PatchType = 'merge', opts: PatchOptions & SubresourceOptions = {}): Promise<T> {
    const query: Record<string, QueryValue> = writeQuery(opts);
    if (opts.force !== undefined) query.force = opts.force;
    const body = type === 'apply' && typeof patch !== 'string' ? JSON.stringify(patch) : patch;
    return this.rest.request<T>('PATCH', this.path(this.nsFor(), name, opts.subresource), body, { contentType: PATCH_CONTENT_TYPES[type], query, signal: opts.signal });
  }

  /** Deletes by name; returns the object (still there while graceful deletion or finalizers run) or a Status. */
  delete(name: string, opts: DeleteOptions = {}): Promise<T | Status> {
    const { signal, dryRun, ...body } = opts;
    const payload = { apiVersion: 'v1', kind: 'DeleteOptions', ...body, ...(dryRun ? { dryRun: ['All'] } : {}) };
    return this.rest.request<T | Status>('DELETE', this.path(this.nsFor(), name), payload, { signal });
  }

  deleteCollection(opts: DeleteOptions & Omit<ListOptions, 'signal'> = {}): Promise<ObjectList<T> | Status> {
    const { signal, dryRun, labelSelector, fieldSelector, limit, continue: cont, resourceVersion, resourceVersionMatch, timeoutSeconds, ...body } = opts;
    const payload = { apiVersion: 'v1', kind: 'DeleteOptions', ...body, ...(dryRun ? { dryRun: ['All'] } : {}) };
    const query = { labelSelector, fieldSelector, limit, continue: cont, resourceVersion, resourceVersionMatch, timeoutSeconds };
    return this.rest.request('DELETE', collectionPath(this.ref, this.ns), payload, { query, signal });
  }

  /** POSTs to a subresource, e.g. pods/binding or pods/eviction. */
  createSubresource<R = unknown>(name: string, subresource: string, body: unknown, opts: WriteOptions = {}): Promise<R> {
    return this.rest.request<R>('POST', this.path(this.nsFor(body as KubeObject), name, subresource), body, { query: writeQuery(opts), signal: opts.signal });
  }

  getSubresource<R = unknown>(name: string, subresource: string, opts: CallOptions = {}): Promise<R> {
    return this.rest.request<R>('GET', this.path(this.nsFor(), name, subresource), undefined, { signal: opts.signal });
  }

  /**
   * Watches the collection. Throws StatusError when the server refuses the watch; the stream then
   * yields events until the server ends it or the signal aborts. ERROR events are yielded as is
   * (watchErrorOf turns one into a StatusError).
   */
  async *watch(opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const { signal, ...q } = opts;
    const res = await this.rest.stream(collectionPath(this.ref, this.ns), { query: { watch: 1, ...q }, signal });
    yield* decodeWatchStream<T>(res, signal);
  }

  private path(ns: string | undefined, name: string, sub?: string): string {
    if (!name) throw new ClientUsageError(`${this.ref.resource}: a name is required`);
    return objectPath(this.ref, ns, name, sub);
  }

  private nsFor(obj?: KubeObject): string | undefined {
    if (!this.ref.namespaced) return undefined;
    const ns = this.ns || obj?.metadata?.namespace;
    if (!ns) throw new ClientUsageError(`${this.ref.resource} is namespaced: give a namespace`);
    return ns;
  }
}

const nameOf = (obj: KubeObject) => obj.metadata?.name ?? '';

function writeQuery(o: WriteOptions): Record<string, QueryValue> {
  return { dryRun: o.dryRun ? 'All' : undefined, fieldManager: o.fieldManager, fieldValidation: o.fieldValidation };
}

function normalizeList<T>(l: ObjectList<T>): ObjectList<T> {
  l.metadata ??= {};
  l.items ??= [];
  return l;
}
