import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet } from './field-set.js';
import { fromFieldsV1, toFieldsV1 } from './fields-v1.js';
import { comparePE, fieldPE, keyPE, pathString, valuePE } from './path-element.js';

const f = fieldPE;

describe('field sets and the FieldsV1 encoding', () => {
  it('encodes members as {} and an element that is also a parent with "."', () => {
    const s = FieldSet.of([
      [f('metadata'), f('labels'), f('app')],
      [f('metadata'), f('labels')],
      [f('spec'), f('containers'), keyPE({ name: 'nginx' })],
      [f('spec'), f('containers'), keyPE({ name: 'nginx' }), f('image')],
      [f('metadata'), f('finalizers'), valuePE('a/b')],
    ]);
    assert.deepEqual(toFieldsV1(s), {
      'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } } },
    });
  });

  it('round-trips FieldsV1 and sorts key fields by name', () => {
    const v1 = { 'f:spec': { 'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:selector': {} } };
    const s = fromFieldsV1(v1);
    assert.ok(s.has([f('spec'), f('ports')]));
    assert.ok(s.has([f('spec'), f('ports'), keyPE({ protocol: 'TCP', port: 80 })]));
    assert.equal(keyPE({ protocol: 'TCP', port: 80 }), 'k:{"port":80,"protocol":"TCP"}');
    assert.deepEqual(toFieldsV1(s), v1);
  });

  it('rejects what is not a field set', () => {
    assert.throws(() => fromFieldsV1({ 'x:foo': {} }), /unknown path element/);
    assert.throws(() => fromFieldsV1([]), /expected an object/);
  });

  it('orders fields before keys before values, numbers by value', () => {
    const pes = [valuePE('b'), keyPE({ port: 8080 }), f('z'), keyPE({ port: 443 }), f('a'), valuePE(10), valuePE(9)];
    assert.deepEqual(pes.sort(comparePE), [f('a'), f('z'), keyPE({ port: 443 }), keyPE({ port: 8080 }), valuePE(9), valuePE(10), valuePE('b')]);
  });

  it('union, intersection, difference and recursive difference', () => {
    const a = FieldSet.of([[f('spec'), f('replicas')], [f('spec'), f('template'), f('x')], [f('status')]]);
    const b = FieldSet.of([[f('spec'), f('replicas')], [f('spec'), f('paused')]]);
    assert.deepEqual(a.intersection(b).paths(), [[f('spec'), f('replicas')]]);
    assert.deepEqual(a.difference(b).paths(), [[f('status')], [f('spec'), f('template'), f('x')]]);
    assert.equal(a.union(b).paths().length, 4);
    const status = FieldSet.of([[f('spec'), f('template')]]);
    // A member removes its whole subtree only with recursiveDifference.
    assert.ok(a.difference(status).has([f('spec'), f('template'), f('x')]));
    assert.ok(!a.recursiveDifference(status).has([f('spec'), f('template'), f('x')]));
    assert.ok(new FieldSet().isEmpty());
    assert.ok(a.equals(FieldSet.of(a.paths())));
  });

  it('prints paths as upstream does in conflicts', () => {
    assert.equal(pathString([f('spec'), f('replicas')]), '.spec.replicas');
    assert.equal(pathString([f('spec'), f('containers'), keyPE({ name: 'nginx' }), f('image')]), '.spec.containers[name="nginx"].image');
    assert.equal(pathString([f('spec'), f('ports'), keyPE({ port: 80, protocol: 'TCP' })]), '.spec.ports[port=80,protocol="TCP"]');
    assert.equal(pathString([f('metadata'), f('finalizers'), valuePE('x')]), '.metadata.finalizers[="x"]');
  });
});
