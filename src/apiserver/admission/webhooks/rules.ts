// Which webhooks a request reaches: rules (operation, group, version, resource/subresource,
// scope), and the namespace and object label selectors — upstream's webhook matchers.
import { labelSelectorFromObject, type LabelSelector, type Labels } from '../../../api/meta/labels.js';
import type { KObj } from '../../../api/resource-info.js';
import type { AdmissionAttributes } from './attributes.js';

type Obj = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const exactOrWildcard = (list: readonly string[], value: string) => list.some((x) => x === '*' || x === value);

/** The parts of a request a rule looks at. */
export interface RuleTarget {
  readonly operation: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  /** '' for cluster-scoped objects; a namespace's own name for namespace objects. */
  readonly namespace: string;
}

function scopeMatches(scope: unknown, t: RuleTarget): boolean {
  const isNamespaceObject = t.group === '' && t.resource === 'namespaces';
  if (scope === undefined || scope === null || scope === '*') return true;
  if (scope === 'Namespaced') return !isNamespaceObject && t.namespace !== '';
  if (scope === 'Cluster') return isNamespaceObject || t.namespace === '';
  return false;
}

function resourceMatches(resources: readonly string[], t: RuleTarget): boolean {
  return resources.some((rs) => {
    const slash = rs.indexOf('/');
    const res = slash < 0 ? rs : rs.slice(0, slash);
    const sub = slash < 0 ? '' : rs.slice(slash + 1);
    return (res === '*' || res === t.resource) && (sub === '*' || sub === t.subresource);
  });
}

/** One RuleWithOperations against a request. */
export function ruleMatches(rule: Obj, t: RuleTarget): boolean {
  return (
    scopeMatches(rule.scope, t) &&
    exactOrWildcard(strings(rule.operations), t.operation) &&
    exactOrWildcard(strings(rule.apiGroups), t.group) &&
    exactOrWildcard(strings(rule.apiVersions), t.version) &&
    resourceMatches(strings(rule.resources), t)
  );
}

export function anyRuleMatches(rules: unknown, t: RuleTarget): boolean {
  return Array.isArray(rules) && rules.some((r) => r !== null && typeof r === 'object' && ruleMatches(r as Obj, t));
}

export function targetOf(a: AdmissionAttributes): RuleTarget {
  // Requests on a namespace object carry the namespace's name as their namespace (upstream).
  const isNamespaceObject = a.info.group === '' && a.info.resource === 'namespaces';
  return {
    operation: a.operation,
    group: a.info.group,
    version: a.info.version,
    resource: a.info.resource,
    subresource: a.subresource,
    namespace: isNamespaceObject ? a.name : a.namespace,
  };
}

const isEmptySelector = (sel: unknown): boolean => {
  if (sel === undefined || sel === null || typeof sel !== 'object') return true;
  const s = sel as LabelSelector;
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
};

const labelsOf = (o: KObj | undefined): Labels | undefined => (o?.metadata as { labels?: Labels } | undefined)?.labels;

/** objectSelector: matched against the new or the old object; an empty one matches everything. */
export function objectSelectorMatches(selector: unknown, a: Pick<AdmissionAttributes, 'object' | 'oldObject'>): boolean {
  if (isEmptySelector(selector)) return true;
  const sel = labelSelectorFromObject(selector as LabelSelector);
  return (a.object !== undefined && sel.matches(labelsOf(a.object) ?? {})) || (a.oldObject !== undefined && sel.matches(labelsOf(a.oldObject) ?? {}));
}

/**
 * Whether the namespaceSelector needs the namespace's labels: cluster-scoped objects other than
 * namespaces always match, as does an empty selector.
 */
export function namespaceSelectorApplies(selector: unknown, a: AdmissionAttributes): boolean {
  if (isEmptySelector(selector)) return false;
  const isNamespaceObject = a.info.group === '' && a.info.resource === 'namespaces';
  return isNamespaceObject || a.namespace !== '';
}

export function namespaceSelectorMatches(selector: unknown, namespaceLabels: Labels): boolean {
  if (isEmptySelector(selector)) return true;
  return labelSelectorFromObject(selector as LabelSelector).matches(namespaceLabels);
}

/** Upstream never calls webhooks for the objects that configure admission, so they cannot lock themselves out. */
export function isExemptFromWebhooks(group: string, resource: string): boolean {
  return (
    group === 'admissionregistration.k8s.io' &&
    ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'].includes(resource)
  );
}
