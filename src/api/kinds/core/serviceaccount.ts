// ServiceAccount: secret references keep only their names.
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';
import { arr, isObj } from './util.js';

function cleanSecretReferences(sa: KObj): void {
  if (!Array.isArray(sa.secrets)) return;
  sa.secrets = arr(sa.secrets).map((s) => (isObj(s) && s.name !== undefined ? { name: s.name } : {}));
}

export const serviceAccountStrategy: StrategyOverrides = {
  prepareForCreate: cleanSecretReferences,
  prepareForUpdate: (sa: KObj) => cleanSecretReferences(sa),
};
