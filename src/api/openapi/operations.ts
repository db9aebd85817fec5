// The REST operations of one served resource as a neutral model (paths, methods, actions,
// parameters, body and response definitions); v2 and v3 documents are rendered from it.
import { ALL_VERBS, type ResourceInfo } from '../resource-info.js';
import type { GroupVersionKind } from '../schema/types.js';
import {
  CREATE_PARAMS,
  DELETE_COLLECTION_PARAMS,
  DELETE_PARAMS,
  LIST_PARAMS,
  PATCH_PARAMS,
  UPDATE_PARAMS,
  type QueryParamName,
} from './parameters.js';

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const STATUS_DEF = `${META}Status`;
export const DELETE_OPTIONS_DEF = `${META}DeleteOptions`;
export const PATCH_DEF = `${META}Patch`;
export const WATCH_EVENT_DEF = `${META}WatchEvent`;
export const SCALE_DEF = 'io.k8s.api.autoscaling.v1.Scale';

export const PATCH_CONSUMES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;
/** Custom resources have no Go types upstream, hence no strategic merge patch (kubectl reads this). */
export const CUSTOM_PATCH_CONSUMES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'] as const;
export const PRODUCES = ['application/json', 'application/yaml'] as const;
export const WATCH_PRODUCES = ['application/json', 'application/json;stream=watch'] as const;

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

export interface ResponseSpec {
  readonly code: string;
  readonly description: string;
  /** The definition of the response body; none for 401. */
  readonly definition?: string;
}

export interface OperationSpec {
  readonly method: Method;
  readonly operationId: string;
  readonly description: string;
  /** x-kubernetes-action: get, list, watch, watchlist, post, put, patch, delete, deletecollection. */
  readonly action: string;
  readonly gvk: GroupVersionKind;
  readonly query: readonly QueryParamName[];
  /** The definition of the request body, if the operation takes one. */
  readonly body?: string;
  readonly bodyRequired?: boolean;
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly responses: readonly ResponseSpec[];
}

export interface PathSpec {
  readonly path: string;
  /** Path parameters in order: 'name', 'namespace'. */
  readonly pathParams: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  readonly operations: readonly OperationSpec[];
}

/** What the generator needs to know about one served resource. */
export interface ResourceSchemaRef {
  readonly info: ResourceInfo;
  readonly definition: string;
  readonly listDefinition: string;
  /** A custom resource: its patch operations do not take strategic merge patches. */
  readonly custom?: boolean;
}

