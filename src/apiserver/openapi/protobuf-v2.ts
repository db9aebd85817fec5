// OpenAPI v2 as protobuf: our swagger JSON turned into gnostic's openapi.v2.Document message
// (what kubectl asks for with application/com.github.proto-openapi.spec.v2@v1.0+protobuf).
// Vendor extensions, defaults and enum values travel as YAML text, as gnostic keeps them; JSON
// is valid YAML, so they are written as JSON.
import protobuf from 'protobufjs';
import { OPENAPI_V2_PROTO } from './openapi-v2-proto.js';

type Json = Record<string, unknown>;
type Msg = Record<string, unknown>;

const root = (): protobuf.Root => protobuf.parse(OPENAPI_V2_PROTO, { keepCase: true }).root;

/** Encoder and decoder of openapi.v2.Document, built once per server. */
export class OpenApiV2Protobuf {
  private readonly document: protobuf.Type;

  constructor() {
    this.document = root().lookupType('openapi.v2.Document');
  }

  encode(doc: Json): Uint8Array {
    // Plain objects in the message's shape encode directly (no fromObject copy of ~1 MB).
    return this.document.encode(documentMessage(doc)).finish();
  }

  /** The decoded message as a plain object (tests). */
  decode(bytes: Uint8Array): Msg {
    return this.document.toObject(this.document.decode(bytes), { defaults: false, longs: Number, oneofs: false }) as Msg;
  }
}

const yamlAny = (v: unknown): Msg => ({ yaml: `${JSON.stringify(v)}\n` });

function extensions(o: Json): Msg[] {
  return Object.keys(o)
    .filter((k) => k.startsWith('x-'))
    .sort()
    .map((k) => ({ name: k, value: yamlAny(o[k]) }));
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function documentMessage(doc: Json): Msg {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Json;
  const defs = (doc.definitions ?? {}) as Json;
  const secDefs = (doc.securityDefinitions ?? {}) as Json;
  return {
    swagger: doc.swagger,
    info: { title: info.title, version: info.version },
    paths: { path: Object.entries(paths).map(([name, item]) => ({ name, value: pathItem(item as Json) })) },
    definitions: { additional_properties: Object.entries(defs).map(([name, s]) => ({ name, value: schema(s as Json) })) },
    security: ((doc.security ?? []) as Json[]).map((req) => ({
      additional_properties: Object.entries(req).map(([name, scopes]) => ({ name, value: { value: scopes as string[] } })),
    })),
    security_definitions: {
      additional_properties: Object.entries(secDefs).map(([name, d]) => ({ name, value: { api_key_security: pick(d as Json, ['type', 'name', 'in', 'description']) } })),
    },
  };
}

function pick(o: Json, keys: readonly string[]): Msg {
  const out: Msg = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function pathItem(item: Json): Msg {
  const out: Msg = {};
  for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch']) if (isObj(item[m])) out[m] = operation(item[m]);
  if (Array.isArray(item.parameters)) out.parameters = item.parameters.map((p) => parameter(p as Json));
  const ext = extensions(item);
  if (ext.length) out.vendor_extension = ext;
  return out;
}

function operation(o: Json): Msg {
  const responses = (o.responses ?? {}) as Json;
  const out: Msg = {
    ...pick(o, ['tags', 'summary', 'description', 'produces', 'consumes', 'schemes', 'deprecated']),
    responses: {
      response_code: Object.entries(responses).map(([code, r]) => {
        const resp = r as Json;
        return { name: code, value: { response: { description: resp.description ?? '', ...(isObj(resp.schema) ? { schema: { schema: schema(resp.schema) } } : {}) } } };
      }),
    },
  };
  if (o.operationId !== undefined) out.operation_id = o.operationId;
  if (Array.isArray(o.parameters)) out.parameters = o.parameters.map((p) => parameter(p as Json));
  const ext = extensions(o);
  if (ext.length) out.vendor_extension = ext;
  return out;
}

function parameter(p: Json): Msg {
  if (typeof p.$ref === 'string') return { json_reference: { _ref: p.$ref } };
  if (p.in === 'body') {
    return { parameter: { body_parameter: { ...pick(p, ['description', 'name', 'in', 'required']), ...(isObj(p.schema) ? { schema: schema(p.schema) } : {}) } } };
  }
  const base = pick(p, ['required', 'in', 'description', 'name', 'type', 'format']);
  if (p.uniqueItems !== undefined) base.unique_items = p.uniqueItems;
  const kind = p.in === 'path' ? 'path_parameter_sub_schema' : 'query_parameter_sub_schema';
  return { parameter: { non_body_parameter: { [kind]: base } } };
}

const NUMBERS: ReadonlyArray<[string, string]> = [
  ['multipleOf', 'multiple_of'],
  ['maximum', 'maximum'],
  ['minimum', 'minimum'],
  ['maxLength', 'max_length'],
  ['minLength', 'min_length'],
  ['maxItems', 'max_items'],
  ['minItems', 'min_items'],
  ['maxProperties', 'max_properties'],
  ['minProperties', 'min_properties'],
];
const BOOLS: ReadonlyArray<[string, string]> = [
  ['exclusiveMaximum', 'exclusive_maximum'],
  ['exclusiveMinimum', 'exclusive_minimum'],
  ['uniqueItems', 'unique_items'],
  ['readOnly', 'read_only'],
];

function schema(s: Json): Msg {
  const out: Msg = {};
  if (typeof s.$ref === 'string') out._ref = s.$ref;
  for (const k of ['format', 'title', 'description', 'pattern', 'discriminator']) if (typeof s[k] === 'string') out[k] = s[k];
  for (const [j, p] of NUMBERS) if (typeof s[j] === 'number') out[p] = s[j];
  for (const [j, p] of BOOLS) if (typeof s[j] === 'boolean') out[p] = s[j];
  if (s.default !== undefined) out.default = yamlAny(s.default);
  if (s.example !== undefined) out.example = yamlAny(s.example);
  if (Array.isArray(s.required)) out.required = s.required;
  if (Array.isArray(s.enum)) out.enum = s.enum.map(yamlAny);
  if (typeof s.type === 'string') out.type = { value: [s.type] };
  else if (Array.isArray(s.type)) out.type = { value: s.type };
  if (isObj(s.items)) out.items = { schema: [schema(s.items)] };
  else if (Array.isArray(s.items)) out.items = { schema: s.items.map((i) => schema(i as Json)) };
  if (typeof s.additionalProperties === 'boolean') out.additional_properties = { boolean: s.additionalProperties };
  else if (isObj(s.additionalProperties)) out.additional_properties = { schema: schema(s.additionalProperties) };
  if (Array.isArray(s.allOf)) out.all_of = s.allOf.map((a) => schema(a as Json));
  if (isObj(s.properties)) out.properties = { additional_properties: Object.entries(s.properties).map(([name, v]) => ({ name, value: schema(v as Json) })) };
  const ext = extensions(s);
  if (ext.length) out.vendor_extension = ext;
  return out;
}
