// Decoding check of parsed JSON against the API definitions, with upstream's semantics: what
// kube-apiserver's JSON decoder (sigs.k8s.io/json, strict mode) accepts, drops and rejects, and
// the texts it rejects with.
//
//   const checker = createSchemaChecker(definitions, { goFieldTypes });
//   const r = checker.checkObject('io.k8s.api.apps.v1.Deployment', body, { unknownFields: 'strict' });
//   r.typeErrors[0]    -> "json: cannot unmarshal string into Go struct field
//                          DeploymentSpec.spec.replicas of type int32"
//   r.unknownFields    -> ['unknown field "spec.template.spec.containers[0].imagee"']
//   r.value            -> the body without unknown fields and null fields
//
// How upstream's texts come about (and how to use the result):
// - Type errors are Go's json.UnmarshalTypeError: "json: cannot unmarshal <JSON kind> into Go
//   struct field <innermost struct>.<path of field names, no indexes or map keys> of type <Go
//   type>". Non-integers and out-of-range numbers for integer fields read "number 1.5".
// - Types with their own decoders answer with their own texts: resource.Quantity (ParseQuantity
//   errors), metav1.Time / MicroTime (time.Parse errors), []byte (base64 CorruptInputError).
// - Upstream stops at the first error of a custom decoder ("hard" errors: Quantity, Time,
//   IntOrString, the JSONSchemaProps-or-X types) and otherwise reports the first plain type
//   error; typeErrors[0] is that error, the rest follow in document order (for logs only).
//   The API server answers 400 BadRequest:
//     `${kind} in version "${version}" cannot be handled as a ${kind}: ${typeErrors[0]}`
// - unknownFields holds upstream's strict-decoding texts (`unknown field "<path>"`, at most 100)
//   and is only meaningful when typeErrors is empty. With fieldValidation=Strict the API server
//   answers 400 `... cannot be handled as a <Kind>: strict decoding error: <joined by ", ">`;
//   with Warn each becomes a warning. In 'ignore' mode they are not collected.
// - JSON null is accepted anywhere (Go keeps the zero value). Null fields are dropped from
//   `value`; null array items and map values become the type's zero value ({} , '', 0, false).
// - With the `omitEmpty` option (built-in kinds): a zero value ("", 0, false, [], {}) of a field
//   whose Go field is omitempty and not a pointer is dropped from `value`, because upstream decodes
//   into the Go struct and never stores it (`apiGroup: ""` of an RBAC subject, `hostIP: ""`).
// - Unknown fields are always dropped from `value` (in every mode). Inside
//   x-kubernetes-preserve-unknown-fields objects and RawExtension / JSON values everything is
//   kept as is.
//
// `value` is the input itself when nothing had to change; otherwise a copy of the changed parts
// (unchanged subtrees are shared with the input). The input is never mutated.
//
// Known differences, due to working on JSON.parse output instead of JSON text: integral
// numbers written as 1.0 or 1e3 are accepted for integer fields (upstream rejects them), the
// number in "number X" is JavaScript's rendering, duplicate keys cannot be seen, and escapes in
// quantity strings are already decoded.

import type { SchemaDef } from './types.js';
import { SPECIAL_DEFINITIONS as SPECIAL } from './types.js';
import { QUANTITY_FORMAT_ERROR, goBase64Error, goQuantityError, goTimeParseError } from './go-compat.js';

export type UnknownFieldMode = 'strict' | 'warn' | 'ignore';

export interface CheckOptions {
  readonly unknownFields: UnknownFieldMode;
  /**
   * Keep zero values of omitempty fields (server-side apply configurations: upstream reads them as
   * structured data, not Go structs, so an applied `replicas: 0` is owned even though the stored
   * object then omits it).
   */
  readonly keepEmpty?: boolean;
}

