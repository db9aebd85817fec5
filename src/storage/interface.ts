// The storage contract: keys and bytes with etcd-style revisions. It knows nothing about
// Kubernetes objects; the API server owns the codec. Every backend (SQLite, etcd) passes the
// shared conformance suite in ./testing/conformance.ts.

/** One stored key at one revision. */
export interface KeyValue {
  readonly key: string;
  readonly value: Buffer;
  /** Revision at which the key was created (stays the same across updates). */
  readonly createRevision: number;
  /** Revision of the last write to the key; this is the object's resourceVersion. */
  readonly modRevision: number;
}

export type StorageEventType = 'create' | 'update' | 'delete';

/** One change, as seen by a watcher. */
export interface StorageEvent {
  readonly type: StorageEventType;
  readonly key: string;
  /** The new value; for 'delete' the last value the key had before it was deleted. */
  readonly value: Buffer;
  /** The previous value for 'update' and 'delete' (the same bytes as value for 'delete'). */
  readonly prevValue?: Buffer;
  /** The revision of this change (for 'delete', the revision of the deletion). */
  readonly revision: number;
  readonly createRevision: number;
}

export interface ListOptions {
  /** Read the state as of this revision; 0 or undefined means the current revision. */
  readonly revision?: number;
  /** Return at most this many items (0 or undefined: no limit). */
  readonly limit?: number;
  /** Continue after this key (exclusive). Must lie under the prefix. */
  readonly afterKey?: string;
}

export interface ListResult {
  readonly items: KeyValue[];
  /** The revision the list was read at. */
  readonly revision: number;
  /** True when more items remain after the last returned one. */
  readonly more: boolean;
  /** How many items remain after the last returned one (0 when !more). */
  readonly remaining: number;
}

export interface ScanOptions {
  /** Read the state as of this revision; 0 or undefined means the current revision. */
  readonly revision?: number;
  /** Continue after this key (exclusive). Must lie under the prefix. */
  readonly afterKey?: string;
  /** How many keys to read at a time (a hint; the backend may read more or fewer). */
  readonly chunk?: number;
}

/** One key as a scan hands it out: a KeyValue whose value may come as text. */
export interface ScanItem {
  readonly key: string;
  /**
   * The stored bytes; or, when the backend read them as text, their UTF-8 decoding, which it
   * hands out only when the bytes are valid UTF-8, so that Buffer.from(value) is exactly them.
   */
  readonly value: Buffer | string;
  readonly createRevision: number;
  readonly modRevision: number;
}

/**
 * Called with each key of a scan in key order; returns true to stop after this one. The item
 * stays valid after the call, but the scan keeps no reference to it.
 */
export type ScanVisitor = (item: ScanItem) => boolean;

/** Where a scan ended, with the same meaning as a list's: as if it had returned the keys visited. */
export interface ScanResult {
  /** The revision the scan read at. */
  readonly revision: number;
  /** True when the visitor stopped with keys left after the last one visited. */
  readonly more: boolean;
  /** How many keys remain after the last one visited (0 when !more). */
  readonly remaining: number;
}

export interface WatchOptions {
  /** A key prefix; events for keys under it are delivered. */
  readonly prefix: string;
  /** Deliver every event with revision > afterRevision, then live events, in revision order. */
  readonly afterRevision: number;
  /** Called with one or more events, in revision order, never concurrently. */
  readonly onEvents: (events: readonly StorageEvent[]) => void;
  /** Called once if the watch cannot continue (e.g. Compacted); no events follow. */
  readonly onError: (err: Error) => void;
}

export interface Watch {
  cancel(): void;
}

export interface StorageCapabilities {
  /** A short backend name for logs and metrics: 'sqlite' or 'etcd'. */
  readonly backend: string;
  /** Whether several servers may share this store (and so need leader election). */
  readonly shared: boolean;
}

export interface StorageStats {
  readonly keys: number;
  readonly bytes: number;
}

export interface Storage {
  readonly capabilities: StorageCapabilities;
  /** The latest revision of the store (the revision of the latest write). */
  currentRevision(): Promise<number>;
  /** The revision below which history has been compacted away (0 if never). */
  compactedRevision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys strictly under prefix, in key order. Throws StorageError 'Compacted' for revisions below the compacted one. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /**
   * Optional: list()'s range read handed to a visitor key by key from one snapshot, so a caller
   * that copies what it needs keeps only a few keys' values alive at a time, and values may come
   * as text rather than one Buffer each (see scanRange for the fallback over list()). Throws
   * StorageError 'Compacted' like list().
   */
  scan?(prefix: string, opts: ScanOptions, visit: ScanVisitor): Promise<ScanResult>;
  /** Count keys under prefix at the current revision. */
  count(prefix: string): Promise<number>;
  /** Create if absent; resolves with the new revision once durable. Throws 'KeyExists'. */
  create(key: string, value: Buffer): Promise<KeyValue>;
  /**
   * Replace the value if the key's modRevision is still expectedRevision; resolves once durable.
   * Throws 'NotFound' if the key is gone and 'Conflict' (with the current KeyValue) if it changed.
   */
  update(key: string, value: Buffer, expectedRevision: number): Promise<KeyValue>;
  /**
   * Delete the key, if expectedRevision is given only when it still has that modRevision.
   * Resolves with the deletion revision and the last value. Throws 'NotFound' / 'Conflict'.
   */
  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }>;
  /** Watch a prefix from a revision. Errors (e.g. 'Compacted') are reported through onError. */
  watch(opts: WatchOptions): Watch;
  /** Drop history at or below revision; later reads/watches below it fail with 'Compacted'. */
  compact(revision: number): Promise<void>;
  stats(): Promise<StorageStats>;
  close(): Promise<void>;
}
