// Who may use the kubelet endpoint: callers with a client certificate signed by the cluster CA
// (401 otherwise), and among them the API server's kubelet client identity or system:masters
// (403 otherwise, in the kubelet's words). Upstream's kubelet asks the API server
// (SubjectAccessReview) instead; the simulated fleet grants what the default RBAC grants.
import type { TLSSocket } from 'node:tls';

export const KUBELET_API_USERS: ReadonlySet<string> = new Set(['kube-apiserver-kubelet-client']);
export const KUBELET_API_GROUPS: ReadonlySet<string> = new Set(['system:masters']);

export type CallerCheck = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly code: 401 | 403; readonly message: string };

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** `verb`: get for GET/HEAD, create for POST (as the kubelet's authorizer names them). */
export function checkCaller(socket: TLSSocket, verb: string): CallerCheck {
  const peer = socket.getPeerCertificate();
  if (!socket.authorized || !peer || Object.keys(peer).length === 0) return { ok: false, code: 401, message: 'Unauthorized' };
  const user = asList(peer.subject?.CN)[0] ?? '';
  const groups = asList(peer.subject?.O);
  if (KUBELET_API_USERS.has(user) || groups.some((g) => KUBELET_API_GROUPS.has(g))) return { ok: true, user };
  return { ok: false, code: 403, message: `Forbidden (user=${user}, verb=${verb}, resource=nodes, subresource=proxy)` };
}
