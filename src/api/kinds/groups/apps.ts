// apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision — upstream's
// defaults (pkg/apis/apps/v1), validation (pkg/apis/apps/validation) and strategy behaviour.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { nameIsDNSLabel } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { goIntOrString, goLabelSelector, goLabelSelectorPtr, goPtr, goStrategy } from './go-format.js';
import { asSelector, checkSelectorMatches, defaultTemplateAt, validateTemplate, validateTemplateMetadata } from './template.js';
import { child, GoText, has, immutableGo, invalidGo, isNum, isObj, nonNegative, obj, optNonNegative, semanticEqual, str, type Obj } from './util.js';
import {
  collisionCountDecrement,
  intOrPercentValue,
  nonNegativeFields,
  notGreaterThan,
  notMoreThan100Percent,
  selectorIsEmpty,
  validatePositiveIntOrPercent,
  validateRequiredSelector,
} from './workload-common.js';

const specOf = (o: KObj): Obj => obj(o.spec);

function restartPolicyAlways(template: unknown, path: string): FieldError[] {
  const rp = obj(obj(template).spec).restartPolicy;
  return rp === 'Always' ? [] : [notSupported(`${path}.spec.restartPolicy`, rp ?? '', ['Always'])];
}

function noActiveDeadline(template: unknown, path: string, kind: string): FieldError[] {
  return has(obj(obj(template).spec).activeDeadlineSeconds)
    ? [forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`)]
    : [];
}

/** The selector converted for matching, or the "invalid label selector" error. */
function selectorAndTemplate(spec: Obj, detailIfInvalid: string, onValid: (sel: NonNullable<ReturnType<typeof asSelector>>) => FieldError[]): FieldError[] {
  const sel = asSelector(spec.selector);
  if (!sel) return [invalidGo('spec.selector', spec.selector, goLabelSelectorPtr(spec.selector), detailIfInvalid)];
  return onValid(sel);
}

/** ValidatePodTemplateSpecForReplicaSet (also used by Deployments). */
function replicaSetTemplate(spec: Obj): FieldError[] {
  return selectorAndTemplate(spec, 'invalid label selector', (sel) => {
    const path = 'spec.template';
    return [
      ...checkSelectorMatches(sel, spec.template, path, true),
      ...validateTemplate(spec.template, path),
      ...restartPolicyAlways(spec.template, path),
      ...noActiveDeadline(spec.template, path, 'ReplicaSet'),
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Deployment

export function defaultDeployment(o: KObj): void {
  const spec = child(o, 'spec');
  spec.replicas ??= 1;
  const strategy = child(spec, 'strategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplateAt(spec);
}

function validateRollingUpdateDeployment(ru: Obj, path: string): FieldError[] {
  const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`), ...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`)];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(invalidGo(`${path}.maxUnavailable`, ru.maxUnavailable ?? 0, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
  return errs;
}

function validateDeploymentStrategy(strategy: Obj, path: string): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return has(strategy.rollingUpdate) ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate':
      if (!has(strategy.rollingUpdate)) return [required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      return validateRollingUpdateDeployment(obj(strategy.rollingUpdate), `${path}.rollingUpdate`);
    default:
      return [notSupported(path, new GoText(goStrategy('apps.DeploymentStrategy', 'apps.RollingUpdateDeployment', strategy)), ['Recreate', 'RollingUpdate'])];
  }
}

export function validateDeploymentSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateRequiredSelector(spec.selector, 'spec.selector', 'deployment'));
  errs.push(...replicaSetTemplate(spec));
  errs.push(...validateDeploymentStrategy(obj(spec.strategy), 'spec.strategy'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...optNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (isNum(spec.progressDeadlineSeconds)) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    const minReady = isNum(spec.minReadySeconds) ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= minReady) {
      errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateDeploymentStatus(status: Obj): FieldError[] {
  const p = 'status';
  const errs = nonNegativeFields(status, p, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']);
  errs.push(...optNonNegative(status.collisionCount, `${p}.collisionCount`));
  const msg = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(status, p, 'updatedReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'readyReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'availableReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'));
  return errs;
}

const immutableSelector = (o: KObj, old: KObj): FieldError[] =>
  immutableGo(specOf(o).selector, specOf(old).selector, 'spec.selector', goLabelSelectorPtr(specOf(o).selector));

const oldGeneration = (old: KObj): number => {
  const g = obj(old.metadata).generation;
  return typeof g === 'number' ? g : 1;
};

export const deploymentStrategy: StrategyOverrides = {
  generation: true,
  defaults: defaultDeployment,
  prepareForCreate(o) {
    o.status = {};
  },
  prepareForUpdate(o, old) {
    // Annotation changes bump the generation too (they are copied onto the ReplicaSets).
    const meta = obj(o.metadata);
    if (!semanticEqual(meta.annotations, obj(old.metadata).annotations) && isObj(o.metadata)) {
      o.metadata.generation = oldGeneration(old) + 1;
    }
  },
  validate: (o) => validateDeploymentSpec(specOf(o)),
  validateUpdate: immutableSelector,
  validateStatusUpdate(o, old) {
    return [...validateDeploymentStatus(obj(o.status)), ...collisionCountDecrement(o.status, old.status)];
  },
};

// ---------------------------------------------------------------------------------------------
// ReplicaSet

export function validateReplicaSetSpec(spec: Obj): FieldError[] {
  return [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateRequiredSelector(spec.selector, 'spec.selector', 'deployment'),
    ...replicaSetTemplate(spec),
  ];
}

export function validateReplicaSetStatus(status: Obj): FieldError[] {
  const p = 'status';
  const errs = nonNegativeFields(status, p, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']);
  const msg = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(status, p, 'fullyLabeledReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'readyReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'availableReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'));
  return errs;
}

export const replicaSetStrategy: StrategyOverrides = {
  generation: true,
  defaults(o) {
    const spec = child(o, 'spec');
    spec.replicas ??= 1;
    defaultTemplateAt(spec);
  },
  prepareForCreate(o) {
    o.status = { replicas: 0 };
  },
  validate: (o) => validateReplicaSetSpec(specOf(o)),
  validateUpdate: immutableSelector,
  validateStatusUpdate: (o) => validateReplicaSetStatus(obj(o.status)),
  selectableFields: (o) => ({ 'status.replicas': String(isNum(obj(o.status).replicas) ? obj(o.status).replicas : 0) }),
};

// ---------------------------------------------------------------------------------------------
// StatefulSet

/** Fields of spec.updateStrategy.rollingUpdate that need the alpha MaxUnavailableStatefulSet gate. */
function dropStatefulSetDisabledFields(o: KObj, old?: KObj): void {
  const ru = obj(obj(specOf(o).updateStrategy).rollingUpdate);
  const oldRu = old ? obj(obj(specOf(old).updateStrategy).rollingUpdate) : {};
  if (has(ru.maxUnavailable) && !has(oldRu.maxUnavailable)) delete ru.maxUnavailable;
}

export function defaultStatefulSet(o: KObj): void {
  const spec = child(o, 'spec');
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const us = child(spec, 'updateStrategy');
  if (!us.type) {
    us.type = 'RollingUpdate';
    if (!isObj(us.rollingUpdate)) us.rollingUpdate = {};
  }
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) us.rollingUpdate.partition ??= 0;
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplateAt(spec);
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const pvc of spec.volumeClaimTemplates) {
      if (!isObj(pvc)) continue;
      child(pvc, 'spec').volumeMode ??= 'Filesystem';
      const st = child(pvc, 'status');
      if (!st.phase) st.phase = 'Pending';
    }
  }
}

const goRollingUpdateStatefulSet = (ru: Obj): string =>
  `apps.RollingUpdateStatefulSetStrategy{Partition:${isNum(ru.partition) ? ru.partition : 0}, MaxUnavailable:${goPtr('intstr.IntOrString', ru.maxUnavailable)}}`;

function validateRollingUpdateStatefulSet(ru: Obj, path: string): FieldError[] {
  const errs = nonNegative(ru.partition, `${path}.partition`);
  if (has(ru.maxUnavailable)) {
    const p = `${path}.maxUnavailable`;
    errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, p));
    if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(invalidGo(p, ru.maxUnavailable, goIntOrString(ru.maxUnavailable), 'cannot be 0'));
    errs.push(...notMoreThan100Percent(ru.maxUnavailable, p));
  }
  return errs;
}

function validateRetentionPolicy(policy: unknown, path: string): FieldError[] {
  if (!has(policy)) return [];
  const p = obj(policy);
  const supported = ['Retain', 'Delete'];
  const errs: FieldError[] = [];
  for (const f of ['whenDeleted', 'whenScaled']) {
    if (!supported.includes(str(p[f]))) errs.push(notSupported(`${path}.${f}`, p[f] ?? '', supported));
  }
  return errs;
}

export function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (!pmp) errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));

  const us = obj(spec.updateStrategy);
  switch (us.type ?? '') {
    case '':
      errs.push(required('spec.updateStrategy'));
      break;
    case 'OnDelete':
      if (has(us.rollingUpdate)) {
        errs.push(invalidGo('spec.updateStrategy.rollingUpdate', us.rollingUpdate, goRollingUpdateStatefulSet(obj(us.rollingUpdate)), "only allowed for updateStrategy 'RollingUpdate'"));
      }
      break;
    case 'RollingUpdate':
      if (has(us.rollingUpdate)) errs.push(...validateRollingUpdateStatefulSet(obj(us.rollingUpdate), 'spec.updateStrategy.rollingUpdate'));
      break;
    default:
      errs.push(
        invalidGo('spec.updateStrategy', us, goStrategy('apps.StatefulSetUpdateStrategy', 'apps.RollingUpdateStatefulSetStrategy', us), "must be 'RollingUpdate' or 'OnDelete'"),
      );
  }
  errs.push(...validateRetentionPolicy(spec.persistentVolumeClaimRetentionPolicy, 'spec.persistentVolumeClaimRetentionPolicy'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (has(spec.ordinals)) errs.push(...nonNegative(obj(spec.ordinals).start, 'spec.ordinals.start'));
  errs.push(...validateRequiredSelector(spec.selector, 'spec.selector', 'statefulset'));
  errs.push(
    ...selectorAndTemplate(spec, '', (sel) => [
      ...checkSelectorMatches(sel, spec.template, 'spec.template', true),
      ...validateTemplateMetadata(spec.template, 'spec.template'),
    ]),
  );
  errs.push(...restartPolicyAlways(spec.template, 'spec.template'));
  errs.push(...noActiveDeadline(spec.template, 'spec.template', 'StatefulSet'));
  return errs;
}

const STATEFULSET_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

export function validateStatefulSetSpecUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  const clone: Obj = { ...spec };
  for (const f of STATEFULSET_MUTABLE) {
    if (f in oldSpec) clone[f] = oldSpec[f];
    else delete clone[f];
  }
  if (semanticEqual(clone, oldSpec)) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export function validateStatefulSetStatus(status: Obj): FieldError[] {
  const p = 'status';
  const errs = nonNegativeFields(status, p, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']);
  errs.push(...optNonNegative(status.observedGeneration, `${p}.observedGeneration`));
  errs.push(...optNonNegative(status.collisionCount, `${p}.collisionCount`));
  const msg = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(status, p, 'readyReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'currentReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'updatedReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'availableReplicas', 'replicas', msg));
  errs.push(...notGreaterThan(status, p, 'availableReplicas', 'readyReplicas', 'cannot be greater than status.readyReplicas'));
  return errs;
}

export const statefulSetStrategy: StrategyOverrides = {
  generation: true,
  nameValidator: nameIsDNSLabel,
  defaults: defaultStatefulSet,
  prepareForCreate(o) {
    o.status = { replicas: 0, availableReplicas: 0 };
    dropStatefulSetDisabledFields(o);
  },
  prepareForUpdate(o, old) {
    dropStatefulSetDisabledFields(o, old);
  },
  validate: (o) => validateStatefulSetSpec(specOf(o)),
  validateUpdate: (o, old) => validateStatefulSetSpecUpdate(specOf(o), specOf(old)),
  validateStatusUpdate(o, old) {
    return [...validateStatefulSetStatus(obj(o.status)), ...collisionCountDecrement(o.status, old.status)];
  },
};

// ---------------------------------------------------------------------------------------------
// DaemonSet

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export function defaultDaemonSet(o: KObj): void {
  const spec = child(o, 'spec');
  const us = child(spec, 'updateStrategy');
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = child(us, 'rollingUpdate');
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplateAt(spec);
}

function validateRollingUpdateDaemonSet(ru: Obj, path: string): FieldError[] {
  const mu = `${path}.maxUnavailable`;
  const ms = `${path}.maxSurge`;
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, mu),
    ...validatePositiveIntOrPercent(ru.maxSurge, ms),
    ...notMoreThan100Percent(ru.maxUnavailable, mu),
    ...notMoreThan100Percent(ru.maxSurge, ms),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalidGo(ms, ru.maxSurge, goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(mu, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateDaemonSetUpdateStrategy(us: Obj, path: string): FieldError[] {
  switch (us.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      if (!has(us.rollingUpdate)) return [required(`${path}.rollingUpdate`)];
      return validateRollingUpdateDaemonSet(obj(us.rollingUpdate), `${path}.rollingUpdate`);
    default:
      return [notSupported(path, new GoText(goStrategy('apps.DaemonSetUpdateStrategy', 'apps.RollingUpdateDaemonSet', us)), ['RollingUpdate', 'OnDelete'])];
  }
}

export function validateDaemonSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(spec.selector as LabelSelector | undefined, 'spec.selector'));
  const sel = asSelector(spec.selector);
  if (sel) errs.push(...checkSelectorMatches(sel, spec.template, 'spec.template', false));
  if (selectorIsEmpty(spec.selector)) {
    errs.push(invalidGo('spec.selector', spec.selector, goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validateTemplate(spec.template, 'spec.template'));
  errs.push(...restartPolicyAlways(spec.template, 'spec.template'));
  errs.push(...noActiveDeadline(spec.template, 'spec.template', 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateDaemonSetUpdateStrategy(obj(spec.updateStrategy), 'spec.updateStrategy'));
  errs.push(...optNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export function validateDaemonSetStatus(status: Obj): FieldError[] {
  const errs = nonNegativeFields(status, 'status', [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
  ]);
  errs.push(...optNonNegative(status.collisionCount, 'status.collisionCount'));
  return errs;
}

function templateGenerationOf(o: KObj): number {
  const v = obj(obj(o.metadata).annotations)[TEMPLATE_GENERATION_ANNOTATION];
  const n = typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

function setTemplateGeneration(o: KObj, gen: number): void {
  const meta = child(o, 'metadata');
  child(meta, 'annotations')[TEMPLATE_GENERATION_ANNOTATION] = String(gen);
}

export const daemonSetStrategy: StrategyOverrides = {
  generation: true,
  defaults: defaultDaemonSet,
  prepareForCreate(o) {
    o.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    setTemplateGeneration(o, 1);
  },
  prepareForUpdate(o, old) {
    // The template generation (kept in an annotation in apps/v1) is the server's: it moves on
    // when the pod template changes.
    const gen = templateGenerationOf(old);
    setTemplateGeneration(o, semanticEqual(specOf(o).template, specOf(old).template) ? gen : gen + 1);
  },
  validate: (o) => validateDaemonSetSpec(specOf(o)),
  validateUpdate: immutableSelector,
  validateStatusUpdate(o, old) {
    return [...validateDaemonSetStatus(obj(o.status)), ...collisionCountDecrement(o.status, old.status)];
  },
};

// ---------------------------------------------------------------------------------------------
// ControllerRevision

/** %#v of a runtime.RawExtension holding JSON. */
function goRawExtension(data: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(data ?? null));
  const hex = Array.from(bytes, (b) => `0x${b.toString(16)}`).join(', ');
  return `runtime.RawExtension{Raw:[]uint8{${hex}}, Object:runtime.Object(nil)}`;
}

export function validateControllerRevision(o: KObj): FieldError[] {
  const errs: FieldError[] = [];
  if (!has(o.data)) errs.push(required('data', 'data is mandatory'));
  errs.push(...nonNegative(o.revision, 'revision'));
  return errs;
}

export const controllerRevisionStrategy: StrategyOverrides = {
  specKeys: ['data', 'revision'],
  validate: validateControllerRevision,
  validateUpdate: (o, old) => immutableGo(o.data, old.data, 'data', goRawExtension(o.data)),
};
