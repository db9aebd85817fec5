// Printers for the remaining groups: storage, rbac, coordination, scheduling, policy,
// autoscaling, apiextensions.
import { AGE, arr, ageOf, col, createdAt, int, intOrString, NAME, nameOf, str, wide } from './columns.js';
import type { Printer } from './types.js';
import { labelSelectorToString } from '../meta/labels.js';

type Obj = Record<string, any>;

const CREATED_AT = col('Created At', 'When the object was created.', { type: 'date' });

export const createdAtPrinter: Printer = {
  columns: [NAME, CREATED_AT],
  row: (o) => ({ cells: [nameOf(o), createdAt(o)] }),
};

const isDefaultClass = (sc: Obj) => {
  const a = sc.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
};

export const storageClassPrinter: Printer = {
  columns: [
    NAME,
    col('Provisioner', 'The volume plugin that provisions volumes of the class.'),
    col('ReclaimPolicy', 'What happens to provisioned volumes when released.'),
    col('VolumeBindingMode', 'When volumes are bound and provisioned.'),
    col('AllowVolumeExpansion', 'Whether volumes of the class can grow.'),
    AGE,
  ],
  row(sc, now) {
    const name = isDefaultClass(sc) ? `${nameOf(sc)} (default)` : nameOf(sc);
    return { cells: [name, str(sc.provisioner), str(sc.reclaimPolicy) || 'Delete', str(sc.volumeBindingMode) || 'Immediate', sc.allowVolumeExpansion === true, ageOf(sc, now)] };
  },
};

/** Subjects of a binding split into users, groups and service accounts (namespace/name). */
export function bindingSubjects(b: Obj): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(b.subjects)) {
    if (s?.kind === 'User') users.push(str(s.name));
    else if (s?.kind === 'Group') groups.push(str(s.name));
    else if (s?.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export const roleBindingPrinter: Printer = {
  columns: [
    NAME,
    col('Role', 'The role granted, as kind/name.'),
    AGE,
    wide('Users', 'The users the role is granted to.'),
    wide('Groups', 'The groups the role is granted to.'),
    wide('ServiceAccounts', 'The service accounts the role is granted to.'),
  ],
  row(b, now) {
    const [users, groups, sas] = bindingSubjects(b);
    return { cells: [nameOf(b), `${str(b.roleRef?.kind)}/${str(b.roleRef?.name)}`, ageOf(b, now), users, groups, sas] };
  },
};

export const leasePrinter: Printer = {
  columns: [NAME, col('Holder', 'The identity holding the lease.'), AGE],
  row: (l, now) => ({ cells: [nameOf(l), str(l.spec?.holderIdentity), ageOf(l, now)] }),
};

export const priorityClassPrinter: Printer = {
  columns: [
    NAME,
    col('Value', 'The priority of pods that use the class.', { type: 'integer' }),
    col('Global-Default', 'Whether pods without a class get this one.', { type: 'boolean' }),
    AGE,
    col('PreemptionPolicy', 'Whether pods of the class may preempt lower-priority pods.'),
  ],
  row: (pc, now) => ({ cells: [nameOf(pc), int(pc.value), pc.globalDefault === true, ageOf(pc, now), str(pc.preemptionPolicy) || 'PreemptLowerPriority'] }),
};

/** Validating and mutating webhook configurations: how many webhooks each one registers. */
export const webhookConfigurationPrinter: Printer = {
  columns: [NAME, col('Webhooks', 'How many webhooks the configuration registers.', { type: 'integer' }), AGE],
  row: (c, now) => ({ cells: [nameOf(c), arr(c.webhooks).length, ageOf(c, now)] }),
};

export const validatingAdmissionPolicyPrinter: Printer = {
  columns: [NAME, col('Validations', 'How many validations the policy has.', { type: 'integer' }), col('ParamKind', 'The kind of its parameters, or <unset>.'), AGE],
  row(p, now) {
    const kind = p.spec?.paramKind;
    return { cells: [nameOf(p), arr(p.spec?.validations).length, kind ? `${kind.apiVersion ?? ''}/${kind.kind ?? ''}` : '<unset>', ageOf(p, now)] };
  },
};

export const validatingAdmissionPolicyBindingPrinter: Printer = {
  columns: [NAME, col('PolicyName', 'The policy the binding applies.'), col('ParamRef', 'Where its parameters come from, or <unset>.'), AGE],
  row(b, now) {
    const ref = b.spec?.paramRef;
    let param = '<unset>';
    // Without a namespace the printer cannot tell a cluster-scoped parameter from one in the request's namespace.
    if (ref?.name) param = ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
    else if (ref?.selector) param = labelSelectorToString(ref.selector) || 'everything';
    return { cells: [nameOf(b), b.spec?.policyName ?? '', param, ageOf(b, now)] };
  },
};

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME,
    col('Min Available', 'The pods that must stay available, a number or a percentage.'),
    col('Max Unavailable', 'The pods that may be unavailable, a number or a percentage.'),
    col('Allowed Disruptions', 'How many pods may be evicted now.', { type: 'integer' }),
    AGE,
  ],
  row(p, now) {
    const spec = p.spec ?? {};
    const min = spec.minAvailable === undefined || spec.minAvailable === null ? 'N/A' : intOrString(spec.minAvailable);
    const max = spec.maxUnavailable === undefined || spec.maxUnavailable === null ? 'N/A' : intOrString(spec.maxUnavailable);
    return { cells: [nameOf(p), min, max, int(p.status?.disruptionsAllowed), ageOf(p, now)] };
  },
};

