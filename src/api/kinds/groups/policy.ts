// policy/v1 PodDisruptionBudget — upstream's validation (pkg/apis/policy/validation).
import { notSupported, type FieldError } from '../../field-errors.js';
import { validateLabelName, validateLabelSelector, type LabelSelector } from '../../meta/labels.js';
import type { StrategyOverrides } from '../index.js';
import { goPtr } from './go-format.js';
import { has, invalidGo, nonNegative, obj, str, validateConditions, type Obj } from './util.js';
import { notMoreThan100Percent, validatePositiveIntOrPercent } from './workload-common.js';

const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

const goPDBSpec = (spec: Obj): string =>
  `policy.PodDisruptionBudgetSpec{MinAvailable:${goPtr('intstr.IntOrString', spec.minAvailable)}, Selector:${goPtr('v1.LabelSelector', spec.selector)}, ` +
  `MaxUnavailable:${goPtr('intstr.IntOrString', spec.maxUnavailable)}, UnhealthyPodEvictionPolicy:${goPtr('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy)}}`;

export function validatePDBSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) {
    errs.push(invalidGo('spec', spec, goPDBSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (!has(spec[f])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`));
    errs.push(...notMoreThan100Percent(spec[f], `spec.${f}`));
  }
  errs.push(...validateLabelSelector(spec.selector as LabelSelector | undefined, 'spec.selector'));
  if (has(spec.unhealthyPodEvictionPolicy) && !UNHEALTHY_POD_EVICTION_POLICIES.includes(str(spec.unhealthyPodEvictionPolicy))) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

export function validatePDBStatus(status: Obj): FieldError[] {
  const errs = validateConditions(status.conditions, 'status.conditions', validateLabelName);
  for (const f of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) errs.push(...nonNegative(status[f], `status.${f}`));
  return errs;
}

export const podDisruptionBudgetStrategy: StrategyOverrides = {
  generation: true,
  prepareForCreate(o) {
    o.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: (o) => validatePDBSpec(obj(o.spec)),
  validateStatusUpdate: (o) => validatePDBStatus(obj(o.status)),
};
