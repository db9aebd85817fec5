import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOB_DELETE_WARNING, defaultGarbageCollectionPolicy, deleteWarnings, finalizersAfterDelete } from './gc-policy.js';

describe('garbage-collection finalizers on delete', () => {
  it('v1 ReplicationControllers and batch/v1 Jobs orphan by default; other kinds delete dependents', () => {
    assert.equal(defaultGarbageCollectionPolicy({ group: '', version: 'v1', resource: 'replicationcontrollers' }), 'OrphanDependents');
    assert.equal(defaultGarbageCollectionPolicy({ group: 'batch', version: 'v1', resource: 'jobs' }), 'OrphanDependents');
    assert.equal(defaultGarbageCollectionPolicy({ group: 'apps', version: 'v1', resource: 'replicasets' }), 'DeleteDependents');
    assert.equal(defaultGarbageCollectionPolicy({ group: 'batch', version: 'v1', resource: 'cronjobs' }), 'DeleteDependents');
  });

  it('records the propagation policy as a finalizer', () => {
    assert.deepEqual(finalizersAfterDelete([], { propagationPolicy: 'Foreground' }, 'DeleteDependents'), ['foregroundDeletion']);
    assert.deepEqual(finalizersAfterDelete(['a/b'], { propagationPolicy: 'Orphan' }, 'DeleteDependents'), ['a/b', 'orphan']);
    assert.deepEqual(finalizersAfterDelete(['orphan'], { propagationPolicy: 'Background' }, 'OrphanDependents'), []);
    assert.deepEqual(finalizersAfterDelete(['orphan'], { propagationPolicy: 'Foreground' }, 'DeleteDependents'), ['foregroundDeletion']);
  });

  it('the legacy orphanDependents flag wins over everything', () => {
    assert.deepEqual(finalizersAfterDelete(['foregroundDeletion'], { orphanDependents: true }, 'DeleteDependents'), ['orphan']);
    assert.deepEqual(finalizersAfterDelete([], { orphanDependents: false }, 'OrphanDependents'), []);
  });

  it('without options: a GC finalizer already there stays, else the kind default applies', () => {
    assert.deepEqual(finalizersAfterDelete([], {}, 'OrphanDependents'), ['orphan']);
    assert.deepEqual(finalizersAfterDelete([], {}, 'DeleteDependents'), []);
    assert.deepEqual(finalizersAfterDelete(['foregroundDeletion'], {}, 'OrphanDependents'), ['foregroundDeletion']);
    assert.deepEqual(finalizersAfterDelete(['x/y', 'orphan'], {}, 'DeleteDependents'), ['x/y', 'orphan']);
  });

  it('warns about the Job default only when the request names no policy', () => {
    const jobs = { group: 'batch', version: 'v1', resource: 'jobs' };
    assert.deepEqual(deleteWarnings(jobs, {}), [JOB_DELETE_WARNING]);
    assert.deepEqual(deleteWarnings(jobs, { propagationPolicy: 'Orphan' }), []);
    assert.deepEqual(deleteWarnings(jobs, { orphanDependents: false }), []);
    assert.deepEqual(deleteWarnings({ group: '', version: 'v1', resource: 'replicationcontrollers' }, {}), []);
  });
});
