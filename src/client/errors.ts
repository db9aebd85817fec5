// Client-side errors. Failures the API server reports are StatusError (src/api/errors.ts), built
// from the response's Status; these cover what happens before a Status exists.
import { StatusError, type Status, type StatusReason } from '../api/errors.js';

export { StatusError, isStatusError } from '../api/errors.js';

const BRAND = Symbol.for('k8ts.client.ConnectionError');

/** The request did not get an HTTP response (refused, reset, TLS failure, timeout). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  readonly code = 'CONNECTION_FAILED';
  readonly [BRAND] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }
}

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A StatusError from a response: its Status body when it has one, else one made from the code. */
export function statusErrorFrom(code: number, body: unknown, fallbackText = ''): StatusError {
  const s = body as Partial<Status> | undefined;
  if (s && typeof s === 'object' && s.kind === 'Status') {
    return new StatusError(typeof s.code === 'number' && s.code ? s.code : code, (s.reason ?? '') as StatusReason, s.message ?? '', s.details);
  }
  const text = fallbackText.trim();
  return new StatusError(code, REASON_BY_CODE[code] ?? '', text || `the server responded with status ${code}`);
}

export const isNotFound = (e: unknown): boolean => e instanceof StatusError && e.code === 404;
export const isAlreadyExists = (e: unknown): boolean => e instanceof StatusError && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown): boolean => e instanceof StatusError && e.reason === 'Conflict';
/** 410: the requested resourceVersion is older than the server keeps (relist). */
export const isExpired = (e: unknown): boolean => e instanceof StatusError && e.code === 410;
export const isInvalid = (e: unknown): boolean => e instanceof StatusError && e.reason === 'Invalid';
export const isTooManyRequests = (e: unknown): boolean => e instanceof StatusError && e.code === 429;

/** A call the client cannot make as asked (e.g. a namespaced resource without a namespace). */
export class ClientUsageError extends Error {
  override readonly name = 'ClientUsageError';
  readonly code = 'CLIENT_USAGE';
}
