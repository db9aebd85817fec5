import type { KeyValue } from './interface.js';

export type StorageErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted' | 'Unavailable';

const BRAND = Symbol.for('k8ts.storage.StorageError');

/** The one error type storage backends throw; the API server turns it into a Status. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly [BRAND] = true;
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
    /** For 'Conflict': the value the key has now. For 'Compacted': the compacted revision. */
    readonly current?: KeyValue,
    readonly compactedRevision?: number,
  ) {
    super(message);
  }
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }
}

export const keyExists = (key: string) => new StorageError('KeyExists', key, `key exists: ${key}`);
export const keyNotFound = (key: string) => new StorageError('NotFound', key, `key not found: ${key}`);
export const conflict = (key: string, current?: KeyValue) =>
  new StorageError('Conflict', key, `revision mismatch for ${key}`, current);
export const compacted = (revision: number, compactedRevision: number) =>
  new StorageError('Compacted', '', `required revision ${revision} has been compacted (compacted: ${compactedRevision})`, undefined, compactedRevision);
export const unavailable = (message: string) => new StorageError('Unavailable', '', message);

export const isStorageError = (e: unknown, code?: StorageErrorCode): e is StorageError =>
  e instanceof StorageError && (code === undefined || e.code === code);

/** The smallest key greater than every key that starts with prefix. */
export function prefixEnd(prefix: string): string {
  if (prefix.length === 0) return '\uffff';
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
