// Turns a parsed request body into the object handed to the registry: type-checks it against
// the kind's schema (400 with upstream's decoding message on a type error) and handles unknown
// fields per fieldValidation (Strict: 400, Warn: Warning headers, Ignore: dropped).
import { newBadRequest } from '../api/errors.js';
import type { KObj } from '../api/resource-info.js';
import type { SchemaChecker } from '../api/schema/index.js';
import { createBuiltinSchemaChecker, definitionForKind } from '../api/schema/index.js';
import type { BodyDecoder, FieldValidation } from './handlers/context.js';
import type { ResourceStore } from './registry/store.js';

export class SchemaBodyDecoder implements BodyDecoder {
  constructor(private readonly checker: SchemaChecker = createBuiltinSchemaChecker()) {}

  decode(store: ResourceStore, value: unknown, mode: FieldValidation, warnings: string[]): KObj {
    const { kind, version } = store.info;
    const def = definitionForKind(store.apiVersion, kind);
    if (!def) return value as KObj;
    const result = this.checker.checkObject(def, value, { unknownFields: mode === 'Strict' ? 'strict' : mode === 'Warn' ? 'warn' : 'ignore' });
    if (result.typeErrors.length) {
      throw newBadRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${result.typeErrors[0]}`);
    }
    if (result.unknownFields.length) {
      if (mode === 'Strict') throw newBadRequest(`strict decoding error: ${result.unknownFields.join(', ')}`);
      if (mode === 'Warn') warnings.push(...result.unknownFields);
    }
    return result.value as KObj;
  }
}
