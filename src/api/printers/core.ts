// Printers for core/v1 kinds other than pods.
import { readyCondition } from '../node-conditions.js';
import { AGE, arr, ageOf, col, CONTAINERS, containerCells, createdAt, formatLabels, hostPort, IMAGES, int, listWithMore, NAME, nameOf, str, wide } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

type Obj = Record<string, any>;

// ---- nodes

export function nodeStatus(node: Obj): string {
  const ready = readyCondition(node);
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const nodeAddress = (node: Obj, type: string) => str(arr(node.status?.addresses).find((a) => a?.type === type)?.address) || '<none>';

export const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'Whether the node is ready, and whether new pods may be scheduled to it.'),
    col('Roles', 'The roles named by the node-role.kubernetes.io/ labels.'),
    AGE,
    col('Version', 'The version of the kubelet on the node.'),
    wide('Internal-IP', 'The first internal address of the node.'),
    wide('External-IP', 'The first external address of the node.'),
    wide('OS-Image', 'The operating system image the node reports.'),
    wide('Kernel-Version', 'The kernel version the node reports.'),
    wide('Container-Runtime', 'The container runtime and its version on the node.'),
  ],
  row(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return {
      cells: [nameOf(node), nodeStatus(node), nodeRoles(node), ageOf(node, now), str(info.kubeletVersion), nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'), str(info.osImage), str(info.kernelVersion), str(info.containerRuntimeVersion)],
    };
  },
};

// ---- services and endpoints

/** Load-balancer ingress points (IP, else hostname), sorted and de-duplicated. */
export function loadBalancerAddresses(lb: Obj | undefined): string {
  const set = new Set<string>();
  for (const i of arr(lb?.ingress)) {
    if (i?.ip) set.add(String(i.ip));
    else if (i?.hostname) set.add(String(i.hostname));
  }
  return [...set].sort().join(',');
}

export function serviceExternalIP(svc: Obj): string {
  const spec = svc.spec ?? {};
  const external = arr(spec.externalIPs).map(String);
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

export function servicePorts(ports: unknown): string {
  const list = arr(ports).map((p) => {
    const proto = str(p?.protocol);
    return int(p?.nodePort) > 0 ? `${int(p.port)}:${int(p.nodePort)}/${proto}` : `${int(p?.port)}/${proto}`;
  });
  return list.length ? list.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    col('Cluster-IP', 'The virtual IP address of the service inside the cluster.'),
    col('External-IP', 'Addresses outside the cluster the service answers on.'),
    col('Port(s)', 'The service ports, with node ports, and their protocols.'),
    AGE,
    wide('Selector', 'The labels of the pods behind the service.'),
  ],
  row(svc, now) {
    const spec = svc.spec ?? {};
    return { cells: [nameOf(svc), str(spec.type), str(spec.clusterIP) || '<none>', serviceExternalIP(svc), servicePorts(spec.ports), ageOf(svc, now), formatLabels(spec.selector)] };
  },
};

export function formatEndpoints(ep: Obj): string {
  const subsets = arr(ep.subsets);
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = arr(ss?.addresses);
    const ports = arr(ss?.ports);
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) if (list.length < max) list.push(str(a?.ip));
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) if (list.length < max) list.push(hostPort(str(a?.ip), int(p?.port)));
    }
  }
  return listWithMore(list, count, max, '<none>');
}

export const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'The first addresses and ports behind the service.'), AGE],
  row: (ep, now) => ({ cells: [nameOf(ep), formatEndpoints(ep), ageOf(ep, now)] }),
};

// ---- configuration

const count = (m: unknown) => (m && typeof m === 'object' ? Object.keys(m).length : 0);

export const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'The number of keys in data and binaryData.'), AGE],
  row: (cm, now) => ({ cells: [nameOf(cm), count(cm.data) + count(cm.binaryData), ageOf(cm, now)] }),
};

