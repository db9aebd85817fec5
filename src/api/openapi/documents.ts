// OpenAPI documents from the served resources: the whole API as one OpenAPI v2 (swagger 2.0)
// document, and one OpenAPI v3 document per group-version, as upstream serves them.
import type { SchemaDef } from '../schema/types.js';
import type { Descriptions } from '../schema/descriptions/index.js';
import {
  DELETE_OPTIONS_DEF,
  META,
  PATCH_DEF,
  resourcePaths,
  SCALE_DEF,
  STATUS_DEF,
  WATCH_EVENT_DEF,
  groupIdentifier,
  type OperationSpec,
  type PathSpec,
  type ResourceSchemaRef,
} from './operations.js';
import { QUERY_PARAMS } from './parameters.js';
import { reachableDefinitions, refPrefix, renderDefinition, type Json, type OpenApiVersion } from './schemas.js';

/** A definition that is not in the built-in set (a custom resource's), already rendered. */
export interface ExtraDefinition {
  readonly v2: Json;
  readonly v3: Json;
  /** Built-in definitions it refers to (ObjectMeta, ListMeta). */
  readonly refs: readonly string[];
}

export interface DocumentInputs {
  readonly resources: readonly ResourceSchemaRef[];
  readonly definitions: Readonly<Record<string, SchemaDef>>;
  readonly descriptions: Descriptions;
  readonly extra?: Readonly<Record<string, ExtraDefinition>>;
}

const INFO = { title: 'Kubernetes', version: 'unversioned' };
const BEARER = { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } };
const RESOURCE_LIST_DEF = `${META}APIResourceList`;

/** The group-versions ("api/v1", "apis/apps/v1") that have resources, in a stable order. */
export function groupVersionPaths(resources: readonly ResourceSchemaRef[]): string[] {
  const set = new Set(resources.map((r) => gvPath(r.info.group, r.info.version)));
  return [...set].sort();
}

export const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

function tagOf(group: string, version: string): string {
  const id = groupIdentifier(group);
  return `${id[0]!.toLowerCase()}${id.slice(1)}_${version}`;
}

