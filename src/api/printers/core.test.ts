import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accessModes,
  componentStatusPrinter,
  configMapPrinter,
  eventPrinter,
  eventsV1Printer,
  formatEndpoints,
  nodePrinter,
  nodeRoles,
  nodeStatus,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceExternalIP,
  servicePorts,
  servicePrinter,
} from './core.js';

type Obj = Record<string, any>;
const NOW = Date.parse('2026-12-02T10:00:00Z');
const meta = (extra: Obj = {}) => ({ name: 'x', creationTimestamp: '2026-12-02T09:00:00Z', ...extra });

test('node STATUS and ROLES', () => {
  const ready = (s: string) => ({ status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: s }] } });
  assert.equal(nodeStatus(ready('True')), 'Ready');
  assert.equal(nodeStatus(ready('False')), 'NotReady');
  assert.equal(nodeStatus(ready('Unknown')), 'NotReady');
  assert.equal(nodeStatus({}), 'Unknown');
  assert.equal(nodeStatus({ ...ready('True'), spec: { unschedulable: true } }), 'Ready,SchedulingDisabled');
  assert.equal(nodeStatus({ spec: { unschedulable: true } }), 'Unknown,SchedulingDisabled');
  assert.equal(nodeRoles({ metadata: { labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': 'true', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': 'x' } } }), 'control-plane,master,worker');
  assert.equal(nodeRoles({ metadata: { labels: { 'kubernetes.io/hostname': 'n' } } }), '<none>');
});

test('node row with the wide columns', () => {
  const node = {
    metadata: meta({ name: 'n1' }),
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }, { type: 'ExternalIP', address: '34.1.2.3' }],
      nodeInfo: { kubeletVersion: 'v1.33.1', osImage: 'Ubuntu 24.04 LTS', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://2.0.0' },
    },
  };
  assert.deepEqual(nodePrinter.row(node, NOW).cells, ['n1', 'Ready', '<none>', '60m', 'v1.33.1', '10.0.0.1', '34.1.2.3', 'Ubuntu 24.04 LTS', '6.8.0', 'containerd://2.0.0']);
  assert.deepEqual(nodePrinter.row({ metadata: meta() }, NOW).cells.slice(5, 7), ['<none>', '<none>']);
});

test('service PORT(S) and EXTERNAL-IP', () => {
  assert.equal(servicePorts([{ port: 80, protocol: 'TCP', nodePort: 30080 }, { port: 53, protocol: 'UDP' }]), '80:30080/TCP,53/UDP');
  assert.equal(servicePorts([]), '<none>');
  assert.equal(serviceExternalIP({ spec: { type: 'ClusterIP' } }), '<none>');
  assert.equal(serviceExternalIP({ spec: { type: 'NodePort', externalIPs: ['1.2.3.4', '5.6.7.8'] } }), '1.2.3.4,5.6.7.8');
  assert.equal(serviceExternalIP({ spec: { type: 'LoadBalancer' } }), '<pending>');
  assert.equal(serviceExternalIP({ spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '9.9.9.9' }, { hostname: 'lb.example.com' }, { ip: '9.9.9.9' }] } } }), '9.9.9.9,lb.example.com');
  assert.equal(serviceExternalIP({ spec: { type: 'LoadBalancer', externalIPs: ['1.1.1.1'] }, status: { loadBalancer: { ingress: [{ ip: '2.2.2.2' }] } } }), '2.2.2.2,1.1.1.1');
  assert.equal(serviceExternalIP({ spec: { type: 'ExternalName', externalName: 'db.example.com' } }), 'db.example.com');
  const svc = { metadata: meta({ name: 'web' }), spec: { type: 'ClusterIP', clusterIP: 'None', selector: { b: '2', a: '1' }, ports: [{ port: 80, protocol: 'TCP' }] } };
  assert.deepEqual(servicePrinter.row(svc, NOW).cells, ['web', 'ClusterIP', 'None', '<none>', '80/TCP', '60m', 'a=1,b=2']);
  assert.equal(servicePrinter.row({ metadata: meta(), spec: { type: 'ClusterIP' } }, NOW).cells[6], '<none>');
});

