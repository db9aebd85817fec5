// The Kubernetes protobuf envelope: the 4 bytes "k8s\0", then a runtime.Unknown message
// { typeMeta { apiVersion, kind }, raw, contentEncoding, contentType } whose raw bytes are the
// object's own message.
import protobuf from 'protobufjs';
import { ProtobufDecodeError } from './decode-error.js';

export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

export function hasMagic(body: Uint8Array): boolean {
  return body.length >= 4 && PROTOBUF_MAGIC.every((b, i) => body[i] === b);
}

/** Splits an enveloped body; throws ProtobufDecodeError when it is not one. */
export function openEnvelope(unknownType: protobuf.Type, body: Uint8Array): Envelope {
  if (!hasMagic(body)) {
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`);
  }
  let m: Record<string, any>;
  try {
    m = unknownType.decode(body.subarray(4)) as unknown as Record<string, any>;
  } catch (e) {
    throw new ProtobufDecodeError(protoErrorText(e));
  }
  const tm = (m.typeMeta ?? {}) as Record<string, unknown>;
  return {
    apiVersion: typeof tm.apiVersion === 'string' ? tm.apiVersion : '',
    kind: typeof tm.kind === 'string' ? tm.kind : '',
    raw: m.raw instanceof Uint8Array ? m.raw : new Uint8Array(0),
    contentEncoding: typeof m.contentEncoding === 'string' ? m.contentEncoding : '',
    contentType: typeof m.contentType === 'string' ? m.contentType : '',
  };
}

/** Go's protobuf error texts for what protobufjs reports. */
export function protoErrorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/index out of range/.test(msg)) return 'unexpected EOF';
  if (/invalid wire type (\d+)/.test(msg)) return `proto: illegal wireType ${/invalid wire type (\d+)/.exec(msg)![1]}`;
  return `proto: ${msg}`;
}
