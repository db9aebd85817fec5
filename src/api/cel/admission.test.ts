import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CelInput } from '@bufbuild/cel';
import { AdmissionCel, authorizerValue, queryKey, type AuthzAnswer } from './admission.js';
import { jsonToCel } from './json.js';

const cel = new AdmissionCel();

const invalid = (e: string) => {
  const c = cel.compileCondition(e);
  return 'invalid' in c ? c.invalid : undefined;
};

test('conditions must compile to a bool', () => {
  for (const ok of ["object.metadata.name != 'skip-me'", 'request.dryRun', "has(object.metadata.labels) && 'a' in object.metadata.labels", 'object.spec.replicas > 1 ? true : false', "request.userInfo.groups.exists(g, g == 'system:masters')", "authorizer.requestResource.check('get').allowed()", "object.metadata.name.startsWith('a')", 'oldObject == null']) {
    assert.equal(invalid(ok), undefined, ok);
  }
  for (const e of ['object.metadata.name', "'x'", '1 + 2', 'object.spec', '[true]', "request.name"]) assert.equal(invalid(e), 'must evaluate to bool', e);
  assert.match(invalid('self.x == 1')!, /^compilation failed: ERROR: <input>:1:1: undeclared reference to 'self' \(in container ''\)/);
  assert.match(invalid('request.nope == 1')!, /^compilation failed: ERROR: <input>:1:8: undefined field 'nope'/);
  assert.match(invalid('authorizer.nope')!, /undefined field 'nope'/);
  assert.match(invalid("object.x.quantity('1')")!, /undeclared reference to 'quantity'/);
});

const vars = (object: unknown, groups = ['system:authenticated']): Record<string, CelInput> => ({
  object: jsonToCel(object),
  oldObject: null,
  request: jsonToCel({ name: 'n', namespace: 'ns', operation: 'CREATE', userInfo: { username: 'u', groups }, dryRun: false }),
  authorizer: authorizerValue(undefined, { group: 'apps', resource: 'deployments', subresource: '', namespace: 'ns', name: 'n' }),
});

/** Evaluates as the admission plugin does: answering the checks an evaluation waits for, then again. */
function run(expression: string, object: unknown, decide: (q: Parameters<typeof queryKey>[0]) => AuthzAnswer) {
  const c = cel.compileCondition(expression);
  if ('invalid' in c) throw new Error(c.invalid);
  const answers = new Map<string, AuthzAnswer>();
  const asked: string[] = [];
  for (let round = 0; round < 5; round++) {
    const r = cel.evaluate(c, vars(object), answers);
    if (!('pending' in r)) return { r, asked };
    for (const q of r.pending) {
      asked.push(queryKey(q));
      answers.set(queryKey(q), decide(q));
    }
  }
  throw new Error('did not settle');
}

test('authorizer checks are asked for, answered, and evaluated again', () => {
  const allowApps = (q: Parameters<typeof queryKey>[0]): AuthzAnswer => (q.group === 'apps' && !q.serviceAccount ? { decision: 'allow', reason: 'apps ok' } : { decision: 'noOpinion', reason: 'no' });
  const a = run("authorizer.requestResource.check('create').allowed() && authorizer.requestResource.check('create').reason() == 'apps ok'", {}, allowApps);
  assert.deepEqual(a.r, { value: true });
  assert.deepEqual(a.asked, [queryKey({ verb: 'create', group: 'apps', resource: 'deployments', subresource: '', namespace: 'ns', name: 'n' })]);
  const b = run("authorizer.group('').resource('pods').subresource('log').namespace('x').name('p').check('get').allowed() || authorizer.path('/healthz').check('get').allowed()", {}, allowApps);
  assert.deepEqual(b.r, { value: false });
  assert.equal(b.asked.length, 2);
  const sa = run("authorizer.serviceAccount('kube-system', 'x').group('apps').resource('deployments').check('list').allowed()", {}, allowApps);
  assert.deepEqual(sa.r, { value: false });
  assert.match(sa.asked[0]!, /kube-system\/x/);
  const err = run("authorizer.group('apps').resource('x').check('get').errored() || object.missing == 1", {}, () => ({ decision: 'noOpinion', reason: '', error: '' }));
  assert.deepEqual(err.r, { error: 'no such key: missing' });
});

test('fuzz: mutated conditions never throw; they compile to a reason or evaluate to a value or an error', () => {
  let seed = 11;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const seeds = ["object.metadata.name != 'skip-me'", "authorizer.group('apps').resource('d').check('get').allowed()", "request.userInfo.groups.exists(g, g == 'x') && has(object.data)", "size(object.data) > 1 ? request.dryRun : oldObject == null"];
  const chars = "().,[]{}'\"!&|<>=+-*/%?: abcgxyz019_\\";
  const objects = [{ metadata: { name: 'a' }, data: { k: 'v' } }, {}, { metadata: 5 }, null];
  for (let i = 0; i < 300; i++) {
    let e = seeds[rand(seeds.length)]!;
    for (let j = rand(4); j > 0; j--) {
      const at = rand(e.length + 1);
      e = rand(2) ? e.slice(0, at) + chars[rand(chars.length)] + e.slice(at) : e.slice(0, at) + e.slice(at + 1);
    }
    const c = cel.compileCondition(e);
    if ('invalid' in c) {
      assert.ok(c.invalid === 'must evaluate to bool' || c.invalid.startsWith('compilation failed: ERROR: <input>:'), `${e}: ${c.invalid}`);
      continue;
    }
    const r = run(e, objects[rand(objects.length)], () => ({ decision: rand(2) ? 'allow' : 'deny', reason: 'r' })).r;
    assert.ok('value' in r || ('error' in r && typeof r.error === 'string'), e);
  }
});
