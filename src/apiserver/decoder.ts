// Turns a parsed request body into the object handed to the registry: type-checks it against
// the kind's schema (400 with upstream's decoding message on a type error) and handles unknown
// fields per fieldValidation (Strict: 400, Warn: Warning headers, Ignore: dropped).
import { newBadRequest } from '../api/errors.js';
import type { ProtobufDecoder } from '../api/protobuf/index.js';
import type { KObj } from '../api/resource-info.js';
import type { SchemaChecker } from '../api/schema/index.js';
import { createBuiltinSchemaChecker, definitionForKind } from '../api/schema/index.js';
import { strictDecodingProblems } from '../api/schema/duplicate-fields.js';
import type { BodyDecoder, BodySource, FieldValidation } from './handlers/context.js';
import { decodeProtobufBody } from './http/protobuf-body.js';
import type { ResourceStore } from './registry/store.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export class SchemaBodyDecoder implements BodyDecoder {
  /** Built on the first protobuf body: the decoder's code (protobufjs) and field table load then, not at start-up. */
  private protobuf: Promise<ProtobufDecoder> | undefined;

  constructor(private readonly checker: SchemaChecker = createBuiltinSchemaChecker()) {}

  async decodeProtobuf(store: ResourceStore, body: Uint8Array, kind?: string, apiVersion?: string): Promise<Record<string, unknown>> {
    this.protobuf ??= Promise.all([import('../api/protobuf/index.js'), import('../api/schema/generated/protobuf-fields.js')]).then(
      ([code, fields]) => new code.ProtobufDecoder(fields.protobufMessages, definitionForKind),
    );
    return decodeProtobufBody(await this.protobuf, store, body, kind, apiVersion);
  }

  decode(store: ResourceStore, value: unknown, mode: FieldValidation, warnings: string[], source: BodySource = {}): KObj {
    const { kind, version } = store.info;
    const def = definitionForKind(store.apiVersion, kind);
    if (!def) return this.decodeCustom(store, value as KObj, mode, warnings, source);
    const result = this.checker.checkObject(def, value, {
      unknownFields: mode === 'Strict' ? 'strict' : mode === 'Warn' ? 'warn' : 'ignore',
      keepEmpty: source.applyConfiguration === true,
    });
    if (result.typeErrors.length) {
      throw newBadRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${result.typeErrors[0]}`);
    }
    if (mode !== 'Ignore') reportStrictProblems(store, result.unknownFields, source, false, mode, warnings);
    return result.value as KObj;
  }

  decodeOptions(kind: 'DeleteOptions', value: unknown): Record<string, unknown> {
    const result = this.checker.checkObject(`io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`, value, { unknownFields: 'ignore' });
    if (result.typeErrors.length) throw newBadRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${result.typeErrors[0]}`);
    return result.value as Record<string, unknown>;
  }

  /** Custom resources: drop what the CRD schema does not specify (type errors are 422s later). */
  private decodeCustom(store: ResourceStore, value: KObj, mode: FieldValidation, warnings: string[], source: BodySource): KObj {
    if (!store.strategy.pruneUnknownFields) return value;
    if (value.metadata !== undefined) {
      // Custom resources share ObjectMeta with every kind: type-check it like a built-in.
      const meta = this.checker.checkObject(OBJECT_META, value.metadata, { unknownFields: 'ignore' });
      if (meta.typeErrors.length) {
        const { kind, version } = store.info;
        throw newBadRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${meta.typeErrors[0]}`);
      }
    }
    const obj = structuredClone(value);
    const pruned = store.strategy.pruneUnknownFields(obj).map((p) => `unknown field ${JSON.stringify(p)}`);
    if (mode !== 'Ignore') reportStrictProblems(store, pruned, source, true, mode, warnings);
    return obj;
  }
}

/**
 * Strict: one 400 naming every problem, with upstream's prefix (a YAML body's repeated keys as
 * one "yaml: unmarshal errors" entry first); Warn: one warning each.
 */
function reportStrictProblems(store: ResourceStore, unknown: readonly string[], source: BodySource, custom: boolean, mode: FieldValidation, warnings: string[]): void {
  const yaml = source.yamlDuplicates;
  const fields = [...(source.patchProblems ?? []), ...strictDecodingProblems(unknown, source.json, custom || !!source.patch || yaml !== undefined)];
  if (mode === 'Warn') {
    warnings.push(...(yaml ?? []), ...fields);
    return;
  }
  const problems = yaml?.length ? [`yaml: unmarshal errors:\n  ${yaml.join('\n  ')}`, ...fields] : fields;
  if (!problems.length) return;
  const { kind, version } = store.info;
  throw newBadRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${problems.join(', ')}`);
}
