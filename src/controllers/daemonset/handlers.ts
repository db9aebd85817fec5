// Informer handlers of the DaemonSet controller: DaemonSets enqueue themselves; a pod its
// controlling DaemonSet (settling expectations) or, an orphan, the DaemonSets that select it; a node
// that appears, goes, or changes labels or taints enqueues every DaemonSet.
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { DaemonSet } from '../../api/types/apps-v1.js';
import type { Node, Pod } from '../../api/types/core-v1.js';
import type { SharedInformer } from '../../client/index.js';
import { controllerRefOf, isPodReady, podKey } from '../pod-util.js';
import type { Controller, ControllerExpectations } from '../runtime/index.js';

export interface DaemonHandlerDeps {
  readonly controller: Controller;
  readonly expectations: ControllerExpectations;
  readonly daemonSets: SharedInformer<DaemonSet>;
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer<Node>;
}

export function selectsPod(ds: Readonly<DaemonSet>, labels: Readonly<Record<string, string>> | undefined): boolean {
  try {
    const sel = labelSelectorFromObject(ds.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]);
    return !sel.empty() && sel.matches(labels);
  } catch {
    return false;
  }
}

const keyOf = (o: Readonly<DaemonSet>) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** What of a node can change where daemon pods belong. */
const placementOf = (n: Readonly<Node>) => JSON.stringify([n.metadata?.labels ?? {}, n.spec?.taints ?? [], n.spec?.unschedulable ?? false]);

export function registerDaemonSetHandlers(d: DaemonHandlerDeps): void {
  const { controller: c, expectations } = d;
  const ownerOf = (pod: Readonly<Pod>): Readonly<DaemonSet> | undefined => {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = d.daemonSets.lister.get(ref.name ?? '', pod.metadata?.namespace);
    return ds && ds.metadata?.uid === ref.uid ? ds : undefined;
  };
  const enqueueAll = () => {
    for (const ds of d.daemonSets.lister.list()) c.enqueue(ds);
  };
  const onPodGone = (pod: Readonly<Pod>) => {
    const ds = ownerOf(pod);
    if (!ds) return;
    expectations.deletionObserved(keyOf(ds), podKey(pod));
    c.enqueue(ds);
  };

  d.daemonSets.addEventHandler({
    onAdd: (ds) => c.enqueue(ds),
    onUpdate: (_o, ds) => c.enqueue(ds),
    onDelete: (ds) => {
      expectations.deleteExpectations(keyOf(ds));
      c.enqueue(ds);
    },
  });
  d.pods.addEventHandler({
    onAdd: (pod) => {
      if (pod.metadata?.deletionTimestamp) return onPodGone(pod);
      const ds = ownerOf(pod);
      if (ds) {
        expectations.creationObserved(keyOf(ds));
        return c.enqueue(ds);
      }
      if (!controllerRefOf(pod)) for (const m of d.daemonSets.lister.listNamespace(pod.metadata?.namespace ?? '')) if (selectsPod(m, pod.metadata?.labels)) c.enqueue(m);
    },
    onUpdate: (old, cur) => {
      if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
      if (cur.metadata?.deletionTimestamp) return onPodGone(cur);
      const oldRef = controllerRefOf(old);
      if (oldRef && oldRef.uid !== controllerRefOf(cur)?.uid) {
        const prev = ownerOf(old);
        if (prev) c.enqueue(prev);
      }
      const ds = ownerOf(cur);
      if (ds) {
        c.enqueue(ds);
        const minReady = ds.spec?.minReadySeconds ?? 0;
        if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) c.enqueueAfter(keyOf(ds), minReady * 1000 + 500);
        return;
      }
      if (!controllerRefOf(cur)) for (const m of d.daemonSets.lister.listNamespace(cur.metadata?.namespace ?? '')) if (selectsPod(m, cur.metadata?.labels)) c.enqueue(m);
    },
    onDelete: onPodGone,
  });
  d.nodes.addEventHandler({
    onAdd: enqueueAll,
    onUpdate: (old, cur) => {
      if (placementOf(old) !== placementOf(cur)) enqueueAll();
    },
    onDelete: enqueueAll,
  });
}
