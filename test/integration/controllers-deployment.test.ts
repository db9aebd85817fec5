// The Deployment controller in a running cluster (test API server, simulated nodes, scheduler,
// controller manager), driven with the real kubectl: create, scale, self-healing, rolling update
// watched pod by pod, history with change-cause, undo, restart, Recreate, pause, progress deadline.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from '../../src/api/types/apps-v1.js';
import type { Pod } from '../../src/api/types/core-v1.js';
import { DEPLOYMENTS, EVENTS, PODS, REPLICASETS } from '../../src/client/index.js';
import { isPodReady } from '../../src/controllers/pod-util.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;

before(async () => {
  c = await startTestCluster({ nodes: 3, startDelayMs: 200 });
});

after(async () => {
  await c?.close();
});

interface DeployOpts {
  replicas?: number;
  image?: string;
  strategy?: string;
  extra?: string;
  podAnnotations?: string;
}

const deployYaml = (ns: string, name: string, o: DeployOpts = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    kubernetes.io/change-cause: "create ${name}"
spec:
  replicas: ${o.replicas ?? 1}
  selector:
    matchLabels: {app: ${name}}
${o.strategy ?? ''}${o.extra ?? ''}  template:
    metadata:
      labels: {app: ${name}}
${o.podAnnotations ?? ''}    spec:
      containers:
      - name: c
        image: ${o.image ?? 'registry.k8s.io/pause:3.9'}
`;

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await c.s.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const getD = (ns: string, name: string): Promise<Deployment> => c.client.resource(DEPLOYMENTS, ns).get(name);
const replicaSets = async (ns: string): Promise<ReplicaSet[]> => (await c.client.resource(REPLICASETS, ns).list()).items;

async function complete(ns: string, name: string, n: number): Promise<Deployment> {
  return waitFor(`deployment ${ns}/${name} complete at ${n}`, async () => {
    const d = await getD(ns, name);
    const st = d.status ?? {};
    const prog = st.conditions?.find((x) => x.type === 'Progressing');
    return st.observedGeneration === d.metadata?.generation && st.replicas === n && st.updatedReplicas === n && st.readyReplicas === n && st.availableReplicas === n && prog?.reason === 'NewReplicaSetAvailable' && d;
  }, 40_000);
}

/** Lists then watches a namespace's pods, keeping the latest of each; check() runs on every change. */
async function watchPods(ns: string, check: (pods: Map<string, Pod>) => void): Promise<{ stop(): Promise<void>; errors: string[] }> {
  const ac = new AbortController();
  const pods = new Map<string, Pod>();
  const errors: string[] = [];
  const list = await c.client.resource(PODS, ns).list();
  for (const p of list.items) pods.set(p.metadata!.name!, p);
  check(pods);
  const run = (async () => {
    for await (const ev of c.client.resource(PODS, ns).watch({ signal: ac.signal, resourceVersion: list.metadata.resourceVersion })) {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
      const p = ev.object;
      if (ev.type === 'DELETED') pods.delete(p.metadata!.name!);
      else pods.set(p.metadata!.name!, p);
      try {
        check(pods);
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
  })().catch(() => {});
  return {
    errors,
    async stop() {
      ac.abort();
      await run;
    },
  };
}

const hashOf = (p: Pod) => p.metadata?.labels?.['pod-template-hash'] ?? '';

describe('Deployment controller', () => {
  it('rolls out, scales, heals, updates within maxUnavailable, keeps history, undoes and restarts', async () => {
    const ns = await c.namespace('deploy-web');
    await kubectl(['apply', '-f', '-'], deployYaml(ns, 'web'));
    let d = await complete(ns, 'web', 1);
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.status?.conditions?.find((x) => x.type === 'Available')?.reason, 'MinimumReplicasAvailable');
    const [rs1] = await replicaSets(ns);
    const hash = rs1!.metadata!.labels!['pod-template-hash']!;
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.equal(rs1!.metadata!.name, `web-${hash}`);
    assert.equal(rs1!.spec?.selector?.matchLabels?.['pod-template-hash'], hash);
    assert.equal(rs1!.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(rs1!.metadata?.annotations?.['kubernetes.io/change-cause'], 'create web');
    assert.equal(rs1!.metadata?.ownerReferences?.[0]?.uid, d.metadata?.uid);
    await waitFor('the ScalingReplicaSet event', async () =>
      (await c.client.resource(EVENTS, ns).list()).items.some((e) => e.reason === 'ScalingReplicaSet' && e.message === `Scaled up replica set web-${hash} to 1 from 0` && e.source?.component === 'deployment-controller'));

    await kubectl(['-n', ns, 'scale', 'deployment/web', '--replicas=3']);
    await complete(ns, 'web', 3);
    const rsScaled = await c.client.resource(REPLICASETS, ns).get(`web-${hash}`);
    assert.equal(rsScaled.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rsScaled.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '4');

    const victim = (await c.client.resource(PODS, ns).list()).items[0]!;
    await kubectl(['-n', ns, 'delete', 'pod', victim.metadata!.name!]);
    await waitFor('the deleted pod replaced', async () => {
      const pods = (await c.client.resource(PODS, ns).list()).items.filter((p) => !p.metadata?.deletionTimestamp && isPodReady(p));
      return pods.length === 3 && !pods.some((p) => p.metadata?.name === victim.metadata?.name);
    });
    await complete(ns, 'web', 3);

    // A rolling update: 25% of 3 is surge 1 (rounded up) and unavailable 0 (rounded down), so
    // three pods stay available at every step and at most four exist.
    let maxPods = 0;
    const watcher = await watchPods(ns, (pods) => {
      const live = [...pods.values()].filter((p) => !p.metadata?.deletionTimestamp);
      const ready = live.filter(isPodReady);
      maxPods = Math.max(maxPods, live.length);
      if (ready.length < 3) throw new Error(`only ${ready.length} ready pods: ${live.map((p) => `${p.metadata?.name}:${isPodReady(p)}`).join(' ')}`);
    });
    await kubectl(['-n', ns, 'set', 'image', 'deployment/web', 'c=registry.k8s.io/pause:3.10']);
    await kubectl(['-n', ns, 'annotate', 'deployment/web', 'kubernetes.io/change-cause=image 3.10', '--overwrite']);
    const status = await kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.match(status, /deployment "web" successfully rolled out/);
    d = await complete(ns, 'web', 3);
    await watcher.stop();
    assert.deepEqual(watcher.errors, []);
    assert.ok(maxPods <= 4, `at most replicas + maxSurge pods, saw ${maxPods}`);
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    const pods = (await c.client.resource(PODS, ns).list()).items.filter((p) => !p.metadata?.deletionTimestamp);
    assert.ok(pods.every((p) => p.spec?.containers?.[0]?.image === 'registry.k8s.io/pause:3.10' && hashOf(p) !== hash));

    const history = await kubectl(['-n', ns, 'rollout', 'history', 'deployment/web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE/);
    assert.match(history, /1\s+create web/);
    assert.match(history, /2\s+image 3\.10/);

    await kubectl(['-n', ns, 'rollout', 'undo', 'deployment/web']);
    await kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    d = await complete(ns, 'web', 3);
    assert.equal(d.spec?.template?.spec?.containers?.[0]?.image, 'registry.k8s.io/pause:3.9');
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    const back = await c.client.resource(REPLICASETS, ns).get(`web-${hash}`);
    assert.equal(back.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3', 'the first ReplicaSet is the new one again');
    assert.equal(back.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(back.spec?.replicas, 3);
    const history2 = await kubectl(['-n', ns, 'rollout', 'history', 'deployment/web']);
    assert.match(history2, /2\s+image 3\.10/);
    assert.match(history2, /3\s+create web/);
    assert.doesNotMatch(history2, /^1\s/m);

    await kubectl(['-n', ns, 'rollout', 'restart', 'deployment/web']);
    await kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    d = await complete(ns, 'web', 3);
    assert.ok(d.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']);
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '4');
    assert.equal((await replicaSets(ns)).length, 3);
  });

  it('Recreate: every old pod is gone before a new one is created', async () => {
    const ns = await c.namespace('deploy-recreate');
    await kubectl(['apply', '-f', '-'], deployYaml(ns, 'db', { replicas: 2, strategy: '  strategy: {type: Recreate}\n' }));
    await complete(ns, 'db', 2);
    const oldHash = hashOf((await c.client.resource(PODS, ns).list()).items[0]!);
    let sawNew = false;
    const watcher = await watchPods(ns, (pods) => {
      const all = [...pods.values()];
      const fresh = all.filter((p) => hashOf(p) !== oldHash);
      const old = all.filter((p) => hashOf(p) === oldHash);
      if (fresh.length) sawNew = true;
      if (fresh.length && old.length) throw new Error(`new pods ${fresh.map((p) => p.metadata?.name)} while old pods exist ${old.map((p) => p.metadata?.name)}`);
    });
    await kubectl(['-n', ns, 'set', 'image', 'deployment/db', 'c=registry.k8s.io/pause:3.10']);
    await kubectl(['-n', ns, 'rollout', 'status', 'deployment/db', '--timeout=60s']);
    await complete(ns, 'db', 2);
    await watcher.stop();
    assert.deepEqual(watcher.errors, []);
    assert.ok(sawNew);
  });

  it('a paused deployment scales but does not roll out until resumed; revisionHistoryLimit prunes old ReplicaSets', async () => {
    const ns = await c.namespace('deploy-pause');
    await kubectl(['apply', '-f', '-'], deployYaml(ns, 'api', { replicas: 2, extra: '  revisionHistoryLimit: 1\n' }));
    await complete(ns, 'api', 2);
    await kubectl(['-n', ns, 'rollout', 'pause', 'deployment/api']);
    await waitFor('the paused condition', async () => (await getD(ns, 'api')).status?.conditions?.some((x) => x.type === 'Progressing' && x.reason === 'DeploymentPaused' && x.status === 'Unknown'));
    await kubectl(['-n', ns, 'set', 'image', 'deployment/api', 'c=registry.k8s.io/pause:3.10']);
    await kubectl(['-n', ns, 'scale', 'deployment/api', '--replicas=3']);
    await waitFor('scaled while paused', async () => {
      const rss = await replicaSets(ns);
      return rss.length === 1 && rss[0]!.spec?.replicas === 3 && rss[0]!.status?.readyReplicas === 3;
    });
    await kubectl(['-n', ns, 'rollout', 'resume', 'deployment/api']);
    await kubectl(['-n', ns, 'rollout', 'status', 'deployment/api', '--timeout=60s']);
    await complete(ns, 'api', 3);
    await kubectl(['-n', ns, 'set', 'image', 'deployment/api', 'c=registry.k8s.io/pause:3.8']);
    await kubectl(['-n', ns, 'rollout', 'status', 'deployment/api', '--timeout=60s']);
    await complete(ns, 'api', 3);
    const rss = await waitFor('old ReplicaSets pruned to one', async () => {
      const l = await replicaSets(ns);
      return l.length === 2 && l;
    });
    const revisions = rss.map((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision']).sort();
    assert.deepEqual(revisions, ['2', '3']);
  });

  it('reports ProgressDeadlineExceeded when new pods never become ready, and rollout status fails', async () => {
    const ns = await c.namespace('deploy-stuck');
    await kubectl(['apply', '-f', '-'], deployYaml(ns, 'stuck', { replicas: 2, extra: '  progressDeadlineSeconds: 2\n', podAnnotations: '      annotations: {sim.k8ts.io/never-ready: "true"}\n' }));
    const d = await waitFor('ProgressDeadlineExceeded', async () => {
      const x = await getD(ns, 'stuck');
      return x.status?.conditions?.some((cd) => cd.type === 'Progressing' && cd.status === 'False' && cd.reason === 'ProgressDeadlineExceeded') && x;
    }, 30_000);
    const avail = d.status?.conditions?.find((x) => x.type === 'Available');
    assert.equal(avail?.status, 'False');
    assert.equal(avail?.reason, 'MinimumReplicasUnavailable');
    assert.equal(d.status?.unavailableReplicas, 2);
    const r = await c.s.kubectl(['-n', ns, 'rollout', 'status', 'deployment/stuck', '--timeout=20s']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /exceeded its progress deadline/);
  });
});
