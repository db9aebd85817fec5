import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deniedError, dryRunUnsupported } from './dispatcher.js';
import { parseReviewResponse, reviewVersionOf } from './review.js';

test('a refusal becomes upstream\'s Status: the webhook\'s code and reason, its message prefixed', () => {
  const e = deniedError('deny.example.com', { code: 403, reason: 'Forbidden', message: 'no' });
  assert.equal(e.code, 403);
  assert.equal(e.reason, 'Forbidden');
  assert.equal(e.message, 'admission webhook "deny.example.com" denied the request: no');
  const bare = deniedError('deny.example.com', undefined);
  assert.equal(bare.code, 400);
  assert.equal(bare.message, 'admission webhook "deny.example.com" denied the request without explanation');
  assert.equal(deniedError('d.example.com', { code: 200, reason: 'Because' }).message, 'admission webhook "d.example.com" denied the request: Because');
  assert.equal(deniedError('d.example.com', { code: 200 }).code, 400);
  const dry = dryRunUnsupported('x.example.com');
  assert.equal(dry.code, 400);
  assert.equal(dry.message, 'admission webhook "x.example.com" does not support dry run');
});

test('responses are checked as upstream checks them', () => {
  const ok = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u1', allowed: true, warnings: ['w'] } };
  assert.deepEqual(parseReviewResponse(ok, 'v1', 'u1'), { allowed: true, status: undefined, patch: undefined, warnings: ['w'] });
  assert.equal(parseReviewResponse({ ...ok, response: { ...ok.response, uid: 'u2' } }, 'v1', 'u1'), 'expected response.uid="u1", got "u2"');
  assert.equal(parseReviewResponse({ ...ok, apiVersion: 'admission.k8s.io/v1beta1' }, 'v1', 'u1'), 'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview');
  assert.equal(parseReviewResponse({ ...ok, response: { ...ok.response, patch: 'W10=' } }, 'v1', 'u1'), 'webhook returned response.patch but not response.patchType');
  const patched = parseReviewResponse({ ...ok, response: { ...ok.response, patch: 'W10=', patchType: 'JSONPatch' } }, 'v1', 'u1');
  assert.ok(typeof patched !== 'string' && patched.patch?.toString() === '[]');
  assert.equal(reviewVersionOf({ admissionReviewVersions: ['v2', 'v1beta1', 'v1'] }), 'v1beta1');
});
