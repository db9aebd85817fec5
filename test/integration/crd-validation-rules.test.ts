// CRD validation rules (x-kubernetes-validations, CEL) through the real kubectl 1.33 and 1.27:
// rules at the root, on objects, list items and maps; message, messageExpression, reason and
// fieldPath; transition rules with oldSelf (scalars and map-list items by key); ratcheting of
// unchanged values when a CRD gains a rule; rules on the status subresource; and CRDs whose rules
// do not compile, refused with the rule's path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KUBECTL_VERSIONS, kubectlSession } from '../support/kubectl-session.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { pollUntil } from '../support/poll.js';

type Obj = Record<string, any>;

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.rules.example.com';
const base = '/apis/rules.example.com/v1/namespaces/default/crontabs';

const specRules = [
  { rule: 'self.minReplicas <= self.replicas', message: 'replicas should be greater than or equal to minReplicas' },
  { rule: 'self.replicas <= 10', messageExpression: "'replicas ' + string(self.replicas) + ' is more than 10'" },
  { rule: 'self.mode == oldSelf.mode', message: 'mode is immutable', fieldPath: '.mode', reason: 'FieldValueForbidden' },
  { rule: "!has(self.schedule) || self.schedule.matches('^[0-9*/ ,-]+$')", fieldPath: '.schedule' },
];

function crd(tagsRules: Obj[] = []): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.rules.example.com' },
    spec: {
      group: 'rules.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('ct-')", message: "names start with 'ct-'" }],
              properties: {
                spec: {
                  type: 'object',
                  'x-kubernetes-validations': specRules,
                  properties: {
                    replicas: { type: 'integer' },
                    minReplicas: { type: 'integer' },
                    mode: { type: 'string' },
                    schedule: { type: 'string' },
                    tags: { type: 'array', ...(tagsRules.length ? { 'x-kubernetes-validations': tagsRules } : {}), items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'size(self) <= 5', message: 'tags are at most 5 characters' }] } },
                    ports: {
                      type: 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['name'],
                      items: {
                        type: 'object',
                        required: ['name'],
                        properties: { name: { type: 'string' }, port: { type: 'integer' } },
                        'x-kubernetes-validations': [{ rule: 'self.port >= oldSelf.port', message: 'a port may only grow' }],
                      },
                    },
                    limits: { type: 'object', additionalProperties: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 0', message: 'limits are positive' }] } },
                  },
                },
                status: { type: 'object', properties: { ready: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.ready >= 0', message: 'ready cannot be negative' }] },
              },
            },
          },
        },
      ],
    },
  };
}

const tab = (name: string, spec: Obj) => JSON.stringify({ apiVersion: 'rules.example.com/v1', kind: 'CronTab', metadata: { name }, spec });
const good = { replicas: 3, minReplicas: 1, mode: 'fast', schedule: '*/5 * * * *', tags: ['a'], ports: [{ name: 'http', port: 80 }], limits: { cpu: 2 } };

