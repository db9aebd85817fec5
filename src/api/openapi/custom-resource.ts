// A custom resource version's schemas for the OpenAPI documents: the kind and its list, built
// from the CRD's own openAPIV3Schema (its descriptions are the CRD author's), with apiVersion,
// kind and metadata described as for every kind, and the group-version-kind extension.
import { COMMON_FIELDS } from '../schema/descriptions/common.js';
import type { ExtraDefinition } from './documents.js';
import { META } from './operations.js';
import type { Json } from './schemas.js';

export interface CustomResourceNames {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
}

const OBJECT_META = `${META}ObjectMeta`;
const LIST_META = `${META}ListMeta`;

/** Upstream's definition name of a custom kind: the group reversed, then version and kind. */
export function customDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** The kind's and the list's definitions, keyed by definition name. */
export function customResourceDefinitions(names: CustomResourceNames, schema: unknown): Record<string, ExtraDefinition> {
  const kindName = customDefinitionName(names.group, names.version, names.kind);
  const listName = customDefinitionName(names.group, names.version, names.listKind);
  const gvk = (kind: string) => [{ group: names.group, kind, version: names.version }];
  const base = isObject(schema) ? schema : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const kind = (v: 'v2' | 'v3'): Json => {
    const s = v === 'v2' ? toV2(base) : structuredClone(base);
    const props = isObject(s.properties) ? (s.properties as Json) : {};
    s.type = 'object';
    s.properties = {
      ...props,
      apiVersion: { description: COMMON_FIELDS.apiVersion, type: 'string' },
      kind: { description: COMMON_FIELDS.kind, type: 'string' },
      metadata: v === 'v2' ? { $ref: `#/definitions/${OBJECT_META}`, description: COMMON_FIELDS.metadata } : { allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }], description: COMMON_FIELDS.metadata },
    };
    s['x-kubernetes-group-version-kind'] = gvk(names.kind);
    return s;
  };
  const list = (v: 'v2' | 'v3'): Json => {
    const prefix = v === 'v2' ? '#/definitions/' : '#/components/schemas/';
    return {
      description: `${names.listKind} is a list of ${names.kind}`,
      required: ['items'],
      type: 'object',
      properties: {
        apiVersion: { description: COMMON_FIELDS.apiVersion, type: 'string' },
        items: { description: `List of ${names.kind.toLowerCase()}s.`, items: { $ref: `${prefix}${kindName}` }, type: 'array' },
        kind: { description: COMMON_FIELDS.kind, type: 'string' },
        metadata: v === 'v2' ? { $ref: `${prefix}${LIST_META}`, description: COMMON_FIELDS.listMetadata } : { allOf: [{ $ref: `${prefix}${LIST_META}` }], description: COMMON_FIELDS.listMetadata },
      },
      'x-kubernetes-group-version-kind': gvk(names.listKind),
    };
  };
  return {
    [kindName]: { v2: kind('v2'), v3: kind('v3'), refs: [OBJECT_META] },
    [listName]: { v2: list('v2'), v3: list('v3'), refs: [LIST_META] },
  };
}

/** Keywords OpenAPI v2 does not have (upstream drops them when publishing a CRD in v2). */
const V3_ONLY = new Set(['nullable', 'oneOf', 'anyOf', 'not', 'allOf', 'x-kubernetes-validations']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);

function toV2(s: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (V3_ONLY.has(k)) continue;
    if (SCHEMA_MAPS.has(k) && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, isObject(pv) ? toV2(pv) : pv]));
    else if ((k === 'items' || k === 'additionalProperties') && isObject(v)) out[k] = toV2(v);
    else out[k] = structuredClone(v);
  }
  return out;
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
