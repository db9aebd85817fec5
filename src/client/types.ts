// Shapes shared by every part of the client: objects, lists, watch events and request options.
import type { DeleteOptions as MetaDeleteOptions, ListMeta, ObjectMeta } from '../api/types/meta-v1.js';

/** Any API object: the generated types in src/api/types all fit. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One line of a watch stream. For ERROR the object is a meta/v1 Status (see watchErrorOf). */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

/** Every call may be cancelled. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
}

export interface WatchOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this revision ("" or absent: the current state first, as ADDED events). */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** The server ends the stream after this long. */
  timeoutSeconds?: number;
}

export interface WriteOptions extends CallOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only. */
  force?: boolean;
}

export interface DeleteOptions extends CallOptions, Omit<MetaDeleteOptions, 'apiVersion' | 'kind' | 'dryRun'> {
  dryRun?: boolean;
}

/** A JSON patch (RFC 6902) operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}
