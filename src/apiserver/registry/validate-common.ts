// Validation every kind shares: object metadata on create and update.
import type { FieldError } from '../../api/field-errors.js';
import type { KindStrategy, KObj } from '../../api/resource-info.js';
import { isDNS1123Subdomain } from '../../api/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../api/validation/object-meta.js';

const subdomainName = (name: string, prefix: boolean): string[] => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** generateName may end in '-': upstream validates it as if a suffix followed. */
function maskTrailingDash(name: string): string {
  return name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

export function nameValidatorOf(strategy: KindStrategy): (name: string, prefix: boolean) => string[] {
  return strategy.nameValidator ? (n, p) => strategy.nameValidator!(p ? maskTrailingDash(n) : n, p) : subdomainName;
}

export function validateCommonCreate(strategy: KindStrategy, obj: KObj): FieldError[] {
  return validateObjectMeta(obj.metadata as Record<string, unknown>, {
    namespaced: strategy.info.namespaced,
    nameValidator: nameValidatorOf(strategy),
    builtin: !(strategy.customResource || strategy.genericMetadataValidation),
  });
}

export function validateCommonUpdate(strategy: KindStrategy, obj: KObj, old: KObj): FieldError[] {
  return [
    ...validateCommonCreate(strategy, obj),
    ...validateObjectMetaUpdate(obj.metadata as Record<string, unknown>, old.metadata as Record<string, unknown>, 'metadata', { builtin: !(strategy.customResource || strategy.genericMetadataValidation) }),
  ];
}
