// Validation of a custom resource against its CRD version's openAPIV3Schema, as the
// apiextensions-apiserver does after pruning and defaulting:
//
//  1. the kube-openapi schema validator (k8s.io/kube-openapi/pkg/validation/validate) on the
//     schema converted by apiextensions (unsupported formats stripped, x-kubernetes-int-or-string
//     as type [integer, string]), its errors mapped to field errors the way
//     apiextensions' kubeOpenAPIResultToFieldErrors maps them;
//  2. TypeMeta/ObjectMeta of embedded resources (x-kubernetes-embedded-resource);
//  3. uniqueness in x-kubernetes-list-type "set" and "map" lists.
//
// The root apiVersion/kind/metadata are the registry's job (the schema still applies to them if
// it restricts them). x-kubernetes-validations (CEL) rules are evaluated by cel/rules.ts.

import type { FieldError } from '../field-errors.js';
import { isDNS1035Label, goQuote, validatePathSegmentName } from '../validation/names.js';
import { validateObjectMeta, type ObjectMetaLike } from '../validation/object-meta.js';
import { effectiveFormat, checkFormat, isKnownFormat } from './formats.js';
import { compileGoRegexp, type GoRegexp } from './go-regexp.js';
import {
  asSchema,
  child,
  goFloat,
  goJSON,
  goNumber,
  hasOwn,
  indexPath,
  isFloat64AJSONInteger,
  isInt64,
  isObject,
  jsonEqual,
  keyPath,
  own,
  runeCount,
  sAdditionalProperties,
  sEmbedded,
  sIntOrString,
  sItems,
  sItemsArray,
  sListType,
  sNullable,
  sProperties,
  sProperty,
  sSchemaList,
  sString,
  sStringArray,
  sType,
  sortKeysDeep,
  type JsonObject,
  type Schema,
} from './schema-util.js';

// ---------------------------------------------------------------------------------------------
// kube-openapi results

type Code =
  | 'invalidType'
  | 'required'
  | 'tooLong'
  | 'tooShort'
  | 'pattern'
  | 'enum'
  | 'multipleOf'
  | 'max'
  | 'min'
  | 'unique'
  | 'maxItems'
  | 'minItems'
  | 'tooFewProperties'
  | 'tooManyProperties'
  | 'unallowedProperty'
  | 'multipleOfMustBePositive';

type KError =
  | { kind: 'validation'; code: Code; name: string; value?: unknown; valid?: number; values?: unknown[]; message: string }
  | { kind: 'composite'; message: string };

interface Result {
  errors: KError[];
  matchCount: number;
}

const newResult = (): Result => ({ errors: [], matchCount: 0 });
const sErr = (e: KError): Result => ({ errors: [e], matchCount: 0 });
const merge = (r: Result, ...others: (Result | undefined)[]): Result => {
  for (const o of others) {
    if (!o) continue;
    r.errors.push(...o.errors);
    r.matchCount += o.matchCount;
  }
  return r;
};
const isValid = (r: Result) => r.errors.length === 0;

const IN = 'body';
/** A value as Go's %v prints it. */
const goV = (x: unknown): string => (typeof x === 'number' ? goNumber(x) : String(x));
const verr = (code: Code, name: string, message: string, extra: { value?: unknown; valid?: number; values?: unknown[] } = {}): KError => ({
  kind: 'validation',
  code,
  name,
  message,
  ...extra,
});

const invalidType = (name: string, typeName: string, value: string): KError =>
  verr('invalidType', name, `${name} in ${IN} must be of type ${typeName}: ${goQuote(value)}`, { value });

type Kind = 'null' | 'bool' | 'string' | 'int' | 'float' | 'slice' | 'map';

function kindOf(d: unknown): Kind {
  if (d === null || d === undefined) return 'null';
  if (typeof d === 'boolean') return 'bool';
  if (typeof d === 'string') return 'string';
  if (typeof d === 'number') return isInt64(d) ? 'int' : 'float';
  if (Array.isArray(d)) return 'slice';
  if (typeof d === 'object') return 'map';
  return 'null';
}

