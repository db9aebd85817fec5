// The current and update revisions of a StatefulSet (upstream's getStatefulSetRevisions): the update
// revision is the set's template as it is now, reusing (and renumbering) an equal older revision
// when there is one; the current revision is the one status.currentRevision names, or the update
// revision when there is none.
import type { ControllerRevision, StatefulSet } from '../../api/types/apps-v1.js';
import type { PodTemplateSpec } from '../../api/types/core-v1.js';
import { findEqualRevisions, newControllerRevision, nextRevision, sortRevisions, templatePatch, type RevisionHistory } from '../history/index.js';
import { setControllerRef } from './identity.js';

export interface SetRevisions {
  readonly current: ControllerRevision;
  readonly update: ControllerRevision;
  readonly collisionCount: number;
  /** Every revision the set has, oldest first (the update revision included). */
  readonly all: ControllerRevision[];
}

export function newSetRevision(set: Readonly<StatefulSet>, revision: number, collisionCount: number): ControllerRevision {
  return newControllerRevision({
    parent: set,
    ownerRef: setControllerRef(set),
    templateLabels: set.spec?.template?.metadata?.labels,
    data: templatePatch(set.spec?.template),
    revision,
    collisionCount,
  });
}

/** The pod template a revision restores. */
export function revisionTemplate(rev: Readonly<ControllerRevision>): PodTemplateSpec {
  const t = structuredClone(((rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) as Record<string, unknown>);
  delete t.$patch;
  return t as PodTemplateSpec;
}

export async function statefulSetRevisions(history: RevisionHistory, set: Readonly<StatefulSet>, claimed: readonly ControllerRevision[], signal: AbortSignal): Promise<SetRevisions> {
  let collisionCount = set.status?.collisionCount ?? 0;
  let all = sortRevisions(claimed);
  const next = nextRevision(all);
  const candidate = newSetRevision(set, next, collisionCount);
  const equal = findEqualRevisions(all, candidate);
  let update: ControllerRevision;
  const last = equal[equal.length - 1];
  if (last && last === all[all.length - 1]) {
    update = last;
  } else if (last) {
    update = await history.updateRevision(last, next, signal);
    all = sortRevisions(all.map((r) => (r === last ? update : r)));
  } else {
    const created = await history.create((n) => newSetRevision(set, next, n), collisionCount, signal);
    update = created.revision;
    collisionCount = created.collisionCount;
    all = sortRevisions([...all.filter((r) => r.metadata?.name !== update.metadata?.name), update]);
  }
  const current = all.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount, all };
}
