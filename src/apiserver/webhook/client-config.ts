// Where a webhook's clientConfig points (upstream: the webhook ClientManager's HookClient): a URL
// as given, or a Service reference resolved to one of its ready endpoints, with the CA bundle to
// verify its certificate against.
import { WebhookCallError, type WebhookTarget } from './https-call.js';
import { resolveServiceEndpoint, type ServiceStores } from './service-endpoint.js';

type Obj = Record<string, any>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * The target of `clientConfig`; `query` (e.g. `timeout=10s`) is appended to the path. A Service
 * without a usable endpoint is a WebhookCallError reading `Post "URL": reason`; a malformed URL
 * throws a plain error.
 */
export async function webhookTarget(clientConfig: unknown, services: ServiceStores, query?: string): Promise<WebhookTarget> {
  const cc = obj(clientConfig);
  const ca = typeof cc.caBundle === 'string' && cc.caBundle ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined;
  const suffix = query ? `?${query}` : '';
  if (typeof cc.url === 'string') {
    const u = new URL(cc.url);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = u.port ? Number(u.port) : 443;
    return { url: `${u.origin}${u.pathname}${suffix}`, host, port, path: `${u.pathname}${suffix}`, servername: host, ca };
  }
  const svc = obj(cc.service);
  const namespace = String(svc.namespace ?? '');
  const name = String(svc.name ?? '');
  const port = typeof svc.port === 'number' ? svc.port : 443;
  const path = typeof svc.path === 'string' && svc.path ? svc.path : '/';
  const servername = `${name}.${namespace}.svc`;
  const url = `https://${servername}:${port}${path}${suffix}`;
  let ep;
  try {
    ep = await resolveServiceEndpoint(services, namespace, name, port);
  } catch (e) {
    throw new WebhookCallError(`Post "${url}": ${(e as Error).message}`);
  }
  return { url, host: ep.host, port: ep.port, path: `${path}${suffix}`, servername, ca };
}
