import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newInvalid } from '../errors.js';
import { fieldErrorBody, fieldErrorString } from '../field-errors.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaLike } from './object-meta.js';

const NS = { namespaced: true, nameValidator: nameIsDNSSubdomain };
const CLUSTER = { namespaced: false, nameValidator: nameIsDNSSubdomain };
const msgs = (meta: ObjectMetaLike, opts = NS) => validateObjectMeta(meta, opts).map(fieldErrorString);

const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

// Real server 422 bodies from kubectl-validate's testcases (with "ConfigMap.core" as the server prints it: "ConfigMap").
test('reference: error_invalid_name.yaml', () => {
  const errs = validateObjectMeta({ name: 'x.com^2', namespace: 'default' }, NS);
  const e = newInvalid({ group: '', kind: 'ConfigMap' }, 'x.com^2', errs);
  assert.equal(
    e.message,
    `ConfigMap "x.com^2" is invalid: metadata.name: Invalid value: "x.com^2": ${SUBDOMAIN_MSG}`,
  );
  assert.deepEqual(e.details?.causes, [
    { reason: 'FieldValueInvalid', message: `Invalid value: "x.com^2": ${SUBDOMAIN_MSG}`, field: 'metadata.name' },
  ]);
});

test('reference: error_invalid_label.yaml', () => {
  const errs = validateObjectMeta({ name: 'x', namespace: 'default', labels: { owner: '_' } }, NS);
  const e = newInvalid({ group: '', kind: 'ConfigMap' }, 'x', errs);
  assert.equal(
    e.message,
    `ConfigMap "x" is invalid: metadata.labels: Invalid value: "_": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
  );
});

test('reference: error_name_exceeds_max_length.yaml', () => {
  const name = 'thisisaveryveryveryveryveryveryverylongname'.repeat(6);
  const errs = validateObjectMeta({ name, namespace: 'default' }, NS);
  assert.deepEqual(errs.map(fieldErrorBody), [`Invalid value: "${name}": must be no more than 253 characters`]);
  assert.equal(errs[0]!.field, 'metadata.name');
});

test('reference: error_missing_name.yaml', () => {
  const errs = validateObjectMeta({ namespace: 'default' }, NS);
  const e = newInvalid({ group: '', kind: 'ConfigMap' }, '', errs);
  assert.equal(e.message, 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  assert.deepEqual(e.details?.causes, [
    { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' },
  ]);
});

test('reference: golden status-422 (BAD_NAME)', () => {
  const e = newInvalid({ group: '', kind: 'ConfigMap' }, 'BAD_NAME', validateObjectMeta({ name: 'BAD_NAME', namespace: 'ns' }, NS));
  assert.equal(e.message, `ConfigMap "BAD_NAME" is invalid: metadata.name: Invalid value: "BAD_NAME": ${SUBDOMAIN_MSG}`);
});

test('valid metadata has no errors', () => {
  assert.deepEqual(
    msgs({
      name: 'web',
      namespace: 'default',
      generateName: 'web-',
      labels: { app: 'web', 'app.kubernetes.io/name': 'x', empty: '' },
      annotations: { 'Kubectl.Kubernetes.io/Last-Applied': '{}' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true },
        { apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u2', controller: false },
      ],
      finalizers: ['kubernetes', 'example.com/cleanup', 'foregroundDeletion'],
      managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' }],
    }),
    [],
  );
  assert.deepEqual(msgs({ name: 'node-1' }, CLUSTER), []);
});

test('namespace rules', () => {
  assert.deepEqual(msgs({ name: 'a' }), ['metadata.namespace: Required value']);
  assert.deepEqual(msgs({ name: 'a', namespace: 'x' }, CLUSTER), ['metadata.namespace: Forbidden: not allowed on this type']);
  assert.deepEqual(msgs({ name: 'a', namespace: 'a.b' }), ['metadata.namespace: Invalid value: "a.b": must not contain dots']);
});

test('generateName, labels, annotations', () => {
  assert.deepEqual(msgs({ name: 'ok', generateName: 'Bad-', namespace: 'n' }), [`metadata.generateName: Invalid value: "Bad-": ${SUBDOMAIN_MSG}`]);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', generation: -1 }), ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', labels: { 'bad key': 'v' } }), [`metadata.labels: Invalid value: "bad key": ${NAME_PART_MSG}`]);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', annotations: { 'a/b/c': '' } }), [
    `metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
  ]);
  const big = 'x'.repeat(256 * 1024);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', annotations: { k: big } }), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', annotations: { k: big.slice(1) } }), []);
});

test('owner references', () => {
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', ownerReferences: [{}] }), [
    'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
    'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
    'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
  ]);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }] }), [
    'metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:"v1", Kind:"Event", Name:"e", UID:"u", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner',
  ]);
  const two = msgs({
    name: 'a',
    namespace: 'n',
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    ],
  });
  assert.equal(two.length, 1);
  assert.match(two[0]!, /^metadata\.ownerReferences: Invalid value: \[\]v1\.OwnerReference\{.*\}: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/a and ReplicaSet\/b$/);
});

