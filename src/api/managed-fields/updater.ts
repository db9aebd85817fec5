// Who owns what after a write (upstream: structured-merge-diff's merge.Updater plus the
// apiserver's field manager layers): an update gives its manager the fields it changed and takes
// them from everyone else; an apply merges the configuration, removes fields the applier owned
// before and no longer applies (unless someone else owns them), and fails on changes to fields
// that other managers own unless forced.
import { compare, type Comparison } from './compare.js';
import { createdFields } from './created-fields.js';
import { newApplyConflict, type Conflict } from './conflicts.js';
import { FieldSet } from './field-set.js';
import { managerId, type ManagerEntry, type Managers } from './managers.js';
import { mergeValues } from './merge.js';
import { fieldPE } from './path-element.js';
import { withNamedFieldsAsMembers } from './named-fields.js';
import { removeItems } from './remove.js';
import { toFieldSet } from './to-field-set.js';
import type { TypeNode } from './type-node.js';
import { deepEqual, isPlainObject } from './values.js';

export interface WriteContext {
  readonly root: TypeNode;
  readonly manager: string;
  /** The API version of the request. */
  readonly apiVersion: string;
  readonly subresource?: string;
  /** RFC 3339 time of this write. */
  readonly now: string;
  /** Drops the fields this endpoint does not own (status on the main resource, all but status on /status). */
  readonly filter: (set: FieldSet) => FieldSet;
  /**
   * An object of this write in another served version, with that version's type (undefined when
   * the kind has no such version). A manager's fields are recorded in its own version, so changes
   * are compared there (upstream: the Updater converts the objects to each manager's version).
   */
  readonly inVersion?: (obj: unknown, apiVersion: string) => { readonly obj: unknown; readonly root: TypeNode } | undefined;
}

/** The changes of a write as each manager's version sees them (the request's version unless converted). */
function changesFor(oldObj: unknown, newObj: unknown, ctx: WriteContext, own: Comparison): (e: ManagerEntry) => Comparison {
  const cache = new Map<string, Comparison>();
  return (e) => {
    if (e.apiVersion === ctx.apiVersion || !ctx.inVersion) return own;
    let c = cache.get(e.apiVersion);
    if (!c) {
      const o = ctx.inVersion(oldObj, e.apiVersion);
      const n = ctx.inVersion(newObj, e.apiVersion);
      c = o && n ? diff(o.obj, n.obj, { ...ctx, root: n.root }) : own;
      cache.set(e.apiVersion, c);
    }
    return c;
  };
}

