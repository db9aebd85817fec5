// Writes of ControllerRevisions (upstream's history.Interface): claim the parent's revisions,
// create one (bumping the collision count while a different revision holds the name), renumber
// one, delete one.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import type { ControllerRevision } from '../../api/types/apps-v1.js';
import type { OwnerReference } from '../../api/types/meta-v1.js';
import { isAlreadyExists, type Client, type KubeObject, type Lister } from '../../client/index.js';
import { claimObjects } from '../claim-objects.js';
import { ignoreNotFound } from '../ignore-not-found.js';
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
    const matches = (rev: Readonly<ControllerRevision>) => !selector.empty() && selector.matches(rev.metadata?.labels);
    const claimed = await claimObjects(this.client.resource(CONTROLLERREVISIONS, ns), parent, lister.listNamespace(ns), matches, ref, signal);
    return claimed.map((rev) => structuredClone(rev) as ControllerRevision);
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
