// The audit log: one JSON line per request (user, verb, resource, name, code, latency, and the
// annotations admission added), appended to a file under the data dir in batches (like
// upstream's batching audit backend): lines are buffered and written every `flushMs` or once
// `maxBufferBytes` have gathered.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditRecord {
  /** The authenticated client. */
  readonly user: string;
  /** The user it acted as, when it impersonated one. */
  readonly impersonatedUser?: string;
  readonly verb: string;
  readonly path: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly code: number;
  readonly latencyMs: number;
  /** What admission recorded for the request (upstream's audit annotations). */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface AuditLog {
  record(r: AuditRecord): void;
  close(): Promise<void>;
}

export interface FileAuditLogOptions {
  readonly now?: () => number;
  /** The longest a line waits in memory (default 50 ms). */
  readonly flushMs?: number;
  /** Write at once when this much is buffered (default 64 KiB). */
  readonly maxBufferBytes?: number;
}

export class FileAuditLog implements AuditLog {
  private readonly out: WriteStream;
  private readonly now: () => number;
  private readonly flushMs: number;
  private readonly maxBufferBytes: number;
  private lines: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(file: string, opts: FileAuditLogOptions = {}) {
    mkdirSync(dirname(file), { recursive: true });
    this.out = createWriteStream(file, { flags: 'a' });
    this.out.on('error', () => undefined);
    this.now = opts.now ?? Date.now;
    this.flushMs = opts.flushMs ?? 50;
    this.maxBufferBytes = opts.maxBufferBytes ?? 64 * 1024;
  }

  record(r: AuditRecord): void {
    // Fields in this order, the empty ones left out (assignments: spreads cost more per request).
    const line: Record<string, string | number> = { ts: new Date(this.now()).toISOString(), user: r.user };
    if (r.impersonatedUser !== undefined) line.impersonatedUser = r.impersonatedUser;
    line.verb = r.verb;
    line.path = r.path;
    if (r.group) line.group = r.group;
    if (r.resource) line.resource = r.resource;
    if (r.subresource) line.subresource = r.subresource;
    if (r.namespace) line.namespace = r.namespace;
    if (r.name) line.name = r.name;
    line.code = r.code;
    line.latencyMs = Math.round(r.latencyMs * 1000) / 1000;
    const out: Record<string, unknown> = line;
    if (r.annotations) out.annotations = r.annotations;
    const text = JSON.stringify(line) + '\n';
    this.lines.push(text);
    this.bytes += text.length;
    if (this.bytes >= this.maxBufferBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => this.out.end(resolve));
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    this.out.write(this.lines.join(''));
    this.lines = [];
    this.bytes = 0;
  }
}
