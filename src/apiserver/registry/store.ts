// The generic registry store: create, read, update, delete and watch for any kind, with the
// per-kind behaviour coming from its KindStrategy (upstream: genericregistry.Store).
import { randomUUID } from 'node:crypto';
import {
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newInvalid,
  newNotFound,
  OBJECT_MODIFIED,
  StatusError,
  type GroupResource,
} from '../../api/errors.js';
import { printedValue, type FieldError } from '../../api/field-errors.js';
import { apiVersionOf, type ExternalConversion, type KindStrategy, type KObj, type Requester } from '../../api/resource-info.js';
import type { KeyValue, ScanItem, Storage, StorageEvent } from '../../storage/interface.js';
import { isStorageError } from '../../storage/errors.js';
import type { FieldManager } from '../field-manager.js';
import { canonicalOrder, decodeStored, encodeForStorage, spliceRevision, spliceRevisionChunks } from '../codec.js';
import { ListBufferPool } from './list-body.js';
import { deepClone, metaOf, nameOf, randomSuffix, Rfc3339Seconds, specOf, type Meta } from './object-meta.js';
import { validateCommonCreate, validateCommonUpdate } from './validate-common.js';
import type { WatchEventMemo } from './watch.js';
import type { AdmissionAttributes, AdmissionRequestInfo } from '../admission/webhooks/attributes.js';

export interface Clock {
  now(): number;
}

export interface StoreDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  /** Refuses writes into a missing or terminating namespace (NamespaceLifecycle admission). */
  readonly checkNamespace?: (namespace: string, verb: 'create' | 'update', gr: GroupResource, name: string) => Promise<void>;
  /** Run after defaulting and validation, before the write (admission). */
  readonly admit?: (store: ResourceStore, obj: KObj, old: KObj | undefined, op: 'create' | 'update', opts: { readonly dryRun: boolean }) => Promise<void>;
  /**
   * Dynamic admission webhooks, run after the built-in admission for writes that come from an API
   * request (WriteOptions.admission): mutating ones may return a changed object, which is then
   * defaulted and validated again.
   */
  readonly webhooks?: {
    /** False when no webhook configuration is stored: writes then skip the webhooks at no cost. */
    active(): boolean;
    mutate(store: ResourceStore, a: AdmissionAttributes): Promise<KObj | undefined>;
    validate(store: ResourceStore, a: AdmissionAttributes): Promise<void>;
  };
  /** Keeps metadata.managedFields; without it managed fields are only carried over. */
  readonly fieldManager?: FieldManager;
  /** The random source of generateName suffixes (default Math.random). */
  readonly random?: () => number;
}

export interface WriteOptions {
  readonly dryRun?: boolean;
  /** The manager recorded in managedFields; writes without one leave managedFields as they were. */
  readonly fieldManager?: string;
  /** The subresource recorded with the manager (e.g. scale, which writes through the main resource). */
  readonly managerSubresource?: string;
  /** managedFields were already computed (server-side apply). */
  readonly managedFieldsSet?: boolean;
  /** Missing objects are created even if the kind does not allow create on update (apply). */
  readonly forceAllowCreate?: boolean;
  /** The user making the request (CertificateSigningRequests record it in their spec). */
  readonly requester?: Requester;
  /** The API request behind the write; admission webhooks are called only for those. */
  readonly admission?: AdmissionRequestInfo;
}

/** The meta/v1 options object an admission webhook is shown. */
function optionsObject(kind: 'CreateOptions' | 'UpdateOptions', opts: WriteOptions): Record<string, unknown> {
  const o: Record<string, unknown> = { kind, apiVersion: 'meta.k8s.io/v1' };
  if (opts.dryRun) o.dryRun = ['All'];
  if (opts.fieldManager) o.fieldManager = opts.fieldManager;
  return o;
}

/** managedFields go last in metadata (upstream's field order), so unchanged objects encode to the same bytes. */
function managedFieldsLast(meta: Meta): void {
  if (meta.managedFields === undefined) return;
  const mf = meta.managedFields;
  delete meta.managedFields;
  meta.managedFields = mf;
}

/** What an update does to the current object: return the new object, or throw. */
export type UpdateFn = (current: KObj) => KObj | Promise<KObj>;

