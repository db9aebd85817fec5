// The shape of one API schema: a structural subset of OpenAPI v2 / v3 schema objects, without
// any documentation text. Generated definitions (./generated/definitions.ts) use it for every
// built-in type; the same shape can describe CRD structural schemas later.
//
// Keys keep their OpenAPI spelling so that serving /openapi/v2 and /openapi/v3 is a matter of
// adding descriptions and turning `$ref` back into a JSON pointer ('#/definitions/<name>' or
// '#/components/schemas/<name>'). Note: `default` values come from upstream's OpenAPI v3; its
// v2 document carries none, so a faithful /openapi/v2 leaves them out.

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface SchemaDef {
  readonly type?: SchemaType;
  /** int32, int64, double, byte (base64 string), date-time, int-or-string. */
  readonly format?: string;
  /** A definition name (a key of the definitions record), not a JSON pointer. */
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, SchemaDef>>;
  readonly required?: readonly string[];
  readonly items?: SchemaDef;
  /** A schema for map values; `true` (or an empty schema) means any value. */
  readonly additionalProperties?: SchemaDef | boolean;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
  readonly 'x-kubernetes-patch-merge-key'?: string;
  /** merge, replace, retainKeys, or a comma-separated combination ("merge,retainKeys"). */
  readonly 'x-kubernetes-patch-strategy'?: string;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
}

/** Definition names of the types that decode specially (custom JSON unmarshalers upstream). */
export const SPECIAL_DEFINITIONS = {
  intOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  microTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  rawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  fieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  json: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  jsonSchemaProps: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
  jsonSchemaPropsOrArray: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  jsonSchemaPropsOrBool: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  jsonSchemaPropsOrStringArray:
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
} as const;
