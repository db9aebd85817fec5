// Host ports in use on a node (upstream's HostPortInfo): ip → "protocol/port" with a use count.
// 0.0.0.0 conflicts with every address.
export const BIND_ALL = '0.0.0.0';

export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

const key = (protocol: string, port: number) => `${protocol}/${port}`;

export function sanitizeHostPort(ip: string | undefined, protocol: string | undefined, port: number): HostPort {
  return { ip: ip || BIND_ALL, protocol: protocol || 'TCP', port };
}

export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>();

  get size(): number {
    return this.byIP.size;
  }

  add(p: HostPort): void {
    if (p.port <= 0) return;
    let m = this.byIP.get(p.ip);
    if (!m) this.byIP.set(p.ip, (m = new Map()));
    const k = key(p.protocol, p.port);
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  remove(p: HostPort): void {
    if (p.port <= 0) return;
    const m = this.byIP.get(p.ip);
    if (!m) return;
    const k = key(p.protocol, p.port);
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIP.delete(p.ip);
  }

  conflicts(p: HostPort): boolean {
    if (p.port <= 0) return false;
    const k = key(p.protocol, p.port);
    if (p.ip === BIND_ALL) {
      for (const m of this.byIP.values()) if (m.has(k)) return true;
      return false;
    }
    return (this.byIP.get(BIND_ALL)?.has(k) ?? false) || (this.byIP.get(p.ip)?.has(k) ?? false);
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m));
    return c;
  }
}
