// node.k8s.io/v1 RuntimeClass — upstream's defaults and validation (pkg/apis/node/validation,
// pkg/registry/node/runtimeclass). Stored only: nothing in k8ts runs pods with a class's handler.
import { duplicate, invalid, type FieldError } from '../../field-errors.js';
import { validateLabels } from '../../meta/labels.js';
import type { KObj } from '../../resource-info.js';
import { goQuote, isDNS1123Label } from '../../validation/names.js';
import { defaultResourceList, validateResourceRequirements } from '../core/resources.js';
import { validateTolerations } from '../core/scheduling-validation.js';
import { GoValue } from '../core/util.js';
import type { StrategyOverrides } from '../index.js';
import { goPtr } from './go-format.js';
import { arr, has, immutable, isObj, obj, str, type Obj } from './util.js';

/** Overhead quantities are written in canonical form, as every core ResourceList is. */
export function defaultRuntimeClass(o: KObj): void {
  if (isObj(o.overhead)) defaultResourceList(o.overhead.podFixed);
}

/** %#v of the internal core.Toleration a duplicate is reported with. */
const goToleration = (t: Obj): string =>
  `core.Toleration{Key:${goQuote(str(t.key))}, Operator:${goQuote(str(t.operator))}, Value:${goQuote(str(t.value))}, Effect:${goQuote(str(t.effect))}, TolerationSeconds:${goPtr('int64', t.tolerationSeconds)}}`;

/** The pod rules for tolerations, and no two alike in key, operator, value and effect. */
function validateClassTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs = validateTolerations(tolerations, path);
  const seen = new Set<string>();
  arr(tolerations).forEach((t, i) => {
    const tol = obj(t);
    const k = JSON.stringify([str(tol.key), str(tol.operator), str(tol.value), str(tol.effect)]);
    if (seen.has(k)) errs.push(duplicate(`${path}[${i}]`, new GoValue(goToleration(tol))));
    else seen.add(k);
  });
  return errs;
}

export function validateRuntimeClass(o: KObj): FieldError[] {
  const handler = str(o.handler);
  const errs: FieldError[] = isDNS1123Label(handler).map((m) => invalid('handler', handler, m));
  // The overhead is checked as a container's limits are (so errors name overhead.limits[...]).
  if (has(o.overhead)) errs.push(...validateResourceRequirements({ limits: obj(o.overhead).podFixed }, 'overhead'));
  if (has(o.scheduling)) {
    const s = obj(o.scheduling);
    if (has(s.nodeSelector)) errs.push(...validateLabels(obj(s.nodeSelector), 'scheduling.nodeSelector'));
    errs.push(...validateClassTolerations(s.tolerations, 'scheduling.tolerations'));
  }
  return errs;
}

export const runtimeClassStrategy: StrategyOverrides = {
  specKeys: ['handler', 'overhead', 'scheduling'],
  allowCreateOnUpdate: true,
  defaults: defaultRuntimeClass,
  validate: validateRuntimeClass,
  validateUpdate: (o, old) => immutable(str(o.handler), str(old.handler), 'handler'),
};
