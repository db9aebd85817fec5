// Dynamic admission webhooks through the real kubectl: a real HTTPS webhook (test CA, caBundle)
// that denies, mutates with a JSONPatch and warns; failurePolicy Ignore/Fail against an
// unreachable webhook and a slow one; namespace and object selectors; dry runs and sideEffects;
// a webhook reached through a selector-less Service and its Endpoints; and the configurations'
// own validation and table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { request } from '../support/http.js';
import { pollUntil } from '../support/poll.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { jsonPatchResponse, startWebhookServer, type TestWebhookServer } from '../support/webhook-server.js';

type Obj = Record<string, any>;

let s: TestServer;
let hook: TestWebhookServer;
before(async () => {
  s = await startTestServer();
  hook = await startWebhookServer(['hook-svc.hooks.svc']);
});
after(async () => {
  await hook?.close();
  await s?.close();
});

const cm = (name: string, labels: Record<string, string> = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { k: 'v' } });

interface HookSpec {
  name: string;
  clientConfig: Obj;
  rules?: Obj[];
  extra?: Obj;
}
const cmRules = (operations = ['CREATE', 'UPDATE']) => [{ operations, apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }];
const configuration = (kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration', name: string, hooks: HookSpec[]) =>
  JSON.stringify({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name },
    webhooks: hooks.map((h) => ({ name: h.name, clientConfig: h.clientConfig, rules: h.rules ?? cmRules(), sideEffects: 'None', admissionReviewVersions: ['v1'], ...h.extra })),
  });
const byUrl = (path: string) => ({ url: hook.url(path), caBundle: hook.caBundle });