/** The JSON type and format kube-openapi infers for a decoded value. */
function schemaInfoForKind(k: Kind): [string, string] {
  switch (k) {
    case 'bool':
      return ['boolean', ''];
    case 'string':
      return ['string', ''];
    case 'int':
      return ['integer', 'int64'];
    case 'float':
      return ['number', 'float64'];
    case 'slice':
      return ['array', ''];
    case 'map':
      return ['object', ''];
    default:
      return ['', ''];
  }
}

interface Ctx {
  regexps: Map<string, GoRegexp>;
}

/** The converted type list: [type], or [integer, string] for x-kubernetes-int-or-string. */
function typesOf(s: Schema): string[] {
  if (sIntOrString(s)) return ['integer', 'string'];
  const t = sType(s);
  return t ? [t] : [];
}

const formatOf = (s: Schema): string => effectiveFormat(sString(s, 'format'), typesOf(s));

function typeValidate(s: Schema, path: string, data: unknown): Result {
  const types = typesOf(s);
  const format = formatOf(s);
  const result: Result = { errors: [], matchCount: 1 };
  const k = kindOf(data);
  if (k === 'null') {
    if (types.length > 0 && !types.includes('null') && !sNullable(s)) return sErr(invalidType(path, types.join(','), 'null'));
    return result;
  }
  const [schType, dataFormat] = schemaInfoForKind(k);
  const isFloatInt = schType === 'number' && isFloat64AJSONInteger(data as number) && types.includes('integer');
  const isIntFloat = schType === 'integer' && types.includes('number');
  if (k !== 'string' && k !== 'slice' && format !== '' && !(types.includes(schType) || dataFormat === format || isFloatInt || isIntFloat)) {
    return sErr(invalidType(path, format, dataFormat));
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '' && (k === 'string' || k === 'slice')) return result;
  if (!(types.includes(schType) || isFloatInt || isIntFloat)) return sErr(invalidType(path, types.join(','), schType));
  return result;
}

/** Whether a value equals an enum member after Go's reflect conversion to the member's type. */
function enumMatches(data: unknown, e: unknown): boolean {
  if (e === null || e === undefined || data === null || data === undefined) return false;
  switch (typeof e) {
    case 'string':
      if (typeof data === 'string') return data === e;
      if (typeof data === 'number' && isInt64(data)) {
        // Go converts an integer to the string of that code point
        const cp = data >= 0 && data <= 0x10ffff && !(data >= 0xd800 && data <= 0xdfff) ? data : 0xfffd;
        return String.fromCodePoint(cp) === e;
      }
      return false;
    case 'number':
      if (typeof data !== 'number') return false;
      return isInt64(e) ? Math.trunc(data) === e : data === e;
    case 'boolean':
      return data === e;
    default:
      if (Array.isArray(e)) return Array.isArray(data) && jsonEqual(data, e);
      return isObject(data) && jsonEqual(data, e);
  }
}

function commonValidate(s: Schema, path: string, data: unknown): Result | undefined {
  const en = own(s, 'enum');
  if (!Array.isArray(en) || en.length === 0) return undefined;
  for (const e of en) if (enumMatches(data, e)) return undefined;
  return sErr(verr('enum', path, `${path} in ${IN} should be one of ${goSliceValues(en)}`, { value: data, values: en }));
}

/** %v of a []interface{}: [a b c] (rough; the message is not shown for enum errors). */
const goSliceValues = (vals: unknown[]): string => `[${vals.map((x) => (typeof x === 'object' && x !== null ? goJSON(x) : goV(x))).join(' ')}]`;

function stringValidate(s: Schema, path: string, data: string, ctx: Ctx): Result | undefined {
  const maxLength = intField(s, 'maxLength');
  if (maxLength !== undefined && runeCount(data) > maxLength) {
    return sErr(verr('tooLong', path, `${path} in ${IN} should be at most ${maxLength} chars long`, { value: data, valid: maxLength }));
  }
  const minLength = intField(s, 'minLength');
  if (minLength !== undefined && runeCount(data) < minLength) {
    return sErr(verr('tooShort', path, `${path} in ${IN} should be at least ${minLength} chars long`, { value: data, valid: minLength }));
  }
  const pattern = sString(s, 'pattern');
  if (pattern !== '') {
    let re = ctx.regexps.get(pattern);
    if (!re) {
      re = compileGoRegexp(pattern);
      ctx.regexps.set(pattern, re);
    }
    if (re.error !== undefined) {
      return sErr(verr('pattern', path, `${path} in ${IN} should match '${pattern}, but pattern is invalid: ${re.error}'`, { value: data }));
    }
    if (!re.re.test(data)) return sErr(verr('pattern', path, `${path} in ${IN} should match '${pattern}'`, { value: data }));
  }
  return undefined;
}

