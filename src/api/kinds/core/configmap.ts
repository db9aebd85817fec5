// ConfigMap: key names, the 1 MiB size limit and the immutable flag.
import { forbidden, invalid, tooLong, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isConfigMapKey, utf8Length } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { base64Decode, key, obj, semanticEqual, str } from './util.js';

/** core.MaxSecretSize, which also bounds ConfigMaps. */
export const MAX_SECRET_SIZE = 1024 * 1024;

/** Upstream ValidateConfigMap (ObjectMeta is validated by the registry). */
export function validateConfigMap(cm: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const data = obj(cm.data);
  const binary = obj(cm.binaryData);
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    if (k in binary) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += utf8Length(str(data[k]));
  }
  for (const k of Object.keys(binary).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('binaryData', k), k, m));
    total += base64Decode(str(binary[k])).length;
  }
  // Upstream reports the size on the empty path (the whole object).
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

/** The update rules of upstream ValidateConfigMapUpdate: nothing changes once immutable. */
export function validateConfigMapUpdate(cm: KObj, old: KObj): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    const why = 'field is immutable when `immutable` is set';
    if (cm.immutable !== true) errs.push(forbidden('immutable', why));
    if (!semanticEqual(cm.data, old.data)) errs.push(forbidden('data', why));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbidden('binaryData', why));
  }
  return errs;
}

export const configMapStrategy: StrategyOverrides = {
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
};
