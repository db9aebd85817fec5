import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { newInvalid } from '../errors.js';
import { fieldErrorString } from '../field-errors.js';
import { applySchemaDefaults, pruneNonNullableNulls } from './defaults.js';
import { pruneUnknownFields } from './prune.js';
import { validateAgainstSchema, validateCustomResource, validateEmbeddedObjectMeta, validateListSetsAndMaps } from './validate-custom-resource.js';

type Props = Record<string, unknown>;
const root = (props: Props, extra: Props = {}) => ({
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...props },
  ...extra,
});
const specSchema = (props: Props, extra: Props = {}) => root({ spec: { type: 'object', properties: props, ...extra } });
const check = (props: Props, spec: unknown, extra: Props = {}) => validateCustomResource(specSchema(props, extra), { spec }).map(fieldErrorString);

/** The server's decoding and validation of a custom resource, minus CEL rules. */
function serverPipeline(schema: unknown, obj: unknown) {
  const pruned = pruneUnknownFields(schema, obj);
  pruneNonNullableNulls(schema, obj);
  applySchemaDefaults(schema, obj);
  return { pruned, errs: validateCustomResource(schema, obj) };
}

const GK = { group: 'stable.example.com', kind: 'CELBasic' };

// Real server 422 bodies from kubectl-validate's testcases. Those for built-in kinds use the
// same kube-openapi validator, reproduced here with an equivalent CRD schema.

test('reference: error_array_instead_of_map.yaml (type mismatch)', () => {
  const schema = root({ data: { type: 'object', additionalProperties: { type: 'string' } } });
  const e = newInvalid(GK, 'my-deployment', validateCustomResource(schema, { data: ['not a map'] }));
  assert.equal(e.message, 'CELBasic.stable.example.com "my-deployment" is invalid: data: Invalid value: "array": data in body must be of type object: "array"');
  assert.deepEqual(e.details?.causes, [
    { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "array": data in body must be of type object: "array"', field: 'data' },
  ]);
});

test('reference: error_enum_invalid.yaml (nested enum)', () => {
  const schema = specSchema({
    containers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          ports: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP', enum: ['SCTP', 'TCP', 'UDP'] }, containerPort: { type: 'integer' } } } },
        },
      },
    },
  });
  const errs = validateCustomResource(schema, { spec: { containers: [{ name: 'nginx', ports: [{ protocol: 'udp', containerPort: 88 }] }] } });
  assert.deepEqual(newInvalid(GK, 'nginx-pod', errs).details?.causes, [
    { reason: 'FieldValueNotSupported', message: 'Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"', field: 'spec.containers[0].ports[0].protocol' },
  ]);
});

const portsSchema = specSchema({
  containers: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
          items: { type: 'object', required: ['containerPort'], properties: { containerPort: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
        },
      },
    },
  },
});

test('reference: error_x_list_map_duplicate_key.yaml', () => {
  const obj = { spec: { containers: [{ name: 'nginx', ports: [{ protocol: 'UDP', containerPort: 88 }, { containerPort: 88, protocol: 'TCP' }, { protocol: 'TCP', containerPort: 88 }] }] } };
  const e = newInvalid({ group: '', kind: 'Pod' }, 'nginx-pod', validateCustomResource(portsSchema, obj));
  assert.equal(e.message, 'Pod "nginx-pod" is invalid: spec.containers[0].ports[2]: Duplicate value: {"containerPort":88,"protocol":"TCP"}');
  assert.deepEqual(e.details?.causes, [
    { reason: 'FieldValueDuplicate', message: 'Duplicate value: {"containerPort":88,"protocol":"TCP"}', field: 'spec.containers[0].ports[2]' },
  ]);
});

test('reference: x_list_map_nonduplicate_key.yaml', () => {
  const obj = { spec: { containers: [{ name: 'nginx', ports: [{ protocol: 'UDP', containerPort: 88 }, { containerPort: 88, protocol: 'TCP' }] }] } };
  assert.deepEqual(validateCustomResource(portsSchema, obj), []);
});

