// Keeps metadata.managedFields for every write through the registry (upstream: the apiserver's
// FieldManager): which manager owns which fields, Update entries for create/update/patch, and
// server-side apply. The field-set logic itself is pure and lives in api/managed-fields.
import {
  applyConfig,
  capUpdateManagers,
  customResourceRoot,
  decodeManagedFields,
  encodeManagedFields,
  FieldSet,
  fieldsStillAsLastApplied,
  KUBECTL_APPLIER,
  syncLastApplied,
  fieldPE,
  recordCreate,
  recordUpdate,
  SchemaTypes,
  type Managers,
  type TypeNode,
  type WriteContext,
} from '../api/managed-fields/index.js';
import type { KindStrategy, KObj } from '../api/resource-info.js';
import { convertBetweenVersions } from '../api/kinds/conversion/index.js';
import { definitionForKind, definitions } from '../api/schema/builtin.js';
import type { SchemaDef } from '../api/schema/types.js';
import { metaOf, Rfc3339Seconds } from './registry/object-meta.js';
import type { ResourceStore } from './registry/store.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const STATUS = fieldPE('status');
type Obj = Record<string, unknown>;

/** The manager that owned an object's fields before its first apply, when it had no managedFields. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

export interface FieldTracker {
  /** Records the create of `obj` by `manager` (sets obj.metadata.managedFields). */
  trackCreate(store: ResourceStore, obj: KObj, manager: string, subresource?: string): void;
  /** Records the update from `old` to `obj` (sets obj.metadata.managedFields). */
  trackUpdate(store: ResourceStore, obj: KObj, old: KObj, manager: string, subresource?: string): void;
}

export class FieldManager implements FieldTracker {
  private readonly builtin = new SchemaTypes(definitions);
  private readonly customRoots = new WeakMap<KindStrategy, TypeNode>();

  private readonly timestamps = new Rfc3339Seconds();

  constructor(private readonly clock: { now(): number }) {}

  private now(): string {
    return this.timestamps.format(this.clock.now());
  }

  root(store: ResourceStore): TypeNode {
    const def = definitionForKind(store.apiVersion, store.info.kind);
    if (def) return this.builtin.named(def);
    let root = this.customRoots.get(store.strategy);
    if (!root) {
      root = customResourceRoot(new SchemaTypes(), store.strategy.openAPIV3Schema as SchemaDef | undefined, this.builtin.named(OBJECT_META));
      this.customRoots.set(store.strategy, root);
    }
    return root;
  }

  context(store: ResourceStore, manager: string, subresource?: string): WriteContext {
    // certificatesigningrequests/approval writes status.conditions only, as status writes status.
    const onlyStatus = subresource === 'status' || subresource === 'approval';
    const ignoreStatus = !onlyStatus && !!store.info.status;
    return {
      root: this.root(store),
      manager,
      apiVersion: store.apiVersion,
      ...(subresource ? { subresource } : {}),
      now: this.now(),
      filter: (set: FieldSet) => (onlyStatus ? FieldSet.of(set.paths().filter((p) => p[0] === STATUS)) : ignoreStatus ? set.recursiveDifference(STATUS_SET) : set),
      inVersion: (obj, apiVersion) => this.inVersion(store, obj, apiVersion),
    };
  }

  /** `obj` (of store's version) in another served version of its kind, with that version's type. */
  private inVersion(store: ResourceStore, obj: unknown, apiVersion: string): { obj: unknown; root: TypeNode } | undefined {
    const kind = store.info.kind;
    const def = definitionForKind(apiVersion, kind);
    if (!def || !obj || typeof obj !== 'object') return undefined;
    const converted = convertBetweenVersions(obj as KObj, kind, store.apiVersion, apiVersion);
    return converted ? { obj: converted, root: this.builtin.named(def) } : undefined;
  }

