// The first start's objects, made concurrently over a real SQLite file, and left alone afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { builtinStrategies } from '../api/kinds/index.js';
import type { Storage } from '../storage/interface.js';
import { openStorage } from '../storage/factory.js';
import { ApiRegistry } from './api-registry.js';
import { bootstrapClusterObjects, bootstrapKubernetesService, type BootstrapOptions } from './bootstrap.js';

let dir: string;
let storage: Storage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-bootstrap-'));
  storage = await openStorage({ dataDir: dir });
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The storage, with the most creates that were in flight at once recorded. */
function countingConcurrency(inner: Storage): { storage: Storage; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const create: Storage['create'] = async (key, value) => {
    max = Math.max(max, ++inFlight);
    try {
      return await inner.create(key, value);
    } finally {
      inFlight--;
    }
  };
  return { storage: new Proxy(inner, { get: (t, p) => (p === 'create' ? create : Reflect.get(t, p, t)) }), maxInFlight: () => max };
}

function registryOver(s: Storage): ApiRegistry {
  const registry = new ApiRegistry({ storage: s, clock: { now: () => Date.now() } });
  for (const strategy of builtinStrategies()) registry.register(strategy);
  return registry;
}

const OPTS = { advertiseAddress: '127.0.0.1', port: 6443, serviceIp: '10.43.0.1' };

/** Both phases in the control plane's order (the Service needs its namespace). */
async function bootstrapCluster(registry: ApiRegistry, opts: BootstrapOptions): Promise<void> {
  await bootstrapClusterObjects(registry);
  await bootstrapKubernetesService(registry, opts);
}

it('creates every bootstrap object on an empty store, the independent ones concurrently', async () => {
  const counting = countingConcurrency(storage);
  await bootstrapCluster(registryOver(counting.storage), OPTS);
  const names = async (prefix: string) => (await storage.list(prefix)).items.map((kv) => JSON.parse(kv.value.toString()).metadata.name).sort();
  const registry = registryOver(storage);
  const prefixOf = (group: string, resource: string, ns = '') => registry.lookup(group, 'v1', resource)!.key(ns, '');
  assert.deepEqual(await names(prefixOf('', 'namespaces')), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  assert.deepEqual(await names(prefixOf('scheduling.k8s.io', 'priorityclasses')), ['system-cluster-critical', 'system-node-critical']);
  assert.deepEqual(await names(prefixOf('storage.k8s.io', 'storageclasses')), ['local-path']);
  assert.equal((await names(prefixOf('flowcontrol.apiserver.k8s.io', 'flowschemas'))).length, 13);
  assert.equal((await names(prefixOf('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations'))).length, 8);
  for (const [group, resource] of [['', 'services'], ['', 'endpoints'], ['discovery.k8s.io', 'endpointslices']] as const) {
    assert.deepEqual(await names(prefixOf(group, resource, 'default')), ['kubernetes'], resource);
  }
  const endpoints = JSON.parse((await storage.get(registry.lookup('', 'v1', 'endpoints')!.key('default', 'kubernetes')))!.value.toString());
  assert.deepEqual(endpoints.subsets, [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
  // The 28 cluster-scoped objects go to the store together (group commit), not one at a time.
  assert.ok(counting.maxInFlight() >= 20, `at most ${counting.maxInFlight()} creates were in flight at once`);
  // The namespaced objects are written after their namespace.
  const rev = async (key: string) => (await storage.get(key))!.modRevision;
  const nsRev = await rev(registry.lookup('', 'v1', 'namespaces')!.key('', 'default'));
  assert.ok((await rev(registry.lookup('', 'v1', 'services')!.key('default', 'kubernetes'))) > nsRev);
});

it('leaves the objects alone on a later start', async () => {
  await bootstrapCluster(registryOver(storage), OPTS);
  const before = await storage.currentRevision();
  await bootstrapCluster(registryOver(storage), OPTS);
  assert.equal(await storage.currentRevision(), before);
});

it('points the kubernetes Endpoints and EndpointSlice at a new port on a later start', async () => {
  await bootstrapCluster(registryOver(storage), OPTS);
  const registry = registryOver(storage);
  await bootstrapCluster(registry, { ...OPTS, port: 7443 });
  const endpoints = JSON.parse((await storage.get(registry.lookup('', 'v1', 'endpoints')!.key('default', 'kubernetes')))!.value.toString());
  assert.equal(endpoints.subsets[0].ports[0].port, 7443);
  const slice = JSON.parse((await storage.get(registry.lookup('discovery.k8s.io', 'v1', 'endpointslices')!.key('default', 'kubernetes')))!.value.toString());
  assert.equal(slice.ports[0].port, 7443);
});
