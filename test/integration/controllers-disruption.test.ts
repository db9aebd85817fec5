// PodDisruptionBudgets in a running cluster: the disruption controller's status for minAvailable
// and maxUnavailable (numbers and percentages of the deployment's scale), the eviction
// subresource refusing with upstream's 429 and DisruptionBudget cause, and kubectl drain (1.33 and
// 1.27) cordoning a node and evicting its pods, retrying while the budget forbids it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import type { PodDisruptionBudget } from '../../src/api/types/policy-v1.js';
import { NODES, PODDISRUPTIONBUDGETS, PODS } from '../../src/client/index.js';
import { isPodReady } from '../../src/controllers/pod-util.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { request } from '../support/http.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster({ nodes: 3, startDelayMs: 200 });
});

after(async () => {
  await c?.close();
});

async function kubectl(args: string[], input?: string, version = '1.33'): Promise<string> {
  const r = await c.s.kubectl(args, { input, version });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const deployment = (ns: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${ns}}}
  template:
    metadata: {labels: {app: ${ns}}}
    spec:
      containers: [{name: c, image: nginx}]
`;

const pdbYaml = (ns: string, name: string, field: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: ${ns}}
spec:
  ${field}
  selector: {matchLabels: {app: ${ns}}}
`;

const readyPods = async (ns: string): Promise<Pod[]> => (await c.client.resource(PODS, ns).list()).items.filter((p) => isPodReady(p) && !p.metadata?.deletionTimestamp);

async function pdbStatus(ns: string, name: string, want: { allowed: number; healthy: number; desired: number; expected: number }): Promise<PodDisruptionBudget> {
  return waitFor(`pdb ${name} status ${JSON.stringify(want)}`, async () => {
    const p = await c.client.resource(PODDISRUPTIONBUDGETS, ns).get(name);
    const s = p.status ?? {};
    return s.observedGeneration === p.metadata?.generation && s.disruptionsAllowed === want.allowed && s.currentHealthy === want.healthy && s.desiredHealthy === want.desired && s.expectedPods === want.expected && p;
  }, 20_000);
}

