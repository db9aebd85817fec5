// HTTPS to the API server over one keep-alive agent, with the kubeconfig's TLS material and
// credentials. Responses are streamed so watches can be read line by line.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { ConnectionError } from './errors.js';
import type { ClientConfig } from './kubeconfig.js';

export interface TransportRequest {
  readonly method: string;
  /** Path and query, e.g. /api/v1/pods?limit=10 */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly signal?: AbortSignal;
  /** Fail if no response headers arrive within this many ms (0: no limit). */
  readonly timeoutMs?: number;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as a stream of chunks; read it to the end or call abort(). */
  readonly body: AsyncIterable<Buffer>;
  text(): Promise<string>;
  abort(): void;
}

/** Sends one request and hands back the response as it starts to arrive. */
export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  /** Closes idle connections; requests in flight finish. */
  close(): void;
}

export interface HttpsTransportOptions {
  /** Upper bound on sockets (default: no bound; watches each hold one). */
  readonly maxSockets?: number;
  readonly userAgent?: string;
}

export class HttpsTransport implements Transport {
  private readonly agent: https.Agent;
  private readonly url: URL;
  private readonly userAgent: string;

  constructor(
    private readonly config: ClientConfig,
    opts: HttpsTransportOptions = {},
  ) {
    this.url = new URL(config.server);
    this.userAgent = opts.userAgent ?? 'k8ts-client/0.1.0';
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: opts.maxSockets ?? Infinity,
      maxFreeSockets: 256,
      // One TLS context for every connection: without it each new socket parses the key and
      // certificates again (a busy component opens many when its requests burst).
      secureContext: tls.createSecureContext({ ca: config.ca, cert: config.cert, key: config.key }),
      rejectUnauthorized: !config.insecureSkipTLSVerify,
      servername: config.tlsServerName,
    });
  }

  send(req: TransportRequest): Promise<TransportResponse> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...(req.headers ?? {}) };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (req.body) headers['content-length'] = String(req.body.length);
    const prefix = this.url.pathname === '/' ? '' : this.url.pathname.replace(/\/+$/, '');
    return new Promise((resolve, reject) => {
      if (req.signal?.aborted) return reject(req.signal.reason);
      const r = https.request({
        agent: this.agent,
        host: this.url.hostname.replace(/^\[|\]$/g, ''),
        port: this.url.port || 443,
        method: req.method,
        path: prefix + req.path,
        headers,
      });
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => r.destroy(abortError(req.signal));
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      if (req.timeoutMs) timer = setTimeout(() => r.destroy(new ConnectionError(`${req.method} ${req.path}: no response within ${req.timeoutMs} ms`)), req.timeoutMs);
      r.on('error', (e) => {
        cleanup();
        if (req.signal?.aborted) reject(req.signal.reason);
        else reject(e instanceof ConnectionError ? e : new ConnectionError(`${req.method} ${this.config.server}${req.path}: ${e.message}`, { cause: e }));
      });
      r.on('response', (res: IncomingMessage) => {
        if (timer) clearTimeout(timer);
        res.on('close', cleanup);
        res.on('error', () => {});
        resolve(wrap(res, () => r.destroy()));
      });
      r.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

function wrap(res: IncomingMessage, abort: () => void): TransportResponse {
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: res,
    abort,
    async text() {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
