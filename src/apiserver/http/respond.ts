// Writing responses: JSON objects, pre-encoded JSON bytes and Status errors.
import type { ServerResponse } from 'node:http';
import { StatusError, newInternalError, type Status } from '../../api/errors.js';

export function setWarnings(res: ServerResponse, warnings: readonly string[]): void {
  if (!warnings.length || res.headersSent) return;
  res.setHeader(
    'Warning',
    warnings.map((w) => `299 - ${JSON.stringify(w)}`),
  );
}

export function sendBytes(res: ServerResponse, code: number, body: Buffer | string, contentType = 'application/json'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': buf.length, 'Cache-Control': 'no-cache, private' });
  res.end(buf);
}

export function sendJson(res: ServerResponse, code: number, obj: unknown): void {
  sendBytes(res, code, JSON.stringify(obj));
}

export function statusOf(err: unknown): Status {
  if (err instanceof StatusError) return err.toStatus();
  return newInternalError(err instanceof Error ? err.message : String(err)).toStatus();
}

export function sendError(res: ServerResponse, err: unknown): Status {
  const status = statusOf(err);
  if (status.code === 429 && status.details?.retryAfterSeconds && !res.headersSent) {
    res.setHeader('Retry-After', String(status.details.retryAfterSeconds));
  }
  sendJson(res, status.code, status);
  return status;
}

export function successStatus(details?: Record<string, unknown>): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}
