// CustomResourceDefinition schema validation as apiextensions-apiserver does it on create:
// the OpenAPI v3 schema rules of ValidateCustomResourceDefinitionOpenAPISchema, conversion to a
// structural schema (NewStructural) and its invariants (ValidateStructural: types everywhere,
// metadata only restricting name/generateName, value validations not introducing structure, ...)
// and the validation of default values (ValidateDefaults). Paths and messages are upstream's.
//
// x-kubernetes-validations (CEL) rules are compiled by the CRD strategy (cel/rules.ts), not here.

import type { FieldError } from '../field-errors.js';
import { compareStrings, goQuote } from '../validation/names.js';
import { compileGoRegexp } from './go-regexp.js';
import { pruneUnknownFields } from './prune.js';
import {
  asSchema,
  child,
  indexPath,
  isObject,
  jsonClone,
  jsonEqual,
  keyPath,
  own,
  sAdditionalProperties,
  sDefault,
  sEmbedded,
  sItems,
  sItemsArray,
  sListType,
  sMapType,
  sNullable,
  sProperties,
  sProperty,
  sSchemaList,
  sStringArray,
  sType,
  type Schema,
} from './schema-util.js';
import { validateAgainstSchema, validateEmbeddedObjectMeta } from './validate-custom-resource.js';

// ---------------------------------------------------------------------------------------------
// Field error constructors (the body format lives in ../field-errors.ts)

const required = (field: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field, detail: detail || undefined });
const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail, showValue: true });
const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  value,
  showValue: true,
  detail: `supported values: ${supported.map(goQuote).join(', ')}`,
});

