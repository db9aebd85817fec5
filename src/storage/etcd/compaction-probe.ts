// etcd does not report its compacted revision directly (the 3.4 status call lacks it), but a
// point read at revision r fails exactly when r is below it. So the compacted revision is the
// smallest readable revision, found by binary search with cheap single-key reads.
import type { KVClient } from 'etcd3';
import { isEtcdCompacted } from './etcd-errors.js';

/** Whether etcd can still serve reads at revision. */
export async function readableAt(kv: KVClient, probeKey: Buffer, revision: number): Promise<boolean> {
  try {
    await kv.range({ key: probeKey, revision, limit: 1, keys_only: true });
    return true;
  } catch (e) {
    if (isEtcdCompacted(e)) return false;
    throw e;
  }
}

/** Smallest readable revision in (knownUnreadable, current], or 0 if revision 1 is readable. */
export async function probeCompactedRevision(
  kv: KVClient,
  probeKey: Buffer,
  current: number,
  knownUnreadable = 0,
): Promise<number> {
  if (knownUnreadable < 1 && (current <= 1 || (await readableAt(kv, probeKey, 1)))) return 0;
  let lo = Math.max(knownUnreadable, 1); // unreadable
  let hi = current; // the current revision is always readable
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (await readableAt(kv, probeKey, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