describe('disruption budgets', () => {
  it('computes status for numbers and percentages over the controller scale', async () => {
    const ns = await c.namespace('pdb-status');
    await kubectl(['apply', '-f', '-'], deployment(ns, 4));
    await waitFor('4 ready pods', async () => (await readyPods(ns)).length === 4, 30_000);
    await kubectl(['apply', '-f', '-'], pdbYaml(ns, 'min-num', 'minAvailable: 3'));
    const p = await pdbStatus(ns, 'min-num', { allowed: 1, healthy: 4, desired: 3, expected: 4 });
    const cond = p.status!.conditions!.find((x) => x.type === 'DisruptionAllowed')!;
    assert.equal(cond.status, 'True');
    assert.equal(cond.reason, 'SufficientPods');
    await c.client.resource(PODDISRUPTIONBUDGETS, ns).delete('min-num');
    // 30% of 4 rounds up to 2 (min); maxUnavailable 30% of 4 rounds up to 2 -> desired 2.
    await kubectl(['apply', '-f', '-'], pdbYaml(ns, 'min-pct', 'minAvailable: "30%"'));
    await pdbStatus(ns, 'min-pct', { allowed: 2, healthy: 4, desired: 2, expected: 4 });
    await c.client.resource(PODDISRUPTIONBUDGETS, ns).delete('min-pct');
    await kubectl(['apply', '-f', '-'], pdbYaml(ns, 'max-pct', 'maxUnavailable: "30%"'));
    await pdbStatus(ns, 'max-pct', { allowed: 2, healthy: 4, desired: 2, expected: 4 });
    const out = await kubectl(['get', 'pdb', '-n', ns]);
    assert.match(out, /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE/);
    assert.match(out, /max-pct\s+N\/A\s+30%\s+2\s+/);
    await c.client.resource(PODDISRUPTIONBUDGETS, ns).delete('max-pct');
    await kubectl(['apply', '-f', '-'], pdbYaml(ns, 'max-zero', 'maxUnavailable: 0'));
    const z = await pdbStatus(ns, 'max-zero', { allowed: 0, healthy: 4, desired: 4, expected: 4 });
    assert.equal(z.status!.conditions!.find((x) => x.type === 'DisruptionAllowed')!.reason, 'InsufficientPods');
  });

  it('refuses an eviction the budget forbids with 429 and allows it otherwise', async () => {
    const ns = await c.namespace('pdb-evict');
    await kubectl(['apply', '-f', '-'], deployment(ns, 2));
    await waitFor('2 ready pods', async () => (await readyPods(ns)).length === 2, 30_000);
    await kubectl(['apply', '-f', '-'], pdbYaml(ns, 'budget', 'minAvailable: 2'));
    await pdbStatus(ns, 'budget', { allowed: 0, healthy: 2, desired: 2, expected: 2 });
    const victim = (await readyPods(ns))[0]!.metadata!.name!;
    const evict = () => request(c.s, {
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/pods/${victim}/eviction`,
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: victim, namespace: ns } },
    });
    const r = await evict();
    assert.equal(r.code, 429);
    const st = r.json();
    assert.equal(st.kind, 'Status');
    assert.equal(st.reason, 'TooManyRequests');
    assert.equal(st.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(st.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget budget needs 2 healthy pods and has 2 currently' }]);

    await kubectl(['patch', 'pdb', 'budget', '-n', ns, '--type=merge', '-p', '{"spec":{"minAvailable":1}}']);
    await pdbStatus(ns, 'budget', { allowed: 1, healthy: 2, desired: 1, expected: 2 });
    const ok = await evict();
    assert.equal(ok.code, 201, ok.body.toString());
    // The pod is being deleted (or already gone) once the eviction answers.
    const gone = await c.client.resource(PODS, ns).get(victim).catch(() => undefined);
    assert.ok(!gone || !!gone.metadata?.deletionTimestamp, 'the evicted pod is terminating');
    await waitFor('the victim gone and replaced', async () => {
      const pods = await readyPods(ns);
      return pods.length === 2 && !pods.some((p) => p.metadata?.name === victim);
    }, 30_000);
    await pdbStatus(ns, 'budget', { allowed: 1, healthy: 2, desired: 1, expected: 2 });
  });

  it('kubectl drain retries while the budget forbids, then drains the node', async () => {
    const ns = await c.namespace('pdb-drain');
    await kubectl(['apply', '-f', '-'], deployment(ns, 3));
    const pods = await waitFor('3 ready pods', async () => { const p = await readyPods(ns); return p.length === 3 && p; }, 30_000);
    const target = pods[0]!.spec!.nodeName!;
    await kubectl(['apply', '-f', '-'], pdbYaml(ns, 'all', 'minAvailable: 3'));
    await pdbStatus(ns, 'all', { allowed: 0, healthy: 3, desired: 3, expected: 3 });

    const blocked = await c.s.kubectl(['drain', target, '--ignore-daemonsets', '--timeout=4s', `--pod-selector=app=${ns}`]);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.stdout, new RegExp(`node/${target} cordoned`));
    assert.match(blocked.stderr, /error when evicting pods\/"web-[a-z0-9-]+" -n "pdb-drain" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    assert.equal((await c.client.resource(NODES).get(target)).spec?.unschedulable, true);

    // The budget allows one disruption: drain (kubectl 1.27 this time) evicts the node's pods one by one.
    await kubectl(['patch', 'pdb', 'all', '-n', ns, '--type=merge', '-p', '{"spec":{"minAvailable":2}}']);
    await pdbStatus(ns, 'all', { allowed: 1, healthy: 3, desired: 2, expected: 3 });
    const out = await kubectl(['drain', target, '--ignore-daemonsets', '--timeout=60s', `--pod-selector=app=${ns}`], undefined, '1.27');
    assert.match(out, /evicted/);
    assert.match(out, new RegExp(`node/${target} drained`));
    await waitFor('3 ready pods off the drained node', async () => {
      const p = await readyPods(ns);
      return p.length === 3 && p.every((x) => x.spec?.nodeName !== target);
    }, 30_000);
    await kubectl(['uncordon', target]);
  });
});
