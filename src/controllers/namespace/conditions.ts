// The namespace deletion conditions (upstream's namespace condition updater): five condition
// types, each True with a failure reason and message while its problem lasts, and False with the
// "ok" reason and message otherwise. Pure: the controller passes in what deletion found.
import type { NamespaceCondition, NamespaceStatus } from '../../api/types/core-v1.js';

export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
export type NamespaceConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one pass over the namespace's content found. */
export interface DeletionReport {
  /** Group versions discovery could not read ("group/version" → message). */
  readonly discoveryFailures: ReadonlyMap<string, string>;
  /** Errors deleting or listing a resource's content. */
  readonly contentErrors: readonly string[];
  /** "pods." / "widgets.example.com" → objects left. */
  readonly remaining: ReadonlyMap<string, number>;
  /** finalizer → objects carrying it. */
  readonly finalizers: ReadonlyMap<string, number>;
}

interface Failure {
  readonly type: NamespaceConditionType;
  readonly reason: string;
  readonly message: string;
}

export function failures(r: DeletionReport): Failure[] {
  const out: Failure[] = [];
  if (r.discoveryFailures.size) {
    const parts = [...r.discoveryFailures].sort(([a], [b]) => a.localeCompare(b)).map(([gv, m]) => `${gv}: ${m}`);
    out.push({
      type: 'NamespaceDeletionDiscoveryFailure',
      reason: 'DiscoveryFailed',
      message: `Discovery failed for some groups, ${parts.length} failing: unable to retrieve the complete list of server APIs: ${parts.join(', ')}`,
    });
  }
  if (r.contentErrors.length) {
    const msgs = [...r.contentErrors].sort();
    out.push({ type: 'NamespaceDeletionContentFailure', reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}` });
  }
  const remaining = [...r.remaining].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
  if (remaining.length) out.push({ type: 'NamespaceContentRemaining', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.join(', ')}` });
  const fins = [...r.finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (fins.length) out.push({ type: 'NamespaceFinalizersRemaining', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${fins.join(', ')}` });
  return out;
}

/**
 * The status with the five conditions set from the report (a condition's lastTransitionTime
 * changes only when its status does); changed is false when nothing would be written.
 */
export function updateConditions(status: Readonly<NamespaceStatus> | undefined, r: DeletionReport, now: string): { status: NamespaceStatus; changed: boolean } {
  const next: NamespaceStatus = structuredClone({ ...(status ?? {}) }) as NamespaceStatus;
  const conditions: NamespaceCondition[] = next.conditions ?? [];
  const failed = failures(r);
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const f = failed.find((x) => x.type === type);
    const want = f ? { status: 'True', reason: f.reason, message: f.message } : { status: 'False', ...OK[type] };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({ type, ...want, lastTransitionTime: now });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      Object.assign(old, want);
      changed = true;
    }
  }
  next.conditions = conditions;
  return { status: next, changed };
}
