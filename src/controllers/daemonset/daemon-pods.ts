// The pods a DaemonSet creates (upstream's CreatePodTemplate and NewPod): the template with the
// revision hash and template generation labels, the daemon tolerations, and required node affinity
// pinning it to its node, for the scheduler to bind.
import type { DaemonSet } from '../../api/types/apps-v1.js';
import type { Pod, PodTemplateSpec } from '../../api/types/core-v1.js';
import { newControllerRef } from '../pod-util.js';
import { podFromTemplate } from '../replicaset/pod-control.js';
import { pinToNode, withDaemonTolerations } from './eligibility.js';
import { DAEMONSET_HASH_LABEL, TEMPLATE_GENERATION_ANNOTATION, TEMPLATE_GENERATION_LABEL } from './plan.js';

export function newDaemonPod(ds: Readonly<DaemonSet>, nodeName: string, hash: string): Pod {
  const t = structuredClone(ds.spec?.template ?? {}) as PodTemplateSpec;
  t.metadata ??= {};
  const labels: Record<string, string> = { ...(t.metadata.labels ?? {}) };
  const gen = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (gen !== undefined) labels[TEMPLATE_GENERATION_LABEL] = gen;
  if (hash) labels[DAEMONSET_HASH_LABEL] = hash;
  t.metadata.labels = labels;
  t.spec ??= { containers: [] };
  t.spec.tolerations = withDaemonTolerations(t.spec);
  t.spec.affinity = pinToNode(t.spec.affinity, nodeName);
  return podFromTemplate(t, ds.metadata?.namespace ?? '', ds.metadata!.name!, newControllerRef(ds, 'apps/v1', 'DaemonSet'));
}