export const secretPrinter: Printer = {
  columns: [NAME, col('Type', 'The type of the secret.'), col('Data', 'The number of keys in data.'), AGE],
  row: (s, now) => ({ cells: [nameOf(s), str(s.type), count(s.data), ageOf(s, now)] }),
};

export const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'The phase of the namespace: Active or Terminating.'), AGE],
  row: (ns, now) => ({ cells: [nameOf(ns), str(ns.status?.phase), ageOf(ns, now)] }),
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'The number of secrets listed by the service account.'), AGE],
  row: (sa, now) => ({ cells: [nameOf(sa), arr(sa.secrets).length, ageOf(sa, now)] }),
};

// ---- storage

const MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

export function accessModes(modes: unknown): string {
  const have = new Set(arr(modes).map(String));
  return MODES.filter(([m]) => have.has(m)).map(([, s]) => s).join(',');
}

const storageClassOf = (obj: Obj) => str(obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class']) || str(obj.spec?.storageClassName);
const quantity = (q: unknown) => (q === undefined || q === null || q === '' ? '0' : String(q));

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME,
    col('Capacity', 'The storage capacity of the volume.'),
    col('Access Modes', 'The ways the volume can be mounted.'),
    col('Reclaim Policy', 'What happens to the volume when its claim is released.'),
    col('Status', 'The phase of the volume.'),
    col('Claim', 'The claim bound to the volume, as namespace/name.'),
    col('StorageClass', 'The storage class of the volume.'),
    col('VolumeAttributesClass', 'The volume attributes class of the volume.'),
    col('Reason', 'Why the volume is in its phase, if it says.'),
    AGE,
    wide('VolumeMode', 'Whether the volume is a filesystem or a raw block device.'),
  ],
  row(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : str(pv.status?.phase);
    return {
      cells: [nameOf(pv), quantity(spec.capacity?.storage), accessModes(spec.accessModes), str(spec.persistentVolumeReclaimPolicy), phase, claim, storageClassOf(pv), str(spec.volumeAttributesClassName) || '<unset>', str(pv.status?.reason), ageOf(pv, now), str(spec.volumeMode) || '<unset>'],
    };
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'The phase of the claim.'),
    col('Volume', 'The volume bound to the claim.'),
    col('Capacity', 'The capacity of the bound volume.'),
    col('Access Modes', 'The access modes of the bound volume.'),
    col('StorageClass', 'The storage class the claim asks for.'),
    col('VolumeAttributesClass', 'The volume attributes class the claim asks for.'),
    AGE,
    wide('VolumeMode', 'Whether the claim wants a filesystem or a raw block device.'),
  ],
  row(pvc, now) {
    const spec = pvc.spec ?? {};
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : str(pvc.status?.phase);
    const bound = str(spec.volumeName) !== '';
    return {
      cells: [
        nameOf(pvc),
        phase,
        str(spec.volumeName),
        bound ? quantity(pvc.status?.capacity?.storage) : '',
        bound ? accessModes(pvc.status?.accessModes) : '',
        storageClassOf(pvc),
        str(spec.volumeAttributesClassName) || '<unset>',
        ageOf(pvc, now),
        str(spec.volumeMode) || '<unset>',
      ],
    };
  },
};

// ---- workloads in core

export const replicationControllerPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'The number of pods asked for.', { type: 'integer' }),
    col('Current', 'The number of pods that exist.', { type: 'integer' }),
    col('Ready', 'The number of ready pods.', { type: 'integer' }),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'The labels of the pods the controller manages.'),
  ],
  row(rc, now) {
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    return { cells: [nameOf(rc), int(rc.spec?.replicas), int(rc.status?.replicas), int(rc.status?.readyReplicas), ageOf(rc, now), names, images, formatLabels(rc.spec?.selector)] };
  },
};

