// Defaulting of custom resources from the `default` values of a CRD schema, as the
// apiextensions-apiserver does it (schema/defaulting):
//
//  - pruneNonNullableNulls: a null where the schema neither allows null (nullable) nor has a
//    default is removed, so the field counts as unset (PruneNonNullableNullsWithoutDefaults);
//  - applySchemaDefaults: a missing field of an object that is present gets its property's
//    default (a deep copy), and so does a null in a field, array item or additionalProperties
//    value whose schema is not nullable; then defaulting recurses into properties, items and
//    additionalProperties (Default). Defaults never create a parent object that is absent.
//
// The server runs them after pruning: prune unknown fields, prune nulls, default, validate.

import { asSchema, hasOwn, isObject, jsonClone, sAdditionalProperties, sDefault, sItems, sNullable, sProperties, sProperty, setOwn, type Schema } from './schema-util.js';

const isNonNullableNull = (x: unknown, s: Schema | undefined): boolean => x === null && !!s && !sNullable(s);

function defaultValue(x: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = sItems(s);
    for (let i = 0; i < x.length; i++) {
      if (isNonNullableNull(x[i], items)) {
        const d = sDefault(items!);
        if (d) x[i] = jsonClone(d.value);
      }
      defaultValue(x[i], items);
    }
    return;
  }
  if (!isObject(x)) return;
  for (const [k, prop] of sProperties(s) ?? []) {
    const d = sDefault(prop);
    if (!d) continue;
    if (!hasOwn(x, k) || isNonNullableNull(x[k], prop)) setOwn(x, k, jsonClone(d.value));
  }
  const ap = sAdditionalProperties(s);
  for (const k of Object.keys(x)) {
    const prop = sProperty(s, k);
    if (prop) defaultValue(x[k], prop);
    else if (ap) {
      if (ap.schema && isNonNullableNull(x[k], ap.schema)) {
        // upstream copies the (possibly absent) default: an absent one leaves null
        const d = sDefault(ap.schema);
        x[k] = d ? jsonClone(d.value) : null;
      }
      defaultValue(x[k], ap.schema);
    }
  }
}

/** Applies the schema's defaults to obj in place (see the module comment). */
export function applySchemaDefaults(schema: unknown, obj: unknown): void {
  defaultValue(obj, asSchema(schema));
}

function pruneNulls(x: unknown, s: Schema | undefined): void {
  if (Array.isArray(x)) {
    const items = s ? sItems(s) : undefined;
    for (const v of x) pruneNulls(v, items);
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    let sub: Schema | undefined;
    if (s) sub = sProperty(s, k) ?? sAdditionalProperties(s)?.schema;
    if (x[k] === null && sub && !sNullable(sub) && !sDefault(sub)) delete x[k];
    else pruneNulls(x[k], sub);
  }
}

/**
 * Removes nulls the schema does not allow and cannot default (upstream's
 * PruneNonNullableNullsWithoutDefaults), in place. Nulls in arrays are kept.
 */
export function pruneNonNullableNulls(schema: unknown, obj: unknown): void {
  pruneNulls(obj, asSchema(schema));
}
