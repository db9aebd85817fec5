import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnosis, fitErrorMessage, FitError } from './diagnosis.js';
import { Status, unresolvable, unschedulable } from './status.js';

test('the message counts reasons per node and sorts them as strings (as Go sort.Strings does)', () => {
  const d = new Diagnosis();
  d.nodeToStatus.set('a', unschedulable('Insufficient cpu'));
  d.nodeToStatus.set('b', unresolvable('node(s) had untolerated taint {key: value}'));
  d.nodeToStatus.set('c', unresolvable('node(s) had untolerated taint {key: value}'));
  d.postFilterMsg = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
  assert.equal(
    fitErrorMessage(3, d),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
});

test('"10 x" sorts before "2 y", and one node can contribute several reasons', () => {
  const d = new Diagnosis();
  for (let i = 0; i < 10; i++) d.nodeToStatus.set(`n${i}`, unschedulable('Insufficient memory'));
  d.nodeToStatus.set('m1', unschedulable('Insufficient cpu', 'Insufficient memory'));
  d.nodeToStatus.set('m2', unschedulable('Insufficient cpu'));
  assert.equal(new FitError(12, d).message, '0/12 nodes are available: 11 Insufficient memory, 2 Insufficient cpu.');
});

test('nodes absent from the map count with the absent status', () => {
  const d = new Diagnosis();
  d.nodeToStatus.absentNodesStatus = new Status('UnschedulableAndUnresolvable', ["node(s) didn't satisfy plugin(s) [NodeAffinity]"]);
  d.nodeToStatus.set('a', unschedulable('Too many pods'));
  assert.equal(fitErrorMessage(3, d), "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
});

test('a PreFilter rejection replaces the per-node histogram', () => {
  const d = new Diagnosis();
  d.preFilterMsg = 'pod affinity terms conflict';
  d.nodeToStatus.absentNodesStatus = unresolvable('pod affinity terms conflict');
  assert.equal(fitErrorMessage(2, d), '0/2 nodes are available: pod affinity terms conflict.');
});
