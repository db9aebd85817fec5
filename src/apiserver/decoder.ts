// Turns a parsed request body into the object handed to the registry. Schema type-checking
// and unknown-field handling plug in here.
import type { KObj } from '../api/resource-info.js';
import type { BodyDecoder, FieldValidation } from './handlers/context.js';
import type { ResourceStore } from './registry/store.js';

export class PlainBodyDecoder implements BodyDecoder {
  decode(_store: ResourceStore, value: unknown, _mode: FieldValidation, _warnings: string[]): KObj {
    return value as KObj;
  }
}
