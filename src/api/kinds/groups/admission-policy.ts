// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding:
// upstream's defaults and validation (pkg/apis/admissionregistration/{v1/defaults,validation}),
// with every CEL expression compiled against the policy's variables.
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { isCIdentifier, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { admissionCompiler, loadConditionCompiler, validateMatchConditions, validateRuleWithOperations } from './admissionregistration.js';
import { arr, has, isObj, isUpdate, obj, str, type Obj } from './util.js';

const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const REASONS = ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const VALIDATION_ACTIONS = ['Deny', 'Warn', 'Audit'];
const NOT_FOUND_ACTIONS = ['Allow', 'Deny'];

// ---------------------------------------------------------------------------------------------
// Defaults

function defaultMatchResources(m: Obj): void {
  m.matchPolicy ??= 'Equivalent';
  if (!isObj(m.namespaceSelector)) m.namespaceSelector = {};
  if (!isObj(m.objectSelector)) m.objectSelector = {};
  for (const r of [...arr(m.resourceRules), ...arr(m.excludeResourceRules)]) if (isObj(r)) r.scope ??= '*';
}

function defaultPolicy(o: KObj): void {
  const spec = obj(o.spec);
  spec.failurePolicy ??= 'Fail';
  if (isObj(spec.matchConstraints)) defaultMatchResources(spec.matchConstraints);
}

function defaultBinding(o: KObj): void {
  const spec = obj(o.spec);
  if (isObj(spec.matchResources)) defaultMatchResources(spec.matchResources);
  if (isObj(spec.paramRef)) spec.paramRef.parameterNotFoundAction ??= 'Deny';
}

// ---------------------------------------------------------------------------------------------
// Validation

function validateNamedRule(rule: Obj, path: string): FieldError[] {
  const errs = validateRuleWithOperations(rule, path);
  arr(rule.resourceNames).forEach((n, i) => {
    for (const m of isDNS1123Subdomain(String(n))) errs.push(invalid(`${path}.resourceNames[${i}]`, n, m));
  });
  return errs;
}

function validateMatchResources(m: Obj, path: string, requireRules: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (requireRules && arr(m.resourceRules).length === 0) errs.push(required(`${path}.resourceRules`, ''));
  arr(m.resourceRules).forEach((r, i) => errs.push(...validateNamedRule(obj(r), `${path}.resourceRules[${i}]`)));
  arr(m.excludeResourceRules).forEach((r, i) => errs.push(...validateNamedRule(obj(r), `${path}.excludeResourceRules[${i}]`)));
  if (has(m.matchPolicy) && !MATCH_POLICIES.includes(str(m.matchPolicy))) errs.push(notSupported(`${path}.matchPolicy`, m.matchPolicy, MATCH_POLICIES));
  if (isObj(m.namespaceSelector)) errs.push(...validateLabelSelector(m.namespaceSelector as LabelSelector, `${path}.namespaceSelector`));
  if (isObj(m.objectSelector)) errs.push(...validateLabelSelector(m.objectSelector as LabelSelector, `${path}.objectSelector`));
  return errs;
}

/** An expression's compile problem for the policy, in upstream's words, or undefined. */
function compileProblem(expression: string, variableNames: readonly string[], withParams: boolean, result?: readonly string[]): string | undefined {
  const cel = admissionCompiler();
  if (!cel) return undefined;
  const { policyVariables } = cel.module;
  const c = cel.compiler.compile(expression, policyVariables(variableNames, withParams), result);
  return 'invalid' in c ? c.invalid : undefined;
}

function validatePolicySpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const p = 'spec';
  const withParams = isObj(spec.paramKind);
  if (withParams) {
    const pk = obj(spec.paramKind);
    if (!str(pk.apiVersion)) errs.push(required(`${p}.paramKind.apiVersion`, ''));
    else if (str(pk.apiVersion).split('/').length > 2 || str(pk.apiVersion).endsWith('/')) errs.push(invalid(`${p}.paramKind.apiVersion`, pk.apiVersion, 'must be a valid group version'));
    if (!str(pk.kind)) errs.push(required(`${p}.paramKind.kind`, ''));
  }
  if (!isObj(spec.matchConstraints)) errs.push(required(`${p}.matchConstraints`, ''));
  else errs.push(...validateMatchResources(spec.matchConstraints, `${p}.matchConstraints`, true));
  if (arr(spec.validations).length === 0 && arr(spec.auditAnnotations).length === 0) {
    errs.push(required(`${p}.validations`, 'validations or auditAnnotations must contain at least one item'));
  }
  if (has(spec.failurePolicy) && !FAILURE_POLICIES.includes(str(spec.failurePolicy))) errs.push(notSupported(`${p}.failurePolicy`, spec.failurePolicy, FAILURE_POLICIES));

  // Variables: each a CEL identifier, unique, reading only the variables before it.
  const names: string[] = [];
  arr(spec.variables).forEach((v, i) => {
    const at = `${p}.variables[${i}]`;
    const name = str(obj(v).name);
    const expression = str(obj(v).expression).trim();
    if (!name) errs.push(required(`${at}.name`, ''));
    else if (isCIdentifier(name).length > 0) errs.push(invalid(`${at}.name`, name, 'name is not a valid CEL identifier'));
    else if (names.includes(name)) errs.push(duplicate(`${at}.name`, name));
    if (!expression) errs.push(required(`${at}.expression`, ''));
    else {
      const problem = compileProblem(expression, names, withParams);
      if (problem) errs.push(invalid(`${at}.expression`, expression, problem));
    }
    if (name) names.push(name);
  });

  arr(spec.validations).forEach((v, i) => {
    const at = `${p}.validations[${i}]`;
    const val = obj(v);
    const expression = str(val.expression).trim();
    if (!expression) errs.push(required(`${at}.expression`, 'expression is not specified'));
    else {
      const problem = compileProblem(expression, names, withParams, ['bool']);
      if (problem) errs.push(invalid(`${at}.expression`, expression, problem));
    }
    const message = str(val.message);
    if (message.length > 0 && message.trim() === '') errs.push(invalid(`${at}.message`, message, 'message must be non-empty if specified'));
    else if (message.includes('\n')) errs.push(invalid(`${at}.message`, message, 'message must not contain line breaks'));
    if (has(val.reason) && !REASONS.includes(str(val.reason))) errs.push(notSupported(`${at}.reason`, val.reason, REASONS));
    const messageExpression = str(val.messageExpression).trim();
    if (str(val.messageExpression).length > 0 && messageExpression === '') errs.push(required(`${at}.messageExpression`, 'messageExpression must be non-empty if specified'));
    else if (messageExpression) {
      const problem = compileProblem(messageExpression, names, withParams, ['string']);
      if (problem) errs.push(invalid(`${at}.messageExpression`, messageExpression, problem));
    }
  });

  const keys = new Set<string>();
  arr(spec.auditAnnotations).forEach((a, i) => {
    const at = `${p}.auditAnnotations[${i}]`;
    const ann = obj(a);
    const key = str(ann.key);
    if (!key) errs.push(required(`${at}.key`, ''));
    else {
      for (const m of isQualifiedName(`${key}`)) errs.push(invalid(`${at}.key`, key, m));
      if (keys.has(key)) errs.push(duplicate(`${at}.key`, key));
      keys.add(key);
    }
    const value = str(ann.valueExpression).trim();
    if (!value) errs.push(required(`${at}.valueExpression`, 'valueExpression must be non-empty'));
    else {
      const problem = compileProblem(value, names, withParams, ['string', 'null_type']);
      if (problem) errs.push(invalid(`${at}.valueExpression`, value, problem));
    }
  });

  const cel = admissionCompiler();
  errs.push(
    ...validateMatchConditions(arr(spec.matchConditions), `${p}.matchConditions`, (e) =>
      cel ? cel.compiler.compile(e, cel.module.policyVariables([], withParams), ['bool']) : undefined,
    ),
  );
  return errs;
}

function validateBindingSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const p = 'spec';
  if (!str(spec.policyName)) errs.push(required(`${p}.policyName`, ''));
  else for (const m of isDNS1123Subdomain(str(spec.policyName))) errs.push(invalid(`${p}.policyName`, spec.policyName, m));
  if (isObj(spec.paramRef)) {
    const ref = spec.paramRef;
    const at = `${p}.paramRef`;
    if (has(ref.name) && has(ref.selector)) errs.push(forbidden(`${at}.name`, 'name and selector are mutually exclusive'));
    else if (!has(ref.name) && !has(ref.selector)) errs.push(required(at, 'one of name or selector must be specified'));
    if (has(ref.name)) for (const m of isDNS1123Subdomain(str(ref.name))) errs.push(invalid(`${at}.name`, ref.name, m));
    if (has(ref.namespace)) for (const m of isDNS1123Label(str(ref.namespace))) errs.push(invalid(`${at}.namespace`, ref.namespace, m));
    if (isObj(ref.selector)) errs.push(...validateLabelSelector(ref.selector as LabelSelector, `${at}.selector`));
    if (!has(ref.parameterNotFoundAction)) errs.push(required(`${at}.parameterNotFoundAction`, ''));
    else if (!NOT_FOUND_ACTIONS.includes(str(ref.parameterNotFoundAction))) errs.push(notSupported(`${at}.parameterNotFoundAction`, ref.parameterNotFoundAction, NOT_FOUND_ACTIONS));
  }
  if (isObj(spec.matchResources)) errs.push(...validateMatchResources(spec.matchResources, `${p}.matchResources`, false));
  const actions = arr(spec.validationActions).map(String);
  if (actions.length === 0) errs.push(required(`${p}.validationActions`, 'at least one validation action is required'));
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (seen.has(a)) errs.push(duplicate(`${p}.validationActions[${i}]`, a));
    seen.add(a);
    if (!VALIDATION_ACTIONS.includes(a)) errs.push(notSupported(`${p}.validationActions[${i}]`, a, VALIDATION_ACTIONS));
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    errs.push(invalid(`${p}.validationActions`, actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  }
  return errs;
}

export const validatingAdmissionPolicyStrategy: StrategyOverrides = {
  generation: true,
  load: loadConditionCompiler,
  defaults: defaultPolicy,
  validate: (o) => (isUpdate(o) ? [] : validatePolicySpec(obj(o.spec))),
  validateUpdate: (o) => validatePolicySpec(obj(o.spec)),
};

export const validatingAdmissionPolicyBindingStrategy: StrategyOverrides = {
  generation: true,
  defaults: defaultBinding,
  validate: (o) => (isUpdate(o) ? [] : validateBindingSpec(obj(o.spec))),
  validateUpdate: (o) => validateBindingSpec(obj(o.spec)),
};
