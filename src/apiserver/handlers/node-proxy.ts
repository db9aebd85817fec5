// nodes/{name}/proxy[/{path}]: any method, to the node's kubelet at /{path} (upgrades relayed as
// bytes, like exec), e.g. `kubectl get --raw /api/v1/nodes/NODE/proxy/healthz`.
import { newMethodNotAllowed, newServiceUnavailable } from '../../api/errors.js';
import { kubeletLocationOf } from '../kubelet-client/node-connection.js';
import { proxyRequest } from '../kubelet-client/request-proxy.js';
import { proxyUpgrade } from '../kubelet-client/upgrade-proxy.js';
import type { ResourceStore } from '../registry/store.js';
import type { RequestContext } from './context.js';

const VERBS = new Set(['get', 'create', 'update', 'patch', 'delete']);

/** The request path after /nodes/{name}/proxy, still encoded ('/' when nothing follows). */
function kubeletPath(requestUrl: string, name: string): string {
  const pathname = requestUrl.split('?')[0] ?? '';
  const marker = `/nodes/${encodeURIComponent(name)}/proxy`;
  const at = pathname.indexOf(marker);
  const rest = at < 0 ? '' : pathname.slice(at + marker.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export async function handleNodeProxy(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const { info } = ctx;
  if (!VERBS.has(info.verb)) throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  const node = (await store.get('', info.name)) as Record<string, any>;
  const kubelet = await ctx.kubelet?.();
  if (!kubelet) throw newServiceUnavailable('the API server has no kubelet client configured');
  const loc = kubeletLocationOf(node, kubelet.preferredAddressTypes);
  const target = { path: kubeletPath(ctx.req.url ?? '', info.name), query: ctx.query };
  if (ctx.upgrade) {
    const { socket, head } = ctx.upgrade;
    const relayed = await proxyUpgrade(kubelet, loc, target, ctx.req, socket, head, () => ctx.res.detachSocket(socket as import('node:net').Socket));
    ctx.status = relayed.code;
    await relayed.done;
    return;
  }
  ctx.status = await proxyRequest(kubelet, loc, target.path, target.query, ctx.req, ctx.res);
}