export interface CheckResult {
  /** Upstream's decode error texts; [0] is the one upstream reports. Empty when the body decodes. */
  typeErrors: string[];
  /** `unknown field "<path>"` texts (strict/warn modes only), in document order, at most 100. */
  unknownFields: string[];
  /** The decoded value: unknown and null fields removed. */
  value: unknown;
}

export interface SchemaChecker {
  checkObject(rootDef: string, value: unknown, opts: CheckOptions): CheckResult;
  hasDefinition(name: string): boolean;
}

export interface SchemaCheckerOptions {
  /** Go type names for fields of named Go types (see go-types.ts): def -> field -> Go type. */
  readonly goFieldTypes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * def -> space-separated JSON properties whose Go field is omitempty and not a pointer (see
   * generated/omitempty-fields.ts): their zero values are dropped, as upstream's Go structs drop them.
   */
  readonly omitEmpty?: Readonly<Record<string, string>>;
}

/** Upstream keeps at most this many strict-decoding errors. */
export const MAX_UNKNOWN_FIELDS = 100;
const MAX_TYPE_ERRORS = 100;

// Node kinds
const ANY = 0;
const STRING = 1;
const BOOL = 2;
const INT32 = 3;
const INT64 = 4;
const UINT8 = 5;
const FLOAT = 6;
const BYTES = 7;
const ARRAY = 8;
const MAP = 9;
const STRUCT = 10;
const INT_OR_STRING = 11;
const QUANTITY = 12;
const TIME = 13;
const MICRO_TIME = 14;
const SCHEMA_OR_ARRAY = 15;
const SCHEMA_OR_BOOL = 16;
const SCHEMA_OR_STRING_ARRAY = 17;

interface StructInfo {
  /** Go struct name for error context ("PodSpec"); null for inline object schemas. */
  readonly goName: string | null;
  readonly schema: SchemaDef;
  readonly def: string | null;
  readonly preserveUnknown: boolean;
  fields: Map<string, Node> | null; // compiled on first use
  /** Properties whose zero value is dropped (Go omitempty, not a pointer); set with `fields`. */
  omitEmpty: ReadonlySet<string> | null;
}

/** A compiled schema. One class so that every node has the same shape (fast property access). */
class Node {
  constructor(
    readonly k: number,
    /** Go type as upstream's errors print it. */
    readonly go: string,
    readonly elem: Node | null = null,
    readonly st: StructInfo | null = null,
  ) {}
}

/** encoding/json's "empty" for omitempty: false, 0, "", and empty arrays and maps. */
function isGoEmpty(v: unknown): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object') {
    for (const _ in v) return false;
    return Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;
  }
  return false;
}

/** A field to remove from its object. */
const DROP: unique symbol = Symbol('drop');
type Out = unknown;

interface Err {
  hard: boolean;
  text?: string; // a message that is not an UnmarshalTypeError
  value?: string;
  go?: string;
  struct?: string;
  field?: string;
  ctx?: boolean;
}

function formatErr(e: Err): string {
  if (e.text !== undefined) return e.text;
  if (e.ctx) return `json: cannot unmarshal ${e.value} into Go struct field ${e.struct}.${e.field} of type ${e.go}`;
  return `json: cannot unmarshal ${e.value} into Go value of type ${e.go}`;
}

