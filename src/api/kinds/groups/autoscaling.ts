// autoscaling/v2 (and v1) HorizontalPodAutoscaler — upstream's defaults (the default scaling
// behaviour), validation (pkg/apis/autoscaling/validation) and status checks.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Label, isQualifiedName, validatePathSegmentName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { arr, child, has, invalidGo, isNum, isObj, isUpdate, nonNegative, obj, str, type Obj } from './util.js';

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const SCALING_POLICY_TYPES = ['Percent', 'Pods'];

// ---------------------------------------------------------------------------------------------
// Defaults

const defaultScaleUp = (): Obj => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

const defaultScaleDown = (): Obj => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** The default rules with every field the user set taken over. */
function scalingRules(given: unknown, defaults: Obj): Obj {
  if (!isObj(given)) return defaults;
  const out = defaults;
  if (has(given.selectPolicy)) out.selectPolicy = given.selectPolicy;
  if (has(given.stabilizationWindowSeconds)) out.stabilizationWindowSeconds = given.stabilizationWindowSeconds;
  if (Array.isArray(given.policies)) out.policies = given.policies;
  if (has(given.tolerance)) out.tolerance = given.tolerance;
  return out;
}

export function defaultHPAv2(o: KObj): void {
  const spec = child(o, 'spec');
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, defaultScaleUp());
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, defaultScaleDown());
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

export function validateCrossVersionObjectReference(ref: unknown, path: string): FieldError[] {
  const r = obj(ref);
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name']) {
    const v = str(r[f]);
    if (v === '') errs.push(required(`${path}.${f}`));
    else for (const m of validatePathSegmentName(v, false)) errs.push(invalid(`${path}.${f}`, v, m));
  }
  return errs;
}

function validateMetricIdentifier(id: unknown, path: string): FieldError[] {
  const name = str(obj(id).name);
  if (name === '') return [required(`${path}.name`, 'must specify a metric name')];
  return validatePathSegmentName(name, false).map((m) => invalid(`${path}.name`, name, m));
}

/** A resource.Quantity as Go's %#v shows it (approximately: the cached string is the input). */
function goQuantity(q: unknown): string {
  const s = String(q);
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(s.trim());
  let value = 0;
  let scale = 0;
  let format = 'DecimalSI';
  if (m) {
    const digits = `${m[2] ?? ''}${m[3] ?? ''}`;
    value = Number(`${m[1]}${digits || '0'}`);
    scale = -(m[3]?.length ?? 0);
    const suffix = m[4] ?? '';
    const si: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
    const bin: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
    if (suffix in si) scale += si[suffix]!;
    else if (suffix in bin) {
      format = 'BinarySI';
      value *= 1024 ** bin[suffix]!;
    } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
      format = 'DecimalExponent';
      scale += Number(suffix.slice(1));
    }
  }
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s)}, Format:${JSON.stringify(format)}}`;
}

const quantitySign = (q: unknown): number => {
  const n = Number.parseFloat(String(q));
  return Number.isNaN(n) ? 0 : Math.sign(n);
};

function validateMetricTarget(target: unknown, path: string): FieldError[] {
  const t = obj(target);
  const errs: FieldError[] = [];
  const type = str(t.type);
  if (type === '') errs.push(required(`${path}.type`, 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    errs.push(invalid(`${path}.type`, type, 'must be either Utilization, Value, or AverageValue'));
  }
  if (has(t.value) && quantitySign(t.value) !== 1) errs.push(invalidGo(`${path}.value`, t.value, goQuantity(t.value), 'must be positive'));
  if (has(t.averageValue) && quantitySign(t.averageValue) !== 1) {
    errs.push(invalidGo(`${path}.averageValue`, t.averageValue, goQuantity(t.averageValue), 'must be positive'));
  }
  if (isNum(t.averageUtilization) && t.averageUtilization < 1) errs.push(invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  }
  return errs;
}

function validateSource(kind: string, source: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const target = obj(source.target);
  const tp = `${path}.target`;
  switch (kind) {
    case 'object':
      errs.push(...validateCrossVersionObjectReference(source.describedObject, `${path}.describedObject`));
      errs.push(...validateMetricIdentifier(source.metric, `${path}.metric`));
      errs.push(...validateMetricTarget(source.target, tp));
      if (!has(target.value) && !has(target.averageValue)) errs.push(required(`${tp}.averageValue`, 'must set either a target value or averageValue'));
      break;
    case 'external':
      errs.push(...validateMetricIdentifier(source.metric, `${path}.metric`));
      errs.push(...validateMetricTarget(source.target, tp));
      if (!has(target.value) && !has(target.averageValue)) errs.push(required(`${tp}.averageValue`, 'must set either a target value for metric or a per-pod target'));
      if (has(target.value) && has(target.averageValue)) errs.push(forbidden(`${tp}.value`, 'may not set both a target value for metric and a per-pod target'));
      break;
    case 'pods':
      errs.push(...validateMetricIdentifier(source.metric, `${path}.metric`));
      errs.push(...validateMetricTarget(source.target, tp));
      if (!has(target.averageValue)) errs.push(required(`${tp}.averageValue`, 'must specify a positive target averageValue'));
      break;
    case 'resource':
    case 'containerResource': {
      const name = str(source.name);
      if (name === '') errs.push(required(`${path}.name`, 'must specify a resource name'));
      else if (kind === 'containerResource') errs.push(...validateContainerResourceName(name, `${path}.name`));
      if (kind === 'containerResource') {
        const container = str(source.container);
        if (container === '') errs.push(required(`${path}.container`, 'must specify a container'));
        else for (const m of isDNS1123Label(container)) errs.push(invalid(`${path}.container`, container, m));
      }
      errs.push(...validateMetricTarget(source.target, tp));
      if (!has(target.averageUtilization) && !has(target.averageValue)) {
        errs.push(required(`${tp}.averageUtilization`, 'must set either a target raw value or a target utilization'));
      }
      if (has(target.averageUtilization) && has(target.averageValue)) {
        errs.push(forbidden(`${tp}.averageValue`, 'may not set both a target raw value and a target utilization'));
      }
      break;
    }
  }
  return errs;
}

const SOURCE_FIELDS: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

function validateMetricSpec(metric: unknown, path: string): FieldError[] {
  const m = obj(metric);
  const errs: FieldError[] = [];
  const type = str(m.type);
  if (type === '') errs.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  const present: string[] = [];
  for (const f of ['object', 'external', 'pods', 'resource', 'containerResource']) {
    if (!has(m[f])) continue;
    present.push(f);
    if (present.length === 1) errs.push(...validateSource(f, obj(m[f]), `${path}.${f}`));
  }
  const expected = SOURCE_FIELDS[type];
  if (expected === undefined) errs.push(notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  else if (!has(m[expected])) errs.push(required(`${path}.${expected}`, 'must populate information for the given metric source'));
  if (present.length !== 1) {
    for (const f of present) if (f !== expected) errs.push(forbidden(`${path}.${f}`, 'must populate the given metric source only'));
  }
  return errs;
}

function validateMetrics(metrics: unknown, path: string, minReplicas: unknown): FieldError[] {
  const errs: FieldError[] = [];
  let objectOrExternal = false;
  arr(metrics).forEach((m, i) => {
    errs.push(...validateMetricSpec(m, `${path}[${i}]`));
    const t = obj(m).type;
    if (t === 'Object' || t === 'External') objectOrExternal = true;
  });
  if (minReplicas === 0 && !objectOrExternal) {
    errs.push(forbidden(path, 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  return errs;
}

function validateScalingRules(rules: unknown, path: string): FieldError[] {
  if (!has(rules)) return [];
  const r = obj(rules);
  const errs: FieldError[] = [];
  const sws = r.stabilizationWindowSeconds;
  if (isNum(sws) && sws < 0) errs.push(invalid(`${path}.stabilizationWindowSeconds`, sws, 'must be greater than or equal to zero'));
  if (isNum(sws) && sws > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(invalid(`${path}.stabilizationWindowSeconds`, sws, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  if (has(r.selectPolicy) && !SELECT_POLICIES.includes(str(r.selectPolicy))) errs.push(notSupported(`${path}.selectPolicy`, r.selectPolicy, SELECT_POLICIES));
  const policies = arr(r.policies);
  if (policies.length === 0) errs.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    const policy = obj(p);
    if (policy.type !== 'Pods' && policy.type !== 'Percent') errs.push(notSupported(`${pp}.type`, policy.type ?? '', SCALING_POLICY_TYPES));
    const value = isNum(policy.value) ? policy.value : 0;
    if (value <= 0) errs.push(invalid(`${pp}.value`, value, 'must be greater than zero'));
    const period = isNum(policy.periodSeconds) ? policy.periodSeconds : 0;
    if (period <= 0) errs.push(invalid(`${pp}.periodSeconds`, period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) errs.push(invalid(`${pp}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

