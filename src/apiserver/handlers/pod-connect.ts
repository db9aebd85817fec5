// pods/log, pods/exec, pods/attach and pods/portforward: the pod's container is checked, its
// node's kubelet found, and the request proxied there (logs streamed, upgrades relayed as
// bytes). The API server never speaks the stream protocols itself.
import { newBadRequest, newForbidden, newMethodNotAllowed, newServiceUnavailable } from '../../api/errors.js';
import { proxyLogs } from '../kubelet-client/log-proxy.js';
import type { KubeletTransport } from '../kubelet-client/kubelet-transport.js';
import { kubeletLocationOf, type KubeletLocation } from '../kubelet-client/node-connection.js';
import {
  boolParam,
  kubeletTarget,
  logOptionsQuery,
  portForwardQuery,
  resolveContainer,
  streamOptionsQuery,
  type ConnectSubresource,
  type KubeletRequestTarget,
} from '../kubelet-client/pod-connect-request.js';
import { proxyUpgrade } from '../kubelet-client/upgrade-proxy.js';
import type { ResourceStore } from '../registry/store.js';
import type { RequestContext } from './context.js';
import { admissionOf } from './resource.js';
import { callConnectWebhooks } from '../admission/webhooks/request-calls.js';

type Obj = Record<string, any>;

const STREAMING = new Set(['exec', 'attach', 'portforward']);

export async function handlePodConnect(ctx: RequestContext, store: ResourceStore, ns: string, sub: ConnectSubresource): Promise<void> {
  const { info } = ctx;
  const allowed = sub === 'log' ? ['get'] : ['get', 'create'];
  if (!allowed.includes(info.verb)) throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  if (STREAMING.has(sub) && info.verb === 'get' && ctx.upgrade) await authorizeCreate(ctx, sub);
  const q = ctx.query;
  // Log options are validated before the pod is read, as upstream does.
  const logQuery = sub === 'log' ? logOptionsQuery(info.name, q) : undefined;
  const pod = (await store.get(ns, info.name)) as Obj;
  const container = sub === 'portforward' ? '' : resolveContainer(pod, q.get('container') ?? '');
  const nodeName = String(pod.spec?.nodeName ?? '');
  if (!nodeName) {
    // An unscheduled pod has no logs yet (an empty answer); the streams need a node.
    if (sub === 'log') return emptyLog(ctx);
    throw newBadRequest(`pod ${info.name} does not have a host assigned`);
  }
  const query = logQuery ?? (sub === 'portforward' ? portForwardQuery(q) : streamOptionsQuery(q, sub === 'exec'));
  if (sub !== 'log') await callConnectWebhooks(store, ns, info.name, sub, connectOptionsObject(sub, container, q), admissionOf(ctx));
  const target = kubeletTarget(sub, pod, container, query);
  const kubelet = await ctx.kubelet?.();
  if (!kubelet) throw newServiceUnavailable('the API server has no kubelet client configured');
  const nodes = ctx.registry.lookup('', 'v1', 'nodes');
  if (!nodes) throw newServiceUnavailable('nodes are not served');
  const loc = kubeletLocationOf((await nodes.get('', nodeName)) as Obj, kubelet.preferredAddressTypes);
  if (sub === 'log') {
    const insecure = ['true', '1'].includes(q.get('insecureSkipTLSVerifyBackend') ?? '');
    ctx.status = await proxyLogs(kubelet, loc, target, ctx.res, { name: info.name, kind: 'pods/log' }, insecure);
    return;
  }
  return relay(ctx, kubelet, loc, target);
}

async function relay(ctx: RequestContext, kubelet: KubeletTransport, loc: KubeletLocation, target: KubeletRequestTarget): Promise<void> {
  if (!ctx.upgrade) {
    // Not an upgrade: the kubelet answers it (upstream's kubelet asks for an upgrade).
    ctx.status = await proxyLogs(kubelet, loc, target, ctx.res, { name: ctx.info.name, kind: `pods/${ctx.info.subresource}` });
    return;
  }
  const { socket, head } = ctx.upgrade;
  const relayed = await proxyUpgrade(kubelet, loc, target, ctx.req, socket, head, () => ctx.res.detachSocket(socket as import('node:net').Socket));
  ctx.status = relayed.code;
  await relayed.done;
}

/** Upstream (1.31+) also asks for `create` on a WebSocket GET of exec/attach/portforward. */
async function authorizeCreate(ctx: RequestContext, sub: string): Promise<void> {
  const { info, user } = ctx;
  const r = await ctx.authorizer.authorize({
    user,
    verb: 'create',
    apiGroup: '',
    resource: 'pods',
    subresource: sub,
    namespace: info.namespace,
    name: info.name,
    path: info.path,
    resourceRequest: true,
  });
  if (r.decision !== 'allow') {
    throw newForbidden({ group: '', resource: `pods/${sub}` }, info.name, `User "${user.username}" cannot create resource "pods/${sub}" in API group "" in the namespace "${info.namespace}"`);
  }
}

/** What a CONNECT admission webhook is shown: PodExecOptions, PodAttachOptions or PodPortForwardOptions. */
function connectOptionsObject(sub: ConnectSubresource, container: string, q: URLSearchParams): Obj {
  if (sub === 'portforward') {
    const ports = q.getAll('ports').flatMap((p) => p.split(',')).filter((p) => p !== '').map(Number);
    return { kind: 'PodPortForwardOptions', apiVersion: 'v1', ...(ports.length ? { ports } : {}) };
  }
  const o: Obj = { kind: sub === 'exec' ? 'PodExecOptions' : 'PodAttachOptions', apiVersion: 'v1' };
  o.stdin = boolParam(q, 'stdin');
  o.stdout = boolParam(q, 'stdout', true);
  o.stderr = boolParam(q, 'stderr', true);
  o.tty = boolParam(q, 'tty');
  if (container) o.container = container;
  if (sub === 'exec') o.command = q.getAll('command');
  return o;
}

function emptyLog(ctx: RequestContext): void {
  ctx.status = 200;
  ctx.res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 0, 'Cache-Control': 'no-cache, private' });
  ctx.res.end();
}