// crds/cel_basic.yaml without its CEL rules
const celBasic = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    value: { type: 'integer' },
    other_value: { type: 'integer' },
    map_list: {
      type: 'array',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      'x-kubernetes-list-type': 'map',
      items: { type: 'object', properties: { containerPort: { type: 'integer', default: 8080 }, protocol: { type: 'string', default: 'TCP' } } },
    },
  },
};

test('reference: error_x_list_map_default.yaml (duplicate after defaulting)', () => {
  const obj = { apiVersion: 'stable.example.com/v1', kind: 'CELBasic', metadata: { name: 'my-basic' }, map_list: [{ protocol: 'TCP', containerPort: 88 }, { containerPort: 88 }] };
  const { pruned, errs } = serverPipeline(celBasic, obj);
  assert.deepEqual(pruned, []);
  const e = newInvalid(GK, 'my-basic', errs);
  assert.equal(e.message, 'CELBasic.stable.example.com "my-basic" is invalid: map_list[1]: Duplicate value: {"containerPort":88,"protocol":"TCP"}');
  assert.deepEqual(e.details?.causes, [{ reason: 'FieldValueDuplicate', message: 'Duplicate value: {"containerPort":88,"protocol":"TCP"}', field: 'map_list[1]' }]);
});

test('reference: error_map_instead_of_array.yaml analogue (object for an array)', () => {
  assert.deepEqual(check({ finalizers: { type: 'array', items: { type: 'string' } } }, { finalizers: { key: 'value' } }), [
    'spec.finalizers: Invalid value: "object": spec.finalizers in body must be of type array: "object"',
  ]);
});

test('types', () => {
  assert.deepEqual(check({ replicas: { type: 'integer' } }, { replicas: 'string' }), [
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
  ]);
  assert.deepEqual(check({ replicas: { type: 'integer' } }, { replicas: 1.5 }), [
    'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
  ]);
  assert.deepEqual(check({ n: { type: 'number' } }, { n: 3 }), []); // integers are numbers
  assert.deepEqual(check({ b: { type: 'boolean' } }, { b: 'true' }), ['spec.b: Invalid value: "string": spec.b in body must be of type boolean: "string"']);
  assert.deepEqual(check({ s: { type: 'string' } }, { s: 5 }), ['spec.s: Invalid value: "integer": spec.s in body must be of type string: "integer"']);
  const errs = validateCustomResource(specSchema({ s: { type: 'string' } }), { spec: { s: {} } });
  assert.equal(errs[0]!.type, 'FieldValueTypeInvalid');
});

test('null and nullable', () => {
  assert.deepEqual(check({ o: { type: 'object' } }, { o: null }), ['spec.o: Invalid value: "null": spec.o in body must be of type object: "null"']);
  assert.deepEqual(check({ o: { type: 'object', nullable: true } }, { o: null }), []);
  // the server removes a null that is neither nullable nor defaulted before validating
  const schema = specSchema({ o: { type: 'object' }, d: { type: 'string', default: 'x' }, n: { type: 'string', nullable: true } });
  const obj = { spec: { o: null, d: null, n: null } };
  assert.deepEqual(serverPipeline(schema, obj).errs, []);
  assert.deepEqual(obj, { spec: { d: 'x', n: null } });
});

test('required', () => {
  assert.deepEqual(check({ size: { type: 'string' } }, {}, { required: ['size'] }), ['spec.size: Required value']);
  assert.deepEqual(validateCustomResource(root({ spec: { type: 'object' } }, { required: ['spec'] }), {}).map(fieldErrorString), ['spec: Required value']);
  const e = validateCustomResource(specSchema({}, { required: ['a'] }), { spec: {} })[0]!;
  assert.deepEqual({ type: e.type, field: e.field }, { type: 'FieldValueRequired', field: 'spec.a' });
});

