import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/errors.js';
import { tableRequestOf, tableVersionOf } from './negotiate.js';

const KUBECTL = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

test('tableVersionOf: the first alternative we serve wins', () => {
  assert.equal(tableVersionOf(KUBECTL), 'v1');
  assert.equal(tableVersionOf('application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'), 'v1beta1');
  assert.equal(tableVersionOf('application/json; as=Table; v=v1; g=meta.k8s.io'), 'v1');
  assert.equal(tableVersionOf('application/json;as=Table;v=v2;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io'), 'v1beta1');
  assert.equal(tableVersionOf('application/json'), undefined);
  assert.equal(tableVersionOf('*/*'), undefined);
  assert.equal(tableVersionOf(undefined), undefined);
  assert.equal(tableVersionOf('application/json,application/json;as=Table;v=v1;g=meta.k8s.io'), undefined);
  // Unsupported alternatives are skipped; nothing we know falls back to the object.
  assert.equal(tableVersionOf('application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json'), undefined);
  assert.equal(tableVersionOf('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io'), 'v1');
  assert.equal(tableVersionOf('application/json;as=Table;v=v1;g=example.com'), undefined);
  assert.equal(tableVersionOf('application/vnd.kubernetes.protobuf,application/json;as=Table;v=v1;g=meta.k8s.io'), undefined);
});

test('tableRequestOf: includeObject defaults to Metadata and is checked', () => {
  assert.deepEqual(tableRequestOf(KUBECTL, new URLSearchParams()), { version: 'v1', includeObject: 'Metadata' });
  assert.deepEqual(tableRequestOf(KUBECTL, new URLSearchParams('includeObject=Object')), { version: 'v1', includeObject: 'Object' });
  assert.deepEqual(tableRequestOf(KUBECTL, new URLSearchParams('includeObject=None')), { version: 'v1', includeObject: 'None' });
  assert.equal(tableRequestOf('application/json', new URLSearchParams('includeObject=bogus')), undefined);
  assert.throws(() => tableRequestOf(KUBECTL, new URLSearchParams('includeObject=bogus')), (e: unknown) => e instanceof StatusError && e.code === 400);
});