test('endpoints: the first three address:port pairs', () => {
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  assert.equal(formatEndpoints({}), '<none>');
  assert.equal(formatEndpoints({ subsets: [{ addresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }] }), '10.0.0.1:80');
  assert.equal(formatEndpoints({ subsets: [{ addresses: addrs('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'), ports: [{ port: 80 }] }] }), '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
  assert.equal(formatEndpoints({ subsets: [{ addresses: addrs('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }, { port: 443 }] }] }), '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  assert.equal(formatEndpoints({ subsets: [{ addresses: addrs('fd00::1'), ports: [{ port: 80 }] }] }), '[fd00::1]:80');
  assert.equal(formatEndpoints({ subsets: [{ addresses: addrs('10.0.0.7') }] }), '10.0.0.7');
  assert.equal(formatEndpoints({ subsets: [{ notReadyAddresses: addrs('10.0.0.7'), ports: [{ port: 80 }] }] }), '<none>');
});

test('configmaps, secrets: DATA counts', () => {
  assert.deepEqual(configMapPrinter.row({ metadata: meta(), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, NOW).cells, ['x', 3, '60m']);
  assert.deepEqual(secretPrinter.row({ metadata: meta(), type: 'Opaque', data: { a: 'AA==' } }, NOW).cells, ['x', 'Opaque', 1, '60m']);
  assert.deepEqual(secretPrinter.row({ metadata: meta(), type: 'kubernetes.io/tls' }, NOW).cells, ['x', 'kubernetes.io/tls', 0, '60m']);
});

test('persistent volumes and claims', () => {
  assert.equal(accessModes(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']), 'RWO,RWX,RWOP');
  const pv = { metadata: meta({ name: 'pv1' }), spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'fast', claimRef: { namespace: 'ns', name: 'data' }, volumeMode: 'Filesystem' }, status: { phase: 'Bound' } };
  assert.deepEqual(persistentVolumePrinter.row(pv, NOW).cells, ['pv1', '10Gi', 'RWO', 'Retain', 'Bound', 'ns/data', 'fast', '<unset>', '', '60m', 'Filesystem']);
  const pvc = { metadata: meta({ name: 'data' }), spec: { volumeName: 'pv1', storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } }, status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] } };
  assert.deepEqual(persistentVolumeClaimPrinter.row(pvc, NOW).cells, ['data', 'Bound', 'pv1', '10Gi', 'RWO', 'fast', '<unset>', '60m', '<unset>']);
  const pending = { metadata: meta({ name: 'data', deletionTimestamp: '2026-12-02T09:59:00Z' }), spec: { resources: { requests: { storage: '5Gi' } } }, status: { phase: 'Pending' } };
  assert.deepEqual(persistentVolumeClaimPrinter.row(pending, NOW).cells.slice(1, 6), ['Terminating', '', '', '', '']);
});

test('resource quotas: REQUEST and LIMIT columns', () => {
  const q = { metadata: meta(), status: { hard: { pods: '10', 'limits.cpu': '4', 'requests.cpu': '2', 'limits.memory': '8Gi' }, used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' } } };
  assert.deepEqual(resourceQuotaPrinter.row(q, NOW).cells, ['x', '60m', 'pods: 3/10, requests.cpu: 500m/2', 'limits.cpu: 1/4, limits.memory: 0/8Gi']);
});

test('events: LAST SEEN, OBJECT, SOURCE, COUNT; events.k8s.io/v1 too', () => {
  const ev = {
    metadata: meta({ name: 'web.17f' }),
    involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled',
    message: ' Successfully pulled image \n',
    type: 'Normal',
    firstTimestamp: '2026-12-02T09:50:00Z',
    lastTimestamp: '2026-12-02T09:59:00Z',
    count: 3,
    source: { component: 'kubelet', host: 'node-a' },
  };
  assert.deepEqual(eventPrinter.row(ev, NOW).cells, ['60s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{nginx}', 'kubelet, node-a', 'Successfully pulled image', '10m', 3, 'web.17f']);
  const v1 = { metadata: meta({ name: 'e' }), regarding: { kind: 'Node', name: 'n1' }, reason: 'Ready', note: 'ok', type: 'Normal', eventTime: '2026-12-02T09:58:00.000000Z', reportingController: 'sim-nodes', reportingInstance: 'n1' };
  assert.deepEqual(eventsV1Printer.row(v1, NOW).cells, ['2m', 'Normal', 'Ready', 'node/n1', '', 'sim-nodes, n1', 'ok', '2m', 1, 'e']);
  const series = { ...v1, series: { count: 7, lastObservedTime: '2026-12-02T09:59:30.000000Z' } };
  assert.deepEqual(eventsV1Printer.row(series, NOW).cells.filter((_, i) => i === 0 || i === 8), ['30s', 7]);
});

test('componentstatus: NAME STATUS MESSAGE ERROR from the Healthy condition, as upstream prints it', () => {
  assert.deepEqual(componentStatusPrinter.columns.map((c) => c.name), ['Name', 'Status', 'Message', 'Error']);
  const cs = (conditions?: Obj[]) => ({ metadata: { name: 'etcd-0', creationTimestamp: null }, conditions });
  assert.deepEqual(componentStatusPrinter.row(cs([{ type: 'Healthy', status: 'True', message: 'ok' }]), NOW).cells, ['etcd-0', 'Healthy', 'ok', '']);
  assert.deepEqual(componentStatusPrinter.row(cs([{ type: 'Healthy', status: 'False', error: 'down' }]), NOW).cells, ['etcd-0', 'Unhealthy', '', 'down']);
  assert.deepEqual(componentStatusPrinter.row(cs([{ type: 'Healthy', status: 'Unknown' }]), NOW).cells, ['etcd-0', 'Unhealthy', '', '']);
  assert.deepEqual(componentStatusPrinter.row(cs(), NOW).cells, ['etcd-0', 'Unknown', '', '']);
});
