// Writes of ControllerRevisions (upstream's history.Interface): claim the parent's revisions,
// create one (bumping the collision count while a different revision holds the name), renumber
// one, delete one.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import type { ControllerRevision } from '../../api/types/apps-v1.js';
import type { OwnerReference } from '../../api/types/meta-v1.js';
import { isAlreadyExists, isNotFound, type Client, type KubeObject, type Lister } from '../../client/index.js';
import { controllerRefOf } from '../pod-util.js';
import { CONTROLLERREVISIONS, equalRevision } from './revisions.js';

export interface CreatedRevision {
  readonly revision: ControllerRevision;
  /** The collision count after the create (higher than passed in when names collided). */
  readonly collisionCount: number;
}

export class RevisionHistory {
  constructor(private readonly client: Client) {}

  /**
   * The revisions parent controls, adopting orphans its selector matches and releasing owned ones it
   * no longer matches (upstream's ClaimControllerRevisions).
   */
  async claim(parent: Readonly<KubeObject>, selector: LabelSelectorMatcher, ref: OwnerReference, lister: Lister<ControllerRevision>, signal: AbortSignal): Promise<ControllerRevision[]> {
    const ns = parent.metadata?.namespace ?? '';
    const api = this.client.resource(CONTROLLERREVISIONS, ns);
    const out: ControllerRevision[] = [];
    const deleting = !!parent.metadata?.deletionTimestamp;
    for (const cached of lister.listNamespace(ns)) {
      const owner = controllerRefOf(cached);
      const matches = !selector.empty() && selector.matches(cached.metadata?.labels);
      if (owner) {
        if (owner.uid !== parent.metadata?.uid) continue;
        if (matches) out.push(structuredClone(cached) as ControllerRevision);
        else if (!deleting) await ignoreNotFound(api.patch(cached.metadata!.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid: parent.metadata!.uid }] } }, 'strategic', { signal }));
        continue;
      }
      if (!matches || deleting || cached.metadata?.deletionTimestamp) continue;
      try {
        out.push(await api.patch(cached.metadata!.name!, { metadata: { ownerReferences: [ref] } }, 'strategic', { signal }));
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return out;
  }

  /**
   * Creates rev. When its name is taken by an equal revision that one is returned; by a different
   * one, build() is called again with the collision count raised by one.
   */
  async create(build: (collisionCount: number) => ControllerRevision, collisionCount: number, signal: AbortSignal): Promise<CreatedRevision> {
    for (let count = collisionCount; ; count++) {
      const rev = build(count);
      const api = this.client.resource(CONTROLLERREVISIONS, rev.metadata?.namespace);
      try {
        return { revision: await api.create(rev, { signal }), collisionCount: count };
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const existing = await api.get(rev.metadata!.name!, { signal });
        if (equalRevision(existing, rev)) return { revision: existing, collisionCount: count };
      }
    }
  }

  /** Gives rev a new revision number (an older template became current again). */
  async updateRevision(rev: Readonly<ControllerRevision>, revision: number, signal: AbortSignal): Promise<ControllerRevision> {
    if (rev.revision === revision) return rev as ControllerRevision;
    return this.client.resource(CONTROLLERREVISIONS, rev.metadata?.namespace).patch(rev.metadata!.name!, { revision }, 'merge', { signal });
  }

  async delete(rev: Readonly<ControllerRevision>, signal: AbortSignal): Promise<void> {
    await ignoreNotFound(this.client.resource(CONTROLLERREVISIONS, rev.metadata?.namespace).delete(rev.metadata!.name!, { signal }));
  }
}

export async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
