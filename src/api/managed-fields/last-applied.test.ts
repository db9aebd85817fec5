import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../schema/builtin.js';
import { buildLastApplied, fieldsStillAsLastApplied, LAST_APPLIED_ANNOTATION, syncLastApplied } from './last-applied.js';
import { SchemaTypes } from './type-node.js';

const CM = new SchemaTypes(definitions).named('io.k8s.api.core.v1.ConfigMap');

describe('last-applied annotation and server-side apply', () => {
  it('builds the annotation as sorted JSON without itself, with a newline', () => {
    const text = buildLastApplied({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', annotations: { [LAST_APPLIED_ANNOTATION]: 'old', z: '1' } }, data: { b: '2', a: '1' } });
    assert.equal(text, '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{"z":"1"},"name":"c"}}\n');
  });

  it('forgives only fields whose last-applied value is still live', () => {
    const last = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } };
    const live = { ...last, metadata: { name: 'c', annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify(last) } }, data: { a: '1', b: 'changed' } };
    const s = fieldsStillAsLastApplied(live, CM, 'v1')!;
    assert.ok(s.has(['f:data', 'f:a']));
    assert.ok(!s.has(['f:data', 'f:b']));
    assert.equal(fieldsStillAsLastApplied({ ...live, metadata: { name: 'c' } }, CM, 'v1'), undefined);
    assert.equal(fieldsStillAsLastApplied(live, CM, 'v2'), undefined);
  });

  it('refreshes the annotation only for kubectl and only when present', () => {
    const obj = { metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: 'x' } } };
    syncLastApplied(obj, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } }, 'other');
    assert.equal(obj.metadata.annotations[LAST_APPLIED_ANNOTATION], 'x');
    syncLastApplied(obj, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } }, 'kubectl');
    assert.equal(obj.metadata.annotations[LAST_APPLIED_ANNOTATION], '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap"}\n');
    const bare: Record<string, unknown> = { metadata: {} };
    syncLastApplied(bare, { apiVersion: 'v1' }, 'kubectl');
    assert.deepEqual(bare, { metadata: {} });
  });
});
