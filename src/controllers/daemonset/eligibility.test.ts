import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet } from '../../api/types/apps-v1.js';
import type { Node, PodSpec, Taint } from '../../api/types/core-v1.js';
import { matchesNodeSelectorAndAffinity, nodeShouldRunDaemonPod, pinToNode, targetNodeName, toleratesTaint, withDaemonTolerations } from './eligibility.js';

const node = (name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node => ({ metadata: { name, labels }, spec: { taints } });
const ds = (spec: PodSpec = { containers: [] }): DaemonSet => ({ metadata: { name: 'd' }, spec: { template: { spec } } });

describe('DaemonSet eligibility', () => {
  it('matches tolerations to taints as upstream does', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
    assert.ok(toleratesTaint({ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, taint));
    assert.ok(toleratesTaint({ key: 'k', value: 'v' }, taint), 'empty operator is Equal, empty effect matches all');
    assert.ok(!toleratesTaint({ key: 'k', value: 'w' }, taint));
    assert.ok(toleratesTaint({ key: 'k', operator: 'Exists' }, taint));
    assert.ok(toleratesTaint({ operator: 'Exists' }, taint), 'empty key with Exists tolerates everything');
    assert.ok(!toleratesTaint({ operator: 'Equal' }, taint));
    assert.ok(!toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint));
  });

  it('adds the daemon tolerations, network-unavailable only for hostNetwork, without duplicates', () => {
    const keys = (s: PodSpec) => withDaemonTolerations(s).map((t) => `${t.key}:${t.effect}`);
    assert.deepEqual(keys({ containers: [] }), [
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    assert.ok(keys({ containers: [], hostNetwork: true }).includes('node.kubernetes.io/network-unavailable:NoSchedule'));
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' };
    assert.equal(withDaemonTolerations({ containers: [], tolerations: [own, { key: 'x', operator: 'Exists' }] }).length, 7);
  });

  it('matches nodeSelector and required node affinity with every operator', () => {
    const n = node('n1', { zone: 'a', cores: '8' });
    const req = (matchExpressions: object[], matchFields: object[] = []) => ({ containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions, matchFields }] } } } }) as PodSpec;
    assert.ok(matchesNodeSelectorAndAffinity({ containers: [], nodeSelector: { zone: 'a' } }, n));
    assert.ok(!matchesNodeSelectorAndAffinity({ containers: [], nodeSelector: { zone: 'b' } }, n));
    assert.ok(matchesNodeSelectorAndAffinity(req([{ key: 'zone', operator: 'In', values: ['a', 'b'] }]), n));
    assert.ok(!matchesNodeSelectorAndAffinity(req([{ key: 'zone', operator: 'NotIn', values: ['a'] }]), n));
    assert.ok(matchesNodeSelectorAndAffinity(req([{ key: 'gpu', operator: 'DoesNotExist' }]), n));
    assert.ok(!matchesNodeSelectorAndAffinity(req([{ key: 'gpu', operator: 'Exists' }]), n));
    assert.ok(matchesNodeSelectorAndAffinity(req([{ key: 'cores', operator: 'Gt', values: ['4'] }]), n));
    assert.ok(!matchesNodeSelectorAndAffinity(req([{ key: 'cores', operator: 'Lt', values: ['4'] }]), n));
    assert.ok(matchesNodeSelectorAndAffinity(req([], [{ key: 'metadata.name', operator: 'In', values: ['n1'] }]), n));
    assert.ok(!matchesNodeSelectorAndAffinity(req([], [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }]), n));
    assert.ok(!matchesNodeSelectorAndAffinity(req([]), n), 'an empty term matches nothing');
  });

  it('decides whether a node should run, or may keep, a daemon pod', () => {
    const noSchedule = { key: 'dedicated', value: 'x', effect: 'NoSchedule' };
    const noExecute = { key: 'dedicated', value: 'x', effect: 'NoExecute' };
    assert.deepEqual(nodeShouldRunDaemonPod(node('a'), ds()), { shouldRun: true, shouldContinueRunning: true });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [noSchedule]), ds()), { shouldRun: false, shouldContinueRunning: true });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [noExecute]), ds()), { shouldRun: false, shouldContinueRunning: false });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [{ key: 'other', effect: 'PreferNoSchedule' }]), ds()), { shouldRun: true, shouldContinueRunning: true });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [noExecute]), ds({ containers: [], tolerations: [{ key: 'dedicated', operator: 'Exists' }] })), { shouldRun: true, shouldContinueRunning: true });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), ds()), { shouldRun: true, shouldContinueRunning: true });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds()).shouldRun, false);
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds({ containers: [], hostNetwork: true })).shouldRun, true);
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', { role: 'x' }), ds({ containers: [], nodeSelector: { role: 'y' } })), { shouldRun: false, shouldContinueRunning: false });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a'), ds({ containers: [], nodeName: 'b' })), { shouldRun: false, shouldContinueRunning: false });
  });

  it('pins pods to a node and reads the node back', () => {
    const affinity = pinToNode({ podAntiAffinity: {}, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }] } } }, 'n7');
    assert.deepEqual(affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] });
    assert.deepEqual(affinity.podAntiAffinity, {});
    assert.equal(targetNodeName({ spec: { containers: [], affinity } }), 'n7');
    assert.equal(targetNodeName({ spec: { containers: [], nodeName: 'n1', affinity } }), 'n1');
    assert.equal(targetNodeName({ spec: { containers: [] } }), undefined);
  });
});
