// admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration and MutatingWebhookConfiguration
// — upstream's defaults and validation (pkg/apis/admissionregistration/{v1/defaults,validation}).
import { duplicate, invalid, notSupported, required, tooMany, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { goStrings } from './go-format.js';
import { arr, has, invalidGo, isNum, isObj, isUpdate, obj, str, type Obj } from './util.js';
import { ACCEPTED_REVIEW_VERSIONS, validateReviewVersions, validateWebhookService, validateWebhookURL } from './webhook-client.js';

export const ACCEPTED_ADMISSION_REVIEW_VERSIONS = ACCEPTED_REVIEW_VERSIONS;
const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
/** v1 accepts only webhooks without side effects on dry runs. */
const NO_SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const MAX_MATCH_CONDITIONS = 64;

// ---------------------------------------------------------------------------------------------
// Defaults

function defaultWebhook(w: Obj, mutating: boolean): void {
  w.failurePolicy ??= 'Fail';
  w.matchPolicy ??= 'Equivalent';
  if (!isObj(w.namespaceSelector)) w.namespaceSelector = {};
  if (!isObj(w.objectSelector)) w.objectSelector = {};
  w.timeoutSeconds ??= 10;
  if (mutating) w.reinvocationPolicy ??= 'Never';
  for (const r of arr(w.rules)) if (isObj(r)) r.scope ??= '*';
  const service = obj(w.clientConfig).service;
  if (isObj(service)) service.port ??= 443;
}

const defaultsOf = (mutating: boolean) => (o: KObj) => {
  for (const w of arr(o.webhooks)) if (isObj(w)) defaultWebhook(w, mutating);
};

// ---------------------------------------------------------------------------------------------
// Validation

const hasWildcard = (list: readonly string[]) => list.includes('*');

/** IsFullyQualifiedName: a DNS subdomain of at least three segments. */
export function validateFullyQualifiedName(name: string, path: string): FieldError[] {
  if (name.length === 0) return [required(path, '')];
  const sub = isDNS1123Subdomain(name);
  if (sub.length > 0) return [invalid(path, name, sub.join(','))];
  if (name.split('.').length < 3) return [invalid(path, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

/** Resources with subresources: "x", "x/y", "x/*", "* /y", "*", "* /*" and how they combine. */
export function validateRuleResources(resources: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(required(path, ''));
  const wildSub = new Set<string>();
  const wildRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let plainResource = false;
  resources.forEach((rs, i) => {
    if (rs === '') {
      errs.push(required(`${path}[${i}]`, ''));
      return;
    }
    if (rs === '*/*') doubleWildcard = true;
    if (rs === '*') singleWildcard = true;
    const slash = rs.indexOf('/');
    if (slash < 0) {
      plainResource = rs !== '*';
      return;
    }
    const res = rs.slice(0, slash);
    const sub = rs.slice(slash + 1);
    if (wildSub.has(res)) errs.push(invalid(`${path}[${i}]`, rs, `if '${res}/*' is present, must not specify ${rs}`));
    if (wildRes.has(sub)) errs.push(invalid(`${path}[${i}]`, rs, `if '*/${sub}' is present, must not specify ${rs}`));
    if (sub === '*') wildSub.add(res);
    if (res === '*') wildRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) errs.push(invalidGo(path, resources, goStrings(resources), "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && plainResource) errs.push(invalidGo(path, resources, goStrings(resources), "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

export function validateRuleWithOperations(rule: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ops = arr(rule.operations).map(String);
  if (ops.length === 0) errs.push(required(`${path}.operations`, ''));
  if (ops.length > 1 && hasWildcard(ops)) errs.push(invalidGo(`${path}.operations`, ops, goStrings(ops), "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!OPERATIONS.includes(op)) errs.push(notSupported(`${path}.operations[${i}]`, op, OPERATIONS));
  });
  const groups = arr(rule.apiGroups).map(String);
  if (groups.length === 0) errs.push(required(`${path}.apiGroups`, ''));
  if (groups.length > 1 && hasWildcard(groups)) errs.push(invalidGo(`${path}.apiGroups`, groups, goStrings(groups), "if '*' is present, must not specify other API groups"));
  const versions = arr(rule.apiVersions).map(String);
  if (versions.length === 0) errs.push(required(`${path}.apiVersions`, ''));
  if (versions.length > 1 && hasWildcard(versions)) errs.push(invalidGo(`${path}.apiVersions`, versions, goStrings(versions), "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') errs.push(required(`${path}.apiVersions[${i}]`, ''));
  });
  errs.push(...validateRuleResources(arr(rule.resources).map(String), `${path}.resources`));
  if (has(rule.scope) && !SCOPES.includes(str(rule.scope))) errs.push(notSupported(`${path}.scope`, rule.scope, SCOPES));
  return errs;
}

export const validateAdmissionReviewVersions = (versions: unknown, requireRecognized: boolean, path: string): FieldError[] =>
  validateReviewVersions(versions, requireRecognized, path, `must specify one of ${ACCEPTED_ADMISSION_REVIEW_VERSIONS.join(', ')}`);

/** What an update keeps allowing because the stored configuration already had it (upstream's ratcheting). */
export interface WebhookValidationOptions {
  readonly requireNoSideEffects: boolean;
  readonly requireRecognizedVersions: boolean;
  readonly requireUniqueNames: boolean;
}

const STRICT: WebhookValidationOptions = { requireNoSideEffects: true, requireRecognizedVersions: true, requireUniqueNames: true };

function validateWebhook(w: Obj, mutating: boolean, opts: WebhookValidationOptions, path: string): FieldError[] {
  const errs: FieldError[] = [...validateFullyQualifiedName(str(w.name), `${path}.name`)];
  arr(w.rules).forEach((r, i) => errs.push(...validateRuleWithOperations(obj(r), `${path}.rules[${i}]`)));
  if (has(w.failurePolicy) && !FAILURE_POLICIES.includes(str(w.failurePolicy))) errs.push(notSupported(`${path}.failurePolicy`, w.failurePolicy, FAILURE_POLICIES));
  if (has(w.matchPolicy) && !MATCH_POLICIES.includes(str(w.matchPolicy))) errs.push(notSupported(`${path}.matchPolicy`, w.matchPolicy, MATCH_POLICIES));
  const sideEffects = opts.requireNoSideEffects ? NO_SIDE_EFFECTS : ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
  if (!has(w.sideEffects)) errs.push(required(`${path}.sideEffects`, `must specify one of ${sideEffects.join(', ')}`));
  else if (!sideEffects.includes(str(w.sideEffects))) errs.push(notSupported(`${path}.sideEffects`, w.sideEffects, sideEffects));
  if (isNum(w.timeoutSeconds) && (w.timeoutSeconds > 30 || w.timeoutSeconds < 1)) {
    errs.push(invalid(`${path}.timeoutSeconds`, w.timeoutSeconds, 'the timeout value must be between 1 and 30 seconds'));
  }
  if (isObj(w.namespaceSelector)) errs.push(...validateLabelSelector(w.namespaceSelector as LabelSelector, `${path}.namespaceSelector`));
  if (isObj(w.objectSelector)) errs.push(...validateLabelSelector(w.objectSelector as LabelSelector, `${path}.objectSelector`));
  const cc = obj(w.clientConfig);
  const ccPath = `${path}.clientConfig`;
  if (has(cc.url) === has(cc.service)) errs.push(required(ccPath, 'exactly one of url or service is required'));
  else if (has(cc.url)) errs.push(...validateWebhookURL(str(cc.url), `${ccPath}.url`));
  else errs.push(...validateWebhookService(obj(cc.service), `${ccPath}.service`));
  if (mutating && has(w.reinvocationPolicy) && !REINVOCATION_POLICIES.includes(str(w.reinvocationPolicy))) {
    errs.push(notSupported(`${path}.reinvocationPolicy`, w.reinvocationPolicy, REINVOCATION_POLICIES));
  }
  errs.push(...validateMatchConditions(arr(w.matchConditions), `${path}.matchConditions`));
  return errs;
}

/** The CEL compiler of match conditions, loaded before a configuration is validated (it is not needed at start-up). */
let admissionCel: { readonly compiler: import('../../cel/admission.js').AdmissionCel; readonly module: typeof import('../../cel/admission.js') } | undefined;

export async function loadConditionCompiler(): Promise<void> {
  if (!admissionCel) {
    const module = await import('../../cel/admission.js');
    admissionCel = { module, compiler: new module.AdmissionCel() };
  }
}

/** The compiler of admission expressions once loaded (configurations and policies are validated after their strategy's load). */
export const admissionCompiler = () => admissionCel;

type ConditionCompiler = (expression: string) => { invalid: string } | object | undefined;

/** At most 64 conditions, each a qualified name unique in the list and an expression that compiles to a bool. */
export function validateMatchConditions(conditions: readonly unknown[], path: string, compile: ConditionCompiler = (e) => admissionCel?.compiler.compileCondition(e)): FieldError[] {
  const errs: FieldError[] = [];
  if (conditions.length > MAX_MATCH_CONDITIONS) errs.push(tooMany(path, conditions.length, MAX_MATCH_CONDITIONS));
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const at = `${path}[${i}]`;
    const mc = obj(c);
    const expression = str(mc.expression).trim();
    if (expression === '') errs.push(required(`${at}.expression`, ''));
    else {
      const compiled = compile(expression);
      if (compiled && 'invalid' in compiled) errs.push(invalid(`${at}.expression`, expression, compiled.invalid));
    }
    const name = str(mc.name);
    if (name === '') errs.push(required(`${at}.name`, ''));
    else {
      for (const m of isQualifiedName(name)) errs.push(invalid(`${at}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${at}.name`, name));
      names.add(name);
    }
  });
  return errs;
}

export function validateWebhookConfiguration(o: KObj, mutating: boolean, opts: WebhookValidationOptions = STRICT): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(o.webhooks).forEach((w, i) => {
    const hook = obj(w);
    const path = `webhooks[${i}]`;
    errs.push(...validateWebhook(hook, mutating, opts, path));
    errs.push(...validateAdmissionReviewVersions(hook.admissionReviewVersions, opts.requireRecognizedVersions, `${path}.admissionReviewVersions`));
    const name = str(hook.name);
    if (opts.requireUniqueNames && name.length > 0) {
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      else names.add(name);
    }
  });
  return errs;
}

/** An update is held to the strict rules only where the stored configuration already met them. */
export function updateValidationOptions(old: KObj): WebhookValidationOptions {
  const hooks = arr(old.webhooks).map(obj);
  const names = hooks.map((h) => str(h.name));
  return {
    requireNoSideEffects: hooks.every((h) => NO_SIDE_EFFECTS.includes(str(h.sideEffects))),
    requireRecognizedVersions: hooks.every((h) => arr(h.admissionReviewVersions).some((v) => ACCEPTED_ADMISSION_REVIEW_VERSIONS.includes(String(v)))),
    requireUniqueNames: new Set(names).size === names.length,
  };
}

const strategyOf = (mutating: boolean): StrategyOverrides => ({
  generation: true,
  load: loadConditionCompiler,
  defaults: defaultsOf(mutating),
  validate: (o) => (isUpdate(o) ? [] : validateWebhookConfiguration(o, mutating)),
  validateUpdate: (o, old) => validateWebhookConfiguration(o, mutating, updateValidationOptions(old)),
});

export const validatingWebhookConfigurationStrategy = strategyOf(false);
export const mutatingWebhookConfigurationStrategy = strategyOf(true);
