// The scheduler against a real in-process API server over HTTPS: placement by resources, node
// affinity, taints, topology spread and pod anti-affinity; the unschedulable condition and event;
// retry when a node is added; preemption (with simulated nodes removing the victims); schedulerName;
// and two schedulers under leader election never both binding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Node, Pod, Taint } from '../../src/api/types/core-v1.js';
import { clientFromKubeconfig, EVENTS, NAMESPACES, NODES, PODS, PRIORITYCLASSES, type Client } from '../../src/client/index.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { startSimNodes } from '../../src/sim-nodes/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let client: Client;
let scheduler: Scheduler;
const stop = new AbortController();
let running: Promise<void>;

const FAST_BACKOFF = { initialMs: 100, maxMs: 400 };

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function node(name: string, o: { cpu?: string; memory?: string; labels?: Record<string, string>; taints?: Taint[] } = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints },
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready' }] },
  };
}

function pod(ns: string, name: string, o: { cpu?: string; labels?: Record<string, string>; spec?: Pod['spec'] } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: o.labels },
    spec: { ...(o.spec ?? {}), containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: o.cpu ? { requests: { cpu: o.cpu } } : {} }] },
  };
}

const nodeOf = async (ns: string, name: string) => (await client.resource(PODS, ns).get(name)).spec?.nodeName;
const boundTo = (ns: string, name: string) => waitFor(`${ns}/${name} to be bound`, () => nodeOf(ns, name));

