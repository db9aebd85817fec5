import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { newInvalid } from '../errors.js';
import { fieldErrorString } from '../field-errors.js';
import { crdSchemaLocations, structuralConversionError, validateCRDSchema, validateCRDSpecSchemas, validateStructuralSchema } from './structural-schema.js';

const P = 'spec.versions[0].schema.openAPIV3Schema';
const msgs = (schema: unknown, path = P) => validateCRDSchema(schema, path).map(fieldErrorString);
const structural = (schema: unknown, path = P) => validateStructuralSchema(schema, path).map(fieldErrorString);
const root = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties: props, ...extra });
const spec = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => root({ spec: { type: 'object', properties: props, ...extra } });

// Real server 422 body from kubectl-validate's testcases (manifests/error_crd_typo.yaml).
test('reference: error_crd_typo.yaml', () => {
  const crdSpec = {
    group: 'apiextensions.k8s.io',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { message: { type: 'strign', description: 'a message to display' } } } },
          },
        },
      },
    ],
    scope: 'Namespaced',
    names: { plural: 'customresourcedefinitions', singular: 'customresourcedefinitions', kind: 'CustomResourceDefinition' },
  };
  const errs = validateCRDSpecSchemas(crdSpec);
  const e = newInvalid({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' }, 'customresourcedefinitions.apiextensions.k8s.io', errs);
  assert.equal(
    e.message,
    'CustomResourceDefinition.apiextensions.k8s.io "customresourcedefinitions.apiextensions.k8s.io" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[message].type: Unsupported value: "strign": supported values: "array", "boolean", "integer", "number", "object", "string"',
  );
  assert.deepEqual(e.details?.causes, [
    {
      reason: 'FieldValueNotSupported',
      message: 'Unsupported value: "strign": supported values: "array", "boolean", "integer", "number", "object", "string"',
      field: 'spec.validation.openAPIV3Schema.properties[spec].properties[message].type',
    },
  ]);
});

test('schema paths: identical per-version schemas are reported under spec.validation', () => {
  const s = root({ spec: { type: 'object' } });
  const one = crdSchemaLocations({ versions: [{ name: 'v1', schema: { openAPIV3Schema: s } }] });
  assert.deepEqual(one.locations.map((l) => l.path), ['spec.validation.openAPIV3Schema']);
  const two = crdSchemaLocations({
    versions: [
      { name: 'v1', schema: { openAPIV3Schema: s } },
      { name: 'v2', schema: { openAPIV3Schema: root({}) } },
    ],
  });
  assert.deepEqual(two.locations.map((l) => l.path), ['spec.versions[0].schema.openAPIV3Schema', 'spec.versions[1].schema.openAPIV3Schema']);
  const errs = validateCRDSpecSchemas({
    versions: [
      { name: 'v1', schema: { openAPIV3Schema: root({ spec: {} }) } },
      { name: 'v2', schema: { openAPIV3Schema: root({}) } },
    ],
  }).map(fieldErrorString);
  assert.deepEqual(errs, ['spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields']);
});

test('schemas are required for every version', () => {
  assert.deepEqual(validateCRDSpecSchemas({ versions: [{ name: 'v1' }, { name: 'v2' }] }).map(fieldErrorString), [
    'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
    'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required',
  ]);
  assert.deepEqual(validateCRDSpecSchemas({ versions: [{ name: 'v1', schema: { openAPIV3Schema: root({}) } }, { name: 'v2' }] }).map(fieldErrorString), [
    'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required',
  ]);
});

