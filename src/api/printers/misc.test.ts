import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printerFor } from './index.js';
import { createdAtPrinter, hpaPrinter, hpaTargets, hpaV1Printer, leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter, roleBindingPrinter, storageClassPrinter } from './misc.js';
import { endpointSlicePrinter, ingressClassPrinter, ingressHosts, ingressPrinter, networkPolicyPrinter } from './networking.js';
import { csiDriverPrinter, csiNodePrinter, csiStorageCapacityPrinter, runtimeClassPrinter, volumeAttachmentPrinter } from './storage.js';

type Obj = Record<string, any>;
const NOW = Date.parse('2026-12-02T10:00:00Z');
const meta = (extra: Obj = {}) => ({ name: 'x', creationTimestamp: '2026-12-02T06:59:59.500Z', ...extra });

test('HPA TARGETS for every metric source', () => {
  const res = (name: string, target: Obj) => ({ type: 'Resource', resource: { name, target } });
  assert.equal(hpaTargets({ spec: {} }), '<none>');
  assert.equal(hpaTargets({ spec: { metrics: [res('cpu', { type: 'Utilization', averageUtilization: 80 })] } }), 'cpu: <unknown>/80%');
  assert.equal(
    hpaTargets({ spec: { metrics: [res('cpu', { type: 'Utilization', averageUtilization: 80 }), res('memory', { type: 'AverageValue', averageValue: '1Gi' })] }, status: { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 41 } } }, { type: 'Resource', resource: { name: 'memory', current: { averageValue: '512Mi' } } }] } }),
    'cpu: 41%/80%, memory: 512Mi/1Gi',
  );
  const pods = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } };
  const ext = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } };
  const obj = { type: 'Object', object: { metric: { name: 'hits' }, target: { type: 'AverageValue', averageValue: '5' } } };
  assert.equal(hpaTargets({ spec: { metrics: [pods, ext] }, status: { currentMetrics: [{ type: 'Pods', pods: { current: { averageValue: '7' } } }] } }), '7/10, <unknown>/30');
  assert.equal(hpaTargets({ spec: { metrics: [pods, ext, obj] } }), '<unknown>/10, <unknown>/30 + 1 more...');
  assert.equal(hpaTargets({ spec: { metrics: [obj] } }), '<unknown>/5 (avg)');
  assert.equal(hpaTargets({ spec: { metrics: [res('cpu', { type: 'Utilization' })] } }), 'cpu: <unknown>/<auto>');
  const h = { metadata: meta({ name: 'web' }), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 10, metrics: [res('cpu', { type: 'Utilization', averageUtilization: 80 })] }, status: { currentReplicas: 2 } };
  assert.deepEqual(hpaPrinter.row(h, NOW).cells, ['web', 'Deployment/web', 'cpu: <unknown>/80%', '<unset>', 10, 2, '3h']);
  const v1 = { metadata: meta(), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 }, status: { currentReplicas: 1, currentCPUUtilizationPercentage: 20 } };
  assert.deepEqual(hpaV1Printer.row(v1, NOW).cells, ['x', 'Deployment/web', 'cpu: 20%/50%', 1, 5, 1, '3h']);
});

