// The informer's in-memory store: objects by key plus named secondary indexes (client-go's
// ThreadSafeStore + Indexer). Objects are shared with every reader: treat them as read-only.
import { metaNamespaceKey, type KeyFunc } from './object-key.js';
import type { KubeObject } from './types.js';

/** The index values of an object (one object may sit under several values). */
export type IndexFunc<T> = (obj: Readonly<T>) => readonly string[];
export type Indexers<T> = Readonly<Record<string, IndexFunc<T>>>;

export const NAMESPACE_INDEX = 'namespace';
export const namespaceIndexFunc: IndexFunc<KubeObject> = (obj) => [obj.metadata?.namespace ?? ''];

export class IndexConflictError extends Error {
  override readonly name = 'IndexConflictError';
  readonly code = 'INDEX_CONFLICT';
}

export class Indexer<T extends KubeObject> {
  private readonly items = new Map<string, Readonly<T>>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name -> value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    indexers: Indexers<T> = {},
    readonly keyOf: KeyFunc = metaNamespaceKey,
  ) {
    this.addIndexers(indexers);
  }

  /** Adds indexes (existing objects are indexed at once). */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new IndexConflictError(`index "${name}" already exists`);
      this.indexers.set(name, fn);
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      for (const [key, obj] of this.items) for (const v of fn(obj)) addTo(idx, v, key);
    }
  }

  hasIndex(name: string): boolean {
    return this.indexers.has(name);
  }

  get(key: string): Readonly<T> | undefined {
    return this.items.get(key);
  }

  list(): Readonly<T>[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index indexName has value. */
  byIndex(indexName: string, value: string): Readonly<T>[] {
    const keys = this.indexSet(indexName).get(value);
    if (!keys) return [];
    const out: Readonly<T>[] = [];
    for (const k of keys) out.push(this.items.get(k)!);
    return out;
  }

  indexKeys(indexName: string, value: string): string[] {
    return [...(this.indexSet(indexName).get(value) ?? [])];
  }

  /** Every value index indexName currently holds. */
  listIndexValues(indexName: string): string[] {
    return [...this.indexSet(indexName).keys()];
  }

  /** Adds or replaces; returns the previous object. */
  upsert(obj: Readonly<T>): Readonly<T> | undefined {
    const key = this.keyOf(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    this.index(key, obj);
    return old;
  }

  /** Removes by key; returns the removed object. */
  remove(key: string): Readonly<T> | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  /** Replaces the whole content. */
  replace(objs: readonly Readonly<T>[]): void {
    this.items.clear();
    for (const idx of this.indices.values()) idx.clear();
    for (const o of objs) this.upsert(o);
  }

  private indexSet(name: string): Map<string, Set<string>> {
    const idx = this.indices.get(name);
    if (!idx) throw new IndexConflictError(`index "${name}" does not exist`);
    return idx;
  }

  private index(key: string, obj: Readonly<T>): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) addTo(idx, v, key);
    }
  }

  private unindex(key: string, obj: Readonly<T>): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const s = idx.get(v);
        if (!s) continue;
        s.delete(key);
        if (s.size === 0) idx.delete(v);
      }
    }
  }
}

function addTo(idx: Map<string, Set<string>>, v: string, key: string): void {
  let s = idx.get(v);
  if (!s) idx.set(v, (s = new Set()));
  s.add(key);
}
