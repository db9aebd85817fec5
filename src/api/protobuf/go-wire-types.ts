// The messages whose JSON form is not "an object of its fields": Go types with their own
// protobuf and JSON marshalling in apimachinery.

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const TIME = `${META}.Time`;
export const MICRO_TIME = `${META}.MicroTime`;
export const DURATION = `${META}.Duration`;
export const FIELDS_V1 = `${META}.FieldsV1`;
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const UNKNOWN = 'io.k8s.apimachinery.pkg.runtime.Unknown';

// apiextensions.k8s.io/v1 schema types with their own JSON forms (CRD schemas).
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
/** `raw`: the JSON text of any value (default, example, enum entries). */
export const APIEXT_JSON = `${APIEXT}.JSON`;
/** A schema, or an array of schemas (`items`). */
export const SCHEMA_OR_ARRAY = `${APIEXT}.JSONSchemaPropsOrArray`;
/** A schema, or true/false (`additionalProperties`, `additionalItems`). */
export const SCHEMA_OR_BOOL = `${APIEXT}.JSONSchemaPropsOrBool`;
/** A schema, or a list of property names (`dependencies` values). */
export const SCHEMA_OR_STRING_ARRAY = `${APIEXT}.JSONSchemaPropsOrStringArray`;
export const JSON_SCHEMA_PROPS = `${APIEXT}.JSONSchemaProps`;

/** Go's RFC3339 in UTC, whole seconds (metav1.Time). */
export function formatTime(seconds: number, nanos: number, micro: boolean): string {
  const ms = seconds * 1000;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const base = iso.slice(0, 19);
  if (!micro) return `${base}Z`;
  const us = Math.floor((nanos % 1e9) / 1000);
  return `${base}.${String(us).padStart(6, '0')}Z`;
}

/** Go's time.Duration.String(). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e3) out = `${u}ns`;
  else if (u < 1e6) out = `${trimFraction(u / 1e3)}µs`;
  else if (u < 1e9) out = `${trimFraction(u / 1e6)}ms`;
  else {
    const h = Math.floor(u / 3.6e12);
    u -= h * 3.6e12;
    const m = Math.floor(u / 6e10);
    u -= m * 6e10;
    const s = `${trimFraction(u / 1e9)}s`;
    out = h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s;
  }
  return neg ? `-${out}` : out;
}

function trimFraction(v: number): string {
  return String(Number(v.toFixed(9)));
}
