import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObj } from '../../resource-info.js';
import { defaultPodSpec, podStrategy, qosClassOf } from './pod.js';
import { validatePodSpec, validatePodTemplateSpec } from './pod-spec-validation.js';
import { fieldErrorString } from '../../field-errors.js';
import { create, stored, update, updateStatus } from './test-harness.js';

type Obj = Record<string, any>;
const pod = (spec: Obj = {}, meta: Obj = {}): KObj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...meta },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const errorsOf = (p: KObj) => create(podStrategy, p).errors;
const withContainer = (c: Obj, spec: Obj = {}) => errorsOf(pod({ ...spec, containers: [{ name: 'c', image: 'nginx', ...c }] }));

test('a valid pod passes and gets upstream defaults', () => {
  const { obj, errors } = create(podStrategy, pod({ containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } } }] }));
  assert.deepEqual(errors, []);
  const spec = obj.spec as Obj;
  const c = spec.containers[0];
  assert.equal(c.imagePullPolicy, 'IfNotPresent');
  assert.equal(c.terminationMessagePath, '/dev/termination-log');
  assert.equal(c.terminationMessagePolicy, 'File');
  assert.equal(c.ports[0].protocol, 'TCP');
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(c.resources, {});
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  assert.equal(spec.serviceAccountName, 'default');
  assert.equal(spec.serviceAccount, 'default');
  assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

