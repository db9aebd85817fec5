import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConditionCompiler } from './admissionregistration.js';
import { create, update } from './harness.test.js';

const VWC = 'admissionregistration.k8s.io/v1/validatingwebhookconfigurations';
const MWC = 'admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';

const hook = (extra: Record<string, unknown> = {}) => ({
  name: 'a.example.com',
  clientConfig: { url: 'https://example.com/x' },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  ...extra,
});
const config = (kind: string, webhooks: unknown[]) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name: 'c' }, webhooks });
const vwc = (...webhooks: unknown[]) => config('ValidatingWebhookConfiguration', webhooks);
const mwc = (...webhooks: unknown[]) => config('MutatingWebhookConfiguration', webhooks);

test('webhook configurations get upstream defaults', () => {
  const { obj, errors } = create(MWC, mwc(hook({ clientConfig: { service: { namespace: 'n', name: 's' } } })));
  assert.deepEqual(errors, []);
  const w = (obj.webhooks as Record<string, any>[])[0]!;
  assert.equal(w.failurePolicy, 'Fail');
  assert.equal(w.matchPolicy, 'Equivalent');
  assert.deepEqual(w.namespaceSelector, {});
  assert.deepEqual(w.objectSelector, {});
  assert.equal(w.timeoutSeconds, 10);
  assert.equal(w.reinvocationPolicy, 'Never');
  assert.equal(w.rules[0].scope, '*');
  assert.equal(w.clientConfig.service.port, 443);
  const v = (create(VWC, vwc(hook())).obj.webhooks as Record<string, any>[])[0]!;
  assert.equal(v.reinvocationPolicy, undefined);
  assert.equal(create(VWC, vwc(hook())).obj.metadata && (create(VWC, vwc(hook())).obj.metadata as Record<string, unknown>).generation, 1);
});

test('webhook names, side effects, review versions, timeouts and policies', () => {
  const P = 'webhooks[0]';
  assert.deepEqual(create(VWC, vwc(hook({ name: '' }))).errors, [`${P}.name: Required value`]);
  assert.deepEqual(create(VWC, vwc(hook({ name: 'a.b' }))).errors, [`${P}.name: Invalid value: "a.b": should be a domain with at least three segments separated by dots`]);
  assert.match(create(VWC, vwc(hook({ name: 'A_b.c.d' }))).errors[0]!, /^webhooks\[0\]\.name: Invalid value: "A_b.c.d": a lowercase RFC 1123 subdomain/);
  assert.deepEqual(create(VWC, vwc(hook({ sideEffects: undefined }))).errors, [`${P}.sideEffects: Required value: must specify one of None, NoneOnDryRun`]);
  assert.deepEqual(create(VWC, vwc(hook({ sideEffects: 'Some' }))).errors, [`${P}.sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"`]);
  assert.deepEqual(create(VWC, vwc(hook({ admissionReviewVersions: [] }))).errors, [`${P}.admissionReviewVersions: Required value: must specify one of v1, v1beta1`]);
  assert.deepEqual(create(VWC, vwc(hook({ admissionReviewVersions: ['v2'] }))).errors, [`${P}.admissionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1`]);
  assert.deepEqual(create(VWC, vwc(hook({ admissionReviewVersions: ['v1', 'v1'] }))).errors, [`${P}.admissionReviewVersions[1]: Invalid value: "v1": duplicate version`]);
  assert.deepEqual(create(VWC, vwc(hook({ timeoutSeconds: 0 }))).errors, [`${P}.timeoutSeconds: Invalid value: 0: the timeout value must be between 1 and 30 seconds`]);
  assert.deepEqual(create(VWC, vwc(hook({ failurePolicy: 'Maybe' }))).errors, [`${P}.failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"`]);
  assert.deepEqual(create(VWC, vwc(hook({ matchPolicy: 'Loose' }))).errors, [`${P}.matchPolicy: Unsupported value: "Loose": supported values: "Equivalent", "Exact"`]);
  assert.deepEqual(create(MWC, mwc(hook({ reinvocationPolicy: 'Always' }))).errors, [`${P}.reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"`]);
  assert.deepEqual(create(VWC, vwc(hook({ objectSelector: { matchLabels: { 'a b': 'c' } } }))).errors.length, 1);
  assert.deepEqual(create(VWC, vwc(hook(), hook())).errors, ['webhooks[1].name: Duplicate value: "a.example.com"']);
});

