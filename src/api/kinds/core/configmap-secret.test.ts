import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObj } from '../../resource-info.js';
import { configMapStrategy } from './configmap.js';
import { secretStrategy } from './secret.js';
import { create, stored, update } from './test-harness.js';

type Obj = Record<string, any>;
const meta = { name: 'x', namespace: 'default' };
const cm = (rest: Obj): KObj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta }, ...rest });
const secret = (rest: Obj): KObj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { ...meta }, ...rest });

test('config maps', () => {
  assert.deepEqual(create(configMapStrategy, cm({ data: { a: 'b' }, binaryData: { c: 'ZA==' } })).errors, []);
  assert.deepEqual(create(configMapStrategy, cm({ data: { 'bad key': 'x', a: 'y' }, binaryData: { a: 'eA==' } })).errors, [
    'data[a]: Invalid value: "a": duplicate of key present in binaryData',
    "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(create(configMapStrategy, cm({ data: { '..a': 'x' } })).errors, ["data[..a]: Invalid value: \"..a\": must not start with '..'"]);
  assert.deepEqual(create(configMapStrategy, cm({ data: { a: 'x'.repeat(1048577) } })).errors, ['Too long: may not be more than 1048576 bytes']);
  const old = stored(configMapStrategy, cm({ data: { a: 'x' }, immutable: true }));
  assert.deepEqual(update(configMapStrategy, old, { ...structuredClone(old), data: { a: 'y' }, immutable: false }).errors, [
    'immutable: Forbidden: field is immutable when `immutable` is set',
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
  assert.deepEqual(update(configMapStrategy, old, { ...structuredClone(old), metadata: { ...meta, labels: { a: 'b' } } }).errors, []);
});

test('secrets: defaults and stringData', () => {
  const { obj, errors } = create(secretStrategy, secret({ stringData: { a: 'héllo' }, data: { b: 'Yg==' } }));
  assert.deepEqual(errors, []);
  assert.equal(obj.type, 'Opaque');
  assert.deepEqual(obj.data, { b: 'Yg==', a: 'aMOpbGxv' });
  assert.equal(obj.stringData, undefined);
  assert.deepEqual(secretStrategy.selectableFields!(obj), { type: 'Opaque' });
});

test('secrets: keys each type needs', () => {
  const errs = (rest: Obj) => create(secretStrategy, secret(rest)).errors;
  assert.deepEqual(errs({ type: 'kubernetes.io/tls', data: {} }), ['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  assert.deepEqual(errs({ type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }), []);
  assert.deepEqual(errs({ type: 'kubernetes.io/dockerconfigjson', data: {} }), ['data[.dockerconfigjson]: Required value']);
  assert.deepEqual(errs({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'eHl6' } }), [
    "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'x' looking for beginning of value",
  ]);
  assert.deepEqual(errs({ type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{}}' } }), []);
  assert.deepEqual(errs({ type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '[]' } }), [
    'data[.dockercfg]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
  ]);
  assert.deepEqual(errs({ type: 'kubernetes.io/service-account-token' }), ['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
  assert.deepEqual(errs({ type: 'kubernetes.io/basic-auth' }), ['data[username]: Required value', 'data[password]: Required value']);
  assert.deepEqual(errs({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }), ['data[ssh-privatekey]: Required value']);
  assert.deepEqual(errs({ data: { 'a b': 'eA==' } }).length, 1);
  // 1 MiB of decoded bytes is the limit.
  const big = 'A'.repeat(((1048577 + 2) / 3) * 4);
  assert.deepEqual(errs({ data: { a: big } }), ['data: Too long: may not be more than 1048576 bytes']);
});

test('secrets: updates', () => {
  const old = stored(secretStrategy, secret({ data: { a: 'eA==' }, immutable: true }));
  assert.deepEqual(update(secretStrategy, old, { ...structuredClone(old), type: 'Other', data: { a: 'eQ==' } }).errors, [
    'type: Invalid value: "Other": field is immutable',
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
  // Leaving the type out means the default, which matches.
  const mutable = stored(secretStrategy, secret({ data: { a: 'eA==' } }));
  assert.deepEqual(update(secretStrategy, mutable, secret({ data: { a: 'eQ==' } })).errors, []);
});
