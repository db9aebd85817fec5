// certificates.k8s.io/v1 CertificateSigningRequest — upstream's strategy: the requester is
// recorded from the authenticated user on create, the spec never changes afterwards, status
// changes only through /status (the certificate, Failed conditions) and /approval (Approved and
// Denied conditions), with upstream's validation and messages.
import { certificateChainProblem as certificateProblem } from '../../../pki/certificate-pem.js';
import { duplicate, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../field-errors.js';
import type { KObj, Requester } from '../../resource-info.js';
import { DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1123Label, isDNS1123Subdomain, validatePathSegmentName } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { arr, invalidGo, isNum, isObj, isUpdate, obj, semanticEqual, str, type Obj } from './util.js';

/** Only the v1beta1 API could ask for it; certificates.k8s.io/v1 refuses it on create. */
export const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

/** The key usages a request may name (upstream's KeyUsage constants). */
export const KEY_USAGES: readonly string[] = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];
const KNOWN_USAGES = new Set(KEY_USAGES);

/** Condition types whose status may only be True. */
const TRUE_ONLY_CONDITIONS = new Set(['Approved', 'Denied', 'Failed']);
const ALL_STATUSES = ['False', 'True', 'Unknown'];

export const MIN_EXPIRATION_SECONDS = 600;

/** The bytes of spec.request (base64 in JSON), as Go holds them. */
export function requestBytes(spec: Obj): Buffer {
  return Buffer.from(str(spec.request), 'base64');
}

/** How Go's %#v prints a []byte, which upstream's Invalid value for spec.request shows. */
function goBytes(b: Buffer, present: boolean): string {
  if (!present) return '[]byte(nil)';
  return `[]byte{${[...b].map((x) => `0x${x.toString(16)}`).join(', ')}}`;
}

/** ValidateSignerName: "<domain with at least two labels>/<path of subdomains>", up to 571 characters. */
export function validateSignerName(path: string, signerName: string): FieldError[] {
  if (signerName === '') return [required(path, '')];
  const segments = signerName.split('/');
  if (segments.length !== 2) return [invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const [domain, rest] = segments as [string, string];
  const errs: FieldError[] = [];
  if (domain.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(tooLong(path, domain, DNS1123_SUBDOMAIN_MAX_LENGTH));
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const msgs = isDNS1123Label(label);
    if (msgs.length) {
      for (const m of msgs) errs.push(invalid(path, domain, `validating label ${JSON.stringify(label)}: ${m}`));
      break;
    }
  }
  if (domainLabels.length < 2) errs.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const label of rest.split('.')) {
    const msgs = isDNS1123Subdomain(label);
    if (msgs.length) {
      for (const m of msgs) errs.push(invalid(path, rest, `validating label ${JSON.stringify(label)}: ${m}`));
      break;
    }
  }
  const maxLength = DNS1123_SUBDOMAIN_MAX_LENGTH + (DNS1123_SUBDOMAIN_MAX_LENGTH + DNS1123_LABEL_MAX_LENGTH + 1) + 1;
  if (signerName.length > maxLength) errs.push(tooLong(path, signerName, maxLength));
  return errs;
}

interface ValidationOptions {
  allowSettingApprovalConditions: boolean;
  allowSettingCertificate: boolean;
  /** Tolerated when the stored object already has the problem. */
  allowBothApprovedAndDenied: boolean;
  allowLegacySignerName: boolean;
  allowDuplicateConditionTypes: boolean;
  allowEmptyConditionType: boolean;
  allowArbitraryCertificate: boolean;
  allowUnknownUsages: boolean;
  allowDuplicateUsages: boolean;
}

const conditionsOf = (o: KObj): Obj[] => arr(obj(o.status).conditions).filter(isObj);
const usagesOf = (o: KObj): unknown[] => arr(obj(o.spec).usages);
const certificateOf = (o: KObj): Buffer => Buffer.from(str(obj(o.status).certificate), 'base64');
const hasDuplicates = (xs: unknown[]): boolean => new Set(xs).size !== xs.length;

function optionsFor(o: KObj, old: KObj | undefined): ValidationOptions {
  const oldTypes = old ? conditionsOf(old).map((c) => str(c.type)) : [];
  return {
    allowSettingApprovalConditions: false,
    allowSettingCertificate: false,
    allowBothApprovedAndDenied: oldTypes.includes('Approved') && oldTypes.includes('Denied'),
    allowLegacySignerName: !!old && str(obj(old.spec).signerName) === LEGACY_UNKNOWN_SIGNER,
    allowDuplicateConditionTypes: hasDuplicates(oldTypes),
    allowEmptyConditionType: oldTypes.includes(''),
    allowArbitraryCertificate: !!old && (certificateOf(o).equals(certificateOf(old)) || certificateProblem(certificateOf(old)) !== undefined),
    allowUnknownUsages: !!old && usagesOf(old).some((u) => !KNOWN_USAGES.has(str(u))),
    allowDuplicateUsages: !!old && hasDuplicates(usagesOf(old)),
  };
}