test('every specified node needs a type', () => {
  assert.deepEqual(msgs(spec({ a: {} })), [`${P}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`]);
  assert.deepEqual(msgs({ properties: { spec: { type: 'object' } } }), [`${P}.type: Required value: must not be empty at the root`]);
  assert.deepEqual(msgs(spec({ l: { type: 'array', items: {} } })), [
    `${P}.properties[spec].properties[l].items.type: Required value: must not be empty for specified array items`,
  ]);
  assert.deepEqual(msgs(spec({ l: { type: 'array' } })), [`${P}.properties[spec].properties[l].items: Required value: must be specified`]);
  assert.deepEqual(msgs(spec({ m: { type: 'object', additionalProperties: {} } })), [
    `${P}.properties[spec].properties[m].additionalProperties.type: Required value: must not be empty for specified object fields`,
  ]);
  // preserve-unknown-fields and int-or-string nodes may leave the type out
  assert.deepEqual(msgs(spec({ a: { 'x-kubernetes-preserve-unknown-fields': true }, b: { 'x-kubernetes-int-or-string': true } })), []);
  assert.deepEqual(msgs({ type: 'array', items: { type: 'string' } }), [`${P}.type: Invalid value: "array": must be object at the root`]);
});

test('additionalProperties', () => {
  assert.deepEqual(msgs(spec({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } })), [
    `${P}.properties[spec].properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
  ]);
  assert.deepEqual(msgs(spec({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } })), [
    `${P}.properties[spec].properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
  ]);
  // additionalProperties: true next to properties is allowed
  assert.deepEqual(msgs(spec({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true } })), []);
  assert.deepEqual(msgs({ type: 'object', additionalProperties: { type: 'string' } }), [`${P}.additionalProperties: Forbidden: must not be used at the root`]);
});

test('metadata at the root may only restrict name and generateName', () => {
  const ok = root({ metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } } });
  assert.deepEqual(msgs(ok), []);
  assert.deepEqual(msgs(root({ metadata: { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } } })), []);
  assert.deepEqual(msgs(root({ metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } } })), [
    `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
  ]);
  assert.deepEqual(msgs(root({ metadata: { type: 'object', description: 'standard metadata' } })), [
    `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
  ]);
  assert.deepEqual(msgs(root({ metadata: { type: 'string' } })), [`${P}.properties[metadata].type: Invalid value: "string": must be object`]);
  assert.deepEqual(msgs(root({ kind: { type: 'integer' }, apiVersion: { type: 'string' } })), [
    `${P}.properties[kind].type: Invalid value: "integer": must be string`,
  ]);
  // defaults are forbidden in top-level metadata, kind and apiVersion
  assert.deepEqual(msgs(root({ kind: { type: 'string', default: 'X' } })), [`${P}.properties[kind].default: Forbidden: must not be set in top-level kind`]);
  // nested (non-resource) metadata is an ordinary field
  assert.deepEqual(msgs(spec({ metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } } })), []);
});

test('value validations may not introduce structure', () => {
  assert.deepEqual(msgs(spec({ a: { type: 'string', allOf: [{ type: 'string' }] } })), [
    `${P}.properties[spec].properties[a].allOf[0].type: Forbidden: must be empty to be structural`,
  ]);
  // upstream checks completeness for the value validations of the root schema
  assert.deepEqual(msgs({ ...spec({ x: { type: 'string' } }), anyOf: [{ required: ['spec'] }, { properties: { spec: { properties: { y: { minLength: 1 } } } } }] }), [
    `${P}.properties[spec].properties[y]: Required value: because it is defined in ${P}.anyOf[1].properties[spec].properties[y]`,
  ]);
  assert.deepEqual(msgs(spec({ a: { type: 'string', oneOf: [{ description: 'x', nullable: true, default: 'a' }] } })), [
    `${P}.properties[spec].properties[a].oneOf[0].default: Forbidden: must be undefined to be structural`,
    `${P}.properties[spec].properties[a].oneOf[0].description: Forbidden: must be empty to be structural`,
    `${P}.properties[spec].properties[a].oneOf[0].nullable: Forbidden: must be false to be structural`,
  ]);
  assert.deepEqual(msgs(spec({ a: { type: 'object', not: { properties: { metadata: {} } }, properties: { metadata: { type: 'object' } } } })), [
    `${P}.properties[spec].properties[a].not.properties[metadata]: Forbidden: must not be specified in a nested context`,
  ]);
  assert.deepEqual(msgs(spec({ a: { type: 'object', allOf: [{ additionalProperties: { type: 'string' } }] } })), [
    `${P}.properties[spec].properties[a].allOf[0].additionalProperties: Forbidden: must be undefined to be structural`,
  ]);
});

