// IPv4 arithmetic for simulated nodes: a node IP and a pod CIDR per node index, and a per-node
// allocator of pod IPs from that CIDR.

export class AddressError extends Error {
  override readonly name = 'AddressError';
  readonly code = 'SIM_NODES_ADDRESS';
}

export interface Cidr {
  readonly base: number;
  readonly bits: number;
}

export function parseCidr(s: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s.trim());
  if (!m) throw new AddressError(`"${s}" is not an IPv4 CIDR`);
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) throw new AddressError(`"${s}" is not an IPv4 CIDR`);
  const ip = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ip & mask) >>> 0, bits };
}

export const formatIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Bits of host part a node's pod CIDR needs for maxPods pods (at least a /24). */
export const podBlockBits = (maxPods: number): number => Math.max(8, Math.ceil(Math.log2(maxPods + 3)));

/** The pod CIDR of node index i. */
export function nodePodCidr(pool: Cidr, index: number, blockBits: number): Cidr {
  const blocks = 2 ** (32 - pool.bits - blockBits);
  if (index >= blocks) throw new AddressError(`pod CIDR pool /${pool.bits} has room for ${blocks} nodes of /${32 - blockBits}, not node ${index}`);
  return { base: (pool.base + index * 2 ** blockBits) >>> 0, bits: 32 - blockBits };
}

/** The InternalIP of node index i (the pool's .0 and .1 are skipped). */
export function nodeIp(pool: Cidr, index: number): string {
  const size = 2 ** (32 - pool.bits);
  if (index + 2 >= size) throw new AddressError(`node CIDR /${pool.bits} has no address for node ${index}`);
  return formatIp((pool.base + index + 2) >>> 0);
}

export const cidrString = (c: Cidr): string => `${formatIp(c.base)}/${c.bits}`;

/** Hands out the addresses of one node's pod CIDR (.1 is the gateway). */
export class IpAllocator {
  private readonly used = new Set<number>();
  private next = 2;
  private readonly size: number;

  constructor(private readonly cidr: Cidr) {
    this.size = 2 ** (32 - cidr.bits);
  }

  allocate(): string | undefined {
    for (let tries = 0; tries < this.size; tries++) {
      const off = this.next;
      this.next = this.next + 1 >= this.size - 1 ? 2 : this.next + 1;
      if (!this.used.has(off)) {
        this.used.add(off);
        return formatIp((this.cidr.base + off) >>> 0);
      }
    }
    return undefined;
  }

  /** Marks ip taken (a pod that already has it). Returns false when ip is outside the CIDR. */
  claim(ip: string): boolean {
    const off = this.offsetOf(ip);
    if (off === undefined) return false;
    this.used.add(off);
    return true;
  }

  release(ip: string): void {
    const off = this.offsetOf(ip);
    if (off !== undefined) this.used.delete(off);
  }

  get inUse(): number {
    return this.used.size;
  }

  private offsetOf(ip: string): number | undefined {
    let n: number;
    try {
      n = parseCidr(`${ip}/32`).base;
    } catch {
      return undefined;
    }
    const off = n - this.cidr.base;
    return off > 0 && off < this.size - 1 ? off : undefined;
  }
}
