// Recognises etcd failures that have a StorageError meaning; everything else passes through.
import { ClientClosedError } from 'etcd3';
import { isStorageError, unavailable } from '../errors.js';

const COMPACTED = 'required revision has been compacted';
const FUTURE = 'required revision is a future revision';

/** etcd's answer to a read (or compaction) at a revision that compaction already removed. */
export const isEtcdCompacted = (e: unknown): boolean => e instanceof Error && e.message.includes(COMPACTED);

export const isEtcdFutureRevision = (e: unknown): boolean => e instanceof Error && e.message.includes(FUTURE);

const TRANSIENT = [
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'etcdserver: request timed out',
  'etcdserver: leader changed',
  'etcdserver: no leader',
  'etcdserver: too many requests',
  'etcdserver: server stopped',
];

/** Connection loss, timeouts and leader churn become StorageError 'Unavailable'. */
export function mapEtcdError(e: unknown): unknown {
  if (isStorageError(e) || !(e instanceof Error)) return e;
  if (TRANSIENT.some((t) => e.message.includes(t)) || e instanceof ClientClosedError) {
    const err = unavailable(`etcd unavailable: ${e.message}`);
    err.cause = e;
    return err;
  }
  return e;
}
