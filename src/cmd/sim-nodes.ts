// `k8ts sim-nodes`: simulated nodes against any API server (KWOK-style), and the in-process
// variant that `k8ts server --sim-nodes N` starts. Bad flags exit with code 2.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import { canonicalQuantity } from '../api/kinds/core/quantity.js';
import { validateLabelName, validateLabels } from '../api/meta/labels.js';
import { fieldErrorBody } from '../api/field-errors.js';
import { clientFromKubeconfig } from '../client/index.js';
import { parseLabelList, parseTaintList, SimNodesOptionError, startSimNodes, type SimNodes, type SimNodesOptions } from '../sim-nodes/index.js';
import { UsageError } from './main.js';
import { parseExecDir, parsePortForwardHost } from './sim-nodes-flags.js';
import { componentUserAgent } from './user-agent.js';
import { componentClient, kubeconfigFile, newComponentLogger, stopOnSignals, untilStopped } from './component-runtime.js';

export interface SimNodesFlags {
  kubeconfig?: string;
  count: number;
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  extendedResources?: Record<string, string>;
  prefix: string;
  startIndex: number;
  labels?: Record<string, string>;
  taints?: SimNodesOptions['taints'];
  instanceType?: string;
  zones?: number;
  startDelay: number;
  runTime: number;
  /** ms between usage reports to metrics.k8s.io (0: none). */
  metricsInterval?: number;
  concurrency: number;
  execDir?: string;
  portForwardHost?: string;
  /** false with --no-kubelet-server. */
  kubeletServer?: boolean;
  kubeletPort?: number;
  kubeletBindAddress?: string;
  kubeletAdvertiseAddress?: string;
  kubeletTlsCert?: string;
  kubeletTlsKey?: string;
}

/** The kubelet endpoint's default port: upstream's 10250 as root, else a free one. */
export const defaultKubeletPort = (): number => (process.getuid?.() === 0 ? 10250 : 0);

function ipAddress(v: string): string {
  if (!isIP(v)) throw new InvalidArgumentError(`"${v}" is not an IP address`);
  return v;
}

const wholeNumber = (min: number) => (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`"${v}" is not a whole number >= ${min}`);
  return Number(v);
};

function quantity(v: string): string {
  const q = canonicalQuantity(v);
  if (q === undefined || q.startsWith('-')) throw new InvalidArgumentError(`"${v}" is not a resource quantity (e.g. 32, 500m, 256Gi)`);
  return v;
}

function labelList(v: string): Record<string, string> {
  const labels = wrap(() => parseLabelList(v));
  const errs = validateLabels(labels, 'labels');
  if (errs.length) throw new InvalidArgumentError(errs.map((e) => fieldErrorBody(e)).join('; '));
  return labels;
}

function resourceList(v: string): Record<string, string> {
  const res = wrap(() => parseLabelList(v));
  for (const [k, q] of Object.entries(res)) {
    const errs = validateLabelName(k, 'extended-resources');
    if (errs.length || !k.includes('/')) throw new InvalidArgumentError(`"${k}" is not an extended resource name (domain/name)`);
    quantity(q);
  }
  return res;
}

const taintList = (v: string) => wrap(() => parseTaintList(v));

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SimNodesOptionError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

export function registerSimNodesCommand(program: Command): void {
  program
    .command('sim-nodes')
    .description('run simulated nodes (register, heartbeat, and run the pods bound to them) against an API server')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG)')
    .requiredOption('--count <n>', 'how many nodes', wholeNumber(1))
    .option('--cpu <quantity>', 'cpu capacity per node', quantity, '32')
    .option('--memory <quantity>', 'memory capacity per node', quantity, '256Gi')
    .option('--pods <n>', 'pod capacity per node', wholeNumber(1), 110)
    .option('--ephemeral-storage <quantity>', 'ephemeral-storage capacity per node', quantity, '100Gi')
    .option('--extended-resources <list>', 'extra capacity, e.g. example.com/gpu=4,...', resourceList)
    .option('--prefix <prefix>', 'node name prefix', 'sim-node-')
    .option('--start-index <n>', 'index of the first node', wholeNumber(0), 0)
    .option('--labels <list>', 'extra node labels k=v,...', labelList)
    .option('--taints <list>', 'node taints k=v:Effect,...', taintList)
    .option('--instance-type <type>', 'node.kubernetes.io/instance-type label')
    .option('--zones <n>', 'spread nodes over N zones (topology.kubernetes.io/zone)', wholeNumber(1))
    .option('--start-delay <ms>', 'from binding to running', wholeNumber(0), 1000)
    .option('--run-time <ms>', 'run time of pods with restartPolicy Never/OnFailure (0: forever)', wholeNumber(0), 10_000)
    .option('--metrics-interval <ms>', "report running pods' and nodes' usage to metrics.k8s.io this often, for kubectl top and the HPA (0: never)", wholeNumber(0), 0)
    .option('--concurrency <n>', 'API writes in flight at once', wholeNumber(1), 32)
    .option('--exec-dir <dir>', 'enable kubectl exec/cp: commands run as local processes of this host, in DIR/<namespace>/<pod>/<container>', parseExecDir)
    .option('--no-kubelet-server', 'do not serve the kubelet endpoint (logs, exec, attach, port-forward)')
    .option('--kubelet-port <port>', 'kubelet endpoint port (default: 10250 as root, else a free port)', wholeNumber(0))
    .option('--kubelet-bind-address <ip>', 'address the kubelet endpoint listens on', ipAddress, '127.0.0.1')
    .option('--kubelet-advertise-address <ip>', 'InternalIP every node advertises (default: the bind address; 127.0.0.1 for 0.0.0.0)', ipAddress)
    .option('--kubelet-tls-cert <file>', 'kubelet endpoint serving certificate (PEM; default: self-signed at start)')
    .option('--kubelet-tls-key <file>', 'its private key (PEM)')
    .option('--port-forward-host <host>', 'enable kubectl port-forward: a pod port P is forwarded to HOST:P', parsePortForwardHost)
    .action(async (flags: SimNodesFlags) => {
      await runSimNodes(flags);
    });
}

