// The built-in API types: generated definitions, their kinds, and a checker over them.

import { createSchemaChecker, type SchemaChecker } from './decode.js';
import { definitions } from './generated/definitions.js';
import { kinds } from './generated/kinds.js';
import { omitEmptyFields } from './generated/omitempty-fields.js';
import { goFieldTypes } from './go-types.js';

export { definitions, kinds, goFieldTypes };

/** The definition name of a served kind ('apps/v1', 'Deployment' -> 'io.k8s.api.apps.v1.Deployment'). */
export function definitionForKind(apiVersion: string, kind: string): string | undefined {
  const m = Object.prototype.hasOwnProperty.call(kinds, apiVersion) ? kinds[apiVersion] : undefined;
  return m && Object.prototype.hasOwnProperty.call(m, kind) ? m[kind] : undefined;
}

/**
 * A checker over the built-in definitions. It compiles definitions lazily and caches them in
 * itself, so create one per API server (or share one) rather than one per request. Zero values of
 * omitempty Go fields are dropped, as upstream's decoding into Go structs drops them.
 */
export function createBuiltinSchemaChecker(): SchemaChecker {
  return createSchemaChecker(definitions, { goFieldTypes, omitEmpty: omitEmptyFields });
}
