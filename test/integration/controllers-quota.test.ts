// ResourceQuota in a running cluster: the controller's status.hard/used for counts and compute
// resources as kubectl describe quota and get resourcequota (1.33, 1.27) print them, and the
// admission side refusing creates over the quota with upstream's 403 messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ResourceQuota } from '../../src/api/types/core-v1.js';
import { RESOURCEQUOTAS } from '../../src/controllers/resourcequota/resourcequota-controller.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster({ nodes: 1, startDelayMs: 200 });
});

after(async () => {
  await c?.close();
});

async function kubectl(args: string[], input?: string, version = '1.33'): Promise<string> {
  const r = await c.s.kubectl(args, { input, version });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const used = async (ns: string, name: string, want: Record<string, string>): Promise<ResourceQuota> =>
  waitFor(`quota ${name} used ${JSON.stringify(want)}`, async () => {
    const q = await c.client.resource(RESOURCEQUOTAS, ns).get(name);
    return Object.entries(want).every(([k, v]) => q.status?.used?.[k] === v) && q;
  }, 20_000);

const podYaml = (ns: string, name: string, cpu: string, mem: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}}
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests: {cpu: ${cpu}, memory: ${mem}}
      limits: {cpu: ${cpu}, memory: ${mem}}
`;

describe('resource quota', () => {
  it('counts objects and compute, shows them in kubectl, and refuses creates over the quota', async () => {
    const ns = await c.namespace('quota-a');
    await kubectl(['apply', '-f', '-'], `apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: ${ns}}
spec:
  hard: {pods: "2", requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: objects, namespace: ${ns}}
spec:
  hard: {configmaps: "3", secrets: "10", services: "1", count/deployments.apps: "1", persistentvolumeclaims: "0"}
