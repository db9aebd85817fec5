// The HorizontalPodAutoscaler controller (upstream's horizontal-pod-autoscaler): every sync period
// each HPA reads its target's scale subresource, computes the replicas its metrics want
// (compute-metrics.ts), normalises them (stabilisation, bounds, rate limits: normalizer.ts), writes
// the new scale, and records status, conditions and events as upstream does.
import { isDeepStrictEqual } from 'node:util';
import { parseLabelSelector } from '../../api/meta/labels.js';
import type { Scale } from '../../api/types/autoscaling-v1.js';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, MetricStatus } from '../../api/types/autoscaling-v2.js';
import type { Pod } from '../../api/types/core-v1.js';
import { PODS, apiTime, isNotFound, splitMetaNamespaceKey, type EventRecorder, type SharedInformer } from '../../client/index.js';
import { Controller, errorMessage, type ControllerContext, type ReconcileResult, type Runnable } from '../runtime/index.js';
import { computeReplicasForMetrics } from './compute-metrics.js';
import { setCondition, type ConditionValue } from './conditions.js';
import { ResourceMetricsApiClient, type MetricsClient } from './metrics-client.js';
import { DEFAULT_DOWNSCALE_STABILIZATION_MS, ReplicaNormalizer } from './normalizer.js';
import { DEFAULT_CALCULATOR_OPTIONS, type CalculatorOptions } from './replica-calculator.js';
import { HORIZONTAL_POD_AUTOSCALERS } from './resources.js';
import { ScaleTargetResolver } from './scale-target.js';

export interface HpaControllerOptions {
  /** --horizontal-pod-autoscaler-sync-period (default 15 s). */
  readonly syncPeriodMs?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization (default 5 min). */
  readonly downscaleStabilizationMs?: number;
  readonly calculator?: Partial<CalculatorOptions>;
  /** Where metrics come from (default: metrics.k8s.io through the API server). */
  readonly metricsClient?: (ctx: ControllerContext) => MetricsClient;
}

type Hpa = HorizontalPodAutoscaler;

interface Decision {
  desired: number;
  rescale: boolean;
  reason: string;
  statuses?: MetricStatus[];
}

export class HorizontalPodAutoscalerController implements Runnable {
  readonly name = 'horizontal-pod-autoscaler';
  readonly controller: Controller;
  private readonly hpas: SharedInformer<Hpa>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly metrics: MetricsClient;
  private readonly normalizer: ReplicaNormalizer;
  private readonly targets: ScaleTargetResolver;
  private readonly syncPeriodMs: number;
  private readonly calc: CalculatorOptions;