/** "apps" -> "Apps", "rbac.authorization.k8s.io" -> "RbacAuthorization", "" -> "Core". */
export function groupIdentifier(group: string): string {
  if (!group) return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

const ok = (definition: string): ResponseSpec => ({ code: '200', description: 'OK', definition });
const created = (definition: string): ResponseSpec => ({ code: '201', description: 'Created', definition });
const accepted = (definition: string): ResponseSpec => ({ code: '202', description: 'Accepted', definition });
const unauthorized: ResponseSpec = { code: '401', description: 'Unauthorized' };

/** Every path of one resource: collection, object, all-namespaces list, watch paths, subresources. */
export function resourcePaths(r: ResourceSchemaRef): PathSpec[] {
  const { info } = r;
  const verbs = new Set<string>(info.verbs ?? ALL_VERBS);
  const gvk: GroupVersionKind = { group: info.group, version: info.version, kind: info.kind };
  const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced ? '/namespaces/{namespace}' : '';
  const idPart = `${groupIdentifier(info.group)}${cap(info.version)}`;
  const nsWord = info.namespaced ? 'Namespaced' : '';
  const id = (verb: string, suffix = '') => `${verb}${idPart}${nsWord}${info.kind}${suffix}`;
  const nsParam = info.namespaced ? [{ name: 'namespace', description: 'object name and auth scope, such as for teams and projects' }] : [];
  const nameParam = { name: 'name', description: `name of the ${info.kind}` };
  const kindLower = info.kind;
  const out: PathSpec[] = [];

  const collection: OperationSpec[] = [];
  if (verbs.has('list')) {
    collection.push(op('get', id('list'), `list or watch objects of kind ${kindLower}`, 'list', gvk, LIST_PARAMS, undefined, [ok(r.listDefinition), unauthorized], WATCH_PRODUCES));
  }
  if (verbs.has('create')) {
    collection.push({
      ...op('post', id('create'), `create a ${kindLower}`, 'post', gvk, CREATE_PARAMS, r.definition, [ok(r.definition), created(r.definition), accepted(r.definition), unauthorized]),
      bodyRequired: true,
    });
  }
  if (verbs.has('deletecollection')) {
    collection.push(op('delete', id('deleteCollection'), `delete a collection of ${kindLower}`, 'deletecollection', gvk, DELETE_COLLECTION_PARAMS, DELETE_OPTIONS_DEF, [ok(STATUS_DEF), unauthorized]));
  }
  if (collection.length) out.push({ path: `${prefix}${ns}/${info.resource}`, pathParams: nsParam, operations: collection });

  const object: OperationSpec[] = [];
  if (verbs.has('get')) object.push(op('get', id('read'), `read the specified ${kindLower}`, 'get', gvk, [], undefined, [ok(r.definition), unauthorized]));
  if (verbs.has('update')) {
    object.push({ ...op('put', id('replace'), `replace the specified ${kindLower}`, 'put', gvk, UPDATE_PARAMS, r.definition, [ok(r.definition), created(r.definition), unauthorized]), bodyRequired: true });
  }
  if (verbs.has('patch')) {
    object.push({
      ...op('patch', id('patch'), `partially update the specified ${kindLower}`, 'patch', gvk, PATCH_PARAMS, PATCH_DEF, [ok(r.definition), created(r.definition), unauthorized]),
      consumes: r.custom ? CUSTOM_PATCH_CONSUMES : PATCH_CONSUMES,
      bodyRequired: true,
    });
  }
  if (verbs.has('delete')) {
    object.push(op('delete', id('delete'), `delete a ${kindLower}`, 'delete', gvk, DELETE_PARAMS, DELETE_OPTIONS_DEF, [ok(r.definition), accepted(r.definition), unauthorized]));
  }
  if (object.length) out.push({ path: `${prefix}${ns}/${info.resource}/{name}`, pathParams: [nameParam, ...nsParam], operations: object });

  if (info.namespaced && verbs.has('list')) {
    out.push({
      path: `${prefix}/${info.resource}`,
      pathParams: [],
      operations: [op('get', `list${idPart}${info.kind}ForAllNamespaces`, `list or watch objects of kind ${kindLower}`, 'list', gvk, LIST_PARAMS, undefined, [ok(r.listDefinition), unauthorized], WATCH_PRODUCES)],
    });
  }
  if (verbs.has('watch')) out.push(...watchPaths(r, prefix, idPart, nsWord, gvk, nsParam, nameParam));
  out.push(...subresourcePaths(r, prefix, ns, idPart, nsWord, gvk, [nameParam, ...nsParam]));
  return out;
}

function watchPaths(
  r: ResourceSchemaRef,
  prefix: string,
  idPart: string,
  nsWord: string,
  gvk: GroupVersionKind,
  nsParam: PathSpec['pathParams'],
  nameParam: PathSpec['pathParams'][number],
): PathSpec[] {
  const { info } = r;
  const ns = info.namespaced ? '/namespaces/{namespace}' : '';
  const w = (verb: string, suffix = '') => `${verb}${idPart}${nsWord}${info.kind}${suffix}`;
  const resp = [ok(WATCH_EVENT_DEF), unauthorized];
  const out: PathSpec[] = [
    { path: `${prefix}/watch${ns}/${info.resource}`, pathParams: nsParam, operations: [op('get', w('watch', 'List'), `watch individual changes to a list of ${info.kind}`, 'watchlist', gvk, LIST_PARAMS, undefined, resp, WATCH_PRODUCES)] },
    { path: `${prefix}/watch${ns}/${info.resource}/{name}`, pathParams: [nameParam, ...nsParam], operations: [op('get', w('watch'), `watch changes to an object of kind ${info.kind}`, 'watch', gvk, LIST_PARAMS, undefined, resp, WATCH_PRODUCES)] },
  ];
  if (info.namespaced) {
    out.push({ path: `${prefix}/watch/${info.resource}`, pathParams: [], operations: [op('get', `watch${idPart}${info.kind}ListForAllNamespaces`, `watch individual changes to a list of ${info.kind}`, 'watchlist', gvk, LIST_PARAMS, undefined, resp, WATCH_PRODUCES)] });
  }
  return out;
}

function subresourcePaths(
  r: ResourceSchemaRef,
  prefix: string,
  ns: string,
  idPart: string,
  nsWord: string,
  gvk: GroupVersionKind,
  pathParams: PathSpec['pathParams'],
): PathSpec[] {
  const { info } = r;
  const out: PathSpec[] = [];
  const sub = (name: string, word: string, def: string, subGvk: GroupVersionKind) => {
    const id = (verb: string) => `${verb}${idPart}${nsWord}${info.kind}${word}`;
    out.push({
      path: `${prefix}${ns}/${info.resource}/{name}/${name}`,
      pathParams,
      operations: [
        op('get', id('read'), `read ${name} of the specified ${info.kind}`, 'get', subGvk, [], undefined, [ok(def), unauthorized]),
        { ...op('put', id('replace'), `replace ${name} of the specified ${info.kind}`, 'put', subGvk, UPDATE_PARAMS, def, [ok(def), created(def), unauthorized]), bodyRequired: true },
        { ...op('patch', id('patch'), `partially update ${name} of the specified ${info.kind}`, 'patch', subGvk, PATCH_PARAMS, PATCH_DEF, [ok(def), created(def), unauthorized]), consumes: r.custom ? CUSTOM_PATCH_CONSUMES : PATCH_CONSUMES, bodyRequired: true },
      ],
    });
  };
  if (info.group === 'certificates.k8s.io' && info.resource === 'certificatesigningrequests') sub('approval', 'Approval', r.definition, gvk);
  if (info.scale) sub('scale', 'Scale', SCALE_DEF, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  if (info.status) sub('status', 'Status', r.definition, gvk);
  return out;
}

function op(
  method: Method,
  operationId: string,
  description: string,
  action: string,
  gvk: GroupVersionKind,
  query: readonly QueryParamName[],
  body: string | undefined,
  responses: readonly ResponseSpec[],
  produces: readonly string[] = PRODUCES,
): OperationSpec {
  return { method, operationId, description, action, gvk, query, ...(body ? { body } : {}), consumes: ['*/*'], produces, responses };
}
