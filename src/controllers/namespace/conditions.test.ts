import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONDITION_TYPES, updateConditions, type DeletionReport } from './conditions.js';

const clean: DeletionReport = { discoveryFailures: new Map(), contentErrors: [], remaining: new Map(), finalizers: new Map() };

describe('namespace deletion conditions', () => {
  it('sets all five conditions False with the ok reasons when nothing is wrong', () => {
    const { status, changed } = updateConditions({ phase: 'Terminating' }, clean, '2026-01-01T00:00:00Z');
    assert.equal(changed, true);
    assert.equal(status.phase, 'Terminating');
    assert.deepEqual(status.conditions?.map((c) => c.type), [...CONDITION_TYPES]);
    assert.deepEqual(status.conditions?.map((c) => [c.status, c.reason]), [
      ['False', 'ResourcesDiscovered'],
      ['False', 'ParsedGroupVersions'],
      ['False', 'ContentDeleted'],
      ['False', 'ContentRemoved'],
      ['False', 'ContentHasNoFinalizers'],
    ]);
    assert.equal(updateConditions(status, clean, '2026-01-01T00:00:09Z').changed, false);
  });

  it('reports remaining content, finalizers, discovery and deletion failures in upstream words, sorted', () => {
    const r: DeletionReport = {
      discoveryFailures: new Map([['metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request']]),
      contentErrors: ['b failed', 'a failed'],
      remaining: new Map([['pods.', 2], ['gizmos.ns.example.com', 1], ['secrets.', 0]]),
      finalizers: new Map([['example.com/hold', 1], ['a.io/x', 3]]),
    };
    const { status } = updateConditions(undefined, r, '2026-01-01T00:00:00Z');
    const by = Object.fromEntries(status.conditions!.map((c) => [c.type, c]));
    assert.equal(by.NamespaceDeletionDiscoveryFailure!.message, 'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request');
    assert.equal(by.NamespaceDeletionDiscoveryFailure!.reason, 'DiscoveryFailed');
    assert.equal(by.NamespaceDeletionContentFailure!.message, 'Failed to delete all resource types, 2 remaining: a failed, b failed');
    assert.equal(by.NamespaceContentRemaining!.message, 'Some resources are remaining: gizmos.ns.example.com has 1 resource instances, pods. has 2 resource instances');
    assert.equal(by.NamespaceFinalizersRemaining!.message, 'Some content in the namespace has finalizers remaining: a.io/x in 3 resource instances, example.com/hold in 1 resource instances');
    assert.equal(by.NamespaceDeletionGroupVersionParsingFailure!.status, 'False');
  });

  it('changes lastTransitionTime only when a condition status flips', () => {
    const held: DeletionReport = { ...clean, remaining: new Map([['pods.', 2]]) };
    const first = updateConditions(undefined, held, 't1').status;
    const fewer = updateConditions(first, { ...clean, remaining: new Map([['pods.', 1]]) }, 't2');
    assert.equal(fewer.changed, true);
    const c = fewer.status.conditions!.find((x) => x.type === 'NamespaceContentRemaining')!;
    assert.equal(c.lastTransitionTime, 't1');
    const done = updateConditions(fewer.status, clean, 't3').status.conditions!.find((x) => x.type === 'NamespaceContentRemaining')!;
    assert.deepEqual([done.status, done.reason, done.lastTransitionTime], ['False', 'ContentRemoved', 't3']);
    // The input is not mutated.
    assert.equal(first.conditions!.find((x) => x.type === 'NamespaceContentRemaining')!.message, 'Some resources are remaining: pods. has 2 resource instances');
  });
});