export const podTemplatePrinter: Printer = {
  columns: [
    NAME,
    col('Containers', 'The names of the containers in the template.'),
    col('Images', 'The images the containers in the template run.'),
    col('Pod Labels', 'The labels of the pods made from the template.'),
  ],
  row(pt) {
    const [names, images] = containerCells(pt.template?.spec?.containers);
    return { cells: [nameOf(pt), names, images, formatLabels(pt.template?.metadata?.labels)] };
  },
};

export const limitRangePrinter: Printer = {
  columns: [NAME, col('Created At', 'When the object was created.', { type: 'date' })],
  row: (lr) => ({ cells: [nameOf(lr), createdAt(lr)] }),
};

export const resourceQuotaPrinter: Printer = {
  columns: [NAME, AGE, col('Request', 'Used and hard amounts of the requested resources.'), col('Limit', 'Used and hard amounts of the resource limits.')],
  row(q, now) {
    const hard = (q.status?.hard ?? {}) as Record<string, unknown>;
    const used = (q.status?.used ?? {}) as Record<string, unknown>;
    const req: string[] = [];
    const lim: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const text = `${r}: ${quantity(used[r])}/${quantity(hard[r])}`;
      const pieces = r.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? lim : req).push(text);
    }
    return { cells: [nameOf(q), ageOf(q, now), req.join(', '), lim.join(', ')] };
  },
};

// ---- events (core/v1; events.k8s.io/v1 events are mapped to this shape first)

function eventSource(ev: Obj): string {
  const component = str(ev.source?.component) || str(ev.reportingComponent);
  const instance = str(ev.source?.host) || str(ev.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'Time since the event was last seen.'),
    col('Type', 'The type of the event: Normal or Warning.'),
    col('Reason', 'A short machine-readable reason for the event.'),
    col('Object', 'The object the event is about, as kind/name.'),
    wide('Subobject', 'The part of the object the event is about (e.g. a container).'),
    wide('Source', 'The component, and host, that reported the event.'),
    col('Message', 'What happened, for humans.'),
    wide('First Seen', 'Time since the event was first seen.'),
    wide('Count', 'How many times the event happened.'),
    col('Name', 'The name of the event object.', { format: 'name', priority: 1 }),
  ],
  row(ev, now) {
    const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
    let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
    let n = int(ev.count);
    if (ev.series) {
      last = since(ev.series.lastObservedTime, now);
      n = int(ev.series.count);
    } else if (n === 0) {
      n = 1;
    }
    const io = ev.involvedObject ?? {};
    const kind = str(io.kind).toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    return { cells: [last, str(ev.type), str(ev.reason), target, str(io.fieldPath), eventSource(ev), str(ev.message).trim(), first, n, nameOf(ev)] };
  },
};

/** An events.k8s.io/v1 Event in the core/v1 shape the event printer reads. */
export function coreEventOf(ev: Obj): Obj {
  return {
    metadata: ev.metadata,
    involvedObject: ev.regarding,
    reason: ev.reason,
    message: ev.note,
    type: ev.type,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    count: ev.deprecatedCount,
    source: ev.deprecatedSource,
    eventTime: ev.eventTime,
    series: ev.series,
    reportingComponent: ev.reportingController,
    reportingInstance: ev.reportingInstance,
  };
}

export const eventsV1Printer: Printer = {
  columns: eventPrinter.columns,
  row: (ev, now) => eventPrinter.row(coreEventOf(ev), now),
};

/** ComponentStatus: the Healthy condition as upstream prints it (no AGE: the objects are computed, not stored). */
export const componentStatusPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'Whether the component is healthy.'),
    col('Message', 'What the health check reported.'),
    col('Error', 'Why the health check could not be done.'),
  ],
  row(cs) {
    const healthy = (Array.isArray(cs.conditions) ? cs.conditions : []).find((c: Record<string, unknown>) => c?.type === 'Healthy');
    if (!healthy) return { cells: [nameOf(cs), 'Unknown', '', ''] };
    return { cells: [nameOf(cs), healthy.status === 'True' ? 'Healthy' : 'Unhealthy', str(healthy.message), str(healthy.error)] };
  },
};
