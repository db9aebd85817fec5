// networking.k8s.io/v1: Ingress, IngressClass and NetworkPolicy — upstream's defaults
// (pkg/apis/networking/v1) and validation (pkg/apis/networking/validation).
import { forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector, type LabelSelectorValidationOptions } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import {
  isDNS1123Subdomain,
  isIPv4String,
  isIPv6String,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  validateNamespaceName,
  validatePathSegmentName,
} from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { goStringSliceOf } from './go-format.js';
import { arr, child, has, immutable, invalidGo, isNum, isObj, isUpdate, obj, str, validateDomainPrefixedPath, type Obj } from './util.js';

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDRs as Go's (sloppy) parser reads them

interface IPAddr {
  readonly v4: boolean;
  readonly bytes: number[];
}

function parseIPv4Bytes(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p.replace(/^0+(?=[0-9])/, ''))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6Bytes(s: string): number[] | undefined {
  if (!isIPv6String(s)) return undefined;
  let head = s;
  let tail4: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4Bytes(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail4 = v4;
    head = s.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 0xff]));
  const want = 16 - tail4.length;
  const dbl = head.indexOf('::');
  let bytes: number[];
  if (dbl >= 0) {
    const left = groups(head.slice(0, dbl));
    const right = groups(head.slice(dbl + 2));
    bytes = [...left, ...new Array<number>(want - left.length - right.length).fill(0), ...right];
  } else {
    bytes = groups(head);
  }
  return [...bytes, ...tail4];
}

export function parseIPSloppy(s: string): IPAddr | undefined {
  const v4 = parseIPv4Bytes(s);
  if (v4) return { v4: true, bytes: v4 };
  const v6 = parseIPv6Bytes(s);
  return v6 ? { v4: false, bytes: v6 } : undefined;
}

interface CIDR extends IPAddr {
  readonly prefix: number;
}

/** net.ParseCIDR with leading zeros allowed in IPv4 (netutils.ParseCIDRSloppy). */
export function parseCIDRSloppy(s: string): CIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPSloppy(s.slice(0, slash));
  const mask = s.slice(slash + 1);
  if (!ip || !/^[0-9]+$/.test(mask)) return undefined;
  const prefix = Number(mask);
  if (prefix > ip.bytes.length * 8) return undefined;
  const bytes = ip.bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return { v4: ip.v4, bytes, prefix };
}

function cidrContains(net: CIDR, ip: IPAddr): boolean {
  if (net.v4 !== ip.v4) return false;
  return ip.bytes.every((b, i) => {
    const bits = Math.max(0, Math.min(8, net.prefix - i * 8));
    const m = (0xff << (8 - bits)) & 0xff;
    return (b & m) === (net.bytes[i]! & m);
  });
}

const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const validCIDR = (value: string, path: string): FieldError[] => (parseCIDRSloppy(value) ? [] : [invalid(path, value, CIDR_MSG)]);

// ---------------------------------------------------------------------------------------------
// NetworkPolicy

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export function defaultNetworkPolicy(o: KObj): void {
  const spec = child(o, 'spec');
  for (const dir of ['ingress', 'egress']) {
    for (const rule of arr(spec[dir])) for (const port of arr(obj(rule).ports)) if (isObj(port)) port.protocol ??= 'TCP';
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = ['Ingress'];
    if (arr(spec.egress).length > 0) spec.policyTypes.push('Egress');
  }
}

