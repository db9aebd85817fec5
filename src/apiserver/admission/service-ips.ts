// Allocates Service cluster IPs (from the service CIDR) and node ports (30000-32767) on
// create, and keeps them on update. Free values are found from the stored Services, so several
// API servers sharing a store agree (a clash fails the write with 422, like upstream).
import { newInvalid } from '../../api/errors.js';
import { invalid } from '../../api/field-errors.js';
import type { KObj } from '../../api/resource-info.js';
import type { ResourceStore } from '../registry/store.js';

type Obj = Record<string, any>;

export interface ServiceNetwork {
  /** e.g. "10.43.0.0/16". */
  readonly cidr: string;
  readonly nodePortMin: number;
  readonly nodePortMax: number;
}

export const DEFAULT_SERVICE_NETWORK: ServiceNetwork = { cidr: '10.43.0.0/16', nodePortMin: 30000, nodePortMax: 32767 };

const ipToInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return { base: Math.floor(ipToInt(ip!) / size) * size, size };
}

async function usedBy(store: ResourceStore, exceptUid: string | undefined) {
  const ips = new Set<string>();
  const ports = new Set<number>();
  const page = await store.deps.storage.list(store.prefix);
  for (const kv of page.items) {
    const svc = JSON.parse(kv.value.toString('utf8')) as Obj;
    if (svc.metadata?.uid === exceptUid) continue;
    for (const ip of svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])) ips.add(ip);
    for (const p of svc.spec?.ports ?? []) if (p?.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

export async function allocateServiceAddresses(store: ResourceStore, net: ServiceNetwork, obj: KObj, old: KObj | undefined): Promise<void> {
  const spec = obj.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const oldSpec = (old?.spec ?? {}) as Obj;
  const name = String((obj.metadata as Obj)?.name ?? '');
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    return;
  }
  const needsIp = spec.clusterIP === undefined || spec.clusterIP === '';
  const needsPorts = (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && (spec.ports ?? []).some((p: Obj) => !p?.nodePort);
  if (old && needsIp && oldSpec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = oldSpec.clusterIPs ?? [oldSpec.clusterIP];
  }
  const { base, size } = parseCidr(net.cidr);
  const used = needsIp || needsPorts || spec.clusterIP ? await usedBy(store, (obj.metadata as Obj)?.uid) : undefined;
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    // Random probing, skipping the network address and .1 (the kubernetes Service).
    let ip: string | undefined;
    for (let i = 0; i < size * 2 && !ip; i++) {
      const cand = intToIp(base + 2 + Math.floor(Math.random() * (size - 3)));
      if (!used!.ips.has(cand)) ip = cand;
    }
    if (!ip) throw newInvalid({ group: '', kind: 'Service' }, name, [invalid('spec.clusterIPs', '', `failed to allocate IP: range is full`)]);
    spec.clusterIP = ip;
  } else if (spec.clusterIP !== 'None' && used && (!old || oldSpec.clusterIP !== spec.clusterIP)) {
    const n = ipToInt(spec.clusterIP);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(spec.clusterIP) || n < base || n >= base + size) {
      throw newInvalid({ group: '', kind: 'Service' }, name, [
        invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${net.cidr}`),
      ]);
    }
    if (used.ips.has(spec.clusterIP)) {
      throw newInvalid({ group: '', kind: 'Service' }, name, [
        invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`),
      ]);
    }
  }
  spec.clusterIPs = [spec.clusterIP];
  if (spec.clusterIP !== 'None' || spec.ipFamilies === undefined) spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  if (needsPorts) {
    const oldPorts = new Map<string, number>();
    for (const p of oldSpec.ports ?? []) if (p?.nodePort) oldPorts.set(`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort);
    for (const p of spec.ports as Obj[]) {
      if (!p || p.nodePort) continue;
      const keep = oldPorts.get(`${p.port}/${p.protocol ?? 'TCP'}`);
      if (keep) {
        p.nodePort = keep;
        continue;
      }
      const span = net.nodePortMax - net.nodePortMin + 1;
      let port: number | undefined;
      for (let i = 0; i < span * 2 && !port; i++) {
        const cand = net.nodePortMin + Math.floor(Math.random() * span);
        if (!used!.ports.has(cand)) port = cand;
      }
      if (!port) throw newInvalid({ group: '', kind: 'Service' }, name, [invalid('spec.ports', '', 'failed to allocate a nodePort: range is full')]);
      used!.ports.add(port);
      p.nodePort = port;
    }
  }
}
