// The node lifecycle and taint eviction controllers in a running cluster: a simulated node stops
// heartbeating, goes Unknown with upstream's reason and message and gets the unreachable taints;
// its deployment pods are evicted after their tolerationSeconds and recreated on the other
// nodes; when the node comes back its taints go. Also the DefaultTolerationSeconds admission.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from '../../src/api/types/core-v1.js';
import { EVENTS, NODES, PODS } from '../../src/client/index.js';
import { newControllerRegistry } from '../../src/controllers/index.js';
import { isPodReady } from '../../src/controllers/pod-util.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;

before(async () => {
  // --node-monitor-grace-period=5s (the simulated leases renew every second).
  c = await startTestCluster({ nodes: 3, startDelayMs: 200, registry: newControllerRegistry({ nodeMonitorGracePeriodMs: 5000 }) });
});

after(async () => {
  await c?.close();
});

async function kubectl(args: string[], input?: string, version = '1.33'): Promise<string> {
  const r = await c.s.kubectl(args, { input, version });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const pods = async (ns: string): Promise<Pod[]> => (await c.client.resource(PODS, ns).list()).items;
const node = (name: string): Promise<Node> => c.client.resource(NODES).get(name);

describe('node lifecycle', () => {
  it('adds the default not-ready/unreachable tolerations of 300 s to new pods', async () => {
    const ns = await c.namespace('nl-tolerations');
    await kubectl(['run', 'p', '-n', ns, '--image=nginx']);
    const tol = (await c.client.resource(PODS, ns).get('p')).spec?.tolerations ?? [];
    assert.deepEqual(tol, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('marks a silent node Unknown, taints it, evicts its pods and lets them be recreated elsewhere', async () => {
    const ns = await c.namespace('nl-lost');
    await kubectl(['apply', '-f', '-'], `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      containers: [{name: c, image: nginx}]
`);
    const ready = await waitFor('6 ready pods', async () => {
      const ps = (await pods(ns)).filter(isPodReady);
      return ps.length === 6 && ps;
    }, 30_000);
    const lost = ready[0]!.spec!.nodeName!;
    const onLost = ready.filter((p) => p.spec?.nodeName === lost).map((p) => p.metadata!.name!);
    c.sim.stopHeartbeat(lost);

    const n = await waitFor('the node Unknown and tainted', async () => {
      const x = await node(lost);
      const r = x.status?.conditions?.find((k) => k.type === 'Ready');
      const keys = (x.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
      return r?.status === 'Unknown' && keys.join() === 'node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule' && x;
    }, 20_000);
    const r = n.status!.conditions!.find((k) => k.type === 'Ready')!;
    assert.equal(r.reason, 'NodeStatusUnknown');
    assert.equal(r.message, 'Kubelet stopped posting node status.');
    for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) assert.equal(n.status!.conditions!.find((k) => k.type === t)?.status, 'Unknown');
    assert.match(n.spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded ?? '', /^\d{4}-/);
    assert.match(await kubectl(['get', 'node', lost]), new RegExp(`${lost}\\s+NotReady`));

    // Its pods are evicted after 2 s and the deployment gets 6 ready pods on the other nodes.
    await waitFor('the lost pods terminating', async () => {
      const all = await pods(ns);
      return onLost.every((name) => { const p = all.find((x) => x.metadata?.name === name); return !p || !!p.metadata?.deletionTimestamp; });
    }, 20_000);
    await waitFor('6 ready pods elsewhere', async () => (await pods(ns)).filter((p) => isPodReady(p) && !p.metadata?.deletionTimestamp && p.spec?.nodeName !== lost).length === 6, 30_000);
    const evicted = (await pods(ns)).find((p) => onLost.includes(p.metadata!.name!));
    if (evicted) assert.equal(evicted.status?.conditions?.find((k) => k.type === 'DisruptionTarget')?.reason, 'DeletionByTaintManager');
    await waitFor('a TaintManagerEviction event', async () =>
      (await c.client.resource(EVENTS, ns).list()).items.some((e) => e.reason === 'TaintManagerEviction' && e.message === `Marking for deletion Pod ${ns}/${e.involvedObject?.name}` && onLost.includes(e.involvedObject?.name ?? '')));

    // The node comes back: Ready, untainted, and its terminating pods are cleaned up.
    await c.sim.resumeHeartbeat(lost);
    await waitFor('the node Ready without taints', async () => {
      const x = await node(lost);
      return x.status?.conditions?.find((k) => k.type === 'Ready')?.status === 'True' && !(x.spec?.taints ?? []).some((t) => t.key?.startsWith('node.kubernetes.io/'));
    }, 20_000);
    await waitFor('old pods gone', async () => !(await pods(ns)).some((p) => onLost.includes(p.metadata!.name!)), 20_000);
  });
});
