// The merge-relevant shape of a schema (upstream: structured-merge-diff's schema, converted from
// OpenAPI): scalars, maps and structs (granular or atomic), lists (atomic, set, or map with
// keys), and untyped values whose shape is deduced from the value itself.
import { SPECIAL_DEFINITIONS, type SchemaDef } from '../schema/types.js';

export interface ScalarNode {
  readonly kind: 'scalar';
}
export interface UntypedNode {
  readonly kind: 'untyped';
}
export interface MapNode {
  readonly kind: 'map';
  readonly atomic: boolean;
  field(name: string): TypeNode;
  /** Whether the schema declares `name` (or allows any field). */
  knows(name: string): boolean;
  /** Whether `name` is one of the struct's own fields (upstream: a named field), not a map key. */
  declares(name: string): boolean;
  /**
   * Fields that Go always serialises (value structs as {}, required lists and maps as null):
   * upstream compares objects after a round trip through the Go types, so these count as present.
   */
  zeroFields(): ReadonlyArray<readonly [string, ZeroValue]>;
}
/** The zero value of an always-serialised field: an empty struct, or null. */
export type ZeroValue = Record<string, never> | null;

export interface ListNode {
  readonly kind: 'list';
  readonly relationship: 'atomic' | 'set' | 'map';
  readonly keys: readonly string[];
  /** Defaults of key fields (a missing key field takes its default, e.g. protocol TCP). */
  readonly keyDefaults: Readonly<Record<string, unknown>>;
  readonly elem: TypeNode;
}
export type TypeNode = ScalarNode | UntypedNode | MapNode | ListNode;

export const SCALAR: ScalarNode = { kind: 'scalar' };
export const UNTYPED: UntypedNode = { kind: 'untyped' };
const UNTYPED_MAP: MapNode = { kind: 'map', atomic: false, field: () => UNTYPED, knows: () => true, declares: () => false, zeroFields: () => [] };
const ATOMIC_LIST: ListNode = { kind: 'list', relationship: 'atomic', keys: [], keyDefaults: {}, elem: UNTYPED };

const UNTYPED_REFS = new Set<string>([SPECIAL_DEFINITIONS.rawExtension, SPECIAL_DEFINITIONS.json, SPECIAL_DEFINITIONS.fieldsV1]);

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The node to walk `value` with: untyped values take a shape from the value (maps granular, lists atomic). */
export function effective(node: TypeNode, value: unknown): TypeNode {
  if (node.kind !== 'untyped') return node;
  if (isPlain(value)) return UNTYPED_MAP;
  if (Array.isArray(value)) return ATOMIC_LIST;
  return SCALAR;
}

/** Converts schema definitions (built-in, with $ref) or a CRD's openAPIV3Schema into nodes, lazily. */
export class SchemaTypes {
  private readonly cache = new WeakMap<SchemaDef, TypeNode>();

  constructor(private readonly definitions: Readonly<Record<string, SchemaDef>> = {}) {}

  /** The node of a named definition. */
  named(name: string): TypeNode {
    const def = this.lookup(name);
    return def ? this.node(def) : SCALAR;
  }

  node(def: SchemaDef | undefined): TypeNode {
    if (!def) return UNTYPED;
    let n = this.cache.get(def);
    if (!n) {
      n = this.build(def);
      this.cache.set(def, n);
    }
    return n;
  }

  private lookup(name: string): SchemaDef | undefined {
    return Object.prototype.hasOwnProperty.call(this.definitions, name) ? this.definitions[name] : undefined;
  }

  private build(def: SchemaDef): TypeNode {
    if (def.$ref !== undefined) {
      if (UNTYPED_REFS.has(def.$ref)) return UNTYPED;
      const target = this.lookup(def.$ref);
      if (!target) return SCALAR; // Quantity, IntOrString, Time, MicroTime: strings on the wire.
      const base = this.node(target);
      if (base.kind === 'map' && def['x-kubernetes-map-type'] === 'atomic' && !base.atomic) return { ...base, atomic: true };
      return base;
    }
    if (def['x-kubernetes-int-or-string']) return SCALAR;
    if (def.type === 'array' || def.items) return this.list(def);
    if (def.type === 'object' || def.properties || def.additionalProperties !== undefined) {
      if (!def.properties && def.additionalProperties === undefined) return def['x-kubernetes-map-type'] === 'atomic' ? { ...UNTYPED_MAP, atomic: true } : UNTYPED;
      return this.map(def);
    }
    if (def.type) return SCALAR;
    return UNTYPED;
  }

