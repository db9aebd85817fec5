// Helm 4 (client-go 1.35) against a one-node simulated cluster: install --wait, list, upgrade
// --wait, history, rollback --wait, status, uninstall --wait of a small chart of our own
// (test/fixtures/charts/web). Releases are Secrets of type helm.sh/release.v1, as upstream stores
// them. --wait watches the release's objects with client-go reflectors, which first ask for a
// watch with sendInitialEvents; k8ts refuses that as 1.33 does, and the reflectors fall back to a
// list and a watch (before, they waited forever for an initial-events bookmark).
// The helm binary comes from scripts/fetch-helm.sh (run by `npm test`), or K8TS_HELM.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { kubectlSession, lines } from '../support/kubectl-session.js';
import { runKubectl } from '../support/test-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HELM = process.env.K8TS_HELM ?? join(ROOT, '.cache/helm/helm');
const CHART = join(ROOT, 'test/fixtures/charts/web');
const NS = 'helm-test';

describe('helm install, list, upgrade, rollback and uninstall', () => {
  let c: TestCluster;
  let home: string;

  // runKubectl runs any client binary: exit code, stdout and stderr.
  const helm = (args: string[]) =>
    runKubectl(HELM, [...args, '-n', NS], {
      env: { HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'), KUBECONFIG: c.s.kubeconfig },
      timeoutMs: 120_000,
    });
  const ok = async (args: string[]): Promise<string> => {
    const r = await helm(args);
    assert.equal(r.code, 0, `helm ${args.join(' ')}:\n${r.stderr}\n${r.stdout}`);
    // A reflector stuck on the watch-list path warns about a missing bookmark every 10 s.
    assert.doesNotMatch(r.stderr, /bookmark/, `helm ${args.join(' ')}`);
    return r.stdout;
  };

  before(async () => {
    assert.ok(existsSync(HELM), `no helm at ${HELM}: run scripts/fetch-helm.sh (npm test does)`);
    home = mkdtempSync(join(tmpdir(), 'k8ts-helm-'));
    c = await startTestCluster({ nodes: 1, startDelayMs: 50 });
    await c.namespace(NS);
  });
  after(async () => {
    await c?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('goes through a release from install to uninstall, waiting for its objects each time', async () => {
    const k = kubectlSession(c.s, '1.33', NS);
    const startedAt = Date.now();
    const installed = await ok(['install', 'web', CHART, '--wait', '--timeout', '60s']);
    assert.match(installed, /^NAME: web$/m);
    assert.match(installed, /^STATUS: deployed$/m);
    assert.match(installed, /^REVISION: 1$/m);
    // --wait returned because the Deployment became available, not on its timeout.
    assert.ok(Date.now() - startedAt < 30_000);
    const d = await k.json(['deployment', 'web']);
    assert.equal(d.status.availableReplicas, 2);
    assert.equal(d.metadata.labels['app.kubernetes.io/managed-by'], 'Helm');
    assert.equal(d.metadata.annotations['meta.helm.sh/release-name'], 'web');
    assert.deepEqual((await k.json(['configmap', 'web-config'])).data, { greeting: 'hello' });
    assert.equal((await k.json(['service', 'web'])).spec.ports[0].targetPort, 'http');
    const release = await k.json(['secret', 'sh.helm.release.v1.web.v1']);
    assert.equal(release.type, 'helm.sh/release.v1');
    assert.equal(release.metadata.labels.owner, 'helm');

    const list = lines(await ok(['list']));
    assert.deepEqual(list[0]!.split(/\t/).map((s) => s.trim()), ['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']);
    assert.match(list[1]!, /^web\s+\thelm-test\s*\t1\s*\t.+\tdeployed\s*\tweb-0\.1\.0\s*\t1\.25\s*$/);

    assert.match(await ok(['upgrade', 'web', CHART, '--set', 'replicas=3', '--set', 'greeting=hi', '--wait', '--timeout', '60s']), /^Release "web" has been upgraded\. Happy Helming!$/m);
    assert.equal((await k.json(['deployment', 'web'])).status.availableReplicas, 3);
    assert.deepEqual((await k.json(['configmap', 'web-config'])).data, { greeting: 'hi' });
    const history = lines(await ok(['history', 'web']));
    assert.equal(history.length, 3);
    assert.match(history[1]!, /^1\s.*\tsuperseded\s*\t.*Install complete\s*$/);
    assert.match(history[2]!, /^2\s.*\tdeployed\s*\t.*Upgrade complete\s*$/);

    assert.match(await ok(['rollback', 'web', '1', '--wait', '--timeout', '60s']), /Rollback was a success! Happy Helming!/);
    assert.equal((await k.json(['deployment', 'web'])).spec.replicas, 2);
    assert.deepEqual((await k.json(['configmap', 'web-config'])).data, { greeting: 'hello' });
    const status = await ok(['status', 'web']);
    assert.match(status, /^REVISION: 3$/m);
    assert.match(status, /^DESCRIPTION: Rollback to 1$/m);

    assert.match(await ok(['uninstall', 'web', '--wait', '--timeout', '60s']), /^release "web" uninstalled$/m);
    assert.equal(lines(await ok(['list'])).length, 1);
    for (const what of ['deployment/web', 'configmap/web-config', 'service/web', 'secret/sh.helm.release.v1.web.v1']) {
      assert.match(await k.fail(['get', what]), /\(NotFound\)/);
    }
  });
});
