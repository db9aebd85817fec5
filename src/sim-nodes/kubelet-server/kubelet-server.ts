// The kubelet endpoint of a sim-nodes process: one HTTPS server for all its nodes (as KWOK
// serves its fake nodes), serving /containerLogs, and routing /exec, /attach and /portForward
// upgrades to the streaming handlers (streaming.ts). Callers are authenticated by client
// certificate (caller-auth.ts); pods are the ones the simulator's informer sees bound to these
// nodes.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Pod } from '../../api/types/core-v1.js';
import type { Clock } from '../../client/index.js';
import { checkCaller } from './caller-auth.js';
import { serveContainerLogs } from './container-logs.js';
import { writeText, writeTextToSocket } from './respond.js';
import { simulatedContainerOutput } from './container-output.js';
import { handleAttach, handleExec, handlePortForward, type StreamingConfig } from './streaming.js';
import type { StreamingRequest } from './types.js';

export interface PodSource {
  get(namespace: string, name: string): Readonly<Pod> | undefined;
}

export interface KubeletServerOptions {
  readonly bindAddress: string;
  /** 0: an ephemeral port. */
  readonly port: number;
  /** PEM serving certificate and key. */
  readonly cert: string;
  readonly key: string;
  /** PEM CA bundle that signs accepted client certificates (the cluster CA). */
  readonly clientCa: string;
  readonly pods: PodSource;
  /** The nodes this process runs: pods bound elsewhere are unknown here. */
  readonly nodeNames: ReadonlySet<string>;
  readonly clock: Clock;
  readonly onError: (err: unknown, what: string) => void;
  /** What exec, attach and port-forward may do (streaming.ts). */
  readonly streaming?: StreamingConfig;
}

type Route =
  | { readonly kind: 'logs'; readonly namespace: string; readonly pod: string; readonly container: string }
  | { readonly kind: 'exec' | 'attach'; readonly namespace: string; readonly pod: string; readonly container: string }
  | { readonly kind: 'portForward'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'healthz' };

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseRoute(pathname: string): Route | undefined {
  if (pathname === '/healthz') return { kind: 'healthz' };
  const p = pathname.split('/').slice(1).map(decode);
  if (p[0] === 'containerLogs' && p.length === 4) return { kind: 'logs', namespace: p[1]!, pod: p[2]!, container: p[3]! };
  if ((p[0] === 'exec' || p[0] === 'attach') && p.length === 4) return { kind: p[0], namespace: p[1]!, pod: p[2]!, container: p[3]! };
  // The kubelet also accepts a pod UID after the name; it is not checked here.
  if (p[0] === 'portForward' && (p.length === 3 || p.length === 4)) return { kind: 'portForward', namespace: p[1]!, pod: p[2]! };
  return undefined;
}

const bool = (q: URLSearchParams, k: string) => ['1', 'true', 'True', 'TRUE', 't'].includes(q.get(k) ?? '');

function containerNames(pod: Readonly<Pod>): string[] {
  const s = pod.spec;
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...(s?.ephemeralContainers ?? [])].map((c) => c.name ?? '');
}

export class KubeletServer {
  private readonly server: https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly abort = new AbortController();

  constructor(private readonly o: KubeletServerOptions) {
    this.server = https.createServer({ cert: o.cert, key: o.key, ca: [o.clientCa], requestCert: true, rejectUnauthorized: false }, (req, res) => {
      void this.onRequest(req, res).catch((e) => this.fail(e, res));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      void this.onUpgrade(req, socket, head).catch((e) => {
        o.onError(e, 'kubelet endpoint upgrade');
        if (socket.writable) writeTextToSocket(socket, 500, String(e instanceof Error ? e.message : e));
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('tlsClientError', () => undefined);
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.bindAddress, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private fail(e: unknown, res: ServerResponse): void {
    this.o.onError(e, 'kubelet endpoint request');
    if (!res.headersSent) writeText(res, 500, e instanceof Error ? e.message : String(e));
    else res.destroy();
  }

  /** The pod, if it runs on one of these nodes. */
  private podOf(namespace: string, name: string): Readonly<Pod> | undefined {
    const pod = this.o.pods.get(namespace, name);
    return pod && this.o.nodeNames.has(pod.spec?.nodeName ?? '') ? pod : undefined;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = parseRoute(url.pathname);
    if (!route) return writeText(res, 404, '404 page not found');
    const verb = req.method === 'POST' ? 'create' : 'get';
    const caller = checkCaller(req.socket as TLSSocket, verb);
    if (!caller.ok) return writeText(res, caller.code, caller.message);
    if (route.kind === 'healthz') return writeText(res, 200, 'ok');
    if (route.kind !== 'logs') return writeText(res, 400, 'Upgrade request required');
    if (req.method !== 'GET' && req.method !== 'HEAD') return writeText(res, 405, 'Method Not Allowed');
    const pod = this.podOf(route.namespace, route.pod);
    if (!pod) return writeText(res, 404, `pod ${JSON.stringify(route.pod)} does not exist`);
    if (!containerNames(pod).includes(route.container)) return writeText(res, 404, `container ${JSON.stringify(route.container)} not found in pod ${JSON.stringify(route.pod)}`);
    const gone = new AbortController();
    const stop = () => gone.abort();
    res.once('close', stop);
    this.abort.signal.addEventListener('abort', stop, { once: true });
    try {
      await serveContainerLogs({
        res,
        pod,
        container: route.container,
        query: url.searchParams,
        currentPod: () => this.podOf(route.namespace, route.pod),
        clock: this.o.clock,
        signal: gone.signal,
      });
    } finally {
      this.abort.signal.removeEventListener('abort', stop);
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = parseRoute(url.pathname);
    if (!route || route.kind === 'healthz' || route.kind === 'logs') return writeTextToSocket(socket, 404, '404 page not found');
    const caller = checkCaller(req.socket as TLSSocket, req.method === 'POST' ? 'create' : 'get');
    if (!caller.ok) return writeTextToSocket(socket, caller.code, caller.message);
    const pod = this.podOf(route.namespace, route.pod);
    if (!pod) return writeTextToSocket(socket, 404, `pod ${JSON.stringify(route.pod)} does not exist`);
    const q = url.searchParams;
    const container = route.kind === 'portForward' ? '' : route.container;
    if (container && !containerNames(pod).includes(container)) {
      return writeTextToSocket(socket, 404, `container ${JSON.stringify(container)} not found in pod ${JSON.stringify(route.pod)}`);
    }
    const tty = bool(q, 'tty');
    const options = { stdin: bool(q, 'input'), stdout: bool(q, 'output'), stderr: bool(q, 'error') && !tty, tty };
    if (route.kind !== 'portForward' && !options.stdin && !options.stdout && !options.stderr) {
      return writeTextToSocket(socket, 400, 'you must specify at least 1 of stdin, stdout, stderr');
    }
    const request: StreamingRequest = {
      req,
      socket,
      head,
      namespace: route.namespace,
      pod: pod as Pod,
      container,
      command: route.kind === 'exec' ? q.getAll('command') : [],
      options,
      ports: route.kind === 'portForward' ? q.getAll('port').flatMap((p) => p.split(',')).filter(Boolean).map(Number) : undefined,
    };
    // attach follows what the simulated container logs, unless the caller chose another source.
    const config: StreamingConfig = {
      output: simulatedContainerOutput({ clock: this.o.clock, currentPod: (ns, name) => this.podOf(ns, name) }),
      ...this.o.streaming,
    };
    if (route.kind === 'exec') return handleExec(request, config);
    if (route.kind === 'attach') return handleAttach(request, config);
    return handlePortForward(request, config);
  }
}
