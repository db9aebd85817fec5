// Simulated nodes against the real API server, through the client over HTTPS: registration and
// readiness as the real kubectl sees it, lease heartbeats, pods through their lives (running,
// fail, crash, never ready, completion, deletion), the CLI and `k8ts server --sim-nodes`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { LEASES, NODES, PODS, clientFromKubeconfig, isNotFound, type Client } from '../../src/client/index.js';
import { CRASH_ANNOTATION, FAIL_ANNOTATION, NEVER_READY_ANNOTATION, NODE_LEASE_NAMESPACE, startSimNodes, type SimNodes } from '../../src/sim-nodes/index.js';
import { freePort, K8TS_BIN as BIN, k8tsProcesses } from '../support/k8ts-process.js';
import { startTestServer, runKubectl, kubectlPath, type TestServer } from '../support/test-server.js';

const processes = k8tsProcesses();
const spawnBin = processes.start;
let s: TestServer;
let c: Client;
let sim: SimNodes;
const errors: string[] = [];
const dirs: string[] = [];

before(async () => {
  s = await startTestServer();
  c = clientFromKubeconfig(s.kubeconfig);
  sim = await startSimNodes(c, {
    count: 3,
    cpu: '16',
    memory: '64Gi',
    pods: 50,
    labels: { 'pool': 'sim' },
    taints: [{ key: 'dedicated', value: 'sim', effect: 'PreferNoSchedule' }],
    instanceType: 'sim.large',
    zones: 2,
    startDelayMs: 300,
    runTimeMs: 600,
    crashBackoffMs: 200,
    leaseRenewIntervalMs: 300,
    statusUpdateIntervalMs: 1000,
    onError: (e, what) => errors.push(`${what}: ${(e as Error).message}`),
  });
});
after(async () => {
  processes.killAll();
  await sim?.stop();
  c?.close();
  await s?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pod = (name: string, o: { node?: string; annotations?: Record<string, string>; restartPolicy?: string; init?: boolean } = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, annotations: o.annotations },
  spec: {
    nodeName: o.node ?? 'sim-node-1',
    restartPolicy: o.restartPolicy,
    containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'registry.example.com/tools/side' }],
    initContainers: o.init ? [{ name: 'init', image: 'busybox' }] : undefined,
  },
});
const getPod = (name: string) => c.resource(PODS, 'default').get(name);
const cond = (p: Pod, type: string) => p.status?.conditions?.find((x) => x.type === type)?.status;

