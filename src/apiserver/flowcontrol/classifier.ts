// Picks the FlowSchema for a request: the matching schema with the lowest matchingPrecedence
// (ties broken by name), and the flow distinguisher its method names.
import type { UserInfo } from '../auth/authenticator.js';
import type { RequestInfo } from '../request-info.js';
import type { FlowSchemaConfig, NonResourcePolicyRule, ResourcePolicyRule, Subject } from './types.js';

export interface Classification {
  readonly flowSchema: FlowSchemaConfig;
  /** Name of the priority level the schema points at. */
  readonly priorityLevel: string;
  /** Requests with the same schema and distinguisher form one flow. */
  readonly distinguisher: string;
}

const SA_PREFIX = 'system:serviceaccount:';

function subjectMatches(s: Subject, user: UserInfo): boolean {
  switch (s.kind) {
    case 'User':
      return s.user?.name === '*' || s.user?.name === user.username;
    case 'Group':
      return s.group?.name === '*' || (s.group !== undefined && user.groups.includes(s.group.name));
    case 'ServiceAccount': {
      if (!s.serviceAccount || !user.username.startsWith(SA_PREFIX)) return false;
      const [ns, name] = user.username.slice(SA_PREFIX.length).split(':');
      return ns === s.serviceAccount.namespace && (s.serviceAccount.name === '*' || s.serviceAccount.name === name);
    }
  }
  return false;
}

const listed = (values: readonly string[] | undefined, v: string) => values !== undefined && (values.includes('*') || values.includes(v));

function resourceRuleMatches(r: ResourcePolicyRule, info: RequestInfo): boolean {
  if (!listed(r.verbs, info.verb) || !listed(r.apiGroups, info.group)) return false;
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  if (!listed(r.resources, resource)) return false;
  return info.namespace === '' ? r.clusterScope === true : listed(r.namespaces, info.namespace);
}

function nonResourceRuleMatches(r: NonResourcePolicyRule, info: RequestInfo): boolean {
  if (!listed(r.verbs, info.verb)) return false;
  return r.nonResourceURLs.some((u) => u === '*' || u === info.path || (u.endsWith('/*') && info.path.startsWith(u.slice(0, -1))));
}

export function schemaMatches(fs: FlowSchemaConfig, user: UserInfo, info: RequestInfo): boolean {
  return (fs.spec.rules ?? []).some(
    (rule) =>
      rule.subjects.some((s) => subjectMatches(s, user)) &&
      (info.resourceRequest
        ? (rule.resourceRules ?? []).some((r) => resourceRuleMatches(r, info))
        : (rule.nonResourceRules ?? []).some((r) => nonResourceRuleMatches(r, info))),
  );
}

/** Orders schemas as the filter tries them. */
export function sortFlowSchemas(schemas: readonly FlowSchemaConfig[]): FlowSchemaConfig[] {
  return [...schemas].sort((a, b) => a.spec.matchingPrecedence - b.spec.matchingPrecedence || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The first matching schema of `sorted` (see sortFlowSchemas), or undefined. */
export function classify(sorted: readonly FlowSchemaConfig[], user: UserInfo, info: RequestInfo): Classification | undefined {
  for (const fs of sorted) {
    if (!schemaMatches(fs, user, info)) continue;
    const method = fs.spec.distinguisherMethod?.type;
    const distinguisher = method === 'ByUser' ? user.username : method === 'ByNamespace' ? info.namespace : '';
    return { flowSchema: fs, priorityLevel: fs.spec.priorityLevelConfiguration.name, distinguisher };
  }
  return undefined;
}
