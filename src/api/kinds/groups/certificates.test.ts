// CertificateSigningRequest strategy: upstream's validation messages, the requester recorded on
// create, the immutable spec, and what the status and approval subresources may change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SAMPLE_CSR_PEM, SAMPLE_CSR_REQUEST } from '../../../../test/fixtures/certificate-request.js';
import { fieldErrorString } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { create, strategyFor, update } from './harness.test.js';

const CSR = 'certificates.k8s.io/v1/certificatesigningrequests';
const strategy = strategyFor(CSR);

const csr = (spec: Record<string, unknown>) => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'jane' },
  spec: { request: SAMPLE_CSR_REQUEST, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec },
});

/** The sample request with one byte of its subject changed: its signature no longer matches. */
function tamperedRequest(): string {
  const body = SAMPLE_CSR_PEM.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
  const der = Buffer.from(body, 'base64');
  const at = der.indexOf(Buffer.from('k-fixture'));
  der[at + 8] = 'f'.charCodeAt(0);
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return Buffer.from(`-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`).toString('base64');
}

const messages = (errs: ReturnType<NonNullable<typeof strategy.validate>>) => errs.map(fieldErrorString);

test('a valid request is accepted; the requester comes from the authenticated user, never from the body', () => {
  const obj = structuredClone(csr({ username: 'mallory', groups: ['system:masters'], uid: 'x', extra: { a: ['b'] } })) as KObj;
  (obj as Record<string, unknown>).status = { conditions: [{ type: 'Approved', status: 'True' }] };
  strategy.prepareForCreate!(obj, { username: 'admin', groups: ['system:masters', 'system:authenticated'] });
  assert.deepEqual(obj.spec, {
    request: SAMPLE_CSR_REQUEST,
    signerName: 'kubernetes.io/kube-apiserver-client',
    usages: ['client auth'],
    username: 'admin',
    groups: ['system:masters', 'system:authenticated'],
  });
  assert.deepEqual(obj.status, {});
  assert.deepEqual(messages(strategy.validate!(obj)), []);
});

