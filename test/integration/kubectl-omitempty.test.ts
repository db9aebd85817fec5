// `kubectl create -f` with empty values in omitempty fields: upstream decodes into Go structs, so
// `apiGroup: ""`, `hostIP: ""`, `hostPort: 0`, `labels: {}` ... are not stored and `get -o json`
// does not show them, while pointer fields (`replicas: 0`) and fields without omitempty
// (`containerPort`, a container's `name`) keep what was sent. kubectl 1.33 (protobuf bodies for
// `create <kind>`, JSON for -f) and 1.27 (JSON) store the same.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Obj = Record<string, any>;

const manifests = (ns: string): Obj[] => [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rb', namespace: ns, labels: {} },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [
      { kind: 'ServiceAccount', apiGroup: '', name: 'default', namespace: ns },
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane', namespace: '' },
    ],
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns, annotations: {} },
    spec: {
      replicas: 0,
      minReadySeconds: 0,
      paused: false,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          hostNetwork: false,
          nodeName: '',
          containers: [{ name: 'nginx', image: 'nginx', workingDir: '', env: [], stdin: false, ports: [{ name: '', containerPort: 80, hostPort: 0, hostIP: '' }] }],
        },
      },
    },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: ns, finalizers: [] }, data: {}, immutable: false },
];

describe('kubectl create -f with empty values in omitempty fields', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s?.close());

  for (const version of ['1.33', '1.27']) {
    it(`kubectl ${version}: get -o json shows what upstream stores`, async () => {
      const ns = `omit-${version.replace('.', '-')}`;
      const kc = async (args: string[], input?: string) => {
        const r = await s.kubectl(args, { version, input });
        assert.equal(r.code, 0, `kubectl ${version} ${args.join(' ')}: ${r.stderr}`);
        return r.stdout;
      };
      assert.equal((await kc(['create', 'namespace', ns])).trim(), `namespace/${ns} created`);
      const out = await kc(['create', '-f', '-'], manifests(ns).map((m) => JSON.stringify(m)).join('\n'));
      assert.deepEqual(out.trim().split('\n'), ['rolebinding.rbac.authorization.k8s.io/rb created', 'deployment.apps/web created', 'configmap/cm created']);
      const get = async (what: string): Promise<Obj> => JSON.parse(await kc(['-n', ns, 'get', what, '-o', 'json']));

      const rb = await get('rolebinding/rb');
      assert.deepEqual(rb.subjects, [
        { kind: 'ServiceAccount', name: 'default', namespace: ns },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
      ]);
      assert.equal(rb.metadata.labels, undefined);

      const web = await get('deployment/web');
      assert.equal(web.spec.replicas, 0, 'a pointer keeps 0');
      assert.equal(web.spec.minReadySeconds, undefined);
      assert.equal(web.spec.paused, undefined);
      assert.equal(web.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
      const pod = web.spec.template.spec;
      assert.equal(pod.hostNetwork, undefined);
      assert.equal(pod.nodeName, undefined);
      const c = pod.containers[0];
      assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }], 'hostIP/hostPort/name gone, protocol defaulted');
      for (const k of ['workingDir', 'env', 'stdin']) assert.equal(c[k], undefined, k);

      const cm = await get('configmap/cm');
      assert.equal(cm.data, undefined);
      assert.equal(cm.immutable, false, 'a pointer keeps false');
      assert.equal(cm.metadata.finalizers, undefined);

      const yaml = await kc(['-n', ns, 'get', 'rolebinding/rb', '-o', 'yaml']);
      assert.doesNotMatch(yaml, /apiGroup: ""/);
    });
  }
});