function intField(s: Schema, k: string): number | undefined {
  const x = own(s, k);
  return typeof x === 'number' && Number.isFinite(x) ? Math.trunc(x) : undefined;
}

function numField(s: Schema, k: string): number | undefined {
  const x = own(s, k);
  return typeof x === 'number' && !Number.isNaN(x) ? x : undefined;
}

/** Go's int64(f) for a float64 bound (saturating; Go leaves out-of-range conversions undefined). */
const toInt64 = (f: number): number => Math.max(-9223372036854775808, Math.min(9223372036854775807, Math.trunc(f)));

function numberValidate(s: Schema, path: string, data: number): Result {
  const res = newResult();
  const resMultiple = newResult();
  const resMinimum = newResult();
  const resMaximum = newResult();
  const isInt = isInt64(data);
  const multipleOf = numField(s, 'multipleOf');
  if (multipleOf !== undefined) {
    const factorInt = toInt64(multipleOf);
    if (isInt && factorInt !== 0) {
      if (factorInt < 0) {
        resMultiple.errors.push(verr('multipleOfMustBePositive', path, `factor MultipleOf declared for ${path} must be positive: ${factorInt}`, { value: factorInt }));
      } else if (Math.trunc(data / factorInt) * factorInt !== data) {
        resMultiple.errors.push(verr('multipleOf', path, `${path} in ${IN} should be a multiple of ${factorInt}`, { value: data }));
      }
    } else if (multipleOf < 0) {
      resMultiple.errors.push(
        verr('multipleOfMustBePositive', path, `factor MultipleOf declared for ${path} must be positive: ${goFloat(multipleOf)}`, { value: multipleOf }),
      );
    } else {
      const mult = multipleOf < 1 ? (1 / multipleOf) * data : data / multipleOf;
      if (!isFloat64AJSONInteger(mult)) {
        resMultiple.errors.push(verr('multipleOf', path, `${path} in ${IN} should be a multiple of ${goFloat(multipleOf)}`, { value: data }));
      }
    }
  }
  const maximum = numField(s, 'maximum');
  if (maximum !== undefined) {
    const exclusive = own(s, 'exclusiveMaximum') === true;
    const max = isInt ? toInt64(maximum) : maximum;
    if ((!exclusive && data > max) || (exclusive && data >= max)) {
      const bound = isInt ? String(max) : goFloat(max);
      resMaximum.errors.push(verr('max', path, `${path} in ${IN} should be less than ${exclusive ? '' : 'or equal to '}${bound}`, { value: data }));
    }
  }
  const minimum = numField(s, 'minimum');
  if (minimum !== undefined) {
    const exclusive = own(s, 'exclusiveMinimum') === true;
    const min = isInt ? toInt64(minimum) : minimum;
    if ((!exclusive && data < min) || (exclusive && data <= min)) {
      const bound = isInt ? String(min) : goFloat(min);
      resMinimum.errors.push(verr('min', path, `${path} in ${IN} should be greater than ${exclusive ? '' : 'or equal to '}${bound}`, { value: data }));
    }
  }
  merge(res, resMultiple, resMinimum, resMaximum);
  res.matchCount++;
  return res;
}

