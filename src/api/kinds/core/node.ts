// Node: taints, pod CIDRs, capacity and allocatable quantities, the fields that may not change once
// set, status defaults and selectable fields.
import { forbidden, invalid, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isConfigMapKey, isIPv6String, nameIsDNSSubdomain, validateNamespaceName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { defaultResourceList, resourceEntries, validateResourceQuantityValue } from './resources.js';
import { validateNodeTaints } from './scheduling-validation.js';
import { isValidCIDR } from './service.js';
import { GoValue, arr, goQuote, idx, invalidStrings, isObj, isSet, obj, pushMsgs, str, sub, type Obj } from './util.js';

function validateNodeResources(node: KObj): FieldError[] {
  const status = obj(node.status);
  const errs: FieldError[] = [];
  for (const f of ['capacity', 'allocatable']) {
    for (const [k, q] of resourceEntries(status[f])) errs.push(...validateResourceQuantityValue(k, q, `status.${f}.${k}`));
  }
  return errs;
}

/** Upstream ValidateNode (taints are reported under metadata, as upstream does). */
export function validateNode(node: KObj): FieldError[] {
  const spec = obj(node.spec);
  const errs = validateNodeTaints(spec.taints, 'metadata.taints');
  errs.push(...validateNodeResources(node));
  const cidrs = arr(spec.podCIDRs).map(str);
  cidrs.forEach((c, i) => pushMsgs(errs, idx('spec.podCIDRs', i), c, isValidCIDR(c)));
  if (cidrs.length > 1) {
    const v6 = cidrs.filter((c) => isIPv6String(c.split('/')[0] ?? '')).length;
    if (v6 === 0 || v6 === cidrs.length || cidrs.length > 2) errs.push(invalidStrings('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push({ type: 'FieldValueDuplicate', field: idx('spec.podCIDRs', i), value: c, showValue: true });
      seen.add(c);
    });
  }
  return errs;
}

function validateConfigMapNodeConfigSource(src: Obj, path: string, inStatus: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (inStatus) {
    if (!str(src.uid)) errs.push(required(sub(path, 'uid'), 'uid must be set in status'));
    if (!str(src.resourceVersion)) errs.push(required(sub(path, 'resourceVersion'), 'resourceVersion must be set in status'));
  } else {
    if (str(src.uid)) errs.push(forbidden(sub(path, 'uid'), 'uid must not be set in spec'));
    if (str(src.resourceVersion)) errs.push(forbidden(sub(path, 'resourceVersion'), 'resourceVersion must not be set in spec'));
  }
  const ns = str(src.namespace);
  if (!ns) errs.push(required(sub(path, 'namespace'), 'namespace must be set'));
  else pushMsgs(errs, sub(path, 'namespace'), ns, validateNamespaceName(ns, false));
  const name = str(src.name);
  if (!name) errs.push(required(sub(path, 'name'), 'name must be set'));
  else pushMsgs(errs, sub(path, 'name'), name, nameIsDNSSubdomain(name, false));
  const k = str(src.kubeletConfigKey);
  if (!k) errs.push(required(sub(path, 'kubeletConfigKey'), 'kubeletConfigKey must be set'));
  else pushMsgs(errs, sub(path, 'kubeletConfigKey'), k, isConfigMapKey(k));
  return errs;
}

function validateNodeConfigSource(source: unknown, path: string, inStatus: boolean): FieldError[] {
  const s = obj(source);
  if (!isSet(s.configMap)) return [invalid(path, s, 'exactly one reference subfield must be non-nil')];
  return validateConfigMapNodeConfigSource(obj(s.configMap), sub(path, 'configMap'), inStatus);
}

/** The update rules of upstream ValidateNodeUpdate (validate runs on updates too). */
export function validateNodeUpdate(node: KObj, old: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj(node.spec);
  const oldSpec = obj(old.spec);
  const seen = new Set<string>();
  arr(obj(node.status).addresses).forEach((a, i) => {
    const k = `${str(obj(a).type)}\u0000${str(obj(a).address)}`;
    if (seen.has(k)) {
      errs.push({ type: 'FieldValueDuplicate', field: idx('status.addresses', i), value: new GoValue(`core.NodeAddress{Type:${goQuote(str(obj(a).type))}, Address:${goQuote(str(obj(a).address))}}`), showValue: true });
    }
    seen.add(k);
  });
  const oldCIDRs = arr(oldSpec.podCIDRs).map(str);
  const cidrs = arr(spec.podCIDRs).map(str);
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== cidrs.length) errs.push(forbidden('spec.podCIDRs', cidrMsg));
    else oldCIDRs.forEach((c, i) => c !== cidrs[i] && errs.push(forbidden('spec.podCIDRs', cidrMsg)));
  }
  if (str(oldSpec.providerID) && str(oldSpec.providerID) !== str(spec.providerID)) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if (isSet(spec.configSource)) errs.push(...validateNodeConfigSource(spec.configSource, 'spec.configSource', false));
  const cfg = obj(obj(node.status).config);
  for (const f of ['assigned', 'active', 'lastKnownGood']) if (isSet(cfg[f])) errs.push(...validateNodeConfigSource(cfg[f], `status.config.${f}`, true));
  if (str(spec.externalID) !== str(oldSpec.externalID)) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

/** SetDefaults_NodeStatus, resource lists, and the v1 podCIDR / podCIDRs pair. */
export function defaultNode(node: KObj): void {
  const spec = node.spec;
  if (isObj(spec)) {
    if (arr(spec.podCIDRs).length === 0 && str(spec.podCIDR)) spec.podCIDRs = [spec.podCIDR];
    if (arr(spec.podCIDRs).length > 0) spec.podCIDR = spec.podCIDRs[0];
  }
  const status = node.status;
  if (isObj(status)) {
    defaultResourceList(status.capacity);
    defaultResourceList(status.allocatable);
    if (!isObj(status.allocatable) && isObj(status.capacity)) status.allocatable = { ...status.capacity };
  }
}

export const nodeStrategy: StrategyOverrides = {
  prepareForCreate(node: KObj) {
    if (isObj(node.spec)) delete node.spec.configSource;
    if (isObj(node.status)) delete node.status.config;
  },
  defaults: defaultNode,
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  validateStatusUpdate(node: KObj, old: KObj) {
    defaultNode(node);
    return [...validateNode(node), ...validateNodeUpdate(node, old)];
  },
  selectableFields: (node: KObj) => ({ 'spec.unschedulable': String(obj(node.spec).unschedulable === true) }),
};
