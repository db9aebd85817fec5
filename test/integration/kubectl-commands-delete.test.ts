// kubectl delete with the real kubectl 1.33 and 1.27: by name (and NotFound, --ignore-not-found),
// -f, -l, --all, --grace-period on a bound pod (Terminating), --force --grace-period=0, --wait
// (returns only once the object is gone), and --cascade=orphan|foreground|background on the
// object side (the finalizer the server records; the garbage collector acts on it elsewhere).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../support/cluster.js';
import { request } from '../support/http.js';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });
/** A pod already bound to a node that no kubelet serves: deletes stay graceful until confirmed. */
const boundPod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'ghost-node', containers: [{ name: 'c', image: 'busybox' }] } });
const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});
const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} delete`, () => {
    const ns = `del-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);
    const create = (...items: unknown[]) => k().ok(['create', '-f', '-'], { input: list(items) });
    const names = async (what: string) => (await k().ok(['get', what, '-o', 'name'])).trim().split('\n').filter(Boolean);

    before(async () => {
      await createNamespace(s, ns);
    });

    it('by name; a missing name is NotFound; --ignore-not-found is quiet', async () => {
      await create(cm('one'), cm('two'));
      assert.deepEqual(lines(await k().ok(['delete', 'configmap', 'one', 'two'])), ['configmap "one" deleted', 'configmap "two" deleted']);
      const err = await k().fail(['delete', 'configmap', 'one']);
      assert.equal(err.trim(), 'Error from server (NotFound): configmaps "one" not found');
      const quiet = await k().run(['delete', 'configmap', 'one', '--ignore-not-found']);
      assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, '', '']);
    });

    it('-f FILE deletes what the file names', async () => {
      const f = join(s.dir, `del-${version}.json`);
      writeFileSync(f, list([cm('f1'), cm('f2')]));
      await k().ok(['create', '-f', f]);
      assert.deepEqual(lines(await k().ok(['delete', '-f', f])), ['configmap "f1" deleted', 'configmap "f2" deleted']);
      assert.deepEqual(await names('cm'), []);
    });

    it('-l deletes only the matching objects; --all deletes the rest of the namespace', async () => {
      await create(cm('l1', { group: 'x' }), cm('l2', { group: 'x' }), cm('l3', { group: 'y' }));
      assert.deepEqual(lines(await k().ok(['delete', 'cm', '-l', 'group=x'])), ['configmap "l1" deleted', 'configmap "l2" deleted']);
      assert.deepEqual(await names('cm'), ['configmap/l3']);
      await create(cm('l4'));
      assert.deepEqual(lines(await k().ok(['delete', 'cm', '--all'])), ['configmap "l3" deleted', 'configmap "l4" deleted']);
      const none = await k().run(['delete', 'cm', '--all']);
      assert.equal(none.code, 0);
      assert.equal(none.stdout.trim(), 'No resources found');
    });

    it('--grace-period on a bound pod leaves it Terminating; --force --grace-period=0 removes it', async () => {
      await create(boundPod('slow'));
      assert.equal(await k().ok(['delete', 'pod', 'slow', '--grace-period=45', '--wait=false']), 'pod "slow" deleted\n');
      const p = await k().json(['pod', 'slow']);
      assert.equal(p.metadata.deletionGracePeriodSeconds, 45);
      assert.match(p.metadata.deletionTimestamp, /^\d{4}-/);
      const row = lines(await k().ok(['get', 'pod', 'slow']))[1]!.split(/ {2,}/);
      assert.equal(row[2], 'Terminating');
      const forced = await k().run(['delete', 'pod', 'slow', '--force', '--grace-period=0']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(forced.stdout, 'pod "slow" force deleted\n');
      assert.equal(forced.stderr.trim(), 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
      assert.deepEqual(await names('pods'), []);
    });

    it('--wait returns only once the object is gone (here when the "node" confirms with grace 0)', async () => {
      await create(boundPod('waited'));
      let done = false;
      const del = k().run(['delete', 'pod', 'waited', '--grace-period=60', '--wait', '--timeout=40s']).finally(() => (done = true));
      await waitFor('the pod to be terminating', async () => (await k().json(['pod', 'waited'])).metadata.deletionTimestamp, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(done, false, 'kubectl delete --wait returned while the pod still existed');
      const confirm = await request(s, { method: 'DELETE', path: `/api/v1/namespaces/${ns}/pods/waited`, body: { gracePeriodSeconds: 0 } });
      assert.equal(confirm.code, 200, confirm.body.toString());
      const r = await del;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'pod "waited" deleted\n');
    });

    it('--cascade=orphan / foreground record their finalizer; background deletes at once', async () => {
      await create(deployment('orphan'), deployment('fg'), deployment('bg'));
      assert.equal(await k().ok(['delete', 'deployment', 'orphan', '--cascade=orphan', '--wait=false']), 'deployment.apps "orphan" deleted\n');
      const o = await k().json(['deployment', 'orphan']);
      assert.deepEqual(o.metadata.finalizers, ['orphan']);
      assert.match(o.metadata.deletionTimestamp, /^\d{4}-/);
      assert.equal(await k().ok(['delete', 'deployment', 'fg', '--cascade=foreground', '--wait=false']), 'deployment.apps "fg" deleted\n');
      assert.deepEqual((await k().json(['deployment', 'fg'])).metadata.finalizers, ['foregroundDeletion']);
      assert.equal(await k().ok(['delete', 'deployment', 'bg', '--cascade=background']), 'deployment.apps "bg" deleted\n');
      const gone = await k().fail(['get', 'deployment', 'bg']);
      assert.equal(gone.trim(), 'Error from server (NotFound): deployments.apps "bg" not found');
      const bad = await k().fail(['delete', 'deployment', 'fg', '--cascade=sideways']);
      assert.match(bad, /^error: invalid cascade value \(sideways\)\. Must be "background", "foreground", or "orphan"/);
    });
  });
}
