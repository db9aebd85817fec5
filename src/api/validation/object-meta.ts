// ObjectMeta validation on create and update, with upstream's paths and messages
// (k8s.io/apimachinery/pkg/api/validation plus the finalizer rule core types add on top).
import { forbidden, invalid, required, tooLong, type FieldError } from '../field-errors.js';
import { validateLabels } from '../meta/labels.js';
import { goQuote, goStringSlice, isQualifiedName, utf8Length, validateNamespaceName, type ValidateNameFunc } from './names.js';

export interface OwnerReferenceLike {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean | null;
  blockOwnerDeletion?: boolean | null;
}

export interface ManagedFieldsEntryLike {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string | null;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/** The parts of metav1.ObjectMeta that validation reads (JSON form: timestamps are RFC 3339 strings). */
export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  ownerReferences?: OwnerReferenceLike[] | null;
  finalizers?: string[] | null;
  managedFields?: ManagedFieldsEntryLike[] | null;
}

export interface ObjectMetaValidationOptions {
  /** The resource is namespaced: metadata.namespace is required (else forbidden). */
  namespaced: boolean;
  /** The resource's name rule; prefix is true when checking generateName. */
  nameValidator: ValidateNameFunc;
  /**
   * Apply the core-API finalizer rule (a finalizer without '/' must be "kubernetes", "orphan" or
   * "foregroundDeletion"). Built-in types do; custom resources do not. Default true.
   */
  builtin?: boolean;
}

export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;
export const FIELD_MANAGER_MAX_LENGTH = 128;
export const MAX_SUBRESOURCE_NAME_LENGTH = 256;
export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';
export const FINALIZER_KUBERNETES = 'kubernetes';
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set([FINALIZER_KUBERNETES, FINALIZER_ORPHAN_DEPENDENTS, FINALIZER_DELETE_DEPENDENTS]);

const sub = (p: string, name: string) => (p ? `${p}.${name}` : name);

/**
 * An Invalid error whose value is shown as Go prints it rather than as JSON (times, nil pointers,
 * Go-syntax structs). The value stays on the error; the printed text travels in the detail.
 */
function invalidAsGo(field: string, value: unknown, printed: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail: `${printed}: ${detail}`, showValue: false };
}

// ---------------------------------------------------------------------------------------------
// Pieces