/** field.Error.Error(): "<field>: <body>", used for upstream's sort order. */
function errorString(e: FieldError): string {
  const v = e.value;
  const val = v === undefined || v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  let body: string;
  switch (e.type) {
    case 'FieldValueRequired':
      body = 'Required value';
      break;
    case 'FieldValueForbidden':
      body = 'Forbidden';
      break;
    case 'FieldValueNotSupported':
      body = `Unsupported value: ${val}`;
      break;
    default:
      body = `Invalid value: ${val}`;
  }
  if (e.detail) body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

// ---------------------------------------------------------------------------------------------
// Structural schema (k8s.io/apiextensions-apiserver/pkg/apiserver/schema)

interface Generic {
  description: string;
  type: string;
  title: string;
  default: unknown; // undefined when unset
  nullable: boolean;
}

interface Extensions {
  preserveUnknownFields: boolean;
  embeddedResource: boolean;
  intOrString: boolean;
  listMapKeys: string[] | undefined;
  listType: string | undefined;
  mapType: string | undefined;
}

interface ValueValidation {
  format: string;
  maximum: number | undefined;
  exclusiveMaximum: boolean;
  minimum: number | undefined;
  exclusiveMinimum: boolean;
  maxLength: number | undefined;
  minLength: number | undefined;
  pattern: string;
  maxItems: number | undefined;
  minItems: number | undefined;
  uniqueItems: boolean;
  multipleOf: number | undefined;
  enum: unknown[] | undefined;
  maxProperties: number | undefined;
  minProperties: number | undefined;
  required: string[] | undefined;
  allOf: Nested[] | undefined;
  oneOf: Nested[] | undefined;
  anyOf: Nested[] | undefined;
  not: Nested | undefined;
}

interface Structural {
  items: Structural | undefined;
  properties: Map<string, Structural> | undefined;
  generic: Generic;
  additionalProperties: { structural: Structural | undefined; bool: boolean } | undefined;
  ext: Extensions;
  xValidations: unknown[] | undefined;
  vv: ValueValidation;
}

interface Nested {
  vv: ValueValidation;
  xValidations: unknown[] | undefined;
  items: Nested | undefined;
  properties: Map<string, Nested> | undefined;
  additionalProperties: boolean; // anything set
  generic: Generic;
  ext: Extensions;
}

class StructuralError extends Error {}

const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v !== '';
const nonEmptyObject = (v: unknown): boolean => isObject(v) && Object.keys(v).length > 0;

function checkUnsupported(s: Schema): void {
  if (nonEmptyString(own(s, 'id'))) throw new StructuralError("OpenAPIV3Schema 'id' is not supported");
  if (nonEmptyString(own(s, '$schema'))) throw new StructuralError("OpenAPIV3Schema 'schema' is not supported");
  if (nonEmptyString(own(s, '$ref'))) throw new StructuralError("OpenAPIV3Schema '$ref' is not supported");
  if (nonEmptyObject(own(s, 'patternProperties'))) throw new StructuralError("OpenAPIV3Schema 'patternProperties' is not supported");
  if (nonEmptyObject(own(s, 'dependencies'))) throw new StructuralError("OpenAPIV3Schema 'dependencies' is not supported");
  const ai = own(s, 'additionalItems');
  if (ai !== undefined && ai !== null) throw new StructuralError("OpenAPIV3Schema 'additionalItems' is not supported");
  if (nonEmptyObject(own(s, 'definitions'))) throw new StructuralError("OpenAPIV3Schema 'definitions' is not supported");
}

const optNum = (s: Schema, k: string): number | undefined => {
  const v = own(s, k);
  return typeof v === 'number' ? v : undefined;
};
const optStr = (s: Schema, k: string): string => {
  const v = own(s, k);
  return typeof v === 'string' ? v : '';
};
const optArr = (s: Schema, k: string): unknown[] | undefined => {
  const v = own(s, k);
  return Array.isArray(v) ? v : undefined;
};

function newGeneric(s: Schema): Generic {
  return {
    description: optStr(s, 'description'),
    type: sType(s),
    title: optStr(s, 'title'),
    default: sDefault(s)?.value,
    nullable: sNullable(s),
  };
}

function newExtensions(s: Schema): Extensions {
  const p = own(s, 'x-kubernetes-preserve-unknown-fields');
  if (p === false) throw new StructuralError("internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined");
  return {
    preserveUnknownFields: p === true,
    embeddedResource: own(s, 'x-kubernetes-embedded-resource') === true,
    intOrString: own(s, 'x-kubernetes-int-or-string') === true,
    listMapKeys: sStringArray(s, 'x-kubernetes-list-map-keys'),
    listType: sListType(s),
    mapType: sMapType(s),
  };
}

function nestedList(s: Schema, k: 'allOf' | 'anyOf' | 'oneOf'): Nested[] | undefined {
  const l = sSchemaList(s, k);
  if (!l || l.length === 0) return undefined;
  return l.map(newNested);
}

function newValueValidation(s: Schema): ValueValidation {
  const notS = asSchema(own(s, 'not'));
  const not = notS ? newNested(notS) : undefined;
  const en = optArr(s, 'enum');
  return {
    format: optStr(s, 'format'),
    maximum: optNum(s, 'maximum'),
    exclusiveMaximum: own(s, 'exclusiveMaximum') === true,
    minimum: optNum(s, 'minimum'),
    exclusiveMinimum: own(s, 'exclusiveMinimum') === true,
    maxLength: optNum(s, 'maxLength'),
    minLength: optNum(s, 'minLength'),
    pattern: optStr(s, 'pattern'),
    maxItems: optNum(s, 'maxItems'),
    minItems: optNum(s, 'minItems'),
    uniqueItems: own(s, 'uniqueItems') === true,
    multipleOf: optNum(s, 'multipleOf'),
    enum: en && en.length > 0 ? en : undefined,
    maxProperties: optNum(s, 'maxProperties'),
    minProperties: optNum(s, 'minProperties'),
    required: sStringArray(s, 'required'),
    not,
    allOf: nestedList(s, 'allOf'),
    anyOf: nestedList(s, 'anyOf'),
    oneOf: nestedList(s, 'oneOf'),
  };
}

function checkItemsNotArray(s: Schema): void {
  const a = sItemsArray(s);
  if (a && a.length > 0) throw new StructuralError("OpenAPIV3Schema 'items' must be a schema, but is an array");
}

function newNested(s: Schema): Nested {
  checkUnsupported(s);
  const vv = newValueValidation(s);
  const ap = sAdditionalProperties(s);
  if (ap?.schema) newNested(ap.schema);
  const generic = newGeneric(s);
  const ext = newExtensions(s);
  checkItemsNotArray(s);
  const it = sItems(s);
  const props = own(s, 'properties');
  let properties: Map<string, Nested> | undefined;
  if (isObject(props)) {
    properties = new Map();
    for (const [k, v] of sProperties(s)!) properties.set(k, newNested(v));
  }
  return {
    vv,
    xValidations: optArr(s, 'x-kubernetes-validations'),
    items: it ? newNested(it) : undefined,
    properties,
    additionalProperties: ap !== undefined,
    generic,
    ext,
  };
}

function newStructural(s: Schema): Structural {
  checkUnsupported(s);
  const vv = newValueValidation(s);
  const ap = sAdditionalProperties(s);
  const additionalProperties = ap ? { structural: ap.schema ? newStructural(ap.schema) : undefined, bool: ap.allows } : undefined;
  const generic = newGeneric(s);
  const ext = newExtensions(s);
  checkItemsNotArray(s);
  const it = sItems(s);
  const items = it ? newStructural(it) : undefined;
  let properties: Map<string, Structural> | undefined;
  const props = sProperties(s);
  if (props && props.length > 0) {
    properties = new Map();
    for (const [k, v] of props) properties.set(k, newStructural(v));
  }
  return { items, properties, generic, additionalProperties, ext, xValidations: optArr(s, 'x-kubernetes-validations'), vv };
}

const zeroGeneric = (g: Generic): boolean => g.description === '' && g.type === '' && g.title === '' && g.default === undefined && !g.nullable;
const zeroExtensions = (x: Extensions): boolean =>
  !x.preserveUnknownFields && !x.embeddedResource && !x.intOrString && x.listMapKeys === undefined && x.listType === undefined && x.mapType === undefined;
const zeroValueValidation = (v: ValueValidation): boolean =>
  v.format === '' &&
  v.maximum === undefined &&
  !v.exclusiveMaximum &&
  v.minimum === undefined &&
  !v.exclusiveMinimum &&
  v.maxLength === undefined &&
  v.minLength === undefined &&
  v.pattern === '' &&
  v.maxItems === undefined &&
  v.minItems === undefined &&
  !v.uniqueItems &&
  v.multipleOf === undefined &&
  v.enum === undefined &&
  v.maxProperties === undefined &&
  v.minProperties === undefined &&
  v.required === undefined &&
  v.allOf === undefined &&
  v.oneOf === undefined &&
  v.anyOf === undefined &&
  v.not === undefined;

/** A nested value validation that is exactly {type: <t>}. */
const isPlainType = (n: Nested, t: string): boolean =>
  n.generic.type === t &&
  zeroGeneric({ ...n.generic, type: '' }) &&
  zeroExtensions(n.ext) &&
  zeroValueValidation(n.vv) &&
  n.xValidations === undefined &&
  n.items === undefined &&
  n.properties === undefined &&
  !n.additionalProperties;

const isIntOrStringAnyOf = (l: Nested[] | undefined): boolean => !!l && l.length === 2 && isPlainType(l[0]!, 'integer') && isPlainType(l[1]!, 'string');

type Level = 'root' | 'item' | 'field';

function validateStructuralInvariants(s: Structural | undefined, lvl: Level, p: string, errs: FieldError[]): void {
  if (!s) return;
  const t = s.generic.type;
  if (t === 'array' && !s.items) errs.push(required(child(p, 'items'), 'must be specified'));
  validateStructuralInvariants(s.items, 'item', child(p, 'items'), errs);
  for (const [k, v] of s.properties ?? []) validateStructuralInvariants(v, 'field', keyPath(child(p, 'properties'), k), errs);
  if (s.additionalProperties) {
    if (lvl === 'root') errs.push(forbidden(child(p, 'additionalProperties'), 'must not be used at the root'));
    if (s.additionalProperties.structural) validateStructuralInvariants(s.additionalProperties.structural, 'field', child(p, 'additionalProperties'), errs);
  }
  const x = s.ext;
  if (x.intOrString && x.preserveUnknownFields) {
    errs.push(invalid(child(p, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (x.intOrString && x.embeddedResource) {
    errs.push(invalid(child(p, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  const skipAnyOf = isIntOrStringAnyOf(s.vv.anyOf);
  const skipFirstAllOfAnyOf = !!s.vv.allOf && s.vv.allOf.length >= 1 && isIntOrStringAnyOf(s.vv.allOf[0]!.vv.anyOf);
  validateValueValidation(s.vv, skipAnyOf, skipFirstAllOfAnyOf, lvl, p, errs);

  const checkMetadata = lvl === 'root' || x.embeddedResource;
  if (x.embeddedResource && t !== 'object') {
    if (t === '') errs.push(required(child(p, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(invalid(child(p, 'type'), t, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (t === '' && !x.intOrString && !x.preserveUnknownFields) {
    const detail =
      lvl === 'root' ? 'must not be empty at the root' : lvl === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push(required(child(p, 'type'), detail));
  }
  if (x.embeddedResource && s.additionalProperties) {
    errs.push(forbidden(child(p, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (lvl === 'root' && t !== '' && t !== 'object') errs.push(invalid(child(p, 'type'), t, 'must be object at the root'));

  const kind = s.properties?.get('kind');
  if (kind && checkMetadata && kind.generic.type !== 'string') {
    errs.push(invalid(child(keyPath(child(p, 'properties'), 'kind'), 'type'), kind.generic.type, 'must be string'));
  }
  const apiVersion = s.properties?.get('apiVersion');
  if (apiVersion && checkMetadata && apiVersion.generic.type !== 'string') {
    errs.push(invalid(child(keyPath(child(p, 'properties'), 'apiVersion'), 'type'), apiVersion.generic.type, 'must be string'));
  }
  const metadata = s.properties?.get('metadata');
  if (metadata) validateMetadataInvariants(metadata, checkMetadata, lvl, keyPath(child(p, 'properties'), 'metadata'), errs);

  if (x.embeddedResource && !x.preserveUnknownFields && (s.properties?.size ?? 0) === 0) {
    errs.push(
      required(child(p, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'),
    );
  }
}

function validateMetadataInvariants(s: Structural, checkMetadata: boolean, lvl: Level, p: string, errs: FieldError[]): void {
  if (checkMetadata && s.generic.type !== 'object') errs.push(invalid(child(p, 'type'), s.generic.type, 'must be object'));
  if (lvl !== 'root') return;
  let props = s.properties;
  if (props) {
    const n = props.size;
    const foundName = props.has('name');
    const foundGenerateName = props.has('generateName');
    if ((foundName && foundGenerateName && n === 2) || ((foundName || foundGenerateName) && n === 1)) props = undefined;
  }
  const clean =
    s.items === undefined &&
    props === undefined &&
    zeroGeneric({ ...s.generic, type: '', default: undefined }) &&
    s.additionalProperties === undefined &&
    zeroExtensions(s.ext) &&
    s.xValidations === undefined &&
    zeroValueValidation(s.vv);
  if (!clean) {
    errs.push(forbidden(p, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
}

function validateValueValidation(v: ValueValidation, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, lvl: Level, p: string, errs: FieldError[]): void {
  if (!skipAnyOf) (v.anyOf ?? []).forEach((n, i) => validateNested(n, false, false, lvl, indexPath(child(p, 'anyOf'), i), errs));
  (v.allOf ?? []).forEach((n, i) => validateNested(n, skipFirstAllOfAnyOf && i === 0, false, lvl, indexPath(child(p, 'allOf'), i), errs));
  (v.oneOf ?? []).forEach((n, i) => validateNested(n, false, false, lvl, indexPath(child(p, 'oneOf'), i), errs));
  if (v.not) validateNested(v.not, false, false, lvl, child(p, 'not'), errs);
  if (v.pattern !== '') {
    const r = compileGoRegexpCached(v.pattern);
    if (r) errs.push(invalid(child(p, 'pattern'), v.pattern, `must be a valid regular expression, but isn't: ${r}`));
  }
}

function validateNested(n: Nested, skipAnyOf: boolean, skipAllOfAnyOf: boolean, lvl: Level, p: string, errs: FieldError[]): void {
  validateValueValidation(n.vv, skipAnyOf, skipAllOfAnyOf, lvl, p, errs);
  if (n.items) validateNested(n.items, false, false, lvl, child(p, 'items'), errs);
  for (const [k, f] of n.properties ?? []) validateNested(f, false, false, 'field', keyPath(child(p, 'properties'), k), errs);
  if (n.generic.type !== '') errs.push(forbidden(child(p, 'type'), 'must be empty to be structural'));
  if (n.additionalProperties) errs.push(forbidden(child(p, 'additionalProperties'), 'must be undefined to be structural'));
  if (n.generic.default !== undefined) errs.push(forbidden(child(p, 'default'), 'must be undefined to be structural'));
  if (n.generic.title !== '') errs.push(forbidden(child(p, 'title'), 'must be empty to be structural'));
  if (n.generic.description !== '') errs.push(forbidden(child(p, 'description'), 'must be empty to be structural'));
  if (n.generic.nullable) errs.push(forbidden(child(p, 'nullable'), 'must be false to be structural'));
  if (n.ext.preserveUnknownFields) errs.push(forbidden(child(p, 'x-kubernetes-preserve-unknown-fields'), 'must be false to be structural'));
  if (n.ext.embeddedResource) errs.push(forbidden(child(p, 'x-kubernetes-embedded-resource'), 'must be false to be structural'));
  if (n.ext.intOrString) errs.push(forbidden(child(p, 'x-kubernetes-int-or-string'), 'must be false to be structural'));
  if (n.ext.listMapKeys && n.ext.listMapKeys.length > 0) errs.push(forbidden(child(p, 'x-kubernetes-list-map-keys'), 'must be empty to be structural'));
  if (n.ext.listType !== undefined) errs.push(forbidden(child(p, 'x-kubernetes-list-type'), 'must be undefined to be structural'));
  if (n.ext.mapType !== undefined) errs.push(forbidden(child(p, 'x-kubernetes-map-type'), 'must be undefined to be structural'));
  if (n.xValidations && n.xValidations.length > 0) errs.push(forbidden(child(p, 'x-kubernetes-validations'), 'must be empty to be structural'));
  if (n.properties?.has('metadata')) errs.push(forbidden(keyPath(child(p, 'properties'), 'metadata'), 'must not be specified in a nested context'));
}

// completeness: everything value validations mention must exist in the structural schema
function validateVVCompleteness(v: ValueValidation, s: Structural | undefined, sPath: string, vPath: string, errs: FieldError[]): void {
  if (!s) {
    errs.push(required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  if (v.not) validateNestedCompleteness(v.not, s, sPath, child(vPath, 'not'), errs);
  (v.allOf ?? []).forEach((n, i) => validateNestedCompleteness(n, s, sPath, indexPath(child(vPath, 'allOf'), i), errs));
  (v.anyOf ?? []).forEach((n, i) => validateNestedCompleteness(n, s, sPath, indexPath(child(vPath, 'anyOf'), i), errs));
  (v.oneOf ?? []).forEach((n, i) => validateNestedCompleteness(n, s, sPath, indexPath(child(vPath, 'oneOf'), i), errs));
}

function validateNestedCompleteness(n: Nested, s: Structural | undefined, sPath: string, vPath: string, errs: FieldError[]): void {
  if (!s) {
    errs.push(required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  validateVVCompleteness(n.vv, s, sPath, vPath, errs);
  if (n.items) validateNestedCompleteness(n.items, s.items, child(sPath, 'items'), child(vPath, 'items'), errs);
  for (const [k, f] of n.properties ?? []) {
    const sf = s.properties?.get(k);
    if (!sf) errs.push(required(keyPath(child(sPath, 'properties'), k), `because it is defined in ${keyPath(child(vPath, 'properties'), k)}`));
    else validateNestedCompleteness(f, sf, keyPath(child(sPath, 'properties'), k), keyPath(child(vPath, 'properties'), k), errs);
  }
}

// The regexp check of ValidateStructural; returns Go's error text or undefined.
function compileGoRegexpCached(pattern: string): string | undefined {
  return compileGoRegexp(pattern).error;
}

/** NewStructural's error for a schema, or undefined if it converts. */
export function structuralConversionError(schema: unknown): string | undefined {
  const s = asSchema(schema);
  if (!s) return undefined;
  try {
    newStructural(s);
    return undefined;
  } catch (e) {
    if (e instanceof StructuralError) return e.message;
    throw e;
  }
}

/**
 * Checks that a CRD's openAPIV3Schema is structural (NewStructural + ValidateStructural).
 * fldPath is the path of the schema itself, e.g. "spec.validation.openAPIV3Schema" or
 * "spec.versions[0].schema.openAPIV3Schema". Errors are sorted as upstream sorts them.
 * A schema that cannot be converted yields one "Invalid value: \"\"" error at fldPath.
 */
export function validateStructuralSchema(schema: unknown, fldPath: string): FieldError[] {
  const s = asSchema(schema);
  if (!s) return [];
  let ss: Structural;
  try {
    ss = newStructural(s);
  } catch (e) {
    if (e instanceof StructuralError) return [invalid(fldPath, '', e.message)];
    throw e;
  }
  const errs: FieldError[] = [];
  validateStructuralInvariants(ss, 'root', fldPath, errs);
  validateVVCompleteness(ss.vv, ss, fldPath, fldPath, errs);
  return errs
    .map((e) => [errorString(e), e] as const)
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([, e]) => e);
}

// ---------------------------------------------------------------------------------------------
// Default values (structuraldefaulting.ValidateDefaults)

const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

function validateDefaults(s: Schema, p: string, embedded: boolean, insideMeta: boolean, errs: FieldError[]): void {
  const isEmbedded = embedded || sEmbedded(s);
  if (isEmbedded) insideMeta = false;
  const d = sDefault(s);
  if (d && !insideMeta) {
    const dp = child(p, 'default');
    const pruned = jsonClone(d.value);
    pruneUnknownFields(s, pruned, { isResourceRoot: isEmbedded });
    if (!jsonEqual(pruned, d.value)) errs.push(invalid(dp, d.value, 'must not have unknown fields'));
    const metaErrs = validateEmbeddedObjectMeta(s, d.value, dp, isEmbedded);
    if (metaErrs.length > 0) errs.push(...metaErrs);
    else errs.push(...validateAgainstSchema(s, d.value, dp));
  }
  // additionalProperties are not followed: defaults are forbidden there
  const it = sItems(s);
  if (it) validateDefaults(it, child(p, 'items'), false, insideMeta, errs);
  for (const [k, sub] of sProperties(s) ?? []) {
    validateDefaults(sub, keyPath(child(p, 'properties'), k), false, insideMeta || (isEmbedded && META_FIELDS.has(k)), errs);
  }
}

// ---------------------------------------------------------------------------------------------
// OpenAPI schema rules of CRD validation (ValidateCustomResourceDefinitionOpenAPISchema)

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

interface Ssv {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
}

function ssvValidate(s: Schema, p: string, ssv: Ssv, errs: FieldError[]): void {
  const t = sType(s);
  if (t !== '' && !OPENAPI_V3_TYPES.includes(t)) errs.push(notSupported(child(p, 'type'), t, OPENAPI_V3_TYPES));
  if (sDefault(s) && !ssv.allowDefaults) {
    errs.push(forbidden(child(p, 'default'), `must not be set${ssv.disallowDefaultsReason ? ` ${ssv.disallowDefaultsReason}` : ''}`));
  }
  if (nonEmptyString(own(s, 'id'))) errs.push(forbidden(child(p, 'id'), 'id is not supported'));
  const ai = own(s, 'additionalItems');
  if (ai !== undefined && ai !== null) errs.push(forbidden(child(p, 'additionalItems'), 'additionalItems is not supported'));
  if (nonEmptyObject(own(s, 'patternProperties'))) errs.push(forbidden(child(p, 'patternProperties'), 'patternProperties is not supported'));
  if (nonEmptyObject(own(s, 'definitions'))) errs.push(forbidden(child(p, 'definitions'), 'definitions is not supported'));
  const deps = own(s, 'dependencies');
  if (deps !== undefined && deps !== null) errs.push(forbidden(child(p, 'dependencies'), 'dependencies is not supported'));
  const ref = own(s, '$ref');
  if (ref !== undefined && ref !== null) errs.push(forbidden(child(p, '$ref'), '$ref is not supported'));
  if (t === 'null') errs.push(forbidden(child(p, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  const ia = sItemsArray(s);
  if (ia && ia.length > 0) errs.push(forbidden(child(p, 'items'), 'items must be a schema object and not an array'));
  if (ssv.insideResourceMeta && sEmbedded(s)) {
    errs.push(forbidden(child(p, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
}

function validateOpenAPISchema(s: Schema | undefined, p: string, ssv: Ssv, isRoot: boolean, errs: FieldError[]): void {
  if (!s) return;
  ssvValidate(s, p, ssv, errs);
  if (own(s, 'uniqueItems') === true) {
    errs.push(forbidden(child(p, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  }
  const props = sProperties(s) ?? [];
  const ap = sAdditionalProperties(s);
  if (ap) {
    if (props.length > 0 && (!ap.allows || ap.schema)) {
      errs.push(forbidden(child(p, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    const sub = ssv.insideResourceMeta
      ? { ...ssv, allowDefaults: false, disallowDefaultsReason: 'inside additionalProperties applying to object metadata' }
      : ssv;
    validateOpenAPISchema(ap.schema, child(p, 'additionalProperties'), sub, false, errs);
  }
  for (const [k, sub] of props) {
    let subSsv = ssv;
    if ((isRoot || sEmbedded(s)) && META_FIELDS.has(k)) {
      subSsv = { ...subSsv, insideResourceMeta: true };
      if (isRoot) subSsv = { ...subSsv, allowDefaults: false, disallowDefaultsReason: `in top-level ${k}` };
    }
    validateOpenAPISchema(sub, keyPath(child(p, 'properties'), k), subSsv, false, errs);
  }
  validateOpenAPISchema(asSchema(own(s, 'not')), child(p, 'not'), ssv, false, errs);
  for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
    (sSchemaList(s, k) ?? []).forEach((sub, i) => validateOpenAPISchema(sub, indexPath(child(p, k), i), ssv, false, errs));
  }
  const defs = own(s, 'definitions');
  if (isObject(defs)) {
    for (const k of Object.keys(defs)) validateOpenAPISchema(asSchema(defs[k]) ?? {}, keyPath(child(p, 'definitions'), k), ssv, false, errs);
  }
  const it = sItems(s);
  if (it) validateOpenAPISchema(it, child(p, 'items'), ssv, false, errs);
  (sItemsArray(s) ?? []).forEach((sub, i) => validateOpenAPISchema(sub, indexPath(child(p, 'items'), i), ssv, false, errs));
  const deps = own(s, 'dependencies');
  if (isObject(deps)) {
    for (const k of Object.keys(deps)) validateOpenAPISchema(asSchema(deps[k]), keyPath(child(p, 'dependencies'), k), ssv, false, errs);
  }

  const t = sType(s);
  if (own(s, 'x-kubernetes-preserve-unknown-fields') === false) {
    errs.push(invalid(child(p, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  const mapType = sMapType(s);
  if (mapType !== undefined && t !== 'object') {
    if (t === '') errs.push(required(child(p, 'type'), 'must be object if x-kubernetes-map-type is specified'));
    else errs.push(invalid(child(p, 'type'), t, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(notSupported(child(p, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const listType = sListType(s);
  if (listType !== undefined && t !== 'array') {
    if (t === '') errs.push(required(child(p, 'type'), 'must be array if x-kubernetes-list-type is specified'));
    else errs.push(invalid(child(p, 'type'), t, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && it) {
    const itType = sType(it);
    const itList = sListType(it);
    const itMap = sMapType(it);
    if (itType === 'array' && itList !== undefined && itList !== 'atomic') {
      errs.push(invalid(child(child(p, 'items'), 'x-kubernetes-list-type'), itList, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    } else if (itType === 'object' && itMap !== 'atomic') {
      // upstream reports the item's list type here (a nil pointer prints as "null")
      errs.push(invalid(child(child(p, 'items'), 'x-kubernetes-map-type'), itList ?? 'null', 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (listType !== undefined && listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
    errs.push(notSupported(child(p, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  const mapKeys = sStringArray(s, 'x-kubernetes-list-map-keys') ?? [];
  if (mapKeys.length > 0) {
    if (listType === undefined) errs.push(required(child(p, 'x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errs.push(invalid(child(p, 'x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  const rawItems = own(s, 'items');
  if (listType === 'map') {
    if (mapKeys.length === 0) errs.push(required(child(p, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (rawItems === undefined || rawItems === null) errs.push(required(child(p, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (Array.isArray(rawItems)) errs.push(invalid(child(p, 'items'), rawItems, 'must only have a single schema if x-kubernetes-list-type is map'));
    if (it && sType(it) !== 'object') {
      errs.push(invalid(child(child(p, 'items'), 'type'), sType(it), "must be object if parent array's x-kubernetes-list-type is map"));
    }
    if (it && sType(it) === 'object') {
      const seen = new Set<string>();
      for (const k of mapKeys) {
        const ks = sProperty(it, k);
        if (ks) {
          const kt = sType(ks);
          if (kt === 'array' || kt === 'object') {
            errs.push(invalid(child(keyPath(child(child(p, 'items'), 'properties'), k), 'type'), sType(it), "must be a scalar type if parent array's x-kubernetes-list-type is map"));
          }
        } else {
          errs.push(invalid(child(p, 'x-kubernetes-list-map-keys'), mapKeys, 'entries must all be names of item properties'));
        }
        if (seen.has(k)) errs.push(invalid(child(p, 'x-kubernetes-list-map-keys'), mapKeys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  // validateMapListKeysMapSet
  if (it && (listType === 'set' || listType === 'map')) {
    if (sNullable(it)) errs.push(forbidden(child(child(p, 'items'), 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    if (listType === 'map') {
      const req = new Set(sStringArray(it, 'required') ?? []);
      for (const k of mapKeys) {
        const ks = sProperty(it, k);
        if (!ks) continue;
        const kp = keyPath(child(child(p, 'items'), 'properties'), k);
        if (!req.has(k) && !sDefault(ks)) {
          errs.push(required(child(kp, 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        }
        if (sNullable(ks)) errs.push(forbidden(child(kp, 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
      }
    }
  }
}

// Schema fields in the order of the internal JSONSchemaProps struct, with whether the field is
// allowed at the root when the status subresource is enabled.
const ROOT_FIELDS: [string, boolean, 'bool' | 'str' | 'any'][] = [
  ['id', false, 'str'],
  ['$schema', false, 'str'],
  ['$ref', false, 'any'],
  ['description', true, 'str'],
  ['type', true, 'str'],
  ['nullable', false, 'bool'],
  ['format', true, 'str'],
  ['title', true, 'str'],
  ['default', false, 'any'],
  ['maximum', true, 'any'],
  ['exclusiveMaximum', true, 'bool'],
  ['minimum', true, 'any'],
  ['exclusiveMinimum', true, 'bool'],
  ['maxLength', true, 'any'],
  ['minLength', true, 'any'],
  ['pattern', true, 'str'],
  ['maxItems', true, 'any'],
  ['minItems', true, 'any'],
  ['uniqueItems', true, 'bool'],
  ['multipleOf', true, 'any'],
  ['enum', false, 'any'],
  ['maxProperties', false, 'any'],
  ['minProperties', false, 'any'],
  ['required', true, 'any'],
  ['items', true, 'any'],
  ['allOf', false, 'any'],
  ['oneOf', false, 'any'],
  ['anyOf', false, 'any'],
  ['not', false, 'any'],
  ['properties', true, 'any'],
  ['additionalProperties', false, 'any'],
  ['patternProperties', false, 'any'],
  ['dependencies', false, 'any'],
  ['additionalItems', false, 'any'],
  ['definitions', false, 'any'],
  ['externalDocs', true, 'any'],
  ['example', true, 'any'],
  ['x-kubernetes-preserve-unknown-fields', true, 'any'],
  ['x-kubernetes-embedded-resource', false, 'bool'],
  ['x-kubernetes-int-or-string', false, 'bool'],
  ['x-kubernetes-list-map-keys', false, 'any'],
  ['x-kubernetes-list-type', false, 'any'],
  ['x-kubernetes-map-type', false, 'any'],
  ['x-kubernetes-validations', true, 'any'],
];

const ALLOWED_AT_ROOT_MSG =
  'only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled';

function statusRootErrors(s: Schema, p: string): FieldError[] {
  for (const [k, allowed, kind] of ROOT_FIELDS) {
    const v = own(s, k);
    const set = kind === 'bool' ? v === true : kind === 'str' ? typeof v === 'string' && v !== '' : v !== undefined && v !== null;
    if (!set) continue;
    if (k === 'type') {
      if (v !== 'object') return [invalid(child(p, 'type'), v, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled')];
      continue;
    }
    if (!allowed) return [invalid(p, s, ALLOWED_AT_ROOT_MSG)];
  }
  return [];
}

export interface CRDSchemaValidationOptions {
  /** The status subresource is enabled for the version(s) using this schema. */
  statusEnabled?: boolean;
}

/**
 * Validates one openAPIV3Schema of a CRD being created, as upstream's
 * validateCustomResourceDefinitionValidation: root rules for the status subresource, nullable at
 * the root, structural schema invariants (or, if those hold, the default values), then the
 * OpenAPI schema rules. schemaPath is the path of the openAPIV3Schema itself. CEL rules are
 * compiled elsewhere (the CRD strategy, with cel/rules.ts).
 */
export function validateCRDSchema(schema: unknown, schemaPath: string, opts: CRDSchemaValidationOptions = {}): FieldError[] {
  const s = asSchema(schema);
  if (!s) return [];
  const errs: FieldError[] = [];
  if (opts.statusEnabled) errs.push(...statusRootErrors(s, schemaPath));
  if (sNullable(s)) errs.push(forbidden(child(schemaPath, 'nullable'), 'nullable cannot be true at the root'));

  const conversionError = structuralConversionError(s);
  if (conversionError === undefined) {
    const structuralErrs = validateStructuralSchema(s, schemaPath);
    if (structuralErrs.length > 0) errs.push(...structuralErrs);
    else validateDefaults(s, schemaPath, true, false, errs);
  }
  validateOpenAPISchema(s, schemaPath, { allowDefaults: true, disallowDefaultsReason: '', insideResourceMeta: false }, true, errs);
  if (errs.length === 0 && conversionError !== undefined) errs.push(invalid(schemaPath, '', conversionError));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// All schemas of a CRD spec, at the paths the server reports them

export interface CRDSchemaLocation {
  /** e.g. "spec.validation.openAPIV3Schema" or "spec.versions[1].schema.openAPIV3Schema" */
  path: string;
  /** Indexes in spec.versions using this schema. */
  versions: number[];
  schema: Schema;
  statusEnabled: boolean;
}

const statusOf = (subresources: unknown): boolean => {
  const st = own(subresources, 'status');
  return st !== undefined && st !== null;
};

/**
 * Where the server reports each version's schema. Upstream converts v1 CRDs to its internal
 * form, which moves per-version schemas that are all identical to spec.validation, so a CRD
 * whose versions share one schema (the common case, and any single-version CRD) reports errors
 * under spec.validation.openAPIV3Schema; otherwise under spec.versions[i].schema.openAPIV3Schema.
 */
export function crdSchemaLocations(spec: unknown): { locations: CRDSchemaLocation[]; missing: number[] } {
  const versions = own(spec, 'versions');
  if (!Array.isArray(versions) || versions.length === 0) return { locations: [], missing: [] };
  const norm = (v: unknown) => (v === null ? undefined : v);
  const first = norm(own(versions[0], 'schema'));
  const identical = versions.every((v) => {
    const sch = norm(own(v, 'schema'));
    return sch === undefined ? first === undefined : jsonEqual(sch, first);
  });
  const subs = versions.map((v) => norm(own(v, 'subresources')));
  const subsIdentical = subs.every((x) => (x === undefined ? subs[0] === undefined : jsonEqual(x, subs[0])));
  const anyStatus = subs.some(statusOf);
  const locations: CRDSchemaLocation[] = [];
  const missing: number[] = [];
  if (identical) {
    const s = asSchema(own(first, 'openAPIV3Schema'));
    if (!s) return { locations, missing: versions.map((_, i) => i) };
    locations.push({ path: 'spec.validation.openAPIV3Schema', versions: versions.map((_, i) => i), schema: s, statusEnabled: anyStatus });
    return { locations, missing };
  }
  versions.forEach((v, i) => {
    const s = asSchema(own(own(v, 'schema'), 'openAPIV3Schema'));
    if (!s) {
      missing.push(i);
      return;
    }
    const statusEnabled = subsIdentical ? statusOf(subs[0]) : statusOf(subs[i]);
    locations.push({ path: `spec.versions[${i}].schema.openAPIV3Schema`, versions: [i], schema: s, statusEnabled });
  });
  return { locations, missing };
}

/**
 * Validates the schemas of a CRD spec (apiextensions.k8s.io/v1) on create: every version needs
 * a schema ("schemas are required"), and each schema passes validateCRDSchema at the path the
 * server uses (see crdSchemaLocations).
 */
export function validateCRDSpecSchemas(spec: unknown): FieldError[] {
  const { locations, missing } = crdSchemaLocations(spec);
  const errs: FieldError[] = missing.map((i) => required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  const perVersion = locations.filter((l) => !l.path.startsWith('spec.validation'));
  const topLevel = locations.filter((l) => l.path.startsWith('spec.validation'));
  for (const l of [...perVersion, ...topLevel]) errs.push(...validateCRDSchema(l.schema, l.path, { statusEnabled: l.statusEnabled }));
  return errs;
}
