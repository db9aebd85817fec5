import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySchemaDefaults, pruneNonNullableNulls } from './defaults.js';

type Props = Record<string, unknown>;
const root = (props: Props, extra: Props = {}) => ({ type: 'object', properties: props, ...extra });
const spec = (props: Props, extra: Props = {}) => root({ spec: { type: 'object', properties: props, ...extra } });

function defaulted(schema: unknown, obj: unknown) {
  applySchemaDefaults(schema, obj);
  return obj;
}

test('reference: error_x_list_map_default.yaml (list items are defaulted)', () => {
  const schema = root({
    map_list: {
      type: 'array',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      'x-kubernetes-list-type': 'map',
      items: { type: 'object', properties: { containerPort: { type: 'integer', default: 8080 }, protocol: { type: 'string', default: 'TCP' } } },
    },
  });
  assert.deepEqual(defaulted(schema, { map_list: [{ protocol: 'TCP', containerPort: 88 }, { containerPort: 88 }, {}] }), {
    map_list: [
      { protocol: 'TCP', containerPort: 88 },
      { containerPort: 88, protocol: 'TCP' },
      { containerPort: 8080, protocol: 'TCP' },
    ],
  });
});

test('missing fields of present objects get defaults; present values are kept', () => {
  const schema = spec({ replicas: { type: 'integer', default: 1 }, mode: { type: 'string', default: 'fast' } });
  assert.deepEqual(defaulted(schema, { spec: { mode: 'slow' } }), { spec: { replicas: 1, mode: 'slow' } });
  assert.deepEqual(defaulted(schema, { spec: { replicas: 0 } }), { spec: { replicas: 0, mode: 'fast' } });
});

test('absent parents are not created, but a defaulted object is defaulted further', () => {
  const inner = { type: 'object', properties: { a: { type: 'integer', default: 1 } } };
  assert.deepEqual(defaulted(spec({ o: inner }), { spec: {} }), { spec: {} });
  assert.deepEqual(defaulted(root({ spec: { type: 'object', properties: { o: inner } } }), {}), {});
  assert.deepEqual(defaulted(spec({ o: { ...inner, default: {} } }), { spec: {} }), { spec: { o: { a: 1 } } });
  assert.deepEqual(defaulted(spec({ o: { ...inner, default: { a: 5 } } }), { spec: {} }), { spec: { o: { a: 5 } } });
});

test('null: non-nullable nulls are defaulted, nullable ones kept', () => {
  const schema = spec({ a: { type: 'string', default: 'x' }, b: { type: 'string', nullable: true, default: 'y' } });
  assert.deepEqual(defaulted(schema, { spec: { a: null, b: null } }), { spec: { a: 'x', b: null } });
  // in arrays and maps too
  const arr = spec({ l: { type: 'array', items: { type: 'string', default: 'z' } }, m: { type: 'object', additionalProperties: { type: 'integer', default: 7 } } });
  assert.deepEqual(defaulted(arr, { spec: { l: ['a', null], m: { k: null, j: 1 } } }), { spec: { l: ['a', 'z'], m: { k: 7, j: 1 } } });
});

test('defaults are deep copies', () => {
  const schema = spec({ o: { type: 'object', default: { l: [1] }, properties: { l: { type: 'array', items: { type: 'integer' } } } } });
  const a = defaulted(schema, { spec: {} }) as { spec: { o: { l: number[] } } };
  a.spec.o.l.push(2);
  assert.deepEqual(defaulted(schema, { spec: {} }), { spec: { o: { l: [1] } } });
});

test('defaults apply under x-kubernetes-preserve-unknown-fields and additionalProperties', () => {
  const schema = spec({ k: { type: 'string', default: 'v' } }, { 'x-kubernetes-preserve-unknown-fields': true });
  assert.deepEqual(defaulted(schema, { spec: { other: 1 } }), { spec: { other: 1, k: 'v' } });
  const m = spec({ m: { type: 'object', additionalProperties: { type: 'object', properties: { p: { type: 'integer', default: 80 } } } } });
  assert.deepEqual(defaulted(m, { spec: { m: { a: {}, b: { p: 1 } } } }), { spec: { m: { a: { p: 80 }, b: { p: 1 } } } });
});

test('value validations play no part; a JSON null default is no default', () => {
  const schema = spec({ a: { type: 'string', anyOf: [{ default: 'x' }] }, b: { type: 'string', default: null } });
  assert.deepEqual(defaulted(schema, { spec: {} }), { spec: {} });
});

test('keys that are Object.prototype names are plain data', () => {
  const obj = JSON.parse('{"spec":{}}');
  const schema = JSON.parse('{"type":"object","properties":{"spec":{"type":"object","properties":{"__proto__":{"type":"string","default":"p"},"constructor":{"type":"string","default":"c"}}}}}');
  applySchemaDefaults(schema, obj);
  assert.equal(JSON.stringify(obj), '{"spec":{"__proto__":"p","constructor":"c"}}');
  assert.equal(Object.getPrototypeOf(obj.spec), Object.prototype);
});

test('pruneNonNullableNulls removes nulls the schema neither allows nor defaults', () => {
  const schema = spec({
    plain: { type: 'string' },
    nullable: { type: 'string', nullable: true },
    withDefault: { type: 'string', default: 'd' },
    l: { type: 'array', items: { type: 'string' } },
    m: { type: 'object', additionalProperties: { type: 'string' } },
  });
  const obj = { spec: { plain: null, nullable: null, withDefault: null, l: [null], m: { a: null }, unknown: null } };
  pruneNonNullableNulls(schema, obj);
  assert.deepEqual(obj, { spec: { nullable: null, withDefault: null, l: [null], m: {}, unknown: null } });
});
