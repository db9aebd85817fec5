// The strategy of one served version of a CustomResourceDefinition: names and scope from the
// CRD, validation, pruning and defaulting from its schema, status/scale subresources, and
// conversion between versions (strategy None: only apiVersion changes; Webhook: the CRD's
// conversion webhook, called by the registry).
import { applySchemaDefaults, pruneNonNullableNulls } from '../../api/crd/defaults.js';
import { pruneUnknownFields } from '../../api/crd/prune.js';
import { schemaHasRules } from '../../api/crd/cel/has-rules.js';
import type { SchemaRules } from '../../api/crd/cel/rules.js';
import type { Schema } from '../../api/crd/schema-util.js';
import { validateCustomResource } from '../../api/crd/validate-custom-resource.js';
import type { ExternalConversion, KindStrategy, KObj, ScaleSubresource, StorageConversion } from '../../api/resource-info.js';

type Obj = Record<string, any>;

export interface CrdVersionView {
  readonly group: string;
  readonly version: string;
  readonly storageVersion: string;
  readonly names: Obj;
  readonly namespaced: boolean;
  readonly schema: unknown;
  readonly subresources?: Obj;
  readonly printerColumns?: readonly unknown[];
  /**
   * Whether stored objects may be in another version than this one: the CRD has several
   * versions, or status.storedVersions names another.
   */
  readonly mayConvert: boolean;
}

/** The served versions of a CRD, or [] when it is not usable. */
export function servedVersions(crd: Obj): CrdVersionView[] {
  const spec = crd?.spec;
  if (!spec || typeof spec.group !== 'string' || !spec.names?.plural || !spec.names?.kind || !Array.isArray(spec.versions)) return [];
  const storage = spec.versions.find((v: Obj) => v?.storage)?.name ?? spec.versions[0]?.name;
  const stored: unknown[] = Array.isArray(crd.status?.storedVersions) ? crd.status.storedVersions : [];
  return spec.versions
    .filter((v: Obj) => v && v.served && typeof v.name === 'string')
    .map((v: Obj) => ({
      group: spec.group,
      version: v.name,
      storageVersion: storage,
      names: spec.names,
      namespaced: spec.scope !== 'Cluster',
      schema: v.schema?.openAPIV3Schema,
      subresources: v.subresources ?? spec.subresources,
      printerColumns: Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : Array.isArray(spec.additionalPrinterColumns) ? spec.additionalPrinterColumns : undefined,
      mayConvert: spec.versions.length > 1 || stored.some((s) => s !== v.name),
    }));
}

const jsonPath = (p: unknown): string => (typeof p === 'string' ? p.replace(/^\./, '') : '');

/** How objects of version `v` are read from and written to storage; undefined when always stored as `v`. */
function conversionOf(v: CrdVersionView, external: ExternalConversion | undefined): StorageConversion | undefined {
  if (!v.mayConvert) return undefined;
  // A webhook converts in the registry, which knows the version each object is wanted in.
  if (external) return { fromStorage: (obj) => obj, toStorage: (obj) => obj, external };
  const apiVersion = `${v.group}/${v.version}`;
  const storageApiVersion = `${v.group}/${v.storageVersion}`;
  return {
    fromStorage: (obj) => (obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion }),
    toStorage: (obj) => (obj.apiVersion === storageApiVersion ? obj : { ...obj, apiVersion: storageApiVersion }),
  };
}

/** `external`: the CRD's conversion webhook, when its conversion strategy is Webhook. */
export function customResourceStrategy(v: CrdVersionView, external?: ExternalConversion): KindStrategy {
  const kind = String(v.names.kind);
  const scaleSpec = v.subresources?.scale;
  const scale: ScaleSubresource | undefined = scaleSpec
    ? {
        specReplicasPath: jsonPath(scaleSpec.specReplicasPath),
        statusReplicasPath: jsonPath(scaleSpec.statusReplicasPath),
        ...(scaleSpec.labelSelectorPath ? { labelSelectorPath: jsonPath(scaleSpec.labelSelectorPath) } : {}),
      }
    : undefined;
  const schema = v.schema;
  const conversion = conversionOf(v, external);
  // x-kubernetes-validations: CEL is loaded, and the rules compiled, before the first write.
  let rules: SchemaRules | undefined;
  const loadRules = schemaHasRules(schema)
    ? async () => {
        if (rules) return;
        const { SchemaRules } = await import('../../api/crd/cel/rules.js');
        rules ??= new SchemaRules(schema as Schema);
      }
    : undefined;
  return {
    info: {
      group: v.group,
      version: v.version,
      kind,
      resource: String(v.names.plural),
      singular: String(v.names.singular || kind.toLowerCase()),
      listKind: String(v.names.listKind || `${kind}List`),
      namespaced: v.namespaced,
      ...(Array.isArray(v.names.shortNames) ? { shortNames: v.names.shortNames } : {}),
      ...(Array.isArray(v.names.categories) ? { categories: v.names.categories } : {}),
      status: !!v.subresources?.status,
      ...(scale ? { scale } : {}),
    },
    generation: true,
    customResource: true,
    ...(schema !== undefined ? { openAPIV3Schema: schema } : {}),
    ...(v.printerColumns ? { printerColumns: v.printerColumns } : {}),
    ...(conversion ? { conversion } : {}),
    defaults(obj: KObj) {
      if (!schema) return;
      pruneNonNullableNulls(schema, obj);
      applySchemaDefaults(schema, obj);
    },
    ...(loadRules ? { load: loadRules } : {}),
    validate(obj: KObj) {
      return schema ? validateCustomResource(schema, obj) : [];
    },
    validateCreate(obj: KObj) {
      return rules ? rules.validate(obj, undefined) : [];
    },
    validateUpdate(obj: KObj, old: KObj) {
      return rules ? rules.validate(obj, old) : [];
    },
    validateStatusUpdate(obj: KObj, old: KObj) {
      return schema ? [...validateCustomResource(schema, obj), ...(rules ? rules.validate(obj, old) : [])] : [];
    },
    pruneUnknownFields(obj: KObj) {
      return schema ? pruneUnknownFields(schema, obj) : [];
    },
  };
}
