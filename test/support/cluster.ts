// A whole small cluster in this process for controller tests: the test API server, simulated
// nodes, the scheduler and the controller manager (no leader election), each a client of the
// API server over HTTPS, plus polling helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientFromKubeconfig, NAMESPACES, type Client, type Clock } from '../../src/client/index.js';
import { ControllerManager, newControllerRegistry, type ControllerRegistry } from '../../src/controllers/index.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { startSimNodes, type SimNodes, type SimNodesOptions } from '../../src/sim-nodes/index.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface TestCluster {
  readonly s: TestServer;
  readonly client: Client;
  readonly sim: SimNodes;
  namespace(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestClusterOptions {
  readonly nodes?: number;
  readonly startDelayMs?: number;
  readonly registry?: ControllerRegistry;
  /** The controller manager's clock (e.g. a FakeClock the test steps). */
  readonly clock?: Clock;
  /** --controllers (default all). */
  readonly controllers?: readonly string[];
  /** Serve the simulated nodes' kubelet endpoint (logs, exec, attach, port-forward) on an ephemeral port. */
  readonly kubeletEndpoint?: boolean;
  /** More simulated-node options (e.g. execDir, portForwardHost). */
  readonly simNodes?: Partial<SimNodesOptions>;
}

export async function startTestCluster(o: TestClusterOptions = {}): Promise<TestCluster> {
  const s = await startTestServer();
  const client = clientFromKubeconfig(s.kubeconfig);
  const simClient = clientFromKubeconfig(s.kubeconfig);
  const sim = await startSimNodes(simClient, {
    count: o.nodes ?? 3,
    cpu: '16',
    memory: '64Gi',
    pods: 110,
    startDelayMs: o.startDelayMs ?? 300,
    leaseRenewIntervalMs: 1000,
    ...(o.kubeletEndpoint ? { kubelet: { clientCa: s.ca, port: 0 } } : {}),
    ...o.simNodes,
  });
  const stop = new AbortController();
  const schedClient = clientFromKubeconfig(s.kubeconfig);
  const scheduler = new Scheduler({ client: schedClient, backoff: { initialMs: 100, maxMs: 400 } }).run(stop.signal);
  const cmClient = clientFromKubeconfig(s.kubeconfig);
  const errors: unknown[] = [];
  const logger = { info() {}, warn(o: object, m?: string) { if (process.env.K8TS_TEST_LOG) console.error('warn', m, o); }, error(o: object, m?: string) { errors.push([m, o]); if (process.env.K8TS_TEST_LOG) console.error('error', m, o); } };
  const serviceAccountPrivateKey = readFileSync(join(s.dir, 'tls', 'service-account.key'), 'utf8');
  const manager = new ControllerManager({ client: cmClient, registry: o.registry ?? newControllerRegistry(), leaderElection: false, logger, serviceAccountPrivateKey, clock: o.clock, controllers: o.controllers }).run(stop.signal);
  return {
    s,
    client,
    sim,
    async namespace(name) {
      await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return name;
    },
    async close() {
      stop.abort();
      await Promise.all([scheduler, manager]);
      await sim.stop();
      for (const c of [client, simClient, schedClient, cmClient]) c.close();
      await s.close();
    },
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
