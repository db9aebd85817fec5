// `k8ts server`: the control plane on one machine (API server over SQLite by default, or an
// etcd cluster), k3s-style flags, a kubeconfig for the admin user, clean stop on SIGTERM/SIGINT.
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ClientCertAuthenticator, TokenFileAuthenticator, UnionAuthenticator, type Authenticator } from '../apiserver/auth/authenticator.js';
import { parsePreferredAddressTypes } from '../apiserver/kubelet-client/kubelet-client-config.js';
import { loadOrCreateClusterPki } from '../apiserver/pki/cluster-pki.js';
import { loadOrCreateServiceAccountKey } from '../apiserver/pki/service-account-key.js';
import { DatastoreEndpointError, openStorage, parseDatastoreEndpoint } from '../storage/factory.js';
import { newStopController } from '../client/stop-signal.js';
import { UsageError } from './main.js';
import { parseExecDir, parsePortForwardHost } from './sim-nodes-flags.js';

export interface ServerFlags {
  dataDir: string;
  bindAddress: string;
  httpsListenPort: number;
  datastoreEndpoint?: string;
  writeKubeconfig?: string;
  tokenAuthFile?: string;
  simNodes?: number;
  disableScheduler?: boolean;
  disableControllers?: boolean;
  kubeletPreferredAddressTypes?: string[];
  kubeletCertificateAuthority?: string;
  /** For the in-process simulated nodes (only with simNodes). */
  execDir?: string;
  portForwardHost?: string;
}

export const defaultDataDir = () => (process.getuid?.() === 0 ? '/var/lib/k8ts' : join(homedir(), '.k8ts'));

function parsePort(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`"${v}" is not a port number (1-65535)`);
  const n = Number(v);
  if (n < 1 || n > 65535) throw new InvalidArgumentError(`"${v}" is not a port number (1-65535)`);
  return n;
}

function parseBindAddress(v: string): string {
  if (!isIP(v)) throw new InvalidArgumentError(`"${v}" is not an IP address`);
  return v;
}

function parseEndpoint(v: string): string {
  try {
    parseDatastoreEndpoint(v, '/');
  } catch (e) {
    if (e instanceof DatastoreEndpointError) throw new InvalidArgumentError(e.message);
    throw e;
  }
  return v;
}

function parseAddressTypes(v: string): string[] {
  try {
    return parsePreferredAddressTypes(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message.replace(/^--kubelet-preferred-address-types: /, ''));
  }
}

function parseCount(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`"${v}" is not a whole number`);
  return Number(v);
}

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('run the control plane (API server and store)')
    .option('--data-dir <dir>', 'where state, certificates and logs live', defaultDataDir())
    .option('--bind-address <ip>', 'address to listen on', parseBindAddress, '127.0.0.1')
    .option('--https-listen-port <port>', 'HTTPS port of the API server', parsePort, 6443)
    .option('--datastore-endpoint <url>', 'store: sqlite://PATH, etcd://HOST:PORT[,...] or https://HOST:PORT[,...] (default: SQLite under the data dir)', parseEndpoint)
    .option('--write-kubeconfig <file>', 'where to write the admin kubeconfig (default: DATA_DIR/kubeconfig.yaml)')
    .option('--token-auth-file <file>', 'static bearer tokens (CSV: token,user,uid,"group1,group2")')
    .option('--sim-nodes <n>', 'also run N simulated nodes (sim-node-0..N-1) in this process', parseCount)
    .option('--disable-scheduler', 'do not run the scheduler in this process')
    .option('--disable-controllers', 'do not run the controller manager in this process')
    .option('--kubelet-preferred-address-types <types>', 'node address types to dial kubelets at, in order (default: InternalIP,ExternalIP,Hostname, as k3s)', parseAddressTypes)
    .option('--kubelet-certificate-authority <file>', "CA file that must have signed kubelets' serving certificates (default: not verified)")
    .option('--exec-dir <dir>', 'with --sim-nodes: enable kubectl exec/cp, commands run as local processes of this host in DIR/<namespace>/<pod>/<container>', parseExecDir)
    .option('--port-forward-host <host>', 'with --sim-nodes: enable kubectl port-forward, a pod port P is forwarded to HOST:P', parsePortForwardHost)
    .action(async (flags: ServerFlags) => {
      for (const [flag, set] of [['--exec-dir', flags.execDir], ['--port-forward-host', flags.portForwardHost]] as const) {
        if (set !== undefined && !flags.simNodes) throw new UsageError(`${flag} applies to the simulated nodes: it needs --sim-nodes N`);
      }
      await runServer(flags);
    });
}

/**
 * The first SIGTERM or SIGINT. Listened for from the start, so that one sent while the server is
 * still starting stops it cleanly once it is ready (start-up is bounded: a store that cannot be
 * reached fails it) instead of killing it half-started; a second signal kills, as by default.
 */
function firstStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

