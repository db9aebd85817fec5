// What every request handler receives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KObj } from '../../api/resource-info.js';
import type { ApiRegistry } from '../api-registry.js';
import type { Authenticator, UserInfo } from '../auth/authenticator.js';
import type { Authorizer } from '../auth/authorizer.js';
import type { ServiceAccountTokenIssuer } from '../auth/service-account-jwt.js';
import type { KubeletTransport } from '../kubelet-client/kubelet-transport.js';
import type { RequestInfo } from '../request-info.js';
import type { ResourceStore } from '../registry/store.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What the decoder knows of a body's text, for reporting repeated keys as upstream does. */
export interface BodySource {
  /** The body's JSON text. */
  readonly json?: string;
  /** `json` is a merge or strategic merge patch, not the object itself. */
  readonly patch?: boolean;
  /** The repeated keys of a YAML body (`line N: key "k" already set in map`). */
  readonly yamlDuplicates?: readonly string[];
  /** Problems of a JSON patch's own operations, reported before the patched object's. */
  readonly patchProblems?: readonly string[];
  /** A server-side apply configuration: zero values of omitempty fields are kept (they are owned). */
  readonly applyConfiguration?: boolean;
}

/** Type-checks a decoded body against the kind's schema; may drop unknown fields. */
export interface BodyDecoder {
  /** `source`: what is known of the body's text, for reporting duplicate fields. */
  decode(store: ResourceStore, value: unknown, mode: FieldValidation, warnings: string[], source?: BodySource): KObj;
  /**
   * A protobuf body -> the plain value the JSON path would have parsed (`kind`: what the body
   * should hold, default the store's kind). 415 when the kind has no protobuf form, 400 when
   * the body does not decode. `apiVersion`: the group version of a subresource's own body type
   * (autoscaling/v1 Scale, policy/v1 Eviction), when it is not the store's.
   */
  decodeProtobuf(store: ResourceStore, body: Uint8Array, kind?: string, apiVersion?: string): Promise<Record<string, unknown>>;
  /** A meta/v1 options body (DeleteOptions ...) type-checked against its schema: 400 on a type error; unknown fields dropped. */
  decodeOptions(kind: 'DeleteOptions', value: unknown): Record<string, unknown>;
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly info: RequestInfo;
  readonly query: URLSearchParams;
  readonly user: UserInfo;
  readonly registry: ApiRegistry;
  readonly decoder: BodyDecoder;
  /** The server's authorizer (access reviews ask it). */
  readonly authorizer: Authorizer;
  /** The server's authenticators (a TokenReview asks them about its token). */
  readonly authenticator: Authenticator;
  /** Warnings to return in Warning headers. */
  readonly warnings: string[];
  /** Set by the handler for the audit log and metrics. */
  status?: number;
  /** Set by a create: the name the request's object carries (the audit line's name; the path has none). */
  objectName?: string;
  /** Annotations for the request's audit line, set by admission (ValidatingAdmissionPolicy's Audit action and auditAnnotations). */
  auditAnnotations?: Record<string, string>;
  /** How often a watch that allows bookmarks gets one. */
  readonly bookmarkIntervalMs: number;
  /** Signs serviceaccounts/{name}/token answers (absent: that subresource is not served). */
  readonly tokenIssuer?: ServiceAccountTokenIssuer;
  /** Ends long-running requests (watches) when the server stops. */
  readonly signal: AbortSignal;
  /** Reaches kubelets for pods/log, exec, attach, portforward and nodes/proxy (undefined: those answer 503); made on first use. */
  readonly kubelet?: () => Promise<KubeletTransport> | undefined;
  /** The connection of an HTTP upgrade request (exec, attach, portforward), to relay after the kubelet's 101. */
  readonly upgrade?: { readonly socket: import('node:stream').Duplex; readonly head: Buffer };
}