function validateNetworkPolicyPort(port: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (has(port.protocol) && !PROTOCOLS.includes(str(port.protocol))) errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  if (has(port.port)) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port)) errs.push(invalid(`${path}.port`, port.port, m));
      if (isNum(port.endPort)) {
        if (port.endPort < port.port) errs.push(invalid(`${path}.endPort`, port.port, 'must be greater than or equal to `port`'));
        for (const m of isValidPortNum(port.endPort)) errs.push(invalid(`${path}.endPort`, port.endPort, m));
      }
    } else {
      if (has(port.endPort)) errs.push(invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is non-numeric'));
      for (const m of isValidPortName(str(port.port))) errs.push(invalid(`${path}.port`, str(port.port), m));
    }
  } else if (has(port.endPort)) {
    errs.push(invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function validateIPBlock(ipb: Obj, path: string): FieldError[] {
  const cidrStr = str(ipb.cidr);
  if (cidrStr === '') return [required(`${path}.cidr`)];
  const errs = validCIDR(cidrStr, `${path}.cidr`);
  const cidr = parseCIDRSloppy(cidrStr);
  if (!cidr) return errs;
  arr(ipb.except).forEach((e, i) => {
    const ep = `${path}.except[${i}]`;
    const exceptStr = str(e);
    errs.push(...validCIDR(exceptStr, ep));
    const except = parseCIDRSloppy(exceptStr);
    if (!except) return;
    if (!cidrContains(cidr, except) || cidr.prefix >= except.prefix) errs.push(invalid(ep, exceptStr, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function validatePeer(peer: Obj, path: string, opts: LabelSelectorValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (has(peer.podSelector)) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector as LabelSelector, `${path}.podSelector`, opts));
  }
  if (has(peer.namespaceSelector)) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector as LabelSelector, `${path}.namespaceSelector`, opts));
  }
  if (has(peer.ipBlock)) {
    peers++;
    errs.push(...validateIPBlock(obj(peer.ipBlock), `${path}.ipBlock`));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && has(peer.ipBlock)) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

export function validateNetworkPolicySpec(spec: Obj, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  const errs = validateLabelSelector(obj(spec.podSelector) as LabelSelector, 'spec.podSelector', opts);
  for (const [dir, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    arr(spec[dir]).forEach((r, i) => {
      const rp = `spec.${dir}[${i}]`;
      const rule = obj(r);
      arr(rule.ports).forEach((p, j) => errs.push(...validateNetworkPolicyPort(obj(p), `${rp}.ports[${j}]`)));
      arr(rule[peersKey]).forEach((p, j) => errs.push(...validatePeer(obj(p), `${rp}.${peersKey}[${j}]`, opts)));
    });
  }
  const types = arr(spec.policyTypes);
  if (types.length > 2) {
    errs.push(invalidGo('spec.policyTypes', types, goStringSliceOf('networking.PolicyType', types), 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  });
  return errs;
}

export const networkPolicyStrategy: StrategyOverrides = {
  generation: true,
  defaults: defaultNetworkPolicy,
  validate: (o) => (isUpdate(o) ? [] : validateNetworkPolicySpec(obj(o.spec))),
  validateUpdate(o, old) {
    // Selectors already stored with invalid label values stay acceptable.
    const oldInvalid = validateLabelSelector(obj(obj(old.spec).podSelector) as LabelSelector, '').length > 0;
    return validateNetworkPolicySpec(obj(o.spec), { allowInvalidLabelValueInSelector: oldInvalid });
  },
};

// ---------------------------------------------------------------------------------------------
// Ingress

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

interface IngressOptions {
  allowInvalidSecretName?: boolean;
  allowInvalidWildcardHostRule?: boolean;
}

function validateTypedLocalObjectReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (has(ref.apiGroup)) for (const m of isDNS1123Subdomain(str(ref.apiGroup))) errs.push(invalid(`${path}.apiGroup`, str(ref.apiGroup), m));
  for (const f of ['kind', 'name']) {
    const v = str(ref[f]);
    if (v === '') errs.push(required(`${path}.${f}`, `${f} is required`));
    else for (const m of validatePathSegmentName(v, false)) errs.push(invalid(`${path}.${f}`, v, m));
  }
  return errs;
}

function validateIngressBackend(backend: Obj, path: string): FieldError[] {
  const hasResource = has(backend.resource);
  const hasService = has(backend.service);
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateTypedLocalObjectReference(obj(backend.resource), `${path}.resource`);
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const svc = obj(backend.service);
  const name = str(svc.name);
  if (name === '') errs.push(required(`${path}.service.name`));
  else for (const m of nameIsDNS1035Label(name, false)) errs.push(invalid(`${path}.service.name`, name, m));
  const port = obj(svc.port);
  const portName = str(port.name);
  const portNumber = isNum(port.number) ? port.number : 0;
  if (portName !== '' && portNumber !== 0) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName !== '') for (const m of isValidPortName(portName)) errs.push(invalid(`${path}.service.port.name`, portName, m));
  else if (portNumber !== 0) for (const m of isValidPortNum(portNumber)) errs.push(invalid(`${path}.service.port.number`, portNumber, m));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validateHTTPIngressPath(p: Obj, path: string): FieldError[] {
  if (!has(p.pathType)) return [required(`${path}.pathType`, 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = str(p.path);
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
      if (value.length > 0) {
        for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
        for (const suf of INVALID_PATH_SUFFIXES) if (value.endsWith(suf)) errs.push(invalid(`${path}.path`, value, `cannot end with '${suf}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value.length > 0 && !value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateIngressBackend(obj(p.backend), `${path}.backend`));
  return errs;
}

function validateIngressRuleValue(rule: Obj, path: string): FieldError[] {
  if (!has(rule.http)) return [];
  const http = obj(rule.http);
  const errs: FieldError[] = [];
  const paths = arr(http.paths);
  if (paths.length === 0) errs.push(required(`${path}.http.paths`));
  paths.forEach((p, i) => errs.push(...validateHTTPIngressPath(obj(p), `${path}.http.paths[${i}]`)));
  return errs;
}

const isIP = (s: string): boolean => isIPv4String(s) || isIPv6String(s);

function validateIngressRules(rules: unknown[], opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((r, i) => {
    const rp = `spec.rules[${i}]`;
    const rule = obj(r);
    const host = str(rule.host);
    let wildcard = false;
    if (host.length > 0) {
      if (isIP(host)) errs.push(invalid(`${rp}.host`, host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        for (const m of isWildcardDNS1123Subdomain(host)) errs.push(invalid(`${rp}.host`, host, m));
        wildcard = true;
      } else {
        for (const m of isDNS1123Subdomain(host)) errs.push(invalid(`${rp}.host`, host, m));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateIngressRuleValue(rule, rp));
  });
  return errs;
}

const invalidSecretName = (name: string): string[] => (name.length === 0 ? [] : isDNS1123Subdomain(name));

function validateIngressTLS(tls: unknown[], opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    const tp = `spec.tls[${i}]`;
    const entry = obj(t);
    arr(entry.hosts).forEach((h, j) => {
      const host = str(h);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(`${tp}.hosts[${j}]`, host, m));
    });
    if (!opts.allowInvalidSecretName) {
      const name = str(entry.secretName);
      for (const m of invalidSecretName(name)) errs.push(invalid(`${tp}.secretName`, name, m));
    }
  });
  return errs;
}

export function validateIngressSpec(spec: Obj, opts: IngressOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr(spec.rules);
  if (rules.length === 0 && !has(spec.defaultBackend)) {
    const printed = Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    errs.push(invalidGo('spec', spec.rules ?? null, printed, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (has(spec.defaultBackend)) errs.push(...validateIngressBackend(obj(spec.defaultBackend), 'spec.defaultBackend'));
  if (rules.length > 0) errs.push(...validateIngressRules(rules, opts));
  const tls = arr(spec.tls);
  if (tls.length > 0) errs.push(...validateIngressTLS(tls, opts));
  if (has(spec.ingressClassName)) {
    const name = str(spec.ingressClassName);
    for (const m of isDNS1123Subdomain(name)) errs.push(invalid('spec.ingressClassName', name, m));
  }
  return errs;
}

function validateIngressStatus(status: Obj): FieldError[] {
  const errs: FieldError[] = [];
  arr(obj(status.loadBalancer).ingress).forEach((e, i) => {
    const p = `status.loadBalancer.ingress[${i}]`;
    const entry = obj(e);
    const ip = str(entry.ip);
    if (ip.length > 0 && !isIP(ip)) errs.push(invalid(`${p}.ip`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    const hostname = str(entry.hostname);
    if (hostname.length > 0) {
      for (const m of isDNS1123Subdomain(hostname)) errs.push(invalid(`${p}.hostname`, hostname, m));
      if (isIP(hostname)) errs.push(invalid(`${p}.hostname`, hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

function ingressUpdateOptions(old: KObj): IngressOptions {
  const spec = obj(old.spec);
  return {
    allowInvalidSecretName: arr(spec.tls).some((t) => invalidSecretName(str(obj(t).secretName)).length > 0),
    allowInvalidWildcardHostRule: arr(spec.rules).some((r) => str(obj(r).host).includes('*') && validateIngressRuleValue(obj(r), '').length > 0),
  };
}

export function validateIngressCreate(o: KObj): FieldError[] {
  const spec = obj(o.spec);
  const errs = validateIngressSpec(spec);
  const annotations = obj(obj(o.metadata).annotations);
  if (INGRESS_CLASS_ANNOTATION in annotations && has(spec.ingressClassName) && annotations[INGRESS_CLASS_ANNOTATION] !== spec.ingressClassName) {
    errs.push(invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotations[INGRESS_CLASS_ANNOTATION], 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

export const ingressStrategy: StrategyOverrides = {
  generation: true,
  prepareForCreate(o) {
    o.status = { loadBalancer: {} };
  },
  validate: (o) => (isUpdate(o) ? [] : validateIngressCreate(o)),
  validateUpdate: (o, old) => validateIngressSpec(obj(o.spec), ingressUpdateOptions(old)),
  validateStatusUpdate: (o) => validateIngressStatus(obj(o.status)),
};

// ---------------------------------------------------------------------------------------------
// IngressClass

const MAX_CONTROLLER_LENGTH = 250;
const PARAMETER_SCOPES = ['Cluster', 'Namespace'];

function validateParametersReference(params: unknown, path: string): FieldError[] {
  if (!has(params)) return [];
  const p = obj(params);
  const errs = validateTypedLocalObjectReference(p, path);
  if (!has(p.scope)) {
    errs.push(required(`${path}.scope`));
    return errs;
  }
  const scope = str(p.scope);
  if (!PARAMETER_SCOPES.includes(scope)) {
    errs.push(notSupported(`${path}.scope`, scope, PARAMETER_SCOPES));
  } else if (scope === 'Namespace') {
    if (!has(p.namespace)) errs.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else for (const m of validateNamespaceName(str(p.namespace), false)) errs.push(invalid(`${path}.namespace`, str(p.namespace), m));
  } else if (has(p.namespace)) {
    errs.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

export function validateIngressClassSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const controller = str(spec.controller);
  if (controller.length > MAX_CONTROLLER_LENGTH) errs.push(tooLong('spec.controller', '', MAX_CONTROLLER_LENGTH));
  errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
  errs.push(...validateParametersReference(spec.parameters, 'spec.parameters'));
  return errs;
}

export const ingressClassStrategy: StrategyOverrides = {
  defaults(o) {
    const params = obj(o.spec).parameters;
    if (isObj(params) && !has(params.scope)) params.scope = 'Cluster';
  },
  validate: (o) => (isUpdate(o) ? [] : validateIngressClassSpec(obj(o.spec))),
  validateUpdate: (o, old) => [...immutable(obj(o.spec).controller ?? '', obj(old.spec).controller ?? '', 'spec.controller'), ...validateIngressClassSpec(obj(o.spec))],
};
