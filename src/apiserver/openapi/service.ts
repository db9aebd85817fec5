// The OpenAPI documents of the running server, built from what the registry serves (built-in
// kinds from src/api/schema, custom resources from their CRD schemas) and cached until the set
// of served resources changes. Each document is kept as bytes with its ETag.
import { createHash } from 'node:crypto';
import { apiVersionOf } from '../../api/resource-info.js';
import { buildOpenApiV2, buildOpenApiV3, groupVersionPaths, type DocumentInputs, type ExtraDefinition } from '../../api/openapi/documents.js';
import { customDefinitionName, customResourceDefinitions } from '../../api/openapi/custom-resource.js';
import type { ResourceSchemaRef } from '../../api/openapi/operations.js';
import { builtinDescriptions, type Descriptions } from '../../api/schema/descriptions/index.js';
import { definitionForKind, definitions } from '../../api/schema/builtin.js';
import type { ApiRegistry } from '../api-registry.js';
import type { OpenApiV2Protobuf } from './protobuf-v2.js';
import { v3Url } from './v3-url.js';

export interface ServedDocument {
  readonly body: Buffer;
  /** Upper-case hex SHA-512 of the body, as upstream computes it (unquoted). */
  readonly etag: string;
  readonly lastModified: Date;
}

interface Snapshot {
  readonly generation: number;
  readonly inputs: DocumentInputs;
  readonly builtAt: Date;
  v2Doc?: Record<string, unknown>;
  v2Json?: ServedDocument;
  v2Protobuf?: ServedDocument;
  index?: ServedDocument;
  readonly v3: Map<string, ServedDocument | null>;
}

export const etagOf = (body: Buffer | Uint8Array): string => createHash('sha512').update(body).digest('hex').toUpperCase();

export class OpenApiService {
  private snapshot: Snapshot | undefined;
  /** Our field descriptions, merged on first use. */
  private descriptions: Descriptions | undefined;
  /**
   * Loaded and built on the first protobuf request: protobufjs (~200 KB of code) is not read
   * before then, and parsing the .proto text takes a few milliseconds.
   */
  private protobuf: Promise<OpenApiV2Protobuf> | undefined;

  constructor(
    private readonly registry: ApiRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  v2Json(): ServedDocument {
    const s = this.current();
    s.v2Doc ??= buildOpenApiV2(s.inputs);
    return (s.v2Json ??= served(Buffer.from(JSON.stringify(s.v2Doc)), s.builtAt));
  }

  async v2Protobuf(): Promise<ServedDocument> {
    const s = this.current();
    if (!s.v2Protobuf) {
      this.protobuf ??= import('./protobuf-v2.js').then((m) => new m.OpenApiV2Protobuf());
      const encoder = await this.protobuf;
      s.v2Doc ??= buildOpenApiV2(s.inputs);
      s.v2Protobuf ??= served(Buffer.from(encoder.encode(s.v2Doc)), s.builtAt);
    }
    return s.v2Protobuf;
  }

  /** The /openapi/v3 index: every group-version with its URL and hash. */
  v3Index(): ServedDocument {
    const s = this.current();
    if (!s.index) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gv of groupVersionPaths(s.inputs.resources)) {
        const doc = this.v3(gv);
        if (doc) paths[gv] = { serverRelativeURL: v3Url(gv, doc.etag) };
      }
      s.index = served(Buffer.from(JSON.stringify({ paths })), s.builtAt);
    }
    return s.index;
  }

  /** The v3 document of "api/v1" or "apis/<group>/<version>", if served. */
  v3(groupVersion: string): ServedDocument | undefined {
    const s = this.current();
    if (!s.v3.has(groupVersion)) {
      const doc = buildOpenApiV3(s.inputs, groupVersion);
      s.v3.set(groupVersion, doc ? served(Buffer.from(JSON.stringify(doc)), s.builtAt) : null);
    }
    return s.v3.get(groupVersion) ?? undefined;
  }

  private current(): Snapshot {
    const generation = this.registry.generation;
    if (this.snapshot?.generation !== generation) {
      this.snapshot = { generation, inputs: this.inputs(), builtAt: new Date(Math.floor(this.now() / 1000) * 1000), v3: new Map() };
    }
    return this.snapshot;
  }

  private inputs(): DocumentInputs {
    const resources: ResourceSchemaRef[] = [];
    const extra: Record<string, ExtraDefinition> = {};
    for (const store of this.registry.all()) {
      const info = store.info;
      const apiVersion = apiVersionOf(info);
      if (store.strategy.customResource) {
        const names = { group: info.group, version: info.version, kind: info.kind, listKind: info.listKind };
        Object.assign(extra, customResourceDefinitions(names, store.strategy.openAPIV3Schema));
        resources.push({ info, definition: customDefinitionName(info.group, info.version, info.kind), listDefinition: customDefinitionName(info.group, info.version, info.listKind), custom: true });
        continue;
      }
      const definition = definitionForKind(apiVersion, info.kind);
      const listDefinition = definitionForKind(apiVersion, info.listKind);
      if (definition && listDefinition) resources.push({ info, definition, listDefinition });
    }
    this.descriptions ??= builtinDescriptions();
    return { resources, definitions, descriptions: this.descriptions, extra };
  }
}


function served(body: Buffer, lastModified: Date): ServedDocument {
  return { body, etag: etagOf(body), lastModified };
}
