// Schema rendering: our structural SchemaDefs (src/api/schema) plus our own descriptions into
// OpenAPI v2 `definitions` or v3 `components.schemas` entries, and the set of definitions a
// document needs (everything reachable from its roots).
import type { GroupVersionKind, SchemaDef } from '../schema/types.js';
import type { Descriptions } from '../schema/descriptions/index.js';

export type OpenApiVersion = 'v2' | 'v3';
export type Json = Record<string, unknown>;

export const refPrefix = (v: OpenApiVersion) => (v === 'v2' ? '#/definitions/' : '#/components/schemas/');

/** The names of every definition reachable from `roots` (the roots included), sorted. */
export function reachableDefinitions(roots: Iterable<string>, defs: Readonly<Record<string, SchemaDef>>): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || !Object.prototype.hasOwnProperty.call(defs, name)) continue;
    seen.add(name);
    collectRefs(defs[name]!, stack);
  }
  return [...seen].sort();
}

function collectRefs(s: SchemaDef, out: string[]): void {
  if (s.$ref) out.push(s.$ref);
  if (s.items) collectRefs(s.items, out);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') collectRefs(s.additionalProperties, out);
  if (s.properties) for (const p of Object.values(s.properties)) collectRefs(p, out);
}

/** One named definition, rendered with its descriptions. */
export function renderDefinition(name: string, def: SchemaDef, v: OpenApiVersion, descriptions: Descriptions): Json {
  const own = Object.prototype.hasOwnProperty.call(descriptions, name) ? descriptions[name] : undefined;
  return renderSchema(def, v, own?.[''], own);
}

/**
 * One schema. `description` is the text for this schema itself; `fields` the descriptions of
 * its direct properties (only a definition's top level has them).
 */
export function renderSchema(s: SchemaDef, v: OpenApiVersion, description?: string, fields?: Readonly<Record<string, string>>): Json {
  if (s.$ref) return renderRef(s, v, description);
  const out: Json = {};
  if (description) out.description = description;
  if (s.type) out.type = s.type;
  if (s.format) out.format = s.format;
  if (s.required?.length) out.required = [...s.required];
  if (s.properties) {
    const props: Json = {};
    for (const key of Object.keys(s.properties).sort()) {
      props[key] = renderSchema(s.properties[key]!, v, fields && Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined);
    }
    out.properties = props;
  }
  if (s.items) out.items = renderSchema(s.items, v);
  if (s.additionalProperties !== undefined) {
    out.additionalProperties = typeof s.additionalProperties === 'boolean' ? s.additionalProperties : renderSchema(s.additionalProperties, v);
  }
  if (s.enum) out.enum = [...s.enum];
  if (v === 'v3' && s.default !== undefined) out.default = s.default;
  copyExtensions(s, out);
  return out;
}

/**
 * A reference. v2 allows siblings next to `$ref`; in v3 they would be ignored, so (as upstream
 * does) the reference goes into a one-element allOf whenever there is anything beside it.
 */
function renderRef(s: SchemaDef, v: OpenApiVersion, description?: string): Json {
  const ref = { $ref: `${refPrefix(v)}${s.$ref}` };
  const extra: Json = {};
  if (description) extra.description = description;
  if (v === 'v3' && s.default !== undefined) extra.default = s.default;
  copyExtensions(s, extra);
  if (v === 'v2') return { ...ref, ...extra };
  return Object.keys(extra).length ? { allOf: [ref], ...extra } : ref;
}

const EXTENSIONS = [
  'x-kubernetes-group-version-kind',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
] as const;

function copyExtensions(s: SchemaDef, out: Json): void {
  for (const k of EXTENSIONS) {
    const val = s[k];
    if (val === undefined) continue;
    out[k] = k === 'x-kubernetes-group-version-kind' ? (val as readonly GroupVersionKind[]).map((g) => ({ group: g.group, kind: g.kind, version: g.version })) : Array.isArray(val) ? [...val] : val;
  }
}
