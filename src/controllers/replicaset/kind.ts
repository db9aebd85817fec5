// What differs between ReplicaSets and ReplicationControllers: the resource, the selector form
// (set-based vs equality) and the names. Everything else is one implementation.
import type { LabelSelectorMatcher } from '../../api/meta/labels.js';
import { labelSelectorFromObject, selectorFromSet } from '../../api/meta/labels.js';
import type { PodTemplateSpec } from '../../api/types/core-v1.js';
import { REPLICASETS, REPLICATIONCONTROLLERS, type KubeObject, type ResourceRef } from '../../client/index.js';
import type { ReplicaStatus } from './status.js';

/** The shape both kinds share. */
export interface ReplicaOwner extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; template?: PodTemplateSpec; selector?: unknown };
  status?: ReplicaStatus;
}

export interface ReplicaKind {
  readonly ref: ResourceRef<ReplicaOwner>;
  readonly apiVersion: string;
  readonly kind: string;
  /** Controller name in the registry. */
  readonly controllerName: string;
  /** Event source component. */
  readonly component: string;
  /** The selector (throws a StatusError for an invalid one). */
  selectorOf(obj: Readonly<ReplicaOwner>): LabelSelectorMatcher;
}

export const REPLICA_SET_KIND: ReplicaKind = Object.freeze({
  ref: REPLICASETS as ResourceRef<ReplicaOwner>,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  controllerName: 'replicaset',
  component: 'replicaset-controller',
  selectorOf: (o: Readonly<ReplicaOwner>) => labelSelectorFromObject(o.spec?.selector as Parameters<typeof labelSelectorFromObject>[0]),
});

export const REPLICATION_CONTROLLER_KIND: ReplicaKind = Object.freeze({
  ref: REPLICATIONCONTROLLERS as ResourceRef<ReplicaOwner>,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  controllerName: 'replicationcontroller',
  component: 'replication-controller',
  // An RC's selector is a map; an absent or empty one selects nothing here (the API server
  // defaults it from the template labels).
  selectorOf: (o: Readonly<ReplicaOwner>) => {
    const sel = o.spec?.selector as Record<string, string> | undefined;
    return sel && Object.keys(sel).length ? selectorFromSet(sel) : labelSelectorFromObject(null);
  },
});
