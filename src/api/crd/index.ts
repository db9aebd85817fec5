// CustomResourceDefinition schemas: CRD-time schema validation and the per-request steps the
// server runs on custom resources, in this order: pruneUnknownFields, pruneNonNullableNulls,
// applySchemaDefaults, validateCustomResource.
export {
  crdSchemaLocations,
  structuralConversionError,
  validateCRDSchema,
  validateCRDSpecSchemas,
  validateStructuralSchema,
  type CRDSchemaLocation,
  type CRDSchemaValidationOptions,
} from './structural-schema.js';
export { validateAgainstSchema, validateCustomResource, validateEmbeddedObjectMeta, validateListSetsAndMaps } from './validate-custom-resource.js';
export { pruneUnknownFields, type PruneOptions } from './prune.js';
export { applySchemaDefaults, pruneNonNullableNulls } from './defaults.js';
export { compileGoRegexp, type GoRegexp } from './go-regexp.js';
