// kubectl rollout and wait with the real kubectl 1.33 and 1.27 against a whole test cluster (API
// server, scheduler, controller manager, simulated nodes): rollout history (--revision), pause /
// resume (and the "already paused" / "not paused" errors), restart, undo; wait
// --for=condition=Available, --for=jsonpath, --for=delete, and the timeout message; describe
// of a rolled-out deployment and its pod (conditions, NewReplicaSet, the controllers' Events).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';

let c: TestCluster;
before(async () => {
  c = await startTestCluster({ nodes: 1 });
});
after(async () => {
  await c?.close();
});

const deployment = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } } },
});

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} rollout and wait`, () => {
    const ns = `roll-${version.replace('.', '-')}`;
    const k = () => kubectlSession(c.s, version, ns);
    const d = () => k().json(['deployment', 'web']);

    before(async () => {
      await c.namespace(ns);
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(deployment('web', 'registry.k8s.io/pause:3.9')) });
    });

    it('wait --for=condition=Available and --for=jsonpath on a deployment, --for=condition=Ready on pods by label', async () => {
      assert.equal(await k().ok(['wait', '--for=condition=Available', 'deployment/web', '--timeout=60s']), 'deployment.apps/web condition met\n');
      assert.equal(await k().ok(['wait', '--for=jsonpath={.status.readyReplicas}=2', 'deployment/web', '--timeout=60s']), 'deployment.apps/web condition met\n');
      const pods = lines(await k().ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s']));
      assert.equal(pods.length, 2, pods.join('\n'));
      for (const l of pods) assert.match(l, /^pod\/web-[a-z0-9]+-[a-z0-9]+ condition met$/);
      const timeout = await k().fail(['wait', '--for=condition=Bogus', 'deployment/web', '--timeout=1s']);
      assert.equal(timeout.trim(), 'error: timed out waiting for the condition on deployments/web');
    });

    it('describe deployment and pod on a live cluster: conditions, NewReplicaSet, controllers\' Events; kubectl events --for', async () => {
      const dep = await k().ok(['describe', 'deployment', 'web']);
      assert.match(dep, /\nConditions:\n {2}Type +Status +Reason\n {2}-+ +-+ +-+\n {2}Available +True +MinimumReplicasAvailable\n {2}Progressing +True +NewReplicaSetAvailable\n/);
      assert.match(dep, /\nOldReplicaSets: +<none>\nNewReplicaSet: +web-[a-z0-9]+ \(2\/2 replicas created\)\n/);
      assert.match(dep, /\n {2}Normal +ScalingReplicaSet +\S+ +deployment-controller +Scaled up replica set web-[a-z0-9]+ to 2\b/);
      const ev = lines(await k().ok(['events', '--for', 'deployment/web'])).map((l) => l.split(/ {2,}/));
      assert.deepEqual(ev[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
      assert.deepEqual(ev.slice(1).map((r) => r.slice(1, 4)), [['Normal', 'ScalingReplicaSet', 'Deployment/web']]);
      const pod = (await k().ok(['get', 'pods', '-l', 'app=web', '-o', 'name'])).split('\n')[0]!;
      const out = await k().ok(['describe', pod]);
      assert.match(out, /\nNode: +sim-node-\d+\/[\d.]+\n/);
      assert.match(out, /\nStatus: +Running\n/);
      assert.match(out, /\nControlled By: +ReplicaSet\/web-[a-z0-9]+\n/);
      assert.match(out, /\n {4}State: +Running\n/);
      assert.match(out, /\n {4}Ready: +True\n/);
      assert.match(out, new RegExp(`\\n {2}Normal +Scheduled +\\S+ +default-scheduler +Successfully assigned ${ns}/${pod.slice(4)} to sim-node-\\d+\\n`));
    });

    it('rollout history lists revisions with their change-cause; --revision shows one template', async () => {
      await k().ok(['set', 'image', 'deployment/web', 'c=registry.k8s.io/pause:3.10']);
      await k().ok(['annotate', 'deployment/web', 'kubernetes.io/change-cause=to 3.10', '--overwrite']);
      await k().ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
      await waitFor('revision 2', async () => (await d()).metadata.annotations?.['deployment.kubernetes.io/revision'] === '2', 30_000);
      const h = lines(await k().ok(['rollout', 'history', 'deployment/web']));
      assert.equal(h[0], 'deployment.apps/web ');
      assert.deepEqual(h[1]!.split(/ {2,}/), ['REVISION', 'CHANGE-CAUSE']);
      assert.deepEqual(h.slice(2).map((l) => l.trim().split(/ {2,}/)), [['1', '<none>'], ['2', 'to 3.10']]);
      const one = await k().ok(['rollout', 'history', 'deployment/web', '--revision=1']);
      assert.match(one, /^deployment\.apps\/web with revision #1\nPod Template:\n {2}Labels:\s+app=web\n\s+pod-template-hash=\w+\n {2}Containers:\n {3}c:\n {4}Image:\s+registry\.k8s\.io\/pause:3\.9\n/);
    });

    it('rollout pause / resume set spec.paused, and say when there is nothing to do', async () => {
      assert.equal(await k().ok(['rollout', 'pause', 'deployment/web']), 'deployment.apps/web paused\n');
      assert.equal((await d()).spec.paused, true);
      const again = await k().fail(['rollout', 'pause', 'deployment/web']);
      assert.equal(again.trim(), 'error: deployments.apps "web" is already paused');
      assert.equal(await k().ok(['rollout', 'resume', 'deployment/web']), 'deployment.apps/web resumed\n');
      assert.equal((await d()).spec.paused, undefined);
      const notPaused = await k().fail(['rollout', 'resume', 'deployment/web']);
      assert.equal(notPaused.trim(), 'error: deployments.apps "web" is not paused');
    });

    it('rollout restart stamps restartedAt; rollout undo goes back to the previous template', async () => {
      assert.equal(await k().ok(['rollout', 'restart', 'deployment/web']), 'deployment.apps/web restarted\n');
      assert.match((await d()).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d{2}-\d{2}T/);
      await k().ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
      assert.equal(await k().ok(['rollout', 'undo', 'deployment/web', '--to-revision=1']), 'deployment.apps/web rolled back\n');
      assert.equal((await d()).spec.template.spec.containers[0].image, 'registry.k8s.io/pause:3.9');
      await k().ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
      const missing = await k().fail(['rollout', 'undo', 'deployment/web', '--to-revision=99']);
      assert.equal(missing.trim(), 'error: unable to find specified revision 99 in history');
    });

    it('wait --for=delete returns once the object is gone', async () => {
      await k().ok(['create', '-f', '-'], { input: JSON.stringify(deployment('gone', 'registry.k8s.io/pause:3.9')) });
      const waiting = k().run(['wait', '--for=delete', 'deployment/gone', '--timeout=60s']);
      await new Promise((r) => setTimeout(r, 300));
      await k().ok(['delete', 'deployment', 'gone', '--wait=false']);
      const r = await waiting;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'deployment.apps/gone condition met\n');
      const already = await k().run(['wait', '--for=delete', 'deployment/gone', '--timeout=5s']);
      assert.equal(already.code, 0, already.stderr);
    });
  });
}
