// autoscaling/v1 HorizontalPodAutoscaler served from the autoscaling/v2 stored form. What v1
// cannot express (other metrics, behavior, conditions, current metrics) rides in annotations,
// as upstream does, so a v1 read-modify-write keeps it.
import type { KObj, StorageConversion } from '../../resource-info.js';

type Obj = Record<string, any>;

const A_METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const A_BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const A_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const A_CURRENT = 'autoscaling.alpha.kubernetes.io/current-metrics';

const isCpuUtilization = (m: Obj) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

function parseAnnotation(ann: Obj, key: string): unknown {
  const v = ann[key];
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

export function hpaV2ToV1(obj: KObj): KObj {
  const src = obj as Obj;
  const meta: Obj = structuredClone(src.metadata ?? {});
  const ann: Obj = { ...(meta.annotations ?? {}) };
  const spec: Obj = src.spec ?? {};
  const status: Obj | undefined = src.status;
  const metrics: Obj[] = Array.isArray(spec.metrics) ? spec.metrics : [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) ann[A_METRICS] = JSON.stringify(others);
  if (spec.behavior) ann[A_BEHAVIOR] = JSON.stringify(spec.behavior);
  const out: Obj = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
    },
  };
  if (status) {
    const current: Obj[] = Array.isArray(status.currentMetrics) ? status.currentMetrics : [];
    const cpuNow = current.find((m) => m?.type === 'Resource' && m.resource?.name === 'cpu');
    const otherNow = current.filter((m) => m !== cpuNow);
    if (otherNow.length) ann[A_CURRENT] = JSON.stringify(otherNow);
    if (Array.isArray(status.conditions) && status.conditions.length) ann[A_CONDITIONS] = JSON.stringify(status.conditions);
    out.status = {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(cpuNow?.resource?.current?.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: cpuNow.resource.current.averageUtilization } : {}),
    };
  }
  if (Object.keys(ann).length) meta.annotations = ann;
  return out;
}

export function hpaV1ToV2(obj: KObj): KObj {
  const src = obj as Obj;
  const meta: Obj = structuredClone(src.metadata ?? {});
  const ann: Obj = { ...(meta.annotations ?? {}) };
  const spec: Obj = src.spec ?? {};
  const metrics: Obj[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  const extra = parseAnnotation(ann, A_METRICS);
  if (Array.isArray(extra)) metrics.push(...extra);
  const behavior = parseAnnotation(ann, A_BEHAVIOR);
  const out: Obj = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      ...(metrics.length ? { metrics } : {}),
      ...(behavior ? { behavior } : {}),
    },
  };
  const st: Obj | undefined = src.status;
  if (st) {
    const current: Obj[] = [];
    if (st.currentCPUUtilizationPercentage !== undefined) {
      current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: st.currentCPUUtilizationPercentage } } });
    }
    const otherNow = parseAnnotation(ann, A_CURRENT);
    if (Array.isArray(otherNow)) current.push(...otherNow);
    const conditions = parseAnnotation(ann, A_CONDITIONS);
    out.status = {
      ...(st.observedGeneration !== undefined ? { observedGeneration: st.observedGeneration } : {}),
      ...(st.lastScaleTime !== undefined ? { lastScaleTime: st.lastScaleTime } : {}),
      currentReplicas: st.currentReplicas ?? 0,
      desiredReplicas: st.desiredReplicas ?? 0,
      ...(current.length ? { currentMetrics: current } : {}),
      ...(Array.isArray(conditions) ? { conditions } : {}),
    };
  }
  for (const k of [A_METRICS, A_BEHAVIOR, A_CONDITIONS, A_CURRENT]) delete ann[k];
  if (Object.keys(ann).length) meta.annotations = ann;
  else delete meta.annotations;
  return out;
}

export const hpaV1Conversion: StorageConversion = { fromStorage: hpaV2ToV1, toStorage: hpaV1ToV2 };