describe('admission webhooks', () => {

  it('a validating webhook denies, warns and sees the whole AdmissionReview (kubectl 1.33 and 1.27)', async () => {
    const k = kubectlSession(s, '1.33', '');
    hook.handle('/deny', (req) =>
      req.object?.metadata?.labels?.deny === 'yes'
        ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'configmaps labelled deny=yes are refused' } }
        : { allowed: true, warnings: [`checked ${req.name} in ${req.namespace}`] },
    );
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'deny-config', [{ name: 'deny.example.com', clientConfig: byUrl('/deny'), extra: { namespaceSelector: { matchLabels: { 'webhook-deny': 'on' } } } }]) });
    const got = await k.json(['validatingwebhookconfiguration', 'deny-config']);
    const w = got.webhooks[0];
    assert.deepEqual(
      { failurePolicy: w.failurePolicy, matchPolicy: w.matchPolicy, objectSelector: w.objectSelector, timeoutSeconds: w.timeoutSeconds, scope: w.rules[0].scope },
      { failurePolicy: 'Fail', matchPolicy: 'Equivalent', objectSelector: {}, timeoutSeconds: 10, scope: '*' },
    );
    assert.match(lines(await k.ok(['get', 'validatingwebhookconfigurations', 'deny-config']))[1]!, /^deny-config\s+1\s+\S+$/);
    for (const version of KUBECTL_VERSIONS) {
      const ns = `deny-${version.replace('.', '')}`;
      await createNamespace(s, ns);
      await kubectlSession(s, '1.33', '').ok(['label', 'namespace', ns, 'webhook-deny=on']);
      const kv = kubectlSession(s, version, ns);
      const err = await kv.fail(['create', '-f', '-'], { input: cm('bad', { deny: 'yes' }) });
      assert.match(err, /Error from server \(Forbidden\): error when creating "STDIN": admission webhook "deny.example.com" denied the request: configmaps labelled deny=yes are refused/);
      const ok = await kv.run(['create', '-f', '-'], { input: cm('good') });
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, new RegExp(`Warning: checked good in ${ns}`));
      // An update that adds the label is refused too.
      const upd = await kv.fail(['label', 'configmap', 'good', 'deny=yes']);
      assert.match(upd, /admission webhook "deny.example.com" denied the request: configmaps labelled deny=yes are refused/);
      assert.equal((await kv.json(['configmap', 'good'])).metadata.labels?.deny, undefined);
    }
    const reviews = hook.received.get('/deny')!;
    const create = reviews.find((r) => r.request.name === 'good' && r.request.operation === 'CREATE')!;
    assert.equal(create.apiVersion, 'admission.k8s.io/v1');
    const req = create.request;
    assert.match(req.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(req.kind, { group: '', version: 'v1', kind: 'ConfigMap' });
    assert.deepEqual(req.resource, { group: '', version: 'v1', resource: 'configmaps' });
    assert.deepEqual(req.requestKind, req.kind);
    assert.deepEqual(req.requestResource, req.resource);
    assert.equal(req.namespace, 'deny-133');
    assert.equal(req.userInfo.username, 'admin');
    assert.ok(req.userInfo.groups.includes('system:masters'));
    assert.equal(req.dryRun, false);
    assert.equal(req.options.kind, 'CreateOptions');
    assert.equal(req.object.data.k, 'v');
    assert.equal(req.oldObject, null);
    const update = reviews.find((r) => r.request.name === 'good' && r.request.operation === 'UPDATE')!;
    assert.equal(update.request.oldObject.metadata.name, 'good');
    assert.equal(update.request.options.kind, 'UpdateOptions');
    // The namespaceSelector keeps the webhook away from namespaces without the label.
    const before = reviews.length;
    await createNamespace(s, 'deny-off');
    await kubectlSession(s, '1.33', 'deny-off').ok(['create', '-f', '-'], { input: cm('bad', { deny: 'yes' }) });
    assert.equal(hook.received.get('/deny')!.length, before);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'deny-config']);
  });

  it('a mutating webhook adds a label with a JSONPatch, then validating webhooks see the result', async () => {
    await createNamespace(s, 'mutate');
    const k = kubectlSession(s, '1.33', 'mutate');
    hook.handle('/mutate', (req) => (req.namespace === 'mutate' ? jsonPatchResponse([{ op: 'add', path: '/metadata/labels/added-by', value: 'webhook' }]) : { allowed: true }));
    hook.handle('/after-mutate', (req) => ({ allowed: req.object?.metadata?.labels?.['added-by'] === 'webhook' || req.namespace !== 'mutate', status: { message: 'label missing' } }));
    await k.ok(['create', '-f', '-'], { input: configuration('MutatingWebhookConfiguration', 'add-label', [{ name: 'label.example.com', clientConfig: byUrl('/mutate') }]) });
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'check-label', [{ name: 'check.example.com', clientConfig: byUrl('/after-mutate') }]) });
    await k.ok(['create', '-f', '-'], { input: cm('m1', { own: 'x' }) });
    const yaml = await k.ok(['get', 'configmap', 'm1', '-o', 'yaml']);
    assert.match(yaml, /added-by: webhook/);
    assert.match(yaml, /own: x/);
    const mwc = await k.json(['mutatingwebhookconfiguration', 'add-label']);
    assert.equal(mwc.webhooks[0].reinvocationPolicy, 'Never');
    assert.match(lines(await k.ok(['get', 'mutatingwebhookconfigurations']))[0]!, /^NAME\s+WEBHOOKS\s+AGE$/);
    await k.ok(['delete', 'mutatingwebhookconfiguration', 'add-label']);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'check-label']);
  });

  it('mutating webhooks run in configuration-name order, reinvoke IfNeeded, and their result is validated', async () => {
    await createNamespace(s, 'chain');
    const k = kubectlSession(s, '1.33', 'chain');
    const nsOnly = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'chain' } } };
    const order: string[] = [];
    hook.handle('/first', (req) => {
      order.push(`first:${Object.keys(req.object.data ?? {}).sort().join(',')}`);
      return req.object.data?.second && !req.object.data?.['first-again'] ? jsonPatchResponse([{ op: 'add', path: '/data/first-again', value: 'y' }]) : jsonPatchResponse([{ op: 'add', path: '/data/first', value: 'y' }]);
    });
    hook.handle('/second', (req) => {
      order.push(`second:${Object.keys(req.object.data ?? {}).sort().join(',')}`);
      return jsonPatchResponse([{ op: 'add', path: '/data/second', value: 'y' }]);
    });
    // Sorted by configuration name: "a-first" before "b-second", whatever the creation order.
    await k.ok(['create', '-f', '-'], { input: configuration('MutatingWebhookConfiguration', 'b-second', [{ name: 'second.example.com', clientConfig: byUrl('/second'), extra: nsOnly }]) });
    await k.ok(['create', '-f', '-'], { input: configuration('MutatingWebhookConfiguration', 'a-first', [{ name: 'first.example.com', clientConfig: byUrl('/first'), extra: { ...nsOnly, reinvocationPolicy: 'IfNeeded' } }]) });
    await k.ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'chained' }, data: { seed: 'y' } }) });
    assert.deepEqual(order, ['first:seed', 'second:first,seed', 'first:first,second,seed']);
    assert.deepEqual((await k.json(['configmap', 'chained'])).data, { seed: 'y', first: 'y', second: 'y', 'first-again': 'y' });
    await k.ok(['delete', 'mutatingwebhookconfiguration', 'a-first', 'b-second']);
    // A patch that makes the object invalid is refused by the kind's validation.
    hook.handle('/break', () => jsonPatchResponse([{ op: 'add', path: '/data/bad key', value: 'x' }]));
    await k.ok(['create', '-f', '-'], { input: configuration('MutatingWebhookConfiguration', 'breaker', [{ name: 'break.example.com', clientConfig: byUrl('/break'), extra: nsOnly }]) });
    const err = await k.fail(['create', '-f', '-'], { input: cm('broken') });
    assert.match(err, /The ConfigMap "broken" is invalid: data\[bad key\]: Invalid value: "bad key"/);
    await k.ok(['delete', 'mutatingwebhookconfiguration', 'breaker']);
    // Nor may a webhook move the object to another namespace.
    hook.handle('/move', () => jsonPatchResponse([{ op: 'replace', path: '/metadata/namespace', value: 'default' }]));
    await k.ok(['create', '-f', '-'], { input: configuration('MutatingWebhookConfiguration', 'mover', [{ name: 'move.example.com', clientConfig: byUrl('/move'), extra: nsOnly }]) });
    const moved = await k.fail(['create', '-f', '-'], { input: cm('moved') });
    assert.match(moved, /Error from server \(BadRequest\): error when creating "STDIN": the namespace of the provided object does not match the namespace sent on the request/);
    await k.ok(['delete', 'mutatingwebhookconfiguration', 'mover']);
  });

  it('subresource rules: pods/status reaches a webhook that pods does not, and server-side apply is admitted too', async () => {
    await createNamespace(s, 'subres');
    const k = kubectlSession(s, '1.33', 'subres');
    const nsOnly = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'subres' } } };
    hook.handle('/status', (req) => ({ allowed: false, status: { message: `${req.resource.resource}/${req.subResource} is frozen` } }));
    const rules = [{ operations: ['UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/status'] }];
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'status', [{ name: 'status.example.com', clientConfig: byUrl('/status'), rules, extra: nsOnly }]) });
    await k.ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) });
    await k.ok(['label', 'pod', 'p', 'x=y']);
    const err = await k.fail(['patch', 'pod', 'p', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}']);
    assert.match(err, /admission webhook "status.example.com" denied the request: pods\/status is frozen/);
    const review = hook.received.get('/status')!.at(-1)!.request;
    assert.equal(review.subResource, 'status');
    assert.equal(review.requestSubResource, 'status');
    assert.equal(review.kind.kind, 'Pod');
    await k.ok(['delete', 'validatingwebhookconfiguration', 'status']);
    hook.handle('/apply', (req) => ({ allowed: req.object.data?.k !== 'forbidden', status: { message: 'value forbidden' } }));
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'apply', [{ name: 'apply.example.com', clientConfig: byUrl('/apply'), extra: nsOnly }]) });
    const applied = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { k: 'forbidden' } });
    const ssa = await k.fail(['apply', '--server-side', '-f', '-'], { input: applied });
    assert.match(ssa, /admission webhook "apply.example.com" denied the request: value forbidden/);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'apply']);
  });

  it('failurePolicy: Ignore lets the write through, Fail refuses it with upstream\'s error (unreachable and slow webhooks)', async () => {
    await createNamespace(s, 'failing');
    const k = kubectlSession(s, '1.33', 'failing');
    hook.handle('/slow', () => new Promise((resolve) => setTimeout(() => resolve({ allowed: true }), 2500)));
    const unreachable = { url: 'https://127.0.0.1:1/unreachable', caBundle: hook.caBundle };
    const nsOnly = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'failing' } } };
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'ignored', [{ name: 'ignore.example.com', clientConfig: unreachable, extra: { failurePolicy: 'Ignore', ...nsOnly } }]) });
    await k.ok(['create', '-f', '-'], { input: cm('through') });
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'failing', [{ name: 'fail.example.com', clientConfig: unreachable, extra: { ...nsOnly, objectSelector: { matchLabels: { check: 'yes' } } } }]) });
    // The objectSelector keeps unlabelled objects away from the failing webhook.
    await k.ok(['create', '-f', '-'], { input: cm('unchecked') });
    const err = await k.fail(['create', '-f', '-'], { input: cm('checked', { check: 'yes' }) });
    assert.match(err, /Error from server \(InternalError\): error when creating "STDIN": Internal error occurred: failed calling webhook "fail.example.com": failed to call webhook: Post "https:\/\/127.0.0.1:1\/unreachable\?timeout=10s": dial tcp 127.0.0.1:1: connect: connection refused/);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'failing', 'ignored']);
    // Without the caBundle the test CA is not trusted.
    hook.handle('/untrusted', () => ({ allowed: true }));
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'untrusted', [{ name: 'untrusted.example.com', clientConfig: { url: hook.url('/untrusted') }, extra: nsOnly }]) });
    const tls = await k.fail(['create', '-f', '-'], { input: cm('untrusted') });
    assert.match(tls, /failed calling webhook "untrusted.example.com": failed to call webhook: Post "https:\/\/127.0.0.1:\d+\/untrusted\?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    assert.equal(hook.received.get('/untrusted'), undefined);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'untrusted']);
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'slow', [{ name: 'slow.example.com', clientConfig: byUrl('/slow'), extra: { timeoutSeconds: 1, ...nsOnly } }]) });
    const slow = await k.fail(['create', '-f', '-'], { input: cm('late') });
    assert.match(slow, /failed calling webhook "slow.example.com": failed to call webhook: Post "https:\/\/127.0.0.1:\d+\/slow\?timeout=1s": context deadline exceeded/);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'slow']);
  });

  it('dry runs reach webhooks with dryRun set, and a webhook with side effects refuses them', async () => {
    await createNamespace(s, 'dry');
    const k = kubectlSession(s, '1.33', 'dry');
    hook.handle('/dry', () => ({ allowed: true }));
    const nsOnly = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dry' } } };
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'dry', [{ name: 'dry.example.com', clientConfig: byUrl('/dry'), extra: { sideEffects: 'NoneOnDryRun', ...nsOnly } }]) });
    await k.ok(['create', '--dry-run=server', '-f', '-'], { input: cm('d1') });
    const last = hook.received.get('/dry')!.at(-1)!.request;
    assert.equal(last.dryRun, true);
    assert.deepEqual(last.options.dryRun, ['All']);
    assert.equal((await k.run(['get', 'configmap', 'd1'])).code, 1);
    // sideEffects Some is refused by v1 validation; one stored by an older API version still
    // makes every dry run it matches fail, as upstream.
    const invalid = await k.fail(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'effects', [{ name: 'effects.example.com', clientConfig: byUrl('/dry'), extra: { sideEffects: 'Some' } }]) });
    assert.match(invalid, /webhooks\[0\].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"/);
    const store = s.cp.registry.lookup('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations')!;
    const legacy = JSON.parse(configuration('ValidatingWebhookConfiguration', 'effects', [{ name: 'effects.example.com', clientConfig: byUrl('/dry'), extra: { sideEffects: 'Unknown', failurePolicy: 'Fail', ...nsOnly } }]));
    await store.deps.storage.create(store.key('', 'effects'), store.encode(legacy));
    await pollUntil(async () => (await k.run(['create', '--dry-run=server', '-f', '-'], { input: cm('d2') })).code !== 0, 'the dry run to be refused');
    const err = await k.fail(['create', '--dry-run=server', '-f', '-'], { input: cm('d2') });
    assert.match(err, /Error from server \(BadRequest\): error when creating "STDIN": admission webhook "effects.example.com" does not support dry run/);
    await k.ok(['create', '-f', '-'], { input: cm('d3') });
    await k.ok(['delete', 'validatingwebhookconfiguration', 'dry', 'effects']);
  });

  it('a webhook given as a Service is reached through its Endpoints, verified as SERVICE.NAMESPACE.svc', async () => {
    await createNamespace(s, 'hooks');
    const k = kubectlSession(s, '1.33', 'hooks');
    hook.handle('/svc', (req) => ({ allowed: req.operation !== 'DELETE', status: { message: `${req.name} is protected` } }));
    await k.ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'hook-svc' }, spec: { ports: [{ name: 'https', port: 443, targetPort: hook.port }] } }) });
    await k.ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'hook-svc' }, subsets: [{ addresses: [{ ip: hook.hostAddress }], ports: [{ name: 'https', port: hook.port }] }] }) });
    const service = { service: { namespace: 'hooks', name: 'hook-svc', path: '/svc' }, caBundle: hook.caBundle };
    const rules = [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'], scope: 'Namespaced' }];
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'protect', [{ name: 'protect.example.com', clientConfig: service, rules, extra: { objectSelector: { matchLabels: { protected: 'yes' } } } }]) });
    const got = await k.json(['validatingwebhookconfiguration', 'protect']);
    assert.equal(got.webhooks[0].clientConfig.service.port, 443);
    await k.ok(['create', '-f', '-'], { input: cm('keep', { protected: 'yes' }) });
    const err = await k.fail(['delete', 'configmap', 'keep']);
    assert.match(err, /admission webhook "protect.example.com" denied the request: keep is protected/);
    const del = hook.received.get('/svc')!.at(-1)!.request;
    assert.equal(del.operation, 'DELETE');
    assert.equal(del.object, null);
    assert.equal(del.oldObject.metadata.name, 'keep');
    assert.equal(del.options.kind, 'DeleteOptions');
    // A service without endpoints: the failure names it.
    await k.ok(['delete', 'endpoints', 'hook-svc']);
    const gone = await k.fail(['delete', 'configmap', 'keep']);
    assert.match(gone, /failed calling webhook "protect.example.com": failed to call webhook: Post "https:\/\/hook-svc.hooks.svc:443\/svc\?timeout=10s": no endpoints available for service "hook-svc"/);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'protect']);
    await k.ok(['delete', 'configmap', 'keep']);
  });

  it('CONNECT: pods/exec reaches a webhook with the PodExecOptions as its object, before any kubelet is asked', async () => {
    await createNamespace(s, 'connect');
    const k = kubectlSession(s, '1.33', 'connect');
    hook.handle('/connect', (req) => ({ allowed: false, status: { code: 403, reason: 'Forbidden', message: `no ${req.object.command.join(' ')} here` } }));
    const rules = [{ operations: ['CONNECT'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/exec'] }];
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'no-exec', [{ name: 'no-exec.example.com', clientConfig: byUrl('/connect'), rules }]) });
    await k.ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'nowhere', containers: [{ name: 'c', image: 'nginx' }] } }) });
    const r = await request(s, { method: 'POST', path: '/api/v1/namespaces/connect/pods/p/exec?command=ls&command=-l&stdout=true' });
    assert.equal(r.code, 403, r.body.toString());
    assert.equal(r.json().message, 'admission webhook "no-exec.example.com" denied the request: no ls -l here');
    const review = hook.received.get('/connect')!.at(-1)!.request;
    assert.equal(review.operation, 'CONNECT');
    assert.equal(review.subResource, 'exec');
    assert.deepEqual(review.object, { kind: 'PodExecOptions', apiVersion: 'v1', stdin: false, stdout: true, stderr: true, tty: false, container: 'c', command: ['ls', '-l'] });
    assert.equal(review.options, undefined);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'no-exec']);
  });

  it('matchPolicy Equivalent: a webhook for autoscaling/v1 sees a v2 HorizontalPodAutoscaler as v1, and its patch lands; Exact does not match', async () => {
    await createNamespace(s, 'equiv');
    const k = kubectlSession(s, '1.33', 'equiv');
    const nsOnly = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'equiv' } } };
    hook.handle('/hpa-v1', () => jsonPatchResponse([{ op: 'add', path: '/metadata/labels', value: { seen: 'v1' } }]));
    hook.handle('/hpa-exact', () => ({ allowed: false, status: { message: 'exact should not match' } }));
    const rules = [{ operations: ['CREATE'], apiGroups: ['autoscaling'], apiVersions: ['v1'], resources: ['horizontalpodautoscalers'] }];
    await k.ok(['create', '-f', '-'], { input: configuration('MutatingWebhookConfiguration', 'hpa-v1', [{ name: 'hpa-v1.example.com', clientConfig: byUrl('/hpa-v1'), rules, extra: nsOnly }]) });
    await k.ok(['create', '-f', '-'], { input: configuration('ValidatingWebhookConfiguration', 'hpa-exact', [{ name: 'hpa-exact.example.com', clientConfig: byUrl('/hpa-exact'), rules, extra: { ...nsOnly, matchPolicy: 'Exact' } }]) });
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
    };
    await k.ok(['create', '-f', '-'], { input: JSON.stringify(hpa) });
    const review = hook.received.get('/hpa-v1')!.at(-1)!.request;
    assert.deepEqual(review.kind, { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' });
    assert.deepEqual(review.requestKind, { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' });
    assert.deepEqual(review.resource, { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' });
    assert.equal(review.object.apiVersion, 'autoscaling/v1');
    assert.equal(review.object.spec.targetCPUUtilizationPercentage, 70);
    const got = await k.json(['horizontalpodautoscalers.v2.autoscaling', 'web']);
    assert.equal(got.metadata.labels.seen, 'v1');
    assert.equal(got.spec.metrics[0].resource.target.averageUtilization, 70);
    assert.equal(hook.received.get('/hpa-exact'), undefined);
    await k.ok(['delete', 'mutatingwebhookconfiguration', 'hpa-v1']);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'hpa-exact']);
  });

  it('matchConditions: a mutating webhook skips the configmap named skip-me; create and update keep the conditions (conformance)', async () => {
    await createNamespace(s, 'match-mutate');
    const k = kubectlSession(s, '1.33', 'match-mutate');
    hook.handle('/match-mutate', () => jsonPatchResponse([{ op: 'add', path: '/data/mutated', value: 'yes' }]));
    const conditions = [{ name: 'skip-me', expression: "object.metadata.name != 'skip-me'" }];
    await k.ok(['create', '-f', '-'], {
      input: configuration('MutatingWebhookConfiguration', 'match-mutate', [{ name: 'mutate.match.example.com', clientConfig: byUrl('/match-mutate'), extra: { matchConditions: conditions, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'match-mutate' } } } }]),
    });
    const stored = await k.json(['mutatingwebhookconfiguration', 'match-mutate']);
    assert.deepEqual(stored.webhooks[0].matchConditions, conditions);
    await k.ok(['create', '-f', '-'], { input: cm('skip-me') });
    await k.ok(['create', '-f', '-'], { input: cm('other') });
    assert.equal((await k.json(['configmap', 'skip-me'])).data.mutated, undefined);
    assert.equal((await k.json(['configmap', 'other'])).data.mutated, 'yes');
    assert.deepEqual(hook.received.get('/match-mutate')!.map((r) => r.request.name), ['other']);
    // An update of the conditions is stored and read back.
    const updated = [{ name: 'skip-me', expression: "object.metadata.name != 'skip-me'" }, { name: 'only-create', expression: "request.operation == 'CREATE'" }];
    await k.ok(['patch', 'mutatingwebhookconfiguration', 'match-mutate', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/webhooks/0/matchConditions', value: updated }])]);
    assert.deepEqual((await k.json(['mutatingwebhookconfiguration', 'match-mutate'])).webhooks[0].matchConditions, updated);
    const v = JSON.parse(await k.ok(['create', '-f', '-', '-o', 'json'], { input: cm('third') }));
    assert.equal(v.data.mutated, 'yes');
    await k.ok(['delete', 'mutatingwebhookconfiguration', 'match-mutate']);
  });

  it('matchConditions of validating webhooks: request, oldObject and authorizer; errors follow failurePolicy (kubectl 1.33 and 1.27)', async () => {
    await createNamespace(s, 'match-validate');
    const k = kubectlSession(s, '1.33', 'match-validate');
    hook.handle('/match-deny', (req) => ({ allowed: false, status: { message: `denied ${req.operation} of ${req.name}` } }));
    const scoped = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'match-validate' } } };
    const withStrict = (name: string, labels: Record<string, string> = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { strict: 'y', lenient: 'y' } });
    await k.ok(['create', '-f', '-'], { input: withStrict('pre-labelled', { deny: 'yes' }) });
    await k.ok(['create', '-f', '-'], {
      input: configuration('ValidatingWebhookConfiguration', 'match-validate', [
        {
          name: 'deny-labelled.match.example.com',
          clientConfig: byUrl('/match-deny'),
          extra: {
            ...scoped,
            matchConditions: [
              { name: 'admin-only', expression: "request.userInfo.username == 'admin' && 'system:masters' in request.userInfo.groups" },
              { name: 'may-create', expression: "authorizer.requestResource.check('create').allowed() && authorizer.group('apps').resource('deployments').namespace('x').check('get').allowed()" },
              { name: 'not-for-service-accounts', expression: "!authorizer.serviceAccount('default', 'nobody').group('').resource('configmaps').check('create').allowed()" },
              { name: 'labelled', expression: "has(object.metadata.labels) && 'deny' in object.metadata.labels && object.metadata.labels.deny == 'yes'" },
              { name: 'label-added', expression: "oldObject == null || !has(oldObject.metadata.labels) || !('deny' in oldObject.metadata.labels)" },
            ],
          },
        },
        { name: 'fail.match.example.com', clientConfig: byUrl('/match-deny'), extra: { ...scoped, matchConditions: [{ name: 'strict', expression: "object.data.strict == 'x'" }] } },
        { name: 'ignore.match.example.com', clientConfig: byUrl('/match-deny'), extra: { ...scoped, failurePolicy: 'Ignore', matchConditions: [{ name: 'lenient', expression: "object.data.lenient == 'x'" }] } },
      ]),
    });
    for (const version of KUBECTL_VERSIONS) {
      const kv = kubectlSession(s, version, 'match-validate');
      const suffix = version.replace('.', '');
      // Every condition of the first webhook holds: it is called and denies.
      const err = await kv.fail(['create', '-f', '-'], { input: withStrict(`labelled-${suffix}`, { deny: 'yes' }) });
      assert.match(err, new RegExp(`admission webhook "deny-labelled.match.example.com" denied the request: denied CREATE of labelled-${suffix}`));
      // One condition false: not called; the others' conditions are false (strict != 'x') or error and Ignore.
      await kv.ok(['create', '-f', '-'], { input: withStrict(`plain-${suffix}`) });
    }
    const calls = hook.received.get('/match-deny')!.map((r) => r.request.name);
    assert.deepEqual(calls, ['labelled-133', 'labelled-127']);
    // An update adding the label is sent; one of an object that had it already (oldObject) is not.
    assert.match(await k.fail(['label', 'configmap', 'plain-133', 'deny=yes']), /denied UPDATE of plain-133/);
    await k.ok(['annotate', 'configmap', 'pre-labelled', 'a=b']);
    assert.equal(hook.received.get('/match-deny')!.length, 3);
    // A condition that cannot be evaluated: failurePolicy Fail refuses with 403 without calling, Ignore skips.
    const res = await request(s, { method: 'POST', path: '/api/v1/namespaces/match-validate/configmaps', body: cm('no-data-keys') });
    assert.equal(res.code, 403, res.body.toString());
    const status = res.json();
    assert.equal(status.reason, 'Forbidden');
    assert.equal(status.message, "configmaps \"no-data-keys\" is forbidden: expression 'object.data.strict == 'x'' resulted in error: no such key: strict");
    assert.equal(status.details.name, 'no-data-keys');
    assert.equal(status.details.kind, 'configmaps');
    assert.equal(hook.received.get('/match-deny')!.length, 3);
    await k.ok(['delete', 'validatingwebhookconfiguration', 'match-validate']);
  });

  it('refuses invalid configurations with upstream\'s messages, invalid matchConditions included', async () => {
    const k = kubectlSession(s, '1.33', '');
    const bad = JSON.stringify({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'bad' },
      webhooks: [
        { name: 'short', clientConfig: { url: 'http://example.com/x?a=b' }, rules: [{ operations: ['CREATE', '*'], apiGroups: [''], apiVersions: ['v1'], resources: ['*/*', 'pods'] }], timeoutSeconds: 31, admissionReviewVersions: [] },
        { name: 'two.example.com', clientConfig: { url: 'https://example.com', service: { namespace: 'a', name: 'b' } }, sideEffects: 'None', admissionReviewVersions: ['v1'],
          matchConditions: [
            { name: 'c', expression: 'true' },
            { name: 'c', expression: 'object.metadata.name' },
            { name: 'bad name!', expression: '[[' },
            { name: '', expression: ' ' },
            { name: 'u', expression: 'foo == 1' },
            { name: 'f', expression: "request.name.startsWith('a') && size(object.metadata.name) > 1 && unknownFunc(object)" },
          ],
        },
        { name: 'two.example.com', clientConfig: { url: 'https://example.com' }, sideEffects: 'None', admissionReviewVersions: ['v1'] },
      ],
    });
    const err = await k.fail(['create', '-f', '-'], { input: bad });
    for (const want of [
      'webhooks[0].name: Invalid value: "short": should be a domain with at least three segments separated by dots',
      'webhooks[0].rules[0].operations: Invalid value: []string{"CREATE", "*"}: if \'*\' is present, must not specify other operations',
      'webhooks[0].rules[0].resources: Invalid value: []string{"*/*", "pods"}: if \'*/*\' is present, must not specify other resources',
      'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
      'webhooks[0].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
      'webhooks[0].clientConfig.url: Invalid value: "a=b": query parameters are not permitted in the URL',
      'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      'webhooks[1].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[1].matchConditions[1].name: Duplicate value: "c"',
      'webhooks[1].matchConditions[1].expression: Invalid value: "object.metadata.name": must evaluate to bool',
      'webhooks[1].matchConditions[2].expression: Invalid value: "[[": compilation failed: ERROR: <input>:1:3: Syntax error:',
      'webhooks[1].matchConditions[2].name: Invalid value: "bad name!": name part must consist of alphanumeric characters',
      'webhooks[1].matchConditions[3].expression: Required value',
      'webhooks[1].matchConditions[3].name: Required value',
      'webhooks[1].matchConditions[4].expression: Invalid value: "foo == 1": compilation failed: ERROR: <input>:1:1: undeclared reference to \'foo\' (in container \'\')',
      "webhooks[1].matchConditions[5].expression: Invalid value: \"request.name.startsWith('a') && size(object.metadata.name) > 1 && unknownFunc(object)\": compilation failed: ERROR: <input>:1:67: undeclared reference to 'unknownFunc' (in container '')",
      'webhooks[2].name: Duplicate value: "two.example.com"',
    ]) {
      assert.ok(err.includes(want), `missing ${want} in\n${err}`);
    }
    assert.match(err, /The ValidatingWebhookConfiguration "bad" is invalid/);
  });
});

