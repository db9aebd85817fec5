// A custom resource's JSON as CEL values, typed by its structural schema as Kubernetes does:
// integers are CEL ints, numbers doubles, objects and maps CEL maps, arrays lists; values the
// schema leaves open (x-kubernetes-preserve-unknown-fields, int-or-string) are typed by what they
// hold. At the resource root only apiVersion, kind and metadata.name/generateName are visible
// of the object's type and metadata.
import type { CelInput } from '@bufbuild/cel';
import { jsonToCel } from '../../cel/json.js';
import { isObject, sAdditionalProperties, sIntOrString, sItems, sProperty, sType, type Schema } from '../schema-util.js';

/** `v` as a CEL value of `schema`'s type (dynamic where the schema does not say). */
export function toCel(v: unknown, schema: Schema | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (!schema || sIntOrString(schema)) return jsonToCel(v);
  const type = sType(schema);
  if (typeof v === 'number') return type === 'number' || !Number.isInteger(v) ? v : BigInt(v);
  if (Array.isArray(v)) {
    const items = sItems(schema);
    return v.map((x) => toCel(x, items));
  }
  if (isObject(v)) {
    const additional = sAdditionalProperties(schema);
    return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x, sProperty(schema, k) ?? additional?.schema)]));
  }
  return v as CelInput;
}

/** The resource root as rules there see it: its type and name, not the rest of its metadata. */
export function rootToCel(v: Record<string, unknown>, schema: Schema): CelInput {
  const out = toCel(v, schema) as Map<string, CelInput>;
  const meta = isObject(v.metadata) ? v.metadata : {};
  const visible = new Map<string, CelInput>();
  for (const k of ['name', 'generateName']) if (typeof meta[k] === 'string') visible.set(k, meta[k] as string);
  out.set('metadata', visible);
  return out;
}
