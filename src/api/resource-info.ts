// What the API knows about a resource type: names, scope, discovery data. Pure data.
import type { FieldError } from './field-errors.js';

export interface ScaleSubresource {
  /** JSON paths (dotted) of the replica fields and the label selector. */
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name, e.g. "deployments". */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly listKind: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** True when the type has a status subresource (status ignored on create and main update). */
  readonly status?: boolean;
  readonly scale?: ScaleSubresource;
  /** Verbs on the main resource; defaults to the full set. */
  readonly verbs?: readonly string[];
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const apiVersionOf = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);

export type KObj = Record<string, unknown> & { metadata?: Record<string, unknown> };

/**
 * How a served version maps to the stored form, when several versions (or groups) share one
 * storage (autoscaling/v1 and v2 HPAs, core and events.k8s.io Events, CRD versions).
 */
export interface StorageConversion {
  /** The group whose key space stores the objects (default: the resource's own group). */
  readonly storageGroup?: string;
  /** Stored object -> this version. Must not mutate its input. */
  fromStorage(obj: KObj): KObj;
  /** This version -> stored object. Must not mutate its input. */
  toStorage(obj: KObj): KObj;
  /**
   * Set when the versions convert through a call out of the server (a CRD's conversion webhook):
   * fromStorage and toStorage then leave objects as stored, and the registry converts with this.
   */
  readonly external?: ExternalConversion;
}

/** A conversion that needs a round trip (upstream: the CRD webhook converter). */
export interface ExternalConversion {
  /** The apiVersion objects are stored in. */
  readonly storageApiVersion: string;
  /**
   * `objects` as `apiVersion`, in order; objects already in it are not sent. Fails with a
   * StatusError (500 InternalError) naming what went wrong.
   */
  convert(objects: readonly KObj[], apiVersion: string): Promise<KObj[]>;
}

/** The authenticated user behind a write, for strategies that record it (upstream: user.Info). */
export interface Requester {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** How a subresource that writes part of the object prepares and checks the update. */
export interface SubresourceStrategy {
  /** The object to store, from what was sent and the stored object (both may be changed). */
  prepareForUpdate(obj: KObj, old: KObj): KObj;
  validateUpdate(obj: KObj, old: KObj): FieldError[];
}

/** Per-kind behaviour plugged into the generic registry (upstream: the REST strategy). */
export interface KindStrategy {
  readonly info: ResourceInfo;
  /** Validates metadata.name (and generateName when prefix=true); defaults to DNS-1123 subdomain. */
  nameValidator?(name: string, prefix: boolean): string[];
  /** Fill in upstream defaults; runs on create, update and patch results. */
  defaults?(obj: KObj): void;
  /**
   * Normalise a new object before validation (status reset is done by the registry);
   * `requester` is the user making the request, when there is one.
   */
  prepareForCreate?(obj: KObj, requester?: Requester): void;
  prepareForUpdate?(obj: KObj, old: KObj): void;
  /**
   * Loads what the kind's checks need (a parser and its libraries) before its first write, so
   * that it is not loaded at start-up; the registry awaits it before every create and update.
   */
  load?(): Promise<void>;
  validate?(obj: KObj): FieldError[];
  /** Checks only a create makes (validate runs too). */
  validateCreate?(obj: KObj): FieldError[];
  validateUpdate?(obj: KObj, old: KObj): FieldError[];
  validateStatusUpdate?(obj: KObj, old: KObj): FieldError[];
  /** Adjusts a status write after the stored spec and metadata are put back (before defaults and validation). */
  prepareForStatusUpdate?(obj: KObj, old: KObj): void;
  /** certificatesigningrequests/approval: only the approval conditions change. */
  readonly approval?: SubresourceStrategy;
  /** Checks a write through pods/ephemeralcontainers (only pods serve that subresource). */
  validateEphemeralContainersUpdate?(obj: KObj, old: KObj): FieldError[];
  /** Extra field-selector fields (metadata.name and metadata.namespace are always there). */
  selectableFields?(obj: KObj): Record<string, string>;
  /** Fields of the top-level object that are neither metadata nor status nor spec but count as spec. */
  readonly specKeys?: readonly string[];
  /** Keep a status given on create (upstream: nodes, which kubelets register with their status). */
  readonly keepStatusOnCreate?: boolean;
  /** Whether metadata.generation is kept (1 on create, bumped on every spec change). */
  readonly generation?: boolean;
  /** Whether PUT may create a missing object (upstream AllowCreateOnUpdate). */
  readonly allowCreateOnUpdate?: boolean;
  /**
   * Called when a delete starts (the object is a copy that will be stored); returns true when
   * the object must stay until something finishes it (a namespace being emptied).
   */
  beginDelete?(obj: KObj): boolean;
  /** Whether an object being deleted may now be removed; defaults to "no finalizers left". */
  canRemove?(obj: KObj): boolean;
  /** Set when this version is stored in another version's form. */
  readonly conversion?: StorageConversion;
  /** True for custom resources (metadata rules for built-in types do not apply). */
  readonly customResource?: boolean;
  /** A custom resource version's additionalPrinterColumns (server-side Table printing). */
  readonly printerColumns?: readonly unknown[];
  /** Validate metadata with the generic rules only (upstream: apiextensions objects). */
  readonly genericMetadataValidation?: boolean;
  /** A custom resource version's openAPIV3Schema, published in /openapi/v2 and /openapi/v3. */
  readonly openAPIV3Schema?: unknown;
  /** Removes fields the schema does not know and returns their paths (custom resources). */
  pruneUnknownFields?(obj: KObj): string[];
  /** Whether deletes are graceful for this kind (pods). */
  gracefulDeleteSeconds?(obj: KObj, requested: number | undefined): number;
}