test('enum', () => {
  assert.deepEqual(check({ color: { type: 'string', enum: ['red', 'blue'] } }, { color: 'pink' }), [
    'spec.color: Unsupported value: "pink": supported values: "red", "blue"',
  ]);
  assert.deepEqual(check({ n: { type: 'integer', enum: [1, 2] } }, { n: 3 }), ['spec.n: Unsupported value: 3: supported values: "1", "2"']);
  assert.deepEqual(check({ o: { type: 'object', enum: [{ b: 1, a: 2 }] } }, { o: { a: 1 } }), [
    'spec.o: Unsupported value: {"a":1}: supported values: "{\\"a\\":2,\\"b\\":1}"',
  ]);
  assert.deepEqual(check({ o: { type: 'object', enum: [{ b: 1, a: 2 }] } }, { o: { a: 2, b: 1 } }), []);
});

test('numbers: minimum, maximum, exclusive, multipleOf', () => {
  assert.deepEqual(check({ count: { type: 'integer', maximum: 10 } }, { count: 11 }), ['spec.count: Invalid value: 11: spec.count in body should be less than or equal to 10']);
  assert.deepEqual(check({ count: { type: 'integer', maximum: 10, exclusiveMaximum: true } }, { count: 10 }), [
    'spec.count: Invalid value: 10: spec.count in body should be less than 10',
  ]);
  assert.deepEqual(check({ count: { type: 'integer', minimum: 1 } }, { count: 0 }), ['spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1']);
  assert.deepEqual(check({ count: { type: 'integer', minimum: 1, exclusiveMinimum: true } }, { count: 1 }), [
    'spec.count: Invalid value: 1: spec.count in body should be greater than 1',
  ]);
  assert.deepEqual(check({ r: { type: 'number', maximum: 1.5 } }, { r: 2.25 }), ['spec.r: Invalid value: 2.25: spec.r in body should be less than or equal to 1.5']);
  // float values and bounds print as Go's %v does
  assert.deepEqual(check({ r: { type: 'number', minimum: 1000000 } }, { r: 0.5 }), [
    'spec.r: Invalid value: 0.5: spec.r in body should be greater than or equal to 1e+06',
  ]);
  assert.deepEqual(check({ r: { type: 'number', maximum: 0 } }, { r: 0.0000001 }), ['spec.r: Invalid value: 1e-07: spec.r in body should be less than or equal to 0']);
  assert.deepEqual(check({ n: { type: 'integer', multipleOf: 3 } }, { n: 7 }), ['spec.n: Invalid value: 7: spec.n in body should be a multiple of 3']);
  assert.deepEqual(check({ n: { type: 'number', multipleOf: 0.1 } }, { n: 0.3 }), []);
  assert.deepEqual(check({ n: { type: 'number', multipleOf: 0.5 } }, { n: 0.3 }), ['spec.n: Invalid value: 0.3: spec.n in body should be a multiple of 0.5']);
  // errors come in upstream's order: multipleOf, minimum, maximum
  assert.deepEqual(check({ n: { type: 'integer', multipleOf: 2, minimum: 10 } }, { n: 3 }), [
    'spec.n: Invalid value: 3: spec.n in body should be a multiple of 2',
    'spec.n: Invalid value: 3: spec.n in body should be greater than or equal to 10',
  ]);
});

