// Writing responses: JSON objects, pre-encoded JSON bytes and Status errors.
import type { ServerResponse } from 'node:http';
import { StatusError, newInternalError, type Status } from '../../api/errors.js';

/** Each warning is cut to this many characters, and all of them to WARNINGS_TOTAL. */
const WARNING_MAX = 256;
const WARNINGS_TOTAL = 4096;

/** A warning as header-safe text: quoted, non-ASCII and control characters escaped. */
function warningValue(w: string): string {
  const cut = w.length > WARNING_MAX ? `${w.slice(0, WARNING_MAX)}...` : w;
  const quoted = JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `299 - ${quoted}`;
}

export function setWarnings(res: ServerResponse, warnings: readonly string[]): void {
  if (!warnings.length || res.headersSent) return;
  const values: string[] = [];
  let total = 0;
  for (const w of new Set(warnings)) {
    const v = warningValue(w);
    if (total + v.length > WARNINGS_TOTAL) break;
    total += v.length;
    values.push(v);
  }
  res.setHeader('Warning', values);
}

export function sendBytes(res: ServerResponse, code: number, body: Buffer | string, contentType = 'application/json', cacheControl = 'no-cache, private'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': buf.length, 'Cache-Control': cacheControl });
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
