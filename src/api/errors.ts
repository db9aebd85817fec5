// StatusError: the one API error type. Every failure leaves the API server as a meta/v1 Status
// with upstream's reason, code and message shape.
import { aggregateMessage, fieldErrorBody, type FieldError } from './field-errors.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | '';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

const BRAND = Symbol.for('k8ts.api.StatusError');

export class StatusError extends Error {
  override readonly name = 'StatusError';
  readonly [BRAND] = true;
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }
  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, code: this.code };
    if (this.reason) s.reason = this.reason;
    if (this.details) s.details = this.details;
    return s;
  }
}

export const isStatusError = (e: unknown, reason?: StatusReason): e is StatusError =>
  e instanceof StatusError && (reason === undefined || e.reason === reason);

/** A group/resource pair as printed by upstream: "deployments.apps", or "pods" for core. */
export interface GroupResource {
  group: string;
  resource: string;
}
const grString = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
/** Upstream's details: name, group and kind (the resource), each left out when empty (omitempty). */
const details = (gr: GroupResource, name: string): StatusDetails => {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  if (gr.resource) d.kind = gr.resource;
  return d;
};

export const newNotFound = (gr: GroupResource, name: string) =>
  new StatusError(404, 'NotFound', `${grString(gr)} "${name}" not found`, details(gr, name));

export const newAlreadyExists = (gr: GroupResource, name: string) =>
  new StatusError(409, 'AlreadyExists', `${grString(gr)} "${name}" already exists`, details(gr, name));

export const newConflict = (gr: GroupResource, name: string, why: string) =>
  new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${grString(gr)} "${name}": ${why}`, details(gr, name));

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export const newBadRequest = (message: string) => new StatusError(400, 'BadRequest', message);
export const newUnauthorized = (message = 'Unauthorized') => new StatusError(401, 'Unauthorized', message);
export const newForbidden = (gr: GroupResource, name: string, why: string) =>
  new StatusError(
    403,
    'Forbidden',
    gr.resource || gr.group ? `${grString(gr)}${name ? ` "${name}"` : ''} is forbidden: ${why}` : `forbidden: ${why}`,
    details(gr, name),
  );
export const newMethodNotAllowed = (message: string) => new StatusError(405, 'MethodNotAllowed', message);
export const newNotAcceptable = (message: string) => new StatusError(406, 'NotAcceptable', message);
export const newGone = (message: string) => new StatusError(410, 'Gone', message);
export const newExpired = (message: string) => new StatusError(410, 'Expired', message);
export const newTooLarge = (message: string) => new StatusError(413, 'RequestEntityTooLarge', message);
export const newUnsupportedMediaType = (message: string) => new StatusError(415, 'UnsupportedMediaType', message);
export const newTooManyRequests = (message: string, retryAfterSeconds = 1) =>
  new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds });
export const newInternalError = (message: string) =>
  new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
export const newServiceUnavailable = (message: string) => new StatusError(503, 'ServiceUnavailable', message);
export const newTimeout = (message: string, retryAfterSeconds = 1) =>
  new StatusError(504, 'Timeout', message, { retryAfterSeconds });
/** A read at a resourceVersion the store has not reached (upstream: NewTooLargeResourceVersionError). */
export const newTooLargeResourceVersion = (wanted: number, current: number) =>
  new StatusError(504, 'Timeout', `Timeout: Too large resource version: ${wanted}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });

/** Group and Kind, as used in 422 Invalid errors: "Deployment.apps". */
export interface GroupKind {
  group: string;
  kind: string;
}

export function newInvalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const qk = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
  // An empty name is left out, as Go's omitempty leaves it out of upstream's Status.
  const d: StatusDetails = name ? { name } : {};
  if (gk.group) d.group = gk.group;
  d.kind = gk.kind;
  d.causes = errs.map((e) => {
    const c: StatusCause = { reason: e.type, message: fieldErrorBody(e) };
    if (e.field) c.field = e.field;
    return c;
  });
  return new StatusError(422, 'Invalid', `${qk} "${name}" is invalid: ${aggregateMessage(errs)}`, d);
}
