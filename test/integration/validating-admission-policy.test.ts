// ValidatingAdmissionPolicy and its bindings through the real kubectl: the conformance scenarios
// (the API operations of both kinds, a policy validating Deployments, a policy using variables),
// parameters (by name and by selector, parameterNotFoundAction), the Warn action, reasons and
// their codes, failurePolicy, matchConditions, excludeResourceRules, namespaceObject, Audit and
// auditAnnotations in the audit log, and the kinds' own validation and printed columns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;

/** The audit line of the request that matches (the log is written in batches: waits for it). */
async function auditLine(match: (l: Obj) => boolean): Promise<Obj | undefined> {
  for (let i = 0; i < 100; i++) {
    const found = readFileSync(join(s.dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Obj).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const V1 = 'admissionregistration.k8s.io/v1';
const json = (o: Obj) => JSON.stringify(o);
const deploymentRules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }];
const onlyNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });
const policy = (name: string, spec: Obj) => json({ apiVersion: V1, kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec });
const binding = (name: string, spec: Obj) => json({ apiVersion: V1, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { validationActions: ['Deny'], ...spec } });
const deployment = (name: string, replicas: number, labels: Record<string, string> = {}) =>
  json({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: 'nginx', ...labels } },
    spec: { replicas, selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  });

