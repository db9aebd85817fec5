// kubectl 1.33 sends protobuf bodies for `kubectl create <kind>`, `auth can-i` and `auth whoami`;
// kubectl 1.27 sends the same objects as JSON. Both must print upstream's output and store the
// same objects.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseKubectlTable } from '../support/kubectl-table.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;

/**
 * Each command (run with `-n NS` in front) and what kubectl prints; `v` ends the names of
 * cluster-scoped objects, which both kubectl versions create.
 */
function creates(dir: string, v: string): Array<{ args: string[]; out: string; get: string }> {
  return [
    { args: ['create', 'role', 'reader', '--verb=get,list', '--resource=pods'], out: 'role.rbac.authorization.k8s.io/reader created', get: 'role/reader' },
    { args: ['create', 'rolebinding', 'rb', '--role=reader', '--user=u'], out: 'rolebinding.rbac.authorization.k8s.io/rb created', get: 'rolebinding/rb' },
    { args: ['create', 'clusterrole', `cr-${v}`, '--verb=get', '--resource=nodes'], out: `clusterrole.rbac.authorization.k8s.io/cr-${v} created`, get: `clusterrole/cr-${v}` },
    {
      args: ['create', 'clusterrolebinding', `crb-${v}`, `--clusterrole=cr-${v}`, '--group=g'],
      out: `clusterrolebinding.rbac.authorization.k8s.io/crb-${v} created`,
      get: `clusterrolebinding/crb-${v}`,
    },
    { args: ['create', 'priorityclass', `pc-${v}`, '--value=1000', '--description=important'], out: `priorityclass.scheduling.k8s.io/pc-${v} created`, get: `priorityclass/pc-${v}` },
    { args: ['create', 'quota', 'q', '--hard=cpu=1,memory=1G,pods=2'], out: 'resourcequota/q created', get: 'resourcequota/q' },
    { args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'], out: 'poddisruptionbudget.policy/pdb created', get: 'pdb/pdb' },
    { args: ['create', 'ingress', 'ing', '--rule=foo.example.com/bar=front:8080'], out: 'ingress.networking.k8s.io/ing created', get: 'ingress/ing' },
    { args: ['create', 'service', 'externalname', 'ext', '--external-name=example.com'], out: 'service/ext created', get: 'service/ext' },
    { args: ['create', 'service', 'loadbalancer', 'lb', '--tcp=80:8080'], out: 'service/lb created', get: 'service/lb' },
    { args: ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80'], out: 'deployment.apps/web created', get: 'deployment/web' },
    { args: ['create', 'deployment', 'zero', '--image=nginx', '--replicas=0'], out: 'deployment.apps/zero created', get: 'deployment/zero' },
    { args: ['create', 'configmap', 'cm', '--from-literal=a=b', `--from-file=${join(dir, 'app.conf')}`], out: 'configmap/cm created', get: 'configmap/cm' },
    { args: ['create', 'secret', 'generic', 'gen', '--from-literal=user=admin', `--from-file=${join(dir, 'app.conf')}`], out: 'secret/gen created', get: 'secret/gen' },
    { args: ['create', 'secret', 'tls', 'tls', `--cert=${join(dir, 'tls.crt')}`, `--key=${join(dir, 'tls.key')}`], out: 'secret/tls created', get: 'secret/tls' },
    {
      args: ['create', 'secret', 'docker-registry', 'reg', '--docker-server=registry.example.com', '--docker-username=u', '--docker-password=p', '--docker-email=u@example.com'],
      out: 'secret/reg created',
      get: 'secret/reg',
    },
    { args: ['create', 'serviceaccount', 'robot'], out: 'serviceaccount/robot created', get: 'serviceaccount/robot' },
    { args: ['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'], out: 'job.batch/once created', get: 'job/once' },
    { args: ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'], out: 'cronjob.batch/tick created', get: 'cronjob/tick' },
    { args: ['create', 'service', 'clusterip', 'front', '--tcp=80:8080'], out: 'service/front created', get: 'service/front' },
    { args: ['create', 'service', 'nodeport', 'edge', '--tcp=443:8443'], out: 'service/edge created', get: 'service/edge' },
  ];
}

/** What differs between two creates of the same object: identities, times, allocations. */
function normalize(o: Obj): Obj {
  const c = JSON.parse(JSON.stringify(o).replace(/-1\.?(33|27)\b/g, '-V'));
  const uid = c.metadata.uid;
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'namespace', 'managedFields']) delete c.metadata[k];
  if (c.spec?.clusterIP) {
    delete c.spec.clusterIP;
    delete c.spec.clusterIPs;
    for (const p of c.spec.ports ?? []) delete p.nodePort;
  }
  return JSON.parse(JSON.stringify(c).replaceAll(uid, 'UID'));
}

describe('kubectl create/auth with protobuf bodies (1.33) and JSON bodies (1.27)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    writeFileSync(join(s.dir, 'app.conf'), 'listen 80\n');
    writeFileSync(join(s.dir, 'tls.crt'), s.adminCert);
    writeFileSync(join(s.dir, 'tls.key'), s.adminKey);
  });
  after(() => s?.close());

  const kc = async (args: string[], version = '1.33') => {
    const r = await s.kubectl(args, { version });
    assert.equal(r.code, 0, `kubectl ${version} ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const getJson = async (ns: string, what: string): Promise<Obj> => JSON.parse(await kc(['-n', ns, 'get', what, '-o', 'json']));

  it('kubectl 1.33 sends protobuf, 1.27 JSON (so both paths are exercised)', async () => {
    const r33 = await s.kubectl(['create', 'namespace', 'pb133', '-v=8']);
    assert.equal(r33.code, 0, r33.stderr);
    assert.equal(r33.stdout.trim(), 'namespace/pb133 created');
    assert.match(r33.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
    const r27 = await s.kubectl(['create', 'namespace', 'pb127', '-v=8'], { version: '1.27' });
    assert.equal(r27.code, 0, r27.stderr);
    assert.equal(r27.stdout.trim(), 'namespace/pb127 created');
    assert.doesNotMatch(r27.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
    assert.deepEqual(normalize(await getJson('default', 'namespace/pb133')).spec, { finalizers: ['kubernetes'] });
  });

  it('every create prints upstream\'s line and stores the same object either way', async () => {
    const old = creates(s.dir, '127');
    for (const [i, c] of creates(s.dir, '133').entries()) {
      assert.equal((await kc(['-n', 'pb133', ...c.args])).trim(), c.out);
      assert.equal((await kc(['-n', 'pb127', ...old[i]!.args], '1.27')).trim(), old[i]!.out);
      const viaProtobuf = normalize(await getJson('pb133', c.get));
      const viaJson = normalize(await getJson('pb127', old[i]!.get));
      assert.deepEqual(viaProtobuf, viaJson, c.get);
    }
  });

  it('the stored objects carry what the flags said', async () => {
    const web = await getJson('pb133', 'deployment/web');
    assert.equal(web.spec.replicas, 3);
    assert.deepEqual(web.spec.selector, { matchLabels: { app: 'web' } });
    const ctr = web.spec.template.spec.containers[0];
    assert.equal(ctr.image, 'nginx:1.25');
    assert.deepEqual(ctr.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.equal(web.spec.strategy.rollingUpdate.maxSurge, '25%');
    assert.equal((await getJson('pb133', 'deployment/zero')).spec.replicas, 0, 'a pointer field set to 0 stays 0');

    const cm = await getJson('pb133', 'configmap/cm');
    assert.deepEqual(cm.data, { a: 'b', 'app.conf': 'listen 80\n' });
    const gen = await getJson('pb133', 'secret/gen');
    assert.equal(gen.type, 'Opaque');
    assert.deepEqual(gen.data, { user: Buffer.from('admin').toString('base64'), 'app.conf': Buffer.from('listen 80\n').toString('base64') });
    const tls = await getJson('pb133', 'secret/tls');
    assert.equal(tls.type, 'kubernetes.io/tls');
    assert.equal(Buffer.from(tls.data['tls.crt'], 'base64').toString(), s.adminCert);
    assert.equal(Buffer.from(tls.data['tls.key'], 'base64').toString(), s.adminKey);
    const reg = await getJson('pb133', 'secret/reg');
    assert.equal(reg.type, 'kubernetes.io/dockerconfigjson');
    const auths = JSON.parse(Buffer.from(reg.data['.dockerconfigjson'], 'base64').toString()).auths;
    assert.deepEqual(Object.keys(auths), ['registry.example.com']);
    assert.equal(auths['registry.example.com'].username, 'u');

    const job = await getJson('pb133', 'job/once');
    assert.deepEqual(job.spec.template.spec.containers[0].command, ['echo', 'hi']);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    const cron = await getJson('pb133', 'cronjob/tick');
    assert.equal(cron.spec.schedule, '*/5 * * * *');
    assert.deepEqual(cron.spec.jobTemplate.spec.template.spec.containers[0].command, ['date']);

    const front = await getJson('pb133', 'service/front');
    assert.equal(front.spec.type, 'ClusterIP');
    assert.deepEqual(front.spec.ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    assert.match(front.spec.clusterIP, /^10\.43\./);
    const edge = await getJson('pb133', 'service/edge');
    assert.equal(edge.spec.type, 'NodePort');
    assert.ok(edge.spec.ports[0].nodePort >= 30000 && edge.spec.ports[0].nodePort <= 32767);
    assert.equal(edge.spec.ports[0].targetPort, 8443);

    assert.deepEqual((await getJson('pb133', 'role/reader')).rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
    assert.deepEqual((await getJson('pb133', 'clusterrolebinding/crb-133')).roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr-133' });
    const pc = await getJson('pb133', 'priorityclass/pc-133');
    assert.equal(pc.value, 1000);
    assert.equal(pc.description, 'important');
    assert.deepEqual((await getJson('pb133', 'resourcequota/q')).spec.hard, { cpu: '1', memory: '1G', pods: '2' });
    const pdb = await getJson('pb133', 'pdb/pdb');
    assert.equal(pdb.spec.minAvailable, 1, 'an IntOrString int');
    assert.deepEqual(pdb.spec.selector, { matchLabels: { app: 'web' } });
    const ing = await getJson('pb133', 'ingress/ing');
    assert.deepEqual(ing.spec.rules, [{ host: 'foo.example.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'front', port: { number: 8080 } } } }] } }]);
    assert.equal((await getJson('pb133', 'service/ext')).spec.externalName, 'example.com');
  });

  it('kubectl 1.33 autoscale sends its HorizontalPodAutoscaler as protobuf', async () => {
    const r = await s.kubectl(['-n', 'pb133', 'autoscale', 'deployment', 'web', '--min=1', '--max=3', '--cpu-percent=50', '-v=8']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'horizontalpodautoscaler.autoscaling/web autoscaled');
    assert.match(r.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
    const hpa = JSON.parse(await kc(['-n', 'pb133', 'get', 'hpa.v2.autoscaling', 'web', '-o', 'json']));
    assert.equal(hpa.spec.minReplicas, 1);
    assert.equal(hpa.spec.maxReplicas, 3);
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    assert.deepEqual(hpa.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
  });

  it('kubectl get shows the protobuf-created objects', async () => {
    const [header, ...rows] = parseKubectlTable(await kc(['-n', 'pb133', 'get', 'deployments']));
    assert.deepEqual(header, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['web', 'zero']);
  });

  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version} auth can-i answers yes (SelfSubjectAccessReview)`, async () => {
      assert.equal((await kc(['auth', 'can-i', 'create', 'pods'], version)).trim(), 'yes');
      assert.equal((await kc(['auth', 'can-i', 'delete', 'deployments.apps', '-n', 'pb133'], version)).trim(), 'yes');
      assert.equal((await kc(['auth', 'can-i', 'get', '/healthz'], version)).trim(), 'yes');
      assert.equal((await kc(['auth', 'can-i', '--list', '-n', 'pb133'], version)).trim(), [
        'Resources   Non-Resource URLs   Resource Names   Verbs',
        '*.*         []                  []               [*]',
        '            [*]                 []               [*]',
      ].join('\n'));
    });
  }

  it('kubectl 1.33 auth whoami prints the user and groups (SelfSubjectReview)', async () => {
    assert.deepEqual(parseKubectlTable(await kc(['auth', 'whoami'])), [
      ['ATTRIBUTE', 'VALUE'],
      ['Username', 'admin'],
      ['Groups', '[system:masters system:authenticated]'],
    ]);
    const o = JSON.parse(await kc(['auth', 'whoami', '-o', 'json']));
    assert.equal(o.kind, 'SelfSubjectReview');
    assert.equal(o.apiVersion, 'authentication.k8s.io/v1');
    assert.deepEqual(o.status.userInfo, { username: 'admin', groups: ['system:masters', 'system:authenticated'] });
    assert.match(o.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('kubectl 1.27 auth whoami only knows the v1alpha1/v1beta1 APIs that 1.33 no longer serves', async () => {
    const r = await s.kubectl(['auth', 'whoami'], { version: '1.27' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the selfsubjectreviews API is not enabled in the cluster/);
  });
});
