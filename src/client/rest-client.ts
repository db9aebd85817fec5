// Requests to the API server: JSON in and out, query strings, upstream Status errors, and
// retries of "try again later" answers (429, or 5xx with Retry-After) like client-go.
import { sleep, realClock, type Clock } from './clock.js';
import { statusErrorFrom } from './errors.js';
import type { Transport, TransportResponse } from './transport.js';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  /** Content type of the body (default application/json). */
  readonly contentType?: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly signal?: AbortSignal;
  /** Fail when no response headers arrive in time (default: the client's requestTimeoutMs). */
  readonly timeoutMs?: number;
}

export interface RestClientOptions {
  /** How often a 429 / Retry-After answer is retried (default 10, as client-go). */
  readonly maxRetries?: number;
  /** Default per-request timeout in ms (default 60 000; 0: none). Watches have none. */
  readonly requestTimeoutMs?: number;
  readonly clock?: Clock;
}

export class RestClient {
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(
    readonly transport: Transport,
    opts: RestClientOptions = {},
  ) {
    this.maxRetries = opts.maxRetries ?? 10;
    this.timeoutMs = opts.requestTimeoutMs ?? 60_000;
    this.clock = opts.clock ?? realClock;
  }

  /** Sends a request and returns the parsed JSON body; non-2xx answers throw StatusError. */
  async request<T = unknown>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, body, opts);
    const text = await res.text();
    if (res.status < 200 || res.status > 299) throw statusErrorFrom(res.status, tryParse(text), text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Starts a streaming GET (watch); a non-2xx answer throws StatusError. The caller reads the body. */
  async stream(path: string, opts: RequestOptions = {}): Promise<TransportResponse> {
    const res = await this.send('GET', path, undefined, { ...opts, timeoutMs: opts.timeoutMs ?? this.timeoutMs });
    if (res.status >= 200 && res.status <= 299) return res;
    const text = await res.text();
    throw statusErrorFrom(res.status, tryParse(text), text);
  }

  private async send(method: string, path: string, body: unknown, opts: RequestOptions): Promise<TransportResponse> {
    const full = path + queryString(opts.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    let buf: Buffer | undefined;
    if (body !== undefined) {
      buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    for (let attempt = 0; ; attempt++) {
      const res = await this.transport.send({ method, path: full, headers, body: buf, signal: opts.signal, timeoutMs: opts.timeoutMs ?? this.timeoutMs });
      const retryAfter = retryAfterSeconds(res);
      if (retryAfter === undefined || attempt >= this.maxRetries) return res;
      await res.text().catch(() => '');
      await sleep(this.clock, retryAfter * 1000, opts.signal);
    }
  }
}

function retryAfterSeconds(res: TransportResponse): number | undefined {
  const h = res.headers['retry-after'];
  const secs = typeof h === 'string' && /^\d+$/.test(h) ? Number(h) : undefined;
  if (res.status === 429) return secs ?? 1;
  if (res.status >= 500 && secs !== undefined) return secs;
  return undefined;
}

export function queryString(q: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