test('image pull policy follows the tag', () => {
  const policy = (image: string) => (create(podStrategy, pod({ containers: [{ name: 'c', image }] })).obj.spec as Obj).containers[0].imagePullPolicy;
  assert.equal(policy('nginx'), 'Always');
  assert.equal(policy('nginx:latest'), 'Always');
  assert.equal(policy('registry:5000/nginx'), 'Always');
  assert.equal(policy('nginx:1.25'), 'IfNotPresent');
  assert.equal(policy('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'IfNotPresent');
});

test('volume, env and resource defaults', () => {
  const { obj } = create(
    podStrategy,
    pod({
      hostNetwork: true,
      containers: [
        {
          name: 'c',
          image: 'i:1',
          ports: [{ containerPort: 8080 }],
          env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          resources: { limits: { cpu: '1000m', memory: '1Gi' } },
        },
      ],
      volumes: [
        { name: 'a' },
        { name: 'b', configMap: { name: 'cm' } },
        { name: 'c', secret: { secretName: 's' } },
        { name: 'd', hostPath: { path: '/x' } },
        { name: 'e', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } },
      ],
    }),
  );
  const spec = obj.spec as Obj;
  const c = spec.containers[0];
  assert.deepEqual(c.resources, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  assert.equal(c.ports[0].hostPort, 8080);
  assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(spec.volumes[0], { name: 'a', emptyDir: {} });
  assert.equal(spec.volumes[1].configMap.defaultMode, 420);
  assert.equal(spec.volumes[2].secret.defaultMode, 420);
  assert.equal(spec.volumes[3].hostPath.type, '');
  assert.equal(spec.volumes[4].projected.defaultMode, 420);
  assert.equal(spec.volumes[4].projected.sources[0].serviceAccountToken.expirationSeconds, 3600);
  assert.equal((obj.status as Obj).qosClass, 'Guaranteed');
});

test('QoS classes', () => {
  assert.equal(qosClassOf({ containers: [{}] }), 'BestEffort');
  assert.equal(qosClassOf({ containers: [{ resources: { requests: { cpu: '1' } } }] }), 'Burstable');
  assert.equal(qosClassOf({ containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1Gi' } } }] }), 'Guaranteed');
  assert.equal(qosClassOf({ containers: [{ resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] }), 'Burstable');
});

test('container errors', () => {
  assert.deepEqual(errorsOf(pod({ containers: [] })), ['spec.containers: Required value']);
  assert.deepEqual(errorsOf(pod({ containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b' }] })), ['spec.containers[1].name: Duplicate value: "c"']);
  assert.deepEqual(errorsOf(pod({ containers: [{ image: 'a' }] })), ['spec.containers[0].name: Required value']);
  assert.deepEqual(withContainer({ name: 'Bad_Name' }), [
    "spec.containers[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(withContainer({ image: '' }), ['spec.containers[0].image: Required value']);
  assert.deepEqual(withContainer({ image: ' nginx' }), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
  assert.deepEqual(withContainer({ imagePullPolicy: 'Sometimes' }), [
    'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
  ]);
  assert.deepEqual(withContainer({ restartPolicy: 'Always' }), ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers']);
});

test('container ports', () => {
  assert.deepEqual(withContainer({ ports: [{ containerPort: 0 }] }), ['spec.containers[0].ports[0].containerPort: Required value']);
  assert.deepEqual(withContainer({ ports: [{ containerPort: 70000, hostPort: -1, name: 'http--x' }] }), [
    'spec.containers[0].ports[0].name: Invalid value: "http--x": must not contain consecutive hyphens',
    'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
  ]);
  assert.deepEqual(withContainer({ ports: [{ containerPort: 80, protocol: 'FOO' }] }), [
    'spec.containers[0].ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
  ]);
  assert.deepEqual(withContainer({ ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http' }] }), ['spec.containers[0].ports[1].name: Duplicate value: "http"']);
  assert.deepEqual(withContainer({ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 }] }), [
    'spec.containers[0].ports[1].hostPort: Duplicate value: "TCP//8080"',
  ]);
  assert.deepEqual(withContainer({ ports: [{ containerPort: 80, hostPort: 81 }] }, { hostNetwork: true }), [
    'spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
  ]);
});

test('environment', () => {
  assert.deepEqual(
    withContainer({
      env: [
        { name: '' },
        { name: 'A=B' },
        { name: 'X', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'Y', valueFrom: {} },
        { name: 'Z', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } },
        { name: 'W', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
        { name: 'V', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a b' }, resourceFieldRef: { resource: 'limits.cpu', divisor: '1Ki' } } },
      ],
    }),
    [
      'spec.containers[0].env[0].name: Required value',
      "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus',
      'spec.containers[0].env[5].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      "spec.containers[0].env[6].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
      "spec.containers[0].env[6].valueFrom.configMapKeyRef.key: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'spec.containers[0].env[6].valueFrom: Invalid value: "": may not have more than one field specified at a time',
    ],
  );
  assert.deepEqual(withContainer({ envFrom: [{ prefix: 'a=' }, { configMapRef: { name: 'a' }, secretRef: { name: 'b' } }] }), [
    "spec.containers[0].envFrom[0].prefix: Invalid value: \"a=\": a valid environment variable name must consist only of printable ASCII characters other than '='",
    'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
    'spec.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time',
  ]);
});

test('volumes and mounts', () => {
  assert.deepEqual(withContainer({ volumeMounts: [{ name: 'x', mountPath: '/x' }] }), ['spec.containers[0].volumeMounts[0].name: Not found: "x"']);
  assert.deepEqual(
    withContainer(
      { volumeMounts: [{ name: 'v', mountPath: '/a' }, { name: 'v', mountPath: '/a', subPath: '/abs', mountPropagation: 'Bidirectional' }] },
      { volumes: [{ name: 'v', emptyDir: {} }] },
    ),
    [
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path',
      'spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers',
    ],
  );
  assert.deepEqual(
    errorsOf(
      pod({
        volumes: [
          { name: 'a', emptyDir: {}, hostPath: { path: '/x' } },
          { name: 'a', emptyDir: {} },
          { name: 'h', hostPath: { path: '../x', type: 'Foo' } },
          { name: 'cm', configMap: { defaultMode: 1000 } },
          { name: 's', secret: {} },
          { name: 'e', emptyDir: { sizeLimit: '-1Gi' } },
          { name: 'n', nfs: { server: 's', path: 'rel' } },
          { name: 'Bad', emptyDir: {} },
          { name: 'p', projected: { sources: [{ configMap: { name: 'a', items: [{ key: 'k', path: 'x' }] }, secret: { name: 'b' } }] } },
        ],
      }),
    ),
    [
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      "spec.volumes[2].hostPath.path: Invalid value: \"../x\": must not contain '..'",
      'spec.volumes[2].hostPath.type: Unsupported value: "Foo": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      'spec.volumes[3].configMap.name: Required value',
      'spec.volumes[3].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[4].secret.secretName: Required value',
      'spec.volumes[5].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
      'spec.volumes[6].nfs.path: Invalid value: "rel": must be an absolute path',
      "spec.volumes[7].name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.volumes[8].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source',
    ],
  );
  assert.deepEqual(errorsOf(pod({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'a', configMap: { name: 'x' } }] })), ['spec.volumes[1].name: Duplicate value: "a"']);
});

test('resources', () => {
  assert.deepEqual(withContainer({ resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }), [
    'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
  ]);
  assert.deepEqual(withContainer({ resources: { limits: { foo: '1' }, requests: { memory: '-1' } } }), [
    'spec.containers[0].resources.limits[foo]: Invalid value: foo: must be a standard resource type or fully qualified',
    'spec.containers[0].resources.limits[foo]: Invalid value: foo: must be a standard resource for containers',
    'spec.containers[0].resources.requests[foo]: Invalid value: foo: must be a standard resource type or fully qualified',
    'spec.containers[0].resources.requests[foo]: Invalid value: foo: must be a standard resource for containers',
    'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
  ]);
  assert.deepEqual(withContainer({ resources: { limits: { 'example.com/gpu': '2' }, requests: { 'example.com/gpu': '1' } } }), [
    'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
  ]);
  assert.deepEqual(withContainer({ resources: { limits: { 'example.com/gpu': '500m' } } }), [
    'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: 500m: must be an integer',
    'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer',
  ]);
  assert.deepEqual(withContainer({ resources: { limits: { 'hugepages-2Mi': '3Mi' } } }), [
    'spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
    'spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
    'spec.containers[0].resources: Forbidden: HugePages require cpu or memory',
  ]);
  assert.deepEqual(withContainer({ resizePolicy: [{ resourceName: 'gpu', restartPolicy: 'Later' }] }), [
    'spec.containers[0].resizePolicy: Unsupported value: gpu: supported values: "cpu", "memory"',
    'spec.containers[0].resizePolicy: Unsupported value: "Later": supported values: "NotRequired", "RestartContainer"',
  ]);
});

test('probes and lifecycle', () => {
  assert.deepEqual(withContainer({ livenessProbe: { successThreshold: 2, initialDelaySeconds: -1 }, readinessProbe: { exec: { command: [] }, httpGet: { port: 80 } } }), [
    'spec.containers[0].livenessProbe: Required value: must specify a handler type',
    'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
    'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    'spec.containers[0].readinessProbe.exec.command: Required value',
    'spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
  ]);
  assert.deepEqual(withContainer({ startupProbe: { tcpSocket: { port: 'Http' }, terminationGracePeriodSeconds: 0 } }), [
    'spec.containers[0].startupProbe.tcpSocket.port: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.containers[0].startupProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0',
  ]);
  assert.deepEqual(withContainer({ lifecycle: { preStop: { sleep: { seconds: 60 } } } }), [
    'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)',
  ]);
});

test('init and ephemeral containers', () => {
  assert.deepEqual(errorsOf(pod({ initContainers: [{ name: 'c', image: 'x', livenessProbe: { exec: { command: ['x'] } }, restartPolicy: 'Never' }] })), [
    'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
    'spec.initContainers[0].name: Duplicate value: "c"',
    'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
  ]);
  assert.deepEqual(errorsOf(pod({ initContainers: [{ name: 'side', image: 'x', restartPolicy: 'Always', readinessProbe: { exec: { command: ['x'] } } }] })), []);
  assert.deepEqual(errorsOf(pod({ ephemeralContainers: [{ name: 'e', image: 'x' }] })), ['spec.ephemeralContainers: Forbidden: cannot be set on create']);
});

test('pod-level fields', () => {
  assert.deepEqual(errorsOf(pod({ restartPolicy: 'Sometimes' })), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']);
  assert.deepEqual(errorsOf(pod({ dnsPolicy: 'Bogus' })), [
    'spec.dnsPolicy: Unsupported value: "Bogus": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
  ]);
  assert.deepEqual(errorsOf(pod({ dnsPolicy: 'None' })), ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
  assert.deepEqual(errorsOf(pod({ dnsConfig: { nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3', 'x'], searches: ['ok.example.com.', '_srv.example.com', 'Bad'] } })), [
    'spec.dnsConfig.nameservers: Invalid value: []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "x"}: must not have more than 3 nameservers',
    'spec.dnsConfig.nameservers[3]: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    "spec.dnsConfig.searches[2]: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(errorsOf(pod({ activeDeadlineSeconds: 0 })), ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']);
  assert.deepEqual(errorsOf(pod({ hostname: 'a.b', serviceAccountName: 'Bad SA' })), [
    "spec.serviceAccountName: Invalid value: \"Bad SA\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    'spec.hostname: Invalid value: "a.b": must not contain dots',
  ]);
  assert.deepEqual(errorsOf(pod({ nodeSelector: { 'bad key!': 'v' } })), [
    "spec.nodeSelector: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(errorsOf(pod({ imagePullSecrets: [{ name: 'a', other: 'b' }] })), ['spec.imagePullSecrets[0]: Invalid value: core.LocalObjectReference{Name:"a"}: only name may be set']);
  assert.deepEqual(errorsOf(pod({ schedulingGates: [{ name: 'a' }, { name: 'a' }], nodeName: 'n' })), [
    'spec.schedulingGates[1]: Duplicate value: "a"',
    'spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared',
  ]);
  assert.deepEqual(errorsOf(pod({ os: { name: 'plan9' } })), ['spec.os: Unsupported value: "plan9": supported values: "linux", "windows"']);
  assert.deepEqual(errorsOf(pod({ os: { name: 'windows' }, hostPID: true })), ['spec.hostPID: Forbidden: cannot be set for a windows pod']);
});

test('tolerations, affinity and topology spread', () => {
  assert.deepEqual(errorsOf(pod({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }, { operator: 'Equal', value: 'x' }, { key: 'k', effect: 'Bogus', tolerationSeconds: 5 }] })), [
    "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    'spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    "spec.tolerations[2].effect: Invalid value: \"Bogus\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    'spec.tolerations[2].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
  ]);
  assert.deepEqual(
    errorsOf(
      pod({
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] }, preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }] },
        },
      }),
    ),
    [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
  );
  assert.deepEqual(errorsOf(pod({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Maybe' }] })), [
    'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
    'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
    'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
  ]);
});

test('security contexts', () => {
  assert.deepEqual(
    errorsOf(
      pod({
        hostNetwork: true,
        securityContext: { runAsUser: -1, sysctls: [{ name: 'net.ipv4.ip_forward' }, { name: 'Bad!' }] },
        containers: [{ name: 'c', image: 'x', securityContext: { procMount: 'Weird', seccompProfile: { type: 'Localhost' } } }],
      }),
    ),
    [
      'spec.containers[0].securityContext.procMount: Unsupported value: "Weird": supported values: "Default", "Unmasked"',
      'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      'spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      "spec.securityContext.sysctls[0].name: Invalid value: \"net.ipv4.ip_forward\": may not be specified when 'hostNetwork' is true",
      'spec.securityContext.sysctls[1].name: Invalid value: "Bad!": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
    ],
  );
});

test('pod annotations', () => {
  assert.deepEqual(errorsOf(pod({}, { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+1' } })), [
    'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer',
  ]);
  assert.deepEqual(errorsOf(pod({}, { annotations: { 'kubernetes.io/config.mirror': 'x' } })), [
    'metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set',
  ]);
});

test('pod updates', () => {
  const old = stored(podStrategy, pod({ tolerations: [{ key: 'a', operator: 'Exists' }] }));
  const next = structuredClone(old) as Obj;
  next.spec.containers[0].image = 'nginx:2';
  next.spec.activeDeadlineSeconds = 10;
  next.spec.tolerations.push({ key: 'b', operator: 'Exists' });
  assert.deepEqual(update(podStrategy, old, next).errors, []);
  const bad = structuredClone(old) as Obj;
  bad.spec.restartPolicy = 'Never';
  const errs = update(podStrategy, old, bad).errors;
  assert.equal(errs.length, 1);
  assert.ok(
    errs[0]!.startsWith(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
    ),
    errs[0],
  );
  const added = structuredClone(old) as Obj;
  added.spec.containers.push({ name: 'd', image: 'x' });
  assert.deepEqual(update(podStrategy, old, added).errors, ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  const tol = structuredClone(old) as Obj;
  tol.spec.tolerations = [];
  assert.deepEqual(update(podStrategy, old, tol).errors, ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  const withDeadline = stored(podStrategy, pod({ activeDeadlineSeconds: 10 }));
  const longer = structuredClone(withDeadline) as Obj;
  longer.spec.activeDeadlineSeconds = 20;
  assert.deepEqual(update(podStrategy, withDeadline, longer).errors, ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value']);
});

test('pod status updates', () => {
  const old = stored(podStrategy, pod());
  assert.deepEqual(updateStatus(podStrategy, old, { phase: 'Running', qosClass: 'BestEffort', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] }).errors, []);
  assert.deepEqual(updateStatus(podStrategy, old, { phase: 'Running', qosClass: 'Guaranteed', podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], conditions: [{ type: 'bad type!' }] }).errors, [
    "metadata.conditions[0].Type: Invalid value: \"bad type!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'status.qosClass: Invalid value: "Guaranteed": field is immutable',
    'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.2"}}: may specify no more than one IP for each IP family',
  ]);
});

test('pod templates and specs embedded in other kinds', () => {
  const spec = { containers: [{ name: 'c', image: 'x' }] };
  defaultPodSpec(spec);
  assert.deepEqual(validatePodSpec(spec, 'spec.template.spec'), []);
  assert.deepEqual(
    validatePodTemplateSpec({ metadata: { labels: { a: '-' } }, spec: { ...spec, restartPolicy: 'Bad' } }, 'spec.template').map(fieldErrorString),
    [
      "spec.template.labels: Invalid value: \"-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'spec.template.spec.restartPolicy: Unsupported value: "Bad": supported values: "Always", "OnFailure", "Never"',
    ],
  );
  assert.deepEqual(validatePodTemplateSpec({ spec: { ...spec, ephemeralContainers: [{ name: 'e', image: 'x', terminationMessagePolicy: 'File', imagePullPolicy: 'Always' }] } }, 'template').map(fieldErrorString), [
    'template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template',
  ]);
});

test('never throws on odd input', () => {
  for (const spec of [null, 'x', 5, [], { containers: 'x' }, { containers: [null, 5, 'x'] }, { volumes: [{ name: 5, hostPath: 'x' }] }, { containers: [{ ports: 'x', env: {}, resources: [] }] }]) {
    const p = { metadata: { name: 'p' }, spec } as KObj;
    assert.doesNotThrow(() => create(podStrategy, p));
  }
});

test('selectable fields', () => {
  const { obj } = create(podStrategy, pod({ nodeName: 'n1' }));
  assert.deepEqual(podStrategy.selectableFields!(obj), {
    'spec.nodeName': 'n1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'default',
    'spec.hostNetwork': 'false',
    'status.phase': 'Pending',
    'status.podIP': '',
    'status.nominatedNodeName': '',
  });
});