export async function runServer(flags: ServerFlags): Promise<void> {
  const started = performance.now();
  const stopSignal = firstStopSignal();
  const dataDir = flags.dataDir;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const auths: Authenticator[] = [new ClientCertAuthenticator()];
  if (flags.tokenAuthFile) auths.push(TokenFileAuthenticator.fromFile(flags.tokenAuthFile));
  // The certificates are read, or made on a worker thread on a first start, while the store
  // opens (its writer thread starting), the API server's code loads and its registry and caches
  // are built: the control plane waits for them only when it creates the HTTPS server.
  const pkiReady = loadOrCreateClusterPki(join(dataDir, 'tls'), { bindAddress: flags.bindAddress });
  pkiReady.catch(() => undefined); // awaited below; a failure must not surface as unhandled first
  // The logger and the kubeconfig writer (the `yaml` library) are loaded here rather than
  // imported statically, so the certificate thread and the store start before their code is read.
  const [storage, { startControlPlane }, { newServerLogger }, { renderKubeconfig, writeKubeconfig }] = await Promise.all([
    openStorage({ endpoint: flags.datastoreEndpoint, dataDir }),
    import('../apiserver/control-plane.js'),
    import('./server-logger.js'),
    import('../apiserver/pki/kubeconfig.js'),
  ]);
  const log = newServerLogger();
  const serviceAccountKey = loadOrCreateServiceAccountKey(join(dataDir, 'tls'));
  const cp = await startControlPlane({
    storage,
    tls: pkiReady.then((p) => ({ cert: p.server.certPem, key: p.server.keyPem, ca: p.ca.certPem })),
    bindAddress: flags.bindAddress,
    port: flags.httpsListenPort,
    authenticator: new UnionAuthenticator(...auths),
    serviceAccountSigningKey: serviceAccountKey,
    auditFile: join(dataDir, 'logs', 'audit.log'),
    logger: log,
    // The kubelet client certificate is loaded (or issued) on the first logs/exec/attach/port-forward request.
    kubelet: async () => {
      const [p, m] = await Promise.all([pkiReady, import('../apiserver/pki/kubelet-client-cert.js')]);
      const kubeletCa = flags.kubeletCertificateAuthority ? readFileSync(flags.kubeletCertificateAuthority, 'utf8') : undefined;
      return m.kubeletClientLoader(join(dataDir, 'tls'), p.ca, { preferredAddressTypes: flags.kubeletPreferredAddressTypes, kubeletCa })();
    },
  });
  const pki = await pkiReady;
  const host = flags.bindAddress === '0.0.0.0' || flags.bindAddress === '::' ? '127.0.0.1' : flags.bindAddress;
  const server = `https://${isIP(host) === 6 ? `[${host}]` : host}:${cp.port}`;
  const kubeconfig = flags.writeKubeconfig ?? join(dataDir, 'kubeconfig.yaml');
  writeKubeconfig(kubeconfig, renderKubeconfig({ server, caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem }));
  log.info(
    { kubeconfig, server, datastore: storage.capabilities.backend, startupMs: Math.round(performance.now() - started) },
    `k8ts server ready; kubeconfig written to ${kubeconfig} (export KUBECONFIG=${kubeconfig})`,
  );
  const schedulerStop = newStopController();
  // The components' code and credentials load after the API server is ready, so they are not on
  // the start-up path; one whose stop came first (a signal during start-up) is not started. Each
  // component uses its own identity (DATA_DIR/cred/*.kubeconfig).
  const creds = import('../apiserver/pki/component-credentials.js').then((m) =>
    m.ensureComponentKubeconfigs({ tlsDir: join(dataDir, 'tls'), credDir: join(dataDir, 'cred'), server, ca: pki.ca }),
  );
  const scheduler = flags.disableScheduler
    ? undefined
    : Promise.all([creds, import('./scheduler.js')]).then(([c, m]) => (schedulerStop.signal.aborted ? undefined : m.startInProcessScheduler(c.scheduler, log, schedulerStop.signal)));
  const controllers = flags.disableControllers
    ? undefined
    : Promise.all([creds, import('./controller-manager.js')]).then(([c, m]) =>
        schedulerStop.signal.aborted
          ? undefined
          : // The CSR signer signs with the cluster CA in the data dir (--cluster-signing-cert-file/-key-file).
            m.startInProcessControllerManager(c['controller-manager'], log, schedulerStop.signal, serviceAccountKey, join(dataDir, 'storage'), {
              certFile: pki.files.caCert,
              keyFile: pki.files.caKey,
            }),
      );
  const simStop = newStopController();
  const sim = flags.simNodes
    ? Promise.all([creds, import('./sim-nodes.js')]).then(([c, m]) => (simStop.signal.aborted ? undefined : m.startInProcessSimNodes(c['sim-nodes'], flags.simNodes!, log, simStop.signal, { execDir: flags.execDir, portForwardHost: flags.portForwardHost })))
    : undefined;
  const signal = await stopSignal;
  log.info({ signal }, 'stopping');
  simStop.abort();
  schedulerStop.abort();
  await (await sim)?.stop();
  await (await scheduler)?.done;
  await (await controllers)?.done;
  await cp.close();
  await storage.close();
}