  trackCreate(store: ResourceStore, obj: KObj, manager: string, subresource?: string): void {
    const ctx = this.context(store, manager, subresource);
    // A create may bring managedFields (e.g. a copied object): they are the starting point.
    const sent = subresource ? undefined : decodeManagedFields(metaOf(obj).managedFields);
    if (!sent || sent.size === 0) return setManagers(obj, recordCreate(obj, ctx));
    const empty = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: {} };
    setManagers(obj, recordUpdate(sent, empty, obj, ctx));
  }

  trackUpdate(store: ResourceStore, obj: KObj, old: KObj, manager: string, subresource?: string): void {
    const ctx = this.context(store, manager, subresource);
    // Managed fields sent with an update replace the stored ones (upstream lets clients edit
    // them); when absent, or on a subresource, the stored ones carry over.
    const raw = metaOf(obj).managedFields;
    const sent = decodeManagedFields(raw);
    // `managedFields: [{}]` resets them: only this write's changes are recorded (as upstream).
    const reset = !subresource && Array.isArray(raw) && raw.length === 1 && isEmptyObject(raw[0]);
    const base = reset ? new Map() : sent.size > 0 && !subresource ? sent : decodeManagedFields(metaOf(old).managedFields);
    setManagers(obj, recordUpdate(base, old, obj, ctx));
  }

  /**
   * Server-side apply of `config` onto `live` (undefined when the object does not exist yet).
   * Returns the object to store, managedFields set; throws 409 on conflicts unless forced.
   */
  apply(store: ResourceStore, live: KObj | undefined, config: KObj, manager: string, force: boolean, subresource?: string): KObj {
    const ctx = this.context(store, manager, subresource);
    const base: KObj = live ?? { apiVersion: config.apiVersion, kind: config.kind, metadata: {} };
    let managers = decodeManagedFields(metaOf(base).managedFields);
    if (live && managers.size === 0) {
      const empty = { apiVersion: live.apiVersion, kind: live.kind, metadata: {} };
      managers = recordUpdate(new Map(), empty, live, { ...this.context(store, BEFORE_FIRST_APPLY), now: ctx.now });
    }
    const { managedFields: _ignored, ...configMeta } = metaOf(config);
    const applied = { ...config, metadata: configMeta };
    const forgiven = live && manager === KUBECTL_APPLIER ? () => fieldsStillAsLastApplied(live, ctx.root, store.apiVersion) : undefined;
    const result = applyConfig(managers, base, applied, ctx, force, forgiven);
    const obj = result.object as KObj;
    syncLastApplied(obj, applied, manager);
    setManagers(obj, result.managers);
    return obj;
  }

  /**
   * Server-side apply of a Scale onto `parent`'s scale view (upstream: the ScaleHandler). Owners
   * of the parent's replicas field own spec.replicas of the Scale and back; the applier is
   * recorded on the parent with subresource scale. Sets parent's managedFields and returns the
   * merged Scale.
   */
  applyToScale(store: ResourceStore, parent: KObj, scale: Obj, config: Obj, manager: string, force: boolean): Obj {
    const replicasPath = (store.info.scale?.specReplicasPath ?? 'spec.replicas').split('.').map(fieldPE);
    const managers = decodeManagedFields(metaOf(parent).managedFields);
    const scaleView: Managers = new Map();
    for (const [id, e] of managers) if (e.set.has(replicasPath)) scaleView.set(id, { ...e, set: FieldSet.of([SCALE_REPLICAS]) });
    const ctx: WriteContext = {
      root: this.builtin.named(SCALE),
      manager,
      apiVersion: store.apiVersion,
      subresource: 'scale',
      now: this.now(),
      filter: (set: FieldSet) => set.intersection(FieldSet.of([SCALE_REPLICAS])),
    };
    const result = applyConfig(scaleView, scale, config, ctx, force);
    const replicasOnly = FieldSet.of([replicasPath]);
    const out: Managers = new Map();
    for (const [id, e] of managers) {
      const rest = e.set.difference(replicasOnly);
      const owns = result.managers.get(id)?.set.has(SCALE_REPLICAS) ?? false;
      const set = owns ? rest.union(replicasOnly) : rest;
      if (!set.isEmpty()) out.set(id, set.equals(e.set) ? e : { ...e, set, ...(owns ? { time: result.managers.get(id)!.time } : {}) });
    }
    for (const [id, e] of result.managers) {
      if (!managers.has(id) && e.set.has(SCALE_REPLICAS)) out.set(id, { ...e, set: replicasOnly });
    }
    setManagers(parent, out);
    return result.object;
  }
}

const STATUS_SET = FieldSet.of([[STATUS]]);
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const SCALE_REPLICAS = [fieldPE('spec'), fieldPE('replicas')];

const isEmptyObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;

function setManagers(obj: KObj, managers: Managers): void {
  const meta = metaOf(obj);
  if (managers.size === 0) delete meta.managedFields;
  else meta.managedFields = encodeManagedFields(capUpdateManagers(managers));
}
