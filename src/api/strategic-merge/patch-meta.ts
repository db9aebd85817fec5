// What the schema says about merging one field: its sub-schema, its patch strategy and merge key.
// The x-kubernetes-patch-* extensions sit on the property (beside a $ref), as in upstream's OpenAPI.
import type { SchemaDef } from '../schema/types.js';

export type Definitions = Readonly<Record<string, SchemaDef>>;

export interface FieldMeta {
  /** The field's schema with $ref resolved; undefined when the schema does not know the field. */
  readonly schema: SchemaDef | undefined;
  /** 'merge' or 'replace' when declared, '' otherwise (lists replace, maps merge). */
  readonly strategy: '' | 'merge' | 'replace';
  readonly retainKeys: boolean;
  readonly mergeKey: string;
}

const NO_META: FieldMeta = { schema: undefined, strategy: '', retainKeys: false, mergeKey: '' };

export class PatchSchema {
  constructor(private readonly definitions: Definitions) {}

  resolve(def: SchemaDef | undefined): SchemaDef | undefined {
    let cur = def;
    for (let hops = 0; cur?.$ref !== undefined && hops < 16; hops++) {
      const next: SchemaDef | undefined = Object.prototype.hasOwnProperty.call(this.definitions, cur.$ref) ? this.definitions[cur.$ref] : undefined;
      if (!next) return undefined;
      cur = next;
    }
    return cur;
  }

  definition(name: string): SchemaDef | undefined {
    return Object.prototype.hasOwnProperty.call(this.definitions, name) ? this.definitions[name] : undefined;
  }

  /** The merge metadata of `key` inside an object with schema `parent`. */
  field(parent: SchemaDef | undefined, key: string): FieldMeta {
    const node = this.resolve(parent);
    if (!node) return NO_META;
    let raw: SchemaDef | undefined;
    if (node.properties && Object.prototype.hasOwnProperty.call(node.properties, key)) raw = node.properties[key];
    else if (typeof node.additionalProperties === 'object') raw = node.additionalProperties;
    if (!raw) return NO_META;
    const parts = (raw['x-kubernetes-patch-strategy'] ?? '').split(',').map((s) => s.trim());
    const strategy = parts.includes('merge') ? 'merge' : parts.includes('replace') ? 'replace' : '';
    return { schema: this.resolve(raw), strategy, retainKeys: parts.includes('retainKeys'), mergeKey: raw['x-kubernetes-patch-merge-key'] ?? '' };
  }

  /** The schema of the items of a list field. */
  items(list: SchemaDef | undefined): SchemaDef | undefined {
    return this.resolve(this.resolve(list)?.items);
  }
}
