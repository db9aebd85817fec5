// Service: DNS-1035 names, upstream defaults, the strategy's clusterIP normalisation and
// allocated-value patching, validation of create, update and status, and selectable fields.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateLabels } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Label, isDNS1123Subdomain, isIPv6String, isQualifiedName, isValidIP, isValidPortNum, nameIsDNS1035Label } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { validatePortNumOrName, validateProtocol } from './container-validation.js';
import { GoValue, arr, goQuote, goStringSlice, idx, int, invalidGo, invalidStrings, isObj, isSet, key, obj, pushMsgs, str, sub, type Obj } from './util.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const LB_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';

const specOf = (svc: Obj): Obj => obj(svc.spec);
const isHeadless = (spec: Obj) => arr(spec.clusterIPs).length === 1 && arr(spec.clusterIPs)[0] === 'None';
const needsClusterIP = (spec: Obj) => spec.type !== 'ExternalName';
const needsNodePort = (spec: Obj) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';
const externallyAccessible = (spec: Obj) =>
  spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
const needsHealthCheck = (spec: Obj) => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

/** IsValidCIDR (sloppy parsing, as upstream's netutils). */
export function isValidCIDR(value: string): string[] {
  const slash = value.indexOf('/');
  const ok =
    slash > 0 &&
    /^[0-9]+$/.test(value.slice(slash + 1)) &&
    isValidIP(value.slice(0, slash)).length === 0 &&
    Number(value.slice(slash + 1)) <= (value.slice(0, slash).includes(':') ? 128 : 32);
  return ok ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

/** ValidateNonSpecialIP: no unspecified, loopback or link-local addresses. */
export function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  if (isValidIP(ip).length) return [invalid(path, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v6 = ip.includes(':');
  const o = v6 ? [] : ip.split('.').map(Number);
  const h = v6 ? expandIPv6(ip) : '';
  if (v6 ? /^0{32}$/.test(h) : o.every((x) => x === 0)) errs.push(invalid(path, ip, `may not be unspecified (${ip})`));
  if (v6 ? h === '0'.repeat(31) + '1' || /^0{20}ffff7f/.test(h) : o[0] === 127) {
    errs.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  }
  if (v6 ? /^fe[89ab]/.test(h) || /^0{20}ffffa9fe/.test(h) : o[0] === 169 && o[1] === 254) {
    errs.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if (v6 ? /^ff02/.test(h) || /^0{20}ffffe00000/.test(h) : o[0] === 224 && o[1] === 0 && o[2] === 0) {
    errs.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

/** 32 hex digits of an IPv6 address (embedded IPv4 converted). */
function expandIPv6(ip: string): string {
  let s = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) s = s.slice(0, v4.index) + [1, 3].map((i) => ((Number(v4[i]) << 8) | Number(v4[i + 1])).toString(16)).join(':');
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const hs = head ? head.split(':') : [];
  const ts = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - hs.length - ts.length).fill('0');
  return [...hs, ...fill, ...ts].map((g) => g.padStart(4, '0')).join('');
}

/** Go's %#v of the core.ServicePort key upstream uses to find duplicate ports. */
const goServicePortKey = (protocol: string, port: number) =>
  `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sp.name);
  if (requireName && !name) errs.push(required(sub(path, 'name'), ''));
  else if (name) {
    pushMsgs(errs, sub(path, 'name'), name, isDNS1123Label(name));
    if (names.has(name)) errs.push({ type: 'FieldValueDuplicate', field: sub(path, 'name'), value: name, showValue: true });
    else names.add(name);
  }
  const port = int(sp.port) ?? 0;
  pushMsgs(errs, sub(path, 'port'), port, isValidPortNum(port));
  errs.push(...validateProtocol(sp.protocol, sub(path, 'protocol')));
  errs.push(...validatePortNumOrName(sp.targetPort, sub(path, 'targetPort')));
  if (isSet(sp.appProtocol)) pushMsgs(errs, sub(path, 'appProtocol'), str(sp.appProtocol), isQualifiedName(str(sp.appProtocol)));
  return errs;
}

function validateClusterIPsRelatedFields(spec: Obj): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIP = str(spec.clusterIP);
  const ips = arr(spec.clusterIPs).map(str);
  const ipsPath = 'spec.clusterIPs';
  if (clusterIP) {
    if (ips.length === 0) errs.push(required(ipsPath, ''));
    else if (ips[0] !== clusterIP) errs.push(invalidStrings(ipsPath, ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(invalidStrings(ipsPath, ips, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  arr(spec.ipFamilies).forEach((f, i) => {
    const p = idx('spec.ipFamilies', i);
    if (!IP_FAMILIES.includes(str(f))) errs.push(notSupported(p, f, IP_FAMILIES));
    if (seen.has(str(f))) errs.push({ type: 'FieldValueDuplicate', field: p, value: f, showValue: true });
    seen.add(str(f));
  });
  if (isSet(spec.ipFamilyPolicy) && !IP_FAMILY_POLICIES.includes(str(spec.ipFamilyPolicy))) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(invalidStrings(ipsPath, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const msgs = isValidIP(ip);
    if (msgs.length) badIPs = true;
    pushMsgs(errs, idx(ipsPath, i), ip, msgs);
  });
  if (ips.length > 2) errs.push(invalidStrings(ipsPath, ips, 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (ips.length > 1) {
    const v6 = ips.filter((ip) => isIPv6String(ip)).length;
    if (v6 === 0 || v6 === ips.length) errs.push(invalidStrings(ipsPath, ips, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && ips.length && arr(spec.ipFamilies).length) {
    const fams = arr(spec.ipFamilies);
    ips.forEach((ip, i) => {
      if (i > fams.length - 1) return;
      if (fams[i] === 'IPv4' && isIPv6String(ip)) errs.push(invalid(idx(ipsPath, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fams[i] === 'IPv6' && !isIPv6String(ip)) errs.push(invalid(idx(ipsPath, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

/** Upstream ValidateService (ObjectMeta is validated by the registry). */
export function validateService(svc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = specOf(svc);
  const annotations = obj(obj(svc.metadata).annotations);
  if (TOPOLOGY_MODE_ANNOTATION in annotations && TOPOLOGY_HINTS_ANNOTATION in annotations && annotations[TOPOLOGY_MODE_ANNOTATION] !== annotations[TOPOLOGY_HINTS_ANNOTATION]) {
    errs.push(invalid(key('metadata.annotations', TOPOLOGY_MODE_ANNOTATION), str(annotations[TOPOLOGY_MODE_ANNOTATION]), `must match annotations[${TOPOLOGY_HINTS_ANNOTATION}] when both are specified`));
  }
  const ports = arr(spec.ports).map(obj);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports', ''));
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (headless) errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
      break;
    case 'ExternalName': {
      if (arr(spec.clusterIPs).length) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if (arr(spec.ipFamilies).length) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (isSet(spec.ipFamilyPolicy)) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const name = str(spec.externalName);
      const cname = name.endsWith('.') ? name.slice(0, -1) : name;
      if (cname) pushMsgs(errs, 'spec.externalName', cname, isDNS1123Subdomain(cname));
      else errs.push(required('spec.externalName', ''));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, idx('spec.ports', i))));
  if (isSet(spec.selector)) errs.push(...validateLabels(isObj(spec.selector) ? spec.selector : undefined, 'spec.selector'));
  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required('spec.sessionAffinity', ''));
  else if (!SESSION_AFFINITIES.includes(affinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, SESSION_AFFINITIES));
  if (affinity === 'ClientIP') {
    const cfgPath = 'spec.sessionAffinityConfig';
    const why = 'when session affinity type is ClientIP';
    const cfg = spec.sessionAffinityConfig;
    if (!isSet(cfg)) errs.push(required(cfgPath, why));
    else if (!isSet(obj(cfg).clientIP)) errs.push(required(sub(cfgPath, 'clientIP'), why));
    else if (!isSet(obj(obj(cfg).clientIP).timeoutSeconds)) errs.push(required(sub(cfgPath, 'clientIP.timeoutSeconds'), why));
    else {
      const t = int(obj(obj(cfg).clientIP).timeoutSeconds) ?? 0;
      if (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS) errs.push(invalid(sub(cfgPath, 'clientIP.timeoutSeconds'), t, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
    }
  } else if (affinity === 'None' && isSet(spec.sessionAffinityConfig)) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPsRelatedFields(spec));
  arr(spec.externalIPs).forEach((ip, i) => {
    const p = idx('spec.externalIPs', i);
    const msgs = isValidIP(str(ip));
    if (msgs.length) pushMsgs(errs, p, str(ip), msgs);
    else errs.push(...validateNonSpecialIP(str(ip), p));
  });
  const type = str(spec.type);
  if (!type) errs.push(required('spec.type', ''));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (int(p.nodePort)) errs.push(forbidden(sub(idx('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = int(p.nodePort) ?? 0;
    if (!np) return;
    const k = `${str(p.protocol)}/${np}`;
    if (nodePorts.has(k)) errs.push({ type: 'FieldValueDuplicate', field: sub(idx('spec.ports', i), 'nodePort'), value: np, showValue: true });
    nodePorts.add(k);
  });
  const seenPorts = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p.protocol)}/${int(p.port) ?? 0}`;
    if (seenPorts.has(k)) errs.push({ type: 'FieldValueDuplicate', field: idx('spec.ports', i), value: new GoValue(goServicePortKey(str(p.protocol), int(p.port) ?? 0)), showValue: true });
    seenPorts.add(k);
  });
  const ranges = arr(spec.loadBalancerSourceRanges);
  if (ranges.length) {
    const rp = 'spec.LoadBalancerSourceRanges';
    if (type !== 'LoadBalancer') errs.push(forbidden(rp, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      const v = str(r).trim();
      pushMsgs(errs, idx(rp, i), v, isValidCIDR(v));
    });
  } else if (LB_SOURCE_RANGES_ANNOTATION in annotations) {
    const ap = key('metadata.annotations', LB_SOURCE_RANGES_ANNOTATION);
    if (type !== 'LoadBalancer') errs.push(forbidden(ap, "may only be used when `type` is 'LoadBalancer'"));
    const val = str(annotations[LB_SOURCE_RANGES_ANNOTATION]).trim();
    if (val) for (const c of val.split(',')) pushMsgs(errs, ap, c.trim(), isValidCIDR(c.trim()));
  }
  if (isSet(spec.allocateLoadBalancerNodePorts) && type !== 'LoadBalancer') errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  if (type === 'LoadBalancer' && !isSet(spec.allocateLoadBalancerNodePorts)) errs.push(required('allocateLoadBalancerNodePorts', ''));
  if (type === 'LoadBalancer') {
    if (isSet(spec.loadBalancerClass)) pushMsgs(errs, 'spec.loadBalancerClass', str(spec.loadBalancerClass), isQualifiedName(str(spec.loadBalancerClass)));
  } else if (isSet(spec.loadBalancerClass)) {
    errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy', ''));
  else if (!TRAFFIC_POLICIES.includes(etp)) errs.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
  const hc = int(spec.healthCheckNodePort) ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc) errs.push(invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc) {
    // A missing value is allocated after validation here (upstream allocates before validating).
    pushMsgs(errs, 'spec.healthCheckNodePort', hc, isValidPortNum(hc));
  }
  if (!isSet(spec.internalTrafficPolicy)) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') errs.push(required('spec.internalTrafficPolicy', ''));
  } else if (!TRAFFIC_POLICIES.includes(str(spec.internalTrafficPolicy))) {
    errs.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (isSet(spec.trafficDistribution) && spec.trafficDistribution !== 'PreferClose') {
    errs.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

/** The update-only rules of upstream ValidateServiceUpdate (validate runs on updates too). */
export function validateServiceUpdate(svc: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  const ips = arr(spec.clusterIPs).map(str);
  const oldIPs = arr(oldSpec.clusterIPs).map(str);
  const ipsValue = () => goStringSlice(Array.isArray(spec.clusterIPs) ? ips : null);
  if (spec.type !== 'ExternalName' && oldSpec.type !== 'ExternalName' && !(isHeadless(spec) && isHeadless(oldSpec))) {
    if (oldIPs.length === ips.length) {
      oldIPs.forEach((ip, i) => {
        if (ip !== ips[i]) errs.push(invalidGo(idx('spec.clusterIPs', i), ips, ipsValue(), 'may not change once set'));
      });
    } else if (oldIPs.length > ips.length) {
      if (ips.length === 0) errs.push(invalidGo('spec.clusterIPs[0]', ips, ipsValue(), 'primary clusterIP can not be unset'));
      if (oldIPs.length && ips.length && ips[0] !== oldIPs[0]) errs.push(invalidGo('spec.clusterIPs[0]', ips, ipsValue(), 'may not change once set'));
      if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
        errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
      }
    } else if (oldIPs.length && ips[0] !== oldIPs[0]) {
      errs.push(invalidGo('spec.clusterIPs[0]', ips, ipsValue(), 'may not change once set'));
    }
  }
  if (spec.type !== 'ExternalName' && oldSpec.type !== 'ExternalName' && isHeadless(spec) === isHeadless(oldSpec) && !isHeadless(spec)) {
    const fams = arr(spec.ipFamilies).map(str);
    const oldFams = arr(oldSpec.ipFamilies).map(str);
    const famValue = goStringSlice(Array.isArray(spec.ipFamilies) ? fams : null);
    if (oldFams.length === fams.length) {
      oldFams.forEach((f, i) => {
        if (f !== fams[i]) errs.push(invalidGo('spec.ipFamilies[0]', fams, famValue, 'may not change once set'));
      });
    } else if (oldFams.length > fams.length) {
      if (ips.length === 0) errs.push(invalidGo('spec.ipFamilies[0]', fams, famValue, 'primary ipFamily can not be unset'));
      if (fams.length && fams[0] !== oldFams[0]) errs.push(invalidGo('spec.ipFamilies[0]', ips, ipsValue(), 'may not change once set'));
      if (fams.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
        errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
      }
    } else if (oldFams.length && fams.length && fams[0] !== oldFams[0]) {
      errs.push(invalidGo('spec.ipFamilies[0]', ips, ipsValue(), 'may not change once set'));
    }
  }
  if (spec.type === 'LoadBalancer' && oldSpec.type === 'LoadBalancer' && (spec.loadBalancerClass ?? null) !== (oldSpec.loadBalancerClass ?? null)) {
    errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && (int(spec.healthCheckNodePort) ?? 0) !== (int(oldSpec.healthCheckNodePort) ?? 0)) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errs;
}

/** Upstream ValidateServiceStatusUpdate: the load balancer status. */
export function validateServiceStatusUpdate(svc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = specOf(svc);
  const ingress = arr(obj(obj(svc.status).loadBalancer).ingress);
  const ip = 'status.loadBalancer.ingress';
  if (spec.type !== 'LoadBalancer' && ingress.length) return [forbidden(ip, "may only be used when `spec.type` is 'LoadBalancer'")];
  ingress.forEach((raw, i) => {
    const ing = obj(raw);
    const p = idx(ip, i);
    const addr = str(ing.ip);
    if (addr) pushMsgs(errs, sub(p, 'ip'), addr, isValidIP(addr));
    if (!isSet(ing.ipMode)) {
      if (addr) errs.push(required(sub(p, 'ipMode'), 'must be specified when `ip` is set'));
    } else if (!addr) errs.push(forbidden(sub(p, 'ipMode'), 'may not be specified when `ip` is not set'));
    else if (!['Proxy', 'VIP'].includes(str(ing.ipMode))) errs.push(notSupported(sub(p, 'ipMode'), ing.ipMode, ['Proxy', 'VIP']));
    const host = str(ing.hostname);
    if (host) {
      pushMsgs(errs, sub(p, 'hostname'), host, isDNS1123Subdomain(host));
      if (isValidIP(host).length === 0) errs.push(invalid(sub(p, 'hostname'), host, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Defaults and strategy

function defaultLoadBalancerIPMode(svc: Obj): void {
  if (specOf(svc).type !== 'LoadBalancer') return;
  for (const ing of arr(obj(obj(svc.status).loadBalancer).ingress)) if (isObj(ing) && ing.ip && !isSet(ing.ipMode)) ing.ipMode = 'VIP';
}

/** SetDefaults_Service. */
export function defaultService(svc: KObj): void {
  const spec = svc.spec;
  if (!isObj(spec)) return;
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    if (!isObj(cfg) || !isObj(cfg.clientIP) || !isSet(cfg.clientIP.timeoutSeconds)) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ||= 'ClusterIP';
  for (const p of arr(spec.ports)) {
    if (!isObj(p)) continue;
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (!isSet(spec.internalTrafficPolicy) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  defaultLoadBalancerIPMode(svc);
}

const sameList = (a: unknown, b: unknown) => JSON.stringify(arr(a)) === JSON.stringify(arr(b));

/** The strategy's clusterIP/clusterIPs reconciliation (the user may set either). */
function normalizeClusterIPs(spec: Obj, oldSpec: Obj | undefined): void {
  const ip = str(spec.clusterIP);
  if (!oldSpec) {
    if (ip && arr(spec.clusterIPs).length === 0) spec.clusterIPs = [ip];
    return;
  }
  const oldIP = str(oldSpec.clusterIP);
  if (ip !== oldIP && sameList(spec.clusterIPs, oldSpec.clusterIPs)) {
    if (ip) spec.clusterIPs = [ip];
    else delete spec.clusterIPs;
  } else if (ip && arr(spec.clusterIPs).length === 0 && arr(oldSpec.clusterIPs).length === 0) {
    spec.clusterIPs = [ip];
  }
}

/** Wipe values that only applied to the old type, when the user left them as they were. */
function dropTypeDependentFields(svc: Obj, old: Obj): void {
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (str(spec.clusterIP) === str(oldSpec.clusterIP) && sameList(spec.clusterIPs, oldSpec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if ((spec.ipFamilyPolicy ?? null) === (oldSpec.ipFamilyPolicy ?? null)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
    const nps = (s: Obj) => JSON.stringify(arr(s.ports).map((p) => int(obj(p).nodePort) ?? 0));
    if (nps(spec) === nps(oldSpec)) for (const p of arr(spec.ports)) if (isObj(p)) delete p.nodePort;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (isSet(spec.allocateLoadBalancerNodePorts) && spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if ((spec.loadBalancerClass ?? null) === (oldSpec.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
  if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec) && (int(spec.healthCheckNodePort) ?? 0) === (int(oldSpec.healthCheckNodePort) ?? 0)) {
    delete spec.healthCheckNodePort;
  }
  if (externallyAccessible(oldSpec) && !externallyAccessible(spec) && str(spec.externalTrafficPolicy) === str(oldSpec.externalTrafficPolicy)) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && isObj(svc.status)) svc.status.loadBalancer = {};
}

/** Values allocated before that an update left out (kubectl replace of the original manifest). */
function patchAllocatedValues(spec: Obj, oldSpec: Obj): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!str(spec.clusterIP) && isSet(oldSpec.clusterIP)) spec.clusterIP = oldSpec.clusterIP;
    if (arr(spec.clusterIPs).length === 0 && arr(oldSpec.clusterIPs).length > 0) spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const used = (s: Obj) => new Set(arr(s.ports).map((p) => int(obj(p).nodePort) ?? 0).filter((n) => n));
    const newUsed = used(spec);
    const taken = new Set([...used(oldSpec)].filter((n) => newUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of arr(oldSpec.ports)) byName.set(str(obj(p).name), int(obj(p).nodePort) ?? 0);
    for (const p of arr(spec.ports)) {
      if (!isObj(p) || int(p.nodePort)) continue;
      const v = byName.get(str(p.name));
      if (v && !taken.has(v)) p.nodePort = v;
    }
  }
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && !int(spec.healthCheckNodePort) && int(oldSpec.healthCheckNodePort)) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

export const serviceStrategy: StrategyOverrides = {
  nameValidator: nameIsDNS1035Label,
  prepareForCreate(svc: KObj) {
    svc.status = { loadBalancer: {} };
    if (isObj(svc.spec)) normalizeClusterIPs(svc.spec, undefined);
  },
  prepareForUpdate(svc: KObj, old: KObj) {
    if (!isObj(svc.spec)) return;
    normalizeClusterIPs(svc.spec, specOf(old));
    dropTypeDependentFields(svc, old);
    patchAllocatedValues(svc.spec, specOf(old));
  },
  defaults: defaultService,
  validate: (svc: KObj) => validateService(svc),
  validateUpdate: (svc: KObj, old: KObj) => validateServiceUpdate(svc, old),
  validateStatusUpdate(svc: KObj) {
    // Status writes are not defaulted by the registry; upstream's decoder fills ipMode here.
    defaultLoadBalancerIPMode(svc);
    return validateServiceStatusUpdate(svc);
  },
  selectableFields(svc: KObj) {
    const spec = specOf(svc);
    return { 'spec.clusterIP': str(spec.clusterIP), 'spec.type': str(spec.type) };
  },
};