test('strings: maxLength, minLength, pattern', () => {
  const err = validateCustomResource(specSchema({ n: { type: 'string', maxLength: 5 } }), { spec: { n: 'abcdefg' } });
  assert.deepEqual(err.map(fieldErrorString), ['spec.n: Too long: may not be more than 5 bytes']);
  assert.equal(err[0]!.type, 'FieldValueTooLong');
  // lengths count characters, not bytes
  assert.deepEqual(check({ n: { type: 'string', maxLength: 2 } }, { n: 'éé' }), []);
  assert.deepEqual(check({ n: { type: 'string', maxLength: 1 } }, { n: 'ab' }), ['spec.n: Too long: may not be more than 1 byte']);
  assert.deepEqual(check({ n: { type: 'string', minLength: 2 } }, { n: 'a' }), ['spec.n: Invalid value: "a": spec.n in body should be at least 2 chars long']);
  assert.deepEqual(check({ n: { type: 'string', pattern: '^[a-z]+$' } }, { n: 'ABC' }), [`spec.n: Invalid value: "ABC": spec.n in body should match '^[a-z]+$'`]);
  // only the first failing string check is reported
  assert.deepEqual(check({ n: { type: 'string', maxLength: 2, pattern: '^[a-z]+$' } }, { n: 'ABC' }), ['spec.n: Too long: may not be more than 2 bytes']);
  // Go regexp syntax and semantics
  assert.deepEqual(check({ n: { type: 'string', pattern: '(?i)^[a-z]+\\z' } }, { n: 'ABC' }), []);
  assert.deepEqual(check({ n: { type: 'string', pattern: '^[[:alpha:]]+$' } }, { n: 'abc' }), []);
  assert.deepEqual(check({ n: { type: 'string', pattern: '^a$' } }, { n: 'a\n' }), [`spec.n: Invalid value: "a\\n": spec.n in body should match '^a$'`]);
});

test('arrays: minItems, maxItems, uniqueItems, items', () => {
  const l = (extra: Props) => ({ l: { type: 'array', items: { type: 'string' }, ...extra } });
  const tooMany = validateCustomResource(specSchema(l({ maxItems: 2 })), { spec: { l: ['a', 'b', 'c'] } });
  assert.deepEqual(tooMany.map(fieldErrorString), ['spec.l: Too many: 3: must have at most 2 items']);
  assert.equal(tooMany[0]!.type, 'FieldValueTooMany');
  assert.deepEqual(check(l({ minItems: 1 }), { l: [] }), ['spec.l: Invalid value: 0: spec.l in body should have at least 1 items']);
  assert.deepEqual(check(l({ uniqueItems: true }), { l: ['a', 'a'] }), [`spec.l: Invalid value: "": spec.l in body shouldn't contain duplicates`]);
  assert.deepEqual(check(l({ maxItems: 1 }), { l: [1, 'a'] }), [
    'spec.l[0]: Invalid value: "integer": spec.l[0] in body must be of type string: "integer"',
    'spec.l: Too many: 2: must have at most 1 item',
  ]);
});

test('objects: additionalProperties, minProperties, maxProperties', () => {
  assert.deepEqual(check({ m: { type: 'object', additionalProperties: { type: 'integer' } } }, { m: { a: 'x' } }), [
    'spec.m.a: Invalid value: "string": spec.m.a in body must be of type integer: "string"',
  ]);
  assert.deepEqual(check({ m: { type: 'object', additionalProperties: false } }, { m: { a: 'x' } }), [
    'spec.m: Invalid value: "a": spec.m.a in body is a forbidden property',
  ]);
  assert.deepEqual(check({ m: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 } }, { m: { a: 'x', b: 'y' } }), [
    'spec.m: Too many: 2: must have at most 1 item',
  ]);
  assert.deepEqual(check({ m: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 2 } }, { m: { a: 'x' } }), [
    'spec.m: Invalid value: 1: spec.m in body should have at least 2 properties',
  ]);
});

