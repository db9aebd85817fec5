// SqliteStorage.scan: a range read in chunks of keys within the caller's read transaction, each
// key handed to the visitor as it is read, so only one chunk of rows is alive at a time (a list
// of 10,000 pods would otherwise hold ~15 MB of row Buffers until the last one is read). Values
// are read as text: a JavaScript string lives in the young generation and dies there, where a
// Buffer per row is ~1.5 KB of memory outside the heap, which V8 counts towards starting a full
// collection (with this and a reused body buffer, apibench's 5 lists of 10,000 pods went from 3-5
// full collections to one, in the first list).
import { compacted, prefixEnd } from '../errors.js';
import type { ScanItem, ScanOptions, ScanResult, ScanVisitor } from '../interface.js';
import type { RemainingCounts } from './remaining-counts.js';
import type { Statements } from './statements.js';

/** Keys read per statement run. */
export const SCAN_CHUNK = 256;

/** The revisions the enclosing transaction sees. */
export interface ScanSnapshot {
  readonly revision: number;
  readonly compacted: number;
}

export function scanInSnapshot(
  st: Statements,
  snap: ScanSnapshot,
  counts: RemainingCounts,
  prefix: string,
  opts: ScanOptions,
  visit: ScanVisitor,
): ScanResult {
  const end = prefixEnd(prefix);
  const after = opts.afterKey !== undefined && opts.afterKey >= prefix;
  const start = after ? opts.afterKey! : prefix;
  const at = opts.revision && opts.revision > 0 && opts.revision < snap.revision ? opts.revision : 0;
  if (at && at < snap.compacted) throw compacted(at, snap.compacted);
  const revision = at || snap.revision;
  const chunk = opts.chunk && opts.chunk > 0 ? Math.min(opts.chunk + 1, SCAN_CHUNK) : SCAN_CHUNK;
  let from = start;
  let inclusive = !after;
  let visited = 0;
  for (;;) {
    const rows = readChunk(st, at, inclusive, from, end, chunk);
    for (let i = 0; i < rows.length; i++) {
      const kv = rows[i]!;
      visited++;
      if (!visit(kv)) continue;
      // Stopped: what is left after this key, by subtraction when a page ending at start knew it.
      const known = after ? counts.take(prefix, revision, start) : undefined;
      const remaining =
        known !== undefined ? known - visited : at ? st.countAtAfter.get(kv.key, end, at, at)!.n : st.countCurrentAfter.get(kv.key, end)!.n;
      counts.record(prefix, revision, kv.key, remaining);
      return { revision, more: remaining > 0, remaining };
    }
    if (rows.length < chunk) return { revision, more: false, remaining: 0 };
    from = rows[rows.length - 1]!.key;
    inclusive = false;
  }
}

function readChunk(st: Statements, at: number, inclusive: boolean, from: string, end: string, chunk: number): ScanItem[] {
  const rows = at ? (inclusive ? st.scanAt : st.scanAtAfter).all(from, end, at, at, chunk) : (inclusive ? st.scanCurrent : st.scanCurrentAfter).all(from, end, chunk);
  return rows.map((r) => ({ key: r.key, value: exactText(r.value) ? r.value : storedBytes(st, at, r.key, r.mod_rev), createRevision: r.create_rev, modRevision: r.mod_rev }));
}

/**
 * Whether text read from stored bytes is their exact decoding. SQLite hands out the bytes as
 * they are and the decoder replaces each invalid UTF-8 sequence with U+FFFD, so text without
 * one came from valid UTF-8 (a stored U+FFFD, or a leading byte-order mark, is read as bytes).
 */
function exactText(text: string): boolean {
  return !text.includes('\uFFFD') && text.charCodeAt(0) !== 0xfeff;
}

/** The value's bytes, read again as a blob in the same transaction. */
function storedBytes(st: Statements, at: number, key: string, rev: number): Buffer {
  return at ? st.logValue.get(rev)!.value : st.getKv.get(key)!.value;
}