const q = (v: unknown) => (v === undefined || v === null ? '<unknown>' : String(v));
const pct = (v: unknown) => (typeof v === 'number' ? `${v}%` : undefined);

/** One metric of an autoscaling/v2 HPA as "current/target". */
function metricText(spec: Obj, status: Obj | undefined): string {
  switch (spec?.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const target = spec[key]?.target ?? {};
      const current = status?.[key]?.current;
      if (target.averageValue !== undefined) return `${status?.[key] && current?.averageValue !== undefined ? q(current.averageValue) : '<unknown>'}/${q(target.averageValue)} (avg)`;
      return `${status?.[key] ? q(current?.value) : '<unknown>'}/${q(target.value)}`;
    }
    case 'Pods':
      return `${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`;
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const target = spec[key]?.target ?? {};
      const name = str(spec[key]?.name);
      const cur = status?.[key]?.current;
      if (target.averageValue !== undefined) return `${name}: ${status?.[key] ? q(cur?.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
      return `${name}: ${pct(cur?.averageUtilization) ?? '<unknown>'}/${pct(target.averageUtilization) ?? '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

export function hpaTargets(hpa: Obj): string {
  const specs = arr(hpa.spec?.metrics);
  if (specs.length === 0) return '<none>';
  const statuses = arr(hpa.status?.currentMetrics);
  const list = specs.map((m, i) => metricText(m, statuses[i]));
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const hpaPrinter: Printer = {
  columns: [
    NAME,
    col('Reference', 'The scaled object, as kind/name.'),
    col('Targets', 'Current and target values of the metrics.'),
    col('MinPods', 'The fewest replicas the autoscaler sets.'),
    col('MaxPods', 'The most replicas the autoscaler sets.', { type: 'integer' }),
    col('Replicas', 'The replicas the scaled object has now.', { type: 'integer' }),
    AGE,
  ],
  row(h, now) {
    const spec = h.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};
    const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : '<unset>';
    return { cells: [nameOf(h), `${str(ref.kind)}/${str(ref.name)}`, hpaTargets(h), min, int(spec.maxReplicas), int(h.status?.currentReplicas), ageOf(h, now)] };
  },
};

/** autoscaling/v1 HPAs: the CPU target only. */
export const hpaV1Printer: Printer = {
  columns: hpaPrinter.columns,
  row(h, now) {
    const spec = h.spec ?? {};
    const target = spec.targetCPUUtilizationPercentage;
    const current = h.status?.currentCPUUtilizationPercentage;
    const metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', ...(typeof target === 'number' ? { averageUtilization: target } : {}) } } }];
    const currentMetrics = typeof current === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] : [];
    return hpaPrinter.row({ ...h, spec: { ...spec, metrics }, status: { ...h.status, currentMetrics } }, now);
  },
};

export const flowSchemaPrinter: Printer = {
  columns: [
    NAME,
    col('PriorityLevel', 'The priority level that requests matching this schema go to.'),
    col('MatchingPrecedence', 'The order in which schemas are tried, lowest first.', { type: 'integer' }),
    col('DistinguisherMethod', 'How requests are split into flows (ByUser, ByNamespace, or * for none).'),
    AGE,
    col('MissingPL', 'Whether the named priority level does not exist (the Dangling condition).'),
  ],
  row(fs, now) {
    const spec = fs.spec ?? {};
    const dangling = arr(fs.status?.conditions).find((c: Obj) => c.type === 'Dangling');
    return { cells: [nameOf(fs), str(spec.priorityLevelConfiguration?.name), int(spec.matchingPrecedence), str(spec.distinguisherMethod?.type) || '*', ageOf(fs, now), dangling ? str(dangling.status) : '?'] };
  },
};

export const priorityLevelPrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'Exempt (never limited) or Limited.'),
    col('NominalConcurrencyShares', "The level's share of the server's seats."),
    col('Queues', 'How many queues requests wait in.'),
    col('HandSize', 'How many queues each flow is dealt.'),
    col('QueueLengthLimit', 'How many requests one queue holds.'),
    AGE,
  ],
  row(pl, now) {
    const limited = pl.spec?.limited;
    const queuing = limited?.limitResponse?.queuing;
    const none = '<none>';
    return {
      cells: [
        nameOf(pl),
        str(pl.spec?.type),
        limited ? int(limited.nominalConcurrencyShares) : none,
        queuing ? int(queuing.queues) : none,
        queuing ? int(queuing.handSize) : none,
        queuing ? int(queuing.queueLengthLimit) : none,
        ageOf(pl, now),
      ],
    };
  },
};
