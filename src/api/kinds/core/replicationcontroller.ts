// ReplicationController: selector and labels from the template, one replica by default, the
// template rules (selector matches labels, restartPolicy Always), status counters, selectable fields.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';
import { defaultPodTemplate } from './pod.js';
import { validatePodTemplateSpec } from './pod-spec-validation.js';
import { goStringMap, int, invalidGo, isObj, isSet, obj, str, type Obj } from './util.js';

const NEGATIVE = 'must be greater than or equal to 0';
const nonNegative = (v: unknown, path: string): FieldError[] => ((int(v) ?? 0) < 0 ? [invalid(path, int(v) ?? 0, NEGATIVE)] : []);

/** SetDefaults_ReplicationController, replicas and the template's pod defaults. */
export function defaultReplicationController(rc: KObj): void {
  const spec = isObj(rc.spec) ? rc.spec : (rc.spec = {});
  const labels = isObj(spec.template) && isObj(obj(spec.template.metadata).labels) ? (spec.template.metadata.labels as Obj) : undefined;
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = isObj(rc.metadata) ? rc.metadata : (rc.metadata = {});
    if (!isObj(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}

const selectorMatches = (selector: Obj, labels: Obj) => Object.keys(selector).every((k) => k in labels && str(labels[k]) === str(selector[k]));

/** Upstream ValidateReplicationControllerSpec. */
export function validateReplicationControllerSpec(specRaw: unknown, path: string): FieldError[] {
  const spec = obj(specRaw);
  const errs = nonNegative(spec.minReadySeconds, `${path}.minReadySeconds`);
  const selector = obj(spec.selector);
  if (Object.keys(selector).length === 0) errs.push(required(`${path}.selector`, ''));
  errs.push(...nonNegative(spec.replicas, `${path}.replicas`));
  const tp = `${path}.template`;
  if (!isObj(spec.template)) {
    errs.push(required(tp, ''));
    return errs;
  }
  const template = spec.template;
  const labels = obj(template.metadata).labels;
  if (Object.keys(selector).length && !selectorMatches(selector, obj(labels))) {
    errs.push(invalidGo(`${tp}.metadata.labels`, labels ?? null, goStringMap(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, tp));
  const tspec = obj(template.spec);
  if (tspec.restartPolicy !== 'Always') errs.push(notSupported(`${tp}.spec.restartPolicy`, tspec.restartPolicy ?? '', ['Always']));
  if (isSet(tspec.activeDeadlineSeconds)) errs.push(forbidden(`${tp}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicationController is not Supported'));
  return errs;
}

/** Upstream ValidateReplicationControllerStatus. */
export function validateReplicationControllerStatus(statusRaw: unknown, path = 'status'): FieldError[] {
  const s = obj(statusRaw);
  const n = (f: string) => int(s[f]) ?? 0;
  const errs: FieldError[] = [];
  for (const f of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) errs.push(...nonNegative(s[f], `${path}.${f}`));
  const msg = 'cannot be greater than status.replicas';
  if (n('fullyLabeledReplicas') > n('replicas')) errs.push(invalid(`${path}.fullyLabeledReplicas`, n('fullyLabeledReplicas'), msg));
  if (n('readyReplicas') > n('replicas')) errs.push(invalid(`${path}.readyReplicas`, n('readyReplicas'), msg));
  if (n('availableReplicas') > n('replicas')) errs.push(invalid(`${path}.availableReplicas`, n('availableReplicas'), msg));
  if (n('availableReplicas') > n('readyReplicas')) errs.push(invalid(`${path}.availableReplicas`, n('availableReplicas'), 'cannot be greater than readyReplicas'));
  return errs;
}

export const replicationControllerStrategy: StrategyOverrides = {
  generation: true,
  prepareForCreate(rc: KObj) {
    rc.status = { replicas: 0 };
  },
  defaults: defaultReplicationController,
  validate: (rc: KObj) => validateReplicationControllerSpec(rc.spec, 'spec'),
  validateStatusUpdate: (rc: KObj) => validateReplicationControllerStatus(rc.status),
  selectableFields: (rc: KObj) => ({ 'status.replicas': String(int(obj(rc.status).replicas) ?? 0) }),
};
