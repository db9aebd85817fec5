// Strategic merge patch as the real kubectl (1.33 and 1.27) uses it: patch (default type),
// set image / set env, rollout pause, client-side apply (configured / unchanged, removals),
// edit, diff and --dry-run=server; plus the HTTP edges (status, scale, preconditions, CRs, errors).
// kubectl's default validation runs (the server serves /openapi/v2 and /openapi/v3).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EVERY_KIND } from '../fixtures/every-kind.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

function deployment(name: string, containers: unknown[], replicas = 1): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
  };
}

const containersOf = (d: any) => d.spec.template.spec.containers as Array<Record<string, any>>;

for (const version of ['1.33', '1.27']) {
  describe(`kubectl ${version} strategic merge patch`, () => {
    const ns = `smp-${version.replace('.', '-')}`;
    const k = (args: string[], env?: Record<string, string>) => s.kubectl(['-n', ns, ...args], { version, env });
    const live = async (name: string) => {
      const r = await k(['get', 'deployment', name, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const create = async (obj: unknown) => {
      const r = await s.kubectl(['-n', ns, 'create', '-f', '-'], { version, input: JSON.stringify(obj) });
      assert.equal(r.code, 0, r.stderr);
    };

    before(async () => {
      const r = await s.kubectl(['create', '-f', '-'], { version, input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }) });
      assert.equal(r.code, 0, r.stderr);
    });

    it('patch -p (strategic by default) changes one container and keeps the others', async () => {
      await create(deployment('web', [{ name: 'app', image: 'nginx:1.24' }, { name: 'side', image: 'busybox:1.36' }]));
      const r = await k(['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}}}']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/web patched');
      const cs = containersOf(await live('web'));
      assert.deepEqual(cs.map((c) => [c.name, c.image]), [['app', 'nginx:1.25'], ['side', 'busybox:1.36']]);
      // Defaults of the untouched container survive the merge.
      assert.equal(cs[1]!.imagePullPolicy, 'IfNotPresent');
    });

    it('patch --type=strategic with $patch: delete removes a container; a missing merge key is an error', async () => {
      const r = await k(['patch', 'deployment', 'web', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(containersOf(await live('web')).map((c) => c.name), ['app']);
      const bad = await k(['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /map: map\[image:nginx\] does not contain declared merge key: name/);
    });

    it('set image and set env patch one container by name', async () => {
      await create(deployment('env', [{ name: 'a', image: 'nginx:1.24', env: [{ name: 'KEEP', value: '1' }] }, { name: 'b', image: 'redis:7' }]));
      const img = await k(['set', 'image', 'deployment/env', 'b=redis:7.2']);
      assert.equal(img.code, 0, img.stderr);
      assert.equal(img.stdout.trim(), 'deployment.apps/env image updated');
      let cs = containersOf(await live('env'));
      assert.deepEqual(cs.map((c) => [c.name, c.image]), [['a', 'nginx:1.24'], ['b', 'redis:7.2']]);
      const env = await k(['set', 'env', 'deployment/env', '-c', 'a', 'FOO=bar']);
      assert.equal(env.code, 0, env.stderr);
      assert.equal(env.stdout.trim(), 'deployment.apps/env env updated');
      cs = containersOf(await live('env'));
      assert.deepEqual(cs[0]!.env, [{ name: 'KEEP', value: '1' }, { name: 'FOO', value: 'bar' }]);
      const unset = await k(['set', 'env', 'deployment/env', '-c', 'a', 'KEEP-']);
      assert.equal(unset.code, 0, unset.stderr);
      assert.deepEqual(containersOf(await live('env'))[0]!.env, [{ name: 'FOO', value: 'bar' }]);
    });

    it('label, annotate and rollout pause/resume', async () => {
      const l = await k(['label', 'deployment', 'env', 'tier=web']);
      assert.equal(l.code, 0, l.stderr);
      const a = await k(['annotate', 'deployment', 'env', 'note=hi']);
      assert.equal(a.code, 0, a.stderr);
      const p = await k(['rollout', 'pause', 'deployment/env']);
      assert.equal(p.code, 0, p.stderr);
      assert.equal(p.stdout.trim(), 'deployment.apps/env paused');
      let d = await live('env');
      assert.equal(d.metadata.labels.tier, 'web');
      assert.equal(d.metadata.annotations.note, 'hi');
      assert.equal(d.spec.paused, true);
      const r = await k(['rollout', 'resume', 'deployment/env']);
      assert.equal(r.code, 0, r.stderr);
      d = await live('env');
      assert.equal(d.spec.paused, undefined);
    });

    it('apply -f: created, configured, unchanged; removals from the last-applied configuration', async () => {
      const file = join(s.dir, `apply-${version}.json`);
      const write = (obj: unknown) => writeFileSync(file, JSON.stringify(obj));
      const manifest = deployment('app', [
        { name: 'main', image: 'nginx:1.24', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 81 }] },
        { name: 'helper', image: 'busybox:1.36' },
      ]);
      write(manifest);
      const apply = () => k(['apply', '-f', file]);
      let r = await apply();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/app created');
      // A field set by someone else survives applies that do not mention it.
      assert.equal((await k(['label', 'deployment', 'app', 'owner=ops'])).code, 0);

      const changed = structuredClone(manifest) as any;
      changed.spec.replicas = 2;
      changed.spec.template.spec.containers[0].image = 'nginx:1.25';
      write(changed);
      r = await apply();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/app configured');
      r = await apply();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/app unchanged');
      let d = await live('app');
      assert.equal(d.spec.replicas, 2);
      assert.deepEqual(containersOf(d).map((c) => [c.name, c.image]), [['main', 'nginx:1.25'], ['helper', 'busybox:1.36']]);

      // Remove the helper container, env B and port 81.
      const removed = structuredClone(changed) as any;
      removed.spec.template.spec.containers = [{ name: 'main', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }];
      write(removed);
      r = await apply();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/app configured');
      d = await live('app');
      const cs = containersOf(d);
      assert.deepEqual(cs.map((c) => c.name), ['main']);
      assert.deepEqual(cs[0]!.env, [{ name: 'A', value: '1' }]);
      assert.deepEqual(cs[0]!.ports.map((p: any) => p.containerPort), [80]);
      assert.equal(d.metadata.labels.owner, 'ops');
      r = await apply();
      assert.equal(r.stdout.trim(), 'deployment.apps/app unchanged');

      // Switching the strategy to Recreate sends $retainKeys, which drops rollingUpdate.
      const recreate = structuredClone(removed) as any;
      recreate.spec.strategy = { type: 'Recreate' };
      write(recreate);
      r = await apply();
      assert.equal(r.code, 0, r.stderr);
      d = await live('app');
      assert.deepEqual(d.spec.strategy, { type: 'Recreate' });
    });

    it('apply of a Service changing one port and removing another ($setElementOrder + $patch: delete)', async () => {
      const file = join(s.dir, `svc-${version}.json`);
      const svc = (ports: number[]) => ({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'svc' },
        spec: { selector: { app: 'x' }, ports: ports.map((p) => ({ name: `p${p}`, port: p, targetPort: p })) },
      });
      writeFileSync(file, JSON.stringify(svc([80, 81])));
      let r = await k(['apply', '-f', file]);
      assert.equal(r.stdout.trim(), 'service/svc created', r.stderr);
      writeFileSync(file, JSON.stringify(svc([80, 82])));
      r = await k(['apply', '-f', file]);
      assert.equal(r.stdout.trim(), 'service/svc configured', r.stderr);
      const got = JSON.parse((await k(['get', 'service', 'svc', '-o', 'json'])).stdout);
      assert.deepEqual(got.spec.ports.map((p: any) => [p.name, p.port]), [['p80', 80], ['p82', 82]]);
      assert.ok(got.spec.clusterIP, 'the allocated cluster IP survives the apply');
      r = await k(['apply', '-f', file]);
      assert.equal(r.stdout.trim(), 'service/svc unchanged', r.stderr);
    });

    it('cordon, taint, rollout restart and set resources', async () => {
      const node = `smp-node-${version.replace('.', '-')}`;
      const mk = await s.kubectl(['create', '-f', '-'], { version, input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: node } }) });
      assert.equal(mk.code, 0, mk.stderr);
      const c = await s.kubectl(['cordon', node], { version });
      assert.equal(c.code, 0, c.stderr);
      assert.equal(c.stdout.trim(), `node/${node} cordoned`);
      const t = await s.kubectl(['taint', 'nodes', node, 'dedicated=web:NoSchedule'], { version });
      assert.equal(t.code, 0, t.stderr);
      assert.equal(t.stdout.trim(), `node/${node} tainted`);
      const n = JSON.parse((await s.kubectl(['get', 'node', node, '-o', 'json'], { version })).stdout);
      assert.equal(n.spec.unschedulable, true);
      assert.deepEqual(n.spec.taints.map((x: any) => [x.key, x.value, x.effect]), [['dedicated', 'web', 'NoSchedule']]);
      const rr = await k(['rollout', 'restart', 'deployment/env']);
      assert.equal(rr.code, 0, rr.stderr);
      assert.equal(rr.stdout.trim(), 'deployment.apps/env restarted');
      const res = await k(['set', 'resources', 'deployment/env', '-c', 'b', '--limits=cpu=200m']);
      assert.equal(res.code, 0, res.stderr);
      const d = await live('env');
      assert.match(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-/);
      assert.deepEqual(containersOf(d).map((x) => [x.name, x.resources?.limits?.cpu]), [['a', undefined], ['b', '200m']]);
    });

    it('edit with a scripted EDITOR patches only what changed', async () => {
      await create(deployment('ed', [{ name: 'c', image: 'nginx:1.24' }]));
      const r = await k(['edit', 'deployment/ed'], { EDITOR: 'sed -i s/replicas:\\ 1$/replicas:\\ 3/', KUBE_EDITOR: '' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/ed edited');
      const d = await live('ed');
      assert.equal(d.spec.replicas, 3);
      assert.deepEqual(containersOf(d).map((c) => c.image), ['nginx:1.24']);
    });

    it('--dry-run=server sends a dry-run strategic patch and stores nothing', async () => {
      const before = await live('ed');
      const dry = await k(['patch', 'deployment', 'ed', '--dry-run=server', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}}}']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout.trim(), /^deployment\.apps\/ed patched/);
      const after = await live('ed');
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
      assert.deepEqual(containersOf(after).map((c) => c.image), ['nginx:1.24']);
    });

    {
      it('diff shows the dry-run result of a strategic patch (with a resourceVersion precondition)', async () => {
        const before = await live('ed');
        const file = join(s.dir, `diff-${version}.json`);
        writeFileSync(file, JSON.stringify(deployment('ed', [{ name: 'c', image: 'nginx:1.26' }], 3)));
        const diff = await k(['diff', '-f', file]);
        assert.equal(diff.code, 1, diff.stderr);
        assert.match(diff.stdout, /^-\s+- image: nginx:1\.24$/m);
        assert.match(diff.stdout, /^\+\s+- image: nginx:1\.26$/m);
        assert.equal((await live('ed')).metadata.resourceVersion, before.metadata.resourceVersion);
      });
    }
  });
}

describe('strategic merge patch over HTTP', () => {
  const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
  const path = '/apis/apps/v1/namespaces/default/deployments/h';
  before(async () => {
    const r = await request(s, { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: deployment('h', [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }]) });
    assert.equal(r.code, 201, r.body.toString());
  });

  it('honours a resourceVersion precondition in the patch body', async () => {
    const cur = (await request(s, { path })).json();
    const stale = await request(s, { method: 'PATCH', path, headers: SMP, body: { metadata: { resourceVersion: '1' }, spec: { replicas: 2 } } });
    assert.equal(stale.code, 409);
    assert.equal(stale.json().reason, 'Conflict');
    const fresh = await request(s, { method: 'PATCH', path, headers: SMP, body: { metadata: { resourceVersion: cur.metadata.resourceVersion }, spec: { replicas: 2 } } });
    assert.equal(fresh.code, 200, fresh.body.toString());
    assert.equal(fresh.json().spec.replicas, 2);
  });

  it('patches the status and scale subresources', async () => {
    const st = await request(s, { method: 'PATCH', path: `${path}/status`, headers: SMP, body: { status: { conditions: [{ type: 'Available', status: 'True' }] }, spec: { replicas: 9 } } });
    assert.equal(st.code, 200, st.body.toString());
    assert.equal(st.json().status.conditions[0].type, 'Available');
    assert.equal(st.json().spec.replicas, 2);
    const sc = await request(s, { method: 'PATCH', path: `${path}/scale`, headers: SMP, body: { spec: { replicas: 4 } } });
    assert.equal(sc.code, 200, sc.body.toString());
    assert.equal(sc.json().kind, 'Scale');
    assert.equal(sc.json().spec.replicas, 4);
    assert.equal((await request(s, { path })).json().spec.replicas, 4);
  });

  it('answers malformed patches with 400 and unfit ones with 422, never 500', async () => {
    const notObject = await request(s, { method: 'PATCH', path, headers: SMP, body: [1] });
    assert.equal(notObject.code, 400);
    assert.equal(notObject.json().message, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
    const retain = await request(s, { method: 'PATCH', path, headers: SMP, body: { spec: { strategy: { $retainKeys: 'type' } } } });
    assert.equal(retain.code, 400);
    assert.equal(retain.json().message, 'invalid patch format of retainKeys');
    const noKey = await request(s, { method: 'PATCH', path, headers: SMP, body: { spec: { template: { spec: { containers: [{ image: 'z' }] } } } } });
    assert.equal(noKey.code, 422);
    assert.equal(noKey.json().reason, 'Invalid');
    assert.deepEqual(noKey.json().details.causes, [{ message: 'map: map[image:z] does not contain declared merge key: name', field: 'spec.template.spec.containers' }]);
  });

  it('refuses strategic merge patch for custom resources with 415 (as upstream)', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gizmos.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    assert.equal((await request(s, { method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd })).code, 201);
    const crPath = '/apis/example.com/v1/namespaces/default/gizmos';
    const deadline = Date.now() + 5000;
    let created = await request(s, { method: 'POST', path: crPath, body: { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' }, spec: { a: 1 } } });
    while (created.code === 404 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      created = await request(s, { method: 'POST', path: crPath, body: { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' }, spec: { a: 1 } } });
    }
    assert.equal(created.code, 201, created.body.toString());
    const r = await request(s, { method: 'PATCH', path: `${crPath}/g`, headers: SMP, body: { spec: { a: 2 } } });
    assert.equal(r.code, 415);
    assert.equal(r.json().reason, 'UnsupportedMediaType');
    assert.equal(r.json().message, 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    const kc = await s.kubectl(['patch', 'gizmo', 'g', '--type=strategic', '-p', '{"spec":{"a":3}}']);
    assert.notEqual(kc.code, 0);
    assert.match(kc.stderr, /UnsupportedMediaType|unknown format/);
    const merge = await s.kubectl(['patch', 'gizmo', 'g', '--type=merge', '-p', '{"spec":{"a":3}}']);
    assert.equal(merge.code, 0, merge.stderr);
  });
});

describe('kubectl patch --type=strategic on every built-in kind', () => {
  const ns = 'smp-every';
  before(async () => {
    const r = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }) });
    assert.equal(r.code, 0, r.stderr);
  });
  for (const f of EVERY_KIND) {
    it(f.resource, async () => {
      const manifest = structuredClone(f.manifest) as Record<string, any>;
      if (manifest.kind === 'CustomResourceDefinition') {
        manifest.metadata.name = `smpgadgets.${manifest.spec.group}`;
        manifest.spec.names = { plural: 'smpgadgets', singular: 'smpgadget', kind: 'SmpGadget' };
      } else if (!f.namespaced) {
        manifest.metadata.name = `${manifest.metadata.name}-smp`;
      }
      if (manifest.involvedObject) manifest.involvedObject.namespace = ns;
      if (manifest.regarding) manifest.regarding.namespace = ns;
      const scope = f.namespaced ? ['-n', ns] : [];
      const created = await s.kubectl([...scope, 'create', '-f', '-'], { input: JSON.stringify(manifest) });
      assert.equal(created.code, 0, created.stderr);
      const name = manifest.metadata.name as string;
      const r = await s.kubectl([...scope, 'patch', f.resource, name, '--type=strategic', '-p', '{"metadata":{"labels":{"smp":"yes"}}}']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, / patched$/m);
      const got = JSON.parse((await s.kubectl([...scope, 'get', f.resource, name, '-o', 'json'])).stdout);
      assert.equal(got.metadata.labels.smp, 'yes');
    });
  }
});
