// Raw HTTPS requests to a test server with the admin client certificate (or a token / none).
import https from 'node:https';
import type { TestServer } from './test-server.js';

export interface RawResponse {
  readonly code: number;
  readonly headers: import('node:http').IncomingHttpHeaders;
  readonly body: Buffer;
  json(): any;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly body?: string | Buffer | object;
  readonly headers?: Record<string, string>;
  /** 'admin' (client cert, default), 'none' (anonymous), or a bearer token. */
  readonly auth?: 'admin' | 'none' | { token: string };
}

export function request(s: TestServer, r: RawRequest): Promise<RawResponse> {
  const url = new URL(s.url);
  const auth = r.auth ?? 'admin';
  let body: Buffer | undefined;
  const headers: Record<string, string> = { accept: 'application/json', ...(r.headers ?? {}) };
  if (r.body !== undefined) {
    body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(body.length);
  }
  if (typeof auth === 'object') headers.authorization = `Bearer ${auth.token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: r.path,
        method: r.method ?? 'GET',
        headers,
        ca: s.ca,
        ...(auth === 'admin' ? { cert: s.adminCert, key: s.adminKey } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          resolve({ code: res.statusCode ?? 0, headers: res.headers, body: buf, json: () => JSON.parse(buf.toString('utf8')) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface WatchStream {
  readonly events: any[];
  /** Resolves when at least n events have arrived (or rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<any[]>;
  close(): void;
  readonly ended: Promise<void>;
}

export function watch(s: TestServer, path: string): Promise<WatchStream> {
  const url = new URL(s.url);
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    const waiters: Array<() => void> = [];
    let endResolve!: () => void;
    const ended = new Promise<void>((r) => (endResolve = r));
    const req = https.request(
      { host: url.hostname, port: url.port, path, method: 'GET', ca: s.ca, cert: s.adminCert, key: s.adminKey, agent: false, headers: { accept: 'application/json' } },
      (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(new Error(`watch ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`)));
          return;
        }
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.trim()) events.push(JSON.parse(line));
          }
          for (const w of waiters.splice(0)) w();
        });
        res.on('end', () => endResolve());
        res.on('close', () => endResolve());
        resolve({
          events,
          ended,
          close: () => req.destroy(),
          waitFor(n, timeoutMs = 5000) {
            return new Promise((res2, rej2) => {
              const deadline = setTimeout(() => rej2(new Error(`timed out waiting for ${n} events on ${path}; got ${JSON.stringify(events.map((e) => e.type))}`)), timeoutMs);
              const check = () => {
                if (events.length >= n) {
                  clearTimeout(deadline);
                  res2(events);
                } else waiters.push(check);
              };
              check();
            });
          },
        });
      },
    );
    req.on('error', (e) => {
      endResolve();
      reject(e);
    });
    req.end();
  });
}
