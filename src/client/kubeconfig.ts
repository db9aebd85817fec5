// kubeconfig files: the current context's cluster and user, resolved to what the transport
// needs (server URL, CA, client certificate and key, or a bearer token).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

/** Everything needed to reach and authenticate to one API server. */
export interface ClientConfig {
  /** e.g. https://127.0.0.1:6443 */
  readonly server: string;
  /** PEM bundle of the CAs that sign the serving certificate. */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly token?: string;
  readonly insecureSkipTLSVerify?: boolean;
  readonly tlsServerName?: string;
  /** The context's default namespace (default: "default"). */
  readonly namespace: string;
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
  readonly code = 'KUBECONFIG_INVALID';
}

export interface LoadKubeconfigOptions {
  /** Use this context instead of current-context. */
  readonly context?: string;
}

type Named<T> = { name?: string } & T;
interface RawConfig {
  'current-context'?: string;
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: { cluster?: string; user?: string; namespace?: string } }>[];
}

/** Reads and resolves a kubeconfig file (relative file paths resolve against its directory). */
export function loadKubeconfig(file: string, opts: LoadKubeconfigOptions = {}): ClientConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(e as Error).message}`);
  }
  return parseKubeconfig(text, { ...opts, baseDir: dirname(resolve(file)) });
}

/** Resolves a kubeconfig document. */
export function parseKubeconfig(text: string, opts: LoadKubeconfigOptions & { baseDir?: string } = {}): ClientConfig {
  let doc: RawConfig;
  try {
    doc = (parse(text) ?? {}) as RawConfig;
  } catch (e) {
    throw new KubeconfigError(`kubeconfig is not valid YAML: ${(e as Error).message}`);
  }
  const ctxName = opts.context ?? doc['current-context'];
  if (!ctxName) throw new KubeconfigError('kubeconfig has no current-context');
  const ctx = doc.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctx) throw new KubeconfigError(`context "${ctxName}" not found in kubeconfig`);
  const cluster = doc.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw new KubeconfigError(`cluster "${ctx.cluster ?? ''}" of context "${ctxName}" not found`);
  const user = doc.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const server = str(cluster.server);
  if (!server) throw new KubeconfigError(`cluster "${ctx.cluster}" has no server`);
  const base = opts.baseDir ?? process.cwd();
  return {
    server: server.replace(/\/+$/, ''),
    ca: dataOrFile(cluster['certificate-authority-data'], cluster['certificate-authority'], base),
    cert: dataOrFile(user['client-certificate-data'], user['client-certificate'], base),
    key: dataOrFile(user['client-key-data'], user['client-key'], base),
    token: str(user.token) ?? fileText(str(user.tokenFile), base)?.trim(),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: str(cluster['tls-server-name']),
    namespace: ctx.namespace || 'default',
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function dataOrFile(data: unknown, file: unknown, base: string): string | undefined {
  const d = str(data);
  if (d) return Buffer.from(d, 'base64').toString('utf8');
  return fileText(str(file), base);
}

function fileText(file: string | undefined, base: string): string | undefined {
  if (!file) return undefined;
  const p = isAbsolute(file) ? file : resolve(base, file);
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read ${p} named in kubeconfig: ${(e as Error).message}`);
  }
}
