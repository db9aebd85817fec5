// Printers for apps/v1: deployments, replica sets, stateful sets, daemon sets, controller revisions.
import { AGE, ageOf, col, CONTAINERS, containerCells, formatLabels, formatSelector, IMAGES, int, NAME, nameOf, str, wide } from './columns.js';
import type { Printer } from './types.js';

type Obj = Record<string, any>;

const SELECTOR = wide('Selector', 'The label selector of the pods the object manages.');
const templateCells = (obj: Obj) => containerCells(obj.spec?.template?.spec?.containers);
/** spec.replicas as stored (defaulted to 1 on create). */
const desired = (obj: Obj) => (typeof obj.spec?.replicas === 'number' ? int(obj.spec.replicas) : 0);

export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'Ready pods out of the desired number.'),
    col('Up-to-date', 'Pods that run the current pod template.', { type: 'integer' }),
    col('Available', 'Pods that have been ready long enough to count as available.', { type: 'integer' }),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(d, now) {
    const s = d.status ?? {};
    const [names, images] = templateCells(d);
    return { cells: [nameOf(d), `${int(s.readyReplicas)}/${desired(d)}`, int(s.updatedReplicas), int(s.availableReplicas), ageOf(d, now), names, images, formatSelector(d.spec?.selector)] };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'The number of pods asked for.', { type: 'integer' }),
    col('Current', 'The number of pods that exist.', { type: 'integer' }),
    col('Ready', 'The number of ready pods.', { type: 'integer' }),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(rs, now) {
    const [names, images] = templateCells(rs);
    return { cells: [nameOf(rs), desired(rs), int(rs.status?.replicas), int(rs.status?.readyReplicas), ageOf(rs, now), names, images, formatSelector(rs.spec?.selector)] };
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME, col('Ready', 'Ready pods out of the desired number.'), AGE, CONTAINERS, IMAGES],
  row(ss, now) {
    const [names, images] = templateCells(ss);
    return { cells: [nameOf(ss), `${int(ss.status?.readyReplicas)}/${desired(ss)}`, ageOf(ss, now), names, images] };
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'The number of nodes that should run the daemon pod.', { type: 'integer' }),
    col('Current', 'The number of nodes running at least one daemon pod.', { type: 'integer' }),
    col('Ready', 'The number of nodes whose daemon pod is ready.', { type: 'integer' }),
    col('Up-to-date', 'The number of nodes running the current pod template.', { type: 'integer' }),
    col('Available', 'The number of nodes whose daemon pod is available.', { type: 'integer' }),
    col('Node Selector', 'The node labels a node needs to run the daemon pod.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(ds, now) {
    const s = ds.status ?? {};
    const [names, images] = templateCells(ds);
    return {
      cells: [
        nameOf(ds),
        int(s.desiredNumberScheduled),
        int(s.currentNumberScheduled),
        int(s.numberReady),
        int(s.updatedNumberScheduled),
        int(s.numberAvailable),
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        ageOf(ds, now),
        names,
        images,
        formatSelector(ds.spec?.selector),
      ],
    };
  },
};

/** The controlling owner as "kind.group/name" (lower-case kind), "<none>" without one. */
export function controllerOf(obj: Obj): string {
  const ref = (Array.isArray(obj.metadata?.ownerReferences) ? obj.metadata.ownerReferences : []).find((r: Obj) => r?.controller === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref.kind);
  if (!kind) return str(ref.name);
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(ref.name)}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [NAME, col('Controller', 'The object that owns the revision.'), col('Revision', 'The revision number.', { type: 'integer' }), AGE],
  row: (cr, now) => ({ cells: [nameOf(cr), controllerOf(cr), int(cr.revision), ageOf(cr, now)] }),
};