test('x-kubernetes-int-or-string: the anyOf / allOf patterns are allowed', () => {
  const io = [{ type: 'integer' }, { type: 'string' }];
  assert.deepEqual(msgs(spec({ p: { 'x-kubernetes-int-or-string': true, anyOf: io } })), []);
  assert.deepEqual(msgs(spec({ p: { 'x-kubernetes-int-or-string': true, allOf: [{ anyOf: io }, { pattern: '^[0-9]+%?$' }] } })), []);
  assert.deepEqual(msgs(spec({ p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'boolean' }] } })), [
    `${P}.properties[spec].properties[p].anyOf[0].type: Forbidden: must be empty to be structural`,
    `${P}.properties[spec].properties[p].anyOf[1].type: Forbidden: must be empty to be structural`,
  ]);
  assert.deepEqual(msgs(spec({ p: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true } })), [
    `${P}.properties[spec].properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
  ]);
});

test('embedded resources', () => {
  assert.deepEqual(msgs(spec({ e: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } })), [
    `${P}.properties[spec].properties[e].type: Required value: must be object if x-kubernetes-embedded-resource is true`,
  ]);
  assert.deepEqual(msgs(spec({ e: { type: 'object', 'x-kubernetes-embedded-resource': true } })), [
    `${P}.properties[spec].properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
  ]);
  assert.deepEqual(
    msgs(spec({ e: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } } } } })),
    [],
  );
  assert.deepEqual(msgs(spec({ e: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } })), []);
});

test('x-kubernetes-preserve-unknown-fields must be true or undefined', () => {
  // the structural conversion error is only reported when nothing else is
  assert.deepEqual(msgs(spec({ a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } })), [
    `${P}.properties[spec].properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
  ]);
  assert.equal(structuralConversionError(spec({ a: { 'x-kubernetes-preserve-unknown-fields': false } })), "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined");
});

test('unsupported OpenAPI features', () => {
  assert.deepEqual(msgs(spec({ a: { type: 'string', uniqueItems: true } })), [
    `${P}.properties[spec].properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
  ]);
  assert.deepEqual(msgs(spec({ a: { $ref: '#/definitions/x' } })), [`${P}.properties[spec].properties[a].$ref: Forbidden: $ref is not supported`]);
  assert.deepEqual(msgs(spec({ a: { type: 'null' } })), [
    `${P}.properties[spec].properties[a].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
    `${P}.properties[spec].properties[a].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
  ]);
  assert.deepEqual(msgs(spec({ a: { type: 'array', items: [{ type: 'string' }] } })), [
    `${P}.properties[spec].properties[a].items: Forbidden: items must be a schema object and not an array`,
  ]);
  assert.deepEqual(msgs({ ...root({}), nullable: true }), [`${P}.nullable: Forbidden: nullable cannot be true at the root`]);
});

test('invalid patterns', () => {
  assert.deepEqual(msgs(spec({ a: { type: 'string', pattern: '^(a' } })), [
    `${P}.properties[spec].properties[a].pattern: Invalid value: "^(a": must be a valid regular expression, but isn't: error parsing regexp: missing closing ): \`^(a\``,
  ]);
  assert.deepEqual(msgs(spec({ a: { type: 'string', pattern: '^(?!x)' } })), [
    `${P}.properties[spec].properties[a].pattern: Invalid value: "^(?!x)": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?!\``,
  ]);
});

