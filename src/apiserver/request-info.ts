// Turns a request path and method into what it addresses (upstream: RequestInfoFactory).

export interface RequestInfo {
  readonly resourceRequest: boolean;
  readonly path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection (or the HTTP verb, lower-case, for non-resource paths). */
  readonly verb: string;
  readonly apiPrefix: 'api' | 'apis' | '';
  readonly group: string;
  readonly version: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** Path segments after the subresource (e.g. proxy paths). */
  readonly rest: readonly string[];
}

const nonResource = (path: string, method: string): RequestInfo => ({
  resourceRequest: false,
  path,
  verb: method.toLowerCase(),
  apiPrefix: '',
  group: '',
  version: '',
  namespace: '',
  resource: '',
  subresource: '',
  name: '',
  rest: [],
});

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((p) => p.length > 0).map(safeDecode);
  if (parts.length === 0 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource(path, method);
  const apiPrefix = parts[0] as 'api' | 'apis';
  let i = 1;
  let group = '';
  if (apiPrefix === 'apis') {
    if (parts.length < 3) return nonResource(path, method);
    group = parts[i++]!;
  } else if (parts.length < 2) {
    return nonResource(path, method);
  }
  const version = parts[i++]!;
  let rest = parts.slice(i);
  if (rest.length === 0) return { ...nonResource(path, method), apiPrefix, group, version };

  let verb = httpVerb(method);
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = rest[1]!;
    // /namespaces/NAME, /namespaces/NAME/status and /namespaces/NAME/finalize address the
    // namespace object itself; anything else below it is a namespaced resource.
    if (rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  const name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  const tail = rest.slice(3);

  if (name === '') {
    if (verb === 'get') verb = 'list';
    else if (verb === 'delete') verb = 'deletecollection';
  }
  const w = query.get('watch');
  if (watchPrefix || ((verb === 'list' || verb === 'get') && (w === 'true' || w === '1'))) verb = 'watch';
  return { resourceRequest: true, path, verb, apiPrefix, group, version, namespace, resource, subresource, name, rest: tail };
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function httpVerb(method: string): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLowerCase();
  }
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s; // nothing to decode (most paths)
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