type RequestParsing = typeof import('../../../pki/certificate-request.js');
/** The PKCS#10 parser with its ASN.1 library: loaded on the first write of a request (strategy.load), not at start-up. */
let requestParsing: RequestParsing | undefined;
export async function loadRequestParsing(): Promise<void> {
  requestParsing ??= await import('../../../pki/certificate-request.js');
}

/** Why spec.request is unusable (Go's message), or undefined. */
export function requestProblem(spec: Obj): string | undefined {
  if (!requestParsing) throw new Error('certificate request parsing used before loadRequestParsing()');
  try {
    requestParsing.parseCertificateRequest(requestBytes(spec).toString('latin1'));
    return undefined;
  } catch (e) {
    if (e instanceof requestParsing.CertificateRequestError) return e.message;
    throw e;
  }
}

function validateConditions(o: KObj, opts: ValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditionsOf(o).forEach((c, i) => {
    const path = `status.conditions[${i}]`;
    const type = str(c.type);
    const status = str(c.status);
    if (!opts.allowEmptyConditionType && type === '') errs.push(required(`${path}.type`, ''));
    const allowed = TRUE_ONLY_CONDITIONS.has(type) ? ['True'] : ALL_STATUSES;
    if (status === '') errs.push(required(`${path}.status`, ''));
    else if (!allowed.includes(status)) errs.push(notSupported(`${path}.status`, status, allowed));
    if (!opts.allowBothApprovedAndDenied) {
      if (type === 'Approved') {
        approved = true;
        if (denied) errs.push(invalid(`${path}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
      } else if (type === 'Denied') {
        denied = true;
        if (approved) errs.push(invalid(`${path}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
      }
    }
    if (!opts.allowDuplicateConditionTypes) {
      if (seen.has(type)) errs.push(duplicate(`${path}.type`, type));
      seen.add(type);
    }
  });
  return errs;
}

function validateCSR(o: KObj, opts: ValidationOptions): FieldError[] {
  const spec = obj(o.spec);
  const errs: FieldError[] = [];
  const problem = requestProblem(spec);
  if (problem !== undefined) {
    const present = typeof spec.request === 'string';
    errs.push(invalidGo('spec.request', spec.request ?? null, goBytes(requestBytes(spec), present), problem));
  }
  const usages = arr(spec.usages);
  if (usages.length === 0) errs.push(required('spec.usages', ''));
  if (!opts.allowUnknownUsages) {
    usages.forEach((u, i) => {
      if (!KNOWN_USAGES.has(str(u))) errs.push(notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
    });
  }
  if (!opts.allowDuplicateUsages) {
    const seen = new Set<unknown>();
    usages.forEach((u, i) => {
      if (seen.has(u)) errs.push(duplicate(`spec.usages[${i}]`, u));
      seen.add(u);
    });
  }
  const signerName = str(spec.signerName);
  if (!opts.allowLegacySignerName && signerName === LEGACY_UNKNOWN_SIGNER) {
    errs.push(invalid('spec.signerName', signerName, 'the legacy signerName is not allowed via this API version'));
  } else {
    errs.push(...validateSignerName('spec.signerName', signerName));
  }
  if (isNum(spec.expirationSeconds) && spec.expirationSeconds < MIN_EXPIRATION_SECONDS) {
    errs.push(invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  errs.push(...validateConditions(o, opts));
  if (!opts.allowArbitraryCertificate) {
    const problemCert = certificateProblem(certificateOf(o));
    if (problemCert) errs.push(invalid('status.certificate', '<certificate data>', problemCert));
  }
  return errs;
}

export function validateCertificateSigningRequestCreate(o: KObj): FieldError[] {
  return validateCSR(o, optionsFor(o, undefined));
}

function validateCSRUpdate(o: KObj, old: KObj, opts: ValidationOptions): FieldError[] {
  const errs = validateCSR(o, opts);
  const ofType = (x: KObj, t: string) => conditionsOf(x).filter((c) => str(c.type) === t);
  for (const t of ['Approved', 'Denied', 'Failed']) {
    if (ofType(o, t).length < ofType(old, t).length) errs.push(forbidden('status.conditions', `updates may not remove a condition of type ${JSON.stringify(t)}`));
  }
  if (!opts.allowSettingApprovalConditions) {
    for (const t of ['Approved', 'Denied']) {
      const before = ofType(old, t);
      const after = ofType(o, t);
      if (after.length > before.length) errs.push(forbidden('status.conditions', `updates may not add a condition of type ${JSON.stringify(t)}`));
      else if (after.length === before.length && !semanticEqual(before, after)) {
        errs.push(forbidden('status.conditions', `updates may not modify a condition of type ${JSON.stringify(t)}`));
      }
    }
  }
  if (!certificateOf(o).equals(certificateOf(old))) {
    if (!opts.allowSettingCertificate) errs.push(forbidden('status.certificate', 'updates may not set certificate content'));
    else if (certificateOf(old).length > 0) errs.push(forbidden('status.certificate', 'updates may not modify existing certificate content'));
  }
  return errs;
}

export function validateCertificateSigningRequestUpdate(o: KObj, old: KObj): FieldError[] {
  return validateCSRUpdate(o, old, optionsFor(o, old));
}

export function validateCertificateSigningRequestStatusUpdate(o: KObj, old: KObj): FieldError[] {
  return validateCSRUpdate(o, old, { ...optionsFor(o, old), allowSettingCertificate: true });
}

export function validateCertificateSigningRequestApprovalUpdate(o: KObj, old: KObj): FieldError[] {
  return validateCSRUpdate(o, old, { ...optionsFor(o, old), allowSettingApprovalConditions: true });
}

/** RFC 3339 with seconds, as metav1.Time serialises. */
const nowTime = (): string => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** Fills lastUpdateTime and lastTransitionTime where missing (the latter kept from an old condition of the same type and status). */
function populateConditionTimestamps(o: KObj, old: KObj): void {
  const now = nowTime();
  const before = conditionsOf(old);
  for (const c of conditionsOf(o)) {
    if (!str(c.lastUpdateTime)) c.lastUpdateTime = now;
    if (!str(c.lastTransitionTime)) {
      const same = before.find((b) => str(b.type) === str(c.type) && str(b.status) === str(c.status) && str(b.lastTransitionTime));
      c.lastTransitionTime = same ? same.lastTransitionTime : now;
    }
  }
}

/** A status write keeps the stored Approved and Denied conditions where their number is unchanged. */
function preserveConditionInstances(o: KObj, old: KObj, type: string): void {
  const all = arr(obj(o.status).conditions);
  const newIdx = all.flatMap((c, i) => (isObj(c) && str(c.type) === type ? [i] : []));
  const oldOnes = conditionsOf(old).filter((c) => str(c.type) === type);
  if (newIdx.length !== oldOnes.length) return;
  newIdx.forEach((at, i) => {
    all[at] = structuredClone(oldOnes[i]);
  });
}

function recordRequester(o: KObj, requester: Requester | undefined): void {
  const spec = isObj(o.spec) ? o.spec : (o.spec = {});
  delete spec.username;
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  if (!requester) return;
  if (requester.username) spec.username = requester.username;
  if (requester.uid) spec.uid = requester.uid;
  if (requester.groups.length) spec.groups = [...requester.groups];
  const extra = Object.entries(requester.extra ?? {});
  if (extra.length) spec.extra = Object.fromEntries(extra.map(([k, v]) => [k, [...v]]));
}

export const certificateSigningRequestStrategy: StrategyOverrides = {
  // "We don't care what you call your certificate requests": only what a URL path forbids.
  nameValidator: validatePathSegmentName,
  load: loadRequestParsing,
  prepareForCreate(o, requester) {
    recordRequester(o, requester);
    // No pre-approved requests: the status starts empty.
    o.status = {};
  },
  prepareForUpdate(o, old) {
    if (old.spec === undefined) delete o.spec;
    else o.spec = structuredClone(old.spec);
  },
  validate: (o) => (isUpdate(o) ? [] : validateCertificateSigningRequestCreate(o)),
  validateUpdate: validateCertificateSigningRequestUpdate,
  prepareForStatusUpdate(o, old) {
    preserveConditionInstances(o, old, 'Approved');
    preserveConditionInstances(o, old, 'Denied');
    populateConditionTimestamps(o, old);
  },
  validateStatusUpdate: validateCertificateSigningRequestStatusUpdate,
  approval: {
    prepareForUpdate(o, old) {
      populateConditionTimestamps(o, old);
      const status = isObj(old.status) ? old.status : (old.status = {});
      const conditions = obj(o.status).conditions;
      if (conditions === undefined || conditions === null) delete status.conditions;
      else status.conditions = conditions;
      return old;
    },
    validateUpdate: validateCertificateSigningRequestApprovalUpdate,
  },
  selectableFields: (o) => ({ 'spec.signerName': str(obj(o.spec).signerName) }),
};
