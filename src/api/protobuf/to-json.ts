// A decoded protobuf message -> the plain JSON value Go's encoding/json would have produced for
// the same Go object: JSON names, inlined embedded structs, zero scalars dropped where the Go
// field is not a pointer and has omitempty, Time/Quantity/IntOrString/... in their JSON forms,
// []byte as base64.
import protobuf from 'protobufjs';
import type { ProtobufFieldSpec } from '../schema/protobuf-types.js';
import { ProtobufDecodeError } from './decode-error.js';
import {
  APIEXT_JSON,
  DURATION,
  FIELDS_V1,
  formatDuration,
  formatTime,
  INT_OR_STRING,
  JSON_SCHEMA_PROPS,
  MICRO_TIME,
  QUANTITY,
  RAW_EXTENSION,
  SCHEMA_OR_ARRAY,
  SCHEMA_OR_BOOL,
  SCHEMA_OR_STRING_ARRAY,
  TIME,
} from './go-wire-types.js';
import { wireName, type MessageTypes } from './message-types.js';

type Msg = Record<string, unknown>;

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Protobuf 64-bit integers (Long objects) as JS numbers. */
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object') return protobuf.util.LongBits.from(v as protobuf.Long).toNumber(false);
  return Number(v);
}

const base64 = (b: Uint8Array) => protobuf.util.base64.encode(b, 0, b.length);

function utf8(b: Uint8Array): string {
  return protobuf.util.utf8.read(b, 0, b.length);
}

function rawJson(b: unknown, what: string): unknown {
  if (!(b instanceof Uint8Array) || b.length === 0) return undefined;
  try {
    return JSON.parse(utf8(b));
  } catch (e) {
    throw new ProtobufDecodeError(`${what}: ${(e as Error).message}`);
  }
}

export class GoJsonConverter {
  constructor(private readonly types: MessageTypes) {}

  /** The JSON form of a message of `definition`; undefined means "no value" (Go's null). */
  message(definition: string, m: Msg, depth = 0): unknown {
    if (depth > 100) throw new ProtobufDecodeError('the message nests too deeply');
    switch (definition) {
      case TIME:
      case MICRO_TIME:
        return timeOf(m, definition === MICRO_TIME);
      case DURATION:
        return formatDuration(num(m.duration ?? 0));
      case QUANTITY:
        return typeof m.string === 'string' && m.string !== '' ? m.string : '0';
      case INT_OR_STRING:
        return num(m.type ?? 0) === 1 ? String(m.strVal ?? '') : num(m.intVal ?? 0);
      case RAW_EXTENSION:
        return rawJson(m.raw, 'RawExtension');
      case FIELDS_V1:
        return rawJson(m.Raw, 'FieldsV1');
      case APIEXT_JSON:
        return rawJson(m.raw, 'JSON');
      case SCHEMA_OR_ARRAY:
      case SCHEMA_OR_BOOL:
      case SCHEMA_OR_STRING_ARRAY:
        return this.schemaOr(definition, m, depth);
    }
    const spec = this.types.specOf(definition);
    if (!spec) throw new ProtobufDecodeError(`no protobuf message for ${definition}`);
    if (spec.goSlice) {
      const items = m.items as unknown[] | undefined;
      return items?.length ? items.map((v) => this.value(spec.fields.items!, v, depth)) : [];
    }
    const out: Msg = {};
    for (const [name, f] of Object.entries(spec.fields)) {
      const wire = wireName(name, f);
      if (!own(m, wire)) continue;
      const v = m[wire];
      if (f.key) {
        const entries = Object.entries(v as Msg);
        if (!entries.length) continue;
        out[name] = Object.fromEntries(entries.map(([k, x]) => [k, this.value(f, x, depth)]));
        continue;
      }
      if (f.repeated) {
        if (!(v as unknown[]).length) continue;
        // an element without a value (an empty JSON/RawExtension) is Go's null
        out[name] = (v as unknown[]).map((x) => this.value(f, x, depth) ?? null);
        continue;
      }
      const go = f.go ?? '';
      const json = this.value(f, v, depth);
      if (json === undefined) continue;
      if (go.includes('inline')) {
        if (json && typeof json === 'object') Object.assign(out, json);
        continue;
      }
      // omitempty drops a Go zero value of a scalar; structs (Quantity, IntOrString, ...) stay.
      if (!go.includes('ptr') && go.includes('omitempty') && SCALARS.has(f.type) && isZeroScalar(json)) continue;
      out[name] = json;
    }
    return out;
  }

  /**
   * The "schema or X" unions of CRD schemas, as their Go MarshalJSON writes them: the array form
   * when it has entries, else the schema, else the bool (OrBool) or nothing.
   */
  private schemaOr(definition: string, m: Msg, depth: number): unknown {
    const schema = (x: unknown) => this.message(JSON_SCHEMA_PROPS, x as Msg, depth + 1);
    const many = definition === SCHEMA_OR_ARRAY ? (m.jSONSchemas as Msg[] | undefined) : definition === SCHEMA_OR_STRING_ARRAY ? (m.property as string[] | undefined) : undefined;
    if (many?.length) return definition === SCHEMA_OR_ARRAY ? many.map(schema) : many;
    if (own(m, 'schema') && m.schema) return schema(m.schema);
    if (definition === SCHEMA_OR_BOOL) return m.allows === true;
    return undefined;
  }

  private value(f: ProtobufFieldSpec, v: unknown, depth: number): unknown {
    switch (f.type) {
      case 'string':
      case 'bool':
      case 'double':
      case 'float':
        return v;
      case 'int32':
      case 'uint32':
      case 'sint32':
      case 'fixed32':
      case 'sfixed32':
      case 'int64':
      case 'uint64':
      case 'sint64':
      case 'fixed64':
      case 'sfixed64':
        return num(v);
      case 'bytes':
        return base64(v as Uint8Array);
      default:
        return this.message(f.type, v as Msg, depth + 1);
    }
  }
}

const SCALARS = new Set(['string', 'bool', 'double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'bytes']);

function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function timeOf(m: Msg, micro: boolean): string | undefined {
  if (!own(m, 'seconds') && !own(m, 'nanos')) return undefined;
  let seconds = num(m.seconds ?? 0);
  let nanos = num(m.nanos ?? 0);
  if (nanos < 0 || nanos >= 1e9) {
    seconds += Math.floor(nanos / 1e9);
    nanos = ((nanos % 1e9) + 1e9) % 1e9;
  }
  // Go refuses to marshal years outside [0, 9999].
  if (seconds < -62167219200 || seconds > 253402300799) {
    throw new ProtobufDecodeError(`Time.MarshalJSON: year outside of range [0,9999]`);
  }
  return formatTime(seconds, nanos, micro);
}
