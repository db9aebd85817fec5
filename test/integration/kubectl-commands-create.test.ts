// kubectl create generators with the real kubectl, and the objects they produce: role,
// rolebinding, clusterrole, clusterrolebinding, quota, secret docker-registry, secret generic
// --from-file --type, configmap --from-file/--from-env-file, job, cronjob, serviceaccount,
// namespace, service clusterip; plus create -f errors (invalid object, already exists).
// kubectl 1.33 sends these generators' bodies as protobuf, kubectl 1.27 as JSON.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNamespace, KUBECTL_VERSIONS, kubectlSession } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const b64 = (x: string) => Buffer.from(x).toString('base64');
const unb64 = (x: string) => Buffer.from(x, 'base64').toString();

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} create generators`, () => {
    const ns = `create-${version.replace('.', '-')}`;
    const k = () => kubectlSession(s, version, ns);
    const file = (name: string, text: string) => {
      const dir = join(s.dir, `files-${version}`);
      mkdirSync(dir, { recursive: true });
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };

    before(async () => {
      await createNamespace(s, ns);
    });

    it('create role / rolebinding with verbs, resources (with groups), users and service accounts', async () => {
      assert.equal(await k().ok(['create', 'role', 'reader', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=a']), 'role.rbac.authorization.k8s.io/reader created\n');
      const role = await k().json(['role', 'reader']);
      assert.deepEqual(role.rules, [
        { apiGroups: [''], resources: ['pods'], resourceNames: ['a'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['a'], verbs: ['get', 'list'] },
      ]);
      assert.equal(await k().ok(['create', 'rolebinding', 'read', '--role=reader', '--user=bob', `--serviceaccount=${ns}:robot`]), 'rolebinding.rbac.authorization.k8s.io/read created\n');
      const rb = await k().json(['rolebinding', 'read']);
      assert.deepEqual(rb.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
      // The defaulted core group "" of a service account is omitted, as upstream's omitempty does.
      assert.deepEqual(rb.subjects, [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' },
        { kind: 'ServiceAccount', name: 'robot', namespace: ns },
      ]);
      const table = (await k().ok(['get', 'rolebinding', 'read', '-o', 'wide'])).split('\n')[0]!.split(/ {2,}/);
      assert.deepEqual(table, ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    });

    it('create clusterrole / clusterrolebinding', async () => {
      const cr = `nodes-${version.replace('.', '-')}`;
      assert.equal(await k().ok(['create', 'clusterrole', cr, '--verb=get', '--resource=nodes', '--non-resource-url=/healthz']), `clusterrole.rbac.authorization.k8s.io/${cr} created\n`);
      const role = await k().json(['clusterrole', cr]);
      assert.deepEqual(role.rules, [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { nonResourceURLs: ['/healthz'], verbs: ['get'] },
      ]);
      assert.equal(await k().ok(['create', 'clusterrolebinding', cr, `--clusterrole=${cr}`, '--group=devs']), `clusterrolebinding.rbac.authorization.k8s.io/${cr} created\n`);
      assert.deepEqual((await k().json(['clusterrolebinding', cr])).subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'devs' }]);
    });

    it('create quota --hard --scopes', async () => {
      assert.equal(await k().ok(['create', 'quota', 'small', '--hard=pods=10,requests.cpu=2,count/widgets.example.com=5', '--scopes=NotTerminating']), 'resourcequota/small created\n');
      const q = await k().json(['resourcequota', 'small']);
      assert.deepEqual(q.spec, { hard: { pods: '10', 'requests.cpu': '2', 'count/widgets.example.com': '5' }, scopes: ['NotTerminating'] });
    });

    it('create secret docker-registry builds a .dockerconfigjson', async () => {
      const out = await k().ok(['create', 'secret', 'docker-registry', 'pull', '--docker-server=registry.example.com', '--docker-username=u', '--docker-password=p', '--docker-email=u@example.com']);
      assert.equal(out, 'secret/pull created\n');
      const sec = await k().json(['secret', 'pull']);
      assert.equal(sec.type, 'kubernetes.io/dockerconfigjson');
      assert.deepEqual(JSON.parse(unb64(sec.data['.dockerconfigjson'])), { auths: { 'registry.example.com': { username: 'u', password: 'p', email: 'u@example.com', auth: b64('u:p') } } });
      const table = (await k().ok(['get', 'secret', 'pull'])).split('\n')[1]!.split(/ {2,}/);
      assert.deepEqual(table.slice(0, 3), ['pull', 'kubernetes.io/dockerconfigjson', '1']);
    });

    it('create secret generic --from-file --from-literal --type; a tls secret without its keys is Invalid', async () => {
      const crt = file('tls.crt', 'CERT');
      const key = file('tls.key', 'KEY');
      assert.equal(await k().ok(['create', 'secret', 'generic', 'tls', `--from-file=${crt}`, `--from-file=${key}`, '--type=kubernetes.io/tls']), 'secret/tls created\n');
      const sec = await k().json(['secret', 'tls']);
      assert.equal(sec.type, 'kubernetes.io/tls');
      assert.deepEqual(Object.fromEntries(Object.entries(sec.data as Record<string, string>).map(([a, v]) => [a, unb64(v)])), { 'tls.crt': 'CERT', 'tls.key': 'KEY' });
      await k().ok(['create', 'secret', 'generic', 'plain', `--from-file=renamed=${crt}`, '--from-literal=user=admin']);
      const plain = await k().json(['secret', 'plain']);
      assert.equal(plain.type, 'Opaque');
      assert.deepEqual(Object.keys(plain.data).sort(), ['renamed', 'user']);
      const err = await k().fail(['create', 'secret', 'generic', 'broken', '--from-literal=a=b', '--type=kubernetes.io/tls']);
      assert.equal(err.trim(), 'error: failed to create secret Secret "broken" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]');
    });

    it('create configmap --from-file (file and key=file) and --from-env-file', async () => {
      const f = file('app.properties', 'a=1\nb=2\n');
      assert.equal(await k().ok(['create', 'configmap', 'props', `--from-file=${f}`, `--from-file=copy.txt=${f}`]), 'configmap/props created\n');
      assert.deepEqual((await k().json(['configmap', 'props'])).data, { 'app.properties': 'a=1\nb=2\n', 'copy.txt': 'a=1\nb=2\n' });
      await k().ok(['create', 'configmap', 'envs', `--from-env-file=${f}`]);
      assert.deepEqual((await k().json(['configmap', 'envs'])).data, { a: '1', b: '2' });
    });

    it('create job / cronjob / serviceaccount / namespace / service clusterip / deployment; autoscale', async () => {
      assert.equal(await k().ok(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi']), 'job.batch/once created\n');
      const job = await k().json(['job', 'once']);
      assert.deepEqual(job.spec.template.spec.containers[0].command, ['echo', 'hi']);
      assert.equal(job.spec.template.spec.restartPolicy, 'Never');
      assert.equal(await k().ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']), 'cronjob.batch/tick created\n');
      assert.equal((await k().json(['cronjob', 'tick'])).spec.schedule, '*/5 * * * *');
      const bad = await k().fail(['create', 'cronjob', 'bad', '--image=busybox', '--schedule=bad']);
      assert.equal(bad.trim(), 'error: failed to create cronjob: CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]');
      assert.equal(await k().ok(['create', 'serviceaccount', 'robot']), 'serviceaccount/robot created\n');
      const other = `${ns}-extra`;
      assert.equal(await k().ok(['create', 'namespace', other]), `namespace/${other} created\n`);
      assert.equal(await k().ok(['create', 'service', 'clusterip', 'api', '--tcp=80:8080']), 'service/api created\n');
      const svc = await k().json(['service', 'api']);
      assert.deepEqual(svc.spec.ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
      assert.deepEqual(svc.spec.selector, { app: 'api' });
      assert.equal(await k().ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80']), 'deployment.apps/web created\n');
      const d = await k().json(['deployment', 'web']);
      assert.equal(d.spec.replicas, 2);
      assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
      assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
      assert.equal(await k().ok(['autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=70']), 'horizontalpodautoscaler.autoscaling/web autoscaled\n');
      const hpa = await k().json(['hpa', 'web']);
      assert.equal(hpa.apiVersion, 'autoscaling/v2');
      assert.deepEqual(hpa.spec, {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
    });

    it('create -f: an invalid object and an existing one print upstream errors', async () => {
      const noName = await k().fail(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' });
      assert.equal(noName.trim(), 'The ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
      const mismatch = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bad' },
        spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'c' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
      };
      const inv = await k().fail(['create', '-f', '-'], { input: JSON.stringify(mismatch) });
      assert.equal(inv.trim(), 'The Deployment "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`');
      const again = await k().fail(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: robot}\n' });
      assert.equal(again.trim(), 'Error from server (AlreadyExists): error when creating "STDIN": serviceaccounts "robot" already exists');
      const yaml = await k().fail(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: [\n' });
      assert.match(yaml, /^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: /);
    });
  });
}
