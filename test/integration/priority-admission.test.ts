// The Priority admission plugin through the real kubectl: the system PriorityClasses exist from
// the first start, a pod gets its priority and preemption policy from the class it names (or the
// global default, or 0), and the refusals are upstream's 403s with upstream's messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const pod = (name: string, spec: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

describe('priority admission', () => {
  it('serves the system priority classes from the first start', async () => {
    const k = kubectlSession(s, '1.33', '');
    const out = lines(await k.ok(['get', 'priorityclasses', '--sort-by=.value']));
    assert.match(out[0]!, /^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY$/);
    assert.match(out[1]!, /^system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority$/);
    assert.match(out[2]!, /^system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority$/);
  });

  for (const version of KUBECTL_VERSIONS) {
    const v = version.replace('.', '');
    it(`sets a pod's priority from its class and refuses what upstream refuses (kubectl ${version})`, async () => {
      const ns = `prio-${v}`;
      await createNamespace(s, ns);
      const k = kubectlSession(s, version, ns);
      // No class named and no global default: priority 0.
      await k.ok(['create', '-f', '-'], { input: pod('plain') });
      let got = await k.json(['pod', 'plain']);
      assert.equal(got.spec.priority, 0);
      assert.equal(got.spec.preemptionPolicy, 'PreemptLowerPriority');
      assert.equal(got.spec.priorityClassName, undefined);

      await k.ok(['create', '-f', '-'], { input: priorityClass(`batch-${v}`, 500, { preemptionPolicy: 'Never' }) });
      await k.ok(['create', '-f', '-'], { input: pod('batch', { priorityClassName: `batch-${v}` }) });
      got = await k.json(['pod', 'batch']);
      assert.equal(got.spec.priority, 500);
      assert.equal(got.spec.preemptionPolicy, 'Never');

      await k.ok(['create', '-f', '-'], { input: pod('critical', { priorityClassName: 'system-node-critical' }) });
      assert.equal((await k.json(['pod', 'critical'])).spec.priority, 2000001000);

      let err = await k.fail(['create', '-f', '-'], { input: pod('missing', { priorityClassName: 'no-such-class' }) });
      assert.match(err, /Error from server \(Forbidden\): error when creating "STDIN": pods "missing" is forbidden: no PriorityClass with name no-such-class was found/);
      err = await k.fail(['create', '-f', '-'], { input: pod('own-number', { priorityClassName: `batch-${v}`, priority: 7 }) });
      assert.match(
        err,
        /pods "own-number" is forbidden: the integer value of priority \(7\) must not be provided in pod spec; priority admission controller computed 500 from the given PriorityClass name/,
      );
      err = await k.fail(['create', '-f', '-'], { input: pod('own-policy', { priorityClassName: `batch-${v}`, preemptionPolicy: 'PreemptLowerPriority' }) });
      assert.match(err, /the string value of PreemptionPolicy \(PreemptLowerPriority\) must not be provided in pod spec; priority admission controller computed Never/);
      // Nothing was stored for the refused pods.
      assert.deepEqual(
        (await k.json(['pods'])).items.map((p: any) => p.metadata.name).sort(),
        ['batch', 'critical', 'plain'],
      );
    });
  }

  it('gives pods without a class the global default, and allows only one default', async () => {
    const ns = 'prio-default';
    await createNamespace(s, ns);
    const k = kubectlSession(s, '1.33', ns);
    await k.ok(['create', '-f', '-'], { input: priorityClass('everyday', 1000, { globalDefault: true }) });
    try {
      const err = await k.fail(['create', '-f', '-'], { input: priorityClass('second-default', 10, { globalDefault: true }) });
      assert.match(err, /priorityclasses.scheduling.k8s.io "second-default" is forbidden: PriorityClass everyday is already marked as default. Only one default can exist/);
      // The default itself can still be updated.
      await k.ok(['annotate', 'priorityclass', 'everyday', 'team=infra']);
      await k.ok(['create', '-f', '-'], { input: pod('defaulted') });
      const got = await k.json(['pod', 'defaulted']);
      assert.equal(got.spec.priorityClassName, 'everyday');
      assert.equal(got.spec.priority, 1000);
    } finally {
      await k.ok(['delete', 'priorityclass', 'everyday']);
    }
    // Once the default is gone, new pods get 0 again.
    await k.ok(['create', '-f', '-'], { input: pod('after') });
    assert.equal((await k.json(['pod', 'after'])).spec.priority, 0);
  });
});
