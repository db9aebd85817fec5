// The StatefulSet controller in a running cluster (test API server, simulated nodes, scheduler,
// controller manager), driven with the real kubectl: ordered creation, stable identity and claims,
// scale up and down with kubectl scale (highest ordinal first, claims kept), a rolling update with a
// partition, rollout status/history/undo (1.33 and 1.27), Parallel creation, failed pods recreated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControllerRevision, StatefulSet } from '../../src/api/types/apps-v1.js';
import type { Pod } from '../../src/api/types/core-v1.js';
import { PERSISTENTVOLUMECLAIMS, PODS, STATEFULSETS } from '../../src/client/index.js';
import { CONTROLLERREVISIONS } from '../../src/controllers/history/index.js';
import { newSetRevision } from '../../src/controllers/statefulset/revisions.js';
import { isPodReady } from '../../src/controllers/pod-util.js';
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

const stsYaml = (ns: string, name: string, o: { replicas?: number; image?: string; policy?: string; startDelayMs?: number } = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  serviceName: ${name}-svc
  replicas: ${o.replicas ?? 3}
  podManagementPolicy: ${o.policy ?? 'OrderedReady'}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}${o.startDelayMs ? `\n      annotations: {sim.k8ts.io/start-delay-ms: "${o.startDelayMs}"}` : ''}
    spec:
      containers:
      - name: c
        image: ${o.image ?? 'registry.k8s.io/pause:3.9'}
        volumeMounts:
        - {name: www, mountPath: /www}
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests: {storage: 1Gi}
`;

async function kubectl(args: string[], o: { input?: string; version?: string } = {}): Promise<string> {
  const r = await c.s.kubectl(args, o);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const getSet = (ns: string, name: string): Promise<StatefulSet> => c.client.resource(STATEFULSETS, ns).get(name);
const podsOf = async (ns: string): Promise<Pod[]> => (await c.client.resource(PODS, ns).list()).items;
const readyNames = async (ns: string): Promise<string[]> =>
  (await podsOf(ns)).filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && isPodReady(p)).map((p) => p.metadata!.name!).sort();

async function settled(ns: string, name: string, n: number): Promise<StatefulSet> {
  return waitFor(`statefulset ${ns}/${name} settled at ${n}`, async () => {
    const s = await getSet(ns, name);
    const st = s.status ?? {};
    const pods = (await podsOf(ns)).filter((p) => p.metadata?.name?.startsWith(`${name}-`));
    return st.observedGeneration === s.metadata?.generation && st.replicas === n && st.readyReplicas === n && st.availableReplicas === n && pods.length === n && s;
  }, LONG);
}

interface PodLog {
  /** "ADDED web-1 (web-0 ready)" style entries, in watch order. */
  readonly entries: string[];
  stop(): Promise<void>;
}

/** Records pod adds and deletion starts, noting which pods were Running and Ready at each add. */
async function recordPods(ns: string): Promise<PodLog> {
  const ac = new AbortController();
  const pods = new Map<string, Pod>();
  const entries: string[] = [];
  const list = await c.client.resource(PODS, ns).list();
  for (const p of list.items) pods.set(p.metadata!.name!, p);
  const run = (async () => {
    for await (const ev of c.client.resource(PODS, ns).watch({ signal: ac.signal, resourceVersion: list.metadata.resourceVersion })) {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
      const p = ev.object;
      const name = p.metadata!.name!;
      const prev = pods.get(name);
      if (ev.type === 'ADDED') {
        const ready = [...pods.values()].filter((x) => x.status?.phase === 'Running' && isPodReady(x) && !x.metadata?.deletionTimestamp).map((x) => x.metadata!.name!).sort();
        entries.push(`add ${name} [${ready.join(' ')}]`);
      }
      if (ev.type === 'MODIFIED' && p.metadata?.deletionTimestamp && !prev?.metadata?.deletionTimestamp) entries.push(`delete ${name}`);
      if (ev.type === 'DELETED') {
        if (!prev?.metadata?.deletionTimestamp) entries.push(`delete ${name}`);
        pods.delete(name);
      } else pods.set(name, p);
    }
  })().catch(() => {});
  return { entries, async stop() { ac.abort(); await run; } };
}

describe('StatefulSet controller', () => {
  it('creates web-0..2 in order with stable identity and claims, scales with kubectl, rolls with a partition, keeps history', async () => {
    const ns = await c.namespace('sts-web');
    const log = await recordPods(ns);
    await kubectl(['apply', '-f', '-'], { input: stsYaml(ns, 'web') });
    const out = await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=60s']);
    assert.match(out, /partitioned roll out complete: 3 new pods have been updated\.\.\./);
    let set = await settled(ns, 'web', 3);
    // Each pod was created only once its predecessor was Running and Ready.
    const adds = () => log.entries.filter((e) => e.startsWith('add '));
    assert.deepEqual(adds(), ['add web-0 []', 'add web-1 [web-0]', 'add web-2 [web-0 web-1]']);

    const rev1 = set.status!.updateRevision!;
    assert.equal(set.status?.currentRevision, rev1);
    assert.match(rev1, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(set.status?.currentReplicas, 3);
    assert.equal(set.status?.updatedReplicas, 3);
    assert.equal(set.status?.collisionCount, 0);
    for (const i of [0, 1, 2]) {
      const p = await c.client.resource(PODS, ns).get(`web-${i}`);
      assert.equal(p.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], `web-${i}`);
      assert.equal(p.metadata?.labels?.['apps.kubernetes.io/pod-index'], String(i));
      assert.equal(p.metadata?.labels?.['controller-revision-hash'], rev1);
      assert.equal(p.spec?.hostname, `web-${i}`);
      assert.equal(p.spec?.subdomain, 'web-svc');
      assert.equal(p.spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName, `www-web-${i}`);
      assert.equal(p.metadata?.ownerReferences?.[0]?.uid, set.metadata?.uid);
      const pvc = await c.client.resource(PERSISTENTVOLUMECLAIMS, ns).get(`www-web-${i}`);
      assert.equal(pvc.metadata?.labels?.app, 'web');
      assert.equal(pvc.spec?.resources?.requests?.storage, '1Gi');
    }
    const revs = (await c.client.resource(CONTROLLERREVISIONS, ns).list()).items;
    assert.equal(revs.length, 1);
    assert.equal(revs[0]!.metadata?.name, rev1);
    assert.equal(revs[0]!.revision, 1);
    assert.equal((revs[0]!.data as { spec: { template: { $patch: string } } }).spec.template.$patch, 'replace');

    await kubectl(['-n', ns, 'scale', 'statefulset/web', '--replicas=5']);
    await settled(ns, 'web', 5);
    assert.deepEqual(adds().slice(3), ['add web-3 [web-0 web-1 web-2]', 'add web-4 [web-0 web-1 web-2 web-3]']);

    await kubectl(['-n', ns, 'scale', 'statefulset/web', '--replicas=2']);
    set = await settled(ns, 'web', 2);
    assert.deepEqual(log.entries.filter((e) => e.startsWith('delete ')), ['delete web-4', 'delete web-3', 'delete web-2']);
    assert.deepEqual(await readyNames(ns), ['web-0', 'web-1']);
    const claims = (await c.client.resource(PERSISTENTVOLUMECLAIMS, ns).list()).items.map((p) => p.metadata!.name!).sort();
    assert.deepEqual(claims, ['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3', 'www-web-4']);

    // Rolling update held at partition 1: only web-1 moves to the new revision.
    await kubectl(['-n', ns, 'patch', 'statefulset/web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}']);
    await kubectl(['-n', ns, 'set', 'image', 'statefulset/web', 'c=registry.k8s.io/pause:3.10']);
    const partial = await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=60s']);
    assert.match(partial, /partitioned roll out complete: 1 new pods have been updated\.\.\./);
    set = await waitFor('web-1 updated', async () => {
      const s = await getSet(ns, 'web');
      return s.status?.updatedReplicas === 1 && s.status.readyReplicas === 2 && s.status.observedGeneration === s.metadata?.generation && s;
    }, LONG);
    const rev2 = set.status!.updateRevision!;
    assert.notEqual(rev2, rev1);
    assert.equal(set.status?.currentRevision, rev1);
    const w0 = await c.client.resource(PODS, ns).get('web-0');
    const w1 = await c.client.resource(PODS, ns).get('web-1');
    assert.equal(w0.metadata?.labels?.['controller-revision-hash'], rev1);
    assert.equal(w0.spec?.containers?.[0]?.image, 'registry.k8s.io/pause:3.9');
    assert.equal(w1.metadata?.labels?.['controller-revision-hash'], rev2);
    assert.equal(w1.spec?.containers?.[0]?.image, 'registry.k8s.io/pause:3.10');

    await kubectl(['-n', ns, 'patch', 'statefulset/web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}']);
    await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=60s']);
    set = await waitFor('rolling update complete', async () => {
      const s = await getSet(ns, 'web');
      return s.status?.currentRevision === rev2 && s.status.updatedReplicas === 2 && s.status.currentReplicas === 2 && s.status.readyReplicas === 2 && s;
    }, LONG);

    const history = await kubectl(['-n', ns, 'rollout', 'history', 'statefulset/web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    const shown = await kubectl(['-n', ns, 'rollout', 'history', 'statefulset/web', '--revision=1']);
    assert.match(shown, /registry\.k8s\.io\/pause:3\.9/);
    const undo = await kubectl(['-n', ns, 'rollout', 'undo', 'statefulset/web'], { version: '1.27' });
    assert.match(undo, /statefulset.apps\/web rolled back/);
    const st127 = await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=60s'], { version: '1.27' });
    assert.match(st127, /partitioned roll out complete: 2 new pods have been updated\.\.\./);
    set = await waitFor('undo rolled out', async () => {
      const s = await getSet(ns, 'web');
      return s.status?.currentRevision === rev1 && s.status.updateRevision === rev1 && s.status.updatedReplicas === 2 && s.status.readyReplicas === 2 && s;
    }, LONG);
    const pods = await podsOf(ns);
    assert.deepEqual(pods.map((p) => p.spec?.containers?.[0]?.image), ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9']);
    const revsAfter = (await c.client.resource(CONTROLLERREVISIONS, ns).list()).items as ControllerRevision[];
    assert.deepEqual(revsAfter.map((r) => `${r.metadata?.name}=${r.revision}`).sort(), [`${rev1}=3`, `${rev2}=2`].sort());
    await log.stop();
  });

  it('creates Parallel pods without waiting, recreates a failed pod, restarts, updates OnDelete only when pods are deleted', async () => {
    const ns = await c.namespace('sts-par');
    const log = await recordPods(ns);
    await kubectl(['apply', '-f', '-'], { input: stsYaml(ns, 'par', { policy: 'Parallel', startDelayMs: 1500 }) });
    await settled(ns, 'par', 3);
    const adds = log.entries.filter((e) => e.startsWith('add '));
    assert.equal(adds.length, 3);
    assert.ok(adds.every((e) => e.endsWith('[]')), `Parallel pods waited for each other: ${adds.join(', ')}`);

    const before = await c.client.resource(PODS, ns).get('par-1');
    await c.client.resource(PODS, ns).patch('par-1', { status: { phase: 'Failed' } }, 'merge', { subresource: 'status' });
    await waitFor('par-1 recreated', async () => {
      const p = await c.client.resource(PODS, ns).get('par-1');
      return p.metadata?.uid !== before.metadata?.uid && p.status?.phase === 'Running' && isPodReady(p);
    }, LONG);
    await settled(ns, 'par', 3);
    const uids = new Set((await podsOf(ns)).map((p) => p.metadata!.uid!));
    await kubectl(['-n', ns, 'rollout', 'restart', 'statefulset/par']);
    await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/par', '--timeout=60s']);
    await waitFor('restart replaced every pod', async () => {
      const s = await getSet(ns, 'par');
      const pods = await podsOf(ns);
      return s.status?.currentRevision === s.status?.updateRevision && s.status?.updatedReplicas === 3 && s.status.readyReplicas === 3 && pods.length === 3 && pods.every((p) => !uids.has(p.metadata!.uid!));
    }, LONG);

    // OnDelete: a template change replaces only the pods that are deleted.
    await kubectl(['-n', ns, 'patch', 'statefulset/par', '--type=merge', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}']);
    await kubectl(['-n', ns, 'set', 'image', 'statefulset/par', 'c=registry.k8s.io/pause:3.10']);
    const s1 = await waitFor('the new revision observed', async () => {
      const s = await getSet(ns, 'par');
      return s.status?.observedGeneration === s.metadata?.generation && s.status?.updateRevision !== s.status?.currentRevision && s;
    }, LONG);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok((await podsOf(ns)).every((p) => p.spec?.containers?.[0]?.image === 'registry.k8s.io/pause:3.9'), 'OnDelete replaced a pod by itself');
    await kubectl(['-n', ns, 'delete', 'pod', 'par-2']);
    await waitFor('par-2 recreated at the update revision', async () => {
      const p = await c.client.resource(PODS, ns).get('par-2');
      return !p.metadata?.deletionTimestamp && p.metadata?.labels?.['controller-revision-hash'] === s1.status?.updateRevision && p.spec?.containers?.[0]?.image === 'registry.k8s.io/pause:3.10' && isPodReady(p);
    }, LONG);
    const others = (await podsOf(ns)).filter((p) => p.metadata?.name !== 'par-2');
    assert.deepEqual(others.map((p) => p.spec?.containers?.[0]?.image), ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9']);
    await log.stop();
  });

  it('deletes claims as persistentVolumeClaimRetentionPolicy says: whenScaled on scale-down, whenDeleted with the set', async () => {
    const ns = await c.namespace('sts-ret');
    const yaml = stsYaml(ns, 'ret', { replicas: 2, policy: 'Parallel' }).replace('  volumeClaimTemplates:', '  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Delete}\n  volumeClaimTemplates:');
    await kubectl(['apply', '-f', '-'], { input: yaml });
    const set = await settled(ns, 'ret', 2);
    const claimNames = async () => (await c.client.resource(PERSISTENTVOLUMECLAIMS, ns).list()).items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata!.name!).sort();
    assert.deepEqual(await claimNames(), ['www-ret-0', 'www-ret-1']);
    const claim = await c.client.resource(PERSISTENTVOLUMECLAIMS, ns).get('www-ret-0');
    assert.deepEqual(claim.metadata?.ownerReferences?.map((r) => `${r.kind}/${r.name}/${r.uid}`), [`StatefulSet/ret/${set.metadata?.uid}`]);
    const table = await kubectl(['-n', ns, 'get', 'statefulset', 'ret']);
    assert.match(table, /^NAME\s+READY\s+AGE\nret\s+2\/2\s+/);
    const revTable = await kubectl(['-n', ns, 'get', 'controllerrevisions']);
    assert.match(revTable, /\nret-[a-z0-9]+\s+statefulset\.apps\/ret\s+1\s+/);

    await kubectl(['-n', ns, 'scale', 'statefulset/ret', '--replicas=1']);
    await settled(ns, 'ret', 1);
    await waitFor('www-ret-1 deleted after scale-down', async () => (await claimNames()).join() === 'www-ret-0', LONG);

    await kubectl(['-n', ns, 'delete', 'statefulset', 'ret']);
    await waitFor('pods and claims deleted with the set', async () => (await claimNames()).length === 0 && (await podsOf(ns)).length === 0, LONG);
  });

  it('raises collisionCount when another revision holds the name its template hashes to', async () => {
    const ns = await c.namespace('sts-collide');
    const yaml = stsYaml(ns, 'col', { replicas: 1 });
    // The name the set's first revision would get, taken by a revision with other data.
    const probe = await c.client.resource(STATEFULSETS, ns).create(
      { ...(JSON.parse(await kubectl(['create', '--dry-run=client', '-o', 'json', '-f', '-'], { input: yaml })) as StatefulSet), metadata: { name: 'col', namespace: ns } },
      { dryRun: true },
    );
    const squatter = newSetRevision(probe, 1, 0);
    await c.client.resource(CONTROLLERREVISIONS, ns).create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: squatter.metadata!.name!, labels: { other: 'x' } }, data: { something: 'else' }, revision: 1 });
    await kubectl(['apply', '--validate=false', '-f', '-'], { input: yaml });
    const set = await settled(ns, 'col', 1);
    assert.equal(set.status?.collisionCount, 1);
    assert.notEqual(set.status?.updateRevision, squatter.metadata?.name);
    assert.equal(set.status?.updateRevision, newSetRevision(probe, 1, 1).metadata?.name);
  });
});