test('spec.request must be a PEM CERTIFICATE REQUEST with a good signature', () => {
  assert.deepEqual(create(CSR, csr({ request: Buffer.from('hello\n').toString('base64') })).errors, [
    'spec.request: Invalid value: []byte{0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xa}: PEM block type must be CERTIFICATE REQUEST',
  ]);
  assert.deepEqual(create(CSR, csr({ request: undefined })).errors, ['spec.request: Invalid value: []byte(nil): PEM block type must be CERTIFICATE REQUEST']);
  const wrongType = Buffer.from(SAMPLE_CSR_PEM.replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE')).toString('base64');
  assert.match(create(CSR, csr({ request: wrongType })).errors[0]!, /^spec\.request: Invalid value: \[\]byte\{0x2d, .*\}: PEM block type must be CERTIFICATE REQUEST$/);
  assert.match(create(CSR, csr({ request: tamperedRequest() })).errors[0]!, /^spec\.request: Invalid value: \[\]byte\{.*\}: x509: ECDSA verification failure$/);
});

test('usages: required, known values, no duplicates', () => {
  assert.deepEqual(create(CSR, csr({ usages: [] })).errors, ['spec.usages: Required value']);
  const errs = create(CSR, csr({ usages: ['client auth', 'flying', 'client auth'] })).errors;
  assert.equal(errs.length, 2);
  assert.match(errs[0]!, /^spec\.usages\[1\]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", .*"timestamping"$/);
  assert.equal(errs[1], 'spec.usages[2]: Duplicate value: "client auth"');
});

test('signerName: required, a qualified domain and path; the legacy signer is refused', () => {
  assert.deepEqual(create(CSR, csr({ signerName: '' })).errors, ['spec.signerName: Required value']);
  assert.deepEqual(create(CSR, csr({ signerName: 'example' })).errors, [
    "spec.signerName: Invalid value: \"example\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
  ]);
  assert.deepEqual(create(CSR, csr({ signerName: 'example/signer' })).errors, ['spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots']);
  assert.deepEqual(create(CSR, csr({ signerName: 'Example.com/signer' })).errors, [
    "spec.signerName: Invalid value: \"Example.com\": validating label \"Example\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(create(CSR, csr({ signerName: 'kubernetes.io/legacy-unknown' })).errors, ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version']);
  assert.deepEqual(create(CSR, csr({ signerName: 'example.com/my-signer' })).errors, []);
});

test('expirationSeconds: at least 600', () => {
  assert.deepEqual(create(CSR, csr({ expirationSeconds: 599 })).errors, ['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)']);
  assert.deepEqual(create(CSR, csr({ expirationSeconds: 600 })).errors, []);
});

test('the spec cannot change on update', () => {
  const { obj } = create(CSR, csr({}));
  const next = structuredClone(obj) as Record<string, any>;
  next.spec.usages = ['server auth'];
  next.metadata.labels = { a: 'b' };
  const r = update(CSR, obj, next);
  assert.deepEqual(r.errors, []);
  assert.deepEqual((r.obj.spec as any).usages, ['client auth']);
});

const approved = { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'ok', lastUpdateTime: '2026-01-01T00:00:00Z' };
const denied = { type: 'Denied', status: 'True', reason: 'KubectlDeny', message: 'no', lastUpdateTime: '2026-01-01T00:00:00Z' };

function approval(old: KObj, conditions: unknown[]): string[] {
  const next = strategy.approval!.prepareForUpdate({ ...structuredClone(old), status: { conditions } } as KObj, structuredClone(old));
  return messages(strategy.approval!.validateUpdate(next, old));
}

function statusWrite(old: KObj, status: Record<string, unknown>): { obj: KObj; errors: string[] } {
  const next = { ...structuredClone(old), status } as KObj;
  strategy.prepareForStatusUpdate!(next, old);
  return { obj: next, errors: messages(strategy.validateStatusUpdate!(next, old)) };
}

test('approval conditions: set only through /approval, Approved and Denied exclusive, True only, not removable', () => {
  const { obj } = create(CSR, csr({}));
  assert.deepEqual(approval(obj, [approved]), []);
  const next = strategy.approval!.prepareForUpdate({ ...structuredClone(obj), status: { conditions: [approved], certificate: 'eA==' } } as KObj, structuredClone(obj));
  assert.equal((next.status as any).certificate, undefined, '/approval does not write the certificate');
  assert.match((next.status as any).conditions[0].lastTransitionTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(approval(obj, [approved, denied]), ['status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive']);
  assert.deepEqual(approval(obj, [{ ...approved, status: 'False' }]), ['status.conditions[0].status: Unsupported value: "False": supported values: "True"']);
  assert.deepEqual(approval(obj, [{ ...approved, status: '' }]), ['status.conditions[0].status: Required value']);
  assert.deepEqual(approval(obj, [{ type: '', status: 'True' }]), ['status.conditions[0].type: Required value']);
  assert.deepEqual(approval(obj, [approved, approved]), ['status.conditions[1].type: Duplicate value: "Approved"']);
  const withApproval = { ...structuredClone(obj), status: { conditions: [approved] } } as KObj;
  assert.deepEqual(approval(withApproval, []), ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"']);
  // Through the main resource, approval conditions cannot be added (the registry keeps the stored status there).
  const viaStatus = statusWrite(obj, { conditions: [approved] });
  assert.deepEqual(viaStatus.errors, ['status.conditions: Forbidden: updates may not add a condition of type "Approved"']);
});

test('/status sets the certificate once and keeps the approval conditions', () => {
  const { obj } = create(CSR, csr({}));
  const stored = { ...structuredClone(obj), status: { conditions: [{ ...approved, lastTransitionTime: '2026-01-01T00:00:00Z' }] } } as KObj;
  const notPem = Buffer.from('nope').toString('base64');
  assert.deepEqual(statusWrite(stored, { conditions: (stored.status as any).conditions, certificate: notPem }).errors, [
    'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
  ]);
  const wrongBlock = Buffer.from(SAMPLE_CSR_PEM).toString('base64');
  assert.deepEqual(statusWrite(stored, { conditions: (stored.status as any).conditions, certificate: wrongBlock }).errors, [
    'status.certificate: Invalid value: "<certificate data>": only CERTIFICATE PEM blocks are allowed, found "CERTIFICATE REQUEST"',
  ]);
  // A changed Approved condition sent to /status is replaced by the stored one.
  const kept = statusWrite(stored, { conditions: [{ ...approved, message: 'changed' }] });
  assert.deepEqual(kept.errors, []);
  assert.equal((kept.obj.status as any).conditions[0].message, 'ok');
  const failed = statusWrite(stored, { conditions: [...(stored.status as any).conditions, { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: 'x' }] });
  assert.deepEqual(failed.errors, []);
});

test('the main resource cannot set the certificate', () => {
  const { obj } = create(CSR, csr({}));
  const next = { ...structuredClone(obj), status: { certificate: 'eA==' } } as KObj;
  assert.deepEqual(messages(strategy.validateUpdate!(next, obj)), [
    'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    'status.certificate: Forbidden: updates may not set certificate content',
  ]);
});
