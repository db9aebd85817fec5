// The DaemonSet controller in a running cluster (test API server, simulated nodes, scheduler,
// controller manager), driven with the real kubectl: one pod per eligible node (a tainted node
// without a toleration gets none), a new node gets a pod and a removed one loses it, NoExecute
// taints evict, an image update rolls within maxUnavailable, rollout status/history/undo.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DaemonSet } from '../../src/api/types/apps-v1.js';
import type { Pod } from '../../src/api/types/core-v1.js';
import { DAEMONSETS, EVENTS, NODES, PODS, clientFromKubeconfig } from '../../src/client/index.js';
import { CONTROLLERREVISIONS } from '../../src/controllers/history/index.js';
import { isPodReady } from '../../src/controllers/pod-util.js';
import { startSimNodes } from '../../src/sim-nodes/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;
/** Generous: the suite shares two cores with everything else. */
const LONG = 60_000;

before(async () => {
  c = await startTestCluster({ nodes: 3, startDelayMs: 150 });
});

after(async () => {
  await c?.close();
});

const dsYaml = (ns: string, name: string, image = 'registry.k8s.io/pause:3.9') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    kubernetes.io/change-cause: "create ${name}"
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: c
        image: ${image}
`;

async function kubectl(args: string[], o: { input?: string; version?: string } = {}): Promise<string> {
  const r = await c.s.kubectl(args, o);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const getDs = (ns: string, name: string): Promise<DaemonSet> => c.client.resource(DAEMONSETS, ns).get(name);
const livePods = async (ns: string): Promise<Pod[]> => (await c.client.resource(PODS, ns).list()).items.filter((p) => !p.metadata?.deletionTimestamp);
const nodesOf = async (ns: string): Promise<string[]> => (await livePods(ns)).map((p) => p.spec?.nodeName ?? '?').sort();

async function settled(ns: string, name: string, n: number): Promise<DaemonSet> {
  return waitFor(`daemonset ${ns}/${name} settled on ${n} nodes`, async () => {
    const d = await getDs(ns, name);
    const st = d.status ?? {};
    const pods = await livePods(ns);
    // numberUnavailable (like numberAvailable and updatedNumberScheduled) is omitempty: 0 is not stored.
    const done = st.observedGeneration === d.metadata?.generation && st.desiredNumberScheduled === n && st.currentNumberScheduled === n && st.numberReady === n && st.numberAvailable === n && st.updatedNumberScheduled === n && (st.numberUnavailable ?? 0) === 0;
    return done && pods.length === n && pods.every((p) => p.status?.phase === 'Running' && isPodReady(p)) && d;
  }, LONG);
}

/** Lists then watches a namespace's pods, calling check with the live (not terminating) ones on every change. */
async function trackPods(ns: string, check: (live: Pod[]) => void): Promise<{ stop(): Promise<void> }> {
  const ac = new AbortController();
  const pods = new Map<string, Pod>();
  const list = await c.client.resource(PODS, ns).list();
  for (const p of list.items) pods.set(p.metadata!.name!, p);
  const live = () => [...pods.values()].filter((p) => !p.metadata?.deletionTimestamp);
  check(live());
  const run = (async () => {
    for await (const ev of c.client.resource(PODS, ns).watch({ signal: ac.signal, resourceVersion: list.metadata.resourceVersion })) {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
      if (ev.type === 'DELETED') pods.delete(ev.object.metadata!.name!);
      else pods.set(ev.object.metadata!.name!, ev.object);
      check(live());
    }
  })().catch(() => {});
  return { async stop() { ac.abort(); await run; } };
}

describe('DaemonSet controller', () => {
  it('runs one pod per eligible node, follows nodes and taints, rolls an image update', async () => {
    const ns = await c.namespace('ds-agent');
    await kubectl(['taint', 'nodes', 'sim-node-2', 'dedicated=infra:NoSchedule']);
    await kubectl(['apply', '-f', '-'], { input: dsYaml(ns, 'agent') });
    const out = await kubectl(['-n', ns, 'rollout', 'status', 'ds/agent', '--timeout=60s']);
    assert.match(out, /daemon set "agent" successfully rolled out/);
    let ds = await settled(ns, 'agent', 2);
    assert.equal(ds.status?.numberMisscheduled, 0);
    assert.deepEqual(await nodesOf(ns), ['sim-node-0', 'sim-node-1']);
    const [pod] = await livePods(ns);
    const pinned = pod!.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    assert.deepEqual(pinned, [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod!.spec!.nodeName!] }] }]);
    const tolerated = (pod!.spec?.tolerations ?? []).map((t) => `${t.key}:${t.effect}`).sort();
    for (const t of ['not-ready:NoExecute', 'unreachable:NoExecute', 'disk-pressure:NoSchedule', 'memory-pressure:NoSchedule', 'pid-pressure:NoSchedule', 'unschedulable:NoSchedule']) {
      assert.ok(tolerated.includes(`node.kubernetes.io/${t}`), `missing toleration ${t}: ${tolerated.join(',')}`);
    }
    const revs = (await c.client.resource(CONTROLLERREVISIONS, ns).list()).items;
    assert.equal(revs.length, 1);
    const hash1 = revs[0]!.metadata!.labels!['controller-revision-hash']!;
    assert.equal(revs[0]!.metadata?.name, `agent-${hash1}`);
    assert.equal(pod!.metadata?.labels?.['controller-revision-hash'], hash1);

    // A NoSchedule taint added later keeps the pod; a NoExecute one removes it.
    await kubectl(['taint', 'nodes', 'sim-node-1', 'maint=soon:NoSchedule']);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await nodesOf(ns), ['sim-node-0', 'sim-node-1']);
    await kubectl(['taint', 'nodes', 'sim-node-1', 'maint=now:NoExecute']);
    await waitFor('the pod on sim-node-1 removed', async () => (await nodesOf(ns)).join() === 'sim-node-0', LONG);
    ds = await waitFor('desired 1', async () => {
      const d = await getDs(ns, 'agent');
      return d.status?.desiredNumberScheduled === 1 && d.status.currentNumberScheduled === 1 && d;
    }, LONG);
    await kubectl(['taint', 'nodes', 'sim-node-1', 'maint-']);
    await kubectl(['taint', 'nodes', 'sim-node-2', 'dedicated-']);
    await settled(ns, 'agent', 3);

    // A node joins and gets a pod; when it is deleted its pod goes.
    const extraClient = clientFromKubeconfig(c.s.kubeconfig);
    const extra = await startSimNodes(extraClient, { count: 1, startIndex: 3, cpu: '16', memory: '64Gi', pods: 110, startDelayMs: 150, leaseRenewIntervalMs: 1000 });
    try {
      await settled(ns, 'agent', 4);
      assert.deepEqual(await nodesOf(ns), ['sim-node-0', 'sim-node-1', 'sim-node-2', 'sim-node-3']);
    } finally {
      await extra.stop();
      extraClient.close();
    }
    await c.client.resource(NODES).delete('sim-node-3');
    await waitFor('the pod of the deleted node gone', async () => (await c.client.resource(PODS, ns).list()).items.every((p) => p.spec?.nodeName !== 'sim-node-3'), LONG);
    await settled(ns, 'agent', 3);

    // An image update replaces pods one node at a time (maxUnavailable 1).
    let maxDown = 0;
    const tracker = await trackPods(ns, (live) => {
      maxDown = Math.max(maxDown, 3 - live.filter((p) => p.status?.phase === 'Running' && isPodReady(p)).length);
    });
    await kubectl(['-n', ns, 'set', 'image', 'ds/agent', 'c=registry.k8s.io/pause:3.10']);
    const rolled = await kubectl(['-n', ns, 'rollout', 'status', 'ds/agent', '--timeout=60s']);
    assert.match(rolled, /daemon set "agent" successfully rolled out/);
    ds = await settled(ns, 'agent', 3);
    await tracker.stop();
    assert.ok(maxDown <= 1, `${maxDown} pods were unavailable at once`);
    const pods = await livePods(ns);
    assert.deepEqual(pods.map((p) => p.spec?.containers?.[0]?.image), Array(3).fill('registry.k8s.io/pause:3.10'));
    const revs2 = (await c.client.resource(CONTROLLERREVISIONS, ns).list()).items;
    assert.equal(revs2.length, 2);
    const hash2 = pods[0]!.metadata!.labels!['controller-revision-hash']!;
    assert.notEqual(hash2, hash1);
    assert.ok(pods.every((p) => p.metadata?.labels?.['controller-revision-hash'] === hash2));

    const history = await kubectl(['-n', ns, 'rollout', 'history', 'ds/agent']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+create agent\n2\s+create agent/);
    const shown = await kubectl(['-n', ns, 'rollout', 'history', 'ds/agent', '--revision=1']);
    assert.match(shown, /Image:\s+registry\.k8s\.io\/pause:3\.9\n/);
    const undo = await kubectl(['-n', ns, 'rollout', 'undo', 'ds/agent'], { version: '1.27' });
    assert.match(undo, /daemonset.apps\/agent rolled back/);
    const st127 = await kubectl(['-n', ns, 'rollout', 'status', 'ds/agent', '--timeout=60s'], { version: '1.27' });
    assert.match(st127, /daemon set "agent" successfully rolled out/);
    await settled(ns, 'agent', 3);
    assert.deepEqual((await livePods(ns)).map((p) => p.spec?.containers?.[0]?.image), Array(3).fill('registry.k8s.io/pause:3.9'));
  });

  it('surges with maxSurge: a new pod starts beside the old one, which goes once the new one is available', async () => {
    const ns = await c.namespace('ds-surge');
    const yaml = dsYaml(ns, 'surge').replace('spec:\n  selector:', 'spec:\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n  selector:');
    await kubectl(['apply', '-f', '-'], { input: yaml });
    await settled(ns, 'surge', 3);
    let minReady = 3;
    let maxPods = 0;
    const tracker = await trackPods(ns, (live) => {
      minReady = Math.min(minReady, live.filter((p) => p.status?.phase === 'Running' && isPodReady(p)).length);
      maxPods = Math.max(maxPods, live.length);
    });
    await kubectl(['-n', ns, 'set', 'image', 'ds/surge', 'c=registry.k8s.io/pause:3.10']);
    const rolled = await kubectl(['-n', ns, 'rollout', 'status', 'ds/surge', '--timeout=60s']);
    assert.match(rolled, /daemon set "surge" successfully rolled out/);
    await settled(ns, 'surge', 3);
    await tracker.stop();
    assert.equal(minReady, 3, 'a node was left without a ready pod');
    assert.equal(maxPods, 4, 'one pod surged at a time');
    assert.deepEqual((await livePods(ns)).map((p) => p.spec?.containers?.[0]?.image), Array(3).fill('registry.k8s.io/pause:3.10'));

    const before = new Set((await livePods(ns)).map((p) => p.metadata!.name!));
    await kubectl(['-n', ns, 'rollout', 'restart', 'ds/surge']);
    await kubectl(['-n', ns, 'rollout', 'status', 'ds/surge', '--timeout=60s']);
    await settled(ns, 'surge', 3);
    const after = await livePods(ns);
    assert.ok(after.every((p) => !before.has(p.metadata!.name!) && p.spec?.containers?.[0]?.image === 'registry.k8s.io/pause:3.10'), 'restart replaced every pod');
  });

  it('replaces a failing daemon pod with back-off, reporting FailedDaemonPod', async () => {
    const ns = await c.namespace('ds-fail');
    const yaml = dsYaml(ns, 'bad')
      .replace('    spec:\n      containers:', '    spec:\n      nodeSelector: {kubernetes.io/hostname: sim-node-0}\n      containers:')
      .replace('      labels: {app: bad}\n', '      labels: {app: bad}\n      annotations: {sim.k8ts.io/fail: "1"}\n');
    const created = new Set<string>();
    const tracker = await trackPods(ns, (live) => {
      for (const p of live) created.add(p.metadata!.name!);
    });
    await kubectl(['apply', '-f', '-'], { input: yaml });
    await waitFor('a FailedDaemonPod event', async () =>
      (await c.client.resource(EVENTS, ns).list()).items.some((e) => e.reason === 'FailedDaemonPod' && /^Found failed daemon pod ds-fail\/bad-[a-z0-9]+ on node sim-node-0, will try to kill it$/.test(e.message ?? '')), LONG);
    const start = created.size;
    await new Promise((r) => setTimeout(r, 3500));
    // Back-off of 1 s, 2 s, 4 s...: about three more pods in 3.5 s (without it, one every few hundred ms).
    const more = created.size - start;
    assert.ok(more <= 4, `${more} pods created in 3.5 s`);
    await waitFor('failed pods still replaced', () => created.size > start, LONG);
    await tracker.stop();
    const d = await getDs(ns, 'bad');
    assert.equal(d.status?.desiredNumberScheduled, 1);
  });
});
