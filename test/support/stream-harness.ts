// TEST HARNESS, not a mock of a part we have for real: a tiny HTTPS server that answers only
// what kubectl asks before an exec/attach/port-forward (discovery of core/v1 and the pod GET)
// and hands the upgrade POST straight to the SPDY transport under test, so the transport can be
// driven by the real kubectl before the API server's pods/exec proxy and the sim-nodes kubelet
// endpoint exist. Replace its use with the real path (test/support/cluster.ts) once they land.
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { RemoteCommandOptions } from '../../src/client/httpstream/session.js';

export interface UpgradeRequest {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly subresource: 'exec' | 'attach' | 'portforward';
  readonly command: string[];
  readonly options: RemoteCommandOptions;
  readonly ports: number[];
}

export interface StreamHarness {
  readonly url: string;
  readonly kubeconfig: string;
  readonly dir: string;
  close(): Promise<void>;
}

const POD = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'p1', namespace: 'default', uid: '0b6c9f4e-0000-4000-8000-000000000001', resourceVersion: '1' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
};

/** A throwaway serving certificate for 127.0.0.1 (openssl, so the harness stays apart from the cluster PKI). */
function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const certFile = join(dir, 'harness.crt');
  const keyFile = join(dir, 'harness.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

function kubeconfigFor(server: string, caPem: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- cluster: {server: '${server}', certificate-authority-data: ${ca}}`,
    '  name: harness',
    'users:',
    '- user: {token: harness}',
    '  name: harness',
    'contexts:',
    '- context: {cluster: harness, user: harness, namespace: default}',
    '  name: harness',
    'current-context: harness',
    '',
  ].join('\n');
}

function resourceList(): object {
  const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs, shortNames: ['po'] },
      { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'pods/attach', singularName: '', namespaced: true, kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    ],
  };
}

function answer(req: IncomingMessage, res: ServerResponse, port: number): void {
  const path = (req.url ?? '/').split('?')[0];
  const json = (code: number, body: object): void => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (path === '/api') {
    return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] });
  }
  if (path === '/apis') return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
  if (path === '/api/v1') return json(200, resourceList());
  if (path === '/api/v1/namespaces/default/pods/p1') return json(200, POD);
  json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${path} not found`, reason: 'NotFound', code: 404 });
}

function parseUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): UpgradeRequest | null {
  const url = new URL(req.url ?? '/', 'https://harness');
  const m = /^\/api\/v1\/namespaces\/default\/pods\/p1\/(exec|attach|portforward)$/.exec(url.pathname);
  if (!m) return null;
  const flag = (name: string): boolean => ['true', '1'].includes(url.searchParams.get(name) ?? '');
  return {
    req,
    socket,
    head,
    subresource: m[1] as UpgradeRequest['subresource'],
    command: url.searchParams.getAll('command'),
    options: { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') },
    ports: url.searchParams.getAll('ports').map(Number),
  };
}

/** Starts the harness; every upgrade of pod default/p1 goes to onUpgrade. */
export async function startStreamHarness(onUpgrade: (u: UpgradeRequest) => void): Promise<StreamHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-stream-'));
  const tls = selfSignedCertificate(dir);
  const server: Server = createServer(tls);
  let port = 0;
  const upgraded = new Set<Duplex>();
  server.on('request', (req, res) => answer(req, res, port));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    const u = parseUpgrade(req, socket, head);
    if (u) onUpgrade(u);
    else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, kubeconfigFor(url, tls.cert), { mode: 0o600 });
  return {
    url,
    kubeconfig,
    dir,
    async close() {
      server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
