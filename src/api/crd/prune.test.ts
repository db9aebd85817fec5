import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pruneUnknownFields } from './prune.js';

type Props = Record<string, unknown>;
const root = (props: Props, extra: Props = {}) => ({ type: 'object', properties: props, ...extra });
const spec = (props: Props, extra: Props = {}) => root({ spec: { type: 'object', properties: props, ...extra } });

function prune(schema: unknown, obj: unknown, isResourceRoot?: boolean) {
  const paths = pruneUnknownFields(schema, obj, isResourceRoot === undefined ? undefined : { isResourceRoot });
  return { paths, obj };
}

test('reference: error_misspelled_key.yaml (unknown field under spec)', () => {
  const schema = spec({ containers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } });
  const { paths, obj } = prune(schema, { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { contAIN3rz: [{ name: 'nginx' }] } });
  assert.deepEqual(paths, ['spec.contAIN3rz']);
  assert.deepEqual(obj, { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: {} });
});

test('unknown fields are removed at every level, paths sorted', () => {
  const schema = spec({
    items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    b: { type: 'string' },
  });
  const { paths, obj } = prune(schema, { spec: { z: 1, b: 'x', items: [{ name: 'a', bar: 1 }, { foo: { deep: 1 } }], a: 2 }, extra: true });
  assert.deepEqual(paths, ['extra', 'spec.a', 'spec.items[0].bar', 'spec.items[1].foo', 'spec.z']);
  assert.deepEqual(obj, { spec: { b: 'x', items: [{ name: 'a' }, {}] } });
});

test('apiVersion, kind and metadata of the resource are never pruned', () => {
  const { paths, obj } = prune(root({ spec: { type: 'object' } }), { apiVersion: 'a/v1', kind: 'K', metadata: { name: 'n', whatever: 1 }, spec: {} });
  assert.deepEqual(paths, []);
  assert.deepEqual(obj, { apiVersion: 'a/v1', kind: 'K', metadata: { name: 'n', whatever: 1 }, spec: {} });
  // not so for a plain value (upstream drops them there without reporting them)
  const plain = prune(root({ spec: { type: 'object' } }), { apiVersion: 'a/v1', spec: {}, other: 1 }, false);
  assert.deepEqual(plain.paths, ['other']);
  assert.deepEqual(plain.obj, { spec: {} });
  // nor for fields called metadata further down
  assert.deepEqual(prune(spec({}), { spec: { metadata: {} } }).paths, ['spec.metadata']);
});

test('x-kubernetes-preserve-unknown-fields keeps unknown fields but prunes inside specified ones', () => {
  const schema = spec({ known: { type: 'object', properties: { a: { type: 'string' } } } }, { 'x-kubernetes-preserve-unknown-fields': true });
  const { paths, obj } = prune(schema, { spec: { other: { x: 1 }, known: { a: 'x', b: 'y' } } });
  assert.deepEqual(paths, ['spec.known.b']);
  assert.deepEqual(obj, { spec: { other: { x: 1 }, known: { a: 'x' } } });
  // and in arrays of preserved objects
  const arr = spec({ l: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { k: { type: 'object', properties: {} } } } } });
  assert.deepEqual(prune(arr, { spec: { l: [{ any: 1, k: { gone: 1 } }] } }).paths, ['spec.l[0].k.gone']);
  // a preserved value without properties keeps everything
  assert.deepEqual(prune(spec({ raw: { 'x-kubernetes-preserve-unknown-fields': true } }), { spec: { raw: { a: { b: [1, { c: 2 }] } } } }).paths, []);
});

test('additionalProperties', () => {
  const schema = spec({ m: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } } });
  const { paths, obj } = prune(schema, { spec: { m: { a: { v: 'x', w: 'y' }, b: {} } } });
  assert.deepEqual(paths, ['spec.m.a.w']);
  assert.deepEqual(obj, { spec: { m: { a: { v: 'x' }, b: {} } } });
  // additionalProperties: true (no schema) keeps the keys but prunes everything inside them
  assert.deepEqual(prune(spec({ m: { type: 'object', additionalProperties: true } }), { spec: { m: { a: { x: 1 }, b: 2 } } }).paths, ['spec.m.a.x']);
});

test('embedded resources keep their apiVersion, kind and metadata', () => {
  const schema = spec({ tmpl: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } } });
  const { paths, obj } = prune(schema, { spec: { tmpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { x: 'a', y: 'b' }, status: {} } } });
  assert.deepEqual(paths, ['spec.tmpl.spec.y', 'spec.tmpl.status']);
  assert.deepEqual(obj, { spec: { tmpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { x: 'a' } } } });
});

test('values of the wrong type: an object where a scalar is specified loses all its keys', () => {
  const { paths, obj } = prune(spec({ n: { type: 'integer' } }), { spec: { n: { a: 1, b: { c: 2 } } } });
  assert.deepEqual(paths, ['spec.n.a', 'spec.n.b']);
  assert.deepEqual(obj, { spec: { n: {} } });
  // arrays without an items schema lose the keys of their objects
  assert.deepEqual(prune(spec({ l: { type: 'array' } }), { spec: { l: [{ a: 1 }, 2] } }).paths, ['spec.l[0].a']);
});

test('value validations do not specify fields', () => {
  const schema = spec({ a: { type: 'object', properties: { x: { type: 'string' } }, anyOf: [{ properties: { y: { type: 'string' } } }] } });
  assert.deepEqual(prune(schema, { spec: { a: { x: '1', y: '2' } } }).paths, ['spec.a.y']);
});

test('keys that are Object.prototype names are plain data', () => {
  const obj = JSON.parse('{"spec":{"__proto__":{"x":1},"constructor":1,"toString":2,"known":3}}');
  const { paths } = prune(spec({ known: { type: 'integer' } }), obj);
  assert.deepEqual(paths, ['spec.__proto__', 'spec.constructor', 'spec.toString']);
  assert.deepEqual(JSON.stringify(obj), '{"spec":{"known":3}}');
});
