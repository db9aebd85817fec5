// Upstream's validation of write options (ValidateCreateOptions, ValidateUpdateOptions,
// ValidatePatchOptions, ValidateDeleteOptions): 422 Invalid on the options kind of meta.k8s.io.
import { StatusError } from '../../api/errors.js';

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions';

export const optionsKindOf = (verb: string): OptionsKind =>
  verb === 'create' ? 'CreateOptions' : verb === 'patch' ? 'PatchOptions' : verb === 'delete' || verb === 'deletecollection' ? 'DeleteOptions' : 'UpdateOptions';

export function invalidOptions(kind: OptionsKind, field: string, reason: string, body: string): StatusError {
  return new StatusError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${field}: ${body}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason, message: body, field }],
  });
}

/** Go's %#v of a []string. */
const goStrings = (values: readonly string[]) => `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;

export function validateDryRun(kind: OptionsKind, values: readonly string[]): void {
  if (values.every((v) => v === 'All')) return;
  throw invalidOptions(kind, 'dryRun', 'FieldValueNotSupported', `Unsupported value: ${goStrings(values)}: supported values: "All"`);
}

export function validateFieldManager(kind: OptionsKind, manager: string): void {
  if (Buffer.byteLength(manager) > 128) throw invalidOptions(kind, 'fieldManager', 'FieldValueTooLong', 'Too long: may not be more than 128 bytes');
  let i = 0;
  for (const ch of manager) {
    if (/[\p{C}\p{Z}]/u.test(ch) && ch !== ' ') {
      const cp = ch.codePointAt(0)!;
      const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      throw invalidOptions(kind, 'fieldManager', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(manager)}: invalid character ${u} (at position ${i})`);
    }
    i += Buffer.byteLength(ch);
  }
}