function sliceValidate(s: Schema, path: string, data: unknown[], ctx: Ctx): Result {
  const result = newResult();
  const size = data.length;
  const items = sItems(s);
  if (items) {
    for (let i = 0; i < size; i++) merge(result, validateSchema(items, `${path}[${i}]`, data[i], ctx));
  }
  const positional = sItemsArray(s);
  if (positional) {
    for (let i = 0; i < positional.length && i < size; i++) merge(result, validateSchema(positional[i]!, `${path}[${i}]`, data[i], ctx));
  }
  const minItems = intField(s, 'minItems');
  if (minItems !== undefined && size < minItems) {
    result.errors.push(verr('minItems', path, `${path} in ${IN} should have at least ${minItems} items`, { value: size, valid: minItems }));
  }
  const maxItems = intField(s, 'maxItems');
  if (maxItems !== undefined && size > maxItems) {
    result.errors.push(verr('maxItems', path, `${path} in ${IN} should have at most ${maxItems} items`, { value: size, valid: maxItems }));
  }
  if (own(s, 'uniqueItems') === true) {
    let dup = false;
    for (let i = 0; i < size && !dup; i++) for (let j = 0; j < i && !dup; j++) if (jsonEqual(data[i], data[j])) dup = true;
    if (dup) result.errors.push(verr('unique', path, `${path} in ${IN} shouldn't contain duplicates`));
  }
  result.matchCount++;
  return result;
}

function objectValidate(s: Schema, path: string, data: JsonObject, ctx: Ctx): Result {
  const keys = Object.keys(data);
  const numKeys = keys.length;
  const minProperties = intField(s, 'minProperties');
  if (minProperties !== undefined && numKeys < minProperties) {
    return sErr(verr('tooFewProperties', path, `${path} in ${IN} should have at least ${minProperties} properties`, { value: numKeys, valid: minProperties }));
  }
  const maxProperties = intField(s, 'maxProperties');
  if (maxProperties !== undefined && numKeys > maxProperties) {
    return sErr(verr('tooManyProperties', path, `${path} in ${IN} should have at most ${maxProperties} properties`, { value: numKeys, valid: maxProperties }));
  }
  const res = newResult();
  const ap = sAdditionalProperties(s);
  const props = isObject(own(s, 'properties')) ? (own(s, 'properties') as JsonObject) : undefined;
  const isProp = (k: string) => !!props && hasOwn(props, k);
  if (ap && !ap.allows) {
    for (const k of keys) {
      if (!isProp(k)) res.errors.push(verr('unallowedProperty', path, `${path}.${k} in ${IN} is a forbidden property`, { value: k }));
    }
  } else if (ap?.schema) {
    for (const k of keys) if (!isProp(k)) merge(res, validateSchema(ap.schema, `${path}.${k}`, data[k], ctx));
  }
  for (const [name, sub] of sProperties(s) ?? []) {
    if (hasOwn(data, name)) merge(res, validateSchema(sub, path !== '' ? `${path}.${name}` : name, data[name], ctx));
  }
  for (const k of sStringArray(s, 'required') ?? []) {
    if (!hasOwn(data, k)) res.errors.push(verr('required', `${path}.${k}`, `${path}.${k} in ${IN} is required`));
  }
  return res;
}

function schemaPropsValidate(s: Schema, path: string, data: unknown, ctx: Ctx): Result {
  const main = newResult();
  const anyOf = sSchemaList(s, 'anyOf') ?? [];
  if (anyOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let succeeded = false;
    for (const sub of anyOf) {
      const r = validateSchema(sub, path, data, ctx);
      if (isValid(r)) {
        best = undefined;
        succeeded = true;
        firstSuccess ??= r;
        break;
      }
      if (!best || r.matchCount > best.matchCount) best = r;
    }
    if (!succeeded) main.errors.push({ kind: 'composite', message: `${goQuote(path)} must validate at least one schema (anyOf)` });
    if (best) merge(main, best);
    else if (firstSuccess) merge(main, firstSuccess);
  }
  const oneOf = sSchemaList(s, 'oneOf') ?? [];
  if (oneOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let validated = 0;
    for (const sub of oneOf) {
      const r = validateSchema(sub, path, data, ctx);
      if (isValid(r)) {
        validated++;
        best = undefined;
        firstSuccess ??= r;
        continue;
      }
      if (validated === 0 && (!best || r.matchCount > best.matchCount)) best = r;
    }
    if (validated !== 1) {
      const extra = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      main.errors.push({ kind: 'composite', message: `${goQuote(path)} must validate one and only one schema (oneOf). ${extra}` });
      if (best) merge(main, best);
    } else if (firstSuccess) merge(main, firstSuccess);
  }
  const allOf = sSchemaList(s, 'allOf') ?? [];
  if (allOf.length > 0) {
    let validated = 0;
    for (const sub of allOf) {
      const r = validateSchema(sub, path, data, ctx);
      if (isValid(r)) validated++;
      merge(main, r);
    }
    if (validated !== allOf.length) {
      main.errors.push({ kind: 'composite', message: `${goQuote(path)} must validate all the schemas (allOf)${validated === 0 ? '. None validated' : ''}` });
    }
  }
  const not = asSchema(own(s, 'not'));
  if (not && isValid(validateSchema(not, path, data, ctx))) {
    main.errors.push({ kind: 'composite', message: `${goQuote(path)} must not validate the schema (not)` });
  }
  main.matchCount++;
  return main;
}

