// Informer handlers of the StatefulSet controller: sets enqueue themselves; a pod enqueues the set
// that controls it (or, an orphan, every set whose selector matches it). No reconciling here.
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import type { StatefulSet } from '../../api/types/apps-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import type { SharedInformer } from '../../client/index.js';
import { controllerRefOf, isPodReady } from '../pod-util.js';
import type { Controller } from '../runtime/index.js';

export function setSelectorMatches(set: Readonly<StatefulSet>, labels: Readonly<Record<string, string>> | undefined): boolean {
  try {
    const sel = labelSelectorFromObject(set.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]);
    return !sel.empty() && sel.matches(labels);
  } catch {
    return false;
  }
}

export function registerStatefulSetHandlers(c: Controller, sets: SharedInformer<StatefulSet>, pods: SharedInformer<Pod>): void {
  const ownerOf = (pod: Readonly<Pod>): Readonly<StatefulSet> | undefined => {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    const s = sets.lister.get(ref.name ?? '', pod.metadata?.namespace);
    return s && s.metadata?.uid === ref.uid ? s : undefined;
  };
  const onPod = (pod: Readonly<Pod>) => {
    const s = ownerOf(pod);
    if (s) return c.enqueue(s);
    if (controllerRefOf(pod)) return;
    for (const m of sets.lister.listNamespace(pod.metadata?.namespace ?? '')) if (setSelectorMatches(m, pod.metadata?.labels)) c.enqueue(m);
  };
  sets.addEventHandler({ onAdd: (s) => c.enqueue(s), onUpdate: (_o, s) => c.enqueue(s), onDelete: (s) => c.enqueue(s) });
  pods.addEventHandler({
    onAdd: onPod,
    onUpdate: (old, cur) => {
      if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
      const oldRef = controllerRefOf(old);
      if (oldRef && oldRef.uid !== controllerRefOf(cur)?.uid) {
        const s = ownerOf(old);
        if (s) c.enqueue(s);
      }
      onPod(cur);
      const s = ownerOf(cur);
      const minReady = s?.spec?.minReadySeconds ?? 0;
      if (s && minReady > 0 && !isPodReady(old) && isPodReady(cur)) c.enqueueAfter(`${s.metadata?.namespace}/${s.metadata?.name}`, minReady * 1000 + 500);
    },
    onDelete: (pod) => {
      const s = ownerOf(pod);
      if (s) c.enqueue(s);
    },
  });
}