async function namespace(name: string): Promise<string> {
  await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

before(async () => {
  s = await startTestServer();
  client = clientFromKubeconfig(s.kubeconfig);
  scheduler = new Scheduler({ client, backoff: FAST_BACKOFF });
  running = scheduler.run(stop.signal);
});

after(async () => {
  stop.abort();
  await running;
  client?.close();
  await s?.close();
});

describe('scheduler', () => {
  it('binds pods to nodes with room for their requests, preferring the least allocated', async () => {
    const ns = await namespace('fit');
    await client.resource(NODES).create(node('fit-small', { cpu: '1', labels: { pool: 'fit' } }));
    await client.resource(NODES).create(node('fit-big', { cpu: '8', labels: { pool: 'fit' } }));
    const sel = { nodeSelector: { pool: 'fit' } };
    await client.resource(PODS).create(pod(ns, 'needs-2', { cpu: '2', spec: sel }));
    assert.equal(await boundTo(ns, 'needs-2'), 'fit-big');
    const p = await client.resource(PODS, ns).get('needs-2');
    assert.equal(p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
    const ev = await waitFor('the Scheduled event', async () =>
      (await client.resource(EVENTS, ns).list()).items.find((e: Event) => e.reason === 'Scheduled' && e.involvedObject?.name === 'needs-2'),
    );
    assert.equal(ev.message, `Successfully assigned ${ns}/needs-2 to fit-big`);
    assert.equal(ev.source?.component, 'default-scheduler');
  });

  it('follows node affinity and taints', async () => {
    const ns = await namespace('aff');
    await client.resource(NODES).create(node('aff-ssd', { labels: { disk: 'ssd', pool: 'aff' } }));
    await client.resource(NODES).create(node('aff-hdd', { labels: { disk: 'hdd', pool: 'aff' } }));
    await client.resource(NODES).create(node('aff-gpu', { labels: { disk: 'ssd', pool: 'aff' }, taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }));
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['aff'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] }] },
      },
    };
    await client.resource(PODS).create(pod(ns, 'wants-ssd', { spec: { affinity } }));
    assert.equal(await boundTo(ns, 'wants-ssd'), 'aff-ssd');
    await client.resource(PODS).create(pod(ns, 'tolerates', { spec: { affinity, tolerations: [{ key: 'gpu', operator: 'Exists' }], nodeSelector: { 'kubernetes.io/hostname': 'aff-gpu' } } }));
    assert.equal(await boundTo(ns, 'tolerates'), 'aff-gpu');
  });

  it('spreads pods over zones and keeps anti-affine pods apart', async () => {
    const ns = await namespace('spread');
    for (const z of ['a', 'b', 'c']) await client.resource(NODES).create(node(`spread-${z}`, { labels: { pool: 'spread', 'topology.kubernetes.io/zone': `zone-${z}` } }));
    const app = { app: 'web' };
    for (let i = 0; i < 3; i++) {
      await client.resource(PODS).create(
        pod(ns, `web-${i}`, {
          labels: app,
          spec: {
            nodeSelector: { pool: 'spread' },
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: app } }],
          },
        }),
      );
    }
    const zones = await Promise.all([0, 1, 2].map((i) => boundTo(ns, `web-${i}`)));
    assert.deepEqual([...zones].sort(), ['spread-a', 'spread-b', 'spread-c']);
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } }] } };
    for (let i = 0; i < 2; i++) await client.resource(PODS).create(pod(ns, `db-${i}`, { labels: { app: 'db' }, spec: { nodeSelector: { pool: 'spread' }, affinity: anti } }));
    const [a, b] = await Promise.all([boundTo(ns, 'db-0'), boundTo(ns, 'db-1')]);
    assert.notEqual(a, b);
  });

  it('leaves pods of other schedulers alone', async () => {
    const ns = await namespace('other');
    await client.resource(NODES).create(node('other-n', { labels: { pool: 'other' } }));
    await client.resource(PODS).create(pod(ns, 'theirs', { spec: { schedulerName: 'someone-else', nodeSelector: { pool: 'other' } } }));
    await client.resource(PODS).create(pod(ns, 'ours', { spec: { nodeSelector: { pool: 'other' } } }));
    await boundTo(ns, 'ours');
    const theirs = await client.resource(PODS, ns).get('theirs');
    assert.equal(theirs.spec?.nodeName, undefined);
    assert.equal(theirs.status?.conditions?.find((c) => c.type === 'PodScheduled'), undefined);
  });

  it('preempts lower-priority pods to make room, and binds the preemptor once they are gone', async () => {
    const ns = await namespace('preempt');
    const sim = await startSimNodes(client, { count: 1, prefix: 'preempt-node-', cpu: '2', memory: '4Gi', labels: { pool: 'preempt' }, startDelayMs: 10 });
    try {
      const sel = { nodeSelector: { pool: 'preempt' } };
      // Pods get their priority from a PriorityClass (the Priority admission plugin).
      for (const [name, value] of [['preempt-low-a', 1], ['preempt-low-b', 2], ['preempt-high', 100]] as const) {
        await client.resource(PRIORITYCLASSES).create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });
      }
      await client.resource(PODS).create(pod(ns, 'low-a', { cpu: '1', spec: { ...sel, priorityClassName: 'preempt-low-a' } }));
      await client.resource(PODS).create(pod(ns, 'low-b', { cpu: '1', spec: { ...sel, priorityClassName: 'preempt-low-b' } }));
      await Promise.all([boundTo(ns, 'low-a'), boundTo(ns, 'low-b')]);
      await client.resource(PODS).create(pod(ns, 'high', { cpu: '1', spec: { ...sel, priorityClassName: 'preempt-high' } }));
      assert.equal((await client.resource(PODS, ns).get('high')).spec?.priority, 100);
      const nominated = await waitFor('the nomination', async () => (await client.resource(PODS, ns).get('high')).status?.nominatedNodeName);
      assert.equal(nominated, 'preempt-node-0');
      assert.equal(await boundTo(ns, 'high'), 'preempt-node-0');
      // The lowest-priority pod was the victim; the other one stays.
      await waitFor('low-a to be gone', async () => !(await client.resource(PODS, ns).list()).items.some((p) => p.metadata?.name === 'low-a'));
      assert.equal(await nodeOf(ns, 'low-b'), 'preempt-node-0');
      const ev = await waitFor('the Preempted event', async () => (await client.resource(EVENTS, ns).list()).items.find((e: Event) => e.reason === 'Preempted'));
      assert.equal(ev.involvedObject?.name, 'low-a');
      const high = await client.resource(PODS, ns).get('high');
      assert.match(ev.message ?? '', new RegExp(`^Preempted by pod ${high.metadata?.uid} on node preempt-node-0$`));
    } finally {
      await sim.stop();
    }
  });
});