describe('CRD validation rules (x-kubernetes-validations)', () => {
  before(async () => {
    const r = await request(s, { method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd() });
    assert.equal(r.code, 201, r.body.toString());
    await pollUntil(async () => (await request(s, { path: base })).code === 200, 'the CRD to be served');
  });

  it('refuses objects that break a rule, with each rule\'s message and path (kubectl 1.33 and 1.27)', async () => {
    for (const version of KUBECTL_VERSIONS) {
      const k = kubectlSession(s, version, 'default');
      const err = await k.fail(['create', '-f', '-'], {
        input: tab('bad', { ...good, replicas: 12, minReplicas: 13, schedule: 'every day', tags: ['ok', 'toolong'], limits: { cpu: 0 } }),
      });
      assert.match(err, /The CronTab "bad" is invalid: /);
      for (const part of [
        `<nil>: Invalid value: "object": names start with 'ct-'`,
        'spec: Invalid value: "object": replicas should be greater than or equal to minReplicas',
        'spec: Invalid value: "object": replicas 12 is more than 10',
        "spec.schedule: Invalid value: \"object\": failed rule: !has(self.schedule) || self.schedule.matches('^[0-9*/ ,-]+$')",
        'spec.tags[1]: Invalid value: "string": tags are at most 5 characters',
        'spec.limits[cpu]: Invalid value: "integer": limits are positive',
      ]) {
        assert.ok(err.includes(part), `kubectl ${version}: missing ${part} in:\n${err}`);
      }
      // A transition rule has no old value on create: not evaluated.
      assert.doesNotMatch(err, /mode is immutable/);
      await k.ok(['create', '-f', '-'], { input: tab(`ct-${version.replace('.', '')}`, good) });
    }
    // The Status carries every cause with its field.
    const r = await request(s, { method: 'POST', path: base, body: JSON.parse(tab('ct-x', { ...good, replicas: 0 })) });
    assert.equal(r.code, 422);
    assert.deepEqual(r.json().details.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: "object": replicas should be greater than or equal to minReplicas', field: 'spec' }]);
  });

  it('checks transition rules against the stored object: a scalar and a map-list item by key', async () => {
    const k = kubectlSession(s, '1.33', 'default');
    const patch = (p: Obj) => k.run(['patch', 'crontab', 'ct-133', '--type=merge', '-p', JSON.stringify(p)]);
    const mode = await patch({ spec: { mode: 'slow' } });
    assert.notEqual(mode.code, 0);
    assert.match(mode.stderr, /The CronTab "ct-133" is invalid: spec.mode: Forbidden: mode is immutable/);
    const shrink = await patch({ spec: { ports: [{ name: 'http', port: 79 }] } });
    assert.notEqual(shrink.code, 0);
    assert.match(shrink.stderr, /spec.ports\[0\]: Invalid value: "object": a port may only grow/);
    // A new item has no old self; a grown one passes.
    const grow = await patch({ spec: { ports: [{ name: 'https', port: 1 }, { name: 'http', port: 8080 }] } });
    assert.equal(grow.code, 0, grow.stderr);
    assert.deepEqual((await k.json(['crontab', 'ct-133'])).spec.ports, [{ name: 'https', port: 1 }, { name: 'http', port: 8080 }]);
  });

  it('evaluates rules on status writes', async () => {
    const r = await request(s, { method: 'PATCH', path: `${base}/ct-133/status`, headers: { 'content-type': 'application/merge-patch+json' }, body: { status: { ready: -1 } } });
    assert.equal(r.code, 422, r.body.toString());
    assert.match(r.json().message, /status: Invalid value: "object": ready cannot be negative/);
    const ok = await request(s, { method: 'PATCH', path: `${base}/ct-133/status`, headers: { 'content-type': 'application/merge-patch+json' }, body: { status: { ready: 2 } } });
    assert.equal(ok.code, 200, ok.body.toString());
  });

  it('ratchets: a rule added later fails only writes that change the value it checks', async () => {
    const cur = (await request(s, { path: crdPath })).json();
    const next = crd([{ rule: "self.all(t, t != 'a')", message: "tag 'a' is retired" }]);
    const u = await request(s, { method: 'PUT', path: crdPath, body: { ...cur, spec: next.spec } });
    assert.equal(u.code, 200, u.body.toString());
    const k = kubectlSession(s, '1.27', 'default');
    // ct-127 has tags [a]: while the list is unchanged, a label or a replicas change still goes
    // through (a rule on spec itself would fail them: spec changed).
    await pollUntil(async () => (await k.run(['patch', 'crontab', 'ct-127', '--type=merge', '-p', '{"spec":{"tags":["a","b"]}}'])).code !== 0, 'the new rule');
    await k.ok(['label', 'crontab', 'ct-127', 'team=a']);
    await k.ok(['patch', 'crontab', 'ct-127', '--type=merge', '-p', '{"spec":{"replicas":4}}']);
    const err = await k.fail(['patch', 'crontab', 'ct-127', '--type=merge', '-p', '{"spec":{"tags":["a","b"]}}']);
    assert.match(err, /spec.tags: Invalid value: "array": tag 'a' is retired/);
    const fresh = await k.fail(['create', '-f', '-'], { input: tab('ct-new', good) });
    assert.match(fresh, /tag 'a' is retired/);
  });

  it('refuses a CRD whose rules do not compile, naming the rule', async () => {
    const bad = crd();
    bad.metadata.name = 'brokens.rules.example.com';
    bad.spec.names = { plural: 'brokens', singular: 'broken', kind: 'Broken' };
    const props = bad.spec.versions[0].schema.openAPIV3Schema.properties;
    props.spec['x-kubernetes-validations'] = [{ rule: 'self.replicas >' }, { rule: 'self.replicas.frobnicate()' }, { rule: 'true', messageExpression: "'x' +" }];
    const err = await kubectlSession(s, '1.33', '').fail(['create', '-f', '-'], { input: JSON.stringify(bad) });
    assert.match(err, /The CustomResourceDefinition "brokens.rules.example.com" is invalid: /);
    assert.match(err, /spec.validation.openAPIV3Schema.properties\[spec\].x-kubernetes-validations\[0\].rule: Invalid value: apiextensions.ValidationRule\{Rule:"self.replicas >", Message:"", MessageExpression:"", Reason:\(\*apiextensions.FieldValueErrorReason\)\(nil\), FieldPath:"", OptionalOldSelf:\(\*bool\)\(nil\)\}: compilation failed: ERROR: <input>:1:\d+: Syntax error: /);
    assert.match(err, /x-kubernetes-validations\[1\].rule: Invalid value: .*compilation failed: ERROR: <input>:1:\d+: undeclared reference to 'frobnicate'/);
    assert.match(err, /x-kubernetes-validations\[2\].messageExpression: Invalid value: .*messageExpression compilation failed: ERROR: <input>:1:\d+: Syntax error/);
    assert.equal((await request(s, { path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/brokens.rules.example.com' })).code, 404);
  });
});
