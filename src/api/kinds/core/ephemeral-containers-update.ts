// Writes through pods/ephemeralcontainers (upstream ValidatePodEphemeralContainersUpdate): the
// ephemeral containers a pod has may be neither removed nor changed, static (mirror) pods take
// none. The containers themselves are checked with the rest of the pod (validatePod).
import { forbidden, type FieldError } from '../../field-errors.js';
import { arr, goQuote, jsonDiff, key, obj, semanticEqual, str, type Obj } from './util.js';

const MIRROR_POD = 'kubernetes.io/config.mirror';

export function validatePodEphemeralContainersUpdate(pod: Obj, old: Obj): FieldError[] {
  if (MIRROR_POD in obj(obj(old.metadata).annotations)) return [forbidden('', 'static pods do not support ephemeral containers')];
  const path = 'spec.ephemeralContainers';
  const wanted = new Map(arr(obj(pod.spec).ephemeralContainers).map((c) => [str(obj(c).name), c]));
  const errs: FieldError[] = [];
  for (const existing of arr(obj(old.spec).ephemeralContainers)) {
    const name = str(obj(existing).name);
    const next = wanted.get(name);
    if (next === undefined) errs.push(forbidden(path, `existing ephemeral containers ${goQuote(name)} may not be removed\n`));
    else if (!semanticEqual(existing, next)) {
      errs.push(forbidden(key(path, name), `existing ephemeral containers ${goQuote(name)} may not be changed\n${jsonDiff(existing, next, 'core.EphemeralContainer')}`));
    }
  }
  return errs;
}