test('formats', () => {
  const f = (format: string, value: unknown, type = 'string') => check({ f: { type, format } }, { f: value });
  assert.deepEqual(f('date-time', 'yesterday'), ['spec.f: Invalid value: "yesterday": spec.f in body must be of type date-time: "yesterday"']);
  assert.deepEqual(f('date-time', '2024-02-29T10:00:00.5+01:00'), []);
  assert.deepEqual(f('date', '2023-02-29'), ['spec.f: Invalid value: "2023-02-29": spec.f in body must be of type date: "2023-02-29"']);
  assert.deepEqual(f('uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), []);
  assert.deepEqual(f('ipv4', '10.0.0.256'), ['spec.f: Invalid value: "10.0.0.256": spec.f in body must be of type ipv4: "10.0.0.256"']);
  assert.deepEqual(f('cidr', '10.0.0.0/8'), []);
  assert.deepEqual(f('hostname', 'my-host.example.com'), []);
  assert.deepEqual(f('email', 'not an email'), ['spec.f: Invalid value: "not an email": spec.f in body must be of type email: "not an email"']);
  assert.deepEqual(f('byte', 'aGVsbG8='), []);
  assert.deepEqual(f('duration', '1h30m'), []);
  // formats CRDs do not support are stripped: anything goes
  assert.deepEqual(f('quantity-ish', 'whatever'), []);
  // integer formats do not limit the range (upstream does not check int32 bounds)
  assert.deepEqual(f('int32', 2 ** 40, 'integer'), []);
  // a type mismatch with a string format reports the format
  assert.deepEqual(f('date-time', 5), ['spec.f: Invalid value: "int64": spec.f in body must be of type date-time: "int64"']);
});

test('x-kubernetes-int-or-string', () => {
  const p = { p: { 'x-kubernetes-int-or-string': true } };
  assert.deepEqual(check(p, { p: 80 }), []);
  assert.deepEqual(check(p, { p: '80%' }), []);
  assert.deepEqual(check(p, { p: true }), ['spec.p: Invalid value: "boolean": spec.p in body must be of type integer,string: "boolean"']);
  const withPattern = { p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+%$' } };
  assert.deepEqual(check(withPattern, { p: 'x' }), [`spec.p: Invalid value: "x": spec.p in body should match '^[0-9]+%$'`]);
});

test('allOf, anyOf, oneOf, not', () => {
  assert.deepEqual(check({ a: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] } }, { a: 'c' }), [
    '<nil>: Invalid value: "": "spec.a" must validate at least one schema (anyOf)',
    `spec.a: Invalid value: "c": spec.a in body should match '^a'`,
  ]);
  assert.deepEqual(check({ a: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] } }, { a: 'b' }), []);
  assert.deepEqual(check({ a: { type: 'string', oneOf: [{ pattern: '^a' }, { pattern: 'b$' }] } }, { a: 'ab' }), [
    '<nil>: Invalid value: "": "spec.a" must validate one and only one schema (oneOf). Found 2 valid alternatives',
  ]);
  assert.deepEqual(check({ a: { type: 'string', not: { pattern: '^a' } } }, { a: 'ab' }), ['<nil>: Invalid value: "": "spec.a" must not validate the schema (not)']);
  assert.deepEqual(check({ a: { type: 'string', allOf: [{ pattern: '^a' }, { maxLength: 3 }] } }, { a: 'abcd' }), [
    'spec.a: Too long: may not be more than 3 bytes',
    '<nil>: Invalid value: "": "spec.a" must validate all the schemas (allOf)',
  ]);
  // a oneOf over required fields: exactly one of a / b
  const exclusive = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] };
  assert.deepEqual(check({ x: exclusive }, { x: { a: '1' } }), []);
  assert.deepEqual(check({ x: exclusive }, { x: {} }), [
    '<nil>: Invalid value: "": "spec.x" must validate one and only one schema (oneOf). Found none valid',
    'spec.x.a: Required value',
  ]);
});

test('x-kubernetes-list-type set and map', () => {
  assert.deepEqual(check({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } }, { l: ['a', 'b', 'a', 'a', 'b'] }), [
    'spec.l[2]: Duplicate value: "a"',
    'spec.l[4]: Duplicate value: "b"',
  ]);
  const single = { l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } } };
  assert.deepEqual(check(single, { l: [{ name: 'a' }, { name: 'a' }, {}, {}] }), ['spec.l[1]: Duplicate value: {"name":"a"}', 'spec.l[3]: Duplicate value: {}']);
  assert.deepEqual(validateListSetsAndMaps(specSchema(single), { spec: { l: ['x'] } }).map(fieldErrorString), [
    'spec.l[0]: Invalid value: "x": must be an object for an array of list-type map',
  ]);
  // atomic lists and sets of objects compare whole values
  assert.deepEqual(check({ l: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { a: { type: 'integer' }, b: { type: 'integer' } } } } }, { l: [{ a: 1, b: 2 }, { b: 2, a: 1 }] }), [
    'spec.l[1]: Duplicate value: {"a":1,"b":2}',
  ]);
});

