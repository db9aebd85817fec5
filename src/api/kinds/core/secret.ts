// Secret: default type, stringData folded into data, key names, size, the keys each type needs,
// and the type and immutable rules on update.
import { forbidden, invalid, required, tooLong, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isConfigMapKey } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { MAX_SECRET_SIZE } from './configmap.js';
import { base64Decode, base64Encode, immutableField, isObj, key, obj, semanticEqual, str } from './util.js';

const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';

/** SetDefaults_Secret, plus the v1 conversion that writes stringData into data. */
export function defaultSecret(secret: KObj): void {
  secret.type ||= 'Opaque';
  if (isObj(secret.stringData)) {
    const data = isObj(secret.data) ? secret.data : (secret.data = {});
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = base64Encode(new TextEncoder().encode(str(v)));
  }
  delete secret.stringData;
}

const bytesOf = (v: unknown) => base64Decode(str(v));

/** What encoding/json says about text that does not unmarshal into map[string]interface{}. */
function goJSONObjectError(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const t = text.trimStart();
    if (!t) return 'unexpected end of JSON input';
    const c = t[0]!;
    if (!'{["-0123456789tfn'.includes(c)) return `invalid character '${c}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
  if (value === null || isObj(value)) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** Upstream ValidateSecret (ObjectMeta is validated by the registry). */
export function validateSecret(secret: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const data = obj(secret.data);
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    total += bytesOf(data[k]).length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  const jsonKey = (k: string) => {
    if (!(k in data)) {
      errs.push(required(key('data', k), ''));
      return;
    }
    const e = goJSONObjectError(bytesOf(data[k]));
    if (e) errs.push(invalid(key('data', k), '<secret contents redacted>', e));
  };
  switch (str(secret.type)) {
    case 'kubernetes.io/service-account-token':
      if (!str(obj(obj(secret.metadata).annotations)[SERVICE_ACCOUNT_NAME_KEY])) {
        errs.push(required(key('metadata.annotations', SERVICE_ACCOUNT_NAME_KEY), ''));
      }
      break;
    case 'kubernetes.io/dockercfg':
      jsonKey('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      jsonKey('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.push(required('data[username]', ''), required('data[password]', ''));
      break;
    case 'kubernetes.io/ssh-auth':
      if (bytesOf(data['ssh-privatekey']).length === 0) errs.push(required('data[ssh-privatekey]', ''));
      break;
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) errs.push(required('data[tls.crt]', ''));
      if (!('tls.key' in data)) errs.push(required('data[tls.key]', ''));
      break;
  }
  return errs;
}

/** The update rules of upstream ValidateSecretUpdate: the type never changes, nothing once immutable. */
export function validateSecretUpdate(secret: KObj, old: KObj): FieldError[] {
  const errs = immutableField('type', secret.type, old.type);
  if (old.immutable === true) {
    const why = 'field is immutable when `immutable` is set';
    if (secret.immutable !== true) errs.push(forbidden('immutable', why));
    if (!semanticEqual(secret.data, old.data)) errs.push(forbidden('data', why));
  }
  return errs;
}

export const secretStrategy: StrategyOverrides = {
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
  selectableFields: (secret: KObj) => ({ type: str(secret.type) }),
};