test('client configuration: exactly one of url and service, https URLs, service ports and paths', () => {
  const P = 'webhooks[0].clientConfig';
  assert.deepEqual(create(VWC, vwc(hook({ clientConfig: {} }))).errors, [`${P}: Required value: exactly one of url or service is required`]);
  assert.deepEqual(create(VWC, vwc(hook({ clientConfig: { url: 'https://a', service: { namespace: 'n', name: 's' } } }))).errors, [`${P}: Required value: exactly one of url or service is required`]);
  assert.deepEqual(create(VWC, vwc(hook({ clientConfig: { url: 'https://u:p@example.com/x#f' } }))).errors, [
    `${P}.url: Invalid value: "u:p": user information is not permitted in the URL`,
    `${P}.url: Invalid value: "f": fragments are not permitted in the URL`,
  ]);
  assert.deepEqual(create(VWC, vwc(hook({ clientConfig: { service: { namespace: 'n', name: 's', port: 0 } } }))).errors, [
    `${P}.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive`,
  ]);
  assert.deepEqual(create(VWC, vwc(hook({ clientConfig: { service: { namespace: '', name: 's', path: 'x' } } }))).errors, [
    `${P}.service.namespace: Required value: service namespace is required`,
    `${P}.service.path: Invalid value: "x": must start with a '/'`,
    // Upstream drops the first character whatever it is, so the one segment is empty.
    `${P}.service.path: Invalid value: "x": segment[0] may not be empty`,
  ]);
});

test('rules: operations, groups, versions, resources with subresources, scope', () => {
  const R = 'webhooks[0].rules[0]';
  const rule = (r: Record<string, unknown>) => hook({ rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], ...r }] });
  assert.deepEqual(create(VWC, vwc(rule({ operations: [] }))).errors, [`${R}.operations: Required value`]);
  assert.deepEqual(create(VWC, vwc(rule({ operations: ['READ'] }))).errors, [`${R}.operations[0]: Unsupported value: "READ": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"`]);
  assert.deepEqual(create(VWC, vwc(rule({ apiGroups: ['*', 'apps'] }))).errors, [`${R}.apiGroups: Invalid value: []string{"*", "apps"}: if '*' is present, must not specify other API groups`]);
  assert.deepEqual(create(VWC, vwc(rule({ apiVersions: [''] }))).errors, [`${R}.apiVersions[0]: Required value`]);
  assert.deepEqual(create(VWC, vwc(rule({ resources: [] }))).errors, [`${R}.resources: Required value`]);
  assert.deepEqual(create(VWC, vwc(rule({ resources: ['*', 'pods'] }))).errors, [`${R}.resources: Invalid value: []string{"*", "pods"}: if '*' is present, must not specify other resources without subresources`]);
  assert.deepEqual(create(VWC, vwc(rule({ resources: ['pods/*', 'pods/status'] }))).errors, [`${R}.resources[1]: Invalid value: "pods/status": if 'pods/*' is present, must not specify pods/status`]);
  assert.deepEqual(create(VWC, vwc(rule({ resources: ['*/status', 'pods/status'] }))).errors, [`${R}.resources[1]: Invalid value: "pods/status": if '*/status' is present, must not specify pods/status`]);
  assert.deepEqual(create(VWC, vwc(rule({ resources: ['*', '*/status', 'pods/log'] }))).errors, []);
  assert.deepEqual(create(VWC, vwc(rule({ scope: 'Everywhere' }))).errors, [`${R}.scope: Unsupported value: "Everywhere": supported values: "*", "Cluster", "Namespaced"`]);
});

test('matchConditions: at most 64, names qualified and unique, expressions compiling to a bool', async () => {
  await loadConditionCompiler();
  assert.deepEqual(create(VWC, vwc(hook({ matchConditions: [{ name: 'x', expression: "object.metadata.name != 'a'" }] }))).errors, []);
  const many = Array.from({ length: 65 }, (_, i) => ({ name: `c${i}`, expression: 'true' }));
  assert.deepEqual(create(VWC, vwc(hook({ matchConditions: many }))).errors, ['webhooks[0].matchConditions: Too many: 65: must have at most 64 items']);
  assert.deepEqual(create(MWC, mwc(hook({ matchConditions: [{ name: 'x', expression: 'request.kind' }, { name: 'x', expression: 'true' }] }))).errors, [
    'webhooks[0].matchConditions[0].expression: Invalid value: "request.kind": must evaluate to bool',
    'webhooks[0].matchConditions[1].name: Duplicate value: "x"',
  ]);
});

test('updates keep accepting what the stored configuration already had', () => {
  const stored = create(VWC, vwc(hook())).obj;
  const legacy = structuredClone(stored) as Record<string, any>;
  legacy.webhooks[0].sideEffects = 'Unknown';
  legacy.webhooks.push({ ...legacy.webhooks[0] });
  const kept = update(VWC, legacy, structuredClone(legacy));
  assert.deepEqual(kept.errors, []);
  const fresh = update(VWC, stored, structuredClone(legacy));
  assert.deepEqual(fresh.errors, [
    'webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
    'webhooks[1].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
    'webhooks[1].name: Duplicate value: "a.example.com"',
  ]);
});
