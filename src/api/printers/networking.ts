// Printers for networking.k8s.io/v1 and discovery.k8s.io/v1: ingresses, ingress classes,
// network policies, endpoint slices.
import { AGE, arr, ageOf, col, formatSelector, NAME, nameOf, str } from './columns.js';
import { loadBalancerAddresses } from './core.js';
import type { Printer } from './types.js';

type Obj = Record<string, any>;

export function ingressHosts(rules: unknown): string {
  const rs = arr(rules);
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const r of rs) {
    if (list.length === max) more = true;
    if (!more && r?.host) list.push(String(r.host));
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rs.length - max} more...` : list.join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    NAME,
    col('Class', 'The ingress class that serves the ingress.'),
    col('Hosts', 'The host names the rules match.'),
    col('Address', 'The addresses the load balancer serves the ingress on.'),
    col('Ports', 'The ports the ingress is served on (443 too with TLS).'),
    AGE,
  ],
  row(ing, now) {
    const spec = ing.spec ?? {};
    return { cells: [nameOf(ing), str(spec.ingressClassName) || '<none>', ingressHosts(spec.rules), loadBalancerAddresses(ing.status?.loadBalancer), arr(spec.tls).length ? '80, 443' : '80', ageOf(ing, now)] };
  },
};

export const ingressClassPrinter: Printer = {
  columns: [NAME, col('Controller', 'The controller that implements the class.'), col('Parameters', 'The object holding the controller parameters.'), AGE],
  row(ic, now) {
    const p = ic.spec?.parameters;
    let params = '<none>';
    if (p) params = `${str(p.kind)}${p.apiGroup ? `.${p.apiGroup}` : ''}/${str(p.name)}`;
    return { cells: [nameOf(ic), str(ic.spec?.controller), params, ageOf(ic, now)] };
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME, col('Pod-Selector', 'The labels of the pods the policy applies to.'), AGE],
  row: (np, now) => ({ cells: [nameOf(np), formatSelector(np.spec?.podSelector ?? {}), ageOf(np, now)] }),
};

function unsetOrList(list: string[], count: number, max: number): string {
  const ret = list.join(',');
  if (count > max) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export function sliceEndpoints(slice: Obj): string {
  const list: string[] = [];
  let count = 0;
  for (const ep of arr(slice.endpoints)) {
    for (const a of arr(ep?.addresses)) {
      if (list.length < 3) list.push(String(a));
      count++;
    }
  }
  return unsetOrList(list, count, 3);
}

export function slicePorts(slice: Obj): string {
  const list: string[] = [];
  let count = 0;
  for (const p of arr(slice.ports)) {
    if (list.length < 3) list.push(typeof p?.port === 'number' ? String(p.port) : p?.name ? String(p.name) : '*');
    count++;
  }
  return unsetOrList(list, count, 3);
}

export const endpointSlicePrinter: Printer = {
  columns: [NAME, col('AddressType', 'The type of the addresses: IPv4, IPv6 or FQDN.'), col('Ports', 'The first ports of the slice.'), col('Endpoints', 'The first addresses of the slice.'), AGE],
  row: (s, now) => ({ cells: [nameOf(s), str(s.addressType), slicePorts(s), sliceEndpoints(s), ageOf(s, now)] }),
};