function definitionsFor(inputs: DocumentInputs, resources: readonly ResourceSchemaRef[], v: OpenApiVersion): Json {
  const roots = new Set<string>([STATUS_DEF, DELETE_OPTIONS_DEF, PATCH_DEF, WATCH_EVENT_DEF, RESOURCE_LIST_DEF]);
  const extra = inputs.extra ?? {};
  const extraUsed = new Set<string>();
  for (const r of resources) {
    for (const d of [r.definition, r.listDefinition]) {
      if (Object.prototype.hasOwnProperty.call(extra, d)) {
        extraUsed.add(d);
        for (const ref of extra[d]!.refs) roots.add(ref);
      } else roots.add(d);
    }
    if (r.info.scale) roots.add(SCALE_DEF);
  }
  const out: Json = {};
  const names = [...reachableDefinitions(roots, inputs.definitions), ...extraUsed].sort();
  for (const name of names) {
    out[name] = extraUsed.has(name) ? extra[name]![v] : renderDefinition(name, inputs.definitions[name]!, v, inputs.descriptions);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// v2

export function buildOpenApiV2(inputs: DocumentInputs): Json {
  const paths: Json = {};
  const sorted = [...inputs.resources].sort((a, b) => gvPath(a.info.group, a.info.version).localeCompare(gvPath(b.info.group, b.info.version)) || a.info.resource.localeCompare(b.info.resource));
  for (const gv of groupVersionPaths(sorted)) {
    const first = sorted.find((r) => gvPath(r.info.group, r.info.version) === gv)!;
    paths[`/${gv}/`] = v2ResourceListPath(first.info.group, first.info.version);
  }
  for (const r of sorted) for (const p of resourcePaths(r)) paths[p.path] = v2Path(p, tagOf(r.info.group, r.info.version));
  return {
    swagger: '2.0',
    info: INFO,
    paths: sortKeys(paths),
    definitions: definitionsFor(inputs, sorted, 'v2'),
    securityDefinitions: BEARER,
    security: [{ BearerToken: [] }],
  };
}

function v2ResourceListPath(group: string, version: string): Json {
  return {
    get: {
      consumes: ['application/json', 'application/yaml'],
      description: 'get available resources',
      operationId: `get${groupIdentifier(group)}${version[0]!.toUpperCase()}${version.slice(1)}APIResources`,
      produces: ['application/json', 'application/yaml'],
      responses: { '200': { description: 'OK', schema: { $ref: `${refPrefix('v2')}${RESOURCE_LIST_DEF}` } }, '401': { description: 'Unauthorized' } },
      schemes: ['https'],
      tags: [tagOf(group, version)],
    },
  };
}

function v2Path(p: PathSpec, tag: string): Json {
  const out: Json = {};
  for (const o of p.operations) out[o.method] = v2Operation(o, tag);
  out.parameters = [
    ...p.pathParams.map((pp) => ({ description: pp.description, in: 'path', name: pp.name, required: true, type: 'string', uniqueItems: true })),
    v2Query('pretty'),
  ];
  return out;
}

function v2Query(name: keyof typeof QUERY_PARAMS): Json {
  const q = QUERY_PARAMS[name];
  return { description: q.description, in: 'query', name: q.name, type: q.type, uniqueItems: true };
}

function v2Operation(o: OperationSpec, tag: string): Json {
  const parameters: Json[] = [];
  if (o.body) parameters.push({ in: 'body', name: 'body', ...(o.bodyRequired ? { required: true } : {}), schema: { $ref: `${refPrefix('v2')}${o.body}` } });
  for (const q of o.query) parameters.push(v2Query(q));
  const responses: Json = {};
  for (const r of o.responses) responses[r.code] = r.definition ? { description: r.description, schema: { $ref: `${refPrefix('v2')}${r.definition}` } } : { description: r.description };
  return {
    consumes: [...o.consumes],
    description: o.description,
    operationId: o.operationId,
    ...(parameters.length ? { parameters } : {}),
    produces: [...o.produces],
    responses,
    schemes: ['https'],
    tags: [tag],
    'x-kubernetes-action': o.action,
    'x-kubernetes-group-version-kind': { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version },
  };
}

// ---------------------------------------------------------------------------------------------
// v3

/** The v3 document of one group-version ("apis/apps/v1"), or undefined when nothing is served there. */
export function buildOpenApiV3(inputs: DocumentInputs, groupVersion: string): Json | undefined {
  const resources = [...inputs.resources]
    .filter((r) => gvPath(r.info.group, r.info.version) === groupVersion)
    .sort((a, b) => a.info.resource.localeCompare(b.info.resource));
  if (!resources.length) return undefined;
  const { group, version } = resources[0]!.info;
  const tag = tagOf(group, version);
  const paths: Json = { [`/${groupVersion}/`]: v3ResourceListPath(group, version) };
  for (const r of resources) for (const p of resourcePaths(r)) paths[p.path] = v3Path(p, tag);
  return {
    openapi: '3.0.0',
    info: INFO,
    paths: sortKeys(paths),
    components: { schemas: definitionsFor(inputs, resources, 'v3'), securitySchemes: BEARER },
  };
}

const v3Ref = (def: string) => ({ $ref: `${refPrefix('v3')}${def}` });
const content = (types: readonly string[], def: string): Json => Object.fromEntries(types.map((t) => [t, { schema: v3Ref(def) }]));

function v3ResourceListPath(group: string, version: string): Json {
  return {
    get: {
      description: 'get available resources',
      operationId: `get${groupIdentifier(group)}${version[0]!.toUpperCase()}${version.slice(1)}APIResources`,
      responses: { '200': { content: content(['application/json', 'application/yaml'], RESOURCE_LIST_DEF), description: 'OK' }, '401': { description: 'Unauthorized' } },
      tags: [tagOf(group, version)],
    },
  };
}

function v3Query(name: keyof typeof QUERY_PARAMS): Json {
  const q = QUERY_PARAMS[name];
  return { description: q.description, in: 'query', name: q.name, schema: { type: q.type, uniqueItems: true } };
}

function v3Path(p: PathSpec, tag: string): Json {
  const out: Json = {};
  for (const o of p.operations) out[o.method] = v3Operation(o, tag);
  out.parameters = [
    ...p.pathParams.map((pp) => ({ description: pp.description, in: 'path', name: pp.name, required: true, schema: { type: 'string', uniqueItems: true } })),
    v3Query('pretty'),
  ];
  return out;
}

function v3Operation(o: OperationSpec, tag: string): Json {
  const responses: Json = {};
  for (const r of o.responses) responses[r.code] = r.definition ? { content: content(o.produces, r.definition), description: r.description } : { description: r.description };
  const bodyTypes = o.consumes.includes('*/*') ? ['*/*'] : o.consumes;
  return {
    description: o.description,
    operationId: o.operationId,
    ...(o.query.length ? { parameters: o.query.map(v3Query) } : {}),
    ...(o.body ? { requestBody: { content: content(bodyTypes, o.body), ...(o.bodyRequired ? { required: true } : {}) } } : {}),
    responses,
    tags: [tag],
    'x-kubernetes-action': o.action,
    'x-kubernetes-group-version-kind': { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version },
  };
}

function sortKeys(o: Json): Json {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