/** kube-openapi's SchemaValidator.Validate. */
function validateSchema(s: Schema, path: string, data: unknown, ctx: Ctx): Result {
  const result = newResult();
  const k = kindOf(data);
  if (k === 'null') {
    merge(result, typeValidate(s, path, null));
    merge(result, commonValidate(s, path, null));
    return result;
  }
  const run = (r: Result | undefined) => {
    merge(result, r);
    result.matchCount++;
  };
  const format = formatOf(s);
  if (typesOf(s).length > 0 || format !== '') run(typeValidate(s, path, data));
  run(schemaPropsValidate(s, path, data, ctx));
  if (k === 'string') run(stringValidate(s, path, data as string, ctx));
  if (k === 'string' && format !== '' && isKnownFormat(format)) {
    run(checkFormat(format, data as string) ? undefined : sErr(invalidType(path, format, data as string)));
  }
  if (k === 'int' || k === 'float') run(numberValidate(s, path, data as number));
  if (k === 'slice') run(sliceValidate(s, path, data as unknown[], ctx));
  run(commonValidate(s, path, data));
  if (k === 'map') run(objectValidate(s, path, data as JsonObject, ctx));
  result.matchCount++;
  return result;
}

// ---------------------------------------------------------------------------------------------
// kube-openapi errors as field errors (apiextensions' kubeOpenAPIResultToFieldErrors)

/** An Invalid-style error; non-integral numbers are printed as Go prints float64 values. */
function invalidErr(type: 'FieldValueInvalid' | 'FieldValueTypeInvalid', field: string, value: unknown, detail: string): FieldError {
  if (typeof value === 'number' && !isInt64(value)) {
    return { type, field, value, detail: `${goFloat(value)}: ${detail}`, showValue: false };
  }
  return { type, field, value, detail, showValue: true };
}

function toFieldErrors(fldPath: string | undefined, errs: KError[]): FieldError[] {
  const out: FieldError[] = [];
  const root = fldPath ?? '<nil>';
  for (const e of errs) {
    if (e.kind === 'composite') {
      out.push(invalidErr('FieldValueInvalid', root, '', e.message));
      continue;
    }
    let field = root;
    if (e.name.length > 0 && e.name !== '.') {
      const n = e.name.startsWith('.') ? e.name.slice(1) : e.name;
      field = fldPath !== undefined && fldPath !== '' ? `${fldPath}.${n}` : n;
    }
    const value = e.value === undefined || e.value === null ? '' : e.value;
    switch (e.code) {
      case 'required':
        out.push({ type: 'FieldValueRequired', field });
        break;
      case 'enum': {
        const values = (e.values ?? []).map((x) => (typeof x === 'string' ? x : goJSON(x ?? null)));
        out.push({
          type: 'FieldValueNotSupported',
          field,
          value: sortKeysDeep(e.value ?? null),
          showValue: true,
          detail: values.length > 0 ? `supported values: ${values.map(goQuote).join(', ')}` : undefined,
        });
        break;
      }
      case 'tooLong': {
        const max = e.valid ?? -1;
        out.push({
          type: 'FieldValueTooLong',
          field,
          value,
          showValue: false,
          detail: max >= 0 ? `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` : 'value is too long',
        });
        break;
      }
      case 'maxItems':
      case 'tooManyProperties': {
        const max = e.valid ?? -1;
        const actual = typeof e.value === 'number' ? e.value : -1;
        out.push({
          type: 'FieldValueTooMany',
          field,
          value: actual >= 0 ? actual : undefined,
          showValue: actual >= 0,
          detail: max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items',
        });
        break;
      }
      case 'invalidType':
        out.push(invalidErr('FieldValueTypeInvalid', field, value, e.message));
        break;
      default:
        out.push(invalidErr('FieldValueInvalid', field, value, e.message));
    }
  }
  return out;
}

