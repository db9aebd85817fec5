// A set of simulated nodes (as KWOK does for upstream): registers Node objects, heartbeats them,
// and runs the pods bound to them through their lives, all through the API server.
import { setMaxListeners } from 'node:events';
import { newStopController, realClock, type Client } from '../client/index.js';
import { IpAllocator, cidrString, nodeIp, nodePodCidr, parseCidr, podBlockBits } from './addresses.js';
import { advertisedAddress, type KubeletEndpointRef } from './kubelet-server/endpoint-options.js';
import type { KubeletServer } from './kubelet-server/kubelet-server.js';
import { Limiter } from './limiter.js';
import { MetricsReporter } from './metrics-reporter.js';
import { NodeRegistrar } from './node-registrar.js';
import type { SimNode } from './node-object.js';
import { heartbeatConcurrency, resolveOptions, type ResolvedOptions, type SimNodesOptions } from './options.js';
import { PodSimulator, type NodeRuntime } from './pod-simulator.js';

export class SimNodes {
  readonly nodes: readonly SimNode[];
  readonly options: ResolvedOptions;
  private readonly registrar: NodeRegistrar;
  private readonly pods: PodSimulator;
  private readonly abort = newStopController();
  private loops: Promise<unknown> | undefined;
  /** The port the nodes advertise; set once the kubelet endpoint listens. */
  private readonly endpoint: KubeletEndpointRef = { port: 10250 };
  private kubeletServer: KubeletServer | undefined;

  constructor(
    private readonly client: Client,
    opts: SimNodesOptions,
  ) {
    // Every request in flight listens on the stop signal: many at once is expected.
    setMaxListeners(0, this.abort.signal);
    this.options = resolveOptions(opts, opts.clock ?? client.clock ?? realClock);
    const o = this.options;
    const podPool = parseCidr(o.podCidr);
    const nodePool = parseCidr(o.nodeCidr);
    const bits = podBlockBits(o.pods);
    const runtimes = new Map<string, NodeRuntime>();
    const nodes: SimNode[] = [];
    for (let i = o.startIndex; i < o.startIndex + o.count; i++) {
      const cidr = nodePodCidr(podPool, i, bits);
      // With a kubelet endpoint every node advertises its address, as KWOK's nodes share theirs.
      const ip = o.kubelet ? advertisedAddress(o.kubelet) : nodeIp(nodePool, i);
      const node: SimNode = { name: `${o.prefix}${i}`, index: i, ip, podCidr: cidrString(cidr), kubelet: o.kubelet ? this.endpoint : undefined };
      nodes.push(node);
      runtimes.set(node.name, { node, ips: new IpAllocator(cidr) });
    }
    this.nodes = nodes;
    this.registrar = new NodeRegistrar(client, nodes, o, new Limiter(o.concurrency), new Limiter(heartbeatConcurrency(nodes.length, o)));
    this.pods = new PodSimulator(client, runtimes, o);
  }

  /** The kubelet endpoint's port (undefined without one, or before start). */
  get kubeletPort(): number | undefined {
    return this.kubeletServer?.port;
  }

  get stats() {
    return { ...this.registrar.stats, ...this.pods.stats, trackedPods: this.pods.tracked };
  }

  /**
   * Registers the nodes and their leases, then starts heartbeats and the pod simulation.
   * Resolves once every node is registered and the pod cache has synced.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.loops) throw new Error('sim-nodes already started');
    if (signal) signal.addEventListener('abort', () => this.abort.abort(), { once: true });
    const s = this.abort.signal;
    this.loops = Promise.resolve();
    if (this.options.kubelet) await this.startKubeletServer();
    await this.registrar.register(s);
    const heartbeats = this.registrar.run(s);
    const pods = this.pods.run(s);
    this.loops = Promise.all([heartbeats, pods]);
    await this.pods.informer.waitForSync(s);
    const o = this.options;
    if (o.metricsIntervalMs > 0) {
      const reporter = new MetricsReporter(this.client, () => this.pods.informer.lister.list(), new Set(this.nodes.map((n) => n.name)), { intervalMs: o.metricsIntervalMs, clock: o.clock, onError: o.onError });
      this.loops = Promise.all([this.loops, reporter.run(s)]);
    }
  }

  /**
   * Simulates a node's kubelet going away: its lease stops renewing, its status stops being
   * reported and its pods are left as they are (names not in this set are ignored).
   */
  stopHeartbeat(name: string): void {
    this.registrar.pause(name);
    this.pods.pause(name);
  }

  /** The kubelet of a node stopped with stopHeartbeat comes back: lease, Ready status, pods. */
  async resumeHeartbeat(name: string): Promise<void> {
    this.pods.resume(name);
    await this.registrar.resume(name, this.abort.signal);
  }

  /** Stops heartbeats and pod handling (the Node objects stay, and go NotReady as their leases lapse). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loops;
    await this.kubeletServer?.close();
  }

  private async startKubeletServer(): Promise<void> {
    const k = this.options.kubelet!;
    const m = await import('./kubelet-server/kubelet-server.js');
    let cert = k.tlsCert;
    let key = k.tlsKey;
    if (!cert || !key) {
      const { selfSignedServingCert } = await import('./kubelet-server/serving-cert.js');
      const pair = await selfSignedServingCert(`${this.options.prefix}kubelet`, ['localhost', '127.0.0.1', advertisedAddress(k)]);
      cert = pair.cert;
      key = pair.key;
    }
    const lister = this.pods.informer.lister;
    const server = new m.KubeletServer({
      bindAddress: k.bindAddress ?? '127.0.0.1',
      port: k.port ?? 0,
      cert,
      key,
      clientCa: k.clientCa,
      pods: { get: (ns, name) => lister.get(name, ns) },
      nodeNames: new Set(this.nodes.map((n) => n.name)),
      clock: this.options.clock,
      onError: this.options.onError,
      streaming: { execDir: this.options.execDir, portForwardHost: this.options.portForwardHost },
    });
    const addr = await server.listen();
    this.kubeletServer = server;
    this.endpoint.port = addr.port;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** Starts simulated nodes on client; stop() them when done. */
export async function startSimNodes(client: Client, opts: SimNodesOptions, signal?: AbortSignal): Promise<SimNodes> {
  const sim = new SimNodes(client, opts);
  try {
    await sim.start(signal);
  } catch (e) {
    await sim.stop();
    throw e;
  }
  return sim;
}