export interface UpdateResult {
  readonly object: KObj;
  readonly created: boolean;
}

const MAX_UPDATE_RETRIES = 16;
/** Names tried for one create with generateName before a collision is answered 409 (upstream's 8). */
export const MAX_NAME_GENERATION_ATTEMPTS = 8;

export class ResourceStore {
  readonly gr: GroupResource;
  readonly apiVersion: string;
  readonly prefix: string;
  /** Decoded/encoded forms of storage events, shared by every watcher of this resource. */
  readonly eventMemo = new WeakMap<StorageEvent, WatchEventMemo>();
  /** Storage events converted by the kind's webhook (one call per event for all watchers of this version). */
  readonly convertedEvents = new WeakMap<StorageEvent, Promise<{ readonly obj: KObj; readonly bytes: Buffer }>>();
  /** The buffer of this resource's last large list body, for the next one to write into. */
  readonly listBuffers = new ListBufferPool();
  private readonly timestamps = new Rfc3339Seconds();

  constructor(
    readonly strategy: KindStrategy,
    readonly deps: StoreDeps,
  ) {
    const info = strategy.info;
    this.gr = { group: info.group, resource: info.resource };
    this.apiVersion = apiVersionOf(info);
    const storageGroup = strategy.conversion?.storageGroup ?? info.group;
    this.prefix = `/registry/${storageGroup || 'core'}/${info.resource}/`;
  }

  /** A stored value as this version's object, with its resourceVersion. */
  decode(value: Buffer | string, revision: number): KObj {
    const obj = decodeStored(value, revision);
    return this.strategy.conversion ? this.strategy.conversion.fromStorage(obj) : obj;
  }

  decodeKv(kv: ScanItem): KObj {
    return this.decode(kv.value, kv.modRevision);
  }

  /** This version's object as the bytes to store. */
  encode(obj: KObj): Buffer {
    const stored = this.strategy.conversion ? this.strategy.conversion.toStorage(obj) : obj;
    return encodeForStorage(canonicalOrder(stored));
  }

  /** Set when objects convert between versions through a call out of the server (a CRD's webhook). */
  get externalConversion(): ExternalConversion | undefined {
    return this.strategy.conversion?.external;
  }

  /**
   * Decoded stored objects as this version: as decode made them, unless the kind converts
   * externally (one call for all of them).
   */
  async served(objs: KObj[]): Promise<KObj[]> {
    const external = this.strategy.conversion?.external;
    return external ? external.convert(objs, this.apiVersion) : objs;
  }

  /** encode, after converting to the stored version when that takes a call out of the server. */
  async encodeConverted(obj: KObj): Promise<Buffer> {
    const external = this.strategy.conversion?.external;
    if (!external) return this.encode(obj);
    const [stored] = await external.convert([obj], external.storageApiVersion);
    return this.encode(stored!);
  }

  /**
   * A written object as its stored form reads back in this version: for a kind converted by a
   * webhook, the response shows what the round trip through the storage version kept (upstream
   * decodes the stored bytes into the response too).
   */
  private async readBack(bytes: Buffer, revision: number): Promise<KObj> {
    return (await this.served([this.decode(bytes, revision)]))[0]!;
  }

  /** jsonChunks' single-buffer form. */
  json(value: Buffer, revision: number): Buffer {
    if (!this.strategy.conversion) return spliceRevision(value, revision);
    return Buffer.from(JSON.stringify(this.decode(value, revision)));
  }

  /** The JSON to send for a stored value, as chunks: spliced without parsing unless a conversion applies. */
  jsonChunks(value: Buffer, revision: number): Buffer[] {
    if (!this.strategy.conversion) return spliceRevisionChunks(value, revision);
    return [Buffer.from(JSON.stringify(this.decode(value, revision)))];
  }

  get info() {
    return this.strategy.info;
  }