test('finalizers', () => {
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', finalizers: ['orphan', 'foregroundDeletion'] }), [
    'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
  ]);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', finalizers: ['my-finalizer'] }), [
    'metadata.finalizers[0]: Invalid value: "my-finalizer": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'n', finalizers: ['my-finalizer'] }, { ...NS, builtin: false }), []);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', finalizers: ['bad name'] }), [
    `metadata.finalizers: Invalid value: "bad name": ${NAME_PART_MSG}`,
    'metadata.finalizers[0]: Invalid value: "bad name": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('managed fields', () => {
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', managedFields: [{ manager: 'm\u0007', operation: 'Patch', fieldsType: 'FieldsV2' }] }), [
    'metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`',
    'metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
    'metadata.managedFields[0].manager: Invalid value: "m\\u0007": invalid character U+0007 (at position 1)',
  ]);
  assert.deepEqual(msgs({ name: 'a', namespace: 'n', managedFields: [{ manager: 'x'.repeat(129), operation: 'Update' }] }), [
    'metadata.managedFields[0].manager: Too long: may not be more than 128 bytes',
  ]);
});

test('update: immutable fields and other rules', () => {
  const old: ObjectMetaLike = {
    name: 'a',
    namespace: 'n',
    uid: 'u1',
    resourceVersion: '5',
    generation: 3,
    creationTimestamp: '2024-01-02T03:04:05Z',
  };
  const up = (n: ObjectMetaLike, o: ObjectMetaLike = old) => validateObjectMetaUpdate(n, o).map(fieldErrorString);
  assert.deepEqual(up({ ...old }), []);
  assert.deepEqual(up({ ...old, creationTimestamp: '2024-01-02T04:04:05+01:00' }), []); // same instant
  assert.deepEqual(up({ ...old, name: 'b' }), ['metadata.name: Invalid value: "b": field is immutable']);
  assert.deepEqual(up({ ...old, namespace: 'm' }), ['metadata.namespace: Invalid value: "m": field is immutable']);
  assert.deepEqual(up({ ...old, uid: 'u2' }), ['metadata.uid: Invalid value: "u2": field is immutable']);
  assert.deepEqual(up({ ...old, resourceVersion: '' }), ['metadata.resourceVersion: Invalid value: "": must be specified for an update']);
  assert.deepEqual(up({ ...old, generation: 2 }), ['metadata.generation: Invalid value: 2: must not be decremented']);
  assert.deepEqual(up({ ...old, creationTimestamp: '2025-06-07T08:09:10.500Z' }), [
    'metadata.creationTimestamp: Invalid value: 2025-06-07 08:09:10.5 +0000 UTC: field is immutable',
  ]);
  assert.deepEqual(up({ ...old, creationTimestamp: null }), [
    'metadata.creationTimestamp: Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable',
  ]);
  assert.deepEqual(up({ ...old, deletionTimestamp: '2024-01-02T03:04:05Z' }), [
    'metadata.deletionTimestamp: Invalid value: 2024-01-02 03:04:05 +0000 UTC: field is immutable',
  ]);
  const deleting = { ...old, deletionTimestamp: '2024-01-02T03:04:05Z', deletionGracePeriodSeconds: 30, finalizers: ['a.io/x'] };
  assert.deepEqual(up({ ...old }, deleting), [
    'metadata.deletionTimestamp: Invalid value: "null": field is immutable',
    'metadata.deletionGracePeriodSeconds: Invalid value: "null": field is immutable',
  ]);
  assert.deepEqual(up({ ...deleting, finalizers: ['b.io/y', 'a.io/x', 'a.io/z'] }, deleting), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a.io/z", "b.io/y"}',
  ]);
  assert.deepEqual(up({ ...deleting, finalizers: [] }, deleting), []);
  assert.deepEqual(up({ ...deleting, deletionGracePeriodSeconds: 0 }, deleting), [
    'metadata.deletionGracePeriodSeconds: Invalid value: 0: field is immutable',
  ]);
  assert.deepEqual(up({ ...old, labels: { a: '_' }, finalizers: ['plain'] }), [
    'metadata.labels: Invalid value: "_": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    'metadata.finalizers[0]: Invalid value: "plain": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  assert.deepEqual(validateObjectMetaUpdate({ ...old, finalizers: ['plain'] }, old, 'metadata', { builtin: false }), []);
});

test('malformed input does not throw', () => {
  const weird = [
    {},
    { labels: null, annotations: null, ownerReferences: null, finalizers: null, managedFields: null },
    { ownerReferences: [null], managedFields: [null], finalizers: [1] },
    { labels: 'x', annotations: 5 },
  ] as unknown as ObjectMetaLike[];
  for (const m of weird) {
    validateObjectMeta(m, NS);
    validateObjectMetaUpdate(m, m);
  }
  validateObjectMeta(undefined, CLUSTER);
  validateObjectMetaUpdate(undefined, undefined);
});
