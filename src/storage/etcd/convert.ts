// Converts etcd's wire records (int64 as decimal strings, raw byte keys) to storage records.
import type { IEvent, IKeyValue } from 'etcd3';
import type { KeyValue, StorageEvent } from '../interface.js';
import type { KeyCodec } from './keys.js';

export const rev = (v: string | number | undefined | null): number => (v === undefined || v === null ? 0 : Number(v));

export function toKeyValue(codec: KeyCodec, kv: IKeyValue): KeyValue {
  return {
    key: codec.decode(kv.key),
    value: kv.value ?? Buffer.alloc(0),
    createRevision: rev(kv.create_revision),
    modRevision: rev(kv.mod_revision),
  };
}

/**
 * A put whose create and mod revisions match is a creation. For a delete etcd reports an empty
 * kv carrying only the deletion revision, so the last value comes from prev_kv (absent when that
 * history was compacted away).
 */
export function toStorageEvent(codec: KeyCodec, ev: IEvent): StorageEvent {
  const { kv } = ev;
  const key = codec.decode(kv.key);
  const revision = rev(kv.mod_revision);
  const prev = ev.prev_kv ?? undefined;
  if (ev.type === 'Delete') {
    const last = prev?.value ?? Buffer.alloc(0);
    return { type: 'delete', key, value: last, prevValue: last, revision, createRevision: rev(prev?.create_revision) };
  }
  const createRevision = rev(kv.create_revision);
  const value = kv.value ?? Buffer.alloc(0);
  if (createRevision === revision) return { type: 'create', key, value, revision, createRevision };
  return prev
    ? { type: 'update', key, value, prevValue: prev.value ?? Buffer.alloc(0), revision, createRevision }
    : { type: 'update', key, value, revision, createRevision };
}
