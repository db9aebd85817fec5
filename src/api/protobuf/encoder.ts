// Plain JSON objects of built-in kinds -> Kubernetes protobuf bodies (envelope included), from the
// same field table the decoder uses. Used by tests and tools that speak protobuf to the server.
import protobuf from 'protobufjs';
import { PROTOBUF_MAGIC } from './envelope.js';
import { APIEXT_JSON, DURATION, FIELDS_V1, INT_OR_STRING, JSON_SCHEMA_PROPS, MICRO_TIME, QUANTITY, RAW_EXTENSION, SCHEMA_OR_ARRAY, SCHEMA_OR_BOOL, SCHEMA_OR_STRING_ARRAY, TIME, UNKNOWN } from './go-wire-types.js';
import { buildMessageTypes, wireName, type MessageTypes } from './message-types.js';
import type { ProtobufFieldSpec, ProtobufMessageSpec } from '../schema/protobuf-types.js';

type Obj = Record<string, unknown>;

export class ProtobufEncoder {
  private readonly types: MessageTypes;

  constructor(
    messages: Readonly<Record<string, ProtobufMessageSpec>>,
    private readonly definitionForKind: (apiVersion: string, kind: string) => string | undefined,
  ) {
    this.types = buildMessageTypes(messages);
  }

  /** The enveloped protobuf body of a JSON object with apiVersion and kind. */
  encode(obj: Obj): Uint8Array {
    const apiVersion = String(obj.apiVersion ?? '');
    const kind = String(obj.kind ?? '');
    const def = this.definitionForKind(apiVersion, kind);
    if (!def) throw new Error(`no protobuf message for ${apiVersion} ${kind}`);
    return this.envelope(apiVersion, kind, this.encodeMessage(def, obj));
  }

  /** The envelope around an already encoded object message. */
  envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
    const unknown = this.types.typeOf(UNKNOWN)!;
    const env = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
    const out = new Uint8Array(4 + env.length);
    out.set(PROTOBUF_MAGIC, 0);
    out.set(env, 4);
    return out;
  }

  /** One message of `definition` (no envelope). */
  encodeMessage(definition: string, value: Obj): Uint8Array {
    const type = this.types.typeOf(definition);
    if (!type) throw new Error(`no protobuf message for ${definition}`);
    return type.encode(type.fromObject(this.toProto(definition, value) as Obj)).finish();
  }

  /** A JSON value of `definition` -> the plain object protobufjs encodes. */
  toProto(definition: string, v: unknown): unknown {
    switch (definition) {
      case TIME:
      case MICRO_TIME: {
        const ms = Date.parse(String(v));
        const seconds = Math.floor(ms / 1000);
        const frac = /\.(\d+)/.exec(String(v))?.[1] ?? '';
        return { seconds, nanos: Number(frac.padEnd(9, '0').slice(0, 9)) };
      }
      case DURATION:
        return { duration: parseDuration(String(v)) };
      case QUANTITY:
        return { string: String(v) };
      case INT_OR_STRING:
        return typeof v === 'number' ? { type: 0, intVal: v } : { type: 1, strVal: String(v) };
      case RAW_EXTENSION:
        return { raw: protobuf.util.base64.encode(utf8(JSON.stringify(v)), 0, utf8(JSON.stringify(v)).length) };
      case FIELDS_V1: {
        const b = utf8(JSON.stringify(v));
        return { Raw: protobuf.util.base64.encode(b, 0, b.length) };
      }
      case APIEXT_JSON: {
        const b = utf8(JSON.stringify(v));
        return { raw: protobuf.util.base64.encode(b, 0, b.length) };
      }
      case SCHEMA_OR_ARRAY:
        return Array.isArray(v) ? { jSONSchemas: v.map((x) => this.toProto(JSON_SCHEMA_PROPS, x)) } : { schema: this.toProto(JSON_SCHEMA_PROPS, v) };
      case SCHEMA_OR_BOOL:
        // Go's UnmarshalJSON: a schema means allows=true
        return typeof v === 'boolean' ? { allows: v } : { allows: true, schema: this.toProto(JSON_SCHEMA_PROPS, v) };
      case SCHEMA_OR_STRING_ARRAY:
        return Array.isArray(v) ? { property: v.map(String) } : { schema: this.toProto(JSON_SCHEMA_PROPS, v) };
    }
    const spec = this.types.specOf(definition);
    if (!spec) throw new Error(`no protobuf message for ${definition}`);
    if (spec.goSlice) return { items: (v as unknown[]).map((x) => this.fieldValue(spec.fields.items!, x)) };
    const obj = (v ?? {}) as Obj;
    const out: Obj = {};
    for (const [name, f] of Object.entries(spec.fields)) {
      if (f.go?.includes('inline')) {
        out[name] = this.toProto(f.type, obj);
        continue;
      }
      const x = obj[name];
      if (x === undefined || x === null) continue;
      const wire = wireName(name, f);
      if (f.key) out[wire] = Object.fromEntries(Object.entries(x as Obj).map(([k, y]) => [k, this.fieldValue(f, y)]));
      else if (f.repeated) out[wire] = (x as unknown[]).map((y) => this.fieldValue(f, y));
      else out[wire] = this.fieldValue(f, x);
    }
    return out;
  }

  private fieldValue(f: ProtobufFieldSpec, v: unknown): unknown {
    if (f.type === 'bytes' || !this.types.specOf(f.type)) return v;
    return this.toProto(f.type, v);
  }
}

function utf8(s: string): Uint8Array {
  const out = new Uint8Array(protobuf.util.utf8.length(s));
  protobuf.util.utf8.write(s, out, 0);
  return out;
}

/** Go duration strings ("1h2m3.5s", "150ms") -> nanoseconds. */
function parseDuration(s: string): number {
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };
  let total = 0;
  for (const [, n, u] of s.matchAll(/([\d.]+)(ns|us|µs|ms|s|m|h)/g)) total += Number(n) * units[u!]!;
  return Math.round(s.startsWith('-') ? -total : total);
}
