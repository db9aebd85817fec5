// The Endpoints and EndpointSlice controllers in a running cluster (API server, simulated nodes,
// scheduler, controller manager) with the real kubectl: a deployment's service gets ready
// addresses as its pods become ready, loses them when a pod stops being ready, named target
// ports resolve per pod, services without selectors are left alone, and the slices carry
// upstream's labels, owner and conditions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Endpoints, Pod } from '../../src/api/types/core-v1.js';
import type { EndpointSlice } from '../../src/api/types/discovery-v1.js';
import { ENDPOINTS, PODS } from '../../src/client/index.js';
import { ENDPOINTSLICES } from '../../src/controllers/endpointslice/endpointslice-controller.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster({ nodes: 2, startDelayMs: 200 });
});

after(async () => {
  await c?.close();
});

async function kubectl(args: string[], input?: string, version = '1.33'): Promise<string> {
  const r = await c.s.kubectl(args, { input, version });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const appYaml = (ns: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: nginx
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}, labels: {tier: front}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const endpointsOf = (ns: string) => c.client.resource(ENDPOINTS, ns).get('web').catch(() => undefined);
const readyIps = (e: Endpoints | undefined) => (e?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip!)).sort();
const notReadyIps = (e: Endpoints | undefined) => (e?.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip!)).sort();
const slicesOf = async (ns: string): Promise<EndpointSlice[]> => (await c.client.resource(ENDPOINTSLICES, ns).list({ labelSelector: 'kubernetes.io/service-name=web' })).items;

