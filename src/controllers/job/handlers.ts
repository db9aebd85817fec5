// Informer handlers of the Job controller: map jobs and pods to job keys, settle expectations,
// forget released finalizers once the informer shows them gone, and enqueue; pods that keep the
// job-tracking finalizer without a controlling Job (orphaned) go to a queue of their own.
import type { Job } from '../../api/types/batch-v1.js';
import type { Pod } from '../../api/types/core-v1.js';
import type { SharedInformer } from '../../client/index.js';
import { controllerRefOf, podKey } from '../pod-util.js';
import type { Controller, ControllerExpectations } from '../runtime/index.js';
import { JOB_KIND } from './job-pods.js';
import { hasTrackingFinalizer } from './job-util.js';

export interface JobHandlerDeps {
  readonly controller: Controller;
  /** Gets pod keys of pods that hold the job-tracking finalizer but no Job controls. */
  readonly orphans: Controller;
  readonly expectations: ControllerExpectations;
  /** Pods whose finalizer the controller removed, by uid. */
  readonly released: Set<string>;
  readonly jobs: SharedInformer<Job>;
  readonly pods: SharedInformer<Pod>;
}

/** The key of the job that controls pod ("" when none), whether or not the job still exists. */
function jobKeyOf(pod: Readonly<Pod>): string {
  const ref = controllerRefOf(pod);
  return ref && ref.kind === JOB_KIND && ref.apiVersion?.startsWith('batch/') ? `${pod.metadata?.namespace ?? ''}/${ref.name ?? ''}` : '';
}

export function registerJobHandlers(d: JobHandlerDeps): void {
  const { controller, expectations, released } = d;
  d.jobs.addEventHandler({
    onAdd: (j) => controller.enqueue(j),
    onUpdate: (_old, cur) => controller.enqueue(cur),
    onDelete: (j) => {
      const key = `${j.metadata?.namespace ?? ''}/${j.metadata?.name ?? ''}`;
      expectations.deleteExpectations(key);
      controller.enqueueKey(key);
    },
  });
  const observe = (pod: Readonly<Pod>, created: boolean) => {
    const key = jobKeyOf(pod);
    if (!key) {
      if (hasTrackingFinalizer(pod)) d.orphans.enqueueKey(podKey(pod));
      return;
    }
    if (pod.metadata?.deletionTimestamp) expectations.deletionObserved(key, podKey(pod));
    else if (created) expectations.creationObserved(key);
    if (!hasTrackingFinalizer(pod)) released.delete(pod.metadata?.uid ?? '');
    controller.enqueueKey(key);
  };
  d.pods.addEventHandler({
    onAdd: (pod) => observe(pod, true),
    onUpdate: (old, cur) => {
      if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
      const oldKey = jobKeyOf(old);
      if (oldKey && oldKey !== jobKeyOf(cur)) controller.enqueueKey(oldKey);
      observe(cur, false);
    },
    onDelete: (pod) => {
      const key = jobKeyOf(pod);
      released.delete(pod.metadata?.uid ?? '');
      if (!key) return;
      expectations.deletionObserved(key, podKey(pod));
      controller.enqueueKey(key);
    },
  });
}
