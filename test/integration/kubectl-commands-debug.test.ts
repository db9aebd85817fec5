// kubectl debug with the real kubectl 1.33 and 1.27, on the object side (no nodes here; -it on
// simulated nodes is kubectl-debug-sim.test.ts): an ephemeral container added through pods/ephemeralcontainers, with
// upstream's validation of that subresource (no ports/resources/probes, unique names, existing
// ones neither removed nor changed, nothing else of the pod written); --copy-to; node/NAME.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} debug`, () => {
    const tag = version.replace('.', '-');
    const ns = `debug-${tag}`;
    const node = `debug-node-${tag}`;
    const k = () => kubectlSession(s, version, ns);
    const ecPath = `/api/v1/namespaces/${ns}/pods/web/ephemeralcontainers`;
    const ephemeral = async () => (await k().json(['pod', 'web'])).spec.ephemeralContainers ?? [];

    before(async () => {
      await createNamespace(s, ns);
      await k().ok(['run', 'web', '--image=nginx']);
      await k().ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: node } }) });
    });

    it('POD --image -c adds an ephemeral container through pods/ephemeralcontainers', async () => {
      const r = await k().run(['debug', 'web', '--image=busybox', '-c', 'dbg', '-v=6']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /PATCH.*\/api\/v1\/namespaces\/[^/]+\/pods\/web\/ephemeralcontainers.*200 OK/);
      const [dbg] = await ephemeral();
      assert.equal(dbg.name, 'dbg');
      assert.equal(dbg.image, 'busybox');
      // Defaulted as any container is.
      assert.equal(dbg.imagePullPolicy, 'Always');
      assert.equal(dbg.terminationMessagePath, '/dev/termination-log');
      // The subresource serves the whole pod.
      const raw = JSON.parse(await k().ok(['get', '--raw', ecPath]));
      assert.equal(raw.kind, 'Pod');
      assert.equal(raw.spec.ephemeralContainers[0].name, 'dbg');
    });

    it('--profile=restricted sets the container security context', async () => {
      await k().ok(['debug', 'web', '--image=busybox', '-c', 'restricted', '--profile=restricted']);
      const c = (await ephemeral()).find((e: any) => e.name === 'restricted');
      assert.equal(c.securityContext.runAsNonRoot, true);
      assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'] });
    });

    it('a name already used by a container is a Duplicate', async () => {
      const err = await k().fail(['debug', 'web', '--image=busybox', '-c', 'web']);
      assert.match(err, /^The Pod "web" is invalid: spec\.ephemeralContainers\[\d\]\.name: Duplicate value: "web"$/m);
    });

    it('ports, resources and probes are forbidden; existing ones may not be removed or changed', async () => {
      const pod = await k().json(['pod', 'web']);
      const put = (p: any) => k().run(['replace', '--raw', ecPath, '-f', '-'], { input: JSON.stringify(p) });

      const bad = structuredClone(pod);
      bad.spec.ephemeralContainers.push({ name: 'x', image: 'busybox', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } }, readinessProbe: { exec: { command: ['true'] } } });
      const n = bad.spec.ephemeralContainers.length - 1;
      let r = await put(bad);
      assert.notEqual(r.code, 0);
      assert.equal(
        r.stderr.trim(),
        [
          'The Pod "web" is invalid: ',
          `* spec.ephemeralContainers[${n}].ports: Forbidden: cannot be set for an Ephemeral Container`,
          `* spec.ephemeralContainers[${n}].resources: Forbidden: cannot be set for an Ephemeral Container`,
          `* spec.ephemeralContainers[${n}].readinessProbe: Forbidden: cannot be set for an Ephemeral Container`,
        ].join('\n'),
      );

      const removed = structuredClone(pod);
      removed.spec.ephemeralContainers = removed.spec.ephemeralContainers.filter((c: any) => c.name !== 'dbg');
      r = await put(removed);
      assert.equal(r.stderr.trim(), 'The Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed');

      const changed = structuredClone(pod);
      changed.spec.ephemeralContainers[0].image = 'alpine';
      r = await put(changed);
      assert.match(r.stderr, /^The Pod "web" is invalid: spec\.ephemeralContainers\[dbg\]: Forbidden: existing ephemeral containers "dbg" may not be changed\n/);

      // Everything but spec.ephemeralContainers is the stored pod's.
      const other = structuredClone(pod);
      other.spec.containers[0].image = 'alpine';
      other.metadata.labels.extra = 'x';
      other.spec.ephemeralContainers.push({ name: 'added', image: 'busybox' });
      r = await put(other);
      assert.equal(r.code, 0, r.stderr);
      const after = await k().json(['pod', 'web']);
      assert.equal(after.spec.containers[0].image, 'nginx');
      assert.deepEqual(after.metadata.labels, { run: 'web' });
      assert.deepEqual(after.spec.ephemeralContainers.map((c: any) => c.name).slice(-1), ['added']);
    });

    it('server-side apply on pods/ephemeralcontainers adds a container, recorded with that subresource', async () => {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { ephemeralContainers: [{ name: 'applied', image: 'busybox' }] } });
      const r = await request(s, { method: 'PATCH', path: `${ecPath}?fieldManager=tester`, headers: { 'content-type': 'application/apply-patch+yaml' }, body });
      assert.equal(r.code, 200, r.body.toString());
      const pod = r.json();
      assert.ok(pod.spec.ephemeralContainers.some((c: any) => c.name === 'applied'));
      const entry = pod.metadata.managedFields.find((e: any) => e.manager === 'tester');
      assert.equal(entry.operation, 'Apply');
      assert.equal(entry.subresource, 'ephemeralcontainers');
      assert.ok(entry.fieldsV1['f:spec']['f:ephemeralContainers']['k:{"name":"applied"}']);
    });

    it('a plain pod update may not change ephemeral containers', async () => {
      const pod = await k().json(['pod', 'web']);
      pod.spec.ephemeralContainers = [];
      const err = await k().fail(['replace', '-f', '-'], { input: JSON.stringify(pod) });
      assert.match(err, /^The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than /);
    });

    it('--copy-to creates a copy (--share-processes, --set-image), without the ephemeral containers', async () => {
      const out = await k().run(['debug', 'web', '--image=busybox', '--copy-to=web-copy', '--share-processes']);
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stdout + out.stderr, /^Defaulting debug container name to debugger-[a-z0-9]{5}\.$/m);
      const copy = await k().json(['pod', 'web-copy']);
      assert.equal(copy.spec.shareProcessNamespace, true);
      assert.deepEqual(copy.spec.containers.map((c: any) => c.image), ['nginx', 'busybox']);
      assert.equal(copy.spec.ephemeralContainers, undefined);
      await k().ok(['debug', 'web', '--copy-to=web-copy2', '--set-image=*=busybox']);
      const copy2 = await k().json(['pod', 'web-copy2']);
      assert.deepEqual(copy2.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['web=busybox']);
    });

    it('node/NAME creates a node-debugger pod on that node with the host root at /host', async () => {
      const r = await k().run(['debug', `node/${node}`, '--image=busybox']);
      assert.equal(r.code, 0, r.stderr);
      const m = /^Creating debugging pod (node-debugger-[\w-]+-[a-z0-9]{5}) with container debugger on node ([\w-]+)\.$/m.exec(r.stdout + r.stderr);
      assert.ok(m, r.stdout + r.stderr);
      assert.equal(m[2], node);
      const pod = await k().json(['pod', m[1]!]);
      assert.equal(pod.spec.nodeName, node);
      assert.equal(pod.spec.hostPID, true);
      assert.equal(pod.spec.hostNetwork, true);
      assert.equal(pod.spec.restartPolicy, 'Never');
      assert.deepEqual(pod.spec.containers[0].volumeMounts, [{ mountPath: '/host', name: 'host-root' }]);
      assert.deepEqual(pod.spec.volumes, [{ name: 'host-root', hostPath: { path: '/', type: '' } }]);
      if (version === '1.33') {
        // Profiles of 1.33 that 1.27 does not know.
        const sys = await k().run(['debug', `node/${node}`, '--image=busybox', '--profile=sysadmin']);
        assert.equal(sys.code, 0, sys.stderr);
        const name = /Creating debugging pod (\S+) /.exec(sys.stdout + sys.stderr)![1]!;
        assert.equal((await k().json(['pod', name])).spec.containers[0].securityContext.privileged, true);
      } else {
        assert.match(await k().fail(['debug', `node/${node}`, '--image=busybox', '--profile=sysadmin']), /error: unknown profile: sysadmin/);
      }
    });
  });
}
