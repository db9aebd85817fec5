// Informer handlers of the replica controllers: each maps an object to the keys of the owners
// that must look again, settles expectations, and enqueues; no reconciling happens here.
import type { Pod } from '../../api/types/core-v1.js';
import type { SharedInformer } from '../../client/index.js';
import { controllerRefOf, isPodReady, podKey } from '../pod-util.js';
import type { Controller } from '../runtime/index.js';
import type { ControllerExpectations } from '../runtime/index.js';
import type { ReplicaKind, ReplicaOwner } from './kind.js';

export interface HandlerDeps {
  readonly kind: ReplicaKind;
  readonly controller: Controller;
  readonly expectations: ControllerExpectations;
  readonly owners: SharedInformer<ReplicaOwner>;
  readonly pods: SharedInformer<Pod>;
}

const keyOf = (ns: string | undefined, name: string | undefined) => `${ns ?? ''}/${name ?? ''}`;

export function registerHandlers(d: HandlerDeps): void {
  const { controller, expectations, kind } = d;
  const ownerOf = (pod: Readonly<Pod>): Readonly<ReplicaOwner> | undefined => {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== kind.kind) return undefined;
    const o = d.owners.lister.get(ref.name ?? '', pod.metadata?.namespace);
    return o && o.metadata?.uid === ref.uid ? o : undefined;
  };
  const matchingOwners = (pod: Readonly<Pod>): Readonly<ReplicaOwner>[] =>
    d.owners.lister.listNamespace(pod.metadata?.namespace ?? '').filter((o) => {
      try {
        const sel = kind.selectorOf(o);
        return !sel.empty() && sel.matches(pod.metadata?.labels);
      } catch {
        return false;
      }
    });
  const enqueueOrphanOwners = (pod: Readonly<Pod>) => {
    for (const o of matchingOwners(pod)) controller.enqueue(o);
  };
  const onPodDelete = (pod: Readonly<Pod>) => {
    const o = ownerOf(pod);
    if (!o) return;
    const key = keyOf(o.metadata?.namespace, o.metadata?.name);
    expectations.deletionObserved(key, podKey(pod));
    controller.enqueueKey(key);
  };

  d.owners.addEventHandler({
    onAdd: (o) => controller.enqueue(o),
    onUpdate: (_old, cur) => controller.enqueue(cur),
    onDelete: (o) => {
      const key = keyOf(o.metadata?.namespace, o.metadata?.name);
      expectations.deleteExpectations(key);
      controller.enqueueKey(key);
    },
  });

  d.pods.addEventHandler({
    onAdd: (pod) => {
      if (pod.metadata?.deletionTimestamp) return onPodDelete(pod);
      const ref = controllerRefOf(pod);
      if (ref) {
        const o = ownerOf(pod);
        if (!o) return;
        const key = keyOf(o.metadata?.namespace, o.metadata?.name);
        expectations.creationObserved(key);
        controller.enqueueKey(key);
        return;
      }
      enqueueOrphanOwners(pod);
    },
    onUpdate: (old, cur) => {
      if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
      const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
      if (cur.metadata?.deletionTimestamp) {
        onPodDelete(cur);
        if (labelsChanged) onPodDelete(old);
        return;
      }
      const oldRef = controllerRefOf(old);
      const curRef = controllerRefOf(cur);
      if (oldRef && oldRef.uid !== curRef?.uid) {
        const o = ownerOf(old);
        if (o) controller.enqueue(o);
      }
      if (curRef) {
        const o = ownerOf(cur);
        if (!o) return;
        controller.enqueue(o);
        const minReady = o.spec?.minReadySeconds ?? 0;
        if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) controller.enqueueAfter(keyOf(o.metadata?.namespace, o.metadata?.name), minReady * 1000 + 1000);
        return;
      }
      if (labelsChanged || oldRef) enqueueOrphanOwners(cur);
    },
    onDelete: (pod) => onPodDelete(pod),
  });
}
