// The Node and Lease objects a simulated node registers and keeps fresh, shaped as a kubelet
// writes them.
import { createHash } from 'node:crypto';
import type { Lease } from '../api/types/coordination-v1.js';
import type { Node, NodeCondition, NodeStatus } from '../api/types/core-v1.js';
import { apiMicroTime, apiTime } from '../client/index.js';
import { NODE_ANNOTATION } from './annotations.js';
import type { KubeletEndpointRef } from './kubelet-server/endpoint-options.js';
import type { ResolvedOptions } from './options.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const KUBELET_VERSION = 'v1.33.0';

/** One simulated node's fixed facts. */
export interface SimNode {
  readonly name: string;
  readonly index: number;
  readonly ip: string;
  readonly podCidr: string;
  /** The kubelet endpoint this node's process serves (absent: none; 10250 is reported). */
  readonly kubelet?: KubeletEndpointRef;
}

const hex = (s: string, n = 32) => createHash('sha256').update(s).digest('hex').slice(0, n);

export function nodeLabels(n: SimNode, o: ResolvedOptions): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (o.instanceType) {
    labels['node.kubernetes.io/instance-type'] = o.instanceType;
    labels['beta.kubernetes.io/instance-type'] = o.instanceType;
  }
  if (o.zones && o.zones > 0) labels['topology.kubernetes.io/zone'] = `zone-${n.index % o.zones}`;
  return { ...labels, ...o.labels };
}

export function nodeConditions(now: number, since: number): NodeCondition[] {
  const hb = apiTime(now);
  const tr = apiTime(since);
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({ type, status, reason, message, lastHeartbeatTime: hb, lastTransitionTime: tr });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

export function nodeStatus(n: SimNode, o: ResolvedOptions, now: number, since: number): NodeStatus {
  const resources: Record<string, string> = { cpu: o.cpu, memory: o.memory, pods: String(o.pods), 'ephemeral-storage': o.ephemeralStorage, ...o.extendedResources };
  return {
    capacity: resources,
    allocatable: { ...resources },
    conditions: nodeConditions(now, since),
    addresses: [
      { type: 'InternalIP', address: n.ip },
      { type: 'Hostname', address: n.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: n.kubelet?.port ?? 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      operatingSystem: 'linux',
      osImage: 'k8ts simulated node',
      kernelVersion: '6.1.0-sim',
      containerRuntimeVersion: 'sim://0.1.0',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      machineID: hex(`machine:${n.name}`),
      systemUUID: uuidOf(`system:${n.name}`),
      bootID: uuidOf(`boot:${n.name}:${since}`),
    },
  };
}

export function nodeObject(n: SimNode, o: ResolvedOptions, now: number): Node {
  const spec: Node['spec'] = { podCIDR: n.podCidr, podCIDRs: [n.podCidr], providerID: `sim://${n.name}` };
  if (o.taints.length) spec.taints = o.taints.map((t) => ({ ...t }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: nodeLabels(n, o),
      annotations: { [NODE_ANNOTATION]: 'true', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec,
    status: nodeStatus(n, o, now, now),
  };
}

export function leaseObject(n: SimNode, o: ResolvedOptions, nodeUid: string | undefined, now: number): Lease {
  const lease: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: n.name, namespace: NODE_LEASE_NAMESPACE },
    spec: { holderIdentity: n.name, leaseDurationSeconds: o.leaseDurationSeconds, renewTime: apiMicroTime(now) },
  };
  if (nodeUid) lease.metadata!.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: nodeUid }];
  return lease;
}

function uuidOf(s: string): string {
  const h = hex(s);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