  constructor(private readonly ctx: ControllerContext, o: HpaControllerOptions = {}) {
    this.syncPeriodMs = o.syncPeriodMs ?? 15_000;
    this.calc = { ...DEFAULT_CALCULATOR_OPTIONS, ...o.calculator };
    this.hpas = ctx.informers.forResource(HORIZONTAL_POD_AUTOSCALERS);
    this.pods = ctx.informers.forResource(PODS);
    this.recorder = ctx.recorder('horizontal-pod-autoscaler');
    this.metrics = o.metricsClient?.(ctx) ?? new ResourceMetricsApiClient(ctx.client);
    this.normalizer = new ReplicaNormalizer(() => ctx.clock.now(), o.downscaleStabilizationMs ?? DEFAULT_DOWNSCALE_STABILIZATION_MS);
    this.targets = new ScaleTargetResolver(ctx.client, ctx.clock);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers('horizontal-pod-autoscaler'), clock: ctx.clock, logger: ctx.logger });
    // Our own status writes do not re-trigger a sync: the periodic resync does the work, a spec
    // change (new generation) is acted on at once.
    this.hpas.addEventHandler({
      onAdd: (h) => this.controller.enqueue(h),
      onUpdate: (old, h) => {
        if (old.metadata?.generation !== h.metadata?.generation) this.controller.enqueue(h);
      },
      onDelete: (h) => this.normalizer.forget(`${h.metadata?.namespace}/${h.metadata?.name}`),
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async sync(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.hpas.lister.get(name, namespace);
    if (!cached) {
      this.normalizer.forget(key);
      return;
    }
    const hpa = structuredClone(cached) as Hpa;
    hpa.apiVersion ??= 'autoscaling/v2';
    hpa.kind ??= 'HorizontalPodAutoscaler';
    const original = structuredClone(hpa.status ?? {});
    try {
      await this.reconcileAutoscaler(hpa, key, signal);
    } catch (e) {
      if (signal.aborted) return;
      this.ctx.logger.warn({ controller: this.name, key, err: errorMessage(e) }, 'reconcile failed');
    }
    if (!isDeepStrictEqual(original, hpa.status ?? {})) await this.writeStatus(hpa, signal);
    return { requeueAfterMs: this.syncPeriodMs };
  }

  private condition(hpa: Hpa, c: ConditionValue): void {
    setCondition((hpa.status ??= {}), c, apiTime(this.ctx.clock.now()));
  }

  private async reconcileAutoscaler(hpa: Hpa, key: string, signal: AbortSignal): Promise<void> {
    const ns = hpa.metadata?.namespace ?? '';
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const reference = `${ref.kind}/${ns}/${ref.name}`;
    const target = await this.targets.resolve(ref.apiVersion ?? '', ref.kind ?? '', signal);
    let scale: Scale | undefined;
    let scaleError = target.ok ? '' : target.error;
    if (target.ok) {
      try {
        scale = await this.ctx.client.resource(target.ref, ns).getSubresource<Scale>(ref.name ?? '', 'scale', { signal });
      } catch (e) {
        scaleError = errorMessage(e);
      }
    }
    if (!target.ok || !scale) {
      this.recorder.event(hpa, 'Warning', 'FailedGetScale', scaleError);
      this.condition(hpa, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${scaleError}` });
      this.setCurrent(hpa, hpa.status?.currentReplicas ?? 0, undefined);
      throw new Error(`failed to query scale subresource for ${reference}: ${scaleError}`);
    }
    this.condition(hpa, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
    const specReplicas = scale.spec?.replicas ?? 0;
    this.normalizer.recordInitial(key, specReplicas);
    const d = await this.decide(hpa, key, scale, specReplicas, signal);
    if (!d) return;
    if (d.rescale) {
      try {
        await this.ctx.client.resource(target.ref, ns).patch(ref.name ?? '', { spec: { replicas: d.desired } }, 'merge', { subresource: 'scale', signal });
      } catch (e) {
        this.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${d.desired}; reason: ${d.reason}; error: ${errorMessage(e)}`);
        this.condition(hpa, { type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${errorMessage(e)}` });
        this.setCurrent(hpa, specReplicas, d.statuses);
        throw new Error(`failed to rescale ${reference}: ${errorMessage(e)}`);
      }
      this.condition(hpa, { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${d.desired}` });
      this.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${d.desired}; reason: ${d.reason}`);
      this.normalizer.recordScale(key, hpa.spec?.behavior, specReplicas, d.desired);
    }
    const status = (hpa.status ??= {});
    this.setCurrent(hpa, specReplicas, d.statuses);
    status.desiredReplicas = d.rescale ? d.desired : specReplicas;
    if (d.rescale) status.lastScaleTime = apiTime(this.ctx.clock.now());
  }

  /** The replicas wanted (undefined: the metrics do not allow deciding; status and events are set). */
  private async decide(hpa: Hpa, key: string, scale: Scale, specReplicas: number, signal: AbortSignal): Promise<Decision | undefined> {
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas ?? 0;
    if (specReplicas === 0 && min !== 0) {
      this.condition(hpa, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
      return { desired: 0, rescale: false, reason: '' };
    }
    if (specReplicas > max) return { desired: max, rescale: true, reason: 'Current number of replicas above Spec.MaxReplicas' };
    if (specReplicas < min) return { desired: min, rescale: true, reason: 'Current number of replicas below Spec.MinReplicas' };
    const selector = scale.status?.selector ?? '';
    if (selector === '') return this.selectorProblem(hpa, specReplicas, 'SelectorRequired', 'selector is required', "the HPA target's scale is missing a selector");
    let pods: Readonly<Pod>[];
    try {
      pods = this.pods.lister.listNamespace(hpa.metadata?.namespace ?? '', parseLabelSelector(selector));
    } catch (e) {
      return this.selectorProblem(hpa, specReplicas, 'InvalidSelector', errorMessage(e), `the HPA target's scale has an invalid selector: ${errorMessage(e)}`);
    }
    const out = await computeReplicasForMetrics(hpa.spec?.metrics ?? [], {
      namespace: hpa.metadata?.namespace ?? '',
      selector,
      specReplicas,
      statusReplicas: scale.status?.replicas ?? 0,
      pods,
      now: this.ctx.clock.now(),
      options: this.calc,
      metrics: this.metrics,
      signal,
    });
    for (const f of out.failures) this.recorder.event(hpa, 'Warning', f.reason, f.error);
    this.condition(hpa, out.condition);
    if (out.replicas === -1) {
      this.setCurrent(hpa, specReplicas, out.statuses);
      this.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', out.error ?? '');
      return undefined;
    }
    const reason = out.replicas > specReplicas ? `${out.metricName} above target` : out.replicas < specReplicas ? 'All metrics below target' : '';
    const n = this.normalizer.normalize({ key, currentReplicas: specReplicas, desiredReplicas: out.replicas, minReplicas: min, maxReplicas: max, behavior: hpa.spec?.behavior });
    this.condition(hpa, { type: 'AbleToScale', status: 'True', reason: n.stabilized.reason, message: n.stabilized.message });
    this.condition(hpa, { type: 'ScalingLimited', status: n.limit.limited ? 'True' : 'False', reason: n.limit.reason, message: n.limit.message });
    return { desired: n.replicas, rescale: n.replicas !== specReplicas, reason, statuses: out.statuses };
  }

  private selectorProblem(hpa: Hpa, specReplicas: number, eventReason: string, eventMessage: string, conditionMessage: string): undefined {
    this.recorder.event(hpa, 'Warning', eventReason, eventMessage);
    this.condition(hpa, { type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message: conditionMessage });
    this.setCurrent(hpa, specReplicas, undefined);
    return undefined;
  }

  private setCurrent(hpa: Hpa, current: number, statuses: MetricStatus[] | undefined): void {
    const status: HorizontalPodAutoscalerStatus = (hpa.status ??= {});
    status.currentReplicas = current;
    status.desiredReplicas ??= 0;
    if (statuses && statuses.length) status.currentMetrics = statuses;
    else delete status.currentMetrics;
    if (hpa.metadata?.generation !== undefined) status.observedGeneration = hpa.metadata.generation;
  }

  private async writeStatus(hpa: Hpa, signal: AbortSignal): Promise<void> {
    try {
      await this.ctx.client.resource(HORIZONTAL_POD_AUTOSCALERS, hpa.metadata?.namespace).updateStatus(hpa, { signal });
    } catch (e) {
      if (isNotFound(e) || signal.aborted) return;
      throw e;
    }
  }
}

export const newHorizontalPodAutoscalerController =
  (o: HpaControllerOptions = {}) =>
  (ctx: ControllerContext): Runnable =>
    new HorizontalPodAutoscalerController(ctx, o);