function jsonKind(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return Array.isArray(v) ? 'array' : 'object';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setProp(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Element Go type of a slice or map Go type, if it is spelled as one. */
function elemGoType(go: string | undefined): string | undefined {
  if (go === undefined) return undefined;
  if (go.startsWith('[]')) return go.slice(2);
  if (go.startsWith('map[')) {
    let depth = 0;
    for (let i = 3; i < go.length; i++) {
      if (go[i] === '[') depth++;
      else if (go[i] === ']' && --depth === 0) return go.slice(i + 1);
    }
  }
  return undefined;
}

function goNameOf(defName: string): { pkg: string; type: string } {
  const parts = defName.split('.');
  return { type: parts[parts.length - 1] ?? defName, pkg: parts[parts.length - 2] ?? '' };
}

function btoaBytes(bytes: readonly number[]): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function createSchemaChecker(
  definitions: Readonly<Record<string, SchemaDef>>,
  options: SchemaCheckerOptions = {},
): SchemaChecker {
  const goFieldTypes = options.goFieldTypes ?? {};
  const omitEmpty = options.omitEmpty ?? {};
  const noOmitEmpty: ReadonlySet<string> = new Set();
  const defNodes = new Map<string, Node>();
  const anyNode = new Node(ANY, 'interface {}');

  function defNode(name: string): Node {
    let n = defNodes.get(name);
    if (n) return n;
    const { pkg, type } = goNameOf(name);
    const go = `${pkg}.${type}`;
    switch (name) {
      case SPECIAL.intOrString:
        n = new Node(INT_OR_STRING, go);
        break;
      case SPECIAL.quantity:
        n = new Node(QUANTITY, go);
        break;
      case SPECIAL.time:
        n = new Node(TIME, go);
        break;
      case SPECIAL.microTime:
        n = new Node(MICRO_TIME, go);
        break;
      case SPECIAL.rawExtension:
      case SPECIAL.fieldsV1:
      case SPECIAL.json:
        n = new Node(ANY, go);
        break;
      case SPECIAL.jsonSchemaPropsOrArray:
        n = new Node(SCHEMA_OR_ARRAY, go);
        break;
      case SPECIAL.jsonSchemaPropsOrBool:
        n = new Node(SCHEMA_OR_BOOL, go);
        break;
      case SPECIAL.jsonSchemaPropsOrStringArray:
        n = new Node(SCHEMA_OR_STRING_ARRAY, go);
        break;
      default: {
        const def = definitions[name];
        if (!def) {
          n = new Node(ANY, go);
        } else if (def.type === 'object' && def.additionalProperties === undefined) {
          n = new Node(STRUCT, go, null, {
            goName: type,
            schema: def,
            def: name,
            preserveUnknown: def['x-kubernetes-preserve-unknown-fields'] === true,
            fields: null,
            omitEmpty: null,
          });
        } else {
          n = compile(def, undefined);
        }
      }
    }
    defNodes.set(name, n);
    return n;
  }

  function compile(s: SchemaDef, go: string | undefined): Node {
    if (s.$ref !== undefined) {
      const n = defNode(s.$ref);
      return go !== undefined && go !== n.go ? new Node(n.k, go, n.elem, n.st) : n;
    }
    if (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string') {
      return new Node(INT_OR_STRING, go ?? 'intstr.IntOrString');
    }
    switch (s.type) {
      case 'string':
        if (s.format === 'byte') return new Node(BYTES, go ?? '[]uint8', new Node(UINT8, 'uint8'));
        return new Node(STRING, go ?? 'string');
      case 'boolean':
        return new Node(BOOL, go ?? 'bool');
      case 'integer':
        if (s.format === 'int32') return new Node(INT32, go ?? 'int32');
        return new Node(INT64, go ?? 'int64');
      case 'number':
        return new Node(FLOAT, go ?? 'float64');
      case 'array': {
        const elem = compile(s.items ?? {}, elemGoType(go));
        return new Node(ARRAY, go ?? `[]${elem.go}`, elem);
      }
      case 'object': {
        if (s.properties !== undefined) {
          return new Node(STRUCT, go ?? 'struct', null, {
            goName: null,
            schema: s,
            def: null,
            preserveUnknown: s['x-kubernetes-preserve-unknown-fields'] === true,
            fields: null,
            omitEmpty: null,
          });
        }
        const ap = s.additionalProperties;
        if (ap !== undefined && ap !== false) {
          const elem = ap === true ? anyNode : compile(ap, elemGoType(go));
          return new Node(MAP, go ?? `map[string]${elem.go}`, elem);
        }
        return new Node(ANY, go ?? 'map[string]interface {}');
      }
      default:
        return new Node(ANY, go ?? 'interface {}');
    }
  }

  function fieldsOf(st: StructInfo): Map<string, Node> {
    if (st.fields) return st.fields;
    const overrides = st.def !== null ? goFieldTypes[st.def] : undefined;
    const m = new Map<string, Node>();
    for (const [name, s] of Object.entries(st.schema.properties ?? {})) {
      m.set(name, compile(s, overrides?.[name]));
    }
    const omit = st.def !== null && Object.prototype.hasOwnProperty.call(omitEmpty, st.def) ? omitEmpty[st.def] : undefined;
    st.omitEmpty = omit ? new Set(omit.split(' ')) : noOmitEmpty;
    st.fields = m;
    return m;
  }

  // Nodes used by the JSONSchemaProps-or-X decoders.
  let schemaNodes: { props: Node; propsArray: Node; strings: Node } | null = null;
  function schemaOrNodes(): { props: Node; propsArray: Node; strings: Node } {
    if (!schemaNodes) {
      const props = defNode(SPECIAL.jsonSchemaProps);
      schemaNodes = {
        props,
        propsArray: new Node(ARRAY, `[]${props.go}`, props),
        strings: new Node(ARRAY, '[]string', new Node(STRING, 'string')),
      };
    }
    return schemaNodes;
  }

  function zeroOf(n: Node): unknown {
    switch (n.k) {
      case STRING:
        return '';
      case BOOL:
        return false;
      case INT32:
      case INT64:
      case UINT8:
      case FLOAT:
      case INT_OR_STRING:
        return 0;
      case QUANTITY:
        return '0';
      case STRUCT:
        return {};
      default:
        return null;
    }
  }

  class Walker {
    errs: Err[] = [];
    firstHard = -1;
    unknown: string[] = [];
    /** Go's errorContext: names of the struct fields on the way (no indexes, no map keys). */
    goStack: string[] = [];
    goStruct = '';
    /** The strict-decoding path: field names, map keys and indexes. */
    path: (string | number)[] = [];
    /** > 0 inside a nested, non-strict decode (JSONSchemaProps-or-X). */
    nested = 0;

    constructor(
      readonly collectUnknown: boolean,
      readonly keepEmpty = false,
    ) {}

    typeError(value: string, go: string, hard = false): void {
      const ctx = this.goStack.length > 0 || this.goStruct !== '';
      this.push({ hard, value, go, ctx, struct: this.goStruct, field: this.goStack.join('.') });
    }

    plainError(text: string, hard: boolean): void {
      this.push({ hard, text });
    }

    push(e: Err): void {
      if (this.errs.length >= MAX_TYPE_ERRORS) return;
      if (e.hard && this.firstHard < 0) this.firstHard = this.errs.length;
      this.errs.push(e);
    }

    unknownField(key: string): void {
      if (this.nested > 0 || !this.collectUnknown || this.unknown.length >= MAX_UNKNOWN_FIELDS) return;
      let p = '';
      for (const seg of this.path) {
        if (typeof seg === 'number') p += `[${seg}]`;
        else p += p === '' ? seg : `.${seg}`;
      }
      p += p === '' ? key : `.${key}`;
      this.unknown.push(`unknown field ${JSON.stringify(p)}`);
    }

    walk(n: Node, v: unknown): Out {
      switch (n.k) {
        case STRUCT:
          return this.walkStruct(n, v);
        case STRING:
          if (typeof v !== 'string') this.typeError(jsonKind(v), n.go);
          return v;
        case INT32:
          if (typeof v === 'number') {
            if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) this.typeError(`number ${v}`, n.go);
          } else this.typeError(jsonKind(v), n.go);
          return v;
        case INT64:
          if (typeof v === 'number') {
            if (!Number.isInteger(v) || v < -9223372036854775808 || v >= 9223372036854775808) {
              this.typeError(`number ${v}`, n.go);
            }
          } else if (typeof v !== 'bigint') this.typeError(jsonKind(v), n.go);
          return v;
        case UINT8:
          if (typeof v === 'number') {
            if (!Number.isInteger(v) || v < 0 || v > 255) this.typeError(`number ${v}`, n.go);
          } else this.typeError(jsonKind(v), n.go);
          return v;
        case BOOL:
          if (typeof v !== 'boolean') this.typeError(jsonKind(v), n.go);
          return v;
        case FLOAT:
          if (typeof v !== 'number') this.typeError(jsonKind(v), n.go);
          return v;
        case ARRAY:
          return this.walkArray(n, v);
        case MAP:
          return this.walkMap(n, v);
        case BYTES:
          return this.walkBytes(n, v);
        case INT_OR_STRING:
          // intstr.IntOrString.UnmarshalJSON: a string, or else json.Unmarshal into int32.
          if (typeof v === 'string') return v;
          if (typeof v === 'number') {
            if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) this.typeError(`number ${v}`, 'int32', true);
          } else this.typeError(jsonKind(v), 'int32', true);
          return v;
        case QUANTITY: {
          // resource.Quantity.UnmarshalJSON: ParseQuantity of the trimmed text (quotes removed).
          if (typeof v === 'number' || typeof v === 'bigint') return v;
          const msg = typeof v === 'string' ? goQuantityError(v.trim()) : QUANTITY_FORMAT_ERROR;
          if (msg !== null) this.plainError(msg, true);
          return v;
        }
        case TIME:
        case MICRO_TIME:
          // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse.
          if (typeof v === 'string') {
            const msg = goTimeParseError(v, n.k === MICRO_TIME);
            if (msg !== null) this.plainError(msg, true);
          } else this.typeError(jsonKind(v), 'string', true);
          return v;
        case SCHEMA_OR_BOOL:
          if (typeof v === 'boolean') return v;
          if (isPlainObject(v)) return this.walkNested(schemaOrNodes().props, v);
          this.plainError('boolean or JSON schema expected', true);
          return v;
        case SCHEMA_OR_ARRAY:
          if (isPlainObject(v)) return this.walkNested(schemaOrNodes().props, v);
          if (Array.isArray(v)) return this.walkNested(schemaOrNodes().propsArray, v);
          return DROP; // ignored by upstream
        case SCHEMA_OR_STRING_ARRAY:
          if (isPlainObject(v)) return this.walkNested(schemaOrNodes().props, v);
          if (Array.isArray(v)) return this.walkNested(schemaOrNodes().strings, v);
          return DROP;
        default:
          return v;
      }
    }

    walkStruct(n: Node, v: unknown): Out {
      if (!isPlainObject(v)) {
        this.typeError(jsonKind(v), n.go);
        return v;
      }
      const st = n.st!;
      const fields = fieldsOf(st);
      const keys = Object.keys(v);
      const outerStruct = this.goStruct;
      let out: Record<string, unknown> | null = null;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const val = v[key];
        const f = fields.get(key);
        let nv: Out;
        if (f === undefined) {
          if (st.preserveUnknown) nv = val;
          else {
            this.unknownField(key);
            nv = DROP;
          }
        } else if (val === null || val === undefined) {
          nv = DROP;
        } else {
          this.goStack.push(key);
          this.path.push(key);
          if (st.goName !== null) this.goStruct = st.goName;
          nv = this.walk(f, val);
          this.goStack.pop();
          this.path.pop();
          this.goStruct = outerStruct;
          if (!this.keepEmpty && isGoEmpty(nv) && st.omitEmpty!.has(key)) nv = DROP;
        }
        if (nv !== val && out === null) {
          out = {};
          for (let j = 0; j < i; j++) setProp(out, keys[j]!, v[keys[j]!]);
        }
        if (out !== null && nv !== DROP) setProp(out, key, nv);
      }
      return out ?? v;
    }

    walkArray(n: Node, v: unknown): Out {
      if (!Array.isArray(v)) {
        this.typeError(jsonKind(v), n.go);
        return v;
      }
      const elem = n.elem!;
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        let ne: Out;
        if (e === null || e === undefined) ne = zeroOf(elem);
        else {
          this.path.push(i);
          ne = this.walk(elem, e);
          this.path.pop();
          if (ne === DROP) ne = null;
        }
        if (ne !== e && out === null) out = v.slice(0, i);
        if (out !== null) out.push(ne);
      }
      return out ?? v;
    }

    walkMap(n: Node, v: unknown): Out {
      if (!isPlainObject(v)) {
        this.typeError(jsonKind(v), n.go);
        return v;
      }
      const elem = n.elem!;
      const keys = Object.keys(v);
      let out: Record<string, unknown> | null = null;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const val = v[key];
        let nv: Out;
        if (val === null || val === undefined) nv = zeroOf(elem);
        else if (elem.k === ANY) nv = val;
        else {
          this.path.push(key);
          nv = this.walk(elem, val);
          this.path.pop();
          if (nv === DROP) nv = null;
        }
        if (nv !== val && out === null) {
          out = {};
          for (let j = 0; j < i; j++) setProp(out, keys[j]!, v[keys[j]!]);
        }
        if (out !== null) setProp(out, key, nv);
      }
      return out ?? v;
    }

    walkBytes(n: Node, v: unknown): Out {
      if (typeof v === 'string') {
        const msg = goBase64Error(v);
        if (msg !== null) this.plainError(msg, false);
        return v;
      }
      if (Array.isArray(v)) {
        // Go decodes a JSON array of numbers into []byte; it re-encodes as base64.
        const before = this.errs.length;
        const checked = this.walkArray(new Node(ARRAY, n.go, n.elem), v) as unknown[];
        if (this.errs.length !== before) return v;
        return btoaBytes(checked as number[]);
      }
      this.typeError(jsonKind(v), n.go);
      return v;
    }

    /** A nested json.Unmarshal inside a custom decoder: not strict; its first error is fatal. */
    walkNested(n: Node, v: unknown): Out {
      const saved = { errs: this.errs, firstHard: this.firstHard, goStack: this.goStack, goStruct: this.goStruct };
      this.errs = [];
      this.firstHard = -1;
      this.goStack = [];
      this.goStruct = '';
      this.nested++;
      const out = this.walk(n, v);
      const inner = this.errs[this.firstHard >= 0 ? this.firstHard : 0];
      this.nested--;
      this.errs = saved.errs;
      this.firstHard = saved.firstHard;
      this.goStack = saved.goStack;
      this.goStruct = saved.goStruct;
      if (inner) {
        if (inner.text === undefined && (this.goStack.length > 0 || this.goStruct !== '')) {
          // The outer decoder's addErrorContext rewrites the inner UnmarshalTypeError's place.
          this.push({ ...inner, hard: true, ctx: true, struct: this.goStruct, field: this.goStack.join('.') });
        } else {
          this.push({ ...inner, hard: true });
        }
      }
      return out;
    }
  }

  return {
    hasDefinition(name: string): boolean {
      return Object.prototype.hasOwnProperty.call(definitions, name);
    },
    checkObject(rootDef: string, value: unknown, opts: CheckOptions): CheckResult {
      if (!Object.prototype.hasOwnProperty.call(definitions, rootDef)) {
        throw new Error(`unknown API definition ${rootDef}`);
      }
      const w = new Walker(opts.unknownFields !== 'ignore', opts.keepEmpty === true);
      let out: unknown = value;
      if (value !== null && value !== undefined) {
        out = w.walk(defNode(rootDef), value);
        if (out === DROP) out = null;
      }
      const errs = w.errs;
      if (w.firstHard > 0) errs.unshift(...errs.splice(w.firstHard, 1));
      return { typeErrors: errs.map(formatErr), unknownFields: w.unknown, value: out };
    },
  };
}
