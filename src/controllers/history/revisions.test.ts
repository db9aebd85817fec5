import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision } from '../../api/types/apps-v1.js';
import { CONTROLLER_REVISION_HASH_LABEL, equalRevision, hashRevisionData, newControllerRevision, nextRevision, revisionName, revisionsToPrune, sortRevisions, templatePatch } from './revisions.js';

const rev = (name: string, revision: number, image = 'a'): ControllerRevision => ({ metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' }, revision, data: templatePatch({ spec: { containers: [{ name: 'c', image }] } }) });

describe('ControllerRevision helpers', () => {
  it('stores the template as a replacing patch of spec.template', () => {
    const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    assert.deepEqual(templatePatch(t), { spec: { template: { ...t, $patch: 'replace' } } });
    assert.deepEqual(templatePatch(undefined), { spec: { template: { $patch: 'replace' } } });
  });

  it('hashes the data and the collision count deterministically into the safe alphabet', () => {
    const d = templatePatch({ spec: { containers: [{ name: 'c', image: 'i' }] } });
    const h = hashRevisionData(d);
    assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(hashRevisionData(structuredClone(d)), h);
    assert.equal(hashRevisionData({ spec: { template: { spec: { containers: [{ image: 'i', name: 'c' }] }, $patch: 'replace' } } }), h, 'key order does not matter');
    assert.notEqual(hashRevisionData(d, 1), hashRevisionData(d, 0));
    assert.notEqual(hashRevisionData(d, 0), h);
    assert.notEqual(hashRevisionData(templatePatch({ spec: { containers: [{ name: 'c', image: 'j' }] } })), h);
  });

  it('names revisions <parent>-<hash>, cutting long parents to 223 characters', () => {
    assert.equal(revisionName('web', 'abc'), 'web-abc');
    assert.equal(revisionName('x'.repeat(250), 'h'), `${'x'.repeat(223)}-h`);
  });

  it('builds a revision with template labels, the hash label, the parent annotations and its controller', () => {
    const parent = { metadata: { name: 'web', namespace: 'ns', uid: 'u1', annotations: { 'kubernetes.io/change-cause': 'why' } } };
    const data = templatePatch({});
    const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true };
    const r = newControllerRevision({ parent, ownerRef: ref, templateLabels: { app: 'web' }, data, revision: 3, collisionCount: 0 });
    const h = hashRevisionData(data, 0);
    assert.equal(r.metadata?.name, `web-${h}`);
    assert.deepEqual(r.metadata?.labels, { app: 'web', [CONTROLLER_REVISION_HASH_LABEL]: h });
    assert.deepEqual(r.metadata?.annotations, { 'kubernetes.io/change-cause': 'why' });
    assert.deepEqual(r.metadata?.ownerReferences, [ref]);
    assert.equal(r.revision, 3);
  });

  it('compares, sorts, numbers and prunes', () => {
    assert.ok(equalRevision(rev('a', 1), rev('b', 2)));
    assert.ok(!equalRevision(rev('a', 1), rev('b', 2, 'other')));
    const revs = [rev('c', 3), rev('a', 1), rev('b', 2)];
    assert.deepEqual(sortRevisions(revs).map((r) => r.metadata?.name), ['a', 'b', 'c']);
    assert.equal(nextRevision(revs), 4);
    assert.equal(nextRevision([]), 1);
    assert.deepEqual(revisionsToPrune(revs, new Set(['c']), 1).map((r) => r.metadata?.name), ['a']);
    assert.deepEqual(revisionsToPrune(revs, new Set(['a']), 0).map((r) => r.metadata?.name), ['b', 'c']);
    assert.deepEqual(revisionsToPrune(revs, new Set(), 5), []);
  });
});