/**
 * kube-openapi validation of a value against a schema, as field errors. fldPath prefixes the
 * paths (upstream passes nil for custom resources, printed "<nil>" for errors at the root).
 */
export function validateAgainstSchema(schema: unknown, value: unknown, fldPath?: string): FieldError[] {
  const s = asSchema(schema);
  if (!s) return [];
  const r = validateSchema(s, '', value, { regexps: new Map() });
  return toFieldErrors(fldPath, r.errors);
}

// ---------------------------------------------------------------------------------------------
// Embedded resources (schema/objectmeta.Validate)

const jsonKind = (x: unknown): string =>
  typeof x === 'string' ? 'string' : typeof x === 'number' ? 'number' : typeof x === 'boolean' ? 'bool' : Array.isArray(x) ? 'array' : 'object';

const META_STRING_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp'];

/** Decodes metadata into ObjectMeta as encoding/json would, with its error text. */
function decodeObjectMeta(m: unknown): { meta?: ObjectMetaLike; error?: string } {
  if (m === null || m === undefined) return { meta: {} };
  if (!isObject(m)) return { error: `json: cannot unmarshal ${jsonKind(m)} into Go value of type v1.ObjectMeta` };
  const fieldErr = (field: string, x: unknown, type: string) => ({
    error: `json: cannot unmarshal ${jsonKind(x)} into Go struct field ObjectMeta.${field} of type ${type}`,
  });
  for (const f of META_STRING_FIELDS) {
    const x = own(m, f);
    if (x !== undefined && x !== null && typeof x !== 'string') return fieldErr(f, x, 'string');
  }
  for (const f of ['generation', 'deletionGracePeriodSeconds']) {
    const x = own(m, f);
    if (x !== undefined && x !== null && !(typeof x === 'number' && isInt64(x))) return fieldErr(f, x, 'int64');
  }
  for (const f of ['labels', 'annotations']) {
    const x = own(m, f);
    if (x === undefined || x === null) continue;
    if (!isObject(x)) return fieldErr(f, x, 'map[string]string');
    for (const k of Object.keys(x)) if (x[k] !== null && typeof x[k] !== 'string') return fieldErr(f, x[k], 'string');
  }
  const fin = own(m, 'finalizers');
  if (fin !== undefined && fin !== null) {
    if (!Array.isArray(fin)) return fieldErr('finalizers', fin, '[]string');
    for (const x of fin) if (x !== null && typeof x !== 'string') return fieldErr('finalizers', x, 'string');
  }
  for (const f of ['ownerReferences', 'managedFields']) {
    const x = own(m, f);
    if (x === undefined || x === null) continue;
    if (!Array.isArray(x)) return fieldErr(f, x, f === 'ownerReferences' ? '[]v1.OwnerReference' : '[]v1.ManagedFieldsEntry');
    for (const e of x) if (e !== null && !isObject(e)) return fieldErr(f, e, f === 'ownerReferences' ? 'v1.OwnerReference' : 'v1.ManagedFieldsEntry');
  }
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const strMap = (x: unknown) => {
    if (!isObject(x)) return undefined;
    const out: Record<string, string> = {};
    for (const k of Object.keys(x)) Object.defineProperty(out, k, { value: typeof x[k] === 'string' ? x[k] : '', enumerable: true, writable: true, configurable: true });
    return out;
  };
  return {
    meta: {
      name: str(own(m, 'name')),
      generateName: str(own(m, 'generateName')),
      namespace: str(own(m, 'namespace')),
      uid: str(own(m, 'uid')),
      resourceVersion: str(own(m, 'resourceVersion')),
      generation: typeof own(m, 'generation') === 'number' ? (own(m, 'generation') as number) : undefined,
      labels: strMap(own(m, 'labels')),
      annotations: strMap(own(m, 'annotations')),
      finalizers: Array.isArray(fin) ? fin.map((x) => (typeof x === 'string' ? x : '')) : undefined,
      ownerReferences: Array.isArray(own(m, 'ownerReferences')) ? (own(m, 'ownerReferences') as ObjectMetaLike['ownerReferences']) : undefined,
      managedFields: Array.isArray(own(m, 'managedFields')) ? (own(m, 'managedFields') as ObjectMetaLike['managedFields']) : undefined,
    },
  };
}

