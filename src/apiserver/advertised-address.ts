// The address clients are told to reach the API server at (upstream's advertise address): the
// bind address, or for a wildcard bind the machine's first non-loopback address.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** 0.0.0.0 or an all-zero IPv6 address such as ::. */
export const isUnspecifiedAddress = (ip: string): boolean => ip === '0.0.0.0' || (isIP(ip) === 6 && /^[0:]+$/.test(ip));

export const isLinkLocalV6 = (ip: string): boolean => /^fe[89ab][0-9a-f]:/i.test(ip);

/** The bind address; for a wildcard, the first non-loopback IPv4 address (else IPv6, else loopback). */
export function advertisedHost(bindAddress: string, interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string {
  if (!isUnspecifiedAddress(bindAddress)) return bindAddress;
  const addrs = Object.values(interfaces).flatMap((list) => list ?? []).filter((a) => !a.internal && !isLinkLocalV6(a.address));
  return (addrs.find((a) => a.family === 'IPv4') ?? addrs[0])?.address ?? '127.0.0.1';
}

/** HOST:PORT, with an IPv6 host in brackets. */
export const joinHostPort = (host: string, port: number): string => (isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`);
