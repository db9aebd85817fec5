// Field-level validation errors with upstream's reasons and message shapes
// ("spec.replicas: Invalid value: -1: must be greater than or equal to 0").

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with indexes and keys: spec.containers[0].image, metadata.labels[app]. */
  readonly field: string;
  readonly value?: unknown;
  readonly detail?: string;
  /** When false the value is left out of the message (as upstream does for omitted values). */
  readonly showValue?: boolean;
}

/** A field path builder: path('spec').child('containers').index(0).child('image'). */
export class FieldPath {
  private constructor(private readonly text: string) {}
  static root(name?: string): FieldPath {
    return new FieldPath(name ?? '');
  }
  child(name: string, ...more: string[]): FieldPath {
    let t = this.text ? `${this.text}.${name}` : name;
    for (const m of more) t = `${t}.${m}`;
    return new FieldPath(t);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

type P = FieldPath | string;
const s = (p: P) => (typeof p === 'string' ? p : p.toString());

export const required = (p: P, detail?: string): FieldError => ({ type: 'FieldValueRequired', field: s(p), detail });
export const invalid = (p: P, value: unknown, detail?: string): FieldError => ({ type: 'FieldValueInvalid', field: s(p), value, detail, showValue: true });
export const forbidden = (p: P, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: s(p), detail });
export const duplicate = (p: P, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: s(p), value, showValue: true });
export const notFound = (p: P, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: s(p), value, showValue: true });
export const notSupported = (p: P, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field: s(p),
  value,
  showValue: true,
  detail: supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : undefined,
});
export const tooLong = (p: P, value: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field: s(p),
  value,
  showValue: false,
  detail: `may not be more than ${max} bytes`,
});
export const tooMany = (p: P, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field: s(p),
  value: actual,
  showValue: false,
  detail: `must have at most ${max} items`,
});
export const internalError = (p: P, detail: string): FieldError => ({ type: 'InternalError', field: s(p), detail });

/** How upstream prints a value inside an error: strings quoted, others as JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** A value from a request body inside a message: strings as they are, anything else as JSON (never throws). */
export function printedValue(v: unknown): string {
  return typeof v === 'string' ? v : formatValue(v);
}

/** The error body without the field: "Invalid value: -1: must be ...". */
export function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return e.detail ? `Required value: ${e.detail}` : 'Required value';
    case 'FieldValueForbidden':
      return e.detail ? `Forbidden: ${e.detail}` : 'Forbidden';
    case 'FieldValueDuplicate':
      return `Duplicate value: ${formatValue(e.value)}`;
    case 'FieldValueNotFound':
      return `Not found: ${formatValue(e.value)}`;
    case 'FieldValueNotSupported':
      return `Unsupported value: ${formatValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `Too long: ${e.detail}`;
    case 'FieldValueTooMany':
      return `Too many: ${formatValue(e.value)}: ${e.detail}`;
    case 'InternalError':
      return `Internal error: ${e.detail ?? ''}`;
    case 'FieldValueInvalid':
    case 'FieldValueTypeInvalid': {
      let m = 'Invalid value';
      if (e.showValue !== false) m += `: ${formatValue(e.value)}`;
      if (e.detail) m += `: ${e.detail}`;
      return m;
    }
  }
}

export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/** Upstream's aggregate format: one error as is, several as "[a, b]". */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorString))];
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}