function validateEmbeddedResource(p: string, x: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!hasOwn(x, 'apiVersion')) errs.push({ type: 'FieldValueRequired', field: child(p, 'apiVersion') });
  if (!hasOwn(x, 'kind')) errs.push({ type: 'FieldValueRequired', field: child(p, 'kind') });
  for (const k of Object.keys(x)) {
    const val = x[k];
    if (k === 'apiVersion') {
      const f = child(p, 'apiVersion');
      if (typeof val !== 'string') errs.push(invalidErr('FieldValueInvalid', f, val, 'must be a string'));
      else if (val === '') errs.push({ type: 'FieldValueRequired', field: f });
      else if (val !== '/' && val.split('/').length > 2) errs.push(invalidErr('FieldValueInvalid', f, val, `unexpected GroupVersion string: ${val}`));
    } else if (k === 'kind') {
      const f = child(p, 'kind');
      if (typeof val !== 'string') errs.push(invalidErr('FieldValueInvalid', f, val, 'must be a string'));
      else if (val === '') errs.push({ type: 'FieldValueRequired', field: f });
      else {
        const msgs = isDNS1035Label(val.toLowerCase());
        if (msgs.length > 0) errs.push(invalidErr('FieldValueInvalid', f, val, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
      }
    } else if (k === 'metadata') {
      const f = child(p, 'metadata');
      const { meta, error } = decodeObjectMeta(val);
      if (error !== undefined || !meta) errs.push(invalidErr('FieldValueInvalid', f, val, error ?? ''));
      else {
        if (!meta.name) meta.name = 'fakename';
        errs.push(
          ...validateObjectMeta(meta, { namespaced: (meta.namespace ?? '').length > 0, nameValidator: validatePathSegmentName, builtin: false }, f),
        );
      }
    }
  }
  return errs;
}

function validateMeta(p: string, x: unknown, s: Schema | undefined, forceEmbedded: boolean, errs: FieldError[]): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = sItems(s);
    x.forEach((v, i) => validateMeta(indexPath(p, i), v, items, false, errs));
  } else if (isObject(x)) {
    if (forceEmbedded || sEmbedded(s)) errs.push(...validateEmbeddedResource(p, x));
    const ap = sAdditionalProperties(s);
    for (const k of Object.keys(x)) {
      const prop = sProperty(s, k);
      if (prop) validateMeta(child(p, k), x[k], prop, false, errs);
      else if (ap) validateMeta(keyPath(p, k), x[k], ap.schema, false, errs);
    }
  }
}

/**
 * TypeMeta/ObjectMeta of embedded resources (x-kubernetes-embedded-resource): apiVersion and
 * kind are required and checked, metadata validated as ObjectMeta. With isResourceRoot the value
 * itself is checked as a resource too.
 */
export function validateEmbeddedObjectMeta(schema: unknown, value: unknown, fldPath = '', isResourceRoot = false): FieldError[] {
  const errs: FieldError[] = [];
  validateMeta(fldPath, value, asSchema(schema), isResourceRoot, errs);
  return errs;
}

// ---------------------------------------------------------------------------------------------
// x-kubernetes-list-type set / map (schema/listtype)

const UNSPECIFIED = Symbol('unspecified');

/** Typed key for scalars as a Go map[interface{}] would key them; compounds by their JSON. */
function setKey(x: unknown): string {
  if (x === UNSPECIFIED) return 'unspecified';
  if (Array.isArray(x) || isObject(x)) return `c:${goJSON(x)}`;
  if (x === null || x === undefined) return 'nil';
  return `${typeof x}:${String(x)}`;
}

