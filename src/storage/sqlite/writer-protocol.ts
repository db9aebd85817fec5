// Messages between a SQLite store and its writer thread.
import type { BatchOutcome, WriteBatchWire } from './write-batch.js';

export type WriterRequest =
  | { readonly type: 'write'; readonly id: number; readonly batch: WriteBatchWire }
  | { readonly type: 'compact'; readonly id: number; readonly target: number }
  | { readonly type: 'close'; readonly id: number };

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly value: BatchOutcome | number | null }
  | { readonly id: number; readonly ok: false; readonly message: string };

export interface WriterThreadData {
  readonly path: string;
  /** The store's revision when the thread starts (its counter continues from here). */
  readonly revision: number;
}