test('embedded resources', () => {
  const e = { e: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } };
  assert.deepEqual(check(e, { e: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }), []);
  assert.deepEqual(check(e, { e: {} }), ['spec.e.apiVersion: Required value', 'spec.e.kind: Required value']);
  assert.deepEqual(check(e, { e: { apiVersion: 'a/b/c', kind: 'Bad Kind', metadata: { name: 'a/b', labels: { 'bad key!': 'v' } } } }), [
    'spec.e.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
    `spec.e.kind: Invalid value: "Bad Kind": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    `spec.e.metadata.name: Invalid value: "a/b": may not contain '/'`,
    `spec.e.metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  ]);
  assert.deepEqual(check(e, { e: { apiVersion: 'v1', kind: 'X', metadata: 'x' } }), [
    'spec.e.metadata: Invalid value: "x": json: cannot unmarshal string into Go value of type v1.ObjectMeta',
  ]);
  // embedded resources in lists and maps
  assert.deepEqual(check({ l: { type: 'array', items: e.e } }, { l: [{ kind: 'X' }] }), ['spec.l[0].apiVersion: Required value']);
  assert.deepEqual(check({ m: { type: 'object', additionalProperties: e.e } }, { m: { a: { kind: 'X' } } }), ['spec.m[a].apiVersion: Required value']);
  // the resource root itself is the registry's job
  assert.deepEqual(validateEmbeddedObjectMeta(root({}), {}), []);
  assert.deepEqual(validateEmbeddedObjectMeta(root({}), {}, '', true).map(fieldErrorString), ['apiVersion: Required value', 'kind: Required value']);
});

test('errors at the root have field <nil> like upstream', () => {
  assert.deepEqual(validateCustomResource({ type: 'object', anyOf: [{ required: ['a'] }, { required: ['b'] }] }, {}).map(fieldErrorString), [
    '<nil>: Invalid value: "": "" must validate at least one schema (anyOf)',
    'a: Required value',
  ]);
  assert.deepEqual(validateAgainstSchema({ type: 'integer' }, 'x', 'x.default').map(fieldErrorString), [
    'x.default: Invalid value: "string":  in body must be of type integer: "string"',
  ]);
});

test('metadata restrictions in the schema apply', () => {
  const schema = root({ metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } });
  assert.deepEqual(validateCustomResource(schema, { metadata: { name: 'toolongname' } }).map(fieldErrorString), ['metadata.name: Too long: may not be more than 5 bytes']);
});

const TESTCASES = new URL('../../../../test/fixtures/kubectl-validate', import.meta.url).pathname;

test('reference: jobset.yaml validates against the JobSet CRD', () => {
  const crd = YAML.parseAllDocuments(readFileSync(`${TESTCASES}/crds/jobset.yaml`, 'utf8'))
    .map((d) => d.toJSON() as { kind?: string; spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] } })
    .find((o) => o?.kind === 'CustomResourceDefinition')!;
  const schema = crd.spec.versions.find((v) => v.name === 'v1alpha1')!.schema.openAPIV3Schema;
  const obj = YAML.parse(readFileSync(`${TESTCASES}/manifests/jobset.yaml`, 'utf8'));
  const { pruned, errs } = serverPipeline(schema, obj);
  assert.deepEqual(pruned, []);
  assert.deepEqual(errs.map(fieldErrorString), []);
  // an unknown field deep inside the pod template is pruned
  const obj2 = YAML.parse(readFileSync(`${TESTCASES}/manifests/jobset.yaml`, 'utf8'));
  obj2.spec.jobs[0].template.spec.template.spec.containers[0].imagePulPolicy = 'Always';
  assert.deepEqual(serverPipeline(schema, obj2).pruned, ['spec.jobs[0].template.spec.template.spec.containers[0].imagePulPolicy']);
});
