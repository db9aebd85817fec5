// The labels the API server's request metrics carry, reported as upstream's apiserver reports
// them: the verb in its HTTP-like form (POST for create, PUT for update, LIST, WATCH, APPLY for a
// server-side apply), the scope of the call (one object, a namespace or the whole cluster) and
// the dry-run directive.
import type { RequestInfo } from './request-info.js';

export interface RequestLabels {
  readonly verb: string;
  readonly dryRun: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly scope: string;
}

const REPORTED_VERBS: Record<string, string> = {
  get: 'GET',
  list: 'LIST',
  watch: 'WATCH',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETECOLLECTION',
};

const APPLY_PATCH = 'application/apply-patch+yaml';

/** Subresources upstream serves as connect handlers, whose requests it reports as CONNECT. */
const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** The verb label: resource verbs as upstream names them, other paths by their HTTP method. */
export function reportedVerb(info: RequestInfo, contentType: string | undefined): string {
  if (!info.resourceRequest) return info.verb.toUpperCase();
  if (info.verb === 'patch' && contentType?.split(';')[0]?.trim().toLowerCase() === APPLY_PATCH) return 'APPLY';
  if (CONNECT_SUBRESOURCES.has(info.subresource) && (info.verb === 'get' || info.verb === 'create')) return 'CONNECT';
  return REPORTED_VERBS[info.verb] ?? info.verb.toUpperCase();
}

/** `resource` for one named object (and for creates), `namespace`, `cluster`, or '' for non-resource paths. */
export function requestScope(info: RequestInfo): string {
  if (!info.resourceRequest) return '';
  if (info.name !== '' || info.verb === 'create') return 'resource';
  if (info.namespace !== '') return 'namespace';
  return 'cluster';
}

/** The dry_run label: the sorted, de-duplicated directives ('All' or ''), 'invalid' for any other value. */
export function dryRunLabel(search: URLSearchParams): string {
  if (!search.has('dryRun')) return '';
  const values = [...new Set(search.getAll('dryRun'))].sort();
  if (values.some((v) => v !== 'All')) return 'invalid';
  return values.join(',');
}

export function requestLabels(info: RequestInfo, contentType: string | undefined, search: URLSearchParams): RequestLabels {
  return {
    verb: reportedVerb(info, contentType),
    dryRun: dryRunLabel(search),
    group: info.group,
    version: info.version,
    resource: info.resourceRequest ? info.resource : '',
    subresource: info.subresource,
    scope: requestScope(info),
  };
}
