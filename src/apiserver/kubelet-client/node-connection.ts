// Finds where a node's kubelet listens: the first of the node's addresses in the preferred
// type order, and the port the node reports in status.daemonEndpoints.kubeletEndpoint.
import { StatusError } from '../../api/errors.js';
import { joinHostPort } from '../advertised-address.js';
import { DEFAULT_KUBELET_PORT } from './kubelet-client-config.js';

export interface KubeletLocation {
  readonly host: string;
  readonly port: number;
}

interface NodeAddress {
  type?: string;
  address?: string;
}

type Obj = Record<string, any>;

/** The kubelet's address and port for a Node object; 500 with upstream's text when no address fits. */
export function kubeletLocationOf(node: Obj, preferredTypes: readonly string[]): KubeletLocation {
  const addresses: NodeAddress[] = Array.isArray(node.status?.addresses) ? node.status.addresses : [];
  let host: string | undefined;
  for (const type of preferredTypes) {
    const found = addresses.find((a) => a.type === type && a.address);
    if (found) {
      host = found.address!;
      break;
    }
  }
  if (host === undefined) {
    const known = addresses.map((a) => `{${a.type ?? ''} ${a.address ?? ''}}`).join(' ');
    throw new StatusError(500, '', `no preferred addresses found; known addresses: [${known}]`);
  }
  const reported = Number(node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0);
  const port = Number.isInteger(reported) && reported > 0 ? reported : DEFAULT_KUBELET_PORT;
  return { host, port };
}

/** host:port as a URL authority (IPv6 addresses in brackets). */
export function hostPort(loc: KubeletLocation): string {
  return joinHostPort(loc.host, loc.port);
}
