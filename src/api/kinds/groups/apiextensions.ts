// apiextensions.k8s.io/v1 CustomResourceDefinition — upstream's defaults and spec validation
// (apiextensions-apiserver pkg/apis/apiextensions/validation), as far as the spec itself goes:
// group, names, scope, versions, conversion, subresources, printer columns and the structural
// basics of the schemas (types, root object, required types), with upstream's internal paths.
//
// Upstream validates the internal form: when every version carries the same schema (or the same
// subresources, or printer columns), conversion hoists it to spec.validation (spec.subresources,
// spec.additionalPrinterColumns), and errors name those paths.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateCRDSchema } from '../../crd/index.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { goPtr } from './go-format.js';
import { ACCEPTED_REVIEW_VERSIONS, validateReviewVersions, validateWebhookService, validateWebhookURL } from './webhook-client.js';
import { arr, child, has, invalidGo, isObj, isUpdate, obj, semanticEqual, str, type Obj } from './util.js';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const API_APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

// ---------------------------------------------------------------------------------------------
// Defaults and server-set status

export function defaultCRD(o: KObj): void {
  const spec = child(o, 'spec');
  const names = child(spec, 'names');
  if (!names.singular) names.singular = str(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  if (!isObj(spec.conversion)) spec.conversion = { strategy: 'None' };
  const service = obj(obj(spec.conversion.webhook).clientConfig).service;
  if (isObj(service)) service.port ??= 443;
}

const storageVersion = (spec: Obj): string | undefined => {
  const v = arr(spec.versions).find((x) => obj(x).storage === true);
  return v === undefined ? undefined : str(obj(v).name);
};

function recordStorageVersion(o: KObj): void {
  const name = storageVersion(obj(o.spec));
  if (name === undefined) return;
  const status = child(o, 'status');
  if (!Array.isArray(status.storedVersions)) status.storedVersions = [];
  if (!status.storedVersions.includes(name)) status.storedVersions.push(name);
}

// ---------------------------------------------------------------------------------------------
// The internal view: what upstream hoists out of identical versions

interface InternalSpec {
  readonly validation?: unknown;
  readonly subresources?: unknown;
  readonly columns?: unknown[];
  /** Per version: schema, subresources and columns left on the version. */
  readonly versions: { name: string; raw: Obj; schema?: unknown; subresources?: unknown; columns?: unknown[] }[];
}

function internalSpec(spec: Obj): InternalSpec {
  const versions = arr(spec.versions).map((v) => {
    const raw = obj(v);
    return { name: str(raw.name), raw, schema: raw.schema, subresources: raw.subresources, columns: raw.additionalPrinterColumns as unknown[] | undefined };
  });
  if (versions.length === 0) return { versions };
  const same = (key: 'schema' | 'subresources' | 'columns'): boolean => versions.every((v) => semanticEqual(v[key], versions[0]![key]));
  const out: { validation?: unknown; subresources?: unknown; columns?: unknown[]; versions: typeof versions } = { versions };
  if (same('schema')) {
    out.validation = versions[0]!.schema;
    for (const v of versions) v.schema = undefined;
  }
  if (same('subresources')) {
    out.subresources = versions[0]!.subresources;
    for (const v of versions) v.subresources = undefined;
  }
  if (same('columns')) {
    out.columns = versions[0]!.columns;
    for (const v of versions) v.columns = undefined;
  }
  return out;
}

/** %#v of the internal version list (pointers print as addresses, which upstream shows for real). */
function goVersions(spec: Obj, internal: InternalSpec): string {
  if (!Array.isArray(spec.versions)) return '[]apiextensions.CustomResourceDefinitionVersion(nil)';
  const items = internal.versions.map((v) => {
    const r = v.raw;
    const cols = Array.isArray(v.columns) ? '[]apiextensions.CustomResourceColumnDefinition{...}' : '[]apiextensions.CustomResourceColumnDefinition(nil)';
    const sel = Array.isArray(r.selectableFields) ? '[]apiextensions.SelectableField{...}' : '[]apiextensions.SelectableField(nil)';
    return (
      `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name)}, Served:${r.served === true}, Storage:${r.storage === true}, ` +
      `Deprecated:${r.deprecated === true}, DeprecationWarning:${goPtr('string', r.deprecationWarning)}, ` +
      `Schema:${goPtr('apiextensions.CustomResourceValidation', v.schema)}, Subresources:${goPtr('apiextensions.CustomResourceSubresources', v.subresources)}, ` +
      `AdditionalPrinterColumns:${cols}, SelectableFields:${sel}}`
    );
  });
  return `[]apiextensions.CustomResourceDefinitionVersion{${items.join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------
// Schemas (the OpenAPI and structural rules live in ../../crd)

function validateValidation(validation: unknown, statusEnabled: boolean, path: string): FieldError[] {
  if (!has(validation)) return [];
  const schema = obj(validation).openAPIV3Schema;
  if (!isObj(schema)) return [];
  return [...validateCRDSchema(schema, `${path}.openAPIV3Schema`, { statusEnabled }), ...validateRuleCompilation(schema, `${path}.openAPIV3Schema`)];
}

/** The CEL compiler, loaded before a CRD is validated (it is not needed at start-up). */
let ruleCompiler: typeof import('../../crd/cel/rules.js') | undefined;

export async function loadRuleCompiler(): Promise<void> {
  ruleCompiler ??= await import('../../crd/cel/rules.js');
}

/** %#v of an apiextensions.ValidationRule. */
function goRule(r: Obj): string {
  return (
    `apiextensions.ValidationRule{Rule:${JSON.stringify(str(r.rule))}, Message:${JSON.stringify(str(r.message))}, MessageExpression:${JSON.stringify(str(r.messageExpression))}, ` +
    `Reason:${goPtr('apiextensions.FieldValueErrorReason', r.reason)}, FieldPath:${JSON.stringify(str(r.fieldPath))}, OptionalOldSelf:${goPtr('bool', r.optionalOldSelf)}}`
  );
}

/** Every x-kubernetes-validations rule and messageExpression of the schema must compile. */
function validateRuleCompilation(schema: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const walk = (s: Obj, p: string) => {
    arr(s['x-kubernetes-validations']).forEach((r, i) => {
      if (!isObj(r) || !ruleCompiler) return;
      const at = `${p}.x-kubernetes-validations[${i}]`;
      const rule = typeof r.rule === 'string' ? ruleCompiler.compileProblem(r.rule) : undefined;
      if (rule) errs.push(invalidGo(`${at}.rule`, r, goRule(r), rule));
      const message = typeof r.messageExpression === 'string' && r.messageExpression ? ruleCompiler.compileProblem(r.messageExpression) : undefined;
      if (message) errs.push(invalidGo(`${at}.messageExpression`, r, goRule(r), `messageExpression ${message}`));
    });
    for (const [k, v] of Object.entries(obj(s.properties))) if (isObj(v)) walk(v, `${p}.properties[${k}]`);
    if (isObj(s.items)) walk(s.items, `${p}.items`);
    if (isObj(s.additionalProperties)) walk(s.additionalProperties, `${p}.additionalProperties`);
  };
  walk(schema, path);
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Subresources, printer columns, conversion

function validateSimpleJSONPath(s: string, path: string): FieldError[] {
  if (s.length === 0) return [invalid(path, s, 'must not be empty')];
  if (s[0] !== '.') return [invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}

function validateSubresources(sub: unknown, path: string): FieldError[] {
  if (!has(sub)) return [];
  const scale = obj(sub).scale;
  if (!has(scale)) return [];
  const s = obj(scale);
  const errs: FieldError[] = [];
  for (const [f, prefix, msg] of [
    ['specReplicasPath', '.spec.', 'should be a json path under .spec'],
    ['statusReplicasPath', '.status.', 'should be a json path under .status'],
  ] as const) {
    const v = str(s[f]);
    const p = `${path}.scale.${f}`;
    if (v.length === 0) errs.push(required(p));
    else {
      const pathErrs = validateSimpleJSONPath(v, p);
      if (pathErrs.length > 0) errs.push(...pathErrs);
      else if (!v.startsWith(prefix)) errs.push(invalid(p, v, msg));
    }
  }
  const lsp = str(s.labelSelectorPath);
  if (lsp.length > 0) {
    const p = `${path}.scale.labelSelectorPath`;
    const pathErrs = validateSimpleJSONPath(lsp, p);
    if (pathErrs.length > 0) errs.push(...pathErrs);
    else if (!lsp.startsWith('.spec.') && !lsp.startsWith('.status.')) errs.push(invalid(p, lsp, 'should be a json path under either .spec or .status'));
  }
  return errs;
}

function validateColumn(col: unknown, path: string): FieldError[] {
  const c = obj(col);
  const errs: FieldError[] = [];
  if (str(c.name).length === 0) errs.push(required(`${path}.name`));
  const typesMsg = `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`;
  if (str(c.type).length === 0) errs.push(required(`${path}.type`, typesMsg));
  else if (!PRINTER_COLUMN_TYPES.includes(str(c.type))) errs.push(invalid(`${path}.type`, str(c.type), typesMsg));
  if (str(c.format).length > 0 && !PRINTER_COLUMN_FORMATS.includes(str(c.format))) {
    errs.push(invalid(`${path}.format`, str(c.format), `must be one of ${PRINTER_COLUMN_FORMATS.join(',')}`));
  }
  const jp = str(c.jsonPath);
  if (jp.length === 0) errs.push(required(`${path}.JSONPath`));
  else errs.push(...validateSimpleJSONPath(jp, `${path}.JSONPath`));
  return errs;
}

function validateConversion(conversion: unknown, requireRecognized: boolean, path: string): FieldError[] {
  if (!has(conversion)) return [];
  const c = obj(conversion);
  const errs: FieldError[] = [];
  const strategy = str(c.strategy);
  if (strategy === '') errs.push(required(`${path}.strategy`));
  else if (strategy !== 'None' && strategy !== 'Webhook') errs.push(notSupported(`${path}.strategy`, strategy, ['None', 'Webhook']));
  const webhook = obj(c.webhook);
  const clientConfig = webhook.clientConfig;
  const ccPath = `${path}.webhookClientConfig`;
  const reviewPath = `${path}.conversionReviewVersions`;
  if (strategy === 'Webhook') {
    if (!has(clientConfig)) errs.push(required(ccPath, 'required when strategy is set to Webhook'));
    else {
      const cc = obj(clientConfig);
      if (has(cc.url) === has(cc.service)) errs.push(required(ccPath, 'exactly one of url or service is required'));
      else if (has(cc.url)) errs.push(...validateWebhookURL(str(cc.url), `${ccPath}.url`));
      else errs.push(...validateWebhookService(obj(cc.service), `${ccPath}.service`));
    }
    errs.push(...validateReviewVersions(webhook.conversionReviewVersions, requireRecognized, reviewPath));
  } else {
    if (has(clientConfig)) errs.push(forbidden(ccPath, 'should not be set when strategy is not set to Webhook'));
    if (arr(webhook.conversionReviewVersions).length > 0) errs.push(forbidden(reviewPath, 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Names, versions, the whole spec

export function validateNames(names: unknown, path: string): FieldError[] {
  const n = obj(names);
  const errs: FieldError[] = [];
  for (const f of ['plural', 'singular']) {
    const v = str(n[f]);
    const e = isDNS1035Label(v);
    if (v.length > 0 && e.length > 0) errs.push(invalid(`${path}.${f}`, v, e.join(',')));
  }
  for (const f of ['kind', 'listKind']) {
    const v = str(n[f]);
    const e = isDNS1035Label(v.toLowerCase());
    if (v.length > 0 && e.length > 0) errs.push(invalid(`${path}.${f}`, v, `may have mixed case, but should otherwise match: ${e.join(',')}`));
  }
  arr(n.shortNames).forEach((s, i) => {
    const e = isDNS1035Label(str(s));
    if (e.length > 0) errs.push(invalid(`${path}.shortNames[${i}]`, str(s), e.join(',')));
  });
  if (str(n.kind).length > 0 && n.kind === n.listKind) errs.push(invalid(`${path}.listKind`, str(n.listKind), 'kind and listKind may not be the same'));
  arr(n.categories).forEach((c, i) => {
    const e = isDNS1035Label(str(c));
    if (e.length > 0) errs.push(invalid(`${path}.categories[${i}]`, str(c), e.join(',')));
  });
  return errs;
}

function validateDeprecationWarning(v: Obj, path: string): FieldError[] {
  if (!has(v.deprecationWarning)) return [];
  const w = str(v.deprecationWarning);
  if (v.deprecated !== true) return [invalid(path, w, 'can only be set for deprecated versions')];
  const errs: FieldError[] = [];
  if ([...w].length > 256 || w.length > 256) errs.push(invalid(path, w, 'must be <= 256 characters long'));
  if (w.length === 0) errs.push(invalid(path, w, 'must not be an empty string'));
  let idx = 0;
  for (const ch of w) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      errs.push(invalid(path, w, `must only contain printable UTF-8 characters; non-printable character found at index ${idx}`));
      break;
    }
    idx += new TextEncoder().encode(ch).length;
  }
  return errs;
}

const hasStatus = (sub: unknown): boolean => has(obj(sub).status);

interface SpecOptions {
  requireOpenAPISchema: boolean;
  requireRecognizedConversionReviewVersion: boolean;
}

export function validateCRDSpec(spec: Obj, opts: SpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  const group = str(spec.group);
  if (group.length === 0) errs.push(required('spec.group'));
  else {
    const e = isDNS1123Subdomain(group);
    if (e.length > 0) errs.push(invalid('spec.group', group, e.join(',')));
    else if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec.scope);
  if (scope === '') errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));

  const internal = internalSpec(spec);
  if (opts.requireOpenAPISchema && !isObj(obj(internal.validation).openAPIV3Schema)) {
    internal.versions.forEach((v, i) => {
      if (!isObj(obj(v.schema).openAPIV3Schema)) errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    });
  }

  let storageCount = 0;
  const seen = new Set<string>();
  let unique = true;
  internal.versions.forEach((v, i) => {
    const vp = `spec.versions[${i}]`;
    if (v.raw.storage === true) storageCount++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const e = isDNS1035Label(v.name);
    if (e.length > 0) errs.push(invalid(`${vp}.name`, v.name, e.join(',')));
    errs.push(...validateDeprecationWarning(v.raw, `${vp}.deprecationWarning`));
    const subresources = has(internal.subresources) ? internal.subresources : v.subresources;
    errs.push(...validateValidation(v.schema, hasStatus(subresources), `${vp}.schema`));
    errs.push(...validateSubresources(v.subresources, `${vp}.subresources`));
    arr(v.columns).forEach((c, j) => errs.push(...validateColumn(c, `${vp}.additionalPrinterColumns[${j}]`)));
  });
  if (!unique) errs.push(invalidGo('spec.versions', spec.versions, goVersions(spec, internal), 'must contain unique version names'));
  if (storageCount !== 1) errs.push(invalidGo('spec.versions', spec.versions ?? null, goVersions(spec, internal), 'must have exactly one version marked as storage version'));

  const names = obj(spec.names);
  for (const f of ['plural', 'singular', 'kind', 'listKind']) if (str(names[f]).length === 0) errs.push(required(`spec.names.${f}`));
  errs.push(...validateNames(names, 'spec.names'));
  const anyStatus = hasStatus(internal.subresources) || internal.versions.some((v) => hasStatus(v.subresources));
  errs.push(...validateValidation(internal.validation, anyStatus, 'spec.validation'));
  errs.push(...validateSubresources(internal.subresources, 'spec.subresources'));
  arr(internal.columns).forEach((c, j) => errs.push(...validateColumn(c, `spec.additionalPrinterColumns[${j}]`)));
  const strategy = str(obj(spec.conversion).strategy);
  if (has(spec.conversion) && strategy !== 'None' && spec.preserveUnknownFields === true) {
    errs.push(invalid('spec.conversion.strategy', strategy, 'must be None if spec.preserveUnknownFields is true'));
  }
  errs.push(...validateConversion(spec.conversion, opts.requireRecognizedConversionReviewVersion, 'spec.conversion'));
  return errs;
}

function validateStoredVersions(o: KObj): FieldError[] {
  const stored = arr(obj(o.status).storedVersions).map(String);
  const path = 'status.storedVersions';
  if (stored.length === 0) {
    const raw = obj(o.status).storedVersions;
    return [invalidGo(path, raw ?? null, Array.isArray(raw) ? '[]string{}' : '[]string(nil)', 'must have at least one stored version')];
  }
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i] as const));
  const spec = obj(o.spec);
  const internal = internalSpec(spec);
  for (const v of internal.versions) {
    const known = remaining.has(v.name);
    if (v.raw.storage === true && !known) {
      errs.push(invalidGo(path, v.raw, goVersions({ versions: [v.raw] }, { versions: [v] }).replace(/^\[\]apiextensions\.CustomResourceDefinitionVersion\{|\}$/g, ''), `must have the storage version ${v.name}`));
    }
    if (known) remaining.delete(v.name);
  }
  for (const [v, i] of remaining) errs.push(invalid(`${path}[${i}]`, v, 'must appear in spec.versions'));
  return errs;
}

function isProtectedGroup(group: string): boolean {
  return group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
}

type Approval = 'missing' | 'bypassed' | 'approved' | 'invalid';

function approvalState(annotations: Obj): { state: Approval; reason: string } {
  const a = str(annotations[API_APPROVAL_ANNOTATION]);
  const quoted = JSON.stringify(API_APPROVAL_ANNOTATION);
  if (a.length === 0) return { state: 'missing', reason: `protected groups must have approval annotation ${quoted}, see https://github.com/kubernetes/enhancements/pull/1111` };
  if (a.startsWith('unapproved')) return { state: 'bypassed', reason: `not approved: ${JSON.stringify(a)}` };
  try {
    const u = new URL(a);
    if (u.host.length > 0 && u.protocol.length > 1) return { state: 'approved', reason: `approved in ${a}` };
  } catch {
    // not a URL: falls through to invalid
  }
  return {
    state: 'invalid',
    reason: `protected groups must have approval annotation ${quoted} with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
  };
}

function validateAPIApproval(o: KObj, old?: KObj): FieldError[] {
  if (!isProtectedGroup(str(obj(o.spec).group))) return [];
  const annotations = obj(obj(o.metadata).annotations);
  const { state, reason } = approvalState(annotations);
  if (old && approvalState(obj(obj(old.metadata).annotations)).state === state) return [];
  const path = `metadata.annotations[${API_APPROVAL_ANNOTATION}]`;
  if (state === 'missing') return [required(path, reason)];
  if (state === 'invalid') return [invalid(path, str(annotations[API_APPROVAL_ANNOTATION]), reason)];
  return [];
}

function validatePreserveUnknownFields(o: KObj, old?: KObj): FieldError[] {
  if (old && obj(old.spec).preserveUnknownFields === true) return [];
  if (obj(o.spec).preserveUnknownFields === true) {
    return [invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead')];
  }
  return [];
}

const validateStatusNames = (o: KObj): FieldError[] => validateNames(obj(obj(o.status).acceptedNames), 'status.acceptedNames');

export function validateCRDCreate(o: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj(o.spec);
  const meta = obj(o.metadata);
  const requiredName = `${str(obj(spec.names).plural)}.${str(spec.group)}`;
  const msg = 'must be spec.names.plural+"."+spec.group';
  if (str(meta.generateName).length > 0 && meta.generateName !== requiredName) errs.push(invalid('metadata.generateName', str(meta.generateName), msg));
  if (str(meta.name).length > 0 && meta.name !== requiredName) errs.push(invalid('metadata.name', str(meta.name), msg));
  errs.push(...validateCRDSpec(spec, { requireOpenAPISchema: true, requireRecognizedConversionReviewVersion: true }));
  errs.push(...validateStatusNames(o));
  errs.push(...validateStoredVersions(o));
  errs.push(...validateAPIApproval(o));
  errs.push(...validatePreserveUnknownFields(o));
  return errs;
}

const isEstablished = (o: KObj): boolean => arr(obj(o.status).conditions).some((c) => obj(c).type === 'Established' && obj(c).status === 'True');

export function validateCRDUpdate(o: KObj, old: KObj): FieldError[] {
  const spec = obj(o.spec);
  const oldSpec = obj(old.spec);
  const oldInternal = internalSpec(oldSpec);
  const oldHadSchemas =
    isObj(obj(oldInternal.validation).openAPIV3Schema) || (oldInternal.versions.length > 0 && oldInternal.versions.every((v) => isObj(obj(v.schema).openAPIV3Schema)));
  const oldReview = arr(obj(obj(oldSpec.conversion).webhook).conversionReviewVersions).map(String);
  const errs = validateCRDSpec(spec, {
    requireOpenAPISchema: oldHadSchemas,
    requireRecognizedConversionReviewVersion: oldReview.length === 0 || oldReview.some((v) => ACCEPTED_REVIEW_VERSIONS.includes(v)),
  });
  const imm = (path: string, a: unknown, b: unknown): void => {
    if (str(a) !== str(b)) errs.push(invalid(path, str(a), 'field is immutable'));
  };
  if (isEstablished(old)) {
    imm('spec.scope', spec.scope, oldSpec.scope);
    imm('spec.names.kind', obj(spec.names).kind, obj(oldSpec.names).kind);
  }
  imm('spec.group', spec.group, oldSpec.group);
  imm('spec.names.plural', obj(spec.names).plural, obj(oldSpec.names).plural);
  errs.push(...validateStatusNames(o));
  errs.push(...validateStoredVersions(o));
  errs.push(...validateAPIApproval(o, old));
  errs.push(...validatePreserveUnknownFields(o, old));
  return errs;
}

export const customResourceDefinitionStrategy: StrategyOverrides = {
  generation: true,
  nameValidator: nameIsDNSSubdomain,
  defaults: defaultCRD,
  prepareForCreate(o) {
    o.status = { acceptedNames: { kind: '', plural: '' } };
    recordStorageVersion(o);
  },
  prepareForUpdate: recordStorageVersion,
  load: loadRuleCompiler,
  validate: (o) => (isUpdate(o) ? [] : validateCRDCreate(o)),
  validateUpdate: validateCRDUpdate,
  validateStatusUpdate: validateStatusNames,
};
