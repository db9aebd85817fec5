// Pod templates inside workload kinds: defaulting, the template checks every workload shares
// (upstream's ValidatePodTemplateSpec) and the selector-versus-template-labels rule.
import { StatusError } from '../../errors.js';
import { forbidden, type FieldError } from '../../field-errors.js';
import { labelSelectorFromObject, validateLabels, type LabelSelector, type LabelSelectorMatcher } from '../../meta/labels.js';
import { validateAnnotations } from '../../validation/object-meta.js';
import { defaultPodSpec } from '../core/pod.js';
import { validatePodSpec, validatePodSpecificAnnotations } from '../core/pod-spec-validation.js';
import { goMapStringString } from './go-format.js';
import { child, invalidGo, isObj, obj, type Obj } from './util.js';

/**
 * Defaults a pod template held at parent[key]. Upstream's template is a struct, so a missing
 * template (or template spec) still gets the pod spec defaults.
 */
export function defaultTemplateAt(parent: Obj, key = 'template'): void {
  const template = child(parent, key);
  defaultPodSpec(child(template, 'spec'));
}

/**
 * The checks upstream runs on every pod template (ValidatePodTemplateSpec): template labels and
 * annotations (reported on <path>.labels and <path>.annotations, as upstream does), the pod spec,
 * and no ephemeral containers. Kind-specific rules (restart policy, selector match) are separate.
 */
export function validateTemplate(template: unknown, path: string): FieldError[] {
  const t = obj(template);
  const meta = obj(t.metadata);
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels as Record<string, string> | undefined, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations as Record<string, string> | undefined, `${path}.annotations`));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, obj(t.spec), `${path}.annotations`));
  errs.push(...validatePodSpec(t.spec, `${path}.spec`));
  const eph = obj(t.spec).ephemeralContainers;
  if (Array.isArray(eph) && eph.length > 0) {
    errs.push(forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/** The reduced template checks StatefulSets get upstream: labels and annotations, no pod spec. */
export function validateTemplateMetadata(template: unknown, path: string): FieldError[] {
  const t = obj(template);
  const meta = obj(t.metadata);
  return [
    ...validateLabels(meta.labels as Record<string, string> | undefined, `${path}.labels`),
    ...validateAnnotations(meta.annotations as Record<string, string> | undefined, `${path}.annotations`),
    ...validatePodSpecificAnnotations(meta.annotations, obj(t.spec), `${path}.annotations`),
  ];
}

/** metav1.LabelSelectorAsSelector; undefined when the selector cannot be converted. */
export function asSelector(sel: unknown): LabelSelectorMatcher | undefined {
  try {
    return labelSelectorFromObject(sel as LabelSelector | null | undefined);
  } catch (e) {
    if (e instanceof StatusError) return undefined;
    throw e;
  }
}

export const templateLabels = (template: unknown): Record<string, string> | undefined => {
  const l = obj(obj(template).metadata).labels;
  return isObj(l) ? (l as Record<string, string>) : undefined;
};

/** "<path>.metadata.labels: Invalid value: map[...]: `selector` does not match template `labels`". */
export function selectorMismatch(template: unknown, path: string): FieldError {
  const labels = templateLabels(template);
  return invalidGo(`${path}.metadata.labels`, labels ?? null, goMapStringString(labels), '`selector` does not match template `labels`');
}

/**
 * The template must carry the selector's labels. With skipEmpty (ReplicaSets, Deployments,
 * StatefulSets) a selector that selects everything is not checked.
 */
export function checkSelectorMatches(sel: LabelSelectorMatcher, template: unknown, path: string, skipEmpty: boolean): FieldError[] {
  if (skipEmpty && sel.empty()) return [];
  return sel.matches(templateLabels(template)) ? [] : [selectorMismatch(template, path)];
}
