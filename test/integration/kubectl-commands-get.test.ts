// kubectl get output formats and list options with the real kubectl 1.33 and 1.27: -o jsonpath,
// custom-columns, go-template, name; -l with set-based selectors; --field-selector; --chunk-size
// (the requests it makes); --sort-by; -A; and the errors kubectl prints for bad selectors and
// unknown resource types. (Tables, -w/--watch-only, -L, --show-labels and -o wide are in
// kubectl-tables.test.ts.)
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

const configMap = (name: string, labels: Record<string, string>, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} get`, () => {
    const ns = `get-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);

    before(async () => {
      await createNamespace(s, ns);
      const items = [
        configMap('alpha', { tier: 'web', order: 'b' }, { order: '3', colour: 'red' }),
        configMap('beta', { tier: 'db', order: 'a' }, { order: '1', colour: 'blue' }),
        configMap('gamma', { tier: 'cache', legacy: 'yes' }, { order: '2', colour: 'green' }),
      ];
      await k().ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
    });

    it('-o jsonpath with range, and on a single object', async () => {
      const all = await k().ok(['get', 'cm', '-l', 'tier', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.data.colour}{"\\n"}{end}']);
      assert.equal(all, 'alpha=red\nbeta=blue\ngamma=green\n');
      const one = await k().ok(['get', 'cm', 'beta', '-o', 'jsonpath={.metadata.namespace}/{.metadata.labels.tier}']);
      assert.equal(one, `${ns}/db`);
      const missing = await k().fail(['get', 'cm', 'beta', '-o', 'jsonpath={.data.nope}', '--allow-missing-template-keys=false']);
      assert.match(missing, /error executing jsonpath "\{\.data\.nope\}": Error executing template: nope is not found/);
    });

    it('-o custom-columns prints the given headers and one row per object', async () => {
      const out = await k().ok(['get', 'cm', '-l', 'tier', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,ORDER:.data.order,NONE:.data.missing']);
      assert.deepEqual(lines(out), ['NAME    TIER    ORDER   NONE', 'alpha   web     3       <none>', 'beta    db      1       <none>', 'gamma   cache   2       <none>']);
    });

    it('-o go-template and -o name', async () => {
      const t = await k().ok(['get', 'cm', '-l', 'tier', '-o', 'go-template={{range .items}}{{.metadata.name}}:{{index .data "order"}} {{end}}']);
      assert.equal(t, 'alpha:3 beta:1 gamma:2 ');
      const names = await k().ok(['get', 'cm', '-l', 'tier', '-o', 'name']);
      assert.equal(names, 'configmap/alpha\nconfigmap/beta\nconfigmap/gamma\n');
    });

    it('-l with set-based selectors: in, notin, exists, !exists, combined', async () => {
      const names = async (sel: string) => (await k().ok(['get', 'cm', '-l', sel, '-o', 'name'])).trim().split('\n').filter(Boolean);
      assert.deepEqual(await names('tier in (web,db)'), ['configmap/alpha', 'configmap/beta']);
      assert.deepEqual(await names('tier notin (web,db),tier'), ['configmap/gamma']);
      assert.deepEqual(await names('legacy'), ['configmap/gamma']);
      assert.deepEqual(await names('tier,!legacy'), ['configmap/alpha', 'configmap/beta']);
      assert.deepEqual(await names('tier!=web,order'), ['configmap/beta']);
      const none = await k().run(['get', 'cm', '-l', 'tier=nothing']);
      assert.equal(none.code, 0, none.stderr);
      assert.equal(none.stdout, '');
      assert.equal(none.stderr.trim(), `No resources found in ${ns} namespace.`);
    });

    it('a malformed selector is a BadRequest with the parser message', async () => {
      const bad = await k().fail(['get', 'cm', '-l', 'tier in']);
      assert.match(bad, /^Error from server \(BadRequest\): Unable to find "\/v1, Resource=configmaps" that match label selector "tier in", field selector "": unable to parse requirement: /);
      const badField = await k().fail(['get', 'cm', '--field-selector', 'data.order=1']);
      assert.match(badField, /^Error from server \(BadRequest\): .*field label not supported: data\.order/);
      const kind = await k().fail(['get', 'nosuchthings']);
      assert.equal(kind.trim(), 'error: the server doesn\'t have a resource type "nosuchthings"');
    });

    it('--field-selector on metadata.name (= and !=) and on a kind field (pods status.phase)', async () => {
      assert.equal(await k().ok(['get', 'cm', '--field-selector', 'metadata.name=beta', '-o', 'name']), 'configmap/beta\n');
      assert.equal(await k().ok(['get', 'cm', '-l', 'tier', '--field-selector', 'metadata.name!=beta', '-o', 'name']), 'configmap/alpha\nconfigmap/gamma\n');
      await k().ok(['run', 'waiting', '--image=nginx', '--restart=Never']);
      assert.equal(await k().ok(['get', 'pods', '--field-selector', 'status.phase=Pending', '-o', 'name']), 'pod/waiting\n');
      const running = await k().run(['get', 'pods', '--field-selector', 'status.phase=Running', '-o', 'name']);
      assert.equal(running.stdout, '');
    });

    it('--sort-by a label, a data field and metadata.name', async () => {
      assert.equal(await k().ok(['get', 'cm', '-l', 'tier', '--sort-by', '.data.order', '-o', 'name']), 'configmap/beta\nconfigmap/gamma\nconfigmap/alpha\n');
      assert.equal(await k().ok(['get', 'cm', '-l', 'order', '--sort-by', '.metadata.labels.order', '-o', 'name']), 'configmap/beta\nconfigmap/alpha\n');
      const table = lines(await k().ok(['get', 'cm', '-l', 'tier', '--sort-by', '{.data.colour}']));
      assert.deepEqual(table.map((l) => l.split(/ +/)[0]), ['NAME', 'beta', 'gamma', 'alpha']);
    });

    it('--chunk-size pages with limit and continue and still prints everything', async () => {
      const r = await k().run(['get', 'cm', '-l', 'tier', '--chunk-size=1', '-o', 'name', '-v=6']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'configmap/alpha\nconfigmap/beta\nconfigmap/gamma\n');
      const gets = r.stderr.split('\n').filter((l) => /GET.*https:\/\/\S*\/configmaps\?/.test(l));
      assert.equal(gets.length, 3, r.stderr);
      assert.match(gets[0]!, /limit=1/);
      assert.match(gets[1]!, /continue=/);
    });

    it('-A lists across namespaces with a NAMESPACE column; -o name stays kind/name', async () => {
      const out = lines(await k().ok(['get', 'cm', '-A', '-l', 'tier=web']));
      assert.deepEqual(out[0]!.split(/ {2,}/), ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
      const rows = out.slice(1).map((l) => l.split(/ {2,}/).slice(0, 3));
      assert.ok(rows.some((r) => r[0] === ns && r[1] === 'alpha' && r[2] === '2'), out.join('\n'));
      const cols = await k().ok(['get', 'cm', '-A', '-l', 'tier=web', '-o', 'custom-columns=NS:.metadata.namespace,NAME:.metadata.name', '--sort-by=.metadata.namespace']);
      assert.ok(lines(cols).includes(`${ns}   alpha`) || lines(cols).some((l) => l.split(/ +/).join(' ') === `${ns} alpha`), cols);
    });
  });
}