describe('ValidatingAdmissionPolicy', () => {
  it('serves both kinds with every verb, the status subresource and their columns (conformance: API operations)', async () => {
    const k = kubectlSession(s, '1.33', '');
    const disc = (await request(s, { path: '/apis/admissionregistration.k8s.io/v1' })).json();
    const byName = new Map(disc.resources.map((r: Obj) => [r.name, r]));
    for (const name of ['validatingadmissionpolicies', 'validatingadmissionpolicies/status', 'validatingadmissionpolicybindings']) assert.ok(byName.has(name), name);
    assert.deepEqual([...(byName.get('validatingadmissionpolicies') as Obj).verbs].sort(), ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    for (let i = 1; i <= 3; i++) {
      await k.ok(['create', '-f', '-'], { input: policy(`api-${i}`, { matchConstraints: { resourceRules: deploymentRules }, validations: [{ expression: 'true' }], paramKind: i === 1 ? { apiVersion: 'v1', kind: 'ConfigMap' } : undefined }) });
      await k.ok(['create', '-f', '-'], { input: binding(`api-${i}`, { policyName: `api-${i}`, ...(i === 1 ? { paramRef: { name: 'p', namespace: 'default' } } : {}) }) });
    }
    const got = await k.json(['validatingadmissionpolicy', 'api-1']);
    assert.equal(got.spec.failurePolicy, 'Fail');
    assert.deepEqual(got.spec.matchConstraints, { resourceRules: deploymentRules.map((r) => ({ ...r, scope: '*' })), matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} });
    assert.equal(got.metadata.generation, 1);
    assert.equal((await k.json(['validatingadmissionpolicybinding', 'api-1'])).spec.paramRef.parameterNotFoundAction, 'Deny');
    const table = lines(await k.ok(['get', 'validatingadmissionpolicies']));
    assert.match(table[0]!, /^NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE$/);
    assert.match(table[1]!, /^api-1\s+1\s+v1\/ConfigMap\s+\S+$/);
    assert.match(table[2]!, /^api-2\s+1\s+<unset>\s+\S+$/);
    const bt = lines(await k.ok(['get', 'validatingadmissionpolicybindings']));
    assert.match(bt[0]!, /^NAME\s+POLICYNAME\s+PARAMREF\s+AGE$/);
    assert.match(bt[1]!, /^api-1\s+api-1\s+default\/p\s+\S+$/);
    // patch and update bump the generation; a status update leaves the spec alone.
    await k.ok(['patch', 'validatingadmissionpolicy', 'api-2', '--type=merge', '-p', json({ spec: { validations: [{ expression: 'true' }, { expression: 'object != null' }] } })]);
    assert.equal((await k.json(['validatingadmissionpolicy', 'api-2'])).metadata.generation, 2);
    const status = await request(s, {
      method: 'PATCH',
      path: '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/api-2/status',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Checked', message: '', lastTransitionTime: '2026-12-08T00:00:00Z' }] }, spec: { failurePolicy: 'Ignore' } },
    });
    assert.equal(status.code, 200, status.body.toString());
    const afterStatus = await k.json(['validatingadmissionpolicy', 'api-2']);
    assert.equal(afterStatus.status.conditions[0].reason, 'Checked');
    assert.equal(afterStatus.spec.failurePolicy, 'Fail');
    assert.equal(afterStatus.metadata.generation, 2);
    await k.ok(['label', 'validatingadmissionpolicybinding', 'api-2', 'x=y']);
    assert.equal((await k.json(['validatingadmissionpolicybindings', '-l', 'x=y'])).items.length, 1);
    // deletecollection of both kinds.
    for (const r of ['validatingadmissionpolicies', 'validatingadmissionpolicybindings']) {
      const del = await request(s, { method: 'DELETE', path: `/apis/admissionregistration.k8s.io/v1/${r}` });
      assert.equal(del.code, 200, del.body.toString());
      assert.equal((await request(s, { path: `/apis/admissionregistration.k8s.io/v1/${r}` })).json().items.length, 0);
    }
  });

  it('validates Deployments: a false validation is 422 with the messageExpression; other kinds pass (conformance, kubectl 1.33 and 1.27)', async () => {
    await createNamespace(s, 'vap-deploy');
    const k = kubectlSession(s, '1.33', 'vap-deploy');
    await k.ok(['create', '-f', '-'], {
      input: policy('replicas.policy.example.com', {
        matchConstraints: { resourceRules: deploymentRules, ...onlyNamespace('vap-deploy') },
        validations: [{ expression: 'object.spec.replicas > 1', messageExpression: "'wants replicas > 1, got ' + string(object.spec.replicas)" }],
      }),
    });
    await k.ok(['create', '-f', '-'], { input: binding('replicas.binding.example.com', { policyName: 'replicas.policy.example.com' }) });
    for (const version of KUBECTL_VERSIONS) {
      const kv = kubectlSession(s, version, 'vap-deploy');
      const err = await kv.fail(['create', '-f', '-'], { input: deployment(`marker-${version.replace('.', '')}`, 1) });
      // kubectl prints a 422 by its causes, as it does for upstream's (the cause names no field).
      assert.match(err, /The deployments "marker-1\d\d" is invalid: : ValidatingAdmissionPolicy 'replicas\.policy\.example\.com' with binding 'replicas\.binding\.example\.com' denied request: wants replicas > 1, got 1/);
    }
    const res = await request(s, { method: 'POST', path: '/apis/apps/v1/namespaces/vap-deploy/deployments', body: deployment('raw', 1) });
    assert.equal(res.code, 422);
    const st = res.json();
    assert.equal(st.reason, 'Invalid');
    assert.equal(st.message, "deployments.apps \"raw\" is forbidden: ValidatingAdmissionPolicy 'replicas.policy.example.com' with binding 'replicas.binding.example.com' denied request: wants replicas > 1, got 1");
    assert.deepEqual(st.details, {
      name: 'raw',
      group: 'apps',
      kind: 'deployments',
      causes: [{ message: "ValidatingAdmissionPolicy 'replicas.policy.example.com' with binding 'replicas.binding.example.com' denied request: wants replicas > 1, got 1" }],
    });
    await k.ok(['create', '-f', '-'], { input: deployment('replicated', 2) });
    // An update is checked too (deployments/scale is another resource, which the rules do not name); other kinds and namespaces are not.
    assert.match(await k.fail(['patch', 'deployment', 'replicated', '--type=merge', '-p', json({ spec: { replicas: 1 } })]), /denied request: wants replicas > 1, got 1/);
    await k.ok(['scale', 'deployment', 'replicated', '--replicas=1']);
    await k.ok(['create', '-f', '-'], { input: json({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'non-replicated' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }) });
    await createNamespace(s, 'vap-other');
    await kubectlSession(s, '1.33', 'vap-other').ok(['create', '-f', '-'], { input: deployment('single', 1) });
    await k.ok(['delete', 'validatingadmissionpolicybinding', 'replicas.binding.example.com']);
    await k.ok(['create', '-f', '-'], { input: deployment('after-unbinding', 1) });
    await k.ok(['delete', 'validatingadmissionpolicy', 'replicas.policy.example.com']);
  });

  it('variables are computed in order and read by later variables and validations (conformance)', async () => {
    await createNamespace(s, 'vap-vars');
    const k = kubectlSession(s, '1.33', 'vap-vars');
    await k.ok(['create', '-f', '-'], {
      input: policy('vars', {
        matchConstraints: { resourceRules: deploymentRules, ...onlyNamespace('vap-vars') },
        variables: [
          { name: 'replicas', expression: 'object.spec.replicas' },
          { name: 'oddReplicas', expression: 'variables.replicas % 2 == 1' },
          { name: 'missing', expression: 'object.spec.nope' },
        ],
        validations: [
          { expression: 'variables.replicas > 1', message: 'wants replicas > 1' },
          { expression: 'variables.oddReplicas', message: 'wants an odd number of replicas', reason: 'Forbidden' },
        ],
      }),
    });
    await k.ok(['create', '-f', '-'], { input: binding('vars', { policyName: 'vars' }) });
    await k.ok(['create', '-f', '-'], { input: deployment('three', 3) });
    assert.match(await k.fail(['create', '-f', '-'], { input: deployment('one', 1) }), /The deployments "one" is invalid: : ValidatingAdmissionPolicy 'vars' with binding 'vars' denied request: wants replicas > 1/);
    const even = await request(s, { method: 'POST', path: '/apis/apps/v1/namespaces/vap-vars/deployments', body: deployment('two', 2) });
    assert.equal(even.code, 403);
    assert.equal(even.json().reason, 'Forbidden');
    assert.match(even.json().message, /denied request: wants an odd number of replicas$/);
    // A validation reading a variable that fails to evaluate is an error; failurePolicy Fail denies.
    await k.ok(['patch', 'validatingadmissionpolicy', 'vars', '--type=json', '-p', json([{ op: 'add', path: '/spec/validations/-', value: { expression: 'variables.missing == 1' } }])]);
    assert.match(await k.fail(['create', '-f', '-'], { input: deployment('five', 5) }), /denied request: expression 'object\.spec\.nope' resulted in error: no such key: nope/);
    await k.ok(['patch', 'validatingadmissionpolicy', 'vars', '--type=merge', '-p', json({ spec: { failurePolicy: 'Ignore' } })]);
    await k.ok(['create', '-f', '-'], { input: deployment('five', 5) });
    await k.ok(['delete', 'validatingadmissionpolicybinding', 'vars']);
    await k.ok(['delete', 'validatingadmissionpolicy', 'vars']);
  });

  it('params by name and by selector, parameterNotFoundAction, Warn, matchConditions, excludeResourceRules and namespaceObject', async () => {
    await createNamespace(s, 'vap-params');
    await kubectlSession(s, '1.33', '').ok(['label', 'namespace', 'vap-params', 'tier=gold']);
    const k = kubectlSession(s, '1.33', 'vap-params');
    await k.ok(['create', 'configmap', 'limits', '--from-literal=max=3']);
    await k.ok(['create', 'configmap', 'strict', '--from-literal=max=1']);
    await k.ok(['label', 'configmap', 'strict', 'policy=strict']);
    await k.ok(['create', '-f', '-'], {
      input: policy('max-replicas', {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConstraints: { resourceRules: deploymentRules, ...onlyNamespace('vap-params'), excludeResourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'], resourceNames: ['exempt'] }] },
        matchConditions: [{ name: 'not-skipped', expression: "!('skip' in object.metadata.labels)" }],
        validations: [
          { expression: 'object.spec.replicas <= int(params.data.max)', messageExpression: "'at most ' + params.data.max + ' replicas in ' + namespaceObject.metadata.labels.tier" },
        ],
      }),
    });
    await k.ok(['create', '-f', '-'], { input: binding('by-name', { policyName: 'max-replicas', paramRef: { name: 'limits', namespace: 'vap-params' } }) });
    await k.ok(['create', '-f', '-'], { input: deployment('ok', 3) });
    assert.match(await k.fail(['create', '-f', '-'], { input: deployment('big', 4) }), /binding 'by-name' denied request: at most 3 replicas in gold/);
    await k.ok(['create', '-f', '-'], { input: deployment('big', 4, { skip: 'yes' }) });
    await k.ok(['create', '-f', '-'], { input: deployment('exempt', 9) });
    // By selector, every matching parameter object is checked; none found with Allow passes.
    await k.ok(['create', '-f', '-'], { input: binding('by-selector', { policyName: 'max-replicas', paramRef: { selector: { matchLabels: { policy: 'strict' } }, parameterNotFoundAction: 'Allow' }, validationActions: ['Warn'] }) });
    const warned = await k.run(['create', '-f', '-'], { input: deployment('two', 2) });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /Warning: Validation failed for ValidatingAdmissionPolicy 'max-replicas' with binding 'by-selector': at most 1 replicas in gold/);
    await k.ok(['delete', 'configmap', 'strict']);
    const quiet = await k.run(['create', '-f', '-'], { input: deployment('three', 2) });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /Warning/);
    // A binding's matchResources without resourceRules narrows by its selectors only.
    await k.ok(['delete', 'validatingadmissionpolicybinding', 'by-name']);
    await k.ok(['create', '-f', '-'], { input: binding('labelled-only', { policyName: 'max-replicas', paramRef: { name: 'limits', namespace: 'vap-params' }, matchResources: { objectSelector: { matchLabels: { checked: 'yes' } } } }) });
    await k.ok(['create', '-f', '-'], { input: deployment('unchecked', 5) });
    assert.match(await k.fail(['create', '-f', '-'], { input: deployment('checked', 5, { checked: 'yes' }) }), /binding 'labelled-only' denied request: at most 3 replicas in gold/);
    await k.ok(['delete', 'validatingadmissionpolicybinding', 'labelled-only']);
    // A parameter object that is missing, with Deny (the default): the failure policy refuses.
    await k.ok(['create', '-f', '-'], { input: binding('missing', { policyName: 'max-replicas', paramRef: { name: 'nope', namespace: 'vap-params' } }) });
    assert.match(await k.fail(['create', '-f', '-'], { input: deployment('four', 1) }), /binding 'missing' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction/);
    for (const b of ['by-selector', 'missing']) await k.ok(['delete', 'validatingadmissionpolicybinding', b]);
    await k.ok(['delete', 'validatingadmissionpolicy', 'max-replicas']);
  });

  it('matchPolicy Equivalent: a policy for autoscaling/v1 sees a v2 HorizontalPodAutoscaler as v1; Exact does not match it', async () => {
    await createNamespace(s, 'vap-equiv');
    const k = kubectlSession(s, '1.33', 'vap-equiv');
    const rules = [{ operations: ['CREATE'], apiGroups: ['autoscaling'], apiVersions: ['v1'], resources: ['horizontalpodautoscalers'] }];
    const check = { expression: "request.kind.version == 'v1' && object.spec.targetCPUUtilizationPercentage <= 80", messageExpression: "'at most 80%, got ' + string(object.spec.targetCPUUtilizationPercentage) + ' as ' + object.apiVersion" };
    await k.ok(['create', '-f', '-'], { input: policy('hpa-v1', { matchConstraints: { resourceRules: rules, ...onlyNamespace('vap-equiv') }, validations: [check] }) });
    await k.ok(['create', '-f', '-'], { input: policy('hpa-exact', { matchConstraints: { resourceRules: rules, matchPolicy: 'Exact', ...onlyNamespace('vap-equiv') }, validations: [{ expression: 'false', message: 'exact should not match' }] }) });
    await k.ok(['create', '-f', '-'], { input: binding('hpa-v1', { policyName: 'hpa-v1' }) });
    await k.ok(['create', '-f', '-'], { input: binding('hpa-exact', { policyName: 'hpa-exact' }) });
    const hpa = (name: string, utilization: number) =>
      json({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } }] },
      });
    await k.ok(['create', '-f', '-'], { input: hpa('calm', 70) });
    assert.match(await k.fail(['create', '-f', '-'], { input: hpa('hot', 90) }), /ValidatingAdmissionPolicy 'hpa-v1' with binding 'hpa-v1' denied request: at most 80%, got 90 as autoscaling\/v1/);
    for (const n of ['hpa-v1', 'hpa-exact']) {
      await k.ok(['delete', 'validatingadmissionpolicybinding', n]);
      await k.ok(['delete', 'validatingadmissionpolicy', n]);
    }
  });

  it('Audit actions and auditAnnotations annotate the request\'s audit line', async () => {
    await createNamespace(s, 'vap-audit');
    const k = kubectlSession(s, '1.33', 'vap-audit');
    await k.ok(['create', '-f', '-'], {
      input: policy('audited', {
        matchConstraints: { resourceRules: deploymentRules, ...onlyNamespace('vap-audit') },
        validations: [{ expression: 'true' }, { expression: 'object.spec.replicas > 1', message: 'wants replicas > 1' }],
        auditAnnotations: [
          { key: 'replicas', valueExpression: "'replicas: ' + string(object.spec.replicas)" },
          { key: 'none', valueExpression: 'null' },
        ],
      }),
    });
    await k.ok(['create', '-f', '-'], { input: binding('audited', { policyName: 'audited', validationActions: ['Audit'] }) });
    await k.ok(['create', '-f', '-'], { input: deployment('audited-one', 1) });
    const line = await auditLine((l) => l.verb === 'create' && l.resource === 'deployments' && l.name === 'audited-one');
    assert.ok(line, 'no audit line');
    const annotations = line.annotations as Record<string, string>;
    assert.equal(annotations['audited/replicas'], 'replicas: 1');
    assert.equal(annotations['audited/none'], undefined);
    assert.deepEqual(JSON.parse(annotations['validation.policy.admission.k8s.io/validation_failure']!), [
      { message: 'wants replicas > 1', policy: 'audited', binding: 'audited', expressionIndex: 1, validationActions: ['Audit'] },
    ]);
    await k.ok(['delete', 'validatingadmissionpolicybinding', 'audited']);
    await k.ok(['delete', 'validatingadmissionpolicy', 'audited']);
  });

  it('refuses invalid policies and bindings with upstream\'s messages', async () => {
    const k = kubectlSession(s, '1.33', '');
    const err = await k.fail(['create', '-f', '-'], {
      input: policy('bad', {
        failurePolicy: 'Sometimes',
        matchConstraints: { namespaceSelector: {} },
        variables: [{ name: 'a-b', expression: 'variables.later' }, { name: 'later', expression: '1' }],
        validations: [{ expression: 'object.spec', messageExpression: 'object.metadata.name', message: 'two\nlines', reason: 'Nope' }, { expression: ' ' }],
      }),
    });
    for (const want of [
      'spec.matchConstraints.resourceRules: Required value',
      'spec.failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"',
      'spec.variables[0].name: Invalid value: "a-b": name is not a valid CEL identifier',
      "spec.variables[0].expression: Invalid value: \"variables.later\": compilation failed: ERROR: <input>:1:10: undefined field 'later'",
      'spec.validations[0].expression: Invalid value: "object.spec": must evaluate to bool',
      'spec.validations[0].message: Invalid value: "two\\nlines": message must not contain line breaks',
      'spec.validations[0].reason: Unsupported value: "Nope": supported values: "Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"',
      'spec.validations[0].messageExpression: Invalid value: "object.metadata.name": must evaluate to string',
      'spec.validations[1].expression: Required value: expression is not specified',
    ]) {
      assert.ok(err.includes(want), `missing ${want} in\n${err}`);
    }
    const none = await k.fail(['create', '-f', '-'], { input: policy('empty', { matchConstraints: { resourceRules: deploymentRules } }) });
    assert.match(none, /spec\.validations: Required value: validations or auditAnnotations must contain at least one item/);
    const berr = await k.fail(['create', '-f', '-'], {
      input: json({ apiVersion: V1, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'bad' }, spec: { paramRef: { name: 'a', selector: {}, parameterNotFoundAction: 'Maybe' }, validationActions: ['Deny', 'Warn', 'Deny', 'Shout'] } }),
    });
    for (const want of [
      'spec.policyName: Required value',
      'spec.paramRef.name: Forbidden: name and selector are mutually exclusive',
      'spec.paramRef.parameterNotFoundAction: Unsupported value: "Maybe": supported values: "Allow", "Deny"',
      'spec.validationActions[2]: Duplicate value: "Deny"',
      'spec.validationActions[3]: Unsupported value: "Shout": supported values: "Deny", "Warn", "Audit"',
      'must not contain both Deny and Warn',
    ]) {
      assert.ok(berr.includes(want), `missing ${want} in\n${berr}`);
    }
  });
});