test('storage classes, leases, priority classes, PDBs', () => {
  const sc = { metadata: meta({ name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), provisioner: 'rancher.io/local-path' };
  assert.deepEqual(storageClassPrinter.row(sc, NOW).cells, ['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '3h']);
  assert.deepEqual(leasePrinter.row({ metadata: meta(), spec: { holderIdentity: 'node-a' } }, NOW).cells, ['x', 'node-a', '3h']);
  assert.deepEqual(priorityClassPrinter.row({ metadata: meta(), value: 1000, globalDefault: true }, NOW).cells, ['x', 1000, true, '3h', 'PreemptLowerPriority']);
  assert.deepEqual(podDisruptionBudgetPrinter.row({ metadata: meta(), spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }, NOW).cells, ['x', '50%', 'N/A', 1, '3h']);
  assert.deepEqual(podDisruptionBudgetPrinter.row({ metadata: meta(), spec: { maxUnavailable: 1 } }, NOW).cells, ['x', 'N/A', '1', 0, '3h']);
});

test('runtime classes and the CSI objects', () => {
  assert.deepEqual(runtimeClassPrinter.row({ metadata: meta(), handler: 'runsc' }, NOW).cells, ['x', 'runsc', '3h']);
  const driver = { metadata: meta(), spec: { attachRequired: false, podInfoOnMount: true, storageCapacity: true, requiresRepublish: false, volumeLifecycleModes: ['Persistent', 'Ephemeral'], tokenRequests: [{ audience: 'a' }, { audience: 'b' }] } };
  assert.deepEqual(csiDriverPrinter.row(driver, NOW).cells, ['x', false, true, true, 'a,b', false, 'Persistent,Ephemeral', '3h']);
  // What upstream prints for fields it finds unset.
  assert.deepEqual(csiDriverPrinter.row({ metadata: meta(), spec: {} }, NOW).cells, ['x', true, false, false, '<unset>', false, '<none>', '3h']);
  assert.deepEqual(csiNodePrinter.row({ metadata: meta(), spec: { drivers: [{ name: 'a' }, { name: 'b' }] } }, NOW).cells, ['x', 2, '3h']);
  assert.deepEqual(csiStorageCapacityPrinter.row({ metadata: meta(), storageClassName: 'fast', capacity: '1Gi' }, NOW).cells, ['x', 'fast', '1Gi']);
  assert.deepEqual(csiStorageCapacityPrinter.row({ metadata: meta(), storageClassName: 'fast' }, NOW).cells, ['x', 'fast', '<unset>']);
  const va = { metadata: meta(), spec: { attacher: 'csi.example.com', nodeName: 'node-a', source: { persistentVolumeName: 'pv-1' } }, status: { attached: true } };
  assert.deepEqual(volumeAttachmentPrinter.row(va, NOW).cells, ['x', 'csi.example.com', 'pv-1', 'node-a', true, '3h']);
  assert.deepEqual(volumeAttachmentPrinter.row({ metadata: meta(), spec: { source: { inlineVolumeSpec: {} } } }, NOW).cells, ['x', '', '', '', false, '3h']);
});

test('role bindings, and NAME + CREATED AT for roles and CRDs', () => {
  const b = { metadata: meta(), roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'User', name: 'bob' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', namespace: 'ci', name: 'runner' }] };
  assert.deepEqual(roleBindingPrinter.row(b, NOW).cells, ['x', 'ClusterRole/view', '3h', 'alice, bob', 'devs', 'ci/runner']);
  assert.deepEqual(createdAtPrinter.row({ metadata: meta() }, NOW).cells, ['x', '2026-12-02T06:59:59Z']);
  assert.deepEqual(createdAtPrinter.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Created At', 'date']]);
});

test('ingresses, ingress classes, network policies, endpoint slices', () => {
  assert.equal(ingressHosts([]), '*');
  assert.equal(ingressHosts([{ http: {} }]), '*');
  assert.equal(ingressHosts([{ host: 'a.example.com' }, { host: 'b.example.com' }]), 'a.example.com,b.example.com');
  assert.equal(ingressHosts([{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, { host: 'e' }]), 'a,b,c + 2 more...');
  const ing = { metadata: meta(), spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }], tls: [{ hosts: ['a.example.com'] }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
  assert.deepEqual(ingressPrinter.row(ing, NOW).cells, ['x', 'nginx', 'a.example.com', '1.2.3.4', '80, 443', '3h']);
  assert.deepEqual(ingressPrinter.row({ metadata: meta(), spec: {} }, NOW).cells, ['x', '<none>', '*', '', '80', '3h']);
  assert.deepEqual(ingressClassPrinter.row({ metadata: meta(), spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' } } }, NOW).cells, ['x', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/p', '3h']);
  assert.deepEqual(networkPolicyPrinter.row({ metadata: meta(), spec: { podSelector: {} } }, NOW).cells, ['x', '<none>', '3h']);
  assert.deepEqual(networkPolicyPrinter.row({ metadata: meta(), spec: { podSelector: { matchLabels: { app: 'db' } } } }, NOW).cells, ['x', 'app=db', '3h']);
  const slice = { metadata: meta(), addressType: 'IPv4', ports: [{ port: 80 }, { name: 'x' }, {}, { port: 9 }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3', '10.0.0.4'] }] };
  assert.deepEqual(endpointSlicePrinter.row(slice, NOW).cells, ['x', 'IPv4', '80,x,* + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '3h']);
  assert.deepEqual(endpointSlicePrinter.row({ metadata: meta(), addressType: 'IPv4' }, NOW).cells.slice(2, 4), ['<unset>', '<unset>']);
});

test('printerFor: every built-in resource has upstream columns, others NAME + Created At', () => {
  const header = (g: string, v: string, r: string) => printerFor(g, v, r).columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()).join(' ');
  const cases: [string, string, string, string][] = [
    ['', 'v1', 'pods', 'NAME READY STATUS RESTARTS AGE'],
    ['', 'v1', 'nodes', 'NAME STATUS ROLES AGE VERSION'],
    ['', 'v1', 'services', 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE'],
    ['', 'v1', 'endpoints', 'NAME ENDPOINTS AGE'],
    ['', 'v1', 'configmaps', 'NAME DATA AGE'],
    ['', 'v1', 'secrets', 'NAME TYPE DATA AGE'],
    ['', 'v1', 'namespaces', 'NAME STATUS AGE'],
    ['', 'v1', 'serviceaccounts', 'NAME SECRETS AGE'],
    ['', 'v1', 'replicationcontrollers', 'NAME DESIRED CURRENT READY AGE'],
    ['', 'v1', 'persistentvolumes', 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE'],
    ['', 'v1', 'persistentvolumeclaims', 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE'],
    ['', 'v1', 'events', 'LAST SEEN TYPE REASON OBJECT MESSAGE'],
    ['', 'v1', 'limitranges', 'NAME CREATED AT'],
    ['', 'v1', 'resourcequotas', 'NAME AGE REQUEST LIMIT'],
    ['', 'v1', 'podtemplates', 'NAME CONTAINERS IMAGES POD LABELS'],
    ['apps', 'v1', 'deployments', 'NAME READY UP-TO-DATE AVAILABLE AGE'],
    ['apps', 'v1', 'replicasets', 'NAME DESIRED CURRENT READY AGE'],
    ['apps', 'v1', 'statefulsets', 'NAME READY AGE'],
    ['apps', 'v1', 'daemonsets', 'NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE'],
    ['apps', 'v1', 'controllerrevisions', 'NAME CONTROLLER REVISION AGE'],
    ['batch', 'v1', 'jobs', 'NAME STATUS COMPLETIONS DURATION AGE'],
    ['batch', 'v1', 'cronjobs', 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE'],
    ['autoscaling', 'v2', 'horizontalpodautoscalers', 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE'],
    ['autoscaling', 'v1', 'horizontalpodautoscalers', 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE'],
    ['certificates.k8s.io', 'v1', 'certificatesigningrequests', 'NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION'],
    ['policy', 'v1', 'poddisruptionbudgets', 'NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE'],
    ['networking.k8s.io', 'v1', 'ingresses', 'NAME CLASS HOSTS ADDRESS PORTS AGE'],
    ['networking.k8s.io', 'v1', 'ingressclasses', 'NAME CONTROLLER PARAMETERS AGE'],
    ['networking.k8s.io', 'v1', 'networkpolicies', 'NAME POD-SELECTOR AGE'],
    ['storage.k8s.io', 'v1', 'storageclasses', 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE'],
    ['storage.k8s.io', 'v1', 'csidrivers', 'NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS REQUIRESREPUBLISH MODES AGE'],
    ['storage.k8s.io', 'v1', 'csinodes', 'NAME DRIVERS AGE'],
    ['storage.k8s.io', 'v1', 'csistoragecapacities', 'NAME STORAGECLASSNAME CAPACITY'],
    ['storage.k8s.io', 'v1', 'volumeattachments', 'NAME ATTACHER PV NODE ATTACHED AGE'],
    ['node.k8s.io', 'v1', 'runtimeclasses', 'NAME HANDLER AGE'],
    ['rbac.authorization.k8s.io', 'v1', 'roles', 'NAME CREATED AT'],
    ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'NAME CREATED AT'],
    ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'NAME ROLE AGE'],
    ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'NAME ROLE AGE'],
    ['coordination.k8s.io', 'v1', 'leases', 'NAME HOLDER AGE'],
    ['discovery.k8s.io', 'v1', 'endpointslices', 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE'],
    ['events.k8s.io', 'v1', 'events', 'LAST SEEN TYPE REASON OBJECT MESSAGE'],
    ['scheduling.k8s.io', 'v1', 'priorityclasses', 'NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY'],
    ['admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'NAME WEBHOOKS AGE'],
    ['admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'NAME WEBHOOKS AGE'],
    ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'NAME CREATED AT'],
    ['example.com', 'v1', 'unknowns', 'NAME CREATED AT'],
  ];
  for (const [g, v, r, want] of cases) assert.equal(header(g, v, r), want, `${g}/${v}/${r}`);
  for (const [g, v, r] of cases) {
    const p = printerFor(g, v, r);
    assert.equal(p.row({ metadata: meta() }, NOW).cells.length, p.columns.length, `${g}/${r}: one cell per column for an empty object`);
  }
});