/** Server-set fields nobody owns (upstream: stripMetaManager). */
const STRIPPED = FieldSet.of(
  [['apiVersion'], ['kind'], ['metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['metadata', f])].map(
    (p) => p.map(fieldPE),
  ),
);

/** Copy without metadata.managedFields, for comparisons. */
function withoutManagedFields(obj: unknown): unknown {
  if (!isPlainObject(obj) || !isPlainObject(obj.metadata) || obj.metadata.managedFields === undefined) return obj;
  const { managedFields: _drop, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

function diff(oldObj: unknown, newObj: unknown, ctx: WriteContext): Comparison {
  const c = compare(withoutManagedFields(oldObj), withoutManagedFields(newObj), ctx.root);
  const strip = (s: FieldSet) => (s.isEmpty() ? s : ctx.filter(s).difference(STRIPPED));
  return { added: strip(c.added), modified: strip(c.modified), removed: strip(c.removed) };
}

/** Managers after others lost what changed (in their versions): changed fields move away, removed ones are gone. */
function withoutChanged(managers: Managers, selfId: string, changes: (e: ManagerEntry) => Comparison): Managers {
  const out: Managers = new Map();
  for (const [id, e] of managers) {
    if (id === selfId) continue;
    const c = changes(e);
    const s = e.set.difference(c.added.union(c.modified)).difference(c.removed);
    if (!s.isEmpty()) out.set(id, s.equals(e.set) ? e : { ...e, set: s });
  }
  return out;
}

/** An Update (create, update, non-apply patch) by ctx.manager from oldObj to newObj. */
export function recordUpdate(managers: Managers, oldObj: unknown, newObj: unknown, ctx: WriteContext): Managers {
  const c = diff(oldObj, newObj, ctx);
  const changed = c.added.union(c.modified);
  const self: Omit<ManagerEntry, 'set' | 'time'> = { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, ...(ctx.subresource ? { subresource: ctx.subresource } : {}) };
  const id = managerId(self);
  const out = withoutChanged(managers, id, changesFor(oldObj, newObj, ctx, c));
  const prev = managers.get(id);
  if (!changed.isEmpty()) {
    const set = prev ? prev.set.difference(c.removed).union(changed) : changed;
    out.set(id, { ...self, time: ctx.now, set });
  } else if (prev) {
    const set = prev.set.difference(c.removed);
    if (!set.isEmpty()) out.set(id, set.equals(prev.set) ? prev : { ...prev, set });
  }
  return out;
}

/**
 * A create by ctx.manager with no managers before it: recordUpdate(new Map(), empty, newObj, ctx)
 * where `empty` is the kind's empty object, without walking the empty side.
 */
export function recordCreate(newObj: Record<string, unknown>, ctx: WriteContext): Managers {
  const created = createdFields(withoutManagedFields(newObj) as Record<string, unknown>, ctx.root);
  const set = created.isEmpty() ? created : ctx.filter(created).difference(STRIPPED);
  const out: Managers = new Map();
  if (set.isEmpty()) return out;
  const entry: ManagerEntry = ctx.subresource
    ? { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource, time: ctx.now, set }
    : { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, time: ctx.now, set };
  out.set(managerId(entry), entry);
  return out;
}

export interface ApplyResult {
  readonly object: Record<string, unknown>;
  readonly managers: Managers;
}

/**
 * Apply `config` by ctx.manager onto `live` (an empty object when creating). Throws a 409
 * StatusError listing the conflicts unless `force`.
 */
export function applyConfig(
  managersIn: Managers,
  live: Record<string, unknown>,
  config: Record<string, unknown>,
  ctx: WriteContext,
  force: boolean,
  /** Conflicting fields that may be taken without force (kubectl moving from client-side apply). */
  forgiven?: () => FieldSet | undefined,
): ApplyResult {
  const self: Omit<ManagerEntry, 'set' | 'time'> = { manager: ctx.manager, operation: 'Apply', apiVersion: ctx.apiVersion, ...(ctx.subresource ? { subresource: ctx.subresource } : {}) };
  const id = managerId(self);
  const applied = ctx.filter(toFieldSet(config, ctx.root)).difference(STRIPPED);
  const last = managersIn.get(id);
  const managers: Managers = new Map(managersIn);
  managers.set(id, { ...self, time: last?.time ?? ctx.now, set: applied });

  let merged = mergeValues(withoutManagedFields(live), config, ctx.root) as Record<string, unknown>;
  if (last) {
    let owned = new FieldSet();
    for (const e of managers.values()) owned = owned.union(e.set);
    // As upstream prunes: struct fields on the way to an owned field stay (an applied set has
    // only `.metadata.labels.app`, a set moved over from client-side apply `.metadata.labels`).
    const prune = withNamedFieldsAsMembers(last.set, ctx.root).difference(withNamedFieldsAsMembers(owned, ctx.root));
    if (!prune.isEmpty()) merged = (removeItems(merged, prune, ctx.root) as Record<string, unknown> | undefined) ?? {};
  }

  const c = diff(live, merged, ctx);
  const changes = changesFor(live, merged, ctx, c);
  const conflicts: Conflict[] = [];
  for (const [otherId, e] of managers) {
    if (otherId === id) continue;
    const other = changes(e);
    for (const path of e.set.intersection(other.added.union(other.modified)).paths()) conflicts.push({ manager: e, path });
  }
  if (conflicts.length && !force) {
    const allowed = forgiven?.();
    const remaining = allowed ? conflicts.filter((c) => !allowed.has(c.path)) : conflicts;
    if (remaining.length) throw newApplyConflict(sortConflicts(remaining));
  }

  const out = withoutChanged(managers, id, changes);
  const unchanged = !!last && last.set.equals(applied) && deepEqual(merged, withoutManagedFields(live));
  if (!applied.isEmpty() || last) out.set(id, { ...self, time: unchanged ? (last?.time ?? ctx.now) : ctx.now, set: applied });
  return { object: merged, managers: out };
}

function sortConflicts(cs: Conflict[]): Conflict[] {
  return cs.sort((a, b) => (a.manager.manager < b.manager.manager ? -1 : a.manager.manager > b.manager.manager ? 1 : 0));
}