/** The kubelet endpoint's options, from the flags and the cluster CA the kubeconfig names. */
function kubeletEndpoint(f: SimNodesFlags, clientCa: string | undefined, log: Logger): SimNodesOptions['kubelet'] {
  if (f.kubeletServer === false) return undefined;
  if (!clientCa) {
    log.warn('the kubeconfig names no certificate authority: no kubelet endpoint (it authenticates callers by the cluster CA)');
    return undefined;
  }
  if (!f.kubeletTlsCert !== !f.kubeletTlsKey) throw new UsageError('--kubelet-tls-cert and --kubelet-tls-key go together');
  return {
    port: f.kubeletPort ?? defaultKubeletPort(),
    bindAddress: f.kubeletBindAddress ?? '127.0.0.1',
    advertiseAddress: f.kubeletAdvertiseAddress,
    tlsCert: f.kubeletTlsCert ? readFileSync(f.kubeletTlsCert, 'utf8') : undefined,
    tlsKey: f.kubeletTlsKey ? readFileSync(f.kubeletTlsKey, 'utf8') : undefined,
    clientCa,
  };
}

export function simNodesOptions(f: SimNodesFlags, log: Logger, clientCa?: string): SimNodesOptions {
  return {
    kubelet: kubeletEndpoint(f, clientCa, log),
    count: f.count,
    prefix: f.prefix,
    startIndex: f.startIndex,
    cpu: f.cpu,
    memory: f.memory,
    pods: f.pods,
    ephemeralStorage: f.ephemeralStorage,
    extendedResources: f.extendedResources,
    labels: f.labels,
    taints: f.taints,
    instanceType: f.instanceType,
    zones: f.zones,
    startDelayMs: f.startDelay,
    runTimeMs: f.runTime,
    metricsIntervalMs: f.metricsInterval,
    concurrency: f.concurrency,
    execDir: f.execDir,
    portForwardHost: f.portForwardHost,
    onError: (err, what) => log.warn({ err: err instanceof Error ? err.message : String(err), what }, 'sim-nodes: write failed'),
  };
}

export async function runSimNodes(flags: SimNodesFlags): Promise<void> {
  const log = newComponentLogger();
  const client = componentClient(kubeconfigFile(flags.kubeconfig), 'kubelet');
  const started = performance.now();
  const signal = stopOnSignals(log);
  const sim = await startSimNodes(client, simNodesOptions(flags, log, client.config.ca), signal);
  log.info({ nodes: sim.nodes.length, first: sim.nodes[0]?.name, kubeletPort: sim.kubeletPort, server: client.config.server, startupMs: Math.round(performance.now() - started) }, `sim-nodes ready: ${sim.nodes.length} nodes`);
  // Without a kubelet endpoint nothing but its connections to the API server holds the process:
  // when the server goes away the nodes must keep retrying, as kubelets do.
  await untilStopped(signal);
  await sim.stop();
  client.close();
}

/** How often in-process simulated nodes report usage: metrics-server's default resolution. */
const IN_PROCESS_METRICS_INTERVAL_MS = 15_000;

/** For `k8ts server --sim-nodes N`: nodes talking to the server through its own kubeconfig. */
/** Never rejects: a failure is logged and the server keeps running without the nodes. */
export async function startInProcessSimNodes(
  kubeconfig: string,
  count: number,
  log: Logger,
  signal: AbortSignal,
  streaming: Pick<SimNodesFlags, 'execDir' | 'portForwardHost'> = {},
): Promise<{ sim: SimNodes; stop(): Promise<void> } | undefined> {
  const client = clientFromKubeconfig(kubeconfig, { userAgent: componentUserAgent('kubelet') });
  // In-process the kubelet endpoint takes a free port (several servers may run on one machine); the nodes advertise it.
  const flags: SimNodesFlags = {
    count, cpu: '32', memory: '256Gi', pods: 110, ephemeralStorage: '100Gi', prefix: 'sim-node-', startIndex: 0, startDelay: 1000, runTime: 10_000, concurrency: 32, kubeletPort: 0,
    // As a cluster with metrics-server: `kubectl top` has numbers once the metrics API is applied.
    metricsInterval: IN_PROCESS_METRICS_INTERVAL_MS,
    execDir: streaming.execDir,
    portForwardHost: streaming.portForwardHost,
  };
  let sim: SimNodes;
  try {
    sim = await startSimNodes(client, simNodesOptions(flags, log, client.config.ca), signal);
  } catch (e) {
    client.close();
    if (!signal.aborted) log.error({ err: e instanceof Error ? e.message : String(e) }, 'simulated nodes failed to start');
    return undefined;
  }
  log.info({ nodes: count, kubeletPort: sim.kubeletPort }, `started ${count} simulated nodes`);
  return {
    sim,
    async stop() {
      await sim.stop();
      client.close();
    },
  };
}
