// batch/v1: Job and CronJob — upstream's defaults (pkg/apis/batch/v1), validation
// (pkg/apis/batch/validation) and strategy behaviour (selector generation, immutable template).
import { duplicate, invalid, notSupported, required, tooLong, tooMany, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { goQuotedList, isDNS1123Label, isQualifiedName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { cronParseError, isKnownTimeZone } from './cron.js';
import { goLabelSelector, goLabelSelectorPtr, goMapStringString } from './go-format.js';
import { asSelector, checkSelectorMatches, defaultTemplateAt, templateLabels, validateTemplate } from './template.js';
import {
  arr,
  child,
  has,
  immutable,
  immutableGo,
  invalidGo,
  isNum,
  isObj,
  isUpdate,
  nonNegative,
  obj,
  optNonNegative,
  semanticEqual,
  str,
  validateDomainPrefixedPath,
  type Obj,
} from './util.js';

export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';

const MAX_PARALLELISM_INDEXED = 100000;
const MAX_FAILED_INDEXES = 100000;
const COMPLETIONS_SOFT_LIMIT = 100000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_POD_CONDITION_PATTERNS = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES = 20;

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const POD_REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** Go's %q of a []string: ["a" "b"]. */

const omitted = (field: string, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, detail, showValue: false });

// ---------------------------------------------------------------------------------------------
// Defaults

function defaultPodFailurePolicy(spec: Obj): void {
  for (const rule of arr(obj(spec.podFailurePolicy).rules)) {
    for (const pattern of arr(obj(rule).onPodConditions)) if (isObj(pattern) && !pattern.status) pattern.status = 'True';
  }
}

export function defaultJobSpecFields(spec: Obj): void {
  if (!has(spec.completions) && !has(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= has(spec.backoffLimitPerIndex) ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= has(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
}

export function defaultJob(o: KObj): void {
  const spec = child(o, 'spec');
  defaultJobSpecFields(spec);
  defaultPodFailurePolicy(spec);
  defaultTemplateAt(spec);
  // A job without labels of its own takes its pod template's labels.
  const labels = templateLabels(spec.template);
  const meta = child(o, 'metadata');
  if (labels && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
}

/** The server picks the selector (and the matching pod labels) unless manualSelector is set. */
export function generateJobSelector(o: KObj): void {
  const spec = child(o, 'spec');
  if (spec.manualSelector === true) return;
  const meta = obj(o.metadata);
  const name = str(meta.name);
  const uid = str(meta.uid);
  const template = child(spec, 'template');
  const labels = child(child(template, 'metadata'), 'labels');
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(k in labels)) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(k in labels)) labels[k] = uid;
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (!(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

// ---------------------------------------------------------------------------------------------
// Job spec validation

function validateExitCodes(req: Obj, path: string, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req.operator);
  if (op === '') errs.push(required(`${path}.operator`, `valid values: ${goQuotedList(EXIT_CODE_OPERATORS)}`));
  else if (!EXIT_CODE_OPERATORS.includes(op)) errs.push(notSupported(`${path}.operator`, op, EXIT_CODE_OPERATORS));
  if (has(req.containerName) && !containerNames.has(str(req.containerName))) {
    errs.push(invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const valuesPath = `${path}.values`;
  const values = arr(req.values).map((v) => (isNum(v) ? v : 0));
  const goValues = Array.isArray(req.values) ? `[]int32{${values.join(', ')}}` : '[]int32(nil)';
  if (values.length === 0) errs.push(invalidGo(valuesPath, req.values ?? null, goValues, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(valuesPath, values.length, MAX_EXIT_CODE_VALUES));
  let ordered = true;
  const seen = new Set<number>();
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(invalid(`${valuesPath}[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(duplicate(`${valuesPath}[${j}]`, v));
    else seen.add(v);
    if (j > 0 && values[j - 1]! > v) ordered = false;
  });
  if (!ordered) errs.push(invalidGo(valuesPath, req.values, goValues, 'must be ordered'));
  return errs;
}

function validatePodConditions(patterns: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > MAX_POD_CONDITION_PATTERNS) errs.push(tooMany(path, patterns.length, MAX_POD_CONDITION_PATTERNS));
  patterns.forEach((p, j) => {
    const pp = `${path}[${j}]`;
    const pattern = obj(p);
    const type = str(pattern.type);
    for (const m of isQualifiedName(type)) errs.push(invalid(`${pp}.type`, type, m));
    const status = str(pattern.status);
    if (status === '') errs.push(required(`${pp}.status`, `valid values: ${goQuotedList(CONDITION_STATUSES)}`));
    else if (!CONDITION_STATUSES.includes(status)) errs.push(notSupported(`${pp}.status`, status, CONDITION_STATUSES));
  });
  return errs;
}

function validatePodFailurePolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rulesPath = `${path}.rules`;
  const rules = arr(obj(spec.podFailurePolicy).rules);
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  const podSpec = obj(obj(spec.template).spec);
  const containerNames = new Set([...arr(podSpec.containers), ...arr(podSpec.initContainers)].map((c) => str(obj(c).name)));
  rules.forEach((r, i) => {
    const rp = `${rulesPath}[${i}]`;
    const rule = obj(r);
    const action = str(rule.action);
    if (action === '') errs.push(required(`${rp}.action`, `valid values: ${goQuotedList(POD_FAILURE_ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (!has(spec.backoffLimitPerIndex)) errs.push(invalid(`${rp}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(`${rp}.action`, action, POD_FAILURE_ACTIONS));
    const hasExit = has(rule.onExitCodes);
    const conds = arr(rule.onPodConditions);
    if (hasExit) errs.push(...validateExitCodes(obj(rule.onExitCodes), `${rp}.onExitCodes`, containerNames));
    if (conds.length > 0) errs.push(...validatePodConditions(conds, `${rp}.onPodConditions`));
    if (hasExit && conds.length > 0) errs.push(omitted(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!hasExit && conds.length === 0) errs.push(omitted(rp, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

class IndexError extends Error {}

/** strconv.Atoi for index intervals (the error is upstream's, not strconv's). */
function atoiIndex(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new IndexError(`cannot convert string to integer for index: ${JSON.stringify(s)}`);
  return Number(s);
}

function parseIndexInterval(interval: string, completions: number): [number, number] {
  const limits = interval.split('-');
  if (limits.length > 2) {
    throw new IndexError(`the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`);
  }
  const x = atoiIndex(limits[0]!);
  if (x >= completions) throw new IndexError(`too large index: ${JSON.stringify(limits[0])}`);
  if (limits.length > 1) {
    const y = atoiIndex(limits[1]!);
    if (y >= completions) throw new IndexError(`too large index: ${JSON.stringify(limits[1])}`);
    if (x >= y) throw new IndexError(`non-increasing order, previous: ${x}, current: ${y}`);
    return [x, y];
  }
  return [x, x];
}

/** validateIndexesFormat: the number of indexes, or the parse error. */
function indexesFormat(indexes: string, completions: number): number | IndexError {
  if (indexes.length === 0) return 0;
  let last: number | undefined;
  let total = 0;
  try {
    for (const interval of indexes.split(',')) {
      const [x, y] = parseIndexInterval(interval, completions);
      if (last !== undefined && last >= x) throw new IndexError(`non-increasing order, previous: ${last}, current: ${x}`);
      total += y - x + 1;
      last = y;
    }
  } catch (e) {
    if (e instanceof IndexError) return e;
    throw e;
  }
  return total;
}

function validateSuccessPolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rulesPath = `${path}.rules`;
  const rules = arr(obj(spec.successPolicy).rules);
  if (rules.length === 0) errs.push(required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_SUCCESS_POLICY_RULES));
  const completions = isNum(spec.completions) ? spec.completions : 0;
  rules.forEach((r, i) => {
    const rp = `${rulesPath}[${i}]`;
    const rule = obj(r);
    if (!has(rule.succeededCount) && !has(rule.succeededIndexes)) {
      errs.push(required(rp, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let totalIndexes = 0;
    if (has(rule.succeededIndexes)) {
      const p = `${rp}.succeededIndexes`;
      const indexes = str(rule.succeededIndexes);
      if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) errs.push(tooLong(p, indexes, MAX_SUCCEEDED_INDEXES_LENGTH));
      const res = indexesFormat(indexes, completions);
      if (res instanceof IndexError) errs.push(invalid(p, indexes, `error parsing succeededIndexes: ${res.message}`));
      else totalIndexes = res;
    }
    if (isNum(rule.succeededCount)) {
      const p = `${rp}.succeededCount`;
      errs.push(...nonNegative(rule.succeededCount, p));
      if (rule.succeededCount > completions) {
        errs.push(invalid(p, rule.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
      }
      if (has(rule.succeededIndexes) && rule.succeededCount > totalIndexes) {
        errs.push(invalid(p, rule.succeededCount, `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}

const goSuccessPolicy = (sp: unknown): string => {
  const rules = arr(obj(sp).rules).map((r) => {
    const rule = obj(r);
    const idx = has(rule.succeededIndexes) ? '(*string)(0xc000000000)' : '(*string)(nil)';
    const cnt = has(rule.succeededCount) ? '(*int32)(0xc000000000)' : '(*int32)(nil)';
    return `batch.SuccessPolicyRule{SucceededIndexes:${idx}, SucceededCount:${cnt}}`;
  });
  return `batch.SuccessPolicy{Rules:${Array.isArray(obj(sp).rules) ? `[]batch.SuccessPolicyRule{${rules.join(', ')}}` : '[]batch.SuccessPolicyRule(nil)'}}`;
};

/** validateJobSpec: everything but the selector (shared with CronJob job templates). */
export function validateJobSpecFields(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    errs.push(...optNonNegative(spec[f], `${path}.${f}`));
  }
  if (has(spec.maxFailedIndexes)) {
    errs.push(...nonNegative(spec.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (!has(spec.backoffLimitPerIndex)) errs.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  if (has(spec.managedBy)) {
    const managedBy = str(spec.managedBy);
    errs.push(...validateDomainPrefixedPath(managedBy, `${path}.managedBy`));
    if (managedBy.length > MAX_MANAGED_BY_LENGTH) errs.push(tooLong(`${path}.managedBy`, managedBy, MAX_MANAGED_BY_LENGTH));
  }
  const mode = spec.completionMode;
  const completions = isNum(spec.completions) ? spec.completions : undefined;
  const parallelism = isNum(spec.parallelism) ? spec.parallelism : undefined;
  const mfi = isNum(spec.maxFailedIndexes) ? spec.maxFailedIndexes : undefined;
  if (has(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (completions === undefined) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push(invalid(`${path}.parallelism`, parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
      if (completions !== undefined && mfi !== undefined && mfi > completions) {
        errs.push(invalid(`${path}.maxFailedIndexes`, mfi, 'must be less than or equal to completions'));
      }
      if (mfi !== undefined && mfi > MAX_FAILED_INDEXES) {
        errs.push(invalid(`${path}.maxFailedIndexes`, mfi, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
      }
      if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && has(spec.backoffLimitPerIndex)) {
        const tail = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (mfi === undefined) errs.push(required(`${path}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
        if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
          errs.push(invalid(`${path}.parallelism`, parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${tail}`));
        }
        if (mfi !== undefined && mfi > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
          errs.push(invalid(`${path}.maxFailedIndexes`, mfi, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${tail}`));
        }
      }
    }
  }
  if (!has(mode) || mode === 'NonIndexed') {
    if (has(spec.backoffLimitPerIndex)) errs.push(invalid(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (has(spec.maxFailedIndexes)) errs.push(invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (has(spec.podFailurePolicy)) errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (has(spec.successPolicy)) {
    if (mode !== 'Indexed') errs.push(invalidGo(`${path}.successPolicy`, spec.successPolicy, goSuccessPolicy(spec.successPolicy), 'requires indexed completion mode'));
    else errs.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  }
  if (has(spec.podReplacementPolicy)) {
    const prp = spec.podReplacementPolicy;
    if (has(spec.podFailurePolicy)) {
      if (prp !== 'Failed') errs.push(notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
    } else if (!POD_REPLACEMENT_POLICIES.includes(str(prp))) {
      errs.push(notSupported(`${path}.podReplacementPolicy`, prp, POD_REPLACEMENT_POLICIES));
    }
  }
  errs.push(...validateTemplate(spec.template, `${path}.template`));
  const rpPath = `${path}.template.spec.restartPolicy`;
  const rp = obj(obj(spec.template).spec).restartPolicy ?? '';
  if (rp === 'Always' || rp === '') errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (has(spec.podFailurePolicy) && rp !== 'Never') errs.push(invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: the fields plus the selector and its match with the template labels. */
export function validateJobSpec(spec: Obj): FieldError[] {
  const errs = validateJobSpecFields(spec, 'spec');
  if (!has(spec.selector)) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector as LabelSelector, 'spec.selector'));
  const sel = asSelector(spec.selector);
  if (sel) errs.push(...checkSelectorMatches(sel, spec.template, 'spec.template', false));
  return errs;
}

function hasLabel(labels: Record<string, string> | undefined, key: string, expected: string): FieldError[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (!labels || !(key in labels)) return [required(path, expected)];
  if (labels[key] !== expected) return [invalidGo(path, labels, goMapStringString(labels), `must be '${expected}'`)];
  return [];
}

/** validateGeneratedSelector: a server-generated selector and labels must be intact. */
function validateGeneratedSelector(o: KObj, requirePrefixedLabels: boolean): FieldError[] {
  const spec = obj(o.spec);
  if (spec.manualSelector === true || !has(spec.selector)) return [];
  const errs: FieldError[] = [];
  const meta = obj(o.metadata);
  const uid = str(meta.uid);
  const name = str(meta.name);
  if (uid === '') errs.push(required('metadata.uid'));
  const labels = templateLabels(spec.template);
  errs.push(...hasLabel(labels, LEGACY_CONTROLLER_UID_LABEL, uid));
  errs.push(...hasLabel(labels, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errs.push(...hasLabel(labels, CONTROLLER_UID_LABEL, uid));
    errs.push(...hasLabel(labels, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  const sel = asSelector(spec.selector);
  if (sel && !sel.matches(expected)) errs.push(invalidGo('spec.selector', spec.selector, goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errs;
}

/** ValidateJob. */
export function validateJob(o: KObj, requirePrefixedLabels: boolean): FieldError[] {
  const spec = obj(o.spec);
  const errs = [...validateGeneratedSelector(o, requirePrefixedLabels), ...validateJobSpec(spec)];
  if (spec.completionMode === 'Indexed' && isNum(spec.completions) && spec.completions > 0) {
    const name = str(obj(o.metadata).name);
    const host = `${name}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length > 0) {
      errs.push(invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${host}`));
    }
  }
  return errs;
}

/** validatePodTemplateUpdate: the template is immutable, except scheduling directives of suspended, never-started jobs. */
function validateJobTemplateUpdate(spec: Obj, oldSpec: Obj, oldJob: KObj): FieldError[] {
  const template = obj(spec.template);
  let oldTemplate = obj(oldSpec.template);
  const mutableScheduling = oldSpec.suspend === true && !has(obj(oldJob.status).startTime);
  if (mutableScheduling) {
    oldTemplate = structuredClone(oldTemplate);
    const ts = obj(template.spec);
    const os = child(oldTemplate, 'spec');
    const newAff = ts.affinity;
    const oldAff = os.affinity;
    if (!has(newAff) && has(oldAff)) {
      const rest = { ...obj(oldAff) };
      delete rest.nodeAffinity;
      os.affinity = semanticEqual(rest, {}) ? undefined : rest;
    } else if (has(newAff) && !has(oldAff)) {
      os.affinity = { nodeAffinity: obj(newAff).nodeAffinity };
    } else if (has(newAff) && has(oldAff)) {
      os.affinity = { ...obj(oldAff), nodeAffinity: obj(newAff).nodeAffinity };
    }
    os.nodeSelector = ts.nodeSelector;
    os.tolerations = ts.tolerations;
    os.schedulingGates = ts.schedulingGates;
    const om = child(oldTemplate, 'metadata');
    om.annotations = obj(template.metadata).annotations;
    om.labels = obj(template.metadata).labels;
  }
  return immutable(spec.template, oldTemplate, 'spec.template');
}

/** ValidateJobSpecUpdate, without the spec revalidation (done by validate). */
export function validateJobSpecUpdate(o: KObj, old: KObj): FieldError[] {
  const spec = obj(o.spec);
  const oldSpec = obj(old.spec);
  const errs: FieldError[] = [];
  // Completions: immutable, except for Indexed jobs scaled together with parallelism.
  if (spec.completionMode === 'Indexed') {
    if (!semanticEqual(spec.completions, oldSpec.completions) && isNum(spec.completions) && spec.completions !== spec.parallelism) {
      errs.push(invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
    }
  } else {
    errs.push(...immutable(spec.completions, oldSpec.completions, 'spec.completions'));
  }
  errs.push(...immutableGo(spec.selector, oldSpec.selector, 'spec.selector', goLabelSelectorPtr(spec.selector)));
  errs.push(...validateJobTemplateUpdate(spec, oldSpec, old));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(spec[f], oldSpec[f], `spec.${f}`));
  }
  return errs;
}

function validateJobStatus(status: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['active', 'succeeded', 'failed', 'ready', 'terminating']) errs.push(...nonNegative(status[f], `status.${f}`));
  if (has(status.uncountedTerminatedPods)) {
    const path = 'status.uncountedTerminatedPods';
    const seen = new Set<string>();
    for (const group of ['succeeded', 'failed']) {
      arr(obj(status.uncountedTerminatedPods)[group]).forEach((k, i) => {
        const p = `${path}.${group}[${i}]`;
        const uid = str(k);
        if (uid === '') errs.push(invalid(p, uid, 'must not be empty'));
        else if (seen.has(uid)) errs.push(duplicate(p, uid));
        else seen.add(uid);
      });
    }
  }
  return errs;
}

const hadPrefixedLabels = (old: KObj): boolean => {
  const l = templateLabels(obj(old.spec).template) ?? {};
  return JOB_NAME_LABEL in l && CONTROLLER_UID_LABEL in l;
};

export const jobStrategy: StrategyOverrides = {
  generation: true,
  prepareForCreate(o) {
    const spec = child(o, 'spec');
    spec.manualSelector ??= false;
    generateJobSelector(o);
    o.status = {};
  },
  defaults: defaultJob,
  validate: (o) => (isUpdate(o) ? [] : validateJob(o, true)),
  validateUpdate: (o, old) => [...validateJob(o, hadPrefixedLabels(old)), ...validateJobSpecUpdate(o, old)],
  validateStatusUpdate: (o) => validateJobStatus(obj(o.status)),
  selectableFields: (o) => ({ 'status.successful': String(isNum(obj(o.status).succeeded) ? obj(o.status).succeeded : 0) }),
};

// ---------------------------------------------------------------------------------------------
// CronJob

const VALID_TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (!has(tz)) return [];
  const zone = str(tz);
  if (zone.length === 0) return [invalid(path, zone, 'timeZone must be nil or non-empty string')];
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !VALID_TZ_PART.test(part)) return [invalid(path, zone, `unknown time zone ${zone}`)];
  }
  if (zone.toLowerCase() === 'local') return [invalid(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return isKnownTimeZone(zone) ? [] : [invalid(path, zone, `unknown time zone ${zone}`)];
}

function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const err = cronParseError(schedule);
  if (err) errs.push(invalid(path, schedule, err));
  if (schedule.includes('TZ')) {
    if (allowTZ && has(timeZone)) errs.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    else if (!allowTZ) errs.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

function validateJobTemplate(jobTemplate: unknown, path: string): FieldError[] {
  const spec = obj(obj(jobTemplate).spec);
  const errs = validateJobSpecFields(spec, `${path}.spec`);
  if (has(spec.selector)) errs.push(invalidGo(`${path}.spec.selector`, spec.selector, goLabelSelector(spec.selector), '`selector` will be auto-generated'));
  if (spec.manualSelector === true) errs.push(notSupported(`${path}.spec.manualSelector`, true, ['nil', 'false']));
  return errs;
}

export function validateCronJobSpec(spec: Obj, oldSpec?: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (schedule.length === 0) errs.push(required('spec.schedule'));
  else errs.push(...validateSchedule(schedule, oldSpec !== undefined && str(oldSpec.schedule).includes('TZ'), spec.timeZone, 'spec.schedule'));
  errs.push(...optNonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (oldSpec === undefined || !semanticEqual(oldSpec.timeZone, spec.timeZone)) errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const cp = str(spec.concurrencyPolicy);
  if (cp === '') errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  errs.push(...validateJobTemplate(spec.jobTemplate, 'spec.jobTemplate'));
  errs.push(...optNonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...optNonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

export function defaultCronJob(o: KObj): void {
  const spec = child(o, 'spec');
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobSpec = child(child(spec, 'jobTemplate'), 'spec');
  defaultPodFailurePolicy(jobSpec);
  defaultTemplateAt(jobSpec);
}

export const cronJobStrategy: StrategyOverrides = {
  generation: true,
  prepareForCreate(o) {
    o.status = {};
  },
  defaults: defaultCronJob,
  validate(o) {
    if (isUpdate(o)) return [];
    const errs = validateCronJobSpec(obj(o.spec));
    // The controller appends an 11-character suffix to job names, which are DNS labels.
    const name = str(obj(o.metadata).name);
    if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
    return errs;
  },
  validateUpdate: (o, old) => validateCronJobSpec(obj(o.spec), obj(old.spec)),
};