describe('simulated nodes', () => {
  it('registers Ready nodes with capacity, labels, taints, addresses and node info as kubectl shows them', async () => {
    const wait = await s.kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=30s']);
    assert.equal(wait.code, 0, wait.stderr);
    assert.match(wait.stdout, /node\/sim-node-0 condition met/);
    const names = await s.kubectl(['get', 'nodes', '-l', 'pool=sim', '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.equal(names.stdout, 'sim-node-0 sim-node-1 sim-node-2');
    const n = await c.resource(NODES).get('sim-node-1');
    assert.deepEqual(n.status?.capacity, { cpu: '16', memory: '64Gi', pods: '50', 'ephemeral-storage': '100Gi' });
    assert.deepEqual(n.status?.allocatable, n.status?.capacity);
    const l = n.metadata!.labels!;
    assert.equal(l['kubernetes.io/hostname'], 'sim-node-1');
    assert.equal(l['kubernetes.io/os'], 'linux');
    assert.equal(l['kubernetes.io/arch'], 'amd64');
    assert.equal(l['node.kubernetes.io/instance-type'], 'sim.large');
    assert.equal(l['topology.kubernetes.io/zone'], 'zone-1');
    assert.deepEqual(n.spec?.taints, [{ key: 'dedicated', value: 'sim', effect: 'PreferNoSchedule' }]);
    assert.equal(n.spec?.podCIDR, '10.128.1.0/24');
    assert.deepEqual(n.status?.addresses, [{ type: 'InternalIP', address: '172.16.0.3' }, { type: 'Hostname', address: 'sim-node-1' }]);
    assert.equal(n.status?.nodeInfo?.kubeletVersion, 'v1.33.0');
    assert.equal(n.status?.nodeInfo?.operatingSystem, 'linux');
    const ready = n.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(ready?.status, 'True');
    assert.equal(ready?.reason, 'KubeletReady');
    const desc = await s.kubectl(['describe', 'node', 'sim-node-1']);
    assert.equal(desc.code, 0, desc.stderr);
    assert.match(desc.stdout, /HolderIdentity:\s+sim-node-1/);
    assert.match(desc.stdout, /Ready\s+True\s+.*KubeletReady/);
    assert.match(desc.stdout, /Taints:\s+dedicated=sim:PreferNoSchedule/);
  });

  it('renews each node lease in kube-node-lease, and refreshes the node heartbeat less often', async () => {
    const leases = c.resource(LEASES, NODE_LEASE_NAMESPACE);
    const first = await leases.get('sim-node-2');
    assert.equal(first.spec?.holderIdentity, 'sim-node-2');
    assert.equal(first.spec?.leaseDurationSeconds, 40);
    assert.equal(first.metadata?.ownerReferences?.[0]?.kind, 'Node');
    await until('a renewal', async () => (await leases.get('sim-node-2')).spec?.renewTime !== first.spec?.renewTime);
    const renewalsBefore = sim.stats.leaseRenewals;
    await new Promise((r) => setTimeout(r, 700));
    assert.ok(sim.stats.leaseRenewals - renewalsBefore >= 3, `every lease renewed each 300 ms (${sim.stats.leaseRenewals - renewalsBefore})`);
    assert.ok(sim.stats.statusUpdates < sim.stats.leaseRenewals);
    const hb0 = (await c.resource(NODES).get('sim-node-0')).status?.conditions?.find((x) => x.type === 'Ready')?.lastHeartbeatTime;
    await until('a node status refresh', async () => (await c.resource(NODES).get('sim-node-0')).status?.conditions?.find((x) => x.type === 'Ready')?.lastHeartbeatTime !== hb0, 5000);
  });

  it('moves a pod bound to a node through ContainerCreating to Running and Ready', async () => {
    await c.resource(PODS, 'default').create(pod('web', { init: true }));
    const creating = await until('ContainerCreating', async () => {
      const p = await getPod('web');
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating' && p;
    });
    assert.equal(creating.status?.phase, 'Pending');
    assert.equal(cond(creating, 'PodScheduled'), 'True');
    assert.equal(cond(creating, 'Ready'), 'False');
    const w = await s.kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=30s']);
    assert.equal(w.code, 0, w.stderr);
    const p = await getPod('web');
    assert.equal(p.status?.phase, 'Running');
    for (const t of ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled', 'PodReadyToStartContainers']) assert.equal(cond(p, t), 'True', t);
    assert.equal(p.status?.hostIP, '172.16.0.3');
    assert.match(p.status!.podIP!, /^10\.128\.1\.\d+$/);
    assert.deepEqual(p.status?.podIPs, [{ ip: p.status!.podIP }]);
    assert.ok(p.status?.startTime);
    const [app, side] = p.status!.containerStatuses!;
    assert.equal(app!.name, 'app');
    assert.equal(app!.image, 'docker.io/library/nginx:1.27');
    assert.match(app!.imageID!, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    assert.match(app!.containerID!, /^containerd:\/\/[0-9a-f]{64}$/);
    assert.equal(app!.ready, true);
    assert.equal(app!.started, true);
    assert.equal(app!.restartCount, 0);
    assert.ok(app!.state?.running?.startedAt);
    assert.equal(side!.image, 'registry.example.com/tools/side:latest');
    assert.equal(p.status?.initContainerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
    const wide = await s.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase} {.status.podIP} {.spec.nodeName}']);
    assert.equal(wide.stdout, `Running ${p.status!.podIP} sim-node-1`);
  });

  it('gives pods on one node distinct IPs from its CIDR', async () => {
    for (const n of ['ip-a', 'ip-b', 'ip-c']) await c.resource(PODS, 'default').create(pod(n, { node: 'sim-node-2' }));
    const ips = await until('three pod IPs', async () => {
      const ps = await Promise.all(['ip-a', 'ip-b', 'ip-c'].map(getPod));
      return ps.every((p) => p.status?.podIP) && ps.map((p) => p.status!.podIP!);
    });
    assert.equal(new Set(ips).size, 3);
    for (const ip of ips) assert.match(ip, /^10\.128\.2\./);
  });

  it('fails a pod with the fail annotation (exit code), whatever its restart policy', async () => {
    await c.resource(PODS, 'default').create(pod('fails', { annotations: { [FAIL_ANNOTATION]: '3' } }));
    const p = await until('Failed', async () => {
      const x = await getPod('fails');
      return x.status?.phase === 'Failed' && x;
    });
    const t = p.status!.containerStatuses![0]!.state!.terminated!;
    assert.equal(t.exitCode, 3);
    assert.equal(t.reason, 'Error');
    assert.equal(cond(p, 'Ready'), 'False');
  });

  it('crash-loops a pod with the crash annotation: CrashLoopBackOff and a rising restart count', async () => {
    await c.resource(PODS, 'default').create(pod('crashy', { annotations: { [CRASH_ANNOTATION]: '2' } }));
    const p = await until('two restarts', async () => {
      const x = await getPod('crashy');
      return (x.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 && x;
    });
    const cs = p.status!.containerStatuses![0]!;
    assert.equal(p.status?.phase, 'Running');
    assert.equal(cs.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.match(cs.state!.waiting!.message!, /^back-off \d+s restarting failed container=app pod=crashy_default/);
    assert.equal(cs.lastState?.terminated?.exitCode, 2);
    assert.equal(cs.ready, false);
    const col = await s.kubectl(['get', 'pod', 'crashy', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}']);
    assert.equal(col.stdout, 'CrashLoopBackOff');
    // With restartPolicy Never a crash is final.
    await c.resource(PODS, 'default').create(pod('crash-once', { annotations: { [CRASH_ANNOTATION]: '' }, restartPolicy: 'Never' }));
    await until('Failed', async () => (await getPod('crash-once')).status?.phase === 'Failed');
  });

  it('keeps a pod with the never-ready annotation Running but not Ready', async () => {
    await c.resource(PODS, 'default').create(pod('unready', { annotations: { [NEVER_READY_ANNOTATION]: 'true' } }));
    const p = await until('Running', async () => {
      const x = await getPod('unready');
      return x.status?.phase === 'Running' && x;
    });
    await new Promise((r) => setTimeout(r, 300));
    const again = await getPod('unready');
    assert.equal(cond(again, 'Ready'), 'False');
    assert.equal(again.status?.conditions?.find((x) => x.type === 'Ready')?.reason, 'ContainersNotReady');
    assert.equal(p.status?.containerStatuses?.[0]?.started, true);
    assert.equal(p.status?.containerStatuses?.[0]?.ready, false);
  });

  it('completes a restartPolicy Never pod after the run time (Succeeded, Completed, exit 0); Always pods keep running', async () => {
    await c.resource(PODS, 'default').create(pod('job-like', { restartPolicy: 'Never' }));
    await c.resource(PODS, 'default').create(pod('onfailure', { restartPolicy: 'OnFailure' }));
    const p = await until('Succeeded', async () => {
      const x = await getPod('job-like');
      return x.status?.phase === 'Succeeded' && x;
    });
    const t = p.status!.containerStatuses![0]!.state!.terminated!;
    assert.equal(t.reason, 'Completed');
    assert.equal(t.exitCode, 0);
    assert.ok(Date.parse(t.finishedAt!) >= Date.parse(t.startedAt!));
    assert.equal(p.status?.conditions?.find((x) => x.type === 'Ready')?.reason, 'PodCompleted');
    await until('OnFailure Succeeded', async () => (await getPod('onfailure')).status?.phase === 'Succeeded');
    assert.equal((await getPod('web')).status?.phase, 'Running');
  });

  it('removes a pod being deleted (containers terminated, then deleted with grace 0)', async () => {
    await until('web running', async () => (await getPod('web')).status?.phase === 'Running');
    const del = await s.kubectl(['delete', 'pod', 'web', '--timeout=30s']);
    assert.equal(del.code, 0, del.stderr);
    assert.match(del.stdout, /pod "web" deleted/);
    assert.equal(isNotFound(await getPod('web').catch((e) => e)), true);
    // Its IP goes back to the node's pool.
    await until('untracked', async () => sim.stats.deletes >= 1);
  });

  it('leaves pods bound to other nodes alone', async () => {
    await c.resource(PODS, 'default').create(pod('elsewhere', { node: 'real-node-9' }));
    await new Promise((r) => setTimeout(r, 800));
    assert.equal((await getPod('elsewhere')).status?.phase, 'Pending');
    assert.equal((await getPod('elsewhere')).status?.hostIP, undefined);
    assert.deepEqual(errors, []);
  });

  it('reports a node and its pods again at once when someone else marks them not ready, as a kubelet does', async () => {
    // Status reports every 10 minutes: only the repair can bring this node back within the test.
    const lapse = await startSimNodes(c, { count: 1, prefix: 'lapse-node-', startDelayMs: 100, leaseRenewIntervalMs: 300, statusUpdateIntervalMs: 600_000, onError: (e, what) => errors.push(`${what}: ${(e as Error).message}`) });
    try {
      const nodes = c.resource(NODES);
      const readyOf = async () => (await nodes.get('lapse-node-0')).status?.conditions?.find((x) => x.type === 'Ready');
      assert.equal((await readyOf())?.status, 'True');
      // What the node lifecycle controller writes for a node whose lease it saw lapse.
      const unknown = (type: string) => ({ type, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
      await nodes.patch('lapse-node-0', { status: { conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map(unknown) } }, 'strategic', { subresource: 'status' });
      assert.equal((await readyOf())?.status, 'Unknown');
      const back = await until('node Ready again', async () => {
        const r = await readyOf();
        return r?.status === 'True' && r;
      }, 5_000);
      assert.equal(back.reason, 'KubeletReady');
      assert.ok(lapse.stats.readyRepairs >= 1, `repairs ${lapse.stats.readyRepairs}`);

      await c.resource(PODS, 'default').create(pod('lapse-pod', { node: 'lapse-node-0' }));
      await until('pod Ready', async () => cond(await getPod('lapse-pod'), 'Ready') === 'True');
      const p = await getPod('lapse-pod');
      const notReady = (p.status?.conditions ?? []).map((x) => (x.type === 'Ready' ? { ...x, status: 'False' } : x));
      await c.resource(PODS, 'default').patch('lapse-pod', { status: { conditions: notReady } }, 'strategic', { subresource: 'status' });
      assert.equal(cond(await getPod('lapse-pod'), 'Ready'), 'False');
      await until('pod Ready again', async () => cond(await getPod('lapse-pod'), 'Ready') === 'True', 5_000);
      // Once repaired, the node stops writing for it (no loop against its own cache). A write
      // already under way when the check starts may still land, so the quiet period is the second.
      await new Promise((r) => setTimeout(r, 600));
      const writes = lapse.stats.statusWrites;
      await new Promise((r) => setTimeout(r, 900));
      assert.equal(lapse.stats.statusWrites, writes);
    } finally {
      await lapse.stop();
    }
    assert.deepEqual(errors, []);
  });
});

describe('k8ts sim-nodes CLI', () => {
  it('rejects bad flags with exit code 2 and a clear message', () => {
    const cases: Array<[string[], RegExp]> = [
      [['sim-nodes', '--kubeconfig', s.kubeconfig], /required option '--count <n>' not specified/],
      [['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', 'ten'], /"ten" is not a whole number >= 1/],
      [['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', '0'], /"0" is not a whole number >= 1/],
      [['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', '1', '--memory', 'lots'], /"lots" is not a resource quantity/],
      [['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', '1', '--labels', 'novalue'], /label "novalue" is not key=value/],
      [['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', '1', '--labels', 'bad key=x'], /name part must consist of alphanumeric characters/],
      [['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', '1', '--taints', 'k=v:Sometimes'], /effect must be NoSchedule, PreferNoSchedule or NoExecute/],
      [['sim-nodes', '--kubeconfig', '/nonexistent/kc', '--count', '1'], /cannot read kubeconfig/],
      [['sim-nodes', '--count', '1', '--bogus'], /unknown option '--bogus'/],
    ];
    for (const [args, re] of cases) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '' } });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
    }
  });

  it('runs nodes from the command line until SIGTERM', async () => {
    const p = spawnBin(['sim-nodes', '--kubeconfig', s.kubeconfig, '--count', '2', '--prefix', 'cli-node-', '--start-index', '10', '--cpu', '8', '--labels', 'from=cli', '--taints', 'gpu=yes:NoSchedule,spot:NoExecute', '--start-delay', '100', '--kubelet-port', '0']);
    await until('cli nodes', async () => (await c.resource(NODES).list({ labelSelector: 'from=cli' })).items.length === 2 || (p.child.exitCode !== null ? assert.fail(p.out()) : false));
    const n = await c.resource(NODES).get('cli-node-11');
    assert.equal(n.status?.capacity?.cpu, '8');
    assert.deepEqual(n.spec?.taints, [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }, { key: 'spot', effect: 'NoExecute' }]);
    // The nodes of a process with a kubelet endpoint advertise its address (as KWOK's) and port.
    assert.equal(n.status?.addresses?.[0]?.address, '127.0.0.1');
    assert.ok((n.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0) > 0);
    await until('ready log', async () => /sim-nodes ready: 2 nodes/.test(p.out()));
    await c.resource(PODS, 'default').create(pod('cli-pod', { node: 'cli-node-10' }));
    await until('cli pod running', async () => (await getPod('cli-pod')).status?.phase === 'Running');
    p.child.kill('SIGTERM');
    assert.equal(await p.exit, 0, p.out());
  });

  it('keeps running while its API server is away (no kubelet endpoint to hold the process), and carries on when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sim-away-'));
    dirs.push(dir);
    const port = await freePort();
    const kubeconfig = join(dir, 'kc.yaml');
    const serverArgs = ['server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, '--disable-scheduler', '--disable-controllers'];
    const first = spawnBin(serverArgs);
    await until('the server', async () => /k8ts server ready/.test(first.out()), 60_000);
    const sim = spawnBin(['sim-nodes', '--kubeconfig', kubeconfig, '--count', '1', '--prefix', 'away-', '--start-delay', '100', '--no-kubelet-server']);
    await until('sim-nodes ready', async () => /sim-nodes ready: 1 nodes/.test(sim.out()) || (sim.child.exitCode !== null ? assert.fail(sim.out()) : false));
    first.child.kill('SIGKILL');
    await first.exit;
    // Its watches fail and only back-off timers are left: the process must stay (it used to end with code 13).
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(sim.child.exitCode, null, sim.out());
    const second = spawnBin(serverArgs);
    await until('the server again', async () => /k8ts server ready/.test(second.out()), 60_000);
    const client = clientFromKubeconfig(kubeconfig);
    try {
      await client.resource(PODS, 'default').create(pod('after-restart', { node: 'away-0' }));
      await until('the pod running on the node', async () => (await client.resource(PODS, 'default').get('after-restart')).status?.phase === 'Running');
    } finally {
      client.close();
    }
    sim.child.kill('SIGTERM');
    assert.equal(await sim.exit, 0, sim.out());
    second.child.kill('SIGTERM');
    assert.equal(await second.exit, 0, second.out());
  });

  it('`k8ts server --sim-nodes 2` starts nodes in-process against its own API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-sim-'));
    dirs.push(dir);
    const port = await freePort();
    const kubeconfig = join(dir, 'kc.yaml');
    const bad = spawnSync(process.execPath, [BIN, 'server', '--sim-nodes', 'two'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /"two" is not a whole number/);
    const p = spawnBin(['server', '--data-dir', dir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig, '--sim-nodes', '2']);
    // 60 s: on a loaded CI machine the in-process nodes start after the control plane's caches and
    // the component credentials; the server's own log is in the failure message if they do not.
    await until('server log', async () => /started 2 simulated nodes/.test(p.out()) || (p.child.exitCode !== null ? assert.fail(p.out()) : false), 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; server output so far:\n${p.out()}`);
    });
    const r = await runKubectl(kubectlPath('1.33'), ['--kubeconfig', kubeconfig, 'wait', '--for=condition=Ready', 'node/sim-node-0', 'node/sim-node-1', '--timeout=30s']);
    assert.equal(r.code, 0, r.stderr);
    p.child.kill('SIGTERM');
    assert.equal(await p.exit, 0, p.out());
  });
});
