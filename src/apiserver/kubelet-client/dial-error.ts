// Connection failures to a kubelet in the words Go's net package uses, since clients (and
// people) know upstream's "dial tcp HOST:PORT: connect: connection refused".
import { StatusError } from '../../api/errors.js';
import type { KubeletLocation } from './node-connection.js';
import { hostPort } from './node-connection.js';

function goNetError(err: NodeJS.ErrnoException, loc: KubeletLocation): string {
  const target = `dial tcp ${hostPort(loc)}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${target}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `${target}: connect: no route to host`;
    case 'ENETUNREACH':
      return `${target}: connect: network is unreachable`;
    case 'ETIMEDOUT':
      return `${target}: i/o timeout`;
    case 'ECONNRESET':
      return `${target}: read: connection reset by peer`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${loc.host}: no such host`;
    default:
      return `${target}: ${err.message}`;
  }
}

/** A streaming upgrade that could not reach the kubelet: upstream's 500 "error dialing backend". */
export function dialBackendError(err: unknown, loc: KubeletLocation): StatusError {
  return new StatusError(500, '', `error dialing backend: ${goNetError(err as NodeJS.ErrnoException, loc)}`);
}

/** A log (plain GET) that could not reach the kubelet: upstream's 500 naming the request. */
export function getBackendError(err: unknown, method: string, url: string, loc: KubeletLocation): StatusError {
  const m = method.charAt(0) + method.slice(1).toLowerCase();
  return new StatusError(500, '', `${m} "${url}": ${goNetError(err as NodeJS.ErrnoException, loc)}`);
}