test('list and map types', () => {
  assert.deepEqual(msgs(spec({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' } })), [
    `${P}.properties[spec].properties[l].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
  ]);
  assert.deepEqual(msgs(spec({ l: { type: 'string', 'x-kubernetes-list-type': 'set' } })), [
    `${P}.properties[spec].properties[l].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified`,
  ]);
  assert.deepEqual(msgs(spec({ m: { type: 'object', 'x-kubernetes-map-type': 'deep' } })), [
    `${P}.properties[spec].properties[m].x-kubernetes-map-type: Unsupported value: "deep": supported values: "atomic", "granular"`,
  ]);
  const item = { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } };
  assert.deepEqual(msgs(spec({ l: { type: 'array', items: item, 'x-kubernetes-list-type': 'map' } })), [
    `${P}.properties[spec].properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
  ]);
  assert.deepEqual(msgs(spec({ l: { type: 'array', items: item, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'proto'] } })), [
    `${P}.properties[spec].properties[l].x-kubernetes-list-map-keys: Invalid value: ["name","proto"]: entries must all be names of item properties`,
    `${P}.properties[spec].properties[l].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
  ]);
  assert.deepEqual(
    msgs(spec({ l: { type: 'array', items: { ...item, required: ['name'] }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] } })),
    [],
  );
  assert.deepEqual(msgs(spec({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-map-keys': ['a'] } })), [
    `${P}.properties[spec].properties[l].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
  ]);
  assert.deepEqual(msgs(spec({ l: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-kubernetes-list-type': 'set' } })), [
    `${P}.properties[spec].properties[l].items.x-kubernetes-map-type: Invalid value: "null": must be atomic as item of a list with x-kubernetes-list-type=set`,
  ]);
});

test('defaults must validate and be pruned', () => {
  assert.deepEqual(msgs(spec({ r: { type: 'integer', default: 'three' } })), [
    `${P}.properties[spec].properties[r].default: Invalid value: "string":  in body must be of type integer: "string"`,
  ]);
  assert.deepEqual(msgs(spec({ o: { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 1 } } })), [
    `${P}.properties[spec].properties[o].default: Invalid value: {"a":"x","b":1}: must not have unknown fields`,
  ]);
  assert.deepEqual(msgs(spec({ c: { type: 'string', enum: ['a', 'b'], default: 'c' } })), [
    `${P}.properties[spec].properties[c].default: Unsupported value: "c": supported values: "a", "b"`,
  ]);
  assert.deepEqual(msgs(spec({ o: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], default: {} } })), [
    `${P}.properties[spec].properties[o].default.a: Required value`,
  ]);
  assert.deepEqual(msgs(spec({ c: { type: 'integer', default: 3, minimum: 1 } })), []);
});

test('status subresource restricts the root', () => {
  const s = { ...root({}), required: ['spec'] };
  assert.deepEqual(validateCRDSchema(s, P, { statusEnabled: true }).map(fieldErrorString), []);
  const bad = validateCRDSchema({ ...root({}), anyOf: [{ required: ['spec'] }] }, P, { statusEnabled: true });
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.field, P);
  assert.match(fieldErrorString(bad[0]!), /only \[Description Type .* XValidations\] fields are allowed at the root of the schema if the status subresource is enabled$/);
});

test('structural errors are sorted like upstream', () => {
  const errs = structural(spec({ b: {}, a: {}, c: { type: 'array' } }));
  assert.deepEqual(errs, [...errs].sort());
  assert.equal(errs.length, 3);
});

const TESTCASES = new URL('../../../../test/fixtures/kubectl-validate', import.meta.url).pathname;

test('real-world CRDs are structural and valid', () => {
  for (const f of ['crds/cel_basic.yaml', 'crds/cert-manager.crds.yaml', 'crds/jobset.yaml', 'more-crds/dnsendpoints.yaml']) {
    for (const d of YAML.parseAllDocuments(readFileSync(`${TESTCASES}/${f}`, 'utf8'))) {
      const o = d.toJSON() as { kind?: string; spec?: unknown; metadata?: { name?: string } } | null;
      if (o?.kind !== 'CustomResourceDefinition') continue;
      assert.deepEqual(validateCRDSpecSchemas(o.spec).map(fieldErrorString), [], `${f} ${o.metadata?.name}`);
    }
  }
});
