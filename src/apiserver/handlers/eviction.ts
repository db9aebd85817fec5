// pods/{name}/eviction (policy/v1 Eviction): a pod covered by a PodDisruptionBudget is deleted only
// while the budget allows a disruption; the budget's disruptionsAllowed is decremented and the pod
// recorded in status.disruptedPods in the same compare-and-swap. Refusals are upstream's 429
// TooManyRequests with a DisruptionBudget cause (kubectl drain retries them).
import { StatusError, newBadRequest, newForbidden, newInternalError } from '../../api/errors.js';
import { labelSelectorFromObject } from '../../api/meta/labels.js';
import { isPodReady } from '../../api/pod-conditions.js';
import type { KObj } from '../../api/resource-info.js';
import { isPlainObject, readBody } from '../http/body.js';
import { successStatus } from '../http/respond.js';
import { deleteObject } from '../registry/delete.js';
import type { ResourceStore } from '../registry/store.js';
import type { RequestContext } from './context.js';
import { reply } from './resource.js';
import { parseRequestBody } from './request-body.js';

type Obj = Record<string, any>;

export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

/** upstream: pods that are finished, not yet running or already going can be evicted regardless of budgets. */
function canIgnoreBudget(pod: Obj): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata?.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
}

const refused = (pdb: Obj) =>
  new StatusError(429, 'TooManyRequests', EVICTION_REFUSED, {
    causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata?.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently` }],
  });

async function budgetsFor(ctx: RequestContext, ns: string, pod: Obj): Promise<{ store: ResourceStore; items: Obj[] } | undefined> {
  const store = ctx.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  if (!store) return undefined;
  const page = await store.deps.storage.list(store.listPrefix(ns));
  const items = page.items.map((kv) => store.decodeKv(kv) as Obj).filter((pdb) => {
    try {
      return labelSelectorFromObject(pdb.spec?.selector).matches(pod.metadata?.labels);
    } catch {
      return false;
    }
  });
  return { store, items };
}

/** Takes one disruption from the budget for pod (compare-and-swap on the budget's status), or throws 429. */
async function takeDisruption(store: ResourceStore, ns: string, pdb: Obj, pod: Obj, now: number, dryRun: boolean): Promise<void> {
  const name = String(pod.metadata?.name ?? '');
  await store.update(
    ns,
    String(pdb.metadata?.name ?? ''),
    (cur: KObj) => {
      const c = cur as Obj;
      const st = (c.status ?? (c.status = {})) as Obj;
      if ((st.observedGeneration ?? 0) < (c.metadata?.generation ?? 0)) {
        throw new StatusError(429, 'TooManyRequests', EVICTION_REFUSED, { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${c.metadata?.name} is still being processed by the server.` }] });
      }
      const allowed = Number(st.disruptionsAllowed ?? 0);
      if (allowed < 0) throw newForbidden({ group: 'policy', resource: 'poddisruptionbudgets' }, String(c.metadata?.name), 'pdb disruptions allowed is negative');
      if (allowed === 0) throw refused(c);
      const disrupted = (st.disruptedPods ?? {}) as Record<string, string>;
      if (Object.keys(disrupted).length > 2000) throw newForbidden({ group: 'policy', resource: 'poddisruptionbudgets' }, String(c.metadata?.name), 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
      st.disruptionsAllowed = allowed - 1;
      st.disruptedPods = { ...disrupted, [name]: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z') };
      return cur;
    },
    { subresource: 'status', dryRun },
  );
}

/** Upstream marks an evicted pod with a DisruptionTarget condition before deleting it. */
async function markDisruptionTarget(store: ResourceStore, ns: string, name: string, now: number): Promise<void> {
  await store.update(
    ns,
    name,
    (cur: KObj) => {
      const st = ((cur as Obj).status ?? ((cur as Obj).status = {})) as Obj;
      const conds: Obj[] = Array.isArray(st.conditions) ? st.conditions.filter((c: Obj) => c?.type !== 'DisruptionTarget') : [];
      conds.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
      st.conditions = conds;
      return cur;
    },
    { subresource: 'status' },
  );
}

export async function handleEviction(ctx: RequestContext, store: ResourceStore, ns: string): Promise<void> {
  const body = await readBody(ctx.req);
  let deleteOptions: Obj = {};
  if (body.length) {
    const ev = await parseRequestBody(ctx, body, 'Eviction', 'policy/v1');
    if (!isPlainObject(ev)) throw newBadRequest('the body of the request must be an Eviction object');
    const evName = ((ev.metadata ?? {}) as Obj).name;
    if (evName && evName !== ctx.info.name) throw newBadRequest(`name in URL does not match name in Eviction object`);
    if (isPlainObject(ev.deleteOptions)) deleteOptions = ev.deleteOptions;
  }
  const pod = (await store.get(ns, ctx.info.name)) as Obj;
  const dryRun = Array.isArray(deleteOptions.dryRun) && deleteOptions.dryRun.length > 0;
  const now = store.deps.clock.now();
  if (!canIgnoreBudget(pod)) {
    const budgets = await budgetsFor(ctx, ns, pod);
    if (budgets && budgets.items.length > 1) throw newInternalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = budgets?.items[0];
    if (pdb) {
      const st = (pdb.status ?? {}) as Obj;
      const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
      // An unready pod may go when the budget is already met (IfHealthyBudget) or always (AlwaysAllow).
      const unhealthyMayGo = !isPodReady(pod) && (policy === 'AlwaysAllow' || (st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0));
      if (!unhealthyMayGo) await takeDisruption(budgets.store, ns, pdb, pod, now, dryRun);
    }
  }
  const opts = { ...deleteOptions } as Obj;
  // The eviction is for this pod: a recreated pod of the same name is not evicted by accident.
  if (!opts.preconditions) opts.preconditions = { uid: pod.metadata?.uid };
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const sameUid = !opts.preconditions?.uid || opts.preconditions.uid === pod.metadata?.uid;
  if (!dryRun && sameUid && !terminal && !pod.metadata?.deletionTimestamp) await markDisruptionTarget(store, ns, ctx.info.name, now);
  await deleteObject(store, ns, ctx.info.name, opts);
  reply(ctx, 201, { ...successStatus(), code: 201 });
}