  private list(def: SchemaDef): ListNode {
    const elemDef = def.items;
    const elem = this.node(elemDef);
    const listType = def['x-kubernetes-list-type'];
    const strategy = (def['x-kubernetes-patch-strategy'] ?? '').split(',').map((s) => s.trim());
    const mergeKey = def['x-kubernetes-patch-merge-key'];
    let relationship: ListNode['relationship'] = 'atomic';
    let keys: readonly string[] = [];
    if (listType === 'map') {
      relationship = 'map';
      keys = def['x-kubernetes-list-map-keys'] ?? [];
    } else if (listType === 'set') relationship = 'set';
    else if (listType === 'atomic') relationship = 'atomic';
    else if (strategy.includes('merge')) {
      if (mergeKey) {
        relationship = 'map';
        keys = [mergeKey];
      } else relationship = 'set';
    }
    if (relationship === 'map' && keys.length === 0) relationship = 'set';
    const keyDefaults: Record<string, unknown> = {};
    if (relationship === 'map') {
      const item = elemDef?.$ref !== undefined ? this.lookup(elemDef.$ref) : elemDef;
      for (const k of keys) {
        const d = item?.properties?.[k]?.default;
        if (d !== undefined) keyDefaults[k] = d;
      }
    }
    return { kind: 'list', relationship, keys, keyDefaults, elem };
  }

  private map(def: SchemaDef): MapNode {
    const props = def.properties ?? {};
    const extra = def.additionalProperties;
    const extraNode = (): TypeNode => (typeof extra === 'object' ? this.node(extra) : UNTYPED);
    let zero: Array<readonly [string, ZeroValue]> | undefined;
    const required = new Set(def.required ?? []);
    const open = extra !== undefined && extra !== false ? true : !!def['x-kubernetes-preserve-unknown-fields'];
    const embedded = !!def['x-kubernetes-embedded-resource'];
    const declares = (name: string): boolean => Object.prototype.hasOwnProperty.call(props, name) || (embedded && (name === 'apiVersion' || name === 'kind' || name === 'metadata'));
    return {
      kind: 'map',
      atomic: def['x-kubernetes-map-type'] === 'atomic',
      field: (name: string) => (Object.prototype.hasOwnProperty.call(props, name) ? this.node(props[name]) : extraNode()),
      knows: (name: string) => open || declares(name),
      declares,
      zeroFields: () => {
        if (!zero) {
          zero = [];
          for (const [name, p] of Object.entries(props)) {
            const n = this.node(p);
            const valueStruct = isPlain(p.default) && Object.keys(p.default).length === 0 && n.kind === 'map';
            if (valueStruct) zero.push([name, {}]);
            else if (required.has(name) && (n.kind === 'list' || n.kind === 'map')) zero.push([name, null]);
          }
        }
        return zero;
      },
    };
  }
}

/** A custom resource's root: its schema, with ObjectMeta's shape for metadata (as upstream). */
export function customResourceRoot(types: SchemaTypes, schema: SchemaDef | undefined, objectMeta: TypeNode): TypeNode {
  const base = types.node(schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  const root = base.kind === 'map' ? base : UNTYPED_MAP;
  const declares = (name: string): boolean => name === 'metadata' || name === 'apiVersion' || name === 'kind' || root.declares(name);
  return {
    kind: 'map',
    atomic: false,
    field: (name) => (name === 'metadata' ? objectMeta : name === 'apiVersion' || name === 'kind' ? SCALAR : root.field(name)),
    knows: (name) => declares(name) || root.knows(name),
    declares,
    zeroFields: () => [['metadata', {}]],
  };
}