/** validateHorizontalPodAutoscalerSpec (internal form: metrics and behavior). */
export function validateHPASpec(spec: Obj, minReplicasLowerBound: number): FieldError[] {
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  const max = isNum(spec.maxReplicas) ? spec.maxReplicas : 0;
  if (isNum(min) && min < minReplicasLowerBound) errs.push(invalid('spec.minReplicas', min, `must be greater than or equal to ${minReplicasLowerBound}`));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (isNum(min) && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  errs.push(...validateMetrics(spec.metrics, 'spec.metrics', min));
  if (has(spec.behavior)) {
    errs.push(...validateScalingRules(obj(spec.behavior).scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(obj(spec.behavior).scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

/** minReplicas may be 0 only for objects that already have it (HPAScaleToZero is off in 1.33). */
const lowerBound = (old?: KObj): number => (old && obj(old.spec).minReplicas === 0 ? 0 : 1);

const validateHPAStatus = (o: KObj): FieldError[] => [
  ...nonNegative(obj(o.status).currentReplicas, 'status.currentReplicas'),
  ...nonNegative(obj(o.status).desiredReplicas, 'status.desiredReplicas'),
];

export const hpaV2Strategy: StrategyOverrides = {
  defaults: defaultHPAv2,
  prepareForCreate(o) {
    o.status = { desiredReplicas: 0 };
  },
  validate: (o) => (isUpdate(o) ? [] : validateHPASpec(obj(o.spec), lowerBound())),
  validateUpdate: (o, old) => validateHPASpec(obj(o.spec), lowerBound(old)),
  validateStatusUpdate: validateHPAStatus,
};

// ---------------------------------------------------------------------------------------------
// autoscaling/v1: the same rules, seen through the v1 fields.

/** The v1 spec in the internal (v2) form that upstream validates. */
function v1AsInternal(spec: Obj): Obj {
  const out: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  if (has(spec.targetCPUUtilizationPercentage)) {
    out.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }];
  }
  return out;
}

export const hpaV1Strategy: StrategyOverrides = {
  defaults(o) {
    child(o, 'spec').minReplicas ??= 1;
  },
  prepareForCreate(o) {
    o.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  validate: (o) => (isUpdate(o) ? [] : validateHPASpec(v1AsInternal(obj(o.spec)), lowerBound())),
  validateUpdate: (o, old) => validateHPASpec(v1AsInternal(obj(o.spec)), lowerBound(old)),
  validateStatusUpdate: validateHPAStatus,
};