/** Indexes of the second occurrence of each repeated element. */
function nonUniqueIndexes(keys: unknown[]): number[] {
  if (keys.length <= 1) return [];
  const seen = new Map<string, number>();
  const out: number[] = [];
  keys.forEach((x, i) => {
    const k = setKey(x);
    const times = seen.get(k);
    if (times === undefined) seen.set(k, 1);
    else {
      seen.set(k, times + 1);
      if (times === 1) out.push(i);
    }
  });
  return out;
}

function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value: sortKeysDeep(value), showValue: true };
}

function validateListMap(p: string, s: Schema, arr: unknown[]): FieldError[] {
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (x !== null && x !== undefined && !isObject(x)) return [invalidErr('FieldValueInvalid', indexPath(p, i), x, 'must be an object for an array of list-type map')];
  }
  if (arr.length <= 1) return [];
  const keyFields = sStringArray(s, 'x-kubernetes-list-map-keys') ?? [];
  if (keyFields.length === 1) {
    const kf = keyFields[0]!;
    const keys: unknown[] = arr.map((x) => (isObject(x) && hasOwn(x, kf) ? x[kf] : UNSPECIFIED));
    return nonUniqueIndexes(keys).map((i) => duplicate(indexPath(p, i), keys[i] === UNSPECIFIED ? {} : { [kf]: keys[i] }));
  }
  const keys = arr.map((x) => {
    const key: JsonObject = {};
    if (isObject(x)) for (const kf of keyFields) if (hasOwn(x, kf)) Object.defineProperty(key, kf, { value: x[kf], enumerable: true, writable: true, configurable: true });
    return key;
  });
  return nonUniqueIndexes(keys).map((i) => duplicate(indexPath(p, i), keys[i]));
}

function validateListArray(p: string, s: Schema, arr: unknown[], errs: FieldError[]): void {
  const lt = sListType(s);
  if (lt === 'set') for (const i of nonUniqueIndexes(arr)) errs.push(duplicate(indexPath(p, i), arr[i]));
  else if (lt === 'map') errs.push(...validateListMap(p, s, arr));
  const items = sItems(s);
  if (items) arr.forEach((x, i) => validateListValue(indexPath(p, i), items, x, errs));
}

function validateListValue(p: string, s: Schema, x: unknown, errs: FieldError[]): void {
  if (Array.isArray(x)) validateListArray(p, s, x, errs);
  else if (isObject(x)) validateListObject(p, s, x, errs);
}

function validateListObject(p: string, s: Schema, obj: JsonObject, errs: FieldError[]): void {
  const ap = sAdditionalProperties(s);
  if (ap?.schema) for (const k of Object.keys(obj)) validateListValue(keyPath(p, k), ap.schema, obj[k], errs);
  if (isObject(own(s, 'properties'))) {
    for (const k of Object.keys(obj)) {
      const sub = sProperty(s, k);
      if (sub) validateListValue(child(p, k), sub, obj[k], errs);
    }
  }
}

/** Uniqueness of x-kubernetes-list-type set items and map keys, as upstream's ValidateListSetsAndMaps. */
export function validateListSetsAndMaps(schema: unknown, obj: unknown, fldPath = ''): FieldError[] {
  const s = asSchema(schema);
  const errs: FieldError[] = [];
  if (s && isObject(obj)) validateListObject(fldPath, s, obj, errs);
  return errs;
}

// ---------------------------------------------------------------------------------------------

/**
 * Validates a custom resource (decoded JSON, already pruned and defaulted) against its version's
 * openAPIV3Schema, returning upstream's field errors: schema errors first (paths as kube-openapi
 * names them, e.g. "spec.replicas", "spec.items[0].name"), then embedded-resource metadata, then
 * list-type set/map duplicates. Never throws for any JSON input.
 */
export function validateCustomResource(schema: unknown, obj: unknown): FieldError[] {
  const s = asSchema(schema);
  if (!s) return [];
  return [...validateAgainstSchema(s, obj), ...validateEmbeddedObjectMeta(s, obj, '', false), ...validateListSetsAndMaps(s, obj, '')];
}
