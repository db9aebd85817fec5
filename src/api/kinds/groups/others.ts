// coordination.k8s.io/v1 Lease, discovery.k8s.io/v1 EndpointSlice, events.k8s.io/v1 Event and
// scheduling.k8s.io/v1 PriorityClass — upstream's defaults, validation and strategy behaviour.
import { duplicate, forbidden, internalError, invalid, notSupported, required, tooMany, type FieldError } from '../../field-errors.js';
import { validateLabels } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, utf8Length } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { parseIPSloppy } from './networking.js';
import { arr, has, immutable, invalidGo, isNum, isObj, isUpdate, obj, semanticEqual, str, type Obj } from './util.js';

// ---------------------------------------------------------------------------------------------
// Lease

/** spec.strategy and spec.preferredHolder need the CoordinatedLeaderElection gate (off in 1.33). */
function dropLeaseDisabledFields(o: KObj, old?: KObj): void {
  if (!isObj(o.spec)) return;
  const oldSpec = old ? obj(old.spec) : {};
  if (!has(oldSpec.strategy)) delete o.spec.strategy;
  if (!has(oldSpec.preferredHolder)) delete o.spec.preferredHolder;
}

export function validateLeaseSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (isNum(spec.leaseDurationSeconds) && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (isNum(spec.leaseTransitions) && spec.leaseTransitions < 0) {
    errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (has(spec.strategy)) {
    const strategy = str(spec.strategy);
    if (!strategy.includes('/')) {
      if (strategy !== 'OldestEmulationVersion') errs.push(notSupported('spec.strategy.strategy', strategy, ['OldestEmulationVersion']));
    } else {
      for (const m of isQualifiedName(strategy)) errs.push(invalid('spec.strategy.strategy', strategy, m));
    }
  }
  if (str(spec.preferredHolder) !== '' && str(spec.strategy) === '') {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

export const leaseStrategy: StrategyOverrides = {
  allowCreateOnUpdate: true,
  prepareForCreate: (o) => dropLeaseDisabledFields(o),
  prepareForUpdate: (o, old) => dropLeaseDisabledFields(o, old),
  validate: (o) => validateLeaseSpec(obj(o.spec)),
};

// ---------------------------------------------------------------------------------------------
// EndpointSlice

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ENDPOINTS = 1000;
const MAX_ZONE_HINTS = 8;

export function defaultEndpointSlice(o: KObj): void {
  for (const p of arr(o.ports)) {
    if (!isObj(p)) continue;
    p.name ??= '';
    p.protocol ??= 'TCP';
  }
}

const isV4Mapped = (b: number[]): boolean => b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** ValidateEndpointIP: addresses that make no sense as endpoints. */
function validateEndpointIP(address: string, path: string): FieldError[] {
  const ip = parseIPSloppy(address);
  if (!ip) return [invalid(path, address, 'must be a valid IP address')];
  const b = ip.bytes;
  const errs: FieldError[] = [];
  const v4 = ip.v4 ? b : isV4Mapped(b) ? b.slice(12) : undefined;
  if (v4) {
    if (v4.every((x) => x === 0)) errs.push(invalid(path, address, `may not be unspecified (${address})`));
    if (v4[0] === 127) errs.push(invalid(path, address, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
    if (v4[0] === 169 && v4[1] === 254) errs.push(invalid(path, address, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
    if (v4[0] === 224 && v4[1] === 0 && v4[2] === 0) errs.push(invalid(path, address, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  } else {
    if (b.every((x) => x === 0)) errs.push(invalid(path, address, `may not be unspecified (${address})`));
    if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) errs.push(invalid(path, address, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
    if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) errs.push(invalid(path, address, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
    if (b[0] === 0xff && (b[1]! & 0x0f) === 0x02) errs.push(invalid(path, address, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

/** IsFullyQualifiedDomainName. */
function validateFQDN(name: string, path: string): FieldError[] {
  if (name.length === 0) return [required(path)];
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const sub = isDNS1123Subdomain(n);
  if (sub.length > 0) return [invalid(path, n, sub.join(','))];
  const labels = n.split('.');
  if (labels.length < 2) return [invalid(path, n, 'should be a domain with at least two segments separated by dots')];
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length > 0) return [invalid(path, l, e.join(','))];
  }
  return [];
}

function validateEndpoints(endpoints: unknown[], addressType: string): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((e, i) => {
    const ep = `endpoints[${i}]`;
    const endpoint = obj(e);
    const addrPath = `${ep}.addresses`;
    const addresses = arr(endpoint.addresses).map(String);
    if (addresses.length === 0) errs.push(required(addrPath, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(addrPath, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      const p = `${addrPath}[${j}]`;
      const ip = parseIPSloppy(a);
      const to4 = ip !== undefined && (ip.v4 || isV4Mapped(ip.bytes));
      if (addressType === 'IPv4') {
        if (!to4) errs.push(invalid(p, a, 'must be a valid IPv4 address'));
        errs.push(...validateEndpointIP(a, p));
      } else if (addressType === 'IPv6') {
        if (!ip || to4) errs.push(invalid(p, a, 'must be a valid IPv6 address'));
        errs.push(...validateEndpointIP(a, p));
      } else if (addressType === 'FQDN') {
        errs.push(...validateFQDN(a, p));
      }
    });
    if (has(endpoint.nodeName)) {
      const nodeName = str(endpoint.nodeName);
      for (const m of isDNS1123Subdomain(nodeName)) errs.push(invalid(`${ep}.nodeName`, nodeName, m));
    }
    const topoPath = `${ep}.deprecatedTopology`;
    const topology = obj(endpoint.deprecatedTopology);
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) errs.push(tooMany(topoPath, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    errs.push(...validateLabels(topology as Record<string, string>, topoPath));
    if ('topology.kubernetes.io/zone' in topology) errs.push(internalError(`${topoPath}[topology.kubernetes.io/zone]`, 'reserved key was not removed in conversion'));
    if (has(endpoint.hostname)) {
      const hostname = str(endpoint.hostname);
      for (const m of isDNS1123Label(hostname)) errs.push(invalid(`${ep}.hostname`, hostname, m));
    }
    if (has(endpoint.hints)) {
      const zones = arr(obj(endpoint.hints).forZones);
      const zp = `${ep}.hints.forZones`;
      if (zones.length > MAX_ZONE_HINTS) errs.push(tooMany(zp, zones.length, MAX_ZONE_HINTS));
      else {
        const seen = new Set<string>();
        zones.forEach((z, k) => {
          const p = `${zp}[${k}].name`;
          const name = str(obj(z).name);
          if (seen.has(name)) errs.push(duplicate(p, name));
          seen.add(name);
          for (const m of isValidLabelValue(name)) errs.push(invalid(p, name, m));
        });
      }
    }
  });
  return errs;
}

function validateEndpointPorts(ports: unknown[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `ports[${i}]`;
    const port = obj(p);
    const name = str(port.name);
    if (name.length > 0) for (const m of isDNS1123Label(name)) errs.push(invalid(`${pp}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${pp}.name`, name));
    names.add(name);
    if (!has(port.protocol)) errs.push(required(`${pp}.protocol`));
    else if (!PORT_PROTOCOLS.includes(str(port.protocol))) errs.push(notSupported(`${pp}.protocol`, port.protocol, PORT_PROTOCOLS));
    if (has(port.appProtocol)) {
      const ap = str(port.appProtocol);
      for (const m of isQualifiedName(ap)) errs.push(invalid(`${pp}.appProtocol`, ap, m));
    }
  });
  return errs;
}

export function validateEndpointSlice(o: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const addressType = str(o.addressType);
  if (addressType === '') errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType)) errs.push(notSupported('addressType', addressType, ADDRESS_TYPES));
  errs.push(...validateEndpoints(arr(o.endpoints), addressType));
  errs.push(...validateEndpointPorts(arr(o.ports)));
  return errs;
}

export const endpointSliceStrategy: StrategyOverrides = {
  generation: true,
  specKeys: ['addressType', 'endpoints', 'ports'],
  defaults: defaultEndpointSlice,
  prepareForUpdate(o, old) {
    // Label changes count as changes too (they route the slice to its Service).
    const meta = obj(o.metadata);
    const oldMeta = obj(old.metadata);
    if (!semanticEqual(meta.labels, oldMeta.labels) && isObj(o.metadata)) {
      o.metadata.generation = (typeof oldMeta.generation === 'number' ? oldMeta.generation : 1) + 1;
    }
  },
  validate: validateEndpointSlice,
  validateUpdate: (o, old) => immutable(o.addressType ?? '', old.addressType ?? '', 'addressType'),
};

// ---------------------------------------------------------------------------------------------
// events.k8s.io/v1 Event (validated in the core Event form, so errors name the core fields)

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

const hasTime = (v: unknown): boolean => typeof v === 'string' && v !== '';

function validateEventSeries(o: KObj): FieldError[] {
  if (!has(o.series)) return [];
  const errs: FieldError[] = [];
  const series = obj(o.series);
  if (!isNum(series.count) || series.count < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!hasTime(series.lastObservedTime)) errs.push(required('series.lastObservedTime'));
  return errs;
}

/** legacyValidateEvent over the events.k8s.io/v1 fields. */
function legacyValidateEvent(o: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(obj(o.metadata).namespace);
  const regardingNs = str(obj(o.regarding).namespace);
  if (!hasTime(o.eventTime)) {
    if (regardingNs === '') {
      if (namespace !== '' && namespace !== 'default') errs.push(invalid('involvedObject.namespace', regardingNs, 'does not match event.namespace'));
    } else if (namespace !== regardingNs) {
      errs.push(invalid('involvedObject.namespace', regardingNs, 'does not match event.namespace'));
    }
  } else {
    if (regardingNs === '' && namespace !== 'default' && namespace !== 'kube-system') {
      errs.push(invalid('involvedObject.namespace', regardingNs, 'does not match event.namespace'));
    }
    const controller = str(o.reportingController);
    if (controller === '') errs.push(required('reportingController'));
    for (const m of isQualifiedName(controller)) errs.push(invalid('reportingController', controller, m));
    const instance = str(o.reportingInstance);
    if (instance === '') errs.push(required('reportingInstance'));
    if (utf8Length(instance) > REPORTING_INSTANCE_LIMIT) errs.push(invalid('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    const action = str(o.action);
    if (action === '') errs.push(required('action'));
    if (utf8Length(action) > ACTION_LIMIT) errs.push(invalid('action', '', `can have at most ${ACTION_LIMIT} characters`));
    const reason = str(o.reason);
    if (reason === '') errs.push(required('reason'));
    if (utf8Length(reason) > REASON_LIMIT) errs.push(invalid('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if (utf8Length(str(o.note)) > NOTE_LIMIT) errs.push(invalid('message', '', `can have at most ${NOTE_LIMIT} characters`));
  }
  for (const m of isDNS1123Subdomain(namespace)) errs.push(invalid('namespace', namespace, m));
  return errs;
}

export function validateEventCreate(o: KObj): FieldError[] {
  const errs = legacyValidateEvent(o);
  errs.push(...validateEventSeries(o));
  if (!hasTime(o.eventTime)) errs.push(required('eventTime'));
  if (o.type !== 'Normal' && o.type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${str(o.type)}`));
  if (hasTime(o.deprecatedFirstTimestamp)) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (hasTime(o.deprecatedLastTimestamp)) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (isNum(o.deprecatedCount) && o.deprecatedCount !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  const source = obj(o.deprecatedSource);
  if (str(source.component) !== '' || str(source.host) !== '') errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's time.Time.String() of an RFC 3339 timestamp (the zero time when unset). */
function goTime(v: unknown): string {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(v) : null;
  if (!m) return '0001-01-01 00:00:00 +0000 UTC';
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (sign) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60) * 1000;
  const t = new Date(ms);
  let out = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  const f = (frac ?? '').slice(0, 9).replace(/0+$/, '');
  if (f) out += `.${f}`;
  return `${out} +0000 UTC`;
}

const goQ = (v: unknown): string => JSON.stringify(str(v));
const goObjectReference = (r: Obj): string =>
  `core.ObjectReference{Kind:${goQ(r.kind)}, Namespace:${goQ(r.namespace)}, Name:${goQ(r.name)}, UID:${goQ(r.uid)}, ` +
  `APIVersion:${goQ(r.apiVersion)}, ResourceVersion:${goQ(r.resourceVersion)}, FieldPath:${goQ(r.fieldPath)}}`;

export function validateEventUpdate(o: KObj, old: KObj): FieldError[] {
  const errs = legacyValidateEvent(o);
  if (!semanticEqual(o.series, old.series)) errs.push(...validateEventSeries(o));
  const changed = (a: unknown, b: unknown): boolean => !semanticEqual(a ?? null, b ?? null);
  const immutableGo = (path: string, a: unknown, b: unknown, printed: string): void => {
    if (changed(a, b)) errs.push(invalidGo(path, a, printed, 'field is immutable'));
  };
  const imm = (path: string, a: unknown, b: unknown, zero: unknown): void => {
    if (changed(a ?? zero, b ?? zero)) errs.push(invalid(path, a ?? zero, 'field is immutable'));
  };
  immutableGo('involvedObject', o.regarding, old.regarding, goObjectReference(obj(o.regarding)));
  imm('reason', o.reason, old.reason, '');
  imm('message', o.note, old.note, '');
  const src = obj(o.deprecatedSource);
  immutableGo('source', o.deprecatedSource, old.deprecatedSource, `core.EventSource{Component:${goQ(src.component)}, Host:${goQ(src.host)}}`);
  immutableGo('firstTimestamp', o.deprecatedFirstTimestamp, old.deprecatedFirstTimestamp, goTime(o.deprecatedFirstTimestamp));
  immutableGo('lastTimestamp', o.deprecatedLastTimestamp, old.deprecatedLastTimestamp, goTime(o.deprecatedLastTimestamp));
  imm('count', o.deprecatedCount, old.deprecatedCount, 0);
  imm('reason', o.reason, old.reason, '');
  imm('type', o.type, old.type, '');
  immutableGo('eventTime', o.eventTime, old.eventTime, goTime(o.eventTime));
  imm('action', o.action, old.action, '');
  immutableGo('related', o.related, old.related, has(o.related) ? goObjectReference(obj(o.related)) : '"null"');
  imm('reportingController', o.reportingController, old.reportingController, '');
  imm('reportingInstance', o.reportingInstance, old.reportingInstance, '');
  return errs;
}

export const eventsV1Strategy: StrategyOverrides = {
  allowCreateOnUpdate: true,
  validate: (o) => (isUpdate(o) ? [] : validateEventCreate(o)),
  validateUpdate: validateEventUpdate,
  selectableFields(o) {
    const r = obj(o.regarding);
    const fields: Record<string, string> = {};
    for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) fields[`regarding.${f}`] = str(r[f]);
    fields.reason = str(o.reason);
    fields.reportingController = str(o.reportingController);
    fields.type = str(o.type);
    return fields;
  },
};

// ---------------------------------------------------------------------------------------------
// PriorityClass

const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const want = SYSTEM_PRIORITY_CLASSES[name];
  if (want === undefined) return `${name} is not a known system priority class`;
  if (want !== value) return `value of ${name} PriorityClass must be ${want}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(o: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(obj(o.metadata).name);
  const value = isNum(o.value) ? o.value : 0;
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value, o.globalDefault === true);
    if (err) errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (has(o.preemptionPolicy)) {
    const p = str(o.preemptionPolicy);
    if (p === '') errs.push(required('preemptionPolicy'));
    else if (!PREEMPTION_POLICIES.includes(p)) errs.push(notSupported('preemptionPolicy', p, PREEMPTION_POLICIES));
  }
  return errs;
}

export const priorityClassStrategy: StrategyOverrides = {
  specKeys: ['value', 'globalDefault', 'description', 'preemptionPolicy'],
  defaults(o) {
    o.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate: (o) => (isUpdate(o) ? [] : validatePriorityClass(o)),
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if ((isNum(o.value) ? o.value : 0) !== (isNum(old.value) ? old.value : 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
    errs.push(...immutable(o.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'));
    return errs;
  },
};