  key(namespace: string, name: string): string {
    return this.info.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** The prefix that lists a namespace (or everything when namespace is ''). */
  listPrefix(namespace: string): string {
    return this.info.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  async getKv(namespace: string, name: string): Promise<KeyValue> {
    const kv = await this.deps.storage.get(this.key(namespace, name));
    if (!kv) throw newNotFound(this.gr, name);
    return kv;
  }

  async get(namespace: string, name: string): Promise<KObj> {
    const obj = this.decodeKv(await this.getKv(namespace, name));
    return this.strategy.conversion?.external ? (await this.served([obj]))[0]! : obj;
  }

  /** Create an object already decoded and type-checked. */
  async create(namespace: string, input: KObj, opts: WriteOptions = {}): Promise<KObj> {
    if (this.strategy.load) await this.strategy.load();
    const generated = !metaOf(input).name && typeof metaOf(input).generateName === 'string' && metaOf(input).generateName !== '';
    const prepared = this.prepareCreate(
      namespace,
      input,
      (o) => {
        if (opts.fieldManager !== undefined && !opts.managedFieldsSet) this.deps.fieldManager?.trackCreate(this, o, opts.fieldManager, opts.managerSubresource);
        managedFieldsLast(metaOf(o));
      },
      opts.requester,
    );
    if (this.info.namespaced) await this.deps.checkNamespace?.(namespace, 'create', this.gr, metaOf(prepared).name ?? '');
    await this.deps.admit?.(this, prepared, undefined, 'create', { dryRun: !!opts.dryRun });
    const obj = await this.callWebhooks('CREATE', prepared, undefined, opts, '');
    const meta = metaOf(obj);
    if (opts.dryRun) {
      const existing = await this.deps.storage.get(this.key(namespace, meta.name!));
      if (existing) throw newAlreadyExists(this.gr, meta.name!);
      return obj;
    }
    // A generated name that is taken gets another suffix, as upstream retries (RetryGenerateName).
    for (let attempt = 1; ; attempt++) {
      try {
        const external = this.strategy.conversion?.external;
        const bytes = external ? await this.encodeConverted(obj) : this.encode(obj);
        const kv = await this.deps.storage.create(this.key(namespace, meta.name!), bytes);
        if (external) return this.readBack(bytes, kv.modRevision);
        meta.resourceVersion = String(kv.modRevision);
        return obj;
      } catch (e) {
        if (!isStorageError(e, 'KeyExists')) throw e;
        if (!generated || attempt >= MAX_NAME_GENERATION_ATTEMPTS) throw newAlreadyExists(this.gr, meta.name!);
        meta.name = meta.generateName! + randomSuffix(this.deps.random);
      }
    }
  }

  /**
   * Defaulting, server-set fields and validation for a new object. `beforeValidation` sees the
   * defaulted object before the strategy sets its server-side fields (the field manager records
   * managedFields there, as upstream does before the registry's create).
   */
  prepareCreate(namespace: string, input: KObj, beforeValidation?: (obj: KObj) => void, requester?: Requester): KObj {
    const obj = input;
    this.checkTypeMeta(obj);
    const meta = metaOf(obj);
    if (this.info.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (namespace) meta.namespace = namespace;
    } else if (meta.namespace === '') {
      delete meta.namespace;
    }
    if (meta.resourceVersion) {
      throw newBadRequest('resourceVersion should not be set on objects to be created');
    }
    if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) {
      meta.name = meta.generateName + randomSuffix(this.deps.random);
    }
    meta.uid = randomUUID();
    meta.creationTimestamp = this.timestamps.format(this.deps.clock.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (this.strategy.generation) meta.generation = 1;
    else delete meta.generation;
    if (this.info.status && !this.strategy.keepStatusOnCreate) delete obj.status;
    // As upstream: the decoder's defaulting, then the field manager records what the client's
    // object holds, then the strategy's server-set fields (not the client's, so not in
    // managedFields), then defaults again for what those imply (e.g. a Job's generated labels).
    this.strategy.defaults?.(obj);
    beforeValidation?.(obj);
    if (this.strategy.prepareForCreate) {
      this.strategy.prepareForCreate(obj, requester);
      this.strategy.defaults?.(obj);
    }
    this.validateWrite(obj, undefined, '');
    return obj;
  }

  /**
   * Read-modify-write with optimistic concurrency (upstream GuaranteedUpdate). `fn` gets the
   * current object and returns the desired one; if the desired object carries a resourceVersion
   * different from the current one the caller asked for a precondition and gets 409 Conflict,
   * otherwise a concurrent write makes fn run again on the newer object.
   */
  async update(
    namespace: string,
    name: string,
    fn: UpdateFn,
    opts: WriteOptions & { subresource?: string; createFn?: () => KObj } = {},
  ): Promise<UpdateResult> {
    if (this.strategy.load) await this.strategy.load();
    for (let attempt = 0; attempt < MAX_UPDATE_RETRIES; attempt++) {
      const kv = await this.deps.storage.get(this.key(namespace, name));
      if (!kv) {
        if (opts.createFn && (this.strategy.allowCreateOnUpdate || opts.forceAllowCreate) && !opts.subresource) {
          const obj = opts.createFn();
          return { object: await this.create(namespace, obj, opts), created: true };
        }
        throw newNotFound(this.gr, name);
      }
      const external = this.strategy.conversion?.external;
      const old = external ? (await this.served([this.decodeKv(kv)]))[0]! : this.decodeKv(kv);
      const desired = await fn(deepClone(old));
      const rv = metaOf(desired).resourceVersion;
      if (rv && rv !== String(kv.modRevision)) throw newConflict(this.gr, name, OBJECT_MODIFIED);
      const applied = opts.managedFieldsSet ? metaOf(desired).managedFields : undefined;
      const prepared = this.prepareUpdate(namespace, name, desired, old, opts.subresource ?? '', (o) => this.trackFields(o, old, opts, applied));
      if (this.info.namespaced && !opts.subresource) await this.deps.checkNamespace?.(namespace, 'update', this.gr, name);
      await this.deps.admit?.(this, prepared, old, 'update', { dryRun: !!opts.dryRun });
      const obj = await this.callWebhooks('UPDATE', prepared, old, opts, opts.subresource ?? '');
      const finalizing = this.readyToRemove(obj);
      const bytes = external ? await this.encodeConverted(obj) : this.encode(obj);
      if (!finalizing && bytes.equals(kv.value)) return { object: old, created: false };
      if (opts.dryRun) {
        metaOf(obj).resourceVersion = String(kv.modRevision);
        return { object: obj, created: false };
      }
      try {
        if (finalizing) {
          const res = await this.deps.storage.delete(kv.key, kv.modRevision);
          metaOf(obj).resourceVersion = String(res.revision);
          return { object: obj, created: false };
        }
        const next = await this.deps.storage.update(kv.key, bytes, kv.modRevision);
        if (external) return { object: await this.readBack(bytes, next.modRevision), created: false };
        metaOf(obj).resourceVersion = String(next.modRevision);
        return { object: obj, created: false };
      } catch (e) {
        // Someone wrote in between: run fn again on the new state (upstream's GuaranteedUpdate).
        // A request that named a resourceVersion fails the check above on the retry; a patch,
        // which carries no precondition, is applied to the latest object.
        if (isStorageError(e, 'Conflict')) continue;
        if (isStorageError(e, 'NotFound')) throw newNotFound(this.gr, name);
        throw e;
      }
    }
    throw newConflict(this.gr, name, 'too many concurrent updates, please try again');
  }

  /**
   * Admission webhooks for a write from an API request: the mutating ones, then (on the object
   * they produced, defaulted and validated again) the validating ones.
   */
  private async callWebhooks(operation: 'CREATE' | 'UPDATE', obj: KObj, old: KObj | undefined, opts: WriteOptions, subresource: string): Promise<KObj> {
    const hooks = this.deps.webhooks;
    if (!hooks?.active() || !opts.admission) return obj;
    const meta = metaOf(obj);
    const attrs: AdmissionAttributes = {
      info: this.info,
      operation,
      subresource,
      name: meta.name ?? '',
      namespace: this.info.namespaced ? (meta.namespace ?? '') : '',
      object: obj,
      oldObject: old,
      dryRun: !!opts.dryRun,
      options: optionsObject(operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions', opts),
      request: opts.admission,
    };
    const mutated = await hooks.mutate(this, attrs);
    if (mutated) {
      // A webhook may not move the object: the request's namespace (and, for updates, name) stand.
      const m = metaOf(mutated);
      if (this.info.namespaced && (m.namespace ?? '') !== attrs.namespace) {
        throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (old && m.name !== attrs.name) throw newBadRequest(`the name of the object (${printedValue(m.name ?? '')}) does not match the name on the URL (${attrs.name})`);
      this.checkTypeMeta(mutated);
      this.validateWrite(mutated, old, subresource);
    }
    const result = mutated ?? obj;
    await hooks.validate(this, { ...attrs, object: result });
    return result;
  }

  /**
   * The validation of a write: a create (no `old`), or an update of the object or one of its
   * subresources; 422 with every error. Also run again on an object a mutating webhook changed.
   */
  private validateWrite(obj: KObj, old: KObj | undefined, subresource: string): void {
    const s = this.strategy;
    let errs: FieldError[];
    if (!old) errs = [...validateCommonCreate(s, obj), ...(s.validate?.(obj) ?? []), ...(s.validateCreate?.(obj) ?? [])];
    else if (subresource === 'status') errs = [...validateCommonUpdate(s, obj, old), ...(s.validateStatusUpdate?.(obj, old) ?? [])];
    else if (subresource === 'approval' && s.approval) errs = [...validateCommonUpdate(s, obj, old), ...s.approval.validateUpdate(obj, old)];
    else if (subresource === 'ephemeralcontainers') errs = [...validateCommonUpdate(s, obj, old), ...(s.validate?.(obj) ?? []), ...(s.validateEphemeralContainersUpdate?.(obj, old) ?? [])];
    // pods/binding sets spec.nodeName, which a pod update may not change.
    else if (subresource === 'binding') errs = [...validateCommonUpdate(s, obj, old), ...(s.validate?.(obj) ?? [])];
    else errs = [...validateCommonUpdate(s, obj, old), ...(s.validate?.(obj) ?? []), ...(s.validateUpdate?.(obj, old) ?? [])];
    if (errs.length) throw this.invalid(obj, errs);
  }

  /** Records the write in managedFields, or carries the stored managedFields over. */
  private trackFields(obj: KObj, old: KObj, opts: WriteOptions & { subresource?: string }, applied: unknown[] | undefined): void {
    const fm = this.deps.fieldManager;
    const meta = metaOf(obj);
    if (opts.managedFieldsSet) {
      // Computed by the apply (subresource updates start from the stored object, so set them again).
      if (applied === undefined) delete meta.managedFields;
      else meta.managedFields = applied;
    } else if (fm && opts.fieldManager !== undefined) {
      fm.trackUpdate(this, obj, old, opts.fieldManager, opts.managerSubresource ?? opts.subresource);
    } else {
      const oldFields = (old.metadata as Meta | undefined)?.managedFields;
      if (meta.managedFields === undefined && oldFields !== undefined) meta.managedFields = oldFields;
    }
    managedFieldsLast(meta);
  }

  /** Keep server-owned fields, apply the strategy and validate an update (`beforeValidation` as for prepareCreate). */
  prepareUpdate(namespace: string, name: string, input: KObj, old: KObj, subresource: string, beforeValidation?: (obj: KObj) => void): KObj {
    const obj = input;
    this.checkTypeMeta(obj);
    const meta = metaOf(obj);
    const oldMeta = old.metadata as Meta;
    if (meta.name !== undefined && meta.name !== name) {
      throw newBadRequest(`the name of the object (${printedValue(meta.name)}) does not match the name on the URL (${name})`);
    }
    if (this.info.namespaced && meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
      throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.name = name;
    if (this.info.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    // Fields only the server sets.
    meta.uid = oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    if (!meta.resourceVersion) meta.resourceVersion = oldMeta.resourceVersion;
    if (oldMeta.deletionTimestamp) {
      meta.deletionTimestamp = oldMeta.deletionTimestamp;
      if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    delete meta.selfLink;
    if (subresource === 'finalize') {
      const next = deepClone(old);
      const spec = (next.spec && typeof next.spec === 'object' ? next.spec : (next.spec = {})) as Record<string, unknown>;
      spec.finalizers = (obj.spec as Record<string, unknown> | undefined)?.finalizers ?? [];
      metaOf(next).resourceVersion = meta.resourceVersion;
      beforeValidation?.(next);
      return next;
    }
    if (subresource === 'status') {
      // The status subresource changes status only (and nothing of metadata but what upstream allows).
      const next: KObj = { ...deepClone(old), status: obj.status };
      const nm = metaOf(next);
      nm.resourceVersion = meta.resourceVersion;
      this.strategy.prepareForStatusUpdate?.(next, old);
      this.strategy.defaults?.(next);
      beforeValidation?.(next);
      this.validateWrite(next, old, subresource);
      return next;
    }
    if (subresource === 'ephemeralcontainers') return this.prepareEphemeralContainersUpdate(obj, old, meta.resourceVersion, beforeValidation);
    if (subresource === 'approval' && this.strategy.approval) {
      const next = this.strategy.approval.prepareForUpdate(obj, deepClone(old));
      metaOf(next).resourceVersion = meta.resourceVersion;
      this.strategy.defaults?.(next);
      beforeValidation?.(next);
      this.validateWrite(next, old, subresource);
      return next;
    }
    if (this.info.status && subresource === '') {
      if (old.status === undefined) delete obj.status;
      else obj.status = deepClone(old.status);
    }
    if (this.strategy.generation) {
      const oldGen = typeof oldMeta.generation === 'number' ? oldMeta.generation : 1;
      meta.generation = specOf(obj) !== specOf(old) ? oldGen + 1 : oldGen;
    } else {
      delete meta.generation;
    }
    if (oldMeta.deletionTimestamp && Array.isArray(meta.finalizers) && Array.isArray(oldMeta.finalizers)) {
      // While deleting, finalizers may only be removed, never added.
      const allowed = new Set(oldMeta.finalizers);
      const added = meta.finalizers.filter((f) => !allowed.has(f));
      if (added.length) {
        throw this.invalid(obj, [
          { type: 'FieldValueForbidden', field: 'metadata.finalizers', detail: `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}` },
        ]);
      }
    }
    this.strategy.prepareForUpdate?.(obj, old);
    this.strategy.defaults?.(obj);
    beforeValidation?.(obj);
    this.validateWrite(obj, old, subresource);
    return obj;
  }

  /**
   * pods/ephemeralcontainers changes spec.ephemeralContainers only: the rest of the written pod
   * (spec, status, metadata) is the stored one (upstream dropNonEphemeralContainerUpdates).
   */
  private prepareEphemeralContainersUpdate(obj: KObj, old: KObj, resourceVersion: unknown, beforeValidation?: (obj: KObj) => void): KObj {
    const next: KObj = deepClone(old);
    const spec = (next.spec && typeof next.spec === 'object' ? next.spec : (next.spec = {})) as Record<string, unknown>;
    const wanted = (obj.spec as Record<string, unknown> | undefined)?.ephemeralContainers;
    if (wanted === undefined || wanted === null) delete spec.ephemeralContainers;
    else spec.ephemeralContainers = deepClone(wanted);
    metaOf(next).resourceVersion = resourceVersion as string | undefined;
    this.strategy.defaults?.(next);
    beforeValidation?.(next);
    this.validateWrite(next, old, 'ephemeralcontainers');
    return next;
  }

  /** An object being deleted whose finalizers are all gone and whose grace period is over is removed. */
  readyToRemove(obj: KObj): boolean {
    const meta = obj.metadata as Meta;
    if (!meta.deletionTimestamp) return false;
    if (this.strategy.canRemove) return this.strategy.canRemove(obj);
    if (Array.isArray(meta.finalizers) && meta.finalizers.length > 0) return false;
    return !meta.deletionGracePeriodSeconds;
  }

  invalid(obj: KObj, errs: readonly FieldError[]): StatusError {
    return newInvalid({ group: this.info.group, kind: this.info.kind }, nameOf(obj), errs);
  }

  private checkTypeMeta(obj: KObj): void {
    const { kind, apiVersion } = obj;
    if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== this.apiVersion) {
      throw newBadRequest(`the API version in the data (${printedValue(apiVersion)}) does not match the expected API version (${this.apiVersion})`);
    }
    if (kind !== undefined && kind !== '' && kind !== this.info.kind) {
      throw newBadRequest(`the kind in the data (${printedValue(kind)}) does not match the expected kind (${this.info.kind})`);
    }
    obj.kind = this.info.kind;
    obj.apiVersion = this.apiVersion;
  }
}

