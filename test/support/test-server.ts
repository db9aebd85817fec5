// Starts a real k8ts control plane in-process for tests: real TLS, real SQLite (a temp file)
// or a real etcd, and helpers to run the real kubectl against it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientCertAuthenticator, TokenFileAuthenticator, UnionAuthenticator, type Authenticator } from '../../src/apiserver/auth/authenticator.js';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../src/apiserver/control-plane.js';
import { loadOrCreateClusterPki } from '../../src/apiserver/pki/cluster-pki.js';
import { kubeletClientLoader } from '../../src/apiserver/pki/kubelet-client-cert.js';
import { renderKubeconfig, writeKubeconfig } from '../../src/apiserver/pki/kubeconfig.js';
import { loadOrCreateServiceAccountKey } from '../../src/apiserver/pki/service-account-key.js';
import type { Storage } from '../../src/storage/interface.js';
import { openStorage } from '../../src/storage/factory.js';

export const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
export const kubectlPath = (v: string) => `${KUBECTL_DIR}/kubectl.${v}`;

export interface TestServer {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly url: string;
  readonly cp: ControlPlane;
  readonly storage: Storage;
  readonly ca: string;
  readonly adminCert: string;
  readonly adminKey: string;
  kubectl(args: string[], opts?: { version?: string; input?: string; env?: Record<string, string> }): Promise<KubectlResult>;
  close(): Promise<void>;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const silentLogger = { info() {}, warn() {}, error(o: unknown, m?: string) { if (process.env.K8TS_TEST_LOG) console.error(m, o); } };

export interface TestServerOptions {
  /** A datastore endpoint (default: a SQLite file in the temp dir). */
  readonly datastore?: string;
  readonly tokenFile?: string;
  /** The text of a token file (token,user,uid,"groups"), served as tokenFile's would be. */
  readonly tokens?: string;
  readonly compactIntervalMs?: number;
  readonly maxRequestsInFlight?: number;
  readonly maxMutatingRequestsInFlight?: number;
  readonly flowControl?: ControlPlaneOptions['flowControl'];
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-test-'));
  const pki = await loadOrCreateClusterPki(join(dir, 'tls'), { bindAddress: '127.0.0.1' });
  const storage = await openStorage({ endpoint: opts.datastore, dataDir: dir, etcdPrefix: `/t-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  const auths: Authenticator[] = [new ClientCertAuthenticator()];
  if (opts.tokenFile) auths.push(TokenFileAuthenticator.fromFile(opts.tokenFile));
  if (opts.tokens !== undefined) auths.push(TokenFileAuthenticator.fromText(opts.tokens, join(dir, 'tokens.csv')));
  const cp = await startControlPlane({
    storage,
    tls: { cert: pki.server.certPem, key: pki.server.keyPem, ca: pki.ca.certPem },
    bindAddress: '127.0.0.1',
    port: 0,
    authenticator: new UnionAuthenticator(...auths),
    serviceAccountSigningKey: loadOrCreateServiceAccountKey(join(dir, 'tls')),
    auditFile: join(dir, 'audit.log'),
    logger: silentLogger,
    compactIntervalMs: opts.compactIntervalMs,
    maxRequestsInFlight: opts.maxRequestsInFlight,
    maxMutatingRequestsInFlight: opts.maxMutatingRequestsInFlight,
    flowControl: opts.flowControl,
    bookmarkIntervalMs: 200,
    kubelet: kubeletClientLoader(join(dir, 'tls'), pki.ca),
  });
  const url = `https://127.0.0.1:${cp.port}`;
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeKubeconfig(kubeconfig, renderKubeconfig({ server: url, caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem }));
  const cacheDir = join(dir, 'kube-cache');
  return {
    dir,
    kubeconfig,
    url,
    cp,
    storage,
    ca: pki.ca.certPem,
    adminCert: pki.admin.certPem,
    adminKey: pki.admin.keyPem,
    kubectl(args, o = {}) {
      return runKubectl(kubectlPath(o.version ?? '1.33'), ['--kubeconfig', kubeconfig, '--cache-dir', `${cacheDir}-${o.version ?? '1.33'}`, ...args], o);
    },
    async close() {
      await cp.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function runKubectl(bin: string, args: string[], o: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { env: { ...process.env, HOME: tmpdir(), ...(o.env ?? {}) }, timeout: o.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (o.input !== undefined) child.stdin!.end(o.input);
  });
}
