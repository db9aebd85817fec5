// Messages between a SQLite store and its writer thread.
import type { BatchOutcome, WriteBatchWire } from './write-batch.js';

export type WriterRequest =
  /** The first message after the thread's `ready`: it commits from here on, continuing from `revision`. */
  | { readonly type: 'start'; readonly revision: number }
  | { readonly type: 'write'; readonly id: number; readonly batch: WriteBatchWire }
  | { readonly type: 'compact'; readonly id: number; readonly target: number }
  | { readonly type: 'close'; readonly id: number };

export type WriterReply =
  /** The thread has opened its connection and can take over the commits. */
  | { readonly type: 'ready' }
  | { readonly type?: undefined; readonly id: number; readonly ok: true; readonly value: BatchOutcome | number | null }
  | { readonly type?: undefined; readonly id: number; readonly ok: false; readonly message: string };

export interface WriterThreadData {
  readonly path: string;
}
