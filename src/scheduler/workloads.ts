// What system default spreading needs to know about a pod: the selectors of the Services that select
// it and of the ReplicationController, ReplicaSet or StatefulSet that controls it (upstream's
// DefaultSelector), read from informer caches.
import { labelSelectorFromObject, selectorFromSet, type LabelSelector, type Labels, type LabelSelectorMatcher } from '../api/meta/labels.js';
import type { ReplicaSet, StatefulSet } from '../api/types/apps-v1.js';
import type { ReplicationController, Service } from '../api/types/core-v1.js';
import type { Lister } from '../client/index.js';
import type { PodSelector, WorkloadLister } from './framework/interfaces.js';
import type { PodInfo } from './framework/pod-info.js';

export interface WorkloadListers {
  readonly services: Lister<Service>;
  readonly replicationControllers: Lister<ReplicationController>;
  readonly replicaSets: Lister<ReplicaSet>;
  readonly statefulSets: Lister<StatefulSet>;
}

function parsed(sel: unknown): LabelSelectorMatcher | undefined {
  try {
    return labelSelectorFromObject(sel as LabelSelector);
  } catch {
    return undefined;
  }
}

export class InformerWorkloads implements WorkloadLister {
  constructor(private readonly l: WorkloadListers) {}

  defaultSelector(pod: PodInfo): PodSelector | undefined {
    const set: Record<string, string> = {};
    for (const svc of this.l.services.listNamespace(pod.namespace)) {
      const sel = svc.spec?.selector;
      if (!sel || !selectorFromSet(sel).matches(pod.labels)) continue;
      Object.assign(set, sel);
    }
    const matchers: LabelSelectorMatcher[] = [];
    // What the selector is made of, for its key: the services' labels and the controller's selector.
    const parts: unknown[] = [];
    if (Object.keys(set).length) {
      matchers.push(selectorFromSet(set));
      parts.push(sortedEntries(set));
    }
    const owner = pod.pod.metadata?.ownerReferences?.find((o) => o.controller);
    if (owner) {
      const ns = pod.namespace;
      if (owner.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
        const rc = this.l.replicationControllers.get(owner.name ?? '', ns);
        if (rc?.spec?.selector && Object.keys(rc.spec.selector).length) {
          matchers.push(selectorFromSet({ ...set, ...rc.spec.selector }));
          parts.push(sortedEntries({ ...set, ...rc.spec.selector }));
        }
      } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
        const w = owner.kind === 'ReplicaSet' ? this.l.replicaSets.get(owner.name ?? '', ns) : this.l.statefulSets.get(owner.name ?? '', ns);
        const m = w ? parsed(w.spec?.selector) : undefined;
        if (m && !m.empty()) {
          matchers.push(m);
          parts.push(w!.spec?.selector ?? null);
        }
      }
    }
    if (matchers.length === 0) return undefined;
    return { matches: (labels: Labels) => matchers.every((m) => m.matches(labels)), key: JSON.stringify(parts) };
  }
}

const sortedEntries = (o: Readonly<Record<string, string>>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
