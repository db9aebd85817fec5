// Client-side and informational kubectl commands with the real kubectl 1.33 and 1.27: config
// set-context / get-contexts / use-context / current-context / view (redacted, --minify, --raw)
// on a copy of the test kubeconfig, the namespace a context selects, cluster-info, version
// (text and -o json), cluster-info dump, auth can-i and (1.33) auth whoami.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { kubectlPath, runKubectl, startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} config, cluster-info, version, auth`, () => {
    const k = () => kubectlSession(s, version, '');
    let kubeconfig: string;
    const config = async (args: string[], expectOk = true) => {
      const r = await runKubectl(kubectlPath(version), ['--kubeconfig', kubeconfig, ...args]);
      assert.equal(r.code === 0, expectOk, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return expectOk ? r.stdout : r.stderr;
    };

    before(() => {
      kubeconfig = join(s.dir, `kubeconfig-copy-${version}`);
      copyFileSync(s.kubeconfig, kubeconfig);
    });

    it('config set-context, get-contexts, use-context, current-context', async () => {
      assert.equal(await config(['config', 'current-context']), 'default\n');
      assert.equal(await config(['config', 'set-context', 'system', '--cluster=default', '--user=default', '--namespace=kube-system']), 'Context "system" created.\n');
      assert.deepEqual(lines(await config(['config', 'get-contexts'])).map((l) => l.trimEnd()), [
        'CURRENT   NAME      CLUSTER   AUTHINFO   NAMESPACE',
        '*         default   default   default',
        '          system    default   default    kube-system',
      ]);
      assert.equal(await config(['config', 'get-contexts', '-o', 'name']), 'default\nsystem\n');
      assert.equal(await config(['config', 'use-context', 'system']), 'Switched to context "system".\n');
      assert.equal(await config(['config', 'current-context']), 'system\n');
      // The context's namespace is the default for requests.
      assert.match(await config(['get', 'namespace', 'kube-system', '-o', 'name']), /^namespace\/kube-system\n$/);
      const r = await runKubectl(kubectlPath(version), ['--kubeconfig', kubeconfig, 'get', 'configmaps', '-v=6']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /\/api\/v1\/namespaces\/kube-system\/configmaps/);
      assert.equal((await config(['config', 'use-context', 'nope'], false)).trim(), 'error: no context exists with the name: "nope"');
      assert.match(readFileSync(kubeconfig, 'utf8'), /current-context: system/);
      await config(['config', 'use-context', 'default']);
    });

    it('config view redacts credentials; --minify keeps the current context; --raw shows the data', async () => {
      const view = await config(['config', 'view']);
      assert.match(view, /\n {4}certificate-authority-data: DATA\+OMITTED\n/);
      assert.match(view, /\n {4}client-certificate-data: DATA\+OMITTED\n {4}client-key-data: DATA\+OMITTED\n/);
      assert.match(view, new RegExp(`\\n {4}server: ${s.url.replace(/[.]/g, '\\.')}\\n`));
      assert.equal(await config(['config', 'view', '--minify', '-o', 'jsonpath={.contexts[*].name}']), 'default');
      const raw = await config(['config', 'view', '--raw', '-o', 'jsonpath={.users[0].user.client-certificate-data}']);
      assert.equal(Buffer.from(raw, 'base64').toString(), s.adminCert);
    });

    it('cluster-info names the control plane URL', async () => {
      // kubectl 1.27 colours the names even without a terminal.
      const plain = (await k().ok(['cluster-info'])).replace(/\x1b\[[0-9;]*m/g, '');
      assert.equal(plain, `Kubernetes control plane is running at ${s.url}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
    });

    it('cluster-info dump --output-directory writes the namespaces\' objects as JSON lists', async () => {
      const ns = `dump-${version.replace('.', '-')}`;
      await k().ok(['create', 'namespace', ns]);
      await k().ok(['-n', ns, 'create', 'deployment', 'web', '--image=nginx']);
      const dir = join(s.dir, `dump-${version}`);
      const out = await k().ok(['cluster-info', 'dump', `--namespaces=${ns}`, `--output-directory=${dir}`]);
      assert.equal(out, `Cluster info dumped to ${dir}\n`);
      assert.ok(existsSync(join(dir, 'nodes.json')));
      const deployments = JSON.parse(readFileSync(join(dir, ns, 'deployments.json'), 'utf8'));
      assert.equal(deployments.kind, 'DeploymentList');
      assert.deepEqual(deployments.items.map((d: any) => d.metadata.name), ['web']);
      assert.equal(JSON.parse(readFileSync(join(dir, ns, 'services.json'), 'utf8')).kind, 'ServiceList');
    });

    it('version prints the client and the server version; -o json has the server version.Info', async () => {
      const out = await k().ok(['version', '-o', 'json']);
      const v = JSON.parse(out);
      assert.equal(v.serverVersion.major, '1');
      assert.equal(v.serverVersion.minor, '33');
      assert.match(v.serverVersion.gitVersion, /^v1\.33\.\d+/);
      assert.equal(v.serverVersion.platform, 'linux/amd64');
      assert.match(v.clientVersion.gitVersion, new RegExp(`^v${version.replace('.', '\\.')}\\.`));
      const text = await k().ok(['version']);
      if (version === '1.33') assert.match(text, /^Client Version: v1\.33\.\d+\nKustomize Version: v[\d.]+\nServer Version: v1\.33\.\d+\+k8ts\n$/);
      else assert.match(text, /\nServer Version: version\.Info\{Major:"1", Minor:"33", GitVersion:"v1\.33\.\d+\+k8ts", /);
    });

    it('auth can-i answers yes for the admin (system:masters)', async () => {
      assert.equal(await k().ok(['auth', 'can-i', 'create', 'pods']), 'yes\n');
      assert.equal(await k().ok(['auth', 'can-i', 'delete', 'nodes', '--all-namespaces']), 'yes\n');
      assert.equal(await k().ok(['auth', 'can-i', 'get', '/healthz']), 'yes\n');
    });

    if (version === '1.33') {
      it('auth whoami prints the user name and groups', async () => {
        assert.deepEqual(lines(await k().ok(['auth', 'whoami'])).map((l) => l.split(/ {2,}/)), [
          ['ATTRIBUTE', 'VALUE'],
          ['Username', 'admin'],
          ['Groups', '[system:masters system:authenticated]'],
        ]);
      });
    }
  });
}
