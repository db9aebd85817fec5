// At most this many Update entries are kept: the oldest are merged, per API version, into one
// "ancient-changes" entry (upstream: capManagersManager).
import { managerId, type ManagerEntry, type Managers } from './managers.js';

export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES = 'ancient-changes';

const timeOf = (e: ManagerEntry) => (e.time ? Date.parse(e.time) : 0);

export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): Managers {
  const updaters = [...managers.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= max) return managers;
  updaters.sort(([, a], [, b]) => timeOf(a) - timeOf(b));
  const out: Managers = new Map(managers);
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, e] of updaters) {
    if (count <= max) break;
    const first = firstOfVersion.get(e.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(e.apiVersion, id);
      continue;
    }
    const bucket: Omit<ManagerEntry, 'set'> = { manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: e.apiVersion };
    const bucketId = managerId(bucket);
    let current = out.get(bucketId);
    if (!current) {
      current = { ...out.get(first)!, ...bucket };
      out.delete(first);
    }
    out.set(bucketId, { ...bucket, ...(e.time ? { time: e.time } : {}), set: current.set.union(e.set) });
    out.delete(id);
    count--;
  }
  return out;
}
