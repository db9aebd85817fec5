// Objects are stored as compact JSON without metadata.resourceVersion: the store's modRevision
// is the resourceVersion, put back on the way out. Lists splice the revision into the stored
// bytes instead of parsing and re-serialising every item.
import type { KeyValue } from '../storage/interface.js';

export type KObject = Record<string, unknown> & { metadata?: Record<string, unknown> };

const META_TEXT = '"metadata":{';
const META = Buffer.from(META_TEXT);
const CLOSE_BRACE = 0x7d;

/** The bytes to store: the object without its resourceVersion. */
export function encodeForStorage(obj: KObject): Buffer {
  const meta = obj.metadata;
  if (meta && 'resourceVersion' in meta) {
    const { resourceVersion: _rv, ...rest } = meta;
    return Buffer.from(JSON.stringify({ ...obj, metadata: rest }));
  }
  return Buffer.from(JSON.stringify(obj));
}

/** Parse stored bytes (or their text) and set metadata.resourceVersion. */
export function decodeStored(value: Buffer | string, revision: number): KObject {
  const obj = JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as KObject;
  const meta = (obj.metadata ??= {});
  meta.resourceVersion = String(revision);
  return obj;
}

export const decodeKv = (kv: KeyValue): KObject => decodeStored(kv.value, kv.modRevision);

/**
 * The JSON text of a stored object with resourceVersion set, without parsing it. Stored objects
 * always begin with kind and apiVersion (see canonicalOrder), so the first `"metadata":{` is the
 * object's own metadata.
 */
export function spliceRevision(value: Buffer, revision: number): Buffer {
  const insertAt = revisionInsertAt(value);
  if (insertAt < 0) return Buffer.from(JSON.stringify(decodeStored(value, revision)));
  const rv = Buffer.from(revisionMember(revision, value[insertAt] === CLOSE_BRACE));
  return Buffer.concat([value.subarray(0, insertAt), rv, value.subarray(insertAt)]);
}

/** Like spliceRevision, but as chunks that share the stored bytes (no copy of the object). */
export function spliceRevisionChunks(value: Buffer, revision: number): Buffer[] {
  const insertAt = revisionInsertAt(value);
  if (insertAt < 0) return [spliceRevision(value, revision)];
  return [value.subarray(0, insertAt), Buffer.from(revisionMember(revision, value[insertAt] === CLOSE_BRACE)), value.subarray(insertAt)];
}

/** Where the splice puts the resourceVersion in stored bytes (just inside metadata), or -1 to re-encode. */
export function revisionInsertAt(value: Buffer): number {
  const at = value.indexOf(META);
  return at < 0 ? -1 : at + META.length;
}

/** revisionInsertAt for the stored bytes' text: an index into the string. */
export function revisionInsertAtText(text: string): number {
  const at = text.indexOf(META_TEXT);
  return at < 0 ? -1 : at + META_TEXT.length;
}

/** The resourceVersion member the splice inserts (followed by a comma unless metadata is empty). */
export function revisionMember(revision: number, emptyMetadata: boolean): string {
  return `"resourceVersion":"${revision}"${emptyMetadata ? '' : ','}`;
}

/** Put kind, apiVersion and metadata first (the order upstream serialises in). */
export function canonicalOrder(obj: KObject): KObject {
  const { kind, apiVersion, metadata, ...rest } = obj;
  const out: KObject = {};
  if (kind !== undefined) out.kind = kind;
  if (apiVersion !== undefined) out.apiVersion = apiVersion;
  if (metadata !== undefined) out.metadata = metadata;
  return Object.assign(out, rest);
}