`);
    await used(ns, 'compute', { pods: '0', 'requests.cpu': '0', 'requests.memory': '0', 'limits.cpu': '0', 'limits.memory': '0' });
    // configmaps: kube-root-ca.crt may exist in the namespace; count whatever is there.
    const objects = await used(ns, 'objects', { services: '0', 'count/deployments.apps': '0', persistentvolumeclaims: '0' });
    assert.deepEqual(objects.status?.hard, { configmaps: '3', 'count/deployments.apps': '1', persistentvolumeclaims: '0', secrets: '10', services: '1' });

    await kubectl(['apply', '-f', '-'], podYaml(ns, 'p1', '500m', '256Mi'));
    await used(ns, 'compute', { pods: '1', 'requests.cpu': '500m', 'requests.memory': '256Mi', 'limits.cpu': '500m', 'limits.memory': '256Mi' });
    await kubectl(['create', 'deployment', 'd', '-n', ns, '--image=nginx', '--replicas=0']);
    await kubectl(['create', 'service', 'clusterip', 's', '-n', ns, '--tcp=80:80']);
    await used(ns, 'objects', { services: '1', 'count/deployments.apps': '1' });

    const describe = await kubectl(['describe', 'quota', 'compute', '-n', ns]);
    assert.match(describe, /Name:\s+compute/);
    assert.match(describe, /Resource\s+Used\s+Hard/);
    assert.match(describe, /limits\.cpu\s+500m\s+2\n/);
    assert.match(describe, /pods\s+1\s+2\n/);
    assert.match(describe, /requests\.memory\s+256Mi\s+1Gi\n/);
    for (const v of ['1.33', '1.27']) {
      const out = await kubectl(['get', 'resourcequota', 'compute', '-n', ns], undefined, v);
      assert.match(out, /^NAME\s+AGE\s+REQUEST\s+LIMIT/);
      assert.match(out, /compute\s+\S+\s+pods: 1\/2, requests\.cpu: 500m\/1, requests\.memory: 256Mi\/1Gi\s+limits\.cpu: 500m\/2, limits\.memory: 256Mi\/2Gi/);
    }

    // Over the cpu request quota: 403 with upstream's message.
    const big = await c.s.kubectl(['apply', '-f', '-'], { input: podYaml(ns, 'p2', '600m', '100Mi') });
    assert.notEqual(big.code, 0);
    assert.match(big.stderr, /pods "p2" is forbidden: exceeded quota: compute, requested: requests\.cpu=600m, used: requests\.cpu=500m, limited: requests\.cpu=1/);
    // A pod without the limited resources declared.
    const bare = await c.s.kubectl(['run', 'bare', '-n', ns, '--image=nginx']);
    assert.notEqual(bare.code, 0);
    assert.match(bare.stderr, /pods "bare" is forbidden: failed quota: compute: must specify limits\.cpu for: bare; limits\.memory for: bare; requests\.cpu for: bare; requests\.memory for: bare/);
    // Counts: a second service and a second deployment are refused.
    const svc = await c.s.kubectl(['create', 'service', 'clusterip', 's2', '-n', ns, '--tcp=80:80']);
    assert.match(svc.stderr, /services "s2" is forbidden: exceeded quota: objects, requested: services=1, used: services=1, limited: services=1/);
    // An update that grows usage is checked too: the service may not become a LoadBalancer.
    await kubectl(['patch', 'resourcequota', 'objects', '-n', ns, '--type=merge', '-p', '{"spec":{"hard":{"services.loadbalancers":"0"}}}']);
    await used(ns, 'objects', { 'services.loadbalancers': '0' });
    const lb = await c.s.kubectl(['patch', 'service', 's', '-n', ns, '--type=merge', '-p', '{"spec":{"type":"LoadBalancer"}}']);
    assert.match(lb.stderr, /services "s" is forbidden: exceeded quota: objects, requested: services\.loadbalancers=1, used: services\.loadbalancers=0, limited: services\.loadbalancers=0/);
    const dep = await c.s.kubectl(['create', 'deployment', 'd2', '-n', ns, '--image=nginx']);
    assert.match(dep.stderr, /deployments\.apps "d2" is forbidden: exceeded quota: objects, requested: count\/deployments\.apps=1, used: count\/deployments\.apps=1, limited: count\/deployments\.apps=1/);

    // Creating an existing object is an AlreadyExists, and charges nothing.
    const again = await c.s.kubectl(['create', '-f', '-'], { input: podYaml(ns, 'p1', '500m', '256Mi') });
    assert.match(again.stderr, /AlreadyExists|already exists/);
    assert.equal((await c.client.resource(RESOURCEQUOTAS, ns).get('compute')).status?.used?.pods, '1');
    // A second pod that fits; then pods=2 is full.
    await kubectl(['apply', '-f', '-'], podYaml(ns, 'p3', '200m', '128Mi'));
    await used(ns, 'compute', { pods: '2', 'requests.cpu': '700m', 'requests.memory': '384Mi' });
    const third = await c.s.kubectl(['apply', '-f', '-'], { input: podYaml(ns, 'p4', '100m', '1Mi') });
    assert.match(third.stderr, /exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2/);

    // Deleting a pod gives its share back.
    await kubectl(['delete', 'pod', 'p1', '-n', ns, '--wait=true']);
    await used(ns, 'compute', { pods: '1', 'requests.cpu': '200m', 'requests.memory': '128Mi', 'limits.cpu': '200m' });
  });

  it('scoped quotas count only the pods in their scope', async () => {
    const ns = await c.namespace('quota-scopes');
    await kubectl(['apply', '--validate=false', '-f', '-'], `apiVersion: v1
kind: ResourceQuota
metadata: {name: best-effort, namespace: ${ns}}
spec:
  hard: {pods: "1"}
  scopes: [BestEffort]
`);
    await used(ns, 'best-effort', { pods: '0' });
    // A server-side dry run is checked but not charged (be1 below still fits).
    assert.match(await kubectl(['run', 'be0', '-n', ns, '--image=nginx', '--dry-run=server']), /pod\/be0 created \(server dry run\)/);
    await kubectl(['apply', '--validate=false', '-f', '-'], podYaml(ns, 'burstable', '100m', '10Mi'));
    await kubectl(['run', 'be1', '-n', ns, '--image=nginx']);
    await used(ns, 'best-effort', { pods: '1' });
    const second = await c.s.kubectl(['run', 'be2', '-n', ns, '--image=nginx']);
    assert.match(second.stderr, /pods "be2" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1/);
    // Pods outside the scope are not limited by it.
    await kubectl(['apply', '--validate=false', '-f', '-'], podYaml(ns, 'burstable2', '100m', '10Mi'));
    const describe = await kubectl(['describe', 'quota', 'best-effort', '-n', ns]);
    assert.match(describe, /Scopes:\s+BestEffort/);
    assert.match(describe, /pods\s+1\s+1\n/);
  });
});