describe('unschedulable pods', () => {
  let s2: TestServer;
  let c2: Client;
  const stop2 = new AbortController();
  let run2: Promise<void>;
  before(async () => {
    s2 = await startTestServer();
    c2 = clientFromKubeconfig(s2.kubeconfig);
    run2 = new Scheduler({ client: c2, backoff: FAST_BACKOFF }).run(stop2.signal);
  });
  after(async () => {
    stop2.abort();
    await run2;
    c2?.close();
    await s2?.close();
  });

  it('get the PodScheduled=False condition and a FailedScheduling event with upstream\'s message, and are retried when a node is added', async () => {
    const taints = [{ key: 'key', value: 'value', effect: 'NoSchedule' }];
    await c2.resource(NODES).create(node('small', { cpu: '1' }));
    await c2.resource(NODES).create(node('t1', { taints }));
    await c2.resource(NODES).create(node('t2', { taints }));
    await c2.resource(PODS).create(pod('default', 'big', { cpu: '2' }));
    const cond = await waitFor('the PodScheduled=False condition', async () => {
      const p = await c2.resource(PODS, 'default').get('big');
      return p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
    assert.equal(cond.reason, 'Unschedulable');
    assert.equal(
      cond.message,
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    const ev = await waitFor('the FailedScheduling event', async () =>
      (await c2.resource(EVENTS, 'default').list()).items.find((e: Event) => e.reason === 'FailedScheduling' && e.involvedObject?.name === 'big'),
    );
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, cond.message);
    assert.equal(ev.source?.component, 'default-scheduler');
    // kubectl shows it as upstream does.
    const described = await s2.kubectl(['describe', 'pod', 'big']);
    assert.match(described.stdout, /Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 1 Insufficient cpu/);
    await c2.resource(NODES).create(node('roomy', { cpu: '4' }));
    const bound = await waitFor('big to be bound', async () => (await c2.resource(PODS, 'default').get('big')).spec?.nodeName);
    assert.equal(bound, 'roomy');
  });
});

describe('leader election', () => {
  it('two schedulers never both bind; the other takes over when the leader stops', async () => {
    const ns = await namespace('le');
    await client.resource(NODES).create(node('le-n', { cpu: '64', labels: { pool: 'le' } }));
    const le = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 };
    const mk = (id: string) => {
      const c = clientFromKubeconfig(s.kubeconfig);
      return { c, sched: new Scheduler({ client: c, schedulerName: 'le-scheduler', identity: id, leaderElection: le, backoff: FAST_BACKOFF }), stop: new AbortController() };
    };
    const one = mk('one');
    const two = mk('two');
    const runs = [one.sched.run(one.stop.signal), two.sched.run(two.stop.signal)];
    const spec = { schedulerName: 'le-scheduler', nodeSelector: { pool: 'le' } };
    try {
      const leader = await waitFor('a leader', async () => (one.sched.isLeader() ? one : two.sched.isLeader() ? two : undefined));
      const follower = leader === one ? two : one;
      for (let i = 0; i < 10; i++) await client.resource(PODS).create(pod(ns, `p${i}`, { spec }));
      await Promise.all(Array.from({ length: 10 }, (_, i) => boundTo(ns, `p${i}`)));
      assert.equal(leader.sched.stats.scheduled, 10);
      assert.equal(follower.sched.stats.scheduled, 0);
      assert.equal(follower.sched.stats.attempts, 0);
      const lease = await client.resource({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true }, 'kube-system').get('kube-scheduler');
      assert.equal((lease as { spec?: { holderIdentity?: string } }).spec?.holderIdentity, leader.sched.identity);

      leader.stop.abort();
      await runs[leader === one ? 0 : 1];
      await waitFor('the follower to lead', async () => follower.sched.isLeader());
      for (let i = 10; i < 15; i++) await client.resource(PODS).create(pod(ns, `p${i}`, { spec }));
      await Promise.all(Array.from({ length: 5 }, (_, i) => boundTo(ns, `p${i + 10}`)));
      assert.equal(follower.sched.stats.scheduled, 5);
      assert.equal(leader.sched.stats.scheduled, 10);
    } finally {
      one.stop.abort();
      two.stop.abort();
      await Promise.all(runs);
      one.c.close();
      two.c.close();
    }
  });
});