describe('endpoints controllers', () => {
  it('publishes ready pods of a deployment, with named target ports, and follows readiness', async () => {
    const ns = await c.namespace('ep-ready');
    await kubectl(['apply', '-f', '-'], appYaml(ns, 3));
    const pods = await waitFor('3 running pods with IPs', async () => {
      const items = (await c.client.resource(PODS, ns).list()).items.filter((p) => p.status?.podIP && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));
      return items.length === 3 && items;
    }, 30_000);
    const ips = pods.map((p) => p.status!.podIP!).sort();
    const ep = await waitFor('endpoints with 3 ready addresses', async () => {
      const e = await endpointsOf(ns);
      return readyIps(e).join() === ips.join() && e;
    });
    const subset = ep.subsets![0]!;
    assert.deepEqual(subset.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const addr = subset.addresses!.find((a) => a.ip === pods[0]!.status!.podIP)!;
    assert.equal(addr.nodeName, pods[0]!.spec!.nodeName);
    assert.deepEqual(addr.targetRef, { kind: 'Pod', namespace: ns, name: pods[0]!.metadata!.name, uid: pods[0]!.metadata!.uid });
    assert.equal(ep.metadata?.labels?.tier, 'front');
    assert.match(ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'] ?? '', /^\d{4}-\d\d-\d\dT/);

    // kubectl get endpoints prints the ready addresses with the resolved port.
    const out = await kubectl(['get', 'endpoints', 'web', '-n', ns]);
    assert.match(out, /^NAME\s+ENDPOINTS\s+AGE/);
    for (const ip of ips) assert.match(out, new RegExp(`${ip.replace(/\./g, '\\.')}:8080`));

    // One pod stops being ready: it moves to notReadyAddresses, in Endpoints and in the slice.
    const victim = pods[1]!;
    await kubectl(['annotate', 'pod', victim.metadata!.name!, '-n', ns, 'sim.k8ts.io/never-ready=true']);
    await waitFor('the not-ready pod in notReadyAddresses', async () => {
      const e = await endpointsOf(ns);
      return notReadyIps(e).join() === victim.status!.podIP && readyIps(e).length === 2;
    });
    await waitFor('the slice endpoint not ready', async () => {
      const eps = (await slicesOf(ns)).flatMap((s) => s.endpoints ?? []);
      const e = eps.find((x) => x.targetRef?.uid === victim.metadata!.uid);
      return eps.length === 3 && e?.conditions?.ready === false && e.conditions.serving === false && e.conditions.terminating === false;
    });
    // Ready again: back in addresses.
    await kubectl(['annotate', 'pod', victim.metadata!.name!, '-n', ns, 'sim.k8ts.io/never-ready-']);
    await waitFor('all ready again', async () => readyIps(await endpointsOf(ns)).length === 3 && notReadyIps(await endpointsOf(ns)).length === 0);

    // Scaled to zero: the Endpoints has no subsets, one placeholder slice remains.
    await kubectl(['scale', 'deployment', 'web', '-n', ns, '--replicas=0']);
    await waitFor('no addresses', async () => {
      const e = await endpointsOf(ns);
      return !!e && (e.subsets ?? []).length === 0;
    }, 30_000);
    await waitFor('one empty slice', async () => {
      const s = await slicesOf(ns);
      return s.length === 1 && (s[0]!.endpoints ?? []).length === 0;
    });
    const table = await kubectl(['get', 'endpoints', 'web', '-n', ns]);
    assert.match(table, /web\s+<none>/);
  });

  it('writes EndpointSlices with upstream labels, owner, conditions and kubectl columns (1.33 and 1.27)', async () => {
    const ns = await c.namespace('ep-slices');
    await kubectl(['apply', '-f', '-'], appYaml(ns, 2));
    const slices = await waitFor('a slice with 2 ready endpoints', async () => {
      const s = await slicesOf(ns);
      return s.length === 1 && (s[0]!.endpoints ?? []).filter((e) => e.conditions?.ready).length === 2 && s;
    }, 30_000);
    const s = slices[0]!;
    assert.match(s.metadata!.name!, /^web-[a-z0-9]{5}$/);
    assert.equal(s.addressType, 'IPv4');
    assert.equal(s.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(s.metadata?.labels?.tier, 'front');
    const owner = s.metadata?.ownerReferences?.[0];
    assert.equal(owner?.kind, 'Service');
    assert.equal(owner?.name, 'web');
    assert.equal(owner?.controller, true);
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    for (const e of s.endpoints!) {
      assert.deepEqual(e.conditions, { ready: true, serving: true, terminating: false });
      assert.ok(e.nodeName?.startsWith('sim-node-'));
      assert.equal(e.targetRef?.kind, 'Pod');
    }
    for (const v of ['1.33', '1.27']) {
      const out = await kubectl(['get', 'endpointslices', '-n', ns], undefined, v);
      assert.match(out, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE/);
      assert.match(out, new RegExp(`${s.metadata!.name}\\s+IPv4\\s+8080\\s+\\d+\\.\\d+\\.\\d+\\.\\d+,\\d+\\.\\d+\\.\\d+\\.\\d+`));
    }
    // The service goes: its Endpoints and slices go with it.
    await kubectl(['delete', 'service', 'web', '-n', ns]);
    await waitFor('endpoints gone', async () => !(await endpointsOf(ns)));
    await waitFor('slices gone', async () => (await slicesOf(ns)).length === 0);
  });

  it('the kubernetes service has its EndpointSlice next to its Endpoints, not mirrored', async () => {
    const slices = (await c.client.resource(ENDPOINTSLICES, 'default').list({ labelSelector: 'kubernetes.io/service-name=kubernetes' })).items;
    assert.equal(slices.length, 1);
    const ep = await c.client.resource(ENDPOINTS, 'default').get('kubernetes');
    const port = ep.subsets![0]!.ports![0]!.port;
    assert.equal(slices[0]!.metadata?.name, 'kubernetes');
    assert.deepEqual(slices[0]!.endpoints, [{ addresses: [ep.subsets![0]!.addresses![0]!.ip!], conditions: { ready: true } }]);
    assert.deepEqual(slices[0]!.ports, [{ name: 'https', port, protocol: 'TCP' }]);
    const out = await kubectl(['get', 'endpointslices', '-n', 'default']);
    assert.match(out, new RegExp(`kubernetes\\s+IPv4\\s+${port}\\s+127\\.0\\.0\\.1`));
  });

  it('leaves services without a selector alone', async () => {
    const ns = await c.namespace('ep-manual');
    await kubectl(['apply', '-f', '-'], `apiVersion: v1
kind: Service
metadata: {name: ext, namespace: ${ns}}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext, namespace: ${ns}}
subsets:
- addresses: [{ip: 192.0.2.10}]
  ports: [{port: 80}]
`);
    // Give the controllers a chance to act on it, then check they did not.
    const marker = await kubectl(['apply', '-f', '-'], appYaml(ns, 1));
    assert.match(marker, /created/);
    await waitFor('the marker service has endpoints', async () => readyIps(await endpointsOf(ns)).length === 1, 30_000);
    const ext = await c.client.resource(ENDPOINTS, ns).get('ext');
    assert.deepEqual(ext.subsets, [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
    const pods: Pod[] = (await c.client.resource(PODS, ns).list()).items;
    assert.equal(pods.length, 1);
    // The endpointslice controller leaves it alone; the mirroring controller mirrors it.
    const extSlices = () => c.client.resource(ENDPOINTSLICES, ns).list({ labelSelector: 'kubernetes.io/service-name=ext' }).then((l) => l.items);
    const mirrored = await waitFor('a mirrored slice', async () => { const l = await extSlices(); return l.length === 1 && l[0]; });
    assert.equal(mirrored.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslicemirroring-controller.k8s.io');
    assert.match(mirrored.metadata!.name!, /^ext-[a-z0-9]{5}$/);
    assert.deepEqual(mirrored.metadata?.ownerReferences?.map((o) => [o.kind, o.name, o.controller]), [['Endpoints', 'ext', true]]);
    assert.deepEqual(mirrored.endpoints, [{ addresses: ['192.0.2.10'], conditions: { ready: true } }]);
    assert.deepEqual(mirrored.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
    await kubectl(['apply', '--validate=false', '-f', '-'], `apiVersion: v1
kind: Endpoints
metadata: {name: ext, namespace: ${ns}}
subsets:
- addresses: [{ip: 192.0.2.10}]
  notReadyAddresses: [{ip: 192.0.2.11}]
  ports: [{port: 80}]
`);
    await waitFor('the mirror follows', async () => {
      const eps = (await extSlices()).flatMap((x) => x.endpoints ?? []);
      return eps.length === 2 && eps.some((e) => e.addresses?.[0] === '192.0.2.11' && e.conditions?.ready === false);
    });
    await kubectl(['delete', 'endpoints', 'ext', '-n', ns]);
    await waitFor('the mirror gone', async () => (await extSlices()).length === 0);
  });
});
