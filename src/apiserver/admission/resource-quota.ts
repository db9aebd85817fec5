// Upstream's ResourceQuota admission plugin (creates): an object that would take a namespace
// over one of its quotas is refused with 403 "exceeded quota: ..."; pods must declare the
// compute resources a quota limits; a quota not yet computed by its controller refuses with
// "status unknown for quota". Admitted usage is added to each quota's status.used at once (a
// compare-and-swap per quota), so back-to-back creates see each other before the controller does.
import { newForbidden } from '../../api/errors.js';
import { compareQuantity } from '../../api/kinds/core/quantity.js';
import { addUsage, missingPodResources, objectUsage, printUsage, quotaMatches, toResourceList, usageOf, type Usage } from '../../api/quota/usage.js';
import type { KObj } from '../../api/resource-info.js';
import type { KeyValue } from '../../storage/interface.js';
import type { ResourceStore } from '../registry/store.js';
import type { QuotaLookup } from './quota-cache.js';

type Obj = Record<string, any>;

const pick = (u: Usage, keys: readonly string[]): Usage => new Map(keys.filter((k) => u.has(k)).map((k) => [k, u.get(k)!]));

/** Why quota refuses delta (undefined: it fits). */
function refusal(quota: Obj, delta: Usage, obj: Obj, isPod: boolean): string | undefined {
  const name = String(quota.metadata?.name ?? '');
  const hard = usageOf(quota.spec?.hard);
  if (isPod) {
    const missing = missingPodResources(obj, hard);
    if (missing) return `failed quota: ${name}: ${missing}`;
  }
  const keys = [...delta.keys()].filter((k) => hard.has(k)).sort();
  if (!keys.length) return undefined;
  const statusHard = usageOf(quota.status?.hard);
  const used = usageOf(quota.status?.used);
  const unknown = keys.filter((k) => !statusHard.has(k) || !used.has(k));
  if (unknown.length) return `status unknown for quota: ${name}, resources: ${unknown.join(',')}`;
  const exceeded = keys.filter((k) => compareQuantity(addUsage(pick(used, [k]), pick(delta, [k])).get(k)!, hard.get(k)!) > 0);
  if (!exceeded.length) return undefined;
  return `exceeded quota: ${name}, requested: ${printUsage(pick(delta, exceeded))}, used: ${printUsage(pick(used, exceeded))}, limited: ${printUsage(pick(hard, exceeded))}`;
}

/** The quota as stored now (undefined: deleted meanwhile). */
async function freshQuota(quotas: ResourceStore, cached: KeyValue): Promise<Obj | undefined> {
  const kv = await quotas.deps.storage.get(cached.key);
  return kv ? (quotas.decodeKv(kv) as Obj) : undefined;
}

/** What grew from old to cur (only increases count against a quota on update). */
function increase(cur: Usage, old: Usage): Usage {
  const out: Usage = new Map();
  for (const [k, v] of cur) {
    const o = old.get(k);
    if (!o) {
      if (v.mantissa > 0n) out.set(k, v);
      continue;
    }
    if (compareQuantity(v, o) <= 0) continue;
    const neg = { ...o, mantissa: -o.mantissa };
    out.set(k, addUsage(new Map([[k, v]]), new Map([[k, neg]])).get(k)!);
  }
  return out;
}

/**
 * Checks a create (or an update that grows usage, e.g. a Service becoming a LoadBalancer) against
 * the namespace's quotas and charges it; a dry run is checked, not charged. Which quotas exist
 * comes from `lookup` (a watch-fed cache); a refusal is only ever based on the quota as stored
 * now, and the charge is a compare-and-swap on the stored quota that checks again.
 */
export async function admitResourceQuota(
  quotas: ResourceStore | undefined,
  lookup: QuotaLookup,
  store: ResourceStore,
  obj: KObj,
  now: number,
  dryRun = false,
  old?: KObj,
): Promise<void> {
  if (!quotas || !store.info.namespaced) return;
  const meta = (obj.metadata ?? {}) as Obj;
  const ns = String(meta.namespace ?? '');
  const { group, resource } = store.info;
  const full = objectUsage(group, resource, obj as Obj, now);
  const grown = old ? increase(full, objectUsage(group, resource, old as Obj, now)) : full;
  // Updates that grow nothing (most of them: status writes, label changes) cost no store read.
  if (!grown.size) return;
  const listed = await lookup.list(ns);
  if (!listed.items.length) return;
  const isPodCreate = group === '' && resource === 'pods' && !old;
  const gr = { group, resource };
  const relevant: Array<{ quota: Obj; delta: Usage }> = [];
  const check = (q: Obj) => {
    if (!quotaMatches(q, group, resource, obj as Obj)) return undefined;
    // An object entering a quota's scope by this update counts in full.
    const delta = old && quotaMatches(q, group, resource, old as Obj) ? grown : full;
    return { quota: q, delta, why: refusal(q, delta, obj as Obj, isPodCreate) };
  };
  for (const kv of listed.items) {
    let c = check(quotas.decodeKv(kv) as Obj);
    // A cached quota may be a moment behind the store (e.g. its controller just gave usage back):
    // refuse only on what is stored now.
    if (c?.why && listed.cached) {
      const fresh = await freshQuota(quotas, kv);
      c = fresh ? check(fresh) : undefined;
    }
    if (!c) continue;
    if (c.why) throw newForbidden(gr, String(meta.name ?? ''), c.why);
    const hard = usageOf(c.quota.spec?.hard);
    if ([...c.delta.keys()].some((k) => hard.has(k))) relevant.push({ quota: c.quota, delta: c.delta });
  }
  if (dryRun || !relevant.length) return;
  // A create that is about to fail with AlreadyExists charges nothing.
  if (!old && meta.name && (await store.deps.storage.get(store.key(ns, String(meta.name))))) return;
  for (const { quota: q, delta } of relevant) {
    await quotas.update(
      ns,
      String(q.metadata?.name ?? ''),
      (cur) => {
        const c = cur as Obj;
        const why = refusal(c, delta, obj as Obj, isPodCreate);
        if (why) throw newForbidden(gr, String(meta.name ?? ''), why);
        const hard = usageOf(c.spec?.hard);
        const tracked = pick(delta, [...hard.keys()]);
        c.status = { ...(c.status ?? {}), used: { ...(c.status?.used ?? {}), ...toResourceList(addUsage(pick(usageOf(c.status?.used), [...tracked.keys()]), tracked)) } };
        return cur;
      },
      { subresource: 'status' },
    );
  }
}
