// The stable identity of a StatefulSet's pods (upstream's stateful_set_utils): name "<set>-<ordinal>",
// the pod-name / pod-index / controller-revision-hash labels, hostname and subdomain, and one
// PersistentVolumeClaim "<template>-<set>-<ordinal>" per volumeClaimTemplate mounted in place of the
// template's volume of the same name.
import type { StatefulSet } from '../../api/types/apps-v1.js';
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, Volume } from '../../api/types/core-v1.js';
import type { OwnerReference } from '../../api/types/meta-v1.js';
import { newControllerRef } from '../pod-util.js';
import { podFromTemplate } from '../replicaset/pod-control.js';

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const STATEFULSET_POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';

const ORDINAL_NAME = /^(.*)-([0-9]+)$/;

/** The parent name and ordinal a pod name encodes (ordinal -1 when it encodes none). */
export function parentAndOrdinal(podName: string | undefined): { parent: string; ordinal: number } {
  const m = ORDINAL_NAME.exec(podName ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return Number.isSafeInteger(n) && n <= 2147483647 ? { parent: m[1]!, ordinal: n } : { parent: '', ordinal: -1 };
}

export const ordinalOf = (pod: Readonly<Pod>): number => parentAndOrdinal(pod.metadata?.name).ordinal;

/** Whether pod's name makes it one of set's pods (upstream's isMemberOf). */
export const isMemberOf = (set: Readonly<StatefulSet>, pod: Readonly<Pod>): boolean => parentAndOrdinal(pod.metadata?.name).parent === set.metadata?.name;

export const podName = (set: Readonly<StatefulSet>, ordinal: number): string => `${set.metadata!.name}-${ordinal}`;

export const claimName = (templateName: string, set: Readonly<StatefulSet>, ordinal: number): string => `${templateName}-${podName(set, ordinal)}`;

export const startOrdinal = (set: Readonly<StatefulSet>): number => set.spec?.ordinals?.start ?? 0;

/** The ordinals set should have: [start, start + replicas). */
export const inOrdinalRange = (set: Readonly<StatefulSet>, ordinal: number): boolean =>
  ordinal >= startOrdinal(set) && ordinal < startOrdinal(set) + (set.spec?.replicas ?? 1);

export const podRevision = (pod: Readonly<Pod>): string => pod.metadata?.labels?.[STATEFULSET_REVISION_LABEL] ?? '';

export const setControllerRef = (set: Readonly<StatefulSet>): OwnerReference => newControllerRef(set, 'apps/v1', 'StatefulSet');

/** The claims the pod with ordinal uses, keyed by the volumeClaimTemplate's name. */
export function claimsFor(set: Readonly<StatefulSet>, ordinal: number): Map<string, PersistentVolumeClaim> {
  const out = new Map<string, PersistentVolumeClaim>();
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const tname = t.metadata?.name;
    if (!tname) continue;
    const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName(tname, set, ordinal), namespace: set.metadata?.namespace, ...(Object.keys(labels).length ? { labels } : {}) },
      spec: structuredClone(t.spec ?? {}),
    };
    if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length) claim.metadata!.annotations = { ...t.metadata.annotations };
    out.set(tname, claim);
  }
  return out;
}

/** Points the pod's volumes at its claims, replacing template volumes of the same name. */
function updateStorage(set: Readonly<StatefulSet>, pod: Pod, ordinal: number): void {
  const claims = claimsFor(set, ordinal);
  if (claims.size === 0) return;
  const volumes: Volume[] = [];
  for (const [tname, claim] of claims) volumes.push({ name: tname, persistentVolumeClaim: { claimName: claim.metadata!.name! } });
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name ?? '')) volumes.push(v);
  pod.spec!.volumes = volumes;
}

/** The pod for ordinal from template (that of the revision it is created at), labelled with revision. */
export function newStatefulSetPod(set: Readonly<StatefulSet>, template: Readonly<PodTemplateSpec> | undefined, revision: string, ordinal: number): Pod {
  const ns = set.metadata?.namespace ?? '';
  const pod = podFromTemplate(template, ns, set.metadata!.name!, setControllerRef(set));
  const name = podName(set, ordinal);
  delete pod.metadata!.generateName;
  pod.metadata!.name = name;
  pod.metadata!.labels = { ...(pod.metadata!.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: name, [STATEFULSET_POD_INDEX_LABEL]: String(ordinal), [STATEFULSET_REVISION_LABEL]: revision };
  pod.spec!.hostname = name;
  if (set.spec?.serviceName) pod.spec!.subdomain = set.spec.serviceName;
  updateStorage(set, pod, ordinal);
  return pod;
}

/** The identity labels a pod lacks or has wrong (empty when it matches; upstream's identityMatches). */
export function identityLabelPatch(set: Readonly<StatefulSet>, pod: Readonly<Pod>): Record<string, string> {
  const ordinal = ordinalOf(pod);
  const want: Record<string, string> = { [STATEFULSET_POD_NAME_LABEL]: pod.metadata!.name!, [STATEFULSET_POD_INDEX_LABEL]: String(ordinal) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(want)) if (pod.metadata?.labels?.[k] !== v) out[k] = v;
  if (!isMemberOf(set, pod)) return {};
  return out;
}
