// managedFields of a create record what the client's object holds after defaulting, not the
// fields the server sets on create (a Namespace's `kubernetes` finalizer, a Job's generated
// selector, a Pod's starting status), as upstream records them before the registry's create.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectlSession, type KubectlSession } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;
// kubectl leaves managedFields out of its output unless asked.
const getWithFields = async (k: KubectlSession, what: string[]) => JSON.parse(await k.ok(['get', ...what, '-o', 'json', '--show-managed-fields']));
const fieldsOf = (o: Obj) => {
  assert.equal(o.metadata.managedFields.length, 1, JSON.stringify(o.metadata.managedFields));
  return o.metadata.managedFields[0].fieldsV1;
};

describe('managedFields of a create', () => {
  let s: TestServer;
  let k: KubectlSession;
  before(async () => {
    s = await startTestServer();
    k = kubectlSession(s, '1.33', '');
  });
  after(() => s?.close());

  it('a Namespace: the defaulted name label, not the finalizer or the status', async () => {
    await k.ok(['create', 'namespace', 'mf-create']);
    const ns = await getWithFields(k, ['namespace', 'mf-create']);
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    assert.equal(ns.status.phase, 'Active');
    assert.deepEqual(fieldsOf(ns), { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } } });
  });

  it('a Job: its defaults, not the generated selector or its pod labels', async () => {
    await k.ok(['-n', 'mf-create', 'create', 'job', 'j', '--image=busybox']);
    const job = await getWithFields(k, ['-n', 'mf-create', 'job', 'j']);
    // The server still generated them.
    assert.equal(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'], job.metadata.uid);
    assert.equal(job.metadata.labels['batch.kubernetes.io/job-name'], 'j');
    const f = fieldsOf(job);
    assert.equal(f['f:metadata'], undefined, JSON.stringify(f));
    assert.deepEqual(Object.keys(f['f:spec']).sort(), ['f:backoffLimit', 'f:completionMode', 'f:completions', 'f:manualSelector', 'f:parallelism', 'f:podReplacementPolicy', 'f:suspend', 'f:template']);
    assert.equal(f['f:spec']['f:template']['f:metadata'], undefined);
  });

  it('a Pod: the defaulted spec, not the status the server starts it with', async () => {
    await k.ok(['-n', 'mf-create', 'run', 'p', '--image=busybox']);
    const pod = await getWithFields(k, ['-n', 'mf-create', 'pod', 'p']);
    assert.equal(pod.status.phase, 'Pending');
    const f = fieldsOf(pod);
    assert.equal(f['f:status'], undefined);
    assert.ok(f['f:spec']['f:containers']['k:{"name":"p"}']['f:terminationMessagePath'], JSON.stringify(f));
  });
});
