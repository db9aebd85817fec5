// The pods a Job creates from its template (upstream's job pod template handling): named
// "<job>-<random>" ("<job>-<index>-<random>" for Indexed jobs, with the completion index as
// annotation, label, JOB_COMPLETION_INDEX env and hostname), controlled by the job and carrying
// the job-tracking finalizer until the job has counted them.
import type { Job } from '../../api/types/batch-v1.js';
import type { Container, Pod } from '../../api/types/core-v1.js';
import { newControllerRef } from '../pod-util.js';
import { podsPrefix } from '../replicaset/pod-control.js';
import { JOB_COMPLETION_INDEX, JOB_COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER } from './job-util.js';
import { INDEX_FAILURE_COUNT } from './per-index.js';

export const JOB_API_VERSION = 'batch/v1';
export const JOB_KIND = 'Job';

function addIndexEnv(c: Container): void {
  c.env ??= [];
  if (c.env.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) return;
  c.env.push({ name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } } });
}

export function jobPod(job: Readonly<Job>, index?: number, indexFailures?: number): Pod {
  const t = structuredClone(job.spec?.template ?? {});
  const name = job.metadata!.name!;
  const meta = t.metadata ?? {};
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  const spec = t.spec ?? { containers: [] };
  let generateName = podsPrefix(name);
  if (index !== undefined) {
    annotations[JOB_COMPLETION_INDEX] = String(index);
    if (indexFailures !== undefined) annotations[INDEX_FAILURE_COUNT] = String(indexFailures);
    labels[JOB_COMPLETION_INDEX] = String(index);
    generateName = podsPrefix(`${name}-${index}`);
    for (const c of spec.containers ?? []) addIndexEnv(c);
    for (const c of spec.initContainers ?? []) addIndexEnv(c);
    if (!spec.hostname) spec.hostname = `${name}-${index}`;
  }
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: job.metadata?.namespace,
      ownerReferences: [newControllerRef(job, JOB_API_VERSION, JOB_KIND)],
      finalizers: [...(meta.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER],
    },
    spec,
  };
  if (Object.keys(labels).length) pod.metadata!.labels = labels;
  if (Object.keys(annotations).length) pod.metadata!.annotations = annotations;
  return pod;
}
