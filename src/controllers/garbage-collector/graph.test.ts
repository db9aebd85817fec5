import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIGMAPS, PODS, REPLICASETS, type KubeObject } from '../../client/index.js';
import { decide, type OwnerState } from './decide.js';
import { DependencyGraph, isDeletingDependents, isOrphaning, nodeOf, type GraphNode } from './graph.js';

const owner = (uid: string, o: { block?: boolean; kind?: string } = {}) => ({ apiVersion: 'apps/v1', kind: o.kind ?? 'ReplicaSet', name: `n-${uid}`, uid, blockOwnerDeletion: o.block });

function obj(uid: string, o: { owners?: ReturnType<typeof owner>[]; finalizers?: string[]; deleting?: boolean } = {}): KubeObject {
  return {
    metadata: {
      name: `n-${uid}`,
      namespace: 'ns',
      uid,
      resourceVersion: '7',
      ownerReferences: o.owners,
      finalizers: o.finalizers,
      deletionTimestamp: o.deleting ? '2026-01-01T00:00:00Z' : undefined,
    },
  };
}

const node = (uid: string, o: Parameters<typeof obj>[1] = {}): GraphNode => nodeOf(obj(uid, o), PODS)!;

describe('DependencyGraph', () => {
  it('indexes dependents by owner UID and follows changes of ownerReferences', () => {
    const g = new DependencyGraph();
    g.upsert(nodeOf(obj('rs'), REPLICASETS)!);
    assert.deepEqual(g.upsert(node('p1', { owners: [owner('rs', { block: true })] })), []);
    g.upsert(node('p2', { owners: [owner('rs')] }));
    assert.deepEqual(g.dependents('rs').map((n) => n.uid).sort(), ['p1', 'p2']);
    assert.deepEqual(g.blockingDependents('rs').map((n) => n.uid), ['p1']);
    // p1 moves to another owner: the old owner loses it, upsert reports the old owners.
    assert.deepEqual(g.upsert(node('p1', { owners: [owner('other')] })), ['rs']);
    assert.deepEqual(g.dependents('rs').map((n) => n.uid), ['p2']);
    assert.deepEqual(g.dependents('other').map((n) => n.uid), ['p1']);
    assert.deepEqual(g.blockingDependents('rs'), []);
    assert.equal(g.size, 3);
  });

  it('keeps dependents of a removed owner (they point at a gone UID) and forgets a removed dependent', () => {
    const g = new DependencyGraph();
    g.upsert(nodeOf(obj('rs'), REPLICASETS)!);
    g.upsert(node('p1', { owners: [owner('rs')] }));
    assert.equal(g.remove('rs')?.uid, 'rs');
    assert.equal(g.get('rs'), undefined);
    assert.deepEqual(g.dependents('rs').map((n) => n.uid), ['p1']);
    assert.equal(g.hasDependents('rs'), true);
    g.remove('p1');
    assert.deepEqual(g.dependents('rs'), []);
    assert.equal(g.hasDependents('rs'), false);
    assert.equal(g.hasDependents('never-seen'), false);
    assert.equal(g.remove('p1'), undefined);
  });

  it('nodeOf ignores objects without a UID and ownerReferences without one', () => {
    assert.equal(nodeOf({ metadata: { name: 'x' } }, CONFIGMAPS), undefined);
    const n = nodeOf({ metadata: { name: 'x', uid: 'u', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: '' }] } }, CONFIGMAPS)!;
    assert.deepEqual(n.owners, []);
    assert.equal(n.namespace, '');
  });

  it('tells foreground and orphan deletions apart by finalizer, only once deletion started', () => {
    assert.equal(isDeletingDependents(node('a', { finalizers: ['foregroundDeletion'], deleting: true })), true);
    assert.equal(isDeletingDependents(node('a', { finalizers: ['foregroundDeletion'] })), false);
    assert.equal(isOrphaning(node('a', { finalizers: ['orphan'], deleting: true })), true);
    assert.equal(isOrphaning(node('a', { finalizers: ['foregroundDeletion'], deleting: true })), false);
  });
});

describe('decide', () => {
  const states = (m: Record<string, OwnerState>) => new Map(Object.entries(m));

  it('does nothing for objects without owners, objects being deleted, or with all owners solid', () => {
    assert.deepEqual(decide(node('p'), states({}), false), { type: 'none' });
    assert.deepEqual(decide(node('p', { owners: [owner('a')], deleting: true }), states({ a: 'dangling' }), false), { type: 'none' });
    assert.deepEqual(decide(node('p', { owners: [owner('a')] }), states({ a: 'solid' }), false), { type: 'none' });
  });

  it('deletes an object whose owners are all gone in the background', () => {
    assert.deepEqual(decide(node('p', { owners: [owner('a'), owner('b')] }), states({ a: 'dangling', b: 'dangling' }), true), { type: 'delete', propagation: 'Background' });
  });

  it('keeps the propagation the object asked for with its own finalizers', () => {
    assert.deepEqual(decide(node('p', { owners: [owner('a')], finalizers: ['orphan'] }), states({ a: 'dangling' }), false), { type: 'delete', propagation: 'Orphan' });
    assert.deepEqual(decide(node('p', { owners: [owner('a')], finalizers: ['foregroundDeletion'] }), states({ a: 'dangling' }), false), { type: 'delete', propagation: 'Foreground' });
  });

  it('drops references to gone and foreground-deleting owners while a solid owner remains', () => {
    const a = decide(node('p', { owners: [owner('a'), owner('b'), owner('c')] }), states({ a: 'solid', b: 'dangling', c: 'waiting' }), false);
    assert.deepEqual(a, { type: 'removeOwnerReferences', uids: ['b', 'c'] });
  });

  it('an owner deleting in the foreground: dependents with dependents of their own go in the foreground too', () => {
    assert.deepEqual(decide(node('rs', { owners: [owner('d')] }), states({ d: 'waiting' }), true), { type: 'delete', propagation: 'Foreground' });
    assert.deepEqual(decide(node('p', { owners: [owner('rs')] }), states({ rs: 'waiting' }), false), { type: 'delete', propagation: 'Background' });
  });
});
