// Node selector matching (upstream's component-helpers nodeaffinity): pod.spec.nodeSelector ANDed with
// the required node affinity, whose terms are ORed and whose expressions are ANDed. An empty term, or
// one that cannot be parsed, matches nothing. matchFields supports metadata.name with In/NotIn.
import type { Labels } from '../../../api/meta/labels.js';
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from '../../../api/types/core-v1.js';
import type { NodeInfo } from '../../framework/node-info.js';

type Matcher = (labels: Labels) => boolean;

const INT64 = /^[+-]?[0-9]+$/;

function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = BigInt(s);
  return n < -(2n ** 63n) || n > 2n ** 63n - 1n ? undefined : n;
}

/** One label requirement, or undefined when it is invalid. */
function labelRequirement(r: NodeSelectorRequirement): Matcher | undefined {
  const key = r.key ?? '';
  const values = r.values ?? [];
  if (!key) return undefined;
  switch (r.operator) {
    case 'In': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (l) => Object.prototype.hasOwnProperty.call(l, key) && set.has(l[key]!);
    }
    case 'NotIn': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (l) => !Object.prototype.hasOwnProperty.call(l, key) || !set.has(l[key]!);
    }
    case 'Exists':
      return values.length ? undefined : (l) => Object.prototype.hasOwnProperty.call(l, key);
    case 'DoesNotExist':
      return values.length ? undefined : (l) => !Object.prototype.hasOwnProperty.call(l, key);
    case 'Gt':
    case 'Lt': {
      const want = values.length === 1 ? parseInt64(values[0]!) : undefined;
      if (want === undefined) return undefined;
      const gt = r.operator === 'Gt';
      return (l) => {
        const v = Object.prototype.hasOwnProperty.call(l, key) ? parseInt64(l[key]!) : undefined;
        return v !== undefined && (gt ? v > want : v < want);
      };
    }
    default:
      return undefined;
  }
}

/** One metadata.name requirement, or undefined when it is invalid. */
function fieldRequirement(r: NodeSelectorRequirement): ((name: string) => boolean) | undefined {
  if (r.key !== 'metadata.name' || (r.values ?? []).length !== 1) return undefined;
  const v = r.values![0]!;
  if (r.operator === 'In') return (n) => n === v;
  if (r.operator === 'NotIn') return (n) => n !== v;
  return undefined;
}

export type TermMatcher = (labels: Labels, nodeName: string) => boolean;

/** A compiled NodeSelectorTerm; undefined when the term is empty or invalid (it then matches nothing). */
export function compileTerm(t: NodeSelectorTerm): TermMatcher | undefined {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const lm: Matcher[] = [];
  for (const e of exprs) {
    const m = labelRequirement(e);
    if (!m) return undefined;
    lm.push(m);
  }
  const fm: ((name: string) => boolean)[] = [];
  for (const f of fields) {
    const m = fieldRequirement(f);
    if (!m) return undefined;
    fm.push(m);
  }
  return (labels, name) => {
    for (const m of lm) if (!m(labels)) return false;
    for (const m of fm) if (!m(name)) return false;
    return true;
  };
}

/** pod.spec.nodeSelector and the required node affinity of a pod, compiled once per cycle. */
export class RequiredNodeAffinity {
  private readonly selector: readonly [string, string][];
  /** undefined: no required node affinity; otherwise the valid terms (ORed). */
  private readonly terms: readonly TermMatcher[] | undefined;

  constructor(pod: Readonly<Pod>) {
    this.selector = Object.entries(pod.spec?.nodeSelector ?? {});
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const terms: TermMatcher[] = [];
      for (const t of req.nodeSelectorTerms ?? []) {
        const m = compileTerm(t);
        if (m) terms.push(m);
      }
      this.terms = terms;
    }
  }

  /** True when the pod has neither a nodeSelector nor required node affinity (every node matches). */
  get isEmpty(): boolean {
    return this.selector.length === 0 && this.terms === undefined;
  }

  matches(labels: Labels, nodeName: string): boolean {
    for (const [k, v] of this.selector) if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
    if (!this.terms) return true;
    for (const t of this.terms) if (t(labels, nodeName)) return true;
    return false;
  }

  matchesNode(ni: NodeInfo): boolean {
    return this.matches(ni.labels, ni.name);
  }
}

export interface CompiledPreference {
  readonly weight: number;
  readonly matches: TermMatcher;
}

/** Preferred node affinity terms with a non-zero weight that can be parsed. */
export function compilePreferences(terms: readonly PreferredSchedulingTerm[] | undefined): CompiledPreference[] {
  const out: CompiledPreference[] = [];
  for (const t of terms ?? []) {
    if (!t.weight) continue;
    const m = compileTerm(t.preference ?? {});
    if (m) out.push({ weight: t.weight, matches: m });
  }
  return out;
}