/** Annotation keys are qualified names compared case-insensitively; the total size is limited. */
export function validateAnnotations(annotations: Record<string, string> | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (annotations == null || typeof annotations !== 'object') return errs;
  let total = 0;
  for (const k of Object.keys(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    const v = annotations[k];
    total += utf8Length(k) + (typeof v === 'string' ? utf8Length(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** Splits apiVersion as upstream's schema.ParseGroupVersion; undefined when it has several '/'. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

const goBoolPtr = (b: boolean | null | undefined) => (b == null ? '(*bool)(nil)' : '(*bool)(0xc000000000)');

/** Go's %#v of a metav1.OwnerReference. */
function goOwnerReference(r: OwnerReferenceLike): string {
  return (
    `v1.OwnerReference{APIVersion:${goQuote(r.apiVersion ?? '')}, Kind:${goQuote(r.kind ?? '')}, ` +
    `Name:${goQuote(r.name ?? '')}, UID:${goQuote(r.uid ?? '')}, ` +
    `Controller:${goBoolPtr(r.controller)}, BlockOwnerDeletion:${goBoolPtr(r.blockOwnerDeletion)}}`
  );
}

function validateOwnerReference(r: OwnerReferenceLike, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = r.apiVersion ?? '';
  const kind = r.kind ?? '';
  const gv = parseGroupVersion(apiVersion) ?? { group: '', version: '' };
  if (gv.version.length === 0) errs.push(invalid(sub(path, 'apiVersion'), apiVersion, 'version must not be empty'));
  if (kind.length === 0) errs.push(invalid(sub(path, 'kind'), kind, 'kind must not be empty'));
  if ((r.name ?? '').length === 0) errs.push(invalid(sub(path, 'name'), r.name ?? '', 'name must not be empty'));
  if ((r.uid ?? '').length === 0) errs.push(invalid(sub(path, 'uid'), r.uid ?? '', 'uid must not be empty'));
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(invalidAsGo(path, r, goOwnerReference(r), `${gv.group}/${gv.version}, Kind=${kind} is disallowed from being an owner`));
  }
  return errs;
}

/** Each reference needs apiVersion, kind, name and uid (reported without an index); at most one controller. */
export function validateOwnerReferences(refs: OwnerReferenceLike[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(refs)) return errs;
  let firstController = '';
  for (const ref of refs) {
    const r = ref ?? {};
    errs.push(...validateOwnerReference(r, path));
    if (r.controller === true) {
      const name = `${r.kind ?? ''}/${r.name ?? ''}`;
      if (firstController !== '') {
        const printed = `[]v1.OwnerReference{${refs.map((x) => goOwnerReference(x ?? {})).join(', ')}}`;
        errs.push(
          invalidAsGo(
            path,
            refs,
            printed,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else {
        firstController = name;
      }
    }
  }
  return errs;
}

/** Finalizer names are qualified names; "orphan" and "foregroundDeletion" exclude each other. */
export function validateFinalizers(finalizers: string[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) return errs;
  let orphan = false;
  let foreground = false;
  for (const f of finalizers) {
    const name = String(f);
    for (const m of isQualifiedName(name)) errs.push(invalid(path, name, m));
    if (name === FINALIZER_ORPHAN_DEPENDENTS) orphan = true;
    if (name === FINALIZER_DELETE_DEPENDENTS) foreground = true;
  }
  if (orphan && foreground) {
    errs.push(
      invalidAsGo(
        path,
        finalizers,
        goStringSlice(finalizers.map(String)),
        `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** The core-API rule: a finalizer without a '/' must be one of the standard names. */
function validateStandardFinalizerNames(finalizers: string[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) return errs;
  finalizers.forEach((f, i) => {
    const name = String(f);
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(invalid(`${path}[${i}]`, name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** A go %#U rendering for a non-printable rune: U+0007. */
const goRuneName = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** A field manager name: at most 128 bytes of printable characters. */
export function validateFieldManager(manager: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(manager) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong(path, manager, FIELD_MANAGER_MAX_LENGTH));
  let bytePos = 0;
  for (const ch of manager) {
    const cp = ch.codePointAt(0)!;
    if (!PRINTABLE.test(ch) || (cp >= 0xd800 && cp <= 0xdfff)) {
      errs.push(invalid(path, manager, `invalid character ${goRuneName(cp)} (at position ${bytePos})`));
    }
    bytePos += utf8Length(ch);
  }
  return errs;
}

export function validateManagedFields(entries: ManagedFieldsEntryLike[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(entries)) return errs;
  entries.forEach((entry, i) => {
    const e = entry ?? {};
    const p = `${path}[${i}]`;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      errs.push(invalid(sub(p, 'operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (e.fieldsType && e.fieldsType !== 'FieldsV1') errs.push(invalid(sub(p, 'fieldsType'), e.fieldsType, 'must be `FieldsV1`'));
    errs.push(...validateFieldManager(e.manager ?? '', sub(p, 'manager')));
    if (utf8Length(e.subresource ?? '') > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push(tooLong(sub(p, 'subresource'), e.subresource, MAX_SUBRESOURCE_NAME_LENGTH));
    }
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Create

/**
 * Validates metadata of an object being created (after name generation), as upstream's
 * ValidateObjectMeta, plus the core finalizer rule for built-in types.
 */
export function validateObjectMeta(
  meta: ObjectMetaLike | null | undefined,
  opts: ObjectMetaValidationOptions,
  path = 'metadata',
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const generateName = m.generateName ?? '';
  if (generateName.length !== 0) {
    for (const msg of opts.nameValidator(generateName, true)) errs.push(invalid(sub(path, 'generateName'), generateName, msg));
  }
  const name = m.name ?? '';
  if (name.length === 0) errs.push(required(sub(path, 'name'), 'name or generateName is required'));
  else for (const msg of opts.nameValidator(name, false)) errs.push(invalid(sub(path, 'name'), name, msg));

  const namespace = m.namespace ?? '';
  if (opts.namespaced) {
    if (namespace.length === 0) errs.push(required(sub(path, 'namespace')));
    else for (const msg of validateNamespaceName(namespace, false)) errs.push(invalid(sub(path, 'namespace'), namespace, msg));
  } else if (namespace.length !== 0) {
    errs.push(forbidden(sub(path, 'namespace'), 'not allowed on this type'));
  }

  const generation = m.generation ?? 0;
  if (generation < 0) errs.push(invalid(sub(path, 'generation'), generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, sub(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, sub(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, sub(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, sub(path, 'finalizers')));
  errs.push(...validateManagedFields(m.managedFields, sub(path, 'managedFields')));
  if (opts.builtin !== false) errs.push(...validateStandardFinalizerNames(m.finalizers, sub(path, 'finalizers')));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Update

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

interface Instant {
  seconds: number;
  nanos: number;
}

function parseTime(s: string): Instant | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, , sign, oh, om] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (Number(y) < 100) {
    const dt = new Date(ms);
    dt.setUTCFullYear(Number(y));
    ms = dt.getTime();
  }
  let seconds = ms / 1000;
  if (sign) seconds -= (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  const nanos = frac ? Number(frac.slice(0, 9).padEnd(9, '0')) : 0;
  return { seconds, nanos };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Go's time.Time.String() for a UTC instant: "2006-01-02 15:04:05.999999999 +0000 UTC". */
function goTimeString(t: Instant): string {
  const d = new Date(t.seconds * 1000);
  let s =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (t.nanos) s += `.${String(t.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${s} +0000 UTC`;
}

const ZERO_TIME: Instant = { seconds: -62135596800, nanos: 0 };

/** A metav1.Time value: null and absent are the zero time. */
function timeValue(s: string | null | undefined): Instant | string {
  if (s == null || s === '') return ZERO_TIME;
  return parseTime(s) ?? s;
}

function sameTime(a: Instant | string, b: Instant | string): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.seconds === b.seconds && a.nanos === b.nanos;
}

const printTime = (t: Instant | string) => (typeof t === 'string' ? goQuote(t) : goTimeString(t));

/**
 * Validates metadata on update, as upstream's ValidateObjectMetaUpdate: identity fields are
 * immutable, resourceVersion is required, generation may not go down, no finalizers may be added
 * while the object is being deleted, and the mutable maps are revalidated.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMetaLike | null | undefined,
  oldMeta: ObjectMetaLike | null | undefined,
  path = 'metadata',
  opts: { builtin?: boolean } = {},
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];

  if (o.deletionTimestamp != null) {
    const old = new Set((o.finalizers ?? []).map(String));
    const extra = [...new Set((n.finalizers ?? []).map(String))].filter((f) => !old.has(f)).sort();
    if (extra.length) {
      errs.push(
        forbidden(
          sub(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
    }
  }

  if ((n.resourceVersion ?? '').length === 0) {
    errs.push(invalid(sub(path, 'resourceVersion'), n.resourceVersion ?? '', 'must be specified for an update'));
  }
  const newGen = n.generation ?? 0;
  if (newGen < (o.generation ?? 0)) errs.push(invalid(sub(path, 'generation'), newGen, 'must not be decremented'));

  for (const f of ['name', 'namespace', 'uid'] as const) {
    const nv = n[f] ?? '';
    if (nv !== (o[f] ?? '')) errs.push(invalid(sub(path, f), nv, FIELD_IMMUTABLE_ERROR_MSG));
  }

  const nc = timeValue(n.creationTimestamp);
  if (!sameTime(nc, timeValue(o.creationTimestamp))) {
    errs.push(invalidAsGo(sub(path, 'creationTimestamp'), n.creationTimestamp ?? null, printTime(nc), FIELD_IMMUTABLE_ERROR_MSG));
  }

  // Pointer fields: nil prints as the quoted string "null", as upstream does.
  const nd = n.deletionTimestamp == null ? null : timeValue(n.deletionTimestamp);
  const od = o.deletionTimestamp == null ? null : timeValue(o.deletionTimestamp);
  if (nd === null ? od !== null : od === null || !sameTime(nd, od)) {
    errs.push(
      invalidAsGo(sub(path, 'deletionTimestamp'), n.deletionTimestamp ?? null, nd === null ? '"null"' : printTime(nd), FIELD_IMMUTABLE_ERROR_MSG),
    );
  }
  const ng = n.deletionGracePeriodSeconds ?? null;
  const og = o.deletionGracePeriodSeconds ?? null;
  if (ng !== og) {
    errs.push(invalidAsGo(sub(path, 'deletionGracePeriodSeconds'), ng, ng === null ? '"null"' : String(ng), FIELD_IMMUTABLE_ERROR_MSG));
  }

  errs.push(...validateLabels(n.labels, sub(path, 'labels')));
  errs.push(...validateAnnotations(n.annotations, sub(path, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, sub(path, 'ownerReferences')));
  errs.push(...validateManagedFields(n.managedFields, sub(path, 'managedFields')));
  if (opts.builtin !== false) errs.push(...validateStandardFinalizerNames(n.finalizers, sub(path, 'finalizers')));
  return errs;
}
