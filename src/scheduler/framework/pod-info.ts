// A pod with everything the plugins need precomputed once (upstream's PodInfo): requests, host
// ports, parsed affinity terms. Filters run per node, so nothing here is recomputed per node.
import { nothing, type LabelSelectorMatcher, type Labels } from '../../api/meta/labels.js';
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../../api/types/core-v1.js';
import { sanitizeHostPort, type HostPort } from './host-ports.js';
import { computePodRequests } from './pod-resources.js';
import type { Resource } from './resource.js';
import { selectorOf } from './selectors.js';

export interface AffinityTerm {
  /** Namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector is set). */
  readonly namespaces: ReadonlySet<string>;
  readonly selector: LabelSelectorMatcher;
  readonly topologyKey: string;
  /** Matches namespaces by label; nothing() when the term has no namespaceSelector. */
  readonly namespaceSelector: LabelSelectorMatcher;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** Whether the term selects pod, given the labels of pod's namespace (AffinityTerm.Matches). */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Labels | undefined): boolean {
  if (term.namespaces.has(pod.namespace) || term.namespaceSelector.matches(nsLabels)) return term.selector.matches(pod.labels);
  return false;
}

export const EMPTY_LABELS: Labels = Object.freeze({});

export class PodInfo {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly requests: Resource;
  /** Requests with unset cpu/memory counted as the scoring defaults. */
  readonly nonZeroRequests: Resource;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Set when a term's selector could not be parsed (the apiserver normally rejects those). */
  readonly parseError: string | undefined;

  /** `same`: a PodInfo of the same pod whose spec differs at most in nodeName (its aggregates are reused). */
  constructor(
    readonly pod: Readonly<Pod>,
    same?: PodInfo,
  ) {
    const meta = pod.metadata ?? {};
    this.namespace = meta.namespace ?? '';
    this.name = meta.name ?? '';
    this.key = meta.uid || `${this.namespace}/${this.name}`;
    this.labels = meta.labels ?? EMPTY_LABELS;
    this.priority = pod.spec?.priority ?? 0;
    if (same) {
      this.requests = same.requests;
      this.nonZeroRequests = same.nonZeroRequests;
      this.hostPorts = same.hostPorts;
      this.requiredAffinityTerms = same.requiredAffinityTerms;
      this.requiredAntiAffinityTerms = same.requiredAntiAffinityTerms;
      this.preferredAffinityTerms = same.preferredAffinityTerms;
      this.preferredAntiAffinityTerms = same.preferredAntiAffinityTerms;
      this.parseError = same.parseError;
      return;
    }
    this.requests = computePodRequests(pod);
    this.nonZeroRequests = computePodRequests(pod, { nonMissing: true });
    this.hostPorts = collectHostPorts(pod);
    const errors: string[] = [];
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = affinityTerms(this.namespace, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, errors);
    this.requiredAntiAffinityTerms = affinityTerms(this.namespace, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, errors);
    this.preferredAffinityTerms = weightedTerms(this.namespace, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, errors);
    this.preferredAntiAffinityTerms = weightedTerms(this.namespace, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, errors);
    this.parseError = errors.length ? errors.join('; ') : undefined;
  }

  /** The same pod with spec.nodeName set (what the cache assumes while the binding is written). */
  withNodeName(nodeName: string): PodInfo {
    return new PodInfo({ ...this.pod, spec: { ...this.pod.spec, nodeName } }, this);
  }

  /** Whether the pod has any pod affinity or anti-affinity (upstream's PodsWithAffinity membership). */
  get hasAffinity(): boolean {
    const a = this.pod.spec?.affinity;
    return a != null && (a.podAffinity != null || a.podAntiAffinity != null);
  }

  get hasRequiredAntiAffinity(): boolean {
    return this.requiredAntiAffinityTerms.length > 0;
  }
}

function collectHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const spec = pod.spec ?? {};
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if ((p.hostPort ?? 0) > 0) out.push(sanitizeHostPort(p.hostIP, p.protocol, p.hostPort!));
    }
  }
  return out;
}

function newTerm(namespace: string, t: PodAffinityTerm, errors: string[]): AffinityTerm {
  const namespaces = new Set<string>(t.namespaces ?? []);
  if (namespaces.size === 0 && t.namespaceSelector == null) namespaces.add(namespace);
  return {
    namespaces,
    selector: selectorOf(t.labelSelector, errors),
    topologyKey: t.topologyKey ?? '',
    namespaceSelector: t.namespaceSelector == null ? nothing() : selectorOf(t.namespaceSelector, errors),
  };
}

function affinityTerms(namespace: string, terms: PodAffinityTerm[] | undefined, errors: string[]): AffinityTerm[] {
  return (terms ?? []).map((t) => newTerm(namespace, t, errors));
}

function weightedTerms(namespace: string, terms: WeightedPodAffinityTerm[] | undefined, errors: string[]): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => ({ ...newTerm(namespace, t.podAffinityTerm ?? {}, errors), weight: t.weight ?? 0 }));
}
